from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"Cannot read {csv_file}: {exc}") from exc
        try:
            result = region_import_csv(text=text)
        except RegionImportError as exc:
            raise CommandError(f"Nothing was imported. Fix these lines:\n{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.read} rows read: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
