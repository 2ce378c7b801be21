"""Reads of translation states: per item and language, coverage of one item, and the
current source hashes of items (for importers)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.content.models import Revision
from apps.translations.models import State, TranslationState
from apps.translations.services import source_language_of


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


def outdated_count(*, user) -> int:
    """How many translations (item, language) of the items `user` works on are outdated:
    their source text changed since they were made. One query, whatever the count.
    Items in the user's editor scope (`content.selectors.item_list_for_editor`), with the
    steps and links of their processes."""
    from apps.content import selectors as content_selectors
    from apps.content.models import Process, Step, StepLink
    from apps.content.services import CONTENT_MODELS

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
