"""Reads of content. Querysets come back with their relations loaded, so a page or
API response does a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind, Role
from apps.accounts.selectors import user_role_grants
from apps.content import mentions
from apps.content.fields import (
    CONTENT_MODELS,
    NGO_MODELS,
    TRANSLATED_FIELDS,
    column,
    language_codes,
)
from apps.content.models import (
    Comment,
    ContentItem,
    CounsellingOffer,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    InformationKind,
    Office,
    PendingChange,
    Process,
    ReviewNote,
    Revision,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.content.taxonomy import taxonomy_q
from apps.regions.models import Region
from apps.regions.selectors import region_ancestor_ids

MENTION_MODELS = {"g": GlossaryTerm, "p": Process, "i": Information, "e": Event}


# --- regions and visibility ---------------------------------------------------------------


def published_q(model: type[ContentItem], *, now: datetime | None = None) -> Q:
    """Published, inside its publication window and, for events, not over."""
    now = now or timezone.now()
    q = (
        Q(status=Status.PUBLISHED)
        & (Q(publish_at__isnull=True) | Q(publish_at__lte=now))
        & (Q(withdraw_at__isnull=True) | Q(withdraw_at__gt=now))
    )
    if model is Event:
        repeating = Q(recurrence__gt="") & (
            Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=now.date())
        )
        q &= Q(end__gte=now) | Q(end__isnull=True, start__gte=now) | repeating
    return q


def _with_relations(qs: QuerySet) -> QuerySet:
    model = qs.model
    qs = qs.select_related("region", "organisation").prefetch_related("topics", "user_types")
    if model in (Event, Course, CounsellingOffer):
        qs = qs.select_related("office")
    if model is DocumentType:
        qs = qs.prefetch_related("images")
    if model is Comment:
        qs = qs.select_related("process")
    return qs


def served_language(item, language: str, *, title_field: str | None = None) -> tuple[str, bool]:
    """The language an item is shown in for `language`: (code, is_fallback).

    The requested language if the item's title exists in it, otherwise the first
    configured fallback language that has it, otherwise the item's source language.
    """
    field = title_field or type(item).TITLE_FIELD
    if getattr(item, column(field, language), None):
        return language, False
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    for code in (*fallbacks, getattr(item, "source_language", settings.LANGUAGE_CODE)):
        if getattr(item, column(field, code), None):
            return code, True
    return getattr(item, "source_language", settings.LANGUAGE_CODE), True


def item_list_published(
    model: type[ContentItem],
    *,
    region: Region | None = None,
    topic: int | None = None,
    user_type: int | None = None,
    query: str = "",
    language: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    kind: str | None = None,
) -> QuerySet:
    """Published items of `model`, filtered; region means the region and its ancestors."""
    qs = model.objects.filter(published_q(model))
    if region is not None:
        qs = qs.filter(region_id__in=region_ancestor_ids(region))
    if topic:
        qs = qs.filter(topics__id=topic)
    if user_type:
        qs = qs.filter(user_types__id=user_type)
    if query:
        field = model.TITLE_FIELD
        langs = {language or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE}
        match = Q()
        for lang in langs:
            match |= Q(**{f"{column(field, lang)}__icontains": query})
        qs = qs.filter(match)
    if model is Event:
        if date_from:
            qs = qs.filter(
                Q(end__date__gte=date_from) | Q(end__isnull=True, start__date__gte=date_from)
            )
        if date_to:
            qs = qs.filter(start__date__lte=date_to)
    if model is Course:
        if date_from:
            qs = qs.filter(Q(end_date__gte=date_from) | Q(end_date__isnull=True))
        if date_to:
            qs = qs.filter(Q(start_date__lte=date_to) | Q(start_date__isnull=True))
    if kind and model in (Information, Course):
        qs = qs.filter(kind=kind)
    if topic or user_type:
        qs = qs.distinct()
    return _with_relations(qs)


def item_get_published(model: type[ContentItem], *, pk: int) -> ContentItem:
    if model is Process:
        return process_detail(pk=pk)
    return item_list_published(model).get(pk=pk)


def _steps_prefetch() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=Step.objects.select_related("office").prefetch_related(
            "required_documents", "produced_documents"
        ),
    )


def process_detail(*, pk: int, published_only: bool = True) -> Process:
    """A process with its steps (offices, documents), links and published comments."""
    qs = Process.objects.all()
    if published_only:
        qs = qs.filter(published_q(Process))
    comments = Comment.objects.filter(published_q(Comment)) if published_only else Comment.objects
    return (
        _with_relations(qs)
        .prefetch_related(
            _steps_prefetch(),
            Prefetch("links", queryset=StepLink.objects.order_by("pk")),
            Prefetch("comments", queryset=comments.select_related("organisation")),
        )
        .get(pk=pk)
    )


def published_for_region(region: Region) -> dict[str, list[ContentItem]]:
    """All published content shown in `region`, per kind (for offline bundles, the chatbot).

    A fixed number of queries; processes come with steps, links and comments.
    """
    ids = region_ancestor_ids(region)
    result: dict[str, list[ContentItem]] = {}
    for name, model in CONTENT_MODELS.items():
        if model is Comment:
            continue
        qs = _with_relations(model.objects.filter(published_q(model), region_id__in=ids))
        if model is Process:
            qs = qs.prefetch_related(
                _steps_prefetch(),
                Prefetch("links", queryset=StepLink.objects.order_by("pk")),
                Prefetch(
                    "comments",
                    queryset=Comment.objects.filter(published_q(Comment)).select_related(
                        "organisation"
                    ),
                ),
            )
        result[name] = list(qs)
    result["topics"] = list(Topic.objects.filter(taxonomy_q(region_ids=ids)))
    result["user_types"] = list(UserType.objects.filter(taxonomy_q(region_ids=ids)))
    return result


def topic_list(region: Region | None = None) -> QuerySet:
    """Topics; of `region` (its own, its ancestors' and the shared ones) if given."""
    qs = Topic.objects.select_related("parent")
    return qs.filter(taxonomy_q(region_ids=region_ancestor_ids(region))) if region else qs


def user_type_list(region: Region | None = None) -> QuerySet:
    qs = UserType.objects.all()
    return qs.filter(taxonomy_q(region_ids=region_ancestor_ids(region))) if region else qs


def taxonomy_q_for_user(user) -> Q:
    """Tags of the regions of the user's organisations and above (no query: cached grants)."""
    return taxonomy_q(codes=[g.region_code for g in user_role_grants(user)])


def taxonomy_for_user(model: type[Topic] | type[UserType], *, user) -> QuerySet:
    qs = model.objects.filter(taxonomy_q_for_user(user))
    return qs.select_related("parent") if model is Topic else qs


def item_list_for_editor(model: type[ContentItem], *, user, status: str | None = None) -> QuerySet:
    """Items the user may work on: PA roles see their region's and organisation's items,
    NGO roles their organisation's items."""
    match = Q(pk__in=[])
    for grant in user_role_grants(user):
        if grant.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY:
            match |= Q(region_id=grant.region_id) | Q(organisation_id=grant.organisation_id)
        else:
            match |= Q(organisation_id=grant.organisation_id)
    qs = model.objects.filter(match)
    if status:
        qs = qs.filter(status=status)
    return _with_relations(qs).order_by("-updated_at", "pk")


def item_get_for_editor(model: type[ContentItem], *, user, pk: int) -> ContentItem:
    qs = item_list_for_editor(model, user=user)
    if model is Process:
        qs = qs.prefetch_related(
            _steps_prefetch(), Prefetch("links", queryset=StepLink.objects.order_by("pk"))
        )
    return qs.get(pk=pk)


def revision_list(item: ContentItem) -> QuerySet:
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).select_related("author")


def revision_get(item: ContentItem, *, number: int) -> Revision:
    return revision_list(item).get(number=number)


# --- mentions -------------------------------------------------------------------------------


def mention_targets(texts: Iterable[str], *, language: str) -> dict[tuple[str, int], Any]:
    """Published targets of the mentions in `texts`: one query per kind mentioned."""
    wanted: dict[str, set[int]] = {}
    for text in texts:
        for m in mentions.parse_mentions(text):
            if m.enabled:
                wanted.setdefault(m.kind, set()).add(m.id)
    targets: dict[tuple[str, int], Any] = {}
    for kind, ids in wanted.items():
        model = MENTION_MODELS[kind]
        for obj in model.objects.filter(published_q(model), pk__in=ids):
            lang, _fallback = served_language(obj, language)
            title = getattr(obj, column(model.TITLE_FIELD, lang)) or ""
            explanation = getattr(obj, column("explanation", lang)) if kind == "g" else ""
            targets[(kind, obj.pk)] = mentions.MentionTarget(kind, obj.pk, title, explanation or "")
    return targets


def item_texts(item, *, language: str | None = None) -> list[str]:
    """The translated texts of an item (one language or all), steps and links included."""
    langs = [language] if language else language_codes()
    objects = [item]
    if isinstance(item, Process):
        objects += list(item.steps.all()) + list(item.links.all())
    return [
        getattr(obj, column(field, lang)) or ""
        for obj in objects
        for field in TRANSLATED_FIELDS.get(type(obj), ())
        for lang in langs
    ]


def mentions_dangling(item: ContentItem) -> list[dict[str, Any]]:
    """Mentions in any language whose target is deleted or not published (for editors)."""
    found: list[dict[str, Any]] = []
    objects = [item]
    if isinstance(item, Process):
        objects += list(item.steps.all()) + list(item.links.all())
    all_mentions = []
    for obj in objects:
        for field in TRANSLATED_FIELDS.get(type(obj), ()):
            for lang in language_codes():
                for m in mentions.parse_mentions(getattr(obj, column(field, lang))):
                    if m.enabled:
                        all_mentions.append((field, lang, m))
    existing: dict[str, set[int]] = {}
    for kind in {m.kind for _f, _l, m in all_mentions}:
        model = MENTION_MODELS[kind]
        ids = {m.id for _f, _l, m in all_mentions if m.kind == kind}
        existing[kind] = set(
            model.objects.filter(published_q(model), pk__in=ids).values_list("pk", flat=True)
        )
    for field, lang, m in all_mentions:
        if m.id not in existing[m.kind]:
            found.append(
                {"field": field, "language": lang, "kind": m.kind, "id": m.id, "text": m.text}
            )
    return found


# --- figures for the dashboard --------------------------------------------------------------


def content_figures_by_region() -> dict[int, dict[str, Any]]:
    """Counts per owner region of published content (a fixed number of queries):

    processes_by_language {code: n}, upcoming_events, courses, course_places_left,
    counselling_offers, ngo_offers (published events, courses and information pages
    of NGOs).
    """
    figures: dict[int, dict[str, Any]] = {}

    def entry(region_id: int) -> dict[str, Any]:
        return figures.setdefault(
            region_id,
            {
                "processes_by_language": dict.fromkeys(language_codes(), 0),
                "upcoming_events": 0,
                "courses": 0,
                "course_places_left": 0,
                "counselling_offers": 0,
                "ngo_offers": 0,
            },
        )

    annotations = {
        f"n_{lang.replace('-', '_')}": Count("pk", filter=~Q(**{column("title", lang): ""})
                                           & Q(**{f"{column('title', lang)}__isnull": False}))
        for lang in language_codes()
    }  # fmt: skip
    for row in (
        Process.objects.filter(published_q(Process)).values("region_id").annotate(**annotations)
    ):
        per_lang = entry(row["region_id"])["processes_by_language"]
        for lang in language_codes():
            per_lang[lang] = row[f"n_{lang.replace('-', '_')}"]
    for row in Event.objects.filter(published_q(Event)).values("region_id").annotate(n=Count("pk")):
        entry(row["region_id"])["upcoming_events"] = row["n"]
    for row in (
        Course.objects.filter(published_q(Course))
        .values("region_id")
        .annotate(n=Count("pk"), places=Sum("places_left"))
    ):
        entry(row["region_id"])["courses"] = row["n"]
        entry(row["region_id"])["course_places_left"] = row["places"] or 0
    counselling = [
        Information.objects.filter(published_q(Information), kind=InformationKind.COUNSELLING),
        Office.objects.filter(published_q(Office), is_counselling=True),
        CounsellingOffer.objects.filter(published_q(CounsellingOffer)),
    ]
    for qs in counselling:
        for row in qs.values("region_id").annotate(n=Count("pk")):
            entry(row["region_id"])["counselling_offers"] += row["n"]
    for model in (Event, Course, Information):
        qs = model.objects.filter(published_q(model), organisation__kind=OrganisationKind.NGO)
        for row in qs.values("region_id").annotate(n=Count("pk")):
            entry(row["region_id"])["ngo_offers"] += row["n"]
    return figures


# --- the editor's screens: choices, list filters, review queue ------------------------------


def title_of(obj, language: str | None = None) -> str:
    """The title in `language` (default: the item's source language), or "#pk"."""
    field = getattr(type(obj), "TITLE_FIELD", "name")
    lang = language or getattr(obj, "source_language", settings.LANGUAGE_CODE)
    return getattr(obj, column(field, lang), "") or str(obj) or f"#{obj.pk}"


def _choices(qs: QuerySet) -> list[tuple[int, str]]:
    return [(obj.pk, title_of(obj)) for obj in qs]


def attachable_document_choices(region: Region | int) -> list[tuple[int, str]]:
    """Document types a process owned by `region` may use: owned there or above, not archived."""
    qs = DocumentType.objects.filter(region_id__in=region_ancestor_ids(region)).exclude(
        status=Status.ARCHIVED
    )
    return _choices(qs)


def attachable_office_choices(region: Region | int) -> list[tuple[int, str]]:
    qs = Office.objects.filter(region_id__in=region_ancestor_ids(region)).exclude(
        status=Status.ARCHIVED
    )
    return _choices(qs)


def topic_choices(
    *, region: Region | int | None = None, region_ids: list[int] | None = None, user=None
) -> list[tuple[int, str]]:
    """Topics an item of `region` may use (`region_ids`: the region and its ancestors, if
    already known), else those usable in one of the user's regions."""
    return _taxonomy_choices(Topic, region=region, region_ids=region_ids, user=user)


def user_type_choices(
    *, region: Region | int | None = None, region_ids: list[int] | None = None, user=None
) -> list[tuple[int, str]]:
    return _taxonomy_choices(UserType, region=region, region_ids=region_ids, user=user)


def _taxonomy_choices(model, *, region, region_ids, user) -> list[tuple[int, str]]:
    if region_ids is None and region is not None:
        region_ids = region_ancestor_ids(region)
    if region_ids is not None:
        qs = model.objects.filter(taxonomy_q(region_ids=region_ids))
    else:
        qs = model.objects.filter(taxonomy_q_for_user(user))
    return [(t.pk, title_of(t, settings.LANGUAGE_CODE)) for t in qs]


PA_AUTHOR_ROLES = frozenset({Role.PA_ADMIN, Role.PA_EDITOR})


def author_organisations(user) -> list[Organisation]:
    """PA organisations in which the user may author content (admin or editor)."""
    ids = {
        g.organisation_id
        for g in user_role_grants(user)
        if g.role in PA_AUTHOR_ROLES and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }
    return list(Organisation.objects.filter(pk__in=ids).select_related("region"))


def editor_list_filter(
    qs: QuerySet,
    *,
    query: str = "",
    status: str = "",
    topic: int | None = None,
    region: int | None = None,
    missing_language: str = "",
) -> QuerySet:
    """Narrow `selectors.item_list_for_editor` by search text and the list filters."""
    model = qs.model
    field = model.TITLE_FIELD
    if query:
        match = Q()
        for lang in language_codes():
            match |= Q(**{f"{column(field, lang)}__icontains": query})
        qs = qs.filter(match)
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topics__id=topic).distinct()
    if region:
        qs = qs.filter(region_id=region)
    if missing_language in language_codes():
        col = column(field, missing_language)
        qs = qs.filter(Q(**{col: ""}) | Q(**{f"{col}__isnull": True}))
    return qs


def editor_regions(qs: QuerySet) -> QuerySet:
    """Regions owning at least one item of an editor list (one query)."""
    return Region.objects.filter(pk__in=qs.order_by().values("region_id")).order_by("name")


def review_queue(user) -> list[tuple[str, ContentItem]]:
    """Items in review the user may publish, NGO items included: one query per content type."""
    region_ids = {
        g.region_id
        for g in user_role_grants(user)
        if g.role == Role.PA_ADMIN and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }
    org_ids = {
        g.organisation_id
        for g in user_role_grants(user)
        if g.role == Role.PA_ADMIN and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }
    if not region_ids:
        return []
    found: list[tuple[str, ContentItem]] = []
    for name, model in CONTENT_MODELS.items():
        qs = model.objects.filter(
            Q(region_id__in=region_ids) | Q(organisation_id__in=org_ids),
            status=Status.IN_REVIEW,
        ).select_related("organisation", "region", "submitted_by")
        found.extend((name, item) for item in qs)
    found.sort(key=lambda pair: (pair[1].submitted_at is None, pair[1].submitted_at))
    return found


def review_notes(item: ContentItem) -> QuerySet:
    return ReviewNote.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).select_related("author")


# --- NGO items, moderation, directory, reach (docs/organisations.md) -----------------------


def _ngo_models() -> dict[str, type[ContentItem]]:

    return NGO_MODELS


def organisation_items(organisation, *, query: str = "", kind: str = "", state: str = ""):
    """All items of one organisation, newest first, as (kind, item, state, reason): one query
    per content type plus one for the review notes."""
    from django.db.models import OuterRef, Subquery

    rows: list[tuple[str, ContentItem]] = []
    for name, model in _ngo_models().items():
        if kind and kind != name:
            continue
        qs = model.objects.filter(organisation=organisation).select_related("region")
        if model is Comment:
            qs = qs.select_related("process")
        if query:
            match = Q()
            for lang in language_codes():
                match |= Q(**{f"{column(model.TITLE_FIELD, lang)}__icontains": query})
            qs = qs.filter(match)
        notes = ReviewNote.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        ).order_by("-created_at", "-pk")
        changes = PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        )
        qs = qs.annotate(
            last_note=Subquery(notes.values("reason")[:1]),
            last_note_at=Subquery(notes.values("created_at")[:1]),
            change_submitted_at=Subquery(changes.values("submitted_at")[:1]),
            change_rejected_at=Subquery(changes.values("rejected_at")[:1]),
        )
        rows.extend((name, item) for item in qs)
    rows.sort(key=lambda pair: pair[1].updated_at, reverse=True)
    result = []
    for name, item in rows:
        item_state = ngo_item_state(item)
        if state and state != item_state:
            continue
        result.append({"kind": name, "item": item, "state": item_state})
    return result


def ngo_item_state(item) -> str:
    """draft, waiting (for moderation), rejected (with the reason), published, archived;
    for a published item with a change kept for moderation (annotated by
    `organisation_items`): change_waiting, change_rejected."""
    if item.status == Status.PUBLISHED:
        if getattr(item, "change_rejected_at", None) is not None:
            return "change_rejected"
        if getattr(item, "change_submitted_at", None) is not None:
            return "change_waiting"
    if item.status == Status.IN_REVIEW:
        return "waiting"
    if item.status == Status.DRAFT:
        note_at = getattr(item, "last_note_at", None)
        if note_at is not None and (item.submitted_at is None or note_at >= item.submitted_at):
            return "rejected"
        return "draft"
    return item.status


def moderation_queue(user) -> list[dict[str, Any]]:
    """NGO items waiting for moderation that the PA admin may publish: owned by the office's
    region or a region below it; new items in review and published items with a change
    waiting (`change`: the PendingChange). One query per content type, one more for the
    changes."""
    from apps.regions.selectors import region_within_q

    match = Q(pk__in=[])
    for grant in user_role_grants(user):
        if (
            grant.role == Role.PA_ADMIN
            and grant.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
        ):
            match |= region_within_q(ancestor_id=grant.region_id, ancestor_code=grant.region_code)
    from django.db.models import Exists, OuterRef

    rows = []
    for name, model in _ngo_models().items():
        content_type = ContentType.objects.get_for_model(model)
        waiting = PendingChange.objects.filter(
            content_type=content_type,
            object_id=OuterRef("pk"),
            submitted_at__isnull=False,
            rejected_at__isnull=True,
        )
        qs = (
            model.objects.annotate(has_change=Exists(waiting))
            .filter(match, organisation__kind=OrganisationKind.NGO)
            .filter(Q(status=Status.IN_REVIEW) | Q(status=Status.PUBLISHED, has_change=True))
            .select_related("organisation", "region", "submitted_by")
        )
        if model is Comment:
            qs = qs.select_related("process")
        rows.extend({"kind": name, "item": item, "change": None} for item in qs)
    # The changes of published items (one query, only if there are some).
    changed = [row for row in rows if row["item"].has_change]
    if changed:
        match = Q(pk__in=[])
        for row in changed:
            match |= Q(
                content_type=ContentType.objects.get_for_model(type(row["item"])),
                object_id=row["item"].pk,
            )
        found = {(c.content_type_id, c.object_id): c for c in PendingChange.objects.filter(match)}
        for row in changed:
            key = (ContentType.objects.get_for_model(type(row["item"])).pk, row["item"].pk)
            row["change"] = found.get(key)
            row["item"].submitted_at = row["change"].submitted_at if row["change"] else None
    rows.sort(key=lambda r: (r["item"].submitted_at is None, r["item"].submitted_at))
    return rows


def organisations_pending(user) -> QuerySet:
    """Self-registered NGOs waiting for a PA admin of their region or a region above."""
    from apps.accounts.roles import Approval
    from apps.regions.selectors import region_within_q

    match = Q(pk__in=[])
    for grant in user_role_grants(user):
        if (
            grant.role == Role.PA_ADMIN
            and grant.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
        ):
            match |= region_within_q(ancestor_id=grant.region_id, ancestor_code=grant.region_code)
    return (
        Organisation.objects.filter(match, kind=OrganisationKind.NGO)
        .filter(Q(approval=Approval.PENDING) | Q(approval=Approval.APPROVED))
        .select_related("region")
        .order_by("approval", "name")
    )


def organisation_directory(
    *,
    region: Region | None,
    topic: int | None = None,
    language: str = "",
    user_type: int | None = None,
    region_ids: list[int] | None = None,
) -> QuerySet:
    """Approved, active NGOs of the region and the regions above it, with their profiles
    (`region_ids`: only those owned by these regions)."""
    from apps.accounts.roles import Approval

    qs = Organisation.objects.filter(
        kind=OrganisationKind.NGO, is_active=True, approval=Approval.APPROVED
    )
    if region is not None:
        qs = qs.filter(region_id__in=region_ancestor_ids(region))
    if region_ids:
        qs = qs.filter(region_id__in=region_ids)
    if topic:
        qs = qs.filter(profile__topics__id=topic)
    if user_type:
        qs = qs.filter(profile__user_types__id=user_type)
    if language:
        qs = qs.filter(profile__languages__icontains=f'"{language}"')
    if topic or user_type:
        qs = qs.distinct()
    return (
        qs.select_related("region", "profile")
        .prefetch_related("profile__topics", "profile__user_types")
        .order_by("name")
    )


def organisation_public(*, slug: str):
    """One approved NGO with its profile and its published offers (fixed queries)."""
    from apps.accounts.roles import Approval

    organisation = (
        Organisation.objects.filter(
            kind=OrganisationKind.NGO, is_active=True, approval=Approval.APPROVED, slug=slug
        )
        .select_related("region", "profile")
        .prefetch_related("profile__topics", "profile__user_types")
        .get()
    )
    offers = {}
    for name, model in _ngo_models().items():
        if model is Comment:
            continue
        qs = model.objects.filter(published_q(model), organisation=organisation)
        if model in (Event, Course, CounsellingOffer):
            qs = qs.select_related("office")
        offers[name] = list(qs)
    return organisation, offers


def counselling_for_topics(*, topic_ids: Iterable[int], region_ids: list[int] | None) -> list:
    """Published counselling offers on any of the topics, shown in the region (the region's
    and its ancestors' ids; None: anywhere). One query."""
    ids = list(topic_ids)
    if not ids:
        return []
    qs = CounsellingOffer.objects.filter(published_q(CounsellingOffer), topics__id__in=ids)
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    return list(qs.select_related("organisation", "office").distinct().order_by("title", "pk"))


def view_counts(organisation, *, months: int = 6) -> dict[str, Any]:
    """Views per month of each of the organisation's items (one query per content type
    and one for the counts)."""
    from apps.content.models import ViewCount

    today = timezone.localdate()
    first = today.replace(day=1)
    month_list = []
    for _i in range(months):
        month_list.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    month_list.reverse()
    items: dict[tuple[int, int], tuple[str, ContentItem]] = {}
    for name, model in _ngo_models().items():
        if model is Comment:
            continue
        ct = ContentType.objects.get_for_model(model)
        for item in model.objects.filter(organisation=organisation).exclude(status=Status.DRAFT):
            items[(ct.pk, item.pk)] = (name, item)
    counts: dict[tuple[int, int], dict] = {}
    if items:
        match = Q(pk__in=[])
        by_type: dict[int, list[int]] = {}
        for ct_id, pk in items:
            by_type.setdefault(ct_id, []).append(pk)
        for ct_id, pks in by_type.items():
            match |= Q(content_type_id=ct_id, object_id__in=pks)
        for row in ViewCount.objects.filter(match, month__gte=month_list[0]):
            counts.setdefault((row.content_type_id, row.object_id), {})[row.month] = row.count
    rows = []
    for key, (name, item) in items.items():
        per_month = counts.get(key, {})
        rows.append(
            {
                "kind": name,
                "item": item,
                "months": [per_month.get(m, 0) for m in month_list],
                "total": sum(per_month.values()),
            }
        )
    rows.sort(key=lambda r: -r["total"])
    return {"months": month_list, "rows": rows}


# --- single reads for the screens and the API (views build no querysets) -------------------


def items_by_ids(qs: QuerySet, ids: Iterable[int]) -> QuerySet:
    """The items of an editor list (`item_list_for_editor`) among `ids`."""
    return qs.filter(pk__in=list(ids))


def steps_by_ids(process: Process, ids: Iterable[int]) -> dict[int, Step]:
    """Steps of `process` by id (a step of another process is not found)."""
    return Step.objects.filter(process_id=process.pk).in_bulk(list(ids))


def steps_in_bulk(ids: Iterable[int]) -> dict[int, Step]:
    """Steps by id, of any process (the service says when one belongs to another)."""
    return Step.objects.in_bulk(list(ids))


def step_get(*, pk: int) -> Step | None:
    """A step by id with its process (the workflow says whether it belongs to a process)."""
    return Step.objects.select_related("process").filter(pk=pk).first()


def step_link_get(process: Process, *, pk: int) -> StepLink | None:
    return StepLink.objects.filter(process_id=process.pk, pk=pk).select_related("process").first()


def items_with_owner(model: type[ContentItem]) -> QuerySet:
    """Every item of `model` with its organisation and region (the caller narrows it down
    and checks the user's rights on what it finds)."""
    qs = model.objects.select_related("organisation", "region")
    return qs.select_related("process") if model is Comment else qs


def item_find(model: type[ContentItem], *, pk: int) -> ContentItem | None:
    return items_with_owner(model).filter(pk=pk).first()


def process_find(*, pk) -> Process | None:
    return Process.objects.filter(pk=pk).first()


def process_part_get(model: type[Step] | type[StepLink], *, pk: int, process: Process):
    """A step or step link of `process` (None if it belongs to another process)."""
    return model.objects.filter(pk=pk, process_id=process.pk).select_related("process").first()


def processes_published_in(region_ids: Iterable[int]) -> QuerySet:
    qs = Process.objects.filter(published_q(Process), region_id__in=list(region_ids))
    return qs.order_by("title_de", "pk")


def offices_published_for(items_qs: QuerySet) -> QuerySet:
    """The published offices `items_qs` (events, courses) take place at."""
    return Office.objects.filter(published_q(Office), pk__in=items_qs.values("office_id"))


def counselling_offer_published(*, slug: str, pk: int) -> CounsellingOffer | None:
    return (
        CounsellingOffer.objects.filter(
            published_q(CounsellingOffer), organisation__slug=slug, pk=pk
        )
        .select_related("organisation", "office")
        .prefetch_related("topics")
        .first()
    )


def item_is_published(model: type[ContentItem], *, pk: int) -> bool:
    return model.objects.filter(pk=pk, status=Status.PUBLISHED).exists()


# Querysets the API's input fields pick related objects from (the services check the rest).
def offices_all() -> QuerySet:
    return Office.objects.all()


def document_types_all() -> QuerySet:
    return DocumentType.objects.all()


def steps_all() -> QuerySet:
    return Step.objects.all()


def topics_all() -> QuerySet:
    return Topic.objects.all()


def user_types_all() -> QuerySet:
    return UserType.objects.all()


def organisation_profile_get(organisation):
    """An NGO's public profile, or None before its first save."""
    from apps.content.models import OrganisationProfile

    return OrganisationProfile.objects.filter(organisation=organisation).first()


def taxonomy_search(qs: QuerySet, *, query: str, language: str) -> QuerySet:
    """Topics or user types of `qs` whose name in `language` contains `query`."""
    return qs.filter(**{f"{column('name', language)}__icontains": query})


def revisions_by_number(item: ContentItem, numbers: Iterable[int]) -> dict[int, Revision]:
    return {r.number: r for r in revision_list(item).filter(number__in=list(numbers))}


def step_outgoing_links(step: Step) -> QuerySet:
    """The links leaving `step`, with their targets, in the order of the steps."""
    return step.outgoing.select_related("to_step").order_by("to_step__position", "pk")


# --- the migrant app's event and course lists ------------------------------------------------


def published_with_office(model: type[ContentItem], *, region_ids: list[int] | None) -> QuerySet:
    """Published events or courses of the regions (None: everywhere), with their office."""
    qs = item_list_published(model).select_related("office")
    return qs if region_ids is None else qs.filter(region_id__in=region_ids)


def events_filtered(
    qs: QuerySet, *, before=None, topic_ids=None, office_id: int | None = None
) -> QuerySet:
    """Events of `qs` starting before `before`, with one of the topics, at the office."""
    if before is not None:
        qs = qs.filter(start__lt=before)
    if topic_ids is not None:
        qs = qs.filter(topics__in=topic_ids).distinct()
    if office_id:
        qs = qs.filter(office_id=office_id)
    return qs


def courses_filtered(
    qs: QuerySet,
    *,
    start=None,
    end=None,
    kind: str | None = None,
    level: str | None = None,
    topic_ids=None,
    office_id: int | None = None,
    free: bool = False,
) -> QuerySet:
    """Courses of `qs` not over by `start`, begun by `end` (a course without dates always
    counts), of the kind and level, with one of the topics, at the office, with places."""
    if start:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end:
        qs = qs.filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if topic_ids is not None:
        qs = qs.filter(topics__in=topic_ids).distinct()
    if office_id:
        qs = qs.filter(office_id=office_id)
    if free:
        qs = qs.filter(places_left__gt=0)
    return qs


def course_levels(qs: QuerySet) -> list[str]:
    """The levels the courses of `qs` have, sorted (one query)."""
    levels = qs.order_by().values_list("level", flat=True).distinct()
    return sorted({level for level in levels if level}, key=str.casefold)


def organisation_profile_find(*, pk: int):
    """An organisation profile with its organisation and region (None if unknown)."""
    from apps.content.models import OrganisationProfile

    return OrganisationProfile.objects.filter(pk=pk).select_related("organisation__region").first()
