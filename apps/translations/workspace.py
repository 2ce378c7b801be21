"""Reads for the translator's workspace: the languages and items a user may work on, the
queue per language, one item's units (the item, each step and link) side by side with
what changed in the source, and the glossary terms found in the text.

Every function runs a fixed number of queries whatever the number of items or steps.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.accounts.roles import OrganisationKind, Role
from apps.accounts.selectors import user_role_grants
from apps.content.fields import column, rich_fields
from apps.content.models import (
    ContentItem,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    OrganisationProfile,
    Process,
    Revision,
    Status,
    Step,
    StepLink,
    ViewCount,
)
from apps.regions.selectors import region_ancestor_ids
from apps.translations.models import CONFIRMED_STATES, State, TranslationState
from apps.translations.services import fields_of, text_hash

# The kinds of content in the queue, by URL slug.
KINDS: dict[str, type[ContentItem]] = {
    "process": Process,
    "information": Information,
    "document-type": DocumentType,
    "glossary-term": GlossaryTerm,
    "event": Event,
    "course": Course,
    "office": Office,
}
# NGO profiles (apps/content OrganisationProfile) are translated like items but are no
# content items: the queue lists them, the editor opens them, coverage counts them.
PROFILE_KIND = "organisation-profile"
EDITOR_KINDS: dict[str, type] = {**KINDS, PROFILE_KIND: OrganisationProfile}
KIND_OF = {model: kind for kind, model in EDITOR_KINDS.items()}
WORKSPACE_ROLES = frozenset({Role.PA_TRANSLATOR, Role.PA_EDITOR, Role.PA_ADMIN})
# "Most viewed": page views (content's ViewCount, counted per month) of the months that
# began in the last VIEW_DAYS days.
VIEW_DAYS = 90
# Queue order within published and unpublished items: what needs work most first.
STATE_RANK = {
    State.OUTDATED.value: 0,
    State.MISSING.value: 1,
    State.MACHINE.value: 2,
    State.IN_TRANSLATION.value: 3,
}


def _grants(user):
    return [
        g
        for g in user_role_grants(user)
        if g.role in WORKSPACE_ROLES and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    ]


def workspace_languages(user) -> list[str]:
    """Languages the user may translate into somewhere: all the deployment's, or only
    those of their (limited) translator memberships."""
    codes = [code for code, _name in settings.LANGUAGES]
    grants = _grants(user)
    if any(g.role != Role.PA_TRANSLATOR or not g.languages for g in grants):
        return codes
    allowed = {code for g in grants for code in g.languages}
    return [code for code in codes if code in allowed]


def scope_q(user) -> Q:
    """Items the user's PA grants reach (as content's rules: region or organisation; a
    limited translator only the chosen regions)."""
    match = Q(pk__in=[])
    for g in _grants(user):
        if g.region_ids:
            match |= Q(region_id__in=list(g.region_ids))
        else:
            match |= Q(region_id=g.region_id) | Q(organisation_id=g.organisation_id)
    return match


def _states(model, pks, language) -> dict[int, TranslationState]:
    meta = model._meta
    return {
        row.object_id: row
        for row in TranslationState.objects.filter(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id__in=list(pks),
            language=language,
        )
    }


@dataclass
class QueueEntry:
    item: Any
    kind: str
    state: str  # the item's own state
    work: str  # what needs doing overall (the worst of the item, its steps and links)
    parts_to_do: int = 0
    published: bool = False
    views: int = 0  # page views in the last VIEW_DAYS days

    @property
    def kind_label(self) -> str:
        return str(type(self.item)._meta.verbose_name)

    @property
    def title(self) -> str:
        if isinstance(self.item, OrganisationProfile):
            return self.item.organisation.name
        return getattr(self.item, column(type(self.item).TITLE_FIELD, self.item.source_language))


def translation_queue(
    user, *, language: str, kind: str | None = None, topic: int | None = None
) -> list[QueueEntry]:
    """Items (of the user's scope, not archived, not written in `language`) whose
    `language` translation needs work: missing, machine translated, in translation or
    outdated, in the item itself or in one of a process's steps or links. Ordered by
    importance: published first, then most viewed (last VIEW_DAYS days), then outdated
    before missing (then machine, in translation), then title. Two queries per type
    (three for processes), two for NGO profiles and one for the views, whatever the
    number of items."""
    if kind in KINDS:
        models = [KINDS[kind]]
    else:
        models = [] if kind == PROFILE_KIND else list(KINDS.values())
    entries: list[QueueEntry] = []
    for model in models:
        qs = (
            model.objects.filter(scope_q(user))
            .exclude(status=Status.ARCHIVED)
            .exclude(source_language=language)
        )
        if topic:
            qs = qs.filter(topics__id=topic)
        items = list(qs.distinct())
        states = _states(model, [i.pk for i in items], language)
        parts: dict[int, int] = {}
        if model is Process and items:
            parts = _parts_to_do([i.pk for i in items], language)
        for item in items:
            row = states.get(item.pk)
            own = row.state if row else State.MISSING.value
            todo = parts.get(item.pk, 0)
            if own in CONFIRMED_STATES and not todo:
                continue
            work = own if own not in CONFIRMED_STATES else parts[("worst", item.pk)]
            if todo and STATE_RANK.get(parts[("worst", item.pk)], 9) < STATE_RANK.get(work, 9):
                work = parts[("worst", item.pk)]
            entries.append(
                QueueEntry(
                    item=item,
                    kind=KIND_OF[model],
                    state=own,
                    work=work,
                    parts_to_do=todo,
                    published=item.status == Status.PUBLISHED,
                )
            )
    if kind not in KINDS and not topic:
        entries += _profiles_to_do(user, language)
    views = recent_views([e.item for e in entries])
    for entry in entries:
        entry.views = views.get((type(entry.item), entry.item.pk), 0)
    entries.sort(
        key=lambda e: (
            not e.published,
            -e.views,
            STATE_RANK.get(e.work, 9),
            e.title.casefold(),
        )
    )
    return entries


def recent_views(items, *, days: int = VIEW_DAYS) -> dict[tuple[type, int], int]:
    """{(model, pk): page views} of the items in the months that began in the last `days`
    days (ViewCount counts per month): one query, none without items."""
    if not items:
        return {}
    by_model: dict[type, list[int]] = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item.pk)
    types = ContentType.objects.get_for_models(*by_model)  # cached after the first call
    match = Q(pk__in=[])
    for model, pks in by_model.items():
        match |= Q(content_type=types[model], object_id__in=pks)
    since = (timezone.localdate() - timedelta(days=days)).replace(day=1)
    model_of = {ct.pk: model for model, ct in types.items()}
    rows = (
        ViewCount.objects.filter(match, month__gte=since)
        .values("content_type_id", "object_id")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {(model_of[r["content_type_id"]], r["object_id"]): r["total"] for r in rows}


def profile_scope_q(user) -> Q:
    """NGO profiles the user's PA grants reach: those of organisations of their regions."""
    match = Q(pk__in=[])
    for g in _grants(user):
        if g.region_ids:
            match |= Q(organisation__region_id__in=list(g.region_ids))
        else:
            match |= Q(organisation__region_id=g.region_id) | Q(organisation_id=g.organisation_id)
    return match


def _shown_profiles(user):
    from apps.accounts.roles import Approval

    return OrganisationProfile.objects.filter(
        profile_scope_q(user),
        organisation__is_active=True,
        organisation__approval=Approval.APPROVED,
    ).select_related("organisation__region")


def _profiles_to_do(user, language: str) -> list[QueueEntry]:
    """Profiles of approved NGOs whose `language` translation needs work (two queries)."""
    if language == settings.LANGUAGE_CODE:  # the profiles' source language
        return []
    profiles = list(_shown_profiles(user))
    states = _states(OrganisationProfile, [p.pk for p in profiles], language)
    entries = []
    for profile in profiles:
        row = states.get(profile.pk)
        own = row.state if row else State.MISSING.value
        if own in CONFIRMED_STATES:
            continue
        entries.append(
            QueueEntry(item=profile, kind=PROFILE_KIND, state=own, work=own, published=True)
        )
    return entries


def _parts_to_do(process_ids: list[int], language: str) -> dict:
    """{process id: number of steps and links whose `language` translation needs work,
    ("worst", process id): the most urgent state among them}: three queries."""
    steps = list(Step.objects.filter(process_id__in=process_ids).values_list("pk", "process_id"))
    links = list(
        StepLink.objects.filter(process_id__in=process_ids).values_list("pk", "process_id")
    )
    rows = TranslationState.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Step), object_id__in=[s for s, _ in steps])
        | Q(
            content_type=ContentType.objects.get_for_model(StepLink),
            object_id__in=[link for link, _ in links],
        ),
        language=language,
    ).values_list("content_type__model", "object_id", "state")
    found = {(model, pk): state for model, pk, state in rows}
    out: dict = {}
    for model, pairs in (("step", steps), ("steplink", links)):
        for pk, process_id in pairs:
            state = found.get((model, pk))
            if state is None and model == "steplink":
                continue  # a link without a label in any language needs nothing
            state = state or State.MISSING.value
            if state in CONFIRMED_STATES:
                continue
            out[process_id] = out.get(process_id, 0) + 1
            worst = out.get(("worst", process_id))
            if worst is None or STATE_RANK.get(state, 9) < STATE_RANK.get(worst, 9):
                out[("worst", process_id)] = state
    return out


# --- one item side by side ------------------------------------------------------------------


@dataclass
class FieldView:
    name: str
    label: str
    source: str
    target: str
    rich: bool
    outdated: bool = False
    diff: SafeString | None = None  # the source's change since the translation was made


@dataclass
class Unit:
    """One thing with a state of its own: the item, a step, or a step link."""

    obj: Any
    key: str  # "item", "step-12", "link-4" (form prefixes and anchors)
    heading: str
    row: TranslationState | None
    fields: list[FieldView] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.row.state if self.row else State.MISSING.value


def _word_diff(old: str, new: str) -> SafeString:
    """The change from `old` to `new`, word by word, escaped: removed words in <del>,
    added in <ins>."""
    a, b = re.split(r"(\s+)", old or ""), re.split(r"(\s+)", new or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _old_texts(item: ContentItem) -> list[dict]:
    """The snapshots of the item's revisions, newest first (one query)."""
    return list(
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        )
        .order_by("-number")
        .values_list("snapshot", flat=True)[:100]
    )


def _old_text(snapshots: list[dict], obj, name: str, source: str, fingerprint: str) -> str | None:
    """The source text of field `name` whose fingerprint is `fingerprint`, from the newest
    revision that had it."""
    col = column(name, source)
    for snapshot in snapshots:
        if isinstance(obj, ContentItem):
            fields = snapshot.get("fields", {})
        else:
            key = "steps" if isinstance(obj, Step) else "links"
            fields = next((p["fields"] for p in snapshot.get(key, []) if p["id"] == obj.pk), None)
            if fields is None:
                continue
        if text_hash(fields.get(col)) == fingerprint:
            return fields.get(col) or ""
    return None


def editor_units(item: ContentItem, language: str) -> list[Unit]:
    """The item and (for a process) each step and link, each with its fields in the source
    language and `language`, its state row and, for outdated fields, the change of the
    source since the translation was made. Five queries at most."""
    source = item.source_language
    objects: list[tuple[Any, str, str]] = [(item, "item", "")]
    if isinstance(item, Process):
        steps = list(item.steps.all())
        number = {s.pk: i for i, s in enumerate(steps, start=1)}
        objects += [(s, f"step-{s.pk}", str(number[s.pk])) for s in steps]
        objects += [
            (
                link,
                f"link-{link.pk}",
                f"{number.get(link.from_step_id)}→{number.get(link.to_step_id)}",
            )
            for link in item.links.all()
        ]
    rows = _unit_rows([o for o, _k, _h in objects], language)
    snapshots = None
    units = []
    for obj, key, heading in objects:
        row = rows.get((type(obj), obj.pk))
        unit = Unit(obj=obj, key=key, heading=heading, row=row)
        rich = rich_fields(type(obj))
        for name in fields_of(type(obj)):
            src = getattr(obj, column(name, source)) or ""
            view = FieldView(
                name=name,
                label=str(type(obj)._meta.get_field(name).verbose_name),
                source=src,
                target=getattr(obj, column(name, language)) or "",
                rich=name in rich,
                outdated=bool(row and name in (row.outdated_fields or [])),
            )
            if view.outdated and row.source_hashes.get(name):
                if snapshots is None:
                    snapshots = _old_texts(item)
                old = _old_text(snapshots, obj, name, source, row.source_hashes[name])
                if old is not None:
                    view.diff = _word_diff(old, src)
            unit.fields.append(view)
        units.append(unit)
    return units


def _unit_rows(objects: list, language: str) -> dict:
    match = Q(pk__in=[])
    for model in {type(o) for o in objects}:
        match |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[o.pk for o in objects if type(o) is model],
        )
    models = {ContentType.objects.get_for_model(type(o)).pk: type(o) for o in objects}
    return {
        (models[row.content_type_id], row.object_id): row
        for row in TranslationState.objects.filter(match, language=language).select_related(
            "translated_by", "reviewed_by"
        )
    }


@dataclass
class TermView:
    term: str
    translation: str
    explanation: str


def glossary_terms_in(item: ContentItem, units: list[Unit], language: str) -> list[TermView]:
    """Published glossary terms (of the item's region and above) that occur in the source
    texts, with their translation in `language` (one query)."""
    source = item.source_language
    text = " ".join(f.source for u in units for f in u.fields).casefold()
    terms = GlossaryTerm.objects.filter(
        region_id__in=region_ancestor_ids(item.region_id), status=Status.PUBLISHED
    ).exclude(pk=item.pk if isinstance(item, GlossaryTerm) else None)
    found = []
    for term in terms:
        word = (getattr(term, column("term", source)) or "").strip()
        if word and word.casefold() in text:
            found.append(
                TermView(
                    term=word,
                    translation=getattr(term, column("term", language)) or "",
                    explanation=re.sub(
                        r"<[^>]+>", "", getattr(term, column("explanation", language)) or ""
                    ),
                )
            )
    return sorted(found, key=lambda t: t.term.casefold())
