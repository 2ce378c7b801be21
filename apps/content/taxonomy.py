"""Topics and user types belong to regions, like content.

A tag has an owner region (MICADO imports: the imported region); none, or the federation,
means shared by every region. A region uses its own tags, its ancestors' and the shared
ones: the PA screens offer only those, and the services refuse others. Used by the
selectors and the services (no import of either).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.content.models import Topic, UserType
from apps.regions.models import FEDERATION_CODE, Region
from apps.regions.selectors import region_ancestor_ids


def _ancestor_codes_of(code: str) -> list[str]:
    """Codes of a region and its ancestors from the code alone (AGS keys encode the tree;
    other keys, such as an imported pilot's, stand alone)."""
    if not code.isdigit():
        return [code]
    return [code[:n] for n in (8, 5, 2) if len(code) >= n]


def taxonomy_q(*, region_ids: Iterable[int] = (), codes: Iterable[str] = ()) -> Q:
    """Tags usable in the regions `region_ids` (each given with its ancestors) or in the
    regions of `codes` and their ancestors (computed from the codes): theirs and the shared."""
    q = Q(region__isnull=True) | Q(region__code=FEDERATION_CODE)
    region_ids = list(region_ids)
    if region_ids:
        q |= Q(region_id__in=region_ids)
    wanted = sorted({c for code in codes for c in _ancestor_codes_of(code)})
    if wanted:
        q |= Q(region__code__in=wanted)
    return q


def taxonomy_invalid(*, region_id: int, topics: Iterable = (), user_types: Iterable = ()) -> dict:
    """{field: message} for topics or user types (ids or objects) an item of the region
    cannot use; empty if all are fine."""
    region = Region.objects.only("code", "level").get(pk=region_id)
    q = taxonomy_q(region_ids=region_ancestor_ids(region))
    errors = {}
    for name, model, values in (("topics", Topic, topics), ("user_types", UserType, user_types)):
        ids = {getattr(v, "pk", v) for v in values}
        if ids and model.objects.filter(pk__in=ids).filter(q).count() != len(ids):
            errors[name] = _(
                "Choose only topics and user types of this region, of the regions above it or "
                "shared by all."
            )
    return errors
