from django.utils.translation import gettext as _

from apps.core.cache import content_changed
from apps.core.management.base import BaseCommand
from apps.demo.dashboard import load_dashboard
from apps.demo.foundation import DEMO_PASSWORD, load_foundation
from apps.demo.micado_pilot import load_micado_pilot
from apps.demo.municipality import load_municipality
from apps.demo.ngos import load_ngos


class Command(BaseCommand):
    help = "Load the demo municipality Lindenfeld with organisations and one account per role."

    def handle(self, *args, **options):
        accounts = load_foundation()
        municipality = load_municipality()
        self.stdout.write(
            _("Lindenfeld demo content: %(summary)s") % {"summary": municipality.summary()}
        )
        ngos = load_ngos()
        self.stdout.write(
            _("Lindenfeld NGOs: %(summary)s")
            % {"summary": ", ".join(f"{v} {k}" for k, v in ngos.items())}
        )
        load_dashboard()
        pilot = load_micado_pilot()
        content_changed()  # cached pages show the loaded content at once
        message = (
            _("MICADO pilot region %(name)s (%(code)s): imported.")
            if pilot.changed
            else _("MICADO pilot region %(name)s (%(code)s): up to date.")
        )
        self.stdout.write(message % {"name": pilot.region.name, "code": pilot.region.code})
        self.stdout.write(self.style.SUCCESS(_("Demo content loaded.")))
        self.stdout.write(
            _("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for account in accounts:
            self.stdout.write(f"  {account.email:<28} {account.role}")
