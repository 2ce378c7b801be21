from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.regions.services import RegionImportError, region_import_csv


class Command(BaseCommand):
    help = (
        "Load districts (Kreise) and municipalities (Gemeinden) from a CSV file with the "
        "columns code, name and optionally postcodes. All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": csv_file, "error": exc}
            ) from exc
        try:
            result = region_import_csv(text=text)
        except RegionImportError as exc:
            raise CommandError(
                _("Nothing was imported. Fix these lines:") + "\n" + str(exc)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(read)d rows read: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "read": result.read,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
