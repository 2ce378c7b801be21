from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.translations.exchange.services import ImportRefused, exchange_import
from apps.translations.models import State


class Command(BaseCommand):
    language_option = "--interface-language"  # --language is the content's
    help = "Import a translated XLIFF 1.2, XLIFF 2.0 or PO file exported by export_translations."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--confirm-changed",
            action="store_true",
            help="Also apply units whose source text changed since the export.",
        )
        parser.add_argument(
            "--in-translation",
            action="store_true",
            help="Mark the imported texts as in translation instead of translated.",
        )
        parser.add_argument("--language", help="Refuse the file unless it is in this language.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")

    def handle(self, *args, file, confirm_changed, in_translation, language, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})
        try:
            report = exchange_import(
                data=path.read_bytes(),
                confirm_changed=confirm_changed,
                language=language,
                state=State.IN_TRANSLATION if in_translation else State.TRANSLATED,
                dry_run=dry_run,
            )
        except ImportRefused as exc:
            raise CommandError("\n".join(exc.lines())) from exc
        for unit in report.flagged if not confirm_changed else ():
            self.stdout.write(_("  flagged: %(unit)s") % {"unit": unit})
        for unit in report.rejected:
            self.stdout.write(_("  rejected: %(unit)s") % {"unit": unit})
        self.stdout.write(report.summary())
        if report.flagged and not confirm_changed:
            self.stdout.write(
                _("Flagged units were not applied; run again with --confirm-changed to apply them.")
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
