from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.importers.micado import PILOT_REGION, ImportFailed, micado_import
from apps.importers.progress import ProgressBar, format_table


class Command(BaseCommand):
    help = "Import a MICADO database dump (PostgreSQL, plain INSERT statements)."

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="The .sql file made by pg_dump --inserts.")
        parser.add_argument(
            "--region",
            default=PILOT_REGION[0],
            help="Code of the region that owns the content (default: %(default)s, the "
            "Antwerp pilot region, created if missing).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and map everything, then roll back."
        )

    def handle(self, *args, dump: Path, region: str, dry_run: bool, **options):
        bar = ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else None)
        try:
            result = micado_import(dump, region=region, dry_run=dry_run, progress=bar)
        except ImportFailed as exc:
            bar.close()
            raise CommandError(
                _("Nothing was imported. %(reason)s") % {"reason": exc.message}
            ) from exc
        bar.close()
        self.stdout.write(format_table(result.table()))
        if result.skipped_languages:
            self.stdout.write(
                _("Languages skipped (not offered here): %(list)s")
                % {
                    "list": ", ".join(
                        f"{code} ({n})" for code, n in sorted(result.skipped_languages.items())
                    )
                }
            )
        if result.problems:
            self.stdout.write(_("Rows not imported:"))
            for p in result.problems:
                self.stdout.write(
                    _("  line %(line)d (%(table)s): %(message)s")
                    % {"line": p.line, "table": p.table, "message": p.message}
                )
        if result.notes:
            self.stdout.write(_("Imported with changes:"))
            for p in result.notes:
                self.stdout.write(
                    _("  line %(line)d (%(table)s): %(message)s")
                    % {"line": p.line, "table": p.table, "message": p.message}
                )
        if dry_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was saved.")))
        elif result.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Imported into %(region)s.") % {"region": result.region.name})
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Nothing changed: the content is up to date.")))
