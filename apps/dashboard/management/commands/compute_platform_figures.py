from django.core.management.base import BaseCommand

from apps.dashboard.services import platform_figures_compute


class Command(BaseCommand):
    help = "Count the platform's own figures per region (what Celery beat runs every night)."

    def handle(self, *args, **options):
        outcome = platform_figures_compute()
        batch = outcome.batch
        if outcome.duplicate:
            self.stdout.write(f"Unchanged since batch #{batch.pk}.")
        else:
            self.stdout.write(
                f"Batch #{batch.pk}: {batch.observations_created} observations created, "
                f"{batch.observations_updated} updated, {outcome.unchanged} unchanged."
            )
