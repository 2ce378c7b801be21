"""The base of every project management command: it speaks the operator's language.

Without it a command prints in LANGUAGE_CODE (German) whatever the shell's locale. Run
from the shell (`manage.py ...`), the language is, in this order: `--language CODE`; the
first of the POSIX variables LANGUAGE (a colon-separated list), LC_ALL, LC_MESSAGES, LANG
that names a language this deployment offers (`de_DE.UTF-8` → de, `zh_CN` → zh-hans,
`fa_AF` → prs); English for the "C"/"POSIX" locale (gettext's untranslated messages); else
LANGUAGE_CODE. Called from code (`call_command`), a command keeps the caller's active
language unless `language=` is given: the shell's variables are not the caller's choice.

    from apps.core.management.base import BaseCommand

    class Command(BaseCommand):
        ...
"""

import os

from django.conf import settings
from django.core.management import base
from django.utils import translation
from django.utils.translation import gettext as _

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _supported(tag: str) -> str | None:
    """Our language code for a POSIX locale name or a language tag, or None."""
    tag = tag.split(".")[0].split("@")[0].replace("_", "-").lower()
    if not tag:
        return None
    aliases = getattr(settings, "MICADO_LANGUAGE_ALIASES", {})
    tag = aliases.get(tag, tag)
    codes = {code.lower(): code for code, _name in settings.LANGUAGES}
    if tag in codes:
        return codes[tag]
    base_tag = tag.split("-")[0]
    base_tag = aliases.get(base_tag, base_tag)
    return codes.get(base_tag)


def command_language(requested: str | None = None, environ=None) -> str:
    """The language a command speaks (see the module's docstring)."""
    if requested:
        code = _supported(requested)
        if code is None:
            raise base.CommandError(
                _("The language %(language)s is not offered here; choose one of %(codes)s.")
                % {
                    "language": requested,
                    "codes": ", ".join(code for code, _name in settings.LANGUAGES),
                }
            )
        return code
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for tag in value.split(":") if variable == "LANGUAGE" else [value]:
            if tag.split(".")[0] in ("C", "POSIX"):
                return "en" if any(c == "en" for c, _n in settings.LANGUAGES) else tag
            code = _supported(tag)
            if code:
                return code
        if variable != "LANGUAGE":
            break  # the first locale variable set decides, as in POSIX
    return settings.LANGUAGE_CODE


class LanguageMixin:
    """Adds `--language` and runs the command (its help too) in the operator's language.
    A command whose own `--language` names the content's language (`export_translations`,
    `render_audio`) gets the operator's language as `--interface-language` instead."""

    # A class attribute, known before the parser exists (run_from_argv reads it first).
    language_option = "--language"

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            self.language_option,
            dest="interface_language",
            help=_(
                "The language of the messages (default: from LANGUAGE, LC_ALL, LC_MESSAGES "
                "or LANG, else the site's default language)."
            ),
        )
        return parser

    def run_from_argv(self, argv):
        # The help text is built before execute(): choose the language from argv first.
        requested = None
        option = self.language_option
        for i, arg in enumerate(argv):
            if arg == option and i + 1 < len(argv):
                requested = argv[i + 1]
            elif arg.startswith(option + "="):
                requested = arg.split("=", 1)[1]
        try:
            language = command_language(requested)
        except base.CommandError:
            language = command_language()  # execute() reports the bad value
        with translation.override(language):
            return super().run_from_argv(argv)

    def execute(self, *args, **options):
        requested = options.get("interface_language")
        if requested is None and self.language_option == "--language":
            requested = options.get("language")  # call_command(..., language="ar")
        if not requested:
            return super().execute(*args, **options)
        with translation.override(command_language(requested)):
            return super().execute(*args, **options)


class BaseCommand(LanguageMixin, base.BaseCommand):
    pass
