from django.core.management.base import BaseCommand

from apps.core.demo.dashboard import load_dashboard
from apps.core.demo.foundation import DEMO_PASSWORD, load_foundation


class Command(BaseCommand):
    help = "Load the demo municipality Lindenfeld with organisations and one account per role."

    def handle(self, *args, **options):
        accounts = load_foundation()
        load_dashboard()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:<28} {account.role}")
