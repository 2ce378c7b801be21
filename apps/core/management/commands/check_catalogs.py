"""Fail when a translation catalog is stale, incomplete or not compiled.

Checks, for every enabled language and domain (django, djangojs):
- no fuzzy entries, no empty translations, no obsolete (#~) entries;
- the compiled .mo file holds exactly what the .po file holds;
- the .po file has every message the source code marks, and no more
  (extracts afresh with `makemessages` into a temporary copy; needs GNU
  gettext, which `--require-gettext` makes mandatory, as CI does).
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import to_locale

from apps.core.management.base import BaseCommand

DOMAINS = ("django", "djangojs")
IGNORE = [".venv", "var", "node_modules", "staticfiles", "tests", "bench"]
SOURCE_DIRS = ["apps", "micado", "templates", "static"]


class Command(BaseCommand):
    help = "Check that the translation catalogs are complete, compiled and up to date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--require-gettext",
            action="store_true",
            help="Fail instead of skipping the freshness check when GNU gettext is missing.",
        )

    def handle(self, *args, require_gettext: bool = False, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        problems: list[str] = []
        for code, _name in settings.SUPPORTED_LANGUAGES:
            for domain in DOMAINS:
                problems += self._check_po(locale_dir, to_locale(code), domain)
        if shutil.which("xgettext") and shutil.which("msgmerge"):
            problems += self._check_fresh(locale_dir)
        elif require_gettext:
            problems.append("GNU gettext (xgettext) is not installed; cannot check freshness.")
        else:
            self.stderr.write("GNU gettext not installed: freshness check skipped (CI runs it).")
        if problems:
            raise CommandError("Translation catalogs need work:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS("Translation catalogs are complete and up to date."))

    def _check_po(self, locale_dir: Path, locale: str, domain: str) -> list[str]:
        po_path = locale_dir / locale / "LC_MESSAGES" / f"{domain}.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            return [] if domain == "djangojs" else [f"{po_path}: missing"]
        po = polib.pofile(str(po_path))
        problems = []
        for entry in po:
            if entry.obsolete:
                problems.append(f"{po_path}: obsolete entry {entry.msgid!r}")
            elif entry.fuzzy:
                problems.append(f"{po_path}: fuzzy entry {entry.msgid!r}")
            elif entry.msgid_plural:
                if not all(v.strip() for v in entry.msgstr_plural.values()):
                    problems.append(f"{po_path}: untranslated plural {entry.msgid!r}")
            elif not entry.msgstr.strip():
                problems.append(f"{po_path}: untranslated {entry.msgid!r}")
        if not mo_path.exists():
            problems.append(f"{mo_path}: not compiled (run `make messages`)")
        else:
            compiled = {
                (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
                for e in polib.mofile(str(mo_path))
            }
            source = {
                (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()
            }
            compiled.pop((None, ""), None)
            if compiled != source:
                problems.append(f"{mo_path}: out of date with its .po (run `make messages`)")
        return problems

    def _check_fresh(self, locale_dir: Path) -> list[str]:
        """Extract the messages again, in a scratch tree, and compare the message ids.

        makemessages writes next to the nearest `locale/` of the files it reads,
        so it runs in a temporary directory that links to the sources.
        """
        base = Path(settings.BASE_DIR)
        problems = []
        cwd = Path.cwd()
        original_paths = settings.LOCALE_PATHS
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp)
            for name in SOURCE_DIRS:
                if (base / name).exists():
                    (scratch / name).symlink_to(base / name)
            (scratch / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
            settings.LOCALE_PATHS = [scratch / "locale"]
            try:
                os.chdir(scratch)
                for domain in DOMAINS:
                    call_command(
                        "makemessages",
                        locale=["en"],
                        domain=domain,
                        no_location=True,
                        symlinks=True,
                        ignore_patterns=IGNORE,
                        verbosity=0,
                    )
            except (CommandError, subprocess.CalledProcessError) as exc:
                return [f"makemessages failed: {exc}"]
            finally:
                os.chdir(cwd)
                settings.LOCALE_PATHS = original_paths
            for domain in DOMAINS:
                fresh_path = scratch / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
                fresh = _ids(fresh_path) if fresh_path.exists() else set()
                for locale_po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
                    current = _ids(locale_po)
                    rel = locale_po.relative_to(base)
                    for msgid in sorted(fresh - current, key=str)[:5]:
                        problems.append(f"{rel}: missing {msgid[1]!r} (run `make messages`)")
                    for msgid in sorted(current - fresh, key=str)[:5]:
                        problems.append(f"{rel}: no longer in the source {msgid[1]!r}")
                if not fresh and domain == "django":
                    problems.append("makemessages found no messages at all")
        return problems


def _ids(path: Path) -> set:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}
