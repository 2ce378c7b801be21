"""Reads of translation states: per item and language, coverage of one item, and the
current source hashes of items (for importers)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags

from apps.content.models import Process, Revision
from apps.translations.models import State, TranslationState
from apps.translations.services import fields_of, source_language_of


def _languages(languages: Iterable[str] | None) -> list[str]:
    if languages is None:
        return [code for code, _name in settings.LANGUAGES]
    return list(languages)


def states_for(
    items: Sequence[models.Model], languages: Iterable[str] | None = None
) -> dict[int, dict[str, str]]:
    """{item pk: {language: state}} for `items` (all of one model) in one query.

    `languages` defaults to the languages this deployment shows; each item's source
    language is left out, a language without a row is `missing`. Steps and links take
    the source language of their process: select_related("process") to keep it one query.
    """
    items = list(items)
    if not items:
        return {}
    model = type(items[0])
    if any(type(item) is not model for item in items):
        raise TypeError("states_for() takes items of one model.")
    langs = _languages(languages)
    meta = model._meta
    rows = TranslationState.objects.filter(
        # By app label and model name (a join), not ContentType.get_for_model: always one query.
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id__in=[item.pk for item in items],
        language__in=langs,
    ).values_list("object_id", "language", "state")
    found: dict[int, dict[str, str]] = {}
    for object_id, language, state in rows:
        found.setdefault(object_id, {})[language] = state
    out = {}
    for item in items:
        source = source_language_of(item)
        have = found.get(item.pk, {})
        out[item.pk] = {
            lang: have.get(lang, State.MISSING.value) for lang in langs if lang != source
        }
    return out


@dataclass
class Coverage:
    """How far one item is translated into the languages this deployment shows."""

    source_language: str
    states: dict[str, str]  # language -> state, in the order of settings.LANGUAGES
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.states)

    @property
    def translated(self) -> int:
        return self.counts[State.TRANSLATED.value]

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100

    def languages_in(self, *states: str) -> list[str]:
        return [lang for lang, state in self.states.items() if state in states]


def coverage(item: models.Model, languages: Iterable[str] | None = None) -> Coverage:
    states = states_for([item], languages)[item.pk]
    return Coverage(
        source_language=source_language_of(item),
        states=states,
        counts=Counter(states.values()),
    )


def latest_source_hashes(model: type[models.Model], pks: Iterable[int]) -> dict[int, str]:
    """{pk: source_hash of the item's latest revision} for content items of `model`."""
    out: dict[int, str] = {}
    rows = (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
        )
        .order_by("object_id", "number")
        .values_list("object_id", "source_hash")
    )
    for object_id, source_hash in rows:
        out[object_id] = source_hash  # ascending numbers: the last one wins
    return out


# --- coverage per region, language and content type -------------------------------------------

_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\d_][\w'’-]*|\d+", re.UNICODE)


def word_count(text: str | None) -> int:
    """Words of a text without its markup and mention markers; each Chinese character
    counts as a word (Chinese has no spaces)."""
    text = re.sub(r"@\[[a-z]+,\d+\]\(([^)]*)\)", r"\1", text or "")
    return len(_WORD.findall(strip_tags(text)))


@dataclass
class CoverageRow:
    region: str
    language: str
    kind: str
    counts: Counter = field(default_factory=Counter)
    words_left: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, state: str) -> int:
        return round(100 * self.counts[state] / self.total) if self.total else 0

    @property
    def done_percent(self) -> int:
        done = self.counts[State.TRANSLATED.value] + self.counts[State.REVIEWED.value]
        return round(100 * done / self.total) if self.total else 0

    def cells(self) -> list[tuple[str, int, int]]:
        return [(state, self.counts[state], self.percent(state)) for state in State.values]


def _source_words(obj, model, source: str) -> int:
    from apps.content.fields import column

    return sum(word_count(getattr(obj, column(name, source))) for name in fields_of(model))


def coverage_table(
    items_q: Q | None = None,
    languages: Iterable[str] | None = None,
    *,
    profiles_q: Q | None = None,
):
    """Coverage of every kind of content (not archived; `items_q` narrows it, e.g. to a
    user's scope): one row per (owner region, language, kind) with the number of items
    in each state and the words left to translate (the source-language words of each
    item, step and link whose translation is neither translated nor reviewed). A fixed
    number of queries (two per kind, three more for steps and links, two for the NGO
    profiles of approved NGOs; `profiles_q` narrows those, on the profile's fields)."""
    from apps.content.models import Status, Step, StepLink
    from apps.translations.workspace import KINDS

    langs = _languages(languages)
    confirmed = {State.TRANSLATED.value, State.REVIEWED.value}
    table: dict[tuple[str, str, str], CoverageRow] = {}

    def states_by(model, pks) -> dict[tuple[int, str], str]:
        meta = model._meta
        return {
            (pk, lang): state
            for pk, lang, state in TranslationState.objects.filter(
                content_type__app_label=meta.app_label,
                content_type__model=meta.model_name,
                object_id__in=list(pks),
            ).values_list("object_id", "language", "state")
        }

    from apps.accounts.roles import Approval
    from apps.content.models import OrganisationProfile
    from apps.translations.workspace import PROFILE_KIND

    def kinds():
        for kind, model in KINDS.items():
            qs = model.objects.exclude(status=Status.ARCHIVED).select_related("region")
            if items_q is not None:
                qs = qs.filter(items_q)
            yield kind, model, qs
        profiles = OrganisationProfile.objects.filter(
            organisation__is_active=True, organisation__approval=Approval.APPROVED
        ).select_related("organisation__region")
        if profiles_q is not None:
            profiles = profiles.filter(profiles_q)
        elif items_q is not None:
            profiles = profiles.none()  # a narrowed table without a profile scope
        yield PROFILE_KIND, OrganisationProfile, profiles

    for kind, model, qs in kinds():
        items = list(qs)
        if not items:
            continue
        states = states_by(model, [i.pk for i in items])
        parts: dict[int, list[tuple[Any, type]]] = {}
        part_states: dict[tuple[type, int, str], str] = {}
        if model is Process:
            for part_model in (Step, StepLink):
                objs = list(part_model.objects.filter(process_id__in=[i.pk for i in items]))
                for obj in objs:
                    parts.setdefault(obj.process_id, []).append((obj, part_model))
                for (pk, lang), state in states_by(part_model, [o.pk for o in objs]).items():
                    part_states[(part_model, pk, lang)] = state
        for item in items:
            source = item.source_language
            own_words = _source_words(item, model, source)
            for lang in langs:
                if lang == source:
                    continue
                key = (item.region.name, lang, kind)
                row = table.setdefault(
                    key, CoverageRow(region=item.region.name, language=lang, kind=kind)
                )
                state = states.get((item.pk, lang), State.MISSING.value)
                row.counts[state] += 1
                if state not in confirmed:
                    row.words_left += own_words
                for obj, part_model in parts.get(item.pk, []):
                    part_state = part_states.get((part_model, obj.pk, lang), State.MISSING.value)
                    if part_state not in confirmed:
                        row.words_left += _source_words(obj, part_model, source)
    return sorted(table.values(), key=lambda r: (r.region, langs.index(r.language), r.kind))


def outdated_count(*, user) -> int:
    """How many translations (item, language) of the items `user` works on are outdated:
    their source text changed since they were made. One query, whatever the count.
    Items in the user's editor scope (`content.selectors.item_list_for_editor`), with the
    steps and links of their processes."""
    from apps.content import selectors as content_selectors
    from apps.content.fields import CONTENT_MODELS
    from apps.content.models import Process, Step, StepLink

    match = models.Q(pk__in=[])
    processes = None
    for model in CONTENT_MODELS.values():
        ids = content_selectors.item_list_for_editor(model, user=user).order_by().values("pk")
        if model is Process:
            processes = ids
        match |= models.Q(content_type__model=model._meta.model_name, object_id__in=ids)
    for model in (Step, StepLink):
        ids = model.objects.filter(process__in=processes).values("pk")
        match |= models.Q(content_type__model=model._meta.model_name, object_id__in=ids)
    return TranslationState.objects.filter(
        match, content_type__app_label="content", state=State.OUTDATED
    ).count()
