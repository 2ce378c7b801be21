"""Management commands speak the operator's language: --language, else LANGUAGE, LC_ALL,
LC_MESSAGES or LANG, else the site's default (German); every project command does so.

The shell cases run `manage.py` for real (a cut MICADO dump fails while it is read, before
the database is touched, with an already translated message)."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import translation

from apps.core.management.base import LanguageMixin, command_language

ROOT = Path(__file__).resolve().parents[2]
GERMAN = "Es wurde nichts importiert."
ENGLISH = "Nothing was imported."
ARABIC = "لم يُستورد أي شيء."


@pytest.fixture(scope="module")
def cut_dump(tmp_path_factory):
    text = (ROOT / "tests/data/micado/micado-2021-03-31.sql").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("dump") / "cut.sql"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


def manage(*args, **variables) -> str:
    """Run manage.py in a shell with only these locale variables; return what it printed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.update(variables, DJANGO_SETTINGS_MODULE="micado.settings.test")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variables", "options", "expected"),
    [
        ({}, [], GERMAN),  # no locale: the site's default language
        ({"LANG": "en_GB.UTF-8"}, [], ENGLISH),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "ar_SA.UTF-8"}, [], ARABIC),
        ({"LANG": "de_DE.UTF-8"}, ["--language", "en"], ENGLISH),
    ],
    ids=["default", "LANG", "LC_ALL", "--language"],
)
def test_the_shell_chooses_the_language(cut_dump, variables, options, expected):
    output = manage("import_micado", str(cut_dump), *options, **variables)
    assert expected in output, output[-500:]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ar_SA.UTF-8"}, "ar"),
        ({"LANGUAGE": "fr:ar", "LANG": "de_DE.UTF-8"}, "ar"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "de"),  # not offered: the site's language
        ({"LANG": "zh_CN.UTF-8"}, "zh-hans"),
        ({"LC_ALL": "fa_AF.UTF-8"}, "prs"),
        ({"LANG": "ur_PK"}, "ur"),
        ({}, "de"),
    ],
)
def test_locale_variables_map_to_our_languages(settings, environ, expected):
    settings.LANGUAGE_CODE = "de"
    assert command_language(environ=environ) == expected


def test_language_option_of_call_command_wins_over_the_active_language(cut_dump):
    with translation.override("de"):
        for language, expected in (("en", ENGLISH), ("ar", ARABIC), ("zh-Hans", None)):
            with pytest.raises(CommandError) as info:
                call_command(
                    "import_micado",
                    str(cut_dump),
                    language=language,
                    stdout=StringIO(),
                    stderr=StringIO(),
                )
            if expected:
                assert str(info.value).startswith(expected)
        assert translation.get_language() == "de"  # nothing leaks out of the command


def test_unknown_language_is_a_clear_error(cut_dump):
    with pytest.raises(CommandError, match="The language xx is not offered here"):
        call_command("import_micado", str(cut_dump), language="xx", stdout=StringIO())


def test_every_project_command_speaks_the_operators_language():
    project = {name: app for name, app in get_commands().items() if app.startswith("apps.")}
    assert {"import_micado", "import_weblate", "import_genesis", "load_demo"} <= set(project)
    for name, app in project.items():
        command = load_command_class(app, name)
        assert isinstance(command, LanguageMixin), f"{app}: {name} must use apps.core's BaseCommand"
        assert "--language" in command.create_parser("manage.py", name).format_help(), name
