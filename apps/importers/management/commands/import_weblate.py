from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.importers.micado import PILOT_REGION, ImportFailed
from apps.importers.weblate import weblate_import
from apps.regions.models import Region


class Command(BaseCommand):
    help = "Import MICADO Weblate files (<component>.<lang>.json) as translations."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, directories or .tar.gz archives.")
        parser.add_argument(
            "--region",
            default=PILOT_REGION[0],
            help="Code of the region the MICADO dump was imported into (default: %(default)s).",
        )

    def handle(self, *args, paths, region, **options):
        owner = Region.objects.filter(code=region).first()
        if owner is None:
            raise CommandError(_("There is no region with the code %(code)s.") % {"code": region})
        try:
            result = weblate_import(paths, region=owner)
        except ImportFailed as exc:
            raise CommandError(
                _("Nothing was imported. %(reason)s") % {"reason": exc.message}
            ) from exc
        self.stdout.write(
            _(
                "%(files)d files, %(keys)d keys: %(updated)d texts updated, %(unchanged)d "
                "unchanged, %(skipped)d skipped."
            )
            % {
                "files": result.files,
                "keys": result.keys,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
            }
        )
        for p in result.problems:
            self.stdout.write(
                _("  %(file)s, line %(line)d, key %(key)s: %(message)s")
                % {"file": p.file, "line": p.line, "key": p.key, "message": p.message}
            )
        if not result.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Nothing changed: the translations are up to date."))
            )
