"""The migrant's current region: the one they chose, else the deployment's default.

A migrant chooses a region (municipality name or postcode) on the home page; the
choice is kept in the session under `SESSION_KEY` as the region's official key
(AGS, e.g. "06411000"). Pages that list content call `current_region(request)` and
show what is owned by that region and its ancestors (`visible_region_ids`).

Without a choice, or if the stored key no longer exists, the region is
`settings.MICADO_DEFAULT_REGION` (a code; "DE", the federation, by default). The
result is cached on the request, so a page pays for it once (one query).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from apps.regions.models import Region

SESSION_KEY = "migrant_region"
_REQUEST_ATTR = "_migrant_region"


def current_region(request: HttpRequest) -> Region | None:
    """The chosen region (session), else the default region; None if neither exists."""
    if hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_KEY) if session is not None else None
    codes = [code for code in (chosen, settings.MICADO_DEFAULT_REGION) if code]
    found = Region.objects.in_bulk(codes, field_name="code") if codes else {}
    region = next((found[code] for code in codes if code in found), None)
    setattr(request, _REQUEST_ATTR, region)
    return region


def set_current_region(request: HttpRequest, region: Region) -> None:
    """Remember `region` for this visitor (no account needed)."""
    request.session[SESSION_KEY] = region.code
    setattr(request, _REQUEST_ATTR, region)
