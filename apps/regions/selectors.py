from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from apps.regions.models import FEDERATION_CODE, Region, RegionLevel, TenantSettings

_TENANT_CACHE_KEY = "regions:tenant:{code}"
_TENANT_CACHE_SECONDS = 300


def region_get(*, code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def _ancestor_codes(region: Region) -> list[str]:
    """Official keys encode the tree: 08111000 lies in 08111, in 08, in DE."""
    codes = [region.code]
    if region.level >= RegionLevel.MUNICIPALITY:
        codes.append(region.code[:5])
    if region.level >= RegionLevel.DISTRICT:
        codes.append(region.code[:2])
    if region.level >= RegionLevel.STATE:
        codes.append(FEDERATION_CODE)
    return codes


def region_ancestors(region: Region) -> list[Region]:
    """The region and every ancestor, nearest first, in one query."""
    found = Region.objects.in_bulk(_ancestor_codes(region), field_name="code")
    return sorted(found.values(), key=lambda r: -r.level)


def region_ancestor_ids(region: Region | int) -> list[int]:
    """The ids of the region (or region id) and its ancestors: content owned by any of them
    is shown in the region."""
    if not isinstance(region, Region):
        region = Region.objects.only("code", "level").get(pk=region)
    return [r.pk for r in region_ancestors(region)]


def region_list_states():
    return Region.objects.filter(level=RegionLevel.STATE).order_by("code")


def region_list(
    *,
    level: int | None = None,
    parent: Region | None = None,
    query: str = "",
    parent_code: str = "",
):
    qs = Region.objects.select_related("parent")
    if level is not None:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.order_by("level", "name")


def tenant_settings_for_region(region: Region) -> TenantSettings | None:
    """The nearest tenant settings up the tree from `region`, or None."""
    codes = _ancestor_codes(region)
    found = {
        t.region.code: t
        for t in TenantSettings.objects.filter(region__code__in=codes).select_related("region")
    }
    return next((found[c] for c in codes if c in found), None)


def tenant_settings_current(code: str | None = None) -> TenantSettings | None:
    """Tenant settings for the configured default region, cached; None if none are set."""
    code = code or settings.MICADO_DEFAULT_REGION
    key = _TENANT_CACHE_KEY.format(code=code)
    tenant = cache.get(key)
    if tenant is None:
        region = Region.objects.filter(code=code).first()
        tenant = (tenant_settings_for_region(region) if region else None) or False
        cache.set(key, tenant, _TENANT_CACHE_SECONDS)
    return tenant or None


def tenant_cache_clear() -> None:
    codes = Region.objects.values_list("code", flat=True)
    cache.delete_many([_TENANT_CACHE_KEY.format(code=c) for c in codes])


# --- "at or below": AGS keys extend their parent's key -------------------------------------
# The federation "DE" has no key prefix of its own: only itself is at or below it by this
# rule (a federal office is not a Land office of every Land).


def region_within(region: Region | None, *, ancestor_id: int, ancestor_code: str) -> bool:
    """`region` is the ancestor region or one below it (no query: codes only)."""
    if region is None:
        return False
    if region.pk == ancestor_id:
        return True
    return (
        bool(ancestor_code)
        and ancestor_code != FEDERATION_CODE
        and (region.code.startswith(ancestor_code))
    )


def region_within_q(*, ancestor_id: int, ancestor_code: str, field: str = "region") -> Q:
    """The same test as a filter on `field` (a foreign key to Region), for querysets."""
    match = Q(**{f"{field}_id": ancestor_id})
    if ancestor_code and ancestor_code != FEDERATION_CODE:
        match |= Q(**{f"{field}__code__startswith": ancestor_code})
    return match


# --- single reads for views and API views (they build no querysets themselves) -------------


def region_find(*, code: str | None) -> Region | None:
    """The region with this official key, or None (an over-long key finds nothing)."""
    if not code:
        return None
    return Region.objects.filter(code=code[:20]).first()


def region_find_by_id(pk: int | None) -> Region | None:
    return Region.objects.filter(pk=pk).first() if pk is not None else None


def regions_by_codes(codes) -> dict[str, Region]:
    return Region.objects.in_bulk([c for c in codes if c], field_name="code")


def region_ids_for_codes(codes) -> list[int]:
    return list(Region.objects.filter(code__in=list(codes)).values_list("pk", flat=True))


def region_list_by_ids(ids):
    return Region.objects.filter(pk__in=list(ids)).order_by("name")


def region_none():
    """No region: the starting queryset of a region choice a view fills in later."""
    return Region.objects.none()
