from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
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
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
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
                _(
                    "%(file)s was already imported as batch #%(id)d; nothing changed "
                    "(use --force to check it again)."
                )
                % {"file": file.name, "id": batch.pk}
            )
            return outcome
        if not outcome.ok:
            lines = "\n".join(
                _("  line %(line)d: %(message)s") % {"line": line, "message": message}
                for line, message in batch.errors
            )
            raise CommandError(
                _("Nothing was imported from %(file)s:") % {"file": file.name} + "\n" + lines
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Batch #%(id)d: %(read)d rows read, %(created)d observations created, "
                    "%(updated)d updated, %(unchanged)d unchanged."
                )
                % {
                    "id": batch.pk,
                    "read": batch.rows_read,
                    "created": batch.observations_created,
                    "updated": batch.observations_updated,
                    "unchanged": outcome.unchanged,
                }
            )
        )
        return outcome
