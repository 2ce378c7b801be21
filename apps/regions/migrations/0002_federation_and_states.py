"""Germany and its 16 Länder with official keys (AGS) and ISO 3166-2 codes."""

from django.db import migrations

STATES = [
    ("01", "Schleswig-Holstein", "DE-SH"),
    ("02", "Hamburg", "DE-HH"),
    ("03", "Niedersachsen", "DE-NI"),
    ("04", "Bremen", "DE-HB"),
    ("05", "Nordrhein-Westfalen", "DE-NW"),
    ("06", "Hessen", "DE-HE"),
    ("07", "Rheinland-Pfalz", "DE-RP"),
    ("08", "Baden-Württemberg", "DE-BW"),
    ("09", "Bayern", "DE-BY"),
    ("10", "Saarland", "DE-SL"),
    ("11", "Berlin", "DE-BE"),
    ("12", "Brandenburg", "DE-BB"),
    ("13", "Mecklenburg-Vorpommern", "DE-MV"),
    ("14", "Sachsen", "DE-SN"),
    ("15", "Sachsen-Anhalt", "DE-ST"),
    ("16", "Thüringen", "DE-TH"),
]


def create(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    germany, _ = Region.objects.get_or_create(
        code="DE", defaults={"name": "Deutschland", "level": 0, "iso_code": "DE"}
    )
    for code, name, iso in STATES:
        Region.objects.get_or_create(
            code=code, defaults={"name": name, "level": 1, "parent": germany, "iso_code": iso}
        )


def remove(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Region.objects.filter(level=1, code__in=[c for c, _n, _i in STATES]).delete()
    Region.objects.filter(code="DE").delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
