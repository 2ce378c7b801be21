from apps.dashboard.management.commands._base import ImportCommand
from apps.dashboard.models import ImportKind


class Command(ImportCommand):
    help = "Import a long CSV (columns region, indicator, period, value[, flag])."
    kind = ImportKind.LONG_CSV

    def handle(self, *args, **options):
        self.run_import(options["path"], force=options["force"])
