"""What every page of the migrant app shows around its content, for all its parts.

The visitor's region (and the ids of it and its ancestors), the active navigation entry and
the links of the header (search, events) that parts of the app may add or leave out.
"""

from django.urls import NoReverseMatch, reverse

from apps.migrants.region import current_region, current_region_ids


def region_ids(request) -> list[int]:
    """Ids of the visitor's region and its ancestors (computed once per request); empty
    when no region exists at all, so nothing regional is shown."""
    return current_region_ids(request) or []


def optional_url(*names: str, **kwargs) -> str:
    """The first of `names` that resolves (pages other parts of the app may add), or ""."""
    for name in names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return ""


def search_url() -> str:
    return optional_url("migrants:search") or reverse("migrants:home") + "search/"


def page_context(request, nav: str = "", **extra) -> dict:
    """The template context of a migrant page: region, active nav entry, header links."""
    return {
        "region": current_region(request),
        "nav": nav,
        "search_url": search_url(),
        "events_url": optional_url("migrants:event-list", "migrants:events"),
        **extra,
    }
