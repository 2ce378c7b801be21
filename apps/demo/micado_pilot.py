"""The MICADO pilot content (Antwerp) as a second demo region, imported from the shipped dump.

Idempotent and quick: a second run finds everything unchanged.
"""

from django.conf import settings
from django.db import transaction

from apps.importers.micado import ImportResult, pilot_import, pilot_region_ensure
from apps.regions.models import TenantSettings
from apps.regions.selectors import tenant_cache_clear

LANGUAGES = ["en", "nl", "de", "it", "es"]  # the languages the pilot has content in


@transaction.atomic
def load_micado_pilot() -> ImportResult:
    region = pilot_region_ensure()
    tenant, _created = TenantSettings.objects.get_or_create(
        region=region, defaults={"display_name": "MICADO Antwerpen"}
    )
    for code, _name in settings.SUPPORTED_LANGUAGES:
        setattr(tenant, f"display_name_{code.replace('-', '_')}", "MICADO Antwerpen")
    tenant.tagline_en = "Pilot content of the MICADO project, imported from its database"
    tenant.default_language = "en"
    tenant.enabled_languages = LANGUAGES
    tenant.website = "https://www.micadoproject.eu/"
    tenant.full_clean()
    tenant.save()
    tenant_cache_clear()
    return pilot_import()
