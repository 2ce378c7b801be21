import pytest
from django.core.management import CommandError, call_command

from apps.regions.models import Region, RegionLevel, TenantSettings
from apps.regions.selectors import (
    region_ancestors,
    tenant_settings_current,
    tenant_settings_for_region,
)
from apps.regions.services import RegionImportError, region_import_csv, tenant_settings_save

GOOD = """code;name;postcodes
08111;Stuttgart, Landeshauptstadt;
08111000;Stuttgart;70173 70174
09162;München, Landeshauptstadt;
09162000;München;80331
"""


@pytest.mark.django_db
def test_germany_and_the_sixteen_states_exist():
    assert Region.objects.get(code="DE").level == RegionLevel.FEDERATION
    states = Region.objects.filter(level=RegionLevel.STATE)
    assert states.count() == 16
    assert {s.parent.code for s in states} == {"DE"}
    assert Region.objects.get(code="08").iso_code == "DE-BW"


@pytest.mark.django_db
def test_import_builds_the_tree_and_is_idempotent():
    result = region_import_csv(text=GOOD)
    assert (result.read, result.created, result.updated) == (4, 4, 0)
    stuttgart = Region.objects.get(code="08111000")
    assert stuttgart.parent.code == "08111"
    assert stuttgart.parent.parent.code == "08"
    assert stuttgart.postcodes == "70173 70174"
    assert [r.code for r in region_ancestors(stuttgart)] == ["08111000", "08111", "08", "DE"]
    again = region_import_csv(text=GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    renamed = region_import_csv(text=GOOD.replace("80331", "80331 80333"))
    assert (renamed.updated, renamed.unchanged) == (1, 3)


@pytest.mark.django_db
def test_bad_rows_import_nothing_and_name_their_lines():
    bad = GOOD + "12345678;Nirgendwo;\n0816;Kurz;\n;Ohne Schlüssel;\n"
    with pytest.raises(RegionImportError) as excinfo:
        region_import_csv(text=bad)
    lines = [line for line, _message in excinfo.value.errors]
    assert lines == [6, 7, 8]
    assert "12345" in excinfo.value.errors[0][1]
    assert not Region.objects.filter(level__gte=RegionLevel.DISTRICT).exists()


@pytest.mark.django_db
def test_load_regions_command(tmp_path):
    good = tmp_path / "regions.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("load_regions", str(good))
    assert Region.objects.filter(level=RegionLevel.MUNICIPALITY).count() == 2
    broken = tmp_path / "broken.csv"
    broken.write_text("code,name\n0911,München\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        call_command("load_regions", str(broken))


@pytest.mark.django_db
def test_header_is_required():
    with pytest.raises(RegionImportError) as excinfo:
        region_import_csv(text="ags;bezeichnung\n08111;Stuttgart\n")
    assert excinfo.value.errors[0][0] == 1


@pytest.mark.django_db
def test_tenant_settings_are_inherited_down_the_tree(settings):
    region_import_csv(text=GOOD)
    bw = Region.objects.get(code="08")
    tenant = tenant_settings_save(
        tenant=TenantSettings(region=bw, display_name="Willkommen in BW", default_language="de")
    )
    stuttgart = Region.objects.get(code="08111000")
    assert tenant_settings_for_region(stuttgart) == tenant
    assert tenant_settings_for_region(Region.objects.get(code="09162000")) is None
    settings.MICADO_DEFAULT_REGION = "08111000"
    assert tenant_settings_current().display_name == "Willkommen in BW"


@pytest.mark.django_db
def test_tenant_settings_validate_languages_and_colours():
    from django.core.exceptions import ValidationError

    tenant = TenantSettings(
        region=Region.objects.get(code="DE"),
        display_name="x",
        enabled_languages=["de", "xx"],
        default_language="fr",
        primary_colour="blue",
    )
    with pytest.raises(ValidationError) as excinfo:
        tenant_settings_save(tenant=tenant)
    assert set(excinfo.value.message_dict) == {"enabled_languages", "primary_colour"}
    assert not TenantSettings.objects.exists()


@pytest.mark.django_db
def test_site_shows_tenant_name_and_colours(client, settings):
    de = Region.objects.get(code="DE")
    tenant_settings_save(
        tenant=TenantSettings(
            region=de, display_name="Willkommen", display_name_ar="أهلاً", primary_colour="#123456"
        )
    )
    settings.MICADO_DEFAULT_REGION = "DE"
    assert "أهلاً" in client.get("/ar/").content.decode()
    assert "Willkommen" in client.get("/de/").content.decode()
    assert "--primary:#123456" in client.get("/theme.css").content.decode()
