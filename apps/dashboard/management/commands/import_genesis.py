from apps.dashboard.importers.genesis import mapping_names
from apps.dashboard.management.commands._base import ImportCommand
from apps.dashboard.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import a Destatis GENESIS table CSV through a mapping (apps/dashboard/mappings/). "
        "The mapping is found from the table number unless --mapping names one."
    )
    kind = ImportKind.GENESIS

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--mapping",
            default="",
            help=f"A mapping name ({', '.join(mapping_names())}) or the path of a TOML file.",
        )

    def handle(self, *args, **options):
        self.run_import(options["path"], mapping=options["mapping"], force=options["force"])
