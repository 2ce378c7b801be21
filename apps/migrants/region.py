"""The migrant's current region: the one they chose, else the deployment's default.

A migrant chooses a region (municipality name or postcode) on the region page
(`migrants:region`); the choice is kept on the device in the `micado_region` cookie
as the region's official key (AGS, e.g. "06411000"), no account needed. Pages that
list content call `current_region(request)` / `current_region_ids(request)` and show
what is owned by that region and its ancestors.

Without a choice, or if the stored key no longer exists, the region is
`settings.MICADO_DEFAULT_REGION` (a code; "DE", the federation, by default). The
result is cached on the request under the same attributes `views.current_region`
uses, so a page pays for it once (two queries: the region, its ancestors).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from apps.regions.models import Region
from apps.regions.selectors import region_ancestor_ids

REGION_COOKIE = "micado_region"
_REGION_ATTR = "_migrants_region"
_IDS_ATTR = "_migrants_region_ids"


def current_region(request: HttpRequest) -> Region | None:
    """The chosen region (cookie), else the default region; None if neither exists."""
    if not hasattr(request, _REGION_ATTR) or not hasattr(request, _IDS_ATTR):
        chosen = request.COOKIES.get(REGION_COOKIE)
        codes = [code for code in (chosen, settings.MICADO_DEFAULT_REGION) if code]
        found = Region.objects.in_bulk(codes, field_name="code") if codes else {}
        region = next((found[code] for code in codes if code in found), None)
        setattr(request, _REGION_ATTR, region)
        setattr(request, _IDS_ATTR, region_ancestor_ids(region) if region is not None else [])
    return getattr(request, _REGION_ATTR)


def current_region_ids(request: HttpRequest) -> list[int] | None:
    """Ids of the current region and its ancestors; None if there is no region at all
    (then nothing is filtered by region)."""
    region = current_region(request)
    return getattr(request, _IDS_ATTR) if region is not None else None
