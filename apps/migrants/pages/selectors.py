"""Reads for the migrant app: published content shown in the visitor's region.

Lean querysets (only the relations the pages show), each a fixed number of
queries whatever the number of items or steps. Visibility is the content app's
(`published_q`, `regions.selectors.region_ancestor_ids`); this module only chooses what to load.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, QuerySet

from apps.content.models import (
    Comment,
    ContentItem,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Process,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.content.selectors import published_q
from apps.regions.models import Region, RegionLevel
from apps.regions.selectors import region_ancestor_ids

POSTCODE_RE = re.compile(r"^\d{5}$")
MAX_REGION_CANDIDATES = 20


# --- regions ----------------------------------------------------------------------------------


def region_by_code(code: str | None) -> Region | None:
    if not code:
        return None
    return Region.objects.select_related("parent").filter(code=code).first()


def region_visible_ids(region: Region | None) -> list[int]:
    return region_ancestor_ids(region) if region is not None else []


def _choosable_regions() -> QuerySet:
    """Regions a visitor can live in: everything but a root above other regions (the
    federation "DE"); a stand-alone root such as an imported pilot city counts."""
    parents = Region.objects.filter(parent__isnull=False).values("parent_id")
    return Region.objects.exclude(level=RegionLevel.FEDERATION, pk__in=parents)


def region_search_by_postcode(postcode: str) -> list[Region]:
    """Regions whose postcode list holds `postcode` exactly (a postcode may span towns)."""
    qs = (
        _choosable_regions()
        .filter(postcodes__contains=postcode)
        .select_related("parent__parent")
        .order_by("-level", "name")
    )
    return [r for r in qs if postcode in r.postcodes.split()][:MAX_REGION_CANDIDATES]


def region_search_by_name(name: str) -> list[Region]:
    """Regions called `name`: exact matches first (the deepest level only), else partial."""
    base = _choosable_regions().select_related("parent__parent").order_by("-level", "name")
    exact = list(base.filter(name__iexact=name)[:MAX_REGION_CANDIDATES])
    if exact:
        deepest = exact[0].level
        return [r for r in exact if r.level == deepest]
    return list(base.filter(name__icontains=name)[:MAX_REGION_CANDIDATES])


# --- taxonomy ---------------------------------------------------------------------------------


def topic_list() -> list[Topic]:
    return list(Topic.objects.all())


def user_type_list() -> list[UserType]:
    return list(UserType.objects.all())


def _tag_ids(items: QuerySet, relation: str, column: str) -> set[int]:
    model = items.model
    through = getattr(model, relation).through
    return set(
        through.objects.filter(
            **{f"{model._meta.model_name}__in": items.order_by().values("pk")}
        ).values_list(column, flat=True)
    )


def topic_ids_tagging(items: QuerySet) -> set[int]:
    """Ids of the topics that tag at least one of `items` (one query)."""
    return _tag_ids(items, "topics", "topic_id")


def taxonomy_in_use(
    *, region_ids: list[int], model: type[ContentItem] = Process
) -> tuple[set[int], set[int]]:
    """Ids of the topics and user types that tag at least one published item of `model`
    in the region (two queries): pages offer only choices that lead somewhere. Topics of
    other regions (an imported pilot city's categories, say) stay out of this region."""
    items = _published(model, region_ids)
    return topic_ids_tagging(items), _tag_ids(items, "user_types", "usertype_id")


def with_ancestors(topics: list[Topic], topic_ids: set[int]) -> set[int]:
    """`topic_ids` and every topic above them (the tree is small and already loaded)."""
    parent = {t.pk: t.parent_id for t in topics}
    found: set[int] = set()
    for topic_id in topic_ids:
        while topic_id is not None and topic_id not in found:
            found.add(topic_id)
            topic_id = parent.get(topic_id)
    return found


def topic_with_descendants(topics: list[Topic], topic_id: int) -> list[int]:
    """The topic and every topic below it (the tree is small and already loaded)."""
    children: dict[int | None, list[int]] = {}
    for t in topics:
        children.setdefault(t.parent_id, []).append(t.pk)
    found, todo = [], [topic_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


# --- content ----------------------------------------------------------------------------------


def _published(model: type[ContentItem], region_ids: list[int]) -> QuerySet:
    return model.objects.filter(published_q(model), region_id__in=region_ids)


def _tagged(qs: QuerySet, *, topic_ids: list[int] | None, user_type: int | None) -> QuerySet:
    if topic_ids:
        qs = qs.filter(topics__in=topic_ids)
    if user_type:
        qs = qs.filter(user_types=user_type)
    if topic_ids or user_type:
        qs = qs.distinct()
    return qs


def process_list(
    *, region_ids: list[int], topic_ids: list[int] | None = None, user_type: int | None = None
) -> QuerySet:
    return _tagged(_published(Process, region_ids), topic_ids=topic_ids, user_type=user_type)


def information_list(
    *, region_ids: list[int], topic_ids: list[int] | None = None, user_type: int | None = None
) -> QuerySet:
    return _tagged(_published(Information, region_ids), topic_ids=topic_ids, user_type=user_type)


def glossary_list(*, region_ids: list[int]) -> QuerySet:
    return _published(GlossaryTerm, region_ids)


def event_list_upcoming(*, region_ids: list[int], limit: int = 5) -> list[Event]:
    return list(
        _published(Event, region_ids).select_related("office").order_by("start", "pk")[:limit]
    )


def item_detail(model: type[ContentItem], *, pk: int, region_ids: list[int]) -> ContentItem:
    """A published item shown in the region; DoesNotExist otherwise."""
    return _published(model, region_ids).prefetch_related("topics", "user_types").get(pk=pk)


def process_detail(*, pk: int, region_ids: list[int], published_only: bool = True) -> Process:
    """A published process of the region with everything its page shows (with
    `published_only=False`, any process, for an editor's preview: the caller checks the
    permission).

    Queries: process (+ organisation), topics, user types, steps (+ office), required
    documents, their images, documents received, their images, links, comments (+ their
    organisation): ten, whatever the number of steps.
    """
    documents = DocumentType.objects.filter(published_q(DocumentType)).prefetch_related("images")
    steps = Step.objects.select_related("office").prefetch_related(
        Prefetch("required_documents", queryset=documents),
        Prefetch("produced_documents", queryset=documents.all()),
    )
    base = _published(Process, region_ids) if published_only else Process.objects.all()
    return (
        base.select_related("organisation")
        .prefetch_related(
            "topics",
            "user_types",
            Prefetch("steps", queryset=steps),
            Prefetch("links", queryset=StepLink.objects.order_by("pk")),
            Prefetch(
                "comments",
                queryset=Comment.objects.filter(published_q(Comment)).select_related(
                    "organisation"
                ),
            ),
        )
        .get(pk=pk)
    )
