from django.core.management.base import BaseCommand

from apps.dashboard.services import indicator_catalogue_sync, shipped_data_import


class Command(BaseCommand):
    help = (
        "Create or update the indicator catalogue and import the shipped Destatis tables "
        "and Königstein keys (files already imported are skipped)."
    )

    def handle(self, *args, **options):
        n = indicator_catalogue_sync()
        self.stdout.write(f"{n} indicators in the catalogue.")
        for outcome in shipped_data_import():
            batch = outcome.batch
            state = "already imported" if outcome.duplicate else batch.get_status_display()
            self.stdout.write(f"  {batch.file_name}: {state} (batch #{batch.pk})")
