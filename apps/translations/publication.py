"""Publication per language: which language of an item a migrant (or the public API) is
served, and which translation state that text is in.

- The item's source language is always shown.
- A language whose text is `translated` or `reviewed` is shown without a notice.
- `machine`: shown with a "machine translated" notice where the region allows it
  (`TenantSettings.show_machine_translations`), else the fallback language.
- `outdated`: shown with an "outdated" notice, or the fallback language, as the region
  configures (`TenantSettings.outdated_translations`: "notice" or "fallback").
- `in_translation` or `missing`: the fallback language.
- Text without any state row (written in the editor before or outside the translation
  workflow) is shown as it always was; its state is reported as `untracked`.

The fallback is content's: the first of `MODELTRANSLATION_FALLBACK_LANGUAGES` that has a
title, else the source language. The region is the deployment's (`tenant_settings_current`,
cached). States are read in one query per model for any number of items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.content.fields import column
from apps.regions.selectors import tenant_settings_current
from apps.translations.models import CONFIRMED_STATES, State, TranslationState

SOURCE = "source"
UNTRACKED = "untracked"
NOTICE_MACHINE = "machine"
NOTICE_OUTDATED = "outdated"


@dataclass(frozen=True)
class Policy:
    show_machine: bool = False
    outdated: str = "notice"  # or "fallback"


@dataclass(frozen=True)
class Served:
    language: str
    fallback: bool
    state: str  # SOURCE, UNTRACKED or a State value
    notice: str = ""  # "", NOTICE_MACHINE or NOTICE_OUTDATED


def policy_current() -> Policy:
    tenant = tenant_settings_current()
    if tenant is None:
        return Policy()
    return Policy(
        show_machine=bool(tenant.show_machine_translations),
        outdated=tenant.outdated_translations or "notice",
    )


def states_of(objects: Iterable[models.Model], language: str) -> dict[tuple[type, int], str]:
    """{(model, pk): state} of `language` for the objects that have a row, in one query
    whatever their number and models (none without objects)."""
    by_model: dict[type, set[int]] = {}
    for obj in objects:
        if obj is not None and obj.pk is not None:
            by_model.setdefault(type(obj), set()).add(obj.pk)
    if not by_model:
        return {}
    match = Q()
    for model, pks in by_model.items():
        meta = model._meta
        # By app label and model name (a join), not ContentType.get_for_model: one query.
        match |= Q(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id__in=pks,
        )
    models_by_name = {(m._meta.app_label, m._meta.model_name): m for m in by_model}
    rows = TranslationState.objects.filter(match, language=language).values_list(
        "content_type__app_label", "content_type__model", "object_id", "state"
    )
    return {(models_by_name[(app, name)], pk): state for app, name, pk, state in rows}


def _has(obj, field: str, code: str) -> bool:
    return bool(getattr(obj, column(field, code), None))


def _fallback(obj, field: str, language: str, source: str) -> str:
    for code in (*settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ()), source):
        if code != language and _has(obj, field, code):
            return code
    return source


def serve(
    obj,
    language: str,
    state: str | None,
    policy: Policy,
    *,
    source_language: str | None = None,
    title_field: str | None = None,
) -> Served:
    """The language `obj` is shown in for a reader of `language`, given the state of its
    `language` translation (None: no row)."""
    field = title_field or getattr(type(obj), "TITLE_FIELD", "title")
    source = source_language or getattr(obj, "source_language", None) or settings.LANGUAGE_CODE
    if language == source:
        return Served(language, False, SOURCE)
    if not _has(obj, field, language):
        code = _fallback(obj, field, language, source)
        return Served(code, True, state or State.MISSING.value)
    if state is None:
        return Served(language, False, UNTRACKED)
    if state in CONFIRMED_STATES:
        return Served(language, False, state)
    if state == State.MACHINE and policy.show_machine:
        return Served(language, False, state, NOTICE_MACHINE)
    if state == State.OUTDATED and policy.outdated != "fallback":
        return Served(language, False, state, NOTICE_OUTDATED)
    return Served(_fallback(obj, field, language, source), True, state)


def serve_all(
    objects: Iterable[models.Model], language: str, *, policy: Policy | None = None
) -> dict[tuple[type, int], Served]:
    """`serve` for many objects (items of any models) with their states in one query per
    model."""
    objects = [obj for obj in objects if obj is not None]
    # Items read in their source language have no state to look up.
    states = states_of(
        [o for o in objects if getattr(o, "source_language", None) != language], language
    )
    if policy is None:  # the region's settings matter only for these states
        needed = {State.MACHINE.value, State.OUTDATED.value} & set(states.values())
        policy = policy_current() if needed else Policy()
    return {
        (type(obj), obj.pk): serve(obj, language, states.get((type(obj), obj.pk)), policy)
        for obj in objects
    }
