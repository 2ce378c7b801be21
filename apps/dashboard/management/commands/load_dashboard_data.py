from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.dashboard.services import indicator_catalogue_sync, shipped_data_import


class Command(BaseCommand):
    help = (
        "Create or update the indicator catalogue and import the shipped Destatis tables "
        "and Königstein keys (files already imported are skipped)."
    )

    def handle(self, *args, **options):
        n = indicator_catalogue_sync()
        self.stdout.write(_("%(n)d indicators in the catalogue.") % {"n": n})
        for outcome in shipped_data_import():
            batch = outcome.batch
            if outcome.duplicate:
                state = _("already imported")
            elif outcome.ok:
                state = batch.get_status_display()
            else:
                state = _("nothing imported: %(errors)s") % {
                    "errors": "; ".join(
                        _("line %(line)d: %(message)s") % {"line": line, "message": message}
                        for line, message in batch.errors
                    )
                }
            if batch.pk:
                self.stdout.write(
                    _("  %(file)s: %(state)s (batch #%(id)d)")
                    % {"file": batch.file_name, "state": state, "id": batch.pk}
                )
            else:
                self.stdout.write(
                    _("  %(file)s: %(state)s") % {"file": batch.file_name, "state": state}
                )
