"""Management commands speak the operator's language: --language, else LANGUAGE, LC_ALL,
LC_MESSAGES or LANG, else the site's default (German); every project command does so."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import translation

from apps.core.management.base import LanguageMixin, command_language

pytestmark = pytest.mark.django_db

GERMAN = "Es gibt keine Region mit dem Schlüssel 99-NOPE."
ENGLISH = "There is no region with the code 99-NOPE."
ARABIC = "لا توجد منطقة بالرمز 99-NOPE."


@pytest.fixture
def no_locale(monkeypatch):
    """A shell without locale variables, and no language active (as `manage.py` starts)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    translation.deactivate()
    yield monkeypatch
    translation.activate("en")


def failing_import(**options) -> str:
    with pytest.raises(CommandError) as info:
        call_command(
            "import_weblate",
            "x.json",
            region="99-NOPE",
            stdout=StringIO(),
            stderr=StringIO(),
            **options,
        )
    return str(info.value)


def test_default_is_the_sites_language(no_locale):
    assert failing_import() == GERMAN


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, ENGLISH),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, ENGLISH),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ar_SA.UTF-8"}, ARABIC),
        ({"LANGUAGE": "fr:ar", "LANG": "de_DE.UTF-8"}, ARABIC),
        ({"LANG": "C.UTF-8"}, ENGLISH),
        ({"LANG": "fr_FR.UTF-8"}, GERMAN),  # not offered: the site's language
    ],
)
def test_locale_variables_choose_the_language(no_locale, variables, expected):
    for name, value in variables.items():
        no_locale.setenv(name, value)
    assert failing_import() == expected


def test_language_option_wins_over_the_environment(no_locale):
    no_locale.setenv("LANG", "de_DE.UTF-8")
    assert failing_import(language="en") == ENGLISH
    assert failing_import(language="ar") == ARABIC


def test_unknown_language_option_is_a_clear_error(no_locale):
    no_locale.setenv("LANG", "en_GB.UTF-8")
    message = failing_import(language="xx")
    assert "The language xx is not offered here" in message


def test_language_codes_map_to_ours(settings):
    env = {"LANG": "zh_CN.UTF-8"}
    assert command_language(environ=env) == "zh-hans"
    assert command_language(environ={"LC_ALL": "fa_AF.UTF-8"}) == "prs"
    assert command_language(environ={"LANG": "ur_PK"}) == "ur"
    assert command_language("zh-Hans", environ={}) == "zh-hans"
    assert command_language(environ={}) == settings.LANGUAGE_CODE


def test_the_language_does_not_leak_out_of_the_command(no_locale):
    translation.activate("it")
    no_locale.setenv("LANG", "en_GB.UTF-8")
    failing_import()
    assert translation.get_language() == "it"


def test_every_project_command_speaks_the_operators_language():
    project = {name: app for name, app in get_commands().items() if app.startswith("apps.")}
    assert {"import_micado", "import_weblate", "import_genesis", "load_demo"} <= set(project)
    for name, app in project.items():
        command = load_command_class(app, name)
        assert isinstance(command, LanguageMixin), f"{app}: {name} must use apps.core's BaseCommand"
        parser = command.create_parser("manage.py", name)
        assert "--language" in parser.format_help(), name
