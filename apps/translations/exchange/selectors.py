"""Which texts go into an exchange file: one unit per translated field of a content item,
process step or step link, for one target language.

A unit's id is `<model>:<pk>:<field>` (`process:12:description`, `step:40:title`,
`steplink:7:label`); its fingerprint is the sha256 of the source field's text as
exported, so an import recognises a unit whose source changed since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Prefetch

from apps.content.fields import CONTENT_MODELS, TRANSLATED_FIELDS, column, rich_fields
from apps.content.models import ContentItem, Process, Status, Step, StepLink
from apps.content.selectors import published_q
from apps.regions.models import Region
from apps.regions.selectors import region_within_q
from apps.translations.models import State
from apps.translations.selectors import states_for

UNIT_MODELS: dict[str, type[models.Model]] = {
    **{model._meta.model_name: model for model in CONTENT_MODELS.values()},
    "step": Step,
    "steplink": StepLink,
}
NEEDS_WORK = (State.MISSING.value, State.OUTDATED.value)


def fingerprint(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def unit_key(obj: models.Model, field_name: str) -> str:
    return f"{type(obj)._meta.model_name}:{obj.pk}:{field_name}"


def parse_key(key: str) -> tuple[type[models.Model], int, str] | None:
    """(model, pk, field) of a unit id, or None if it names nothing we translate."""
    parts = (key or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    model = UNIT_MODELS.get(parts[0])
    if model is None or parts[2] not in TRANSLATED_FIELDS.get(model, ()):
        return None
    return model, int(parts[1]), parts[2]


def is_rich(model: type[models.Model], field_name: str) -> bool:
    return field_name in rich_fields(model)


def owner_of(obj: models.Model) -> ContentItem:
    return obj if isinstance(obj, ContentItem) else obj.process


@dataclass
class Unit:
    key: str
    obj: models.Model
    field: str
    source_language: str
    source: str
    target: str
    state: str

    @property
    def rich(self) -> bool:
        return is_rich(type(self.obj), self.field)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.source)

    @property
    def owner(self) -> ContentItem:
        return owner_of(self.obj)

    @property
    def context(self) -> str:
        """Where the text is, for the translator: "Process 12 “Title” · description"."""
        owner = self.owner
        title_field = column(type(owner).TITLE_FIELD, owner.source_language)
        where = f"{type(owner)._meta.verbose_name} {owner.pk} “{getattr(owner, title_field, '')}”"
        if self.obj is not owner:
            where += f" · {type(self.obj)._meta.verbose_name} {self.obj.pk}"
        return f"{where} · {type(self.obj)._meta.get_field(self.field).verbose_name}"


@dataclass
class Selection:
    language: str
    source_language: str
    units: list[Unit] = field(default_factory=list)
    # Items left out because they are written in another source language.
    other_source: int = 0
    items: int = 0


def _units_of(obj, *, source: str, language: str, state: str) -> list[Unit]:
    out = []
    for name in TRANSLATED_FIELDS[type(obj)]:
        text = getattr(obj, column(name, source)) or ""
        if not text.strip():
            continue
        out.append(
            Unit(
                key=unit_key(obj, name),
                obj=obj,
                field=name,
                source_language=source,
                source=text,
                target=getattr(obj, column(name, language)) or "",
                state=state,
            )
        )
    return out


def units_select(
    *,
    language: str,
    source_language: str | None = None,
    user=None,
    items: Sequence[ContentItem] | None = None,
    region: Region | None = None,
    states: Iterable[str] | None = None,
    published_only: bool = False,
    models_wanted: Iterable[type[ContentItem]] | None = None,
) -> Selection:
    """The units to translate into `language`: of `items`, or of every item (owned by
    `region` or a region below it), not archived, that the user may translate; with
    `states`, only of items, steps and links in one of those states. Items written in
    another source language than `source_language` (default: the platform's) are left
    out and counted. A few queries per model whatever the number of items."""
    source = source_language or settings.LANGUAGE_CODE
    selection = Selection(language=language, source_language=source)
    wanted_states = set(states) if states else None
    if items is not None:
        by_model: dict[type, list[int]] = {}
        for item in items:
            by_model.setdefault(type(item), []).append(item.pk)
    else:
        chosen = list(models_wanted) if models_wanted else list(CONTENT_MODELS.values())
        by_model = {model: [] for model in chosen}
    for model, pks in by_model.items():
        qs = model.objects.select_related("organisation", "region").exclude(status=Status.ARCHIVED)
        if items is not None:
            qs = qs.filter(pk__in=pks)
        if region is not None:
            qs = qs.filter(region_within_q(ancestor_id=region.pk, ancestor_code=region.code))
        if published_only:
            qs = qs.filter(published_q(model))
        if model is Process:
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=Step.objects.select_related("process").order_by(
                    "position", "pk")),
                Prefetch("links", queryset=StepLink.objects.select_related("process").order_by(
                    "pk")),
            )  # fmt: skip
        found = []
        for item in qs.order_by("pk"):
            if user is not None and not user.has_perm("content.translate_item", item):
                continue
            if item.source_language == language:
                continue
            if item.source_language != source:
                selection.other_source += 1
                continue
            found.append(item)
        if not found:
            continue
        item_states = states_for(found, [language])
        parts: dict[type, list] = {Step: [], StepLink: []}
        if model is Process:
            for item in found:
                parts[Step] += list(item.steps.all())
                parts[StepLink] += list(item.links.all())
        part_states = {m: states_for(objs, [language]) for m, objs in parts.items() if objs}
        for item in found:
            selection.items += 1
            objs: list[tuple[models.Model, str]] = [(item, item_states[item.pk][language])]
            if model is Process:
                for part_model in (Step, StepLink):
                    objs += [
                        (part, part_states[part_model][part.pk][language])
                        for part in (item.steps.all() if part_model is Step else item.links.all())
                    ]
            for obj, state in objs:
                if wanted_states is not None and state not in wanted_states:
                    continue
                selection.units += _units_of(obj, source=source, language=language, state=state)
    return selection


def objects_for_keys(keys: Iterable[tuple[type[models.Model], int]]) -> dict:
    """{(model, pk): object} for unit ids, owner items loaded (one query per model)."""
    by_model: dict[type, set[int]] = {}
    for model, pk in keys:
        by_model.setdefault(model, set()).add(pk)
    out = {}
    for model, pks in by_model.items():
        qs = model.objects.filter(pk__in=pks)
        if model in (Step, StepLink):
            qs = qs.select_related("process__organisation", "process__region")
        else:
            qs = qs.select_related("organisation", "region")
        for obj in qs:
            out[(model, obj.pk)] = obj
    return out


def items_needing_work(
    *, region: Region | None, languages: Iterable[str], user=None
) -> list[tuple[ContentItem, list[str]]]:
    """Items (not archived) of `region` and below that have a missing or outdated
    language (the item, or one of its steps or links), with those languages."""
    languages = list(languages)
    out = []
    for model in CONTENT_MODELS.values():
        qs = model.objects.select_related("organisation", "region").exclude(status=Status.ARCHIVED)
        if region is not None:
            qs = qs.filter(region_within_q(ancestor_id=region.pk, ancestor_code=region.code))
        if model is Process:
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=Step.objects.select_related("process")),
                Prefetch("links", queryset=StepLink.objects.select_related("process")),
            )
        items = [
            i
            for i in qs.order_by("pk")
            if user is None or user.has_perm("content.translate_item", i)
        ]
        if not items:
            continue
        states = states_for(items, languages)
        part_states: dict = {}
        if model is Process:
            steps = [s for i in items for s in i.steps.all()]
            links = [
                link
                for i in items
                for link in i.links.all()
                if (getattr(link, column("label", i.source_language)) or "").strip()
            ]
            part_states = {**states_for(steps, languages)} if steps else {}
            link_states = states_for(links, languages) if links else {}
        for item in items:
            todo = {lang for lang, state in states[item.pk].items() if state in NEEDS_WORK}
            if model is Process:
                for step in item.steps.all():
                    todo |= {lang for lang, s in part_states[step.pk].items() if s in NEEDS_WORK}
                for link in item.links.all():
                    if link.pk not in link_states:
                        continue  # no label to translate
                    todo |= {lang for lang, s in link_states[link.pk].items() if s in NEEDS_WORK}
            if todo:
                out.append((item, [lang for lang in languages if lang in todo]))
    return out
