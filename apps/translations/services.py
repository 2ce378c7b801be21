"""Every write to translation states: one language by hand (`state_set`), many at once for
importers (`states_set_bulk`), and outdated detection (`states_outdate`, called when
content reports a changed source text).

A state belongs to a content item, or to one step or step link of a process (MICADO
tracks those separately). It records the hash of the source text it was made from:
items use the revision's `source_hash` (content's `source_text_hash`, which covers a
process's steps and links too); a step or link uses `part_source_hash` over its own
source-language texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import services as content_services
from apps.content.models import ContentItem, Process, Step, StepLink
from apps.translations.models import TRACKED_STATES, State, TranslationState

# The parts of a process that have translation states of their own, and where a process
# snapshot (Revision.snapshot) keeps them.
PART_MODELS: dict[type[models.Model], str] = {Step: "steps", StepLink: "links"}


def _owner(obj: models.Model) -> ContentItem:
    """The content item whose permissions and source language apply to `obj`."""
    if isinstance(obj, ContentItem):
        return obj
    if isinstance(obj, tuple(PART_MODELS)):
        return obj.process
    raise TypeError(f"No translation state for {type(obj).__name__}.")


def source_language_of(obj: models.Model) -> str:
    return _owner(obj).source_language


def part_source_hash(fields: Mapping[str, Any], model: type[models.Model], language: str) -> str:
    """Hash of a step's or link's texts in `language`, from its instance or snapshot fields."""
    columns = content_services.translated_columns(model, languages=[language])
    texts = {col: fields.get(col) or "" for col in columns}
    return content_services.source_text_hash({"fields": texts}, language)


def current_source_hash(obj: models.Model) -> str:
    """The hash of `obj`'s source text as it is now."""
    owner = _owner(obj)
    if obj is owner:
        snapshot = content_services.item_snapshot(owner)
        return content_services.source_text_hash(snapshot, owner.source_language)
    columns = content_services.translated_columns(type(obj), languages=[owner.source_language])
    fields = {col: getattr(obj, col) for col in columns}
    return part_source_hash(fields, type(obj), owner.source_language)


def _validate(language: str, state: str, *, source_language: str | None) -> None:
    if language not in content_services.language_codes():
        raise ValidationError({"language": _("Unknown language: %(code)s.") % {"code": language}})
    if state not in State.values:
        raise ValidationError(
            {"state": _("Unknown translation state: %(state)s.") % {"state": state}}
        )
    if language == source_language:
        raise ValidationError(
            {
                "language": _(
                    "%(code)s is the source language of this item; it has no translation state."
                )
                % {"code": language}
            }
        )


@transaction.atomic
def state_set(
    *,
    item: models.Model,
    language: str,
    state: str,
    user=None,
    source_hash: str | None = None,
) -> TranslationState:
    """Set the state of one language of `item` (a content item, step or step link).

    `source_hash` defaults to the hash of the item's current source text. With a `user`,
    they need the right to translate the item; without one it is a system change.
    """
    owner = _owner(item)
    if user is not None and not user.has_perm("content.translate_item", owner):
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    _validate(language, state, source_language=owner.source_language)
    title = getattr(type(item), "TITLE_FIELD", "title") if item is owner else "title"
    text = getattr(item, content_services.column(title, language), "") or ""
    # A step link's label may be empty in every language; items and steps need a title.
    needs_text = isinstance(item, ContentItem | Step) and state in (State.TRANSLATED, State.MACHINE)
    if needs_text and not text.strip():
        raise ValidationError(
            {
                "state": _(
                    "There is no text in %(code)s yet, so it cannot be marked as translated."
                )
                % {"code": language}
            }
        )
    row, _created = TranslationState.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        language=language,
        defaults={
            "state": state,
            "source_hash": source_hash if source_hash is not None else current_source_hash(item),
            "updated_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    return row


@dataclass(frozen=True)
class StateEntry:
    """One language of one object for `states_set_bulk`."""

    model: type[models.Model]
    object_id: int
    language: str
    state: str
    source_hash: str
    source_language: str = ""


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@transaction.atomic
def states_set_bulk(
    *,
    entries: Iterable[StateEntry],
    scope: Mapping[type[models.Model], Iterable[int]] | None = None,
    user=None,
) -> BulkResult:
    """Set many states in a few queries per model (for importers). Entries are validated
    first; one bad entry raises ValidationError and changes nothing.

    `scope` ({model: pks}): the entries are the complete states of these objects, so their
    other rows are deleted (those languages become missing). Without it, other rows stay.
    """
    entries = list(entries)
    for entry in entries:
        _validate(entry.language, entry.state, source_language=entry.source_language or None)
    result = BulkResult()
    by_model: dict[type[models.Model], list[StateEntry]] = {}
    for entry in entries:
        by_model.setdefault(entry.model, []).append(entry)
    replace = {model: set(pks) for model, pks in (scope or {}).items()}
    for model in replace:
        by_model.setdefault(model, [])
    author = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    new: dict[tuple[int, int, str], TranslationState] = {}
    changed: dict[int, TranslationState] = {}
    stale: list[int] = []
    for model, group in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        existing = {
            (row.object_id, row.language): row
            for row in TranslationState.objects.filter(
                content_type=content_type,
                object_id__in={e.object_id for e in group} | replace.get(model, set()),
            )
        }
        wanted = set()
        for entry in group:
            key = (entry.object_id, entry.language)
            wanted.add(key)
            row = existing.get(key)
            if row is None:  # a later entry for the same key wins
                new[(content_type.pk, *key)] = TranslationState(
                    content_type=content_type,
                    object_id=entry.object_id,
                    language=entry.language,
                    state=entry.state,
                    source_hash=entry.source_hash,
                    updated_at=now,
                    updated_by=author,
                )
            elif (row.state, row.source_hash) != (entry.state, entry.source_hash):
                row.state, row.source_hash = entry.state, entry.source_hash
                row.updated_at, row.updated_by = now, author
                changed[row.pk] = row
            else:
                result.unchanged += 1
        if model in replace:
            stale += [
                row.pk
                for key, row in existing.items()
                if key not in wanted and key[0] in replace[model]
            ]
    if new:
        TranslationState.objects.bulk_create(list(new.values()), batch_size=500)
    if changed:
        TranslationState.objects.bulk_update(
            list(changed.values()),
            ["state", "source_hash", "updated_at", "updated_by"],
            batch_size=500,
        )
    if stale:
        TranslationState.objects.filter(pk__in=stale).delete()
    result.created, result.updated, result.deleted = len(new), len(changed), len(stale)
    return result


@transaction.atomic
def states_outdate(
    *, item: ContentItem, source_hash: str, snapshot: Mapping[str, Any] | None = None, user=None
) -> int:
    """The source text of `item` changed to `source_hash`: every language translated (or
    machine translated, or in translation) from another text becomes outdated. For a
    process, its steps and links are compared one by one (from `snapshot`, the new
    revision's). Returns the number of states changed."""
    author = user if getattr(user, "is_authenticated", False) else None
    outdated = {"state": State.OUTDATED, "updated_at": timezone.now(), "updated_by": author}
    count = (
        TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            state__in=TRACKED_STATES,
        )
        .exclude(source_hash=source_hash)
        .update(**outdated)
    )
    if snapshot is None or not isinstance(item, Process):
        return count
    for model, key in PART_MODELS.items():
        hashes = {
            part["id"]: part_source_hash(part["fields"], model, item.source_language)
            for part in snapshot.get(key, [])
        }
        if not hashes:
            continue
        rows = TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=hashes,
            state__in=TRACKED_STATES,
        ).values_list("pk", "object_id", "source_hash")
        stale = [pk for pk, object_id, old in rows if old != hashes[object_id]]
        if stale:
            count += TranslationState.objects.filter(pk__in=stale).update(**outdated)
    return count
