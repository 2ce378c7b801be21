"""Create the indicator catalogue (apps/dashboard/catalogue.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from apps.dashboard.catalogue import INDICATORS, indicator_fields

    Indicator = apps.get_model("dashboard", "Indicator")
    for entry in INDICATORS:
        Indicator.objects.update_or_create(code=entry["code"], defaults=indicator_fields(entry))


def remove(apps, schema_editor):
    from apps.dashboard.catalogue import INDICATORS

    Indicator = apps.get_model("dashboard", "Indicator")
    Indicator.objects.filter(code__in=[e["code"] for e in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
