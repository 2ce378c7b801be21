"""Every write to translation states: one language by hand (`state_set`), many at once for
importers (`states_set_bulk`), outdated detection (`states_outdate`, called when content
reports a changed source text), and the translator's work (`translation_save`,
`translation_mark_reviewed`).

A state belongs to a content item, or to one step or step link of a process (MICADO
tracks those separately). It records the **fingerprint of each source field** it was made
from (`source_hashes`, {field: hash of the source-language text of that field}): a
change of one source field outdates exactly the translations of that field
(`outdated_fields`), and a process's own row covers only the process's own fields, a
step's only that step's. `source_hash` (the item's `source_text_hash`, a step's or link's
`part_source_hash`) is kept for exchange files and importers; rows without field
fingerprints (older imports) are compared on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import services as content_services
from apps.content.cache import content_changed
from apps.content.fields import TRANSLATED_FIELDS
from apps.content.models import ContentItem, OrganisationProfile, Process, Step, StepLink
from apps.content.services import profile as profile_services
from apps.translations.models import TRACKED_STATES, State, TranslationState
from apps.translations.rules import Target

# The parts of a process that have translation states of their own, and where a process
# snapshot (Revision.snapshot) keeps them.
PART_MODELS: dict[type[models.Model], str] = {Step: "steps", StepLink: "links"}


def _owner(obj: models.Model) -> ContentItem:
    """The content item whose permissions and source language apply to `obj`."""
    if isinstance(obj, ContentItem | OrganisationProfile):  # a profile is its own owner
        return obj
    if isinstance(obj, tuple(PART_MODELS)):
        return obj.process
    raise TypeError(f"No translation state for {type(obj).__name__}.")


def source_language_of(obj: models.Model) -> str:
    return _owner(obj).source_language


def fields_of(model: type[models.Model]) -> tuple[str, ...]:
    """The translated fields of `model` (the fields a state's fingerprints cover)."""
    return TRANSLATED_FIELDS.get(model, ())


def text_hash(text: str | None) -> str:
    """Fingerprint of one field's source text (empty text has a fingerprint too)."""
    return hashlib.sha256((text or "").encode()).hexdigest()


def field_hashes(fields: Mapping[str, Any], model: type[models.Model], language: str) -> dict:
    """{field: fingerprint} of the `language` texts in `fields` (an instance's or a
    snapshot's columns, `title_de` ...)."""
    return {
        name: text_hash(fields.get(content_services.column(name, language)))
        for name in fields_of(model)
    }


def current_field_hashes(obj: models.Model) -> dict[str, str]:
    """{field: fingerprint} of `obj`'s source texts as they are now."""
    language = source_language_of(obj)
    columns = content_services.translated_columns(type(obj), languages=[language])
    return field_hashes({col: getattr(obj, col) for col in columns}, type(obj), language)


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


def _title_text(item: models.Model, language: str) -> str:
    owner = _owner(item)
    title = getattr(type(item), "TITLE_FIELD", "title") if item is owner else "title"
    return getattr(item, content_services.column(title, language), "") or ""


def _row(item: models.Model, language: str) -> TranslationState | None:
    return (
        TranslationState.objects.select_for_update()
        .filter(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            language=language,
        )
        .first()
    )


@transaction.atomic
def state_set(
    *,
    item: models.Model,
    language: str,
    state: str,
    user=None,
    source_hash: str | None = None,
    source_hashes: Mapping[str, str] | None = None,
) -> TranslationState:
    """Set the state of one language of `item` (a content item, step or step link).

    The fingerprints (`source_hash`, `source_hashes`) default to those of the item's
    current source text: the translation is now made from it (but `in_translation` and
    `outdated` keep the fingerprints a row already has, so what changed since stays
    visible). `translated` records the user as translator, `reviewed` as reviewer (who
    must be another person). With a `user`, they need the right to translate the item
    into `language` (`reviewed`: to review it); without one it is a system change.
    """
    owner = _owner(item)
    target = Target(item=owner, language=language)
    if user is not None and not user.has_perm("content.translate_item", owner):
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    _validate(language, state, source_language=owner.source_language)
    if user is not None:
        perm = "translations.review" if state == State.REVIEWED else "translations.translate"
        if not user.has_perm(perm, target):
            raise PermissionDenied(_("You are not allowed to do this with this item."))
    # A step link's label may be empty in every language; items and steps need a title.
    needs_text = isinstance(item, ContentItem | Step | OrganisationProfile) and state in (
        State.TRANSLATED,
        State.REVIEWED,
        State.MACHINE,
    )
    if needs_text and not _title_text(item, language).strip():
        raise ValidationError(
            {
                "state": _(
                    "There is no text in %(code)s yet, so it cannot be marked as translated."
                )
                % {"code": language}
            }
        )
    row = _row(item, language)
    author = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    if state == State.REVIEWED:
        if row is None or row.state not in (State.TRANSLATED, State.MACHINE, State.REVIEWED):
            raise ValidationError(
                {"state": _("Only a translation marked as translated can be marked as reviewed.")}
            )
        if author is not None and row.translated_by_id == author.pk:
            raise ValidationError(
                {
                    "state": _(
                        "Another person must review this translation: you translated it yourself."
                    )
                }
            )
    if row is None:
        row = TranslationState(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            language=language,
        )
    keep = state in (State.IN_TRANSLATION, State.OUTDATED) and row.pk and row.source_hashes
    if not keep:
        row.source_hash = source_hash if source_hash is not None else current_source_hash(item)
        row.source_hashes = (
            dict(source_hashes) if source_hashes is not None else current_field_hashes(item)
        )
        row.outdated_fields = [] if state != State.OUTDATED else list(fields_of(type(item)))
    if state in (State.TRANSLATED, State.MACHINE):
        row.translated_by, row.translated_at = author, now
        row.reviewed_by, row.reviewed_at = None, None
    elif state == State.REVIEWED:
        row.reviewed_by, row.reviewed_at = author, now
    row.state = state
    row.updated_by = author
    row.save()
    content_changed()  # pages shown in this language change
    return row


@dataclass(frozen=True)
class StateEntry:
    """One language of one object for `states_set_bulk`. `source_hashes`: the field
    fingerprints ({field: hash}); without them the row is compared on `source_hash`."""

    model: type[models.Model]
    object_id: int
    language: str
    state: str
    source_hash: str
    source_language: str = ""
    source_hashes: Mapping[str, str] | None = field(default=None, compare=False)


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
            hashes = dict(entry.source_hashes or {})
            outdated = list(fields_of(model)) if entry.state == State.OUTDATED else []
            if row is None:  # a later entry for the same key wins
                new[(content_type.pk, *key)] = TranslationState(
                    content_type=content_type,
                    object_id=entry.object_id,
                    language=entry.language,
                    state=entry.state,
                    source_hash=entry.source_hash,
                    source_hashes=hashes,
                    outdated_fields=outdated,
                    updated_at=now,
                    updated_by=author,
                )
            elif (row.state, row.source_hash) != (entry.state, entry.source_hash) or (
                entry.source_hashes is not None and row.source_hashes != hashes
            ):
                row.state, row.source_hash = entry.state, entry.source_hash
                if entry.source_hashes is not None:
                    row.source_hashes = hashes
                row.outdated_fields = outdated
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
            [
                "state",
                "source_hash",
                "source_hashes",
                "outdated_fields",
                "updated_at",
                "updated_by",
            ],
            batch_size=500,
        )
    if stale:
        TranslationState.objects.filter(pk__in=stale).delete()
    result.created, result.updated, result.deleted = len(new), len(changed), len(stale)
    if result.changed:
        content_changed()
    return result


def _compare(
    rows: Iterable[TranslationState],
    current: Mapping[int, tuple[str, dict[str, str]]],
    *,
    minor: bool,
    author,
    now,
) -> list[TranslationState]:
    """Compare rows with the current fingerprints ({object id: (source hash, {field:
    hash})}); returns the rows to save. A field whose source text changed is outdated,
    unless the change is `minor`: then its fingerprint moves forward."""
    dirty = []
    for row in rows:
        if row.object_id not in current:
            continue
        source_hash, hashes = current[row.object_id]
        before = (row.state, row.source_hash, dict(row.source_hashes), list(row.outdated_fields))
        already = set(row.outdated_fields)
        if row.source_hashes:
            changed = {f for f, h in hashes.items() if row.source_hashes.get(f) != h}
        else:  # a row from before field fingerprints: all or nothing, on the whole text
            changed = set(hashes) if row.source_hash != source_hash else set()
        changed -= already
        if not changed:
            continue
        if minor:
            row.source_hashes = {**row.source_hashes, **{f: hashes[f] for f in changed}}
            if not already:
                row.source_hash = source_hash
        else:
            order = list(hashes)
            row.outdated_fields = sorted(already | changed, key=order.index)
            row.state = State.OUTDATED
            row.updated_at, row.updated_by = now, author
        if before != (row.state, row.source_hash, row.source_hashes, row.outdated_fields):
            dirty.append(row)
    return dirty


@transaction.atomic
def states_outdate(
    *,
    item: ContentItem,
    source_hash: str,
    snapshot: Mapping[str, Any] | None = None,
    user=None,
    minor: bool = False,
) -> int:
    """The source text of `item` changed (to `source_hash`; `snapshot` is the new
    revision's): each language translated (or machine translated, in translation,
    reviewed) from another text of a field becomes outdated, with exactly the fields
    whose source text changed. A process's own row covers its own fields; its steps and
    links are compared one by one. A `minor` change outdates nothing: the fingerprints
    of the changed fields move forward. Returns the number of rows changed."""
    author = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    language = item.source_language
    if snapshot is None:
        snapshot = content_services.item_snapshot(item)
    tracked = (*TRACKED_STATES, State.OUTDATED)
    groups: list[tuple[type[models.Model], dict[int, tuple[str, dict[str, str]]]]] = [
        (
            type(item),
            {item.pk: (source_hash, field_hashes(snapshot["fields"], type(item), language))},
        )
    ]
    if isinstance(item, Process):
        for model, key in PART_MODELS.items():
            groups.append(
                (
                    model,
                    {
                        part["id"]: (
                            part_source_hash(part["fields"], model, language),
                            field_hashes(part["fields"], model, language),
                        )
                        for part in snapshot.get(key, [])
                    },
                )
            )
    dirty: list[TranslationState] = []
    for model, current in groups:
        if not current:
            continue
        rows = TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=list(current),
            state__in=tracked,
        )
        dirty += _compare(rows, current, minor=minor, author=author, now=now)
    if dirty:
        TranslationState.objects.bulk_update(
            dirty,
            [
                "state",
                "source_hash",
                "source_hashes",
                "outdated_fields",
                "updated_at",
                "updated_by",
            ],
        )
    return len(dirty)


def states_delete_for(*, model: type[models.Model], pks: Iterable[int]) -> int:
    """Forget the states of deleted objects (an item, step or link): no row outlives its
    object. Called when they are deleted."""
    deleted, _per_model = TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
    ).delete()
    return deleted


# --- the translator's work ------------------------------------------------------------------


def _part_label(part: models.Model) -> str:
    return _("step") if isinstance(part, Step) else _("connection")


@transaction.atomic
def translation_save(
    *,
    obj: models.Model,
    language: str,
    user,
    texts: Mapping[str, str],
    expected_version: int | None,
    mark_translated: bool = False,
) -> TranslationState:
    """A translator writes the `language` texts of `obj` (an item, a step or a step link):
    `texts` maps field names (`title`, `description`) to the new text. Only target
    languages, only the translator's languages and regions. Saves through content's
    services (version check, revision, sanitising) and sets the state: `in_translation`,
    or `translated` with `mark_translated`."""
    owner = _owner(obj)
    if not user.has_perm("translations.translate", Target(item=owner, language=language)):
        raise PermissionDenied(_("You are not allowed to translate this item into this language."))
    _validate(language, State.IN_TRANSLATION, source_language=owner.source_language)
    allowed = fields_of(type(obj))
    unknown = sorted(set(texts) - set(allowed))
    if unknown:
        raise ValidationError(
            {
                unknown[0]: _("This field cannot be translated here: %(field)s.")
                % {"field": unknown[0]}
            }
        )
    columns = {
        content_services.column(name, language): (value or "").strip()
        for name, value in texts.items()
    }
    changed = {col: v for col, v in columns.items() if (getattr(obj, col) or "") != v}
    if changed:
        if isinstance(obj, ContentItem):
            content_services.item_update(
                item=obj, user=user, expected_version=expected_version, data=changed
            )
        elif isinstance(obj, OrganisationProfile):
            profile_services.organisation_profile_translate(
                profile=obj, language=language, user=user, data=changed
            )
        elif isinstance(obj, Step):
            content_services.step_update(
                step=obj, user=user, expected_version=expected_version, data=changed
            )
        else:
            content_services.step_link_update(
                link=obj,
                user=user,
                expected_version=expected_version,
                label={language: changed[content_services.column("label", language)]},
            )
    state = State.TRANSLATED if mark_translated else State.IN_TRANSLATION
    return state_set(item=obj, language=language, state=state, user=user)


def translation_mark_reviewed(*, obj: models.Model, language: str, user) -> TranslationState:
    """A second person confirms a translation (a PA translator or admin other than the
    translator)."""
    return state_set(item=obj, language=language, state=State.REVIEWED, user=user)
