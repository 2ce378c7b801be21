from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.dashboard.management.commands._progress import ProgressBar
from apps.dashboard.services import import_file


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument(
            "--force", action="store_true", help="Import again even if this file was imported."
        )

    def run_import(self, path: str, *, mapping: str = "", force: bool = False):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        outcome = import_file(
            kind=self.kind,
            content=file.read_bytes(),
            file_name=file.name,
            mapping=mapping,
            force=force,
            progress=ProgressBar(self.stderr._out),
        )
        batch = outcome.batch
        if outcome.duplicate:
            self.stdout.write(
                f"{file.name} was already imported as batch #{batch.pk}; nothing changed "
                "(use --force to check it again)."
            )
            return outcome
        if not outcome.ok:
            raise CommandError(
                f"Nothing imported from {file.name} (batch #{batch.pk}):\n"
                + "\n".join(f"  line {line}: {message}" for line, message in batch.errors)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Batch #{batch.pk}: {batch.rows_read} rows read, "
                f"{batch.observations_created} observations created, "
                f"{batch.observations_updated} updated, {outcome.unchanged} unchanged."
            )
        )
        return outcome
