from django.utils.translation import gettext as _

from apps.core.management.base import BaseCommand
from apps.dashboard.services import platform_figures_compute


class Command(BaseCommand):
    help = "Count the platform's own figures per region (what Celery beat runs every night)."

    def handle(self, *args, **options):
        outcome = platform_figures_compute()
        batch = outcome.batch
        if outcome.duplicate:
            self.stdout.write(_("Unchanged since batch #%(id)d.") % {"id": batch.pk})
        else:
            self.stdout.write(
                _(
                    "Batch #%(id)d: %(created)d observations created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "id": batch.pk,
                    "created": batch.observations_created,
                    "updated": batch.observations_updated,
                    "unchanged": outcome.unchanged,
                }
            )
