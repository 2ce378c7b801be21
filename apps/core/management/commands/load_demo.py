from django.core.management.base import BaseCommand

from apps.content.cache import content_changed
from apps.core.demo.dashboard import load_dashboard
from apps.core.demo.foundation import DEMO_PASSWORD, load_foundation
from apps.core.demo.micado_pilot import load_micado_pilot
from apps.core.demo.municipality import load_municipality
from apps.core.demo.ngos import load_ngos


class Command(BaseCommand):
    help = "Load the demo municipality Lindenfeld with organisations and one account per role."

    def handle(self, *args, **options):
        accounts = load_foundation()
        municipality = load_municipality()
        self.stdout.write(f"Lindenfeld demo content: {municipality.summary()}")
        ngos = load_ngos()
        self.stdout.write("Lindenfeld NGOs: " + ", ".join(f"{v} {k}" for k, v in ngos.items()))
        load_dashboard()
        pilot = load_micado_pilot()
        content_changed()  # cached pages show the loaded content at once
        self.stdout.write(
            f"MICADO pilot region {pilot.region.name} ({pilot.region.code}): "
            + ("imported." if pilot.changed else "up to date.")
        )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:<28} {account.role}")
