"""Snapshots, revisions and their diff, optimistic locking (versions), restoring a
revision, and writing revisions for many items at once (importers, demo loader).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content.fields import (
    editable_fields,
    translated_columns,
)
from apps.content.models import (
    ContentItem,
    DocumentType,
    Office,
    Process,
    Revision,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.content.services._base import (
    StaleVersionError,
    clean_texts,
    editable_columns,
    jsonable,
    pks_of,
    require_perm,
    validate_item,
)
from apps.content.signals import revision_written, source_text_changed
from apps.core.cache import content_changed


def instance_fields(instance) -> dict[str, Any]:
    model = type(instance)
    names = list(translated_columns(model))
    for name in editable_fields(model):
        names.append(model._meta.get_field(name).attname)
    return jsonable({name: getattr(instance, name) for name in names})


def item_snapshot(item: ContentItem, *, prefetched: bool = False) -> dict[str, Any]:
    """Everything a revision restores: all languages, relations, and a process's steps.
    `prefetched`: the caller loaded the steps with their documents (revisions_write_many);
    otherwise they are read afresh (a cached list may hold a step just deleted)."""
    snapshot: dict[str, Any] = {
        "fields": instance_fields(item),
        "topics": pks_of(item.topics.all()),
        "user_types": pks_of(item.user_types.all()),
    }
    if isinstance(item, Process):
        steps = (
            item.steps.all()  # loaded with their documents by the caller
            if prefetched
            else item.steps.prefetch_related("required_documents", "produced_documents")
        )
        snapshot["steps"] = [
            {
                "id": step.pk,
                "fields": instance_fields(step),
                "required_documents": pks_of(step.required_documents.all()),
                "produced_documents": pks_of(step.produced_documents.all()),
            }
            for step in steps
        ]
        snapshot["links"] = [
            {
                "id": link.pk,
                "from_step": link.from_step_id,
                "to_step": link.to_step_id,
                "fields": instance_fields(link),
            }
            for link in item.links.all()
        ]
    return snapshot


def source_text_hash(snapshot: dict[str, Any], source_language: str) -> str:
    """Hash of the source-language texts; a translation made from another hash is outdated."""
    suffix = "_" + source_language.replace("-", "_")
    texts: list[Any] = [[k, v] for k, v in sorted(snapshot["fields"].items()) if k.endswith(suffix)]
    for step in snapshot.get("steps", []):
        texts.append([[k, v] for k, v in sorted(step["fields"].items()) if k.endswith(suffix)])
    for link in snapshot.get("links", []):
        texts.append([[k, v] for k, v in sorted(link["fields"].items()) if k.endswith(suffix)])
    payload = json.dumps(texts, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()


def revision_write(*, item: ContentItem, user, action: str, minor: bool = False) -> Revision:
    # Every content change writes a revision: cached pages are out of date from here on.
    content_changed()
    snapshot = item_snapshot(item)
    content_type = ContentType.objects.get_for_model(type(item))
    author = user if getattr(user, "is_authenticated", False) else None
    source_hash = source_text_hash(snapshot, item.source_language)
    previous = (
        Revision.objects.filter(content_type=content_type, object_id=item.pk)
        .values_list("source_hash", flat=True)
        .first()
    )
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=item.pk,
        number=item.version,
        action=action,
        author=author,
        snapshot=snapshot,
        source_hash=source_hash,
    )
    if previous != source_hash:  # translations mark languages made from the old text outdated
        source_text_changed.send(
            sender=type(item),
            item=item,
            revision=revision,
            source_hash=source_hash,
            user=author,
            minor=minor,
        )
    revision_written.send(sender=type(item), item=item, revision=revision, user=author)
    return revision


def revisions_write_many(
    *,
    model: type[ContentItem],
    pks: Iterable[int],
    action: str,
    user=None,
    keep_version: Iterable[int] = (),
) -> list[Revision]:
    """One revision of `action` for each item `pks` of `model`, written in bulk (a fixed
    number of queries whatever the number of items): for importers and the demo loader,
    which write many items at once. Each item gets its next version first (updated now,
    by `user` if given), except those in `keep_version` (just created, at version 1).

    Unlike a single save it sends no signal per item: the caller sets the translation
    states of what it wrote itself (`translations.services.states_set_bulk`)."""
    pks = sorted(set(pks))
    if not pks:
        return []
    content_changed()
    keep = set(keep_version)
    bump = [pk for pk in pks if pk not in keep]
    if bump:
        changes: dict[str, Any] = {"version": F("version") + 1, "updated_at": timezone.now()}
        if getattr(user, "is_authenticated", False):
            changes["updated_by"] = user
        model.objects.filter(pk__in=bump).update(**changes)
    items = model.objects.filter(pk__in=pks).order_by("pk")
    if issubclass(model, Process):
        items = items.prefetch_related(
            "topics",
            "user_types",
            "steps__required_documents",
            "steps__produced_documents",
            "links",
        )
    else:
        items = items.prefetch_related("topics", "user_types")
    content_type = ContentType.objects.get_for_model(model)
    author = user if getattr(user, "is_authenticated", False) else None
    revisions = []
    for item in items:
        snapshot = item_snapshot(item, prefetched=True)
        revisions.append(
            Revision(
                content_type=content_type,
                object_id=item.pk,
                number=item.version,
                action=action,
                author=author,
                snapshot=snapshot,
                source_hash=source_text_hash(snapshot, item.source_language),
            )
        )
    return Revision.objects.bulk_create(revisions, batch_size=200)


def _flatten(snapshot: dict[str, Any]) -> dict[str, Any]:
    flat = dict(snapshot.get("fields", {}))
    flat["topics"] = snapshot.get("topics", [])
    flat["user_types"] = snapshot.get("user_types", [])
    for step in snapshot.get("steps", []):
        for key, value in step["fields"].items():
            flat[f"steps.{step['id']}.{key}"] = value
        flat[f"steps.{step['id']}.required_documents"] = step["required_documents"]
        flat[f"steps.{step['id']}.produced_documents"] = step["produced_documents"]
    for link in snapshot.get("links", []):
        flat[f"links.{link['id']}"] = [link["from_step"], link["to_step"]]
        for key, value in link["fields"].items():
            flat[f"links.{link['id']}.{key}"] = value
    return flat


def revision_diff(old: Revision | dict, new: Revision | dict) -> list[dict[str, Any]]:
    """Fields that differ between two revisions (or snapshots): [{field, old, new}]."""
    a = _flatten(old.snapshot if isinstance(old, Revision) else old)
    b = _flatten(new.snapshot if isinstance(new, Revision) else new)
    return [
        {"field": key, "old": a.get(key), "new": b.get(key)}
        for key in sorted(set(a) | set(b))
        if (a.get(key) or None) != (b.get(key) or None)
    ]


def _stale(item: ContentItem, expected_version: int, user=None) -> StaleVersionError:
    item.refresh_from_db()
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).select_related("author")
    by_number = {r.number: r for r in revisions.filter(number__in=[expected_version, item.version])}
    old, new = by_number.get(expected_version), by_number.get(item.version)
    changes = revision_diff(old, new) if old and new else []
    return StaleVersionError(
        item=item, expected_version=expected_version, changes=changes, revision=new, user=user
    )


def bump_version(*, item: ContentItem, expected_version: int | None, user) -> None:
    """Claim the next version atomically; refuse if someone saved in between."""
    model = type(item)
    qs = model.objects.filter(pk=item.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if not updated:
        raise _stale(item, expected_version, user if getattr(user, "pk", None) else None)
    item.version = model.objects.values_list("version", flat=True).get(pk=item.pk)


def restore_fields(instance, fields: dict[str, Any]) -> None:
    model = type(instance)
    allowed = editable_columns(model)
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    for key, value in fields.items():
        if key in allowed and key in by_attname:
            field = by_attname[key]
            setattr(instance, key, field.to_python(value) if value is not None else None)


@transaction.atomic
def revision_restore(*, revision: Revision, user, expected_version: int | None) -> ContentItem:
    """Make `revision`'s content current again; this writes a new revision."""
    item = revision.item
    if item is None:
        raise ValidationError(_("The item of this revision no longer exists."))
    require_perm(user, "content.restore_revision", item)
    bump_version(item=item, expected_version=expected_version, user=user)
    snapshot = revision.snapshot
    restore_fields(item, snapshot["fields"])
    clean_texts(item, glossary=None)
    validate_item(item)
    item.updated_by = user
    item.save()
    item.topics.set(Topic.objects.filter(pk__in=snapshot.get("topics", [])))
    item.user_types.set(UserType.objects.filter(pk__in=snapshot.get("user_types", [])))
    if isinstance(item, Process) and "steps" in snapshot:
        _restore_steps(item, snapshot)
    revision_write(item=item, user=user, action="restore")
    return item


def _restore_steps(process: Process, snapshot: dict[str, Any]) -> None:
    existing = {s.pk: s for s in process.steps.all()}
    mapping: dict[int, int] = {}
    documents = set(DocumentType.objects.values_list("pk", flat=True))
    for data in snapshot["steps"]:
        step = existing.pop(data["id"], None) or Step(process=process)
        restore_fields(step, data["fields"])
        if step.office_id and not Office.objects.filter(pk=step.office_id).exists():
            step.office_id = None
        step.save()
        mapping[data["id"]] = step.pk
        step.required_documents.set([d for d in data["required_documents"] if d in documents])
        step.produced_documents.set([d for d in data["produced_documents"] if d in documents])
    for step in existing.values():
        step.delete()
    process.links.all().delete()
    for data in snapshot.get("links", []):
        link = StepLink(
            process=process,
            from_step_id=mapping[data["from_step"]],
            to_step_id=mapping[data["to_step"]],
        )
        restore_fields(link, data["fields"])
        link.save()
