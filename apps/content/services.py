"""Every write to content: create, update (optimistic locking), steps and links,
publication, revisions, scheduled withdrawal.

Functions are keyword-only, check permissions, validate (`full_clean`), run in
one transaction, write a revision for every content change and queue follow-up
work with `transaction.on_commit`. Forms, the API, admin and tasks call these.

`data` dicts use model field names; translated fields use their language
columns (`title_de`, `title_zh_hans`). A translated field given without a
language (`title`) means the item's source language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import flow, mentions, sanitize
from apps.content.fields import (  # noqa: F401 - CONTENT_MODELS, NGO_MODELS: public names
    COMMON_FIELDS,
    CONTENT_MODELS,
    EDITABLE_FIELDS,
    NGO_MODELS,
    PROFILE_FIELDS,
    TAXONOMY_FIELDS,
    TRANSLATED_FIELDS,
    column,
    editable_fields,
    language_codes,
    rich_fields,
    translated_columns,
)
from apps.content.models import (
    Comment,
    ContentItem,
    CounsellingOffer,
    Course,
    DocumentType,
    DocumentTypeImage,
    Event,
    GlossaryTerm,
    Office,
    Process,
    ReviewNote,
    Revision,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.content.signals import item_published, revision_written, source_text_changed
from apps.content.taxonomy import taxonomy_invalid
from apps.core.cache import content_changed
from apps.regions.selectors import region_ancestor_ids

Item = TypeVar("Item", bound=ContentItem)


class StaleVersionError(Exception):
    """The form or API call was based on an older version; nothing was saved."""

    def __init__(
        self, *, item, expected_version: int, changes: list[dict], revision=None, user=None
    ):
        self.item = item
        self.user = user
        self.expected_version = expected_version
        self.current_version = item.version
        self.changes = changes
        self.revision = revision
        super().__init__(self.message)

    @property
    def message(self) -> str:
        author = getattr(self.revision, "author", None)
        fields = ", ".join(sorted({c["field"] for c in self.changes})[:12]) or "–"
        if author is not None and self.user is not None and author.pk == self.user.pk:
            return _(
                "You saved this item in another window or tab after you opened this form: you "
                "edited version %(expected)s, the current version is %(current)s. Your changes "
                "here were not saved. Changed since: %(fields)s."
            ) % {
                "expected": self.expected_version,
                "current": self.current_version,
                "fields": fields,
            }
        return _(
            "Someone else (%(author)s) saved this item after you opened it: you edited version "
            "%(expected)s, the current version is %(current)s. Your changes were not saved. "
            "Changed since your version: %(fields)s."
        ) % {
            "author": str(author) if author else _("unknown"),
            "expected": self.expected_version,
            "current": self.current_version,
            "fields": fields,
        }


# --- helpers ----------------------------------------------------------------------------


def _label(model: type, field: str, language: str) -> str:
    verbose = model._meta.get_field(field).verbose_name
    return f"{verbose} ({language})"


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _ids(values: Iterable) -> list[int]:
    return sorted({v.pk if isinstance(v, models.Model) else int(v) for v in values or ()})


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this with this item."))


def _translator_languages(user, item) -> list[str]:
    """Languages other than the source that a translator (without edit rights) may write:
    all of them, or those their membership is limited to (external translators)."""
    from apps.content.rules import translatable_languages

    limit = translatable_languages(user, item)
    return [
        lang
        for lang in language_codes()
        if lang != item.source_language and (limit is None or lang in limit)
    ]


def _editable_columns(model: type) -> set[str]:
    cols = set(translated_columns(model))
    for name in editable_fields(model):
        field = model._meta.get_field(name)
        cols.add(field.attname)
        cols.add(name)
    return cols


def _apply(instance, data: dict[str, Any], *, allowed: set[str]) -> list[str]:
    """Set attributes from data; returns the attribute names changed."""
    model = type(instance)
    source = getattr(instance, "source_language", None) or settings.LANGUAGE_CODE
    translated = TRANSLATED_FIELDS.get(model, ())
    text_columns = set(translated_columns(model))
    foreign_keys = {f.name: f.attname for f in model._meta.concrete_fields if f.is_relation}
    changed = []
    for key, value in data.items():
        attr = column(key, source) if key in translated else key
        if attr not in allowed:
            raise ValidationError({key: _("This field cannot be changed here.")})
        if attr in foreign_keys and not isinstance(value, models.Model):
            attr = foreign_keys[attr]
        if attr in text_columns and value is None:
            value = ""
        if getattr(instance, attr) != value:
            setattr(instance, attr, value)
            changed.append(attr)
    return changed


def _glossary_terms(region_id: int, item=None) -> dict[str, list[tuple[int, str]]]:
    """Published glossary terms usable in a region, per language (one query)."""
    cols = [column("term", lang) for lang in language_codes()]
    rows = GlossaryTerm.objects.filter(
        region_id__in=region_ancestor_ids(region_id), status=Status.PUBLISHED
    ).values_list("pk", *cols)
    if isinstance(item, GlossaryTerm) and item.pk:
        rows = rows.exclude(pk=item.pk)
    per_language: dict[str, list[tuple[int, str]]] = {lang: [] for lang in language_codes()}
    for pk, *terms in rows:
        for lang, term in zip(language_codes(), terms, strict=True):
            if term:
                per_language[lang].append((pk, term))
    return per_language


def _clean_texts(instance, *, glossary: dict[str, list[tuple[int, str]]] | None) -> None:
    """Refuse dangerous markup, sanitise rich text, link glossary terms in each language."""
    model = type(instance)
    rich = rich_fields(model)
    errors: dict[str, list[str]] = {}
    for field in TRANSLATED_FIELDS.get(model, ()):
        for lang in language_codes():
            col = column(field, lang)
            value = getattr(instance, col) or ""
            try:
                sanitize.check_text(value, field_label=_label(model, field, lang))
            except ValidationError as exc:
                errors.setdefault(col, []).extend(exc.messages)
                continue
            for marker in mentions.invalid_mentions(value):
                errors.setdefault(col, []).append(
                    _("%(marker)s does not refer to anything: the number is too large.")
                    % {"marker": marker}
                )
            if field in rich and value:
                value = sanitize.sanitize_html(value)
                if glossary is not None:
                    value = mentions.autolink_glossary(value, glossary[lang], language=lang)
            setattr(instance, col, value)
    if errors:
        raise ValidationError(errors)


def _attachment_errors(
    region_id: int, *, office_id: int | None = None, document_ids: Iterable = ()
) -> dict[str, list[str]]:
    """Offices and document types an item of `region_id` may refer to: owned by that region
    or a region above it, and not archived (two queries at most). Anything else would put
    another town's office, or a withdrawn one, on a public page."""
    errors: dict[str, list[str]] = {}
    regions = None
    if office_id:
        regions = region_ancestor_ids(region_id)
        usable = (
            Office.objects.filter(pk=office_id, region_id__in=regions)
            .exclude(status=Status.ARCHIVED)
            .exists()
        )
        if not usable:
            errors["office"] = [_("This office or place cannot be used here: it is archived, "
                                  "unknown or belongs to another region.")]  # fmt: skip
    wanted = set(_ids(document_ids))
    if wanted:
        regions = regions if regions is not None else region_ancestor_ids(region_id)
        usable_docs = set(
            DocumentType.objects.filter(pk__in=wanted, region_id__in=regions)
            .exclude(status=Status.ARCHIVED)
            .values_list("pk", flat=True)
        )
        if wanted - usable_docs:
            errors["documents"] = [_("These document types cannot be used here: they are "
                                     "archived, unknown or belong to another region.")]  # fmt: skip
    return errors


def _validate_item(item: ContentItem) -> None:
    model = type(item)
    errors: dict[str, list[str]] = {}
    if isinstance(item, (Event, Course, CounsellingOffer)) and item.office_id:
        errors.update(_attachment_errors(item.region_id, office_id=item.office_id))
    if item.source_language not in language_codes():
        errors["source_language"] = [_("Choose one of the platform's languages.")]
    else:
        col = column(model.TITLE_FIELD, item.source_language)
        if not (getattr(item, col) or "").strip():
            errors[col] = [
                _("Enter the %(field)s in the source language (%(language)s).")
                % {
                    "field": model._meta.get_field(model.TITLE_FIELD).verbose_name,
                    "language": item.source_language,
                }
            ]
    if item.publish_at and item.withdraw_at and item.withdraw_at <= item.publish_at:
        errors["withdraw_at"] = [_("The withdrawal must come after the publication.")]
    if isinstance(item, Event):
        if item.end and item.start and item.end < item.start:
            errors["end"] = [_("The event cannot end before it starts.")]
        if (
            item.recurrence
            and item.recurrence_until
            and item.start
            and item.recurrence_until < timezone.localtime(item.start).date()
        ):
            errors["recurrence_until"] = [_("The repetition cannot end before the event starts.")]
    if isinstance(item, Course):
        if item.start_date and item.end_date and item.end_date < item.start_date:
            errors["end_date"] = [_("The course cannot end before it starts.")]
        if (
            item.places_total is not None
            and item.places_left is not None
            and item.places_left > item.places_total
        ):
            errors["places_left"] = [_("There cannot be more places left than places.")]
    if errors:
        raise ValidationError(errors)
    item.full_clean(exclude=["topics", "user_types"])


# --- snapshots, revisions, diff ---------------------------------------------------------


def _instance_fields(instance) -> dict[str, Any]:
    model = type(instance)
    names = list(translated_columns(model))
    for name in editable_fields(model):
        names.append(model._meta.get_field(name).attname)
    return _jsonable({name: getattr(instance, name) for name in names})


def item_snapshot(item: ContentItem) -> dict[str, Any]:
    """Everything a revision restores: all languages, relations, and a process's steps."""
    snapshot: dict[str, Any] = {
        "fields": _instance_fields(item),
        "topics": _ids(item.topics.all()),
        "user_types": _ids(item.user_types.all()),
    }
    if isinstance(item, Process):
        steps = (
            item.steps.all()  # loaded with their documents (revisions_write_many)
            if "steps" in getattr(item, "_prefetched_objects_cache", {})
            else item.steps.prefetch_related("required_documents", "produced_documents")
        )
        snapshot["steps"] = [
            {
                "id": step.pk,
                "fields": _instance_fields(step),
                "required_documents": _ids(step.required_documents.all()),
                "produced_documents": _ids(step.produced_documents.all()),
            }
            for step in steps
        ]
        snapshot["links"] = [
            {
                "id": link.pk,
                "from_step": link.from_step_id,
                "to_step": link.to_step_id,
                "fields": _instance_fields(link),
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


def _revision_write(*, item: ContentItem, user, action: str, minor: bool = False) -> Revision:
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
        snapshot = item_snapshot(item)
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


def _bump_version(*, item: ContentItem, expected_version: int | None, user) -> None:
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


# --- create and update ------------------------------------------------------------------


@transaction.atomic
def item_create(
    *,
    model: type[Item],
    user,
    organisation,
    region,
    data: dict[str, Any],
    topics: Iterable = (),
    user_types: Iterable = (),
) -> Item:
    """Create a draft item of `model` owned by `region`, responsible `organisation`."""
    item = model(organisation=organisation, region=region)
    if "source_language" in data:
        item.source_language = data["source_language"]
    _require(user, "content.create_item_for", item)
    _apply(item, data, allowed=_editable_columns(model))
    _clean_texts(item, glossary=_glossary_terms(region.pk, item))
    _validate_item(item)
    _taxonomy_check(item.region_id, topics=topics, user_types=user_types)
    item.created_by = item.updated_by = user
    item.version = 1
    item.status = Status.DRAFT
    item.save()
    item.topics.set(_ids(topics))
    item.user_types.set(_ids(user_types))
    _revision_write(item=item, user=user, action="create")
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    topics: Iterable | None = None,
    user_types: Iterable | None = None,
    minor: bool = False,
) -> Item:
    """Save changes made on `expected_version`; raises StaleVersionError if it is not current.

    Translators (without edit rights) may change only translated fields in languages
    other than the source language (and only their languages, if limited). `minor`: the
    author says the change of the source text is minor (a typo): it outdates no
    translation.
    """
    model = type(item)
    if user.has_perm("content.change_item", item):
        allowed = _editable_columns(model)
    elif user.has_perm("content.translate_item", item):
        if topics is not None or user_types is not None:
            raise PermissionDenied(_("Translators can change translations only."))
        others = _translator_languages(user, item)
        allowed = set(translated_columns(model, languages=others))
        data = {k: v for k, v in data.items() if not _same(item, k, v)}
        if set(data) - allowed:
            raise PermissionDenied(
                _("Translators can change only the translations, not the source language.")
            )
    else:
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    _taxonomy_check(item.region_id, topics=topics or (), user_types=user_types or ())
    _bump_version(item=item, expected_version=expected_version, user=user)
    _apply(item, data, allowed=allowed)
    _clean_texts(item, glossary=_glossary_terms(item.region_id, item))
    _validate_item(item)
    item.updated_by = user
    item.save()
    if topics is not None:
        item.topics.set(_ids(topics))
    if user_types is not None:
        item.user_types.set(_ids(user_types))
    _revision_write(item=item, user=user, action="update", minor=minor)
    return item


def _taxonomy_check(region_id: int, *, topics: Iterable, user_types: Iterable) -> None:
    """Items use only the topics and user types of their region, the regions above it and
    the shared ones (tags of another region, e.g. a MICADO pilot's, are refused)."""
    topics, user_types = list(topics), list(user_types)
    if topics or user_types:
        errors = taxonomy_invalid(region_id=region_id, topics=topics, user_types=user_types)
        if errors:
            raise ValidationError(errors)


def _same(item, key: str, value) -> bool:
    try:
        return (getattr(item, key) or "") == (value or "")
    except AttributeError:
        return False


def process_create(
    *,
    user,
    organisation,
    region,
    data: dict[str, Any],
    topics: Iterable = (),
    user_types: Iterable = (),
) -> Process:
    return item_create(
        model=Process,
        user=user,
        organisation=organisation,
        region=region,
        data=data,
        topics=topics,
        user_types=user_types,
    )


def process_update(
    *,
    process: Process,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    topics: Iterable | None = None,
    user_types: Iterable | None = None,
    minor: bool = False,
) -> Process:
    return item_update(
        item=process,
        user=user,
        expected_version=expected_version,
        data=data,
        topics=topics,
        user_types=user_types,
        minor=minor,
    )


def comment_create(*, user, process: Process, organisation, data: dict[str, Any]) -> Comment:
    """An NGO's tip on a process; owned by the NGO's region, moderated by its PA."""
    comment = Comment(process=process, organisation=organisation, region=organisation.region)
    _require(user, "content.create_item_for", comment)
    if process.region_id not in region_ancestor_ids(organisation.region_id):
        raise ValidationError(
            {"process": _("Tips can be given only on processes shown in your region.")}
        )
    return _create_prepared(comment, user=user, data=data)


@transaction.atomic
def _create_prepared(item: ContentItem, *, user, data: dict[str, Any]) -> ContentItem:
    if "source_language" in data:
        item.source_language = data["source_language"]
    _apply(item, data, allowed=_editable_columns(type(item)))
    _clean_texts(item, glossary=_glossary_terms(item.region_id, item))
    _validate_item(item)
    item.created_by = item.updated_by = user
    item.save()
    _revision_write(item=item, user=user, action="create")
    return item


@transaction.atomic
def document_type_image_add(
    *, document_type: DocumentType, user, image, caption: str = "", position: int = 0
) -> DocumentTypeImage:
    _require(user, "content.change_item", document_type)
    picture = DocumentTypeImage(
        document_type=document_type, image=image, caption=caption, position=position
    )
    _clean_texts(picture, glossary=None)
    picture.full_clean()
    picture.save()
    content_changed()
    return picture


# --- steps and links --------------------------------------------------------------------


def _step_validate(step: Step) -> None:
    _clean_texts(step, glossary=_glossary_terms(step.process.region_id))
    source = step.process.source_language
    if not (getattr(step, column("title", source)) or "").strip():
        raise ValidationError(
            {
                column("title", source): _("Enter the title in the source language (%(language)s).")
                % {"language": source}
            }
        )
    step.full_clean(exclude=["required_documents", "produced_documents"])


def _step_attachments_check(step: Step, document_ids: list, *, office_changed: bool = True) -> None:
    errors = _attachment_errors(
        step.process.region_id,
        office_id=step.office_id if office_changed else None,
        document_ids=document_ids,
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def step_create(
    *,
    process: Process,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    required_documents: Iterable = (),
    produced_documents: Iterable = (),
) -> Step:
    _require(user, "content.change_item", process)
    _bump_version(item=process, expected_version=expected_version, user=user)
    step = Step(process=process)
    if "position" not in data:
        step.position = process.steps.count()
    data = {column(k, process.source_language) if k in ("title", "description") else k: v
            for k, v in data.items()}  # fmt: skip
    _apply(step, data, allowed=_editable_columns(Step))
    _step_validate(step)
    _step_attachments_check(step, [*_ids(required_documents), *_ids(produced_documents)])
    step.save()
    step.required_documents.set(_ids(required_documents))
    step.produced_documents.set(_ids(produced_documents))
    _revision_write(item=process, user=user, action="step_create")
    return step


def steps_create_many(
    *,
    steps: list[Step],
    documents: dict[int, dict[str, Iterable[int]]] | None = None,
) -> list[Step]:
    """Insert many new steps at once (importers, the demo loader): one INSERT for the
    steps and one per document relation, whatever their number. `steps` are unsaved,
    their texts already set as the services store them; `documents` maps a step's index
    in `steps` to {"required_documents": ids, "produced_documents": ids}. The caller
    writes the processes' revisions (`revisions_write_many`)."""
    if not steps:
        return []
    created = Step.objects.bulk_create(steps, batch_size=200)
    for relation in ("required_documents", "produced_documents"):
        through = getattr(Step, relation).through
        rows = [
            through(step_id=created[index].pk, documenttype_id=pk)
            for index, wanted in sorted((documents or {}).items())
            for pk in _ids(wanted.get(relation, ()))
        ]
        if rows:
            through.objects.bulk_create(rows, batch_size=500)
    content_changed()
    return created


@transaction.atomic
def step_update(
    *,
    step: Step,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    required_documents: Iterable | None = None,
    produced_documents: Iterable | None = None,
    link_labels: dict[int, dict[str, str]] | None = None,
    minor: bool = False,
) -> Step:
    """Change a step; `link_labels` ({link id: {language: label}}) changes the labels of
    branches leaving it in the same save (one version, one revision). `minor`: a minor
    change of the source text, which outdates no translation."""
    process = step.process
    if user.has_perm("content.change_item", process):
        allowed = _editable_columns(Step)
        label_languages = set(language_codes())
    elif user.has_perm("content.translate_item", process):
        others = _translator_languages(user, process)
        allowed = set(translated_columns(Step, languages=others))
        label_languages = set(others)
        # Translators never change the source texts, the step's place in the flow or its
        # office and documents: refused, not just ignored.
        data = {k: v for k, v in data.items() if not _same(step, k, v)}
        if set(data) - allowed or required_documents is not None or produced_documents is not None:
            raise PermissionDenied(
                _("Translators can change only the translations, not the source language.")
            )
    else:
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    links = {link.pk: link for link in step.outgoing.all()} if link_labels else {}
    for link_id, labels in (link_labels or {}).items():
        if int(link_id) not in links:
            raise ValidationError({"label": _("This connection does not start at this step.")})
        if set(labels) - label_languages:
            raise PermissionDenied(_("Translators can change translations only."))
    _bump_version(item=process, expected_version=expected_version, user=user)
    changed = _apply(step, data, allowed=allowed)
    _step_validate(step)
    if "continues" in changed and step.continues and not process.allow_cycles:
        following = process.steps.filter(position__gt=step.position).order_by("position", "pk")
        nxt = following.values_list("pk", flat=True).first()
        if nxt is not None and _leads_to(process, nxt, step.pk):
            message = _(
                "Going on to the next step would lead back to this step, which this process "
                "does not allow."
            )
            raise ValidationError({"continues": message})
    _step_attachments_check(
        step,
        [*_ids(required_documents or ()), *_ids(produced_documents or ())],
        office_changed="office_id" in changed,
    )
    step.save()
    if required_documents is not None:
        step.required_documents.set(_ids(required_documents))
    if produced_documents is not None:
        step.produced_documents.set(_ids(produced_documents))
    for link_id, labels in (link_labels or {}).items():
        link = links[int(link_id)]
        for lang, text in labels.items():
            setattr(link, column("label", lang), (text or "").strip())
        _clean_texts(link, glossary=None)
        link.full_clean()
        link.save()
    _revision_write(item=process, user=user, action="step_update", minor=minor)
    return step


@transaction.atomic
def step_delete(*, step: Step, user, expected_version: int | None) -> None:
    process = step.process
    _require(user, "content.change_item", process)
    _bump_version(item=process, expected_version=expected_version, user=user)
    step.delete()
    _revision_write(item=process, user=user, action="step_delete")


def _leads_to(process: Process, start_id: int, goal_id: int) -> bool:
    """Whether the flow migrants follow (ordinary next steps and links) leads from one step
    to the other (apps/content/flow.py)."""
    steps = list(Step.objects.filter(process=process).only("pk", "position", "continues"))
    links = StepLink.objects.filter(process=process).only("pk", "from_step", "to_step")
    current = flow.build_flow(steps, list(links))
    return flow.leads_to(current, start_id, goal_id)


@transaction.atomic
def step_link_update(
    *,
    link: StepLink,
    user,
    expected_version: int | None,
    label: dict[str, str],
    minor: bool = False,
) -> StepLink:
    """Change a branch label in some languages. Authors change every language; translators
    only languages other than the process's source language."""
    process = link.process
    if user.has_perm("content.change_item", process):
        languages = set(language_codes())
    elif user.has_perm("content.translate_item", process):
        languages = set(_translator_languages(user, process))
    else:
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    for lang in label:
        if lang not in language_codes():
            raise ValidationError({"label": _("Unknown language: %(code)s.") % {"code": lang}})
        if lang not in languages:
            raise PermissionDenied(_("Translators can change translations only."))
    _bump_version(item=process, expected_version=expected_version, user=user)
    for lang, text in label.items():
        setattr(link, column("label", lang), (text or "").strip())
    _clean_texts(link, glossary=None)
    link.full_clean()
    link.save()
    _revision_write(item=process, user=user, action="link_update", minor=minor)
    return link


@transaction.atomic
def step_link_create(
    *,
    process: Process,
    user,
    expected_version: int | None,
    from_step: Step,
    to_step: Step,
    label: dict[str, str] | None = None,
) -> StepLink:
    """Link two steps of `process`; `label` maps language codes to the branch label."""
    _require(user, "content.change_item", process)
    if from_step.process_id != process.pk or to_step.process_id != process.pk:
        raise ValidationError(
            {"to_step": _("A step can only be linked to a step of the same process.")}
        )
    if not process.allow_cycles and (
        from_step.pk == to_step.pk or _leads_to(process, to_step.pk, from_step.pk)
    ):
        raise ValidationError(
            {
                "to_step": _(
                    "This link would lead back to an earlier step, which this process does not "
                    "allow. Allow repeating steps in the process first."
                )
            }
        )
    if StepLink.objects.filter(from_step=from_step, to_step=to_step).exists():
        raise ValidationError({"to_step": _("These two steps are already linked.")})
    _bump_version(item=process, expected_version=expected_version, user=user)
    link = StepLink(process=process, from_step=from_step, to_step=to_step)
    for lang, text in (label or {}).items():
        if lang not in language_codes():
            raise ValidationError({"label": _("Unknown language: %(code)s.") % {"code": lang}})
        setattr(link, column("label", lang), text or "")
    _clean_texts(link, glossary=None)
    link.full_clean()
    link.save()
    _revision_write(item=process, user=user, action="link_create")
    return link


@transaction.atomic
def step_link_delete(*, link: StepLink, user, expected_version: int | None) -> None:
    process = link.process
    _require(user, "content.change_item", process)
    _bump_version(item=process, expected_version=expected_version, user=user)
    link.delete()
    _revision_write(item=process, user=user, action="link_delete")


# --- publication ------------------------------------------------------------------------


def item_published_hook(*, model_label: str, pk: int) -> None:
    """Called after a publication is committed: speech queues the item's audio."""
    item_published.send(sender=None, model_label=model_label, pk=pk)


def _set_status(item: ContentItem, status: str, **fields: Any) -> None:
    item.status = status
    for key, value in fields.items():
        setattr(item, key, value)
    item.save(update_fields=["status", *fields.keys(), "updated_at"])
    content_changed()


@transaction.atomic
def item_submit(*, item: ContentItem, user) -> ContentItem:
    """Send a draft to review (every NGO item and PA item goes through a PA admin)."""
    _require(user, "content.submit_item", item)
    if item.status not in (Status.DRAFT, Status.ARCHIVED):
        raise ValidationError(_("Only drafts and archived items can be submitted for review."))
    _set_status(item, Status.IN_REVIEW, submitted_at=timezone.now(), submitted_by=user)
    return item


@transaction.atomic
def item_return_to_draft(*, item: ContentItem, user, reason: str = "") -> ContentItem:
    """A PA admin sends an item in review back to its authors, with the reason if given."""
    _require(user, "content.return_item", item)
    if item.status != Status.IN_REVIEW:
        raise ValidationError(_("Only items in review can be sent back."))
    reason = (reason or "").strip()
    if reason:
        sanitize.check_text(reason, field_label=_("reason"))
    _set_status(item, Status.DRAFT)
    if reason:
        ReviewNote.objects.create(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            reason=reason,
            author=user,
        )
    return item


@transaction.atomic
def item_publish(
    *,
    item: ContentItem,
    user,
    publish_at: datetime | None = None,
    withdraw_at: datetime | None = None,
) -> ContentItem:
    """Publish now, or from `publish_at` on; optionally withdraw at `withdraw_at`."""
    _require(user, "content.publish_item", item)
    if item.status == Status.PUBLISHED and publish_at is None and withdraw_at is None:
        raise ValidationError(_("This item is already published."))
    now = timezone.now()
    if withdraw_at and withdraw_at <= (publish_at or now):
        raise ValidationError({"withdraw_at": _("The withdrawal must come after the publication.")})
    _set_status(
        item,
        Status.PUBLISHED,
        published_at=now,
        published_by=user,
        publish_at=publish_at,
        withdraw_at=withdraw_at if withdraw_at is not None else item.withdraw_at,
    )
    label, pk = item._meta.label_lower, item.pk
    transaction.on_commit(lambda: item_published_hook(model_label=label, pk=pk))
    return item


@transaction.atomic
def item_archive(*, item: ContentItem, user) -> ContentItem:
    _require(user, "content.archive_item", item)
    if item.status == Status.ARCHIVED:
        raise ValidationError(_("This item is already archived."))
    _set_status(item, Status.ARCHIVED, archived_at=timezone.now(), archived_by=user)
    return item


@transaction.atomic
def content_withdraw_due(*, now: datetime | None = None) -> int:
    """Archive published items whose withdrawal time passed and events that ended."""
    now = now or timezone.now()
    count = 0
    for model in CONTENT_MODELS.values():
        due = Q(withdraw_at__lte=now)
        if model is Event:
            ended = Q(end__lt=now) | Q(end__isnull=True, start__lt=now)
            repeating = Q(recurrence__gt="") & (
                Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=now.date())
            )
            due |= ended & ~repeating
        count += model.objects.filter(due, status=Status.PUBLISHED).update(
            status=Status.ARCHIVED, archived_at=now, archived_by=None, updated_at=now
        )
    if count:
        content_changed()
    return count


# --- revisions --------------------------------------------------------------------------


def _restore_fields(instance, fields: dict[str, Any]) -> None:
    model = type(instance)
    allowed = _editable_columns(model)
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
    _require(user, "content.restore_revision", item)
    _bump_version(item=item, expected_version=expected_version, user=user)
    snapshot = revision.snapshot
    _restore_fields(item, snapshot["fields"])
    _clean_texts(item, glossary=None)
    _validate_item(item)
    item.updated_by = user
    item.save()
    item.topics.set(Topic.objects.filter(pk__in=snapshot.get("topics", [])))
    item.user_types.set(UserType.objects.filter(pk__in=snapshot.get("user_types", [])))
    if isinstance(item, Process) and "steps" in snapshot:
        _restore_steps(item, snapshot)
    _revision_write(item=item, user=user, action="restore")
    return item


def _restore_steps(process: Process, snapshot: dict[str, Any]) -> None:
    existing = {s.pk: s for s in process.steps.all()}
    mapping: dict[int, int] = {}
    documents = set(DocumentType.objects.values_list("pk", flat=True))
    for data in snapshot["steps"]:
        step = existing.pop(data["id"], None) or Step(process=process)
        _restore_fields(step, data["fields"])
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
        _restore_fields(link, data["fields"])
        link.save()


# --- topics and user types -----------------------------------------------------------------


@transaction.atomic
def taxonomy_save(
    *, instance: Topic | UserType, user, data: dict[str, Any], region=None
) -> Topic | UserType:
    """Create or change a topic or user type; texts are checked like content texts.
    `region` (a Region) is the owner region of a new tag (PA screens: the author's region;
    importers: the imported region); a tag without one is shared by every region."""
    if not user.has_perm("content.manage_taxonomy"):
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    if region is not None:
        instance.region = region
    model = type(instance)
    allowed = {
        *(column(f, lang) for f in TRANSLATED_FIELDS[model] for lang in language_codes()),
        *TAXONOMY_FIELDS[model],
    }
    errors: dict[str, list[str]] = {}
    for key, value in data.items():
        if key not in allowed:
            raise ValidationError({key: _("This field cannot be changed here.")})
        if isinstance(value, str):
            try:
                sanitize.check_text(value, field_label=key)
            except ValidationError as exc:
                errors.setdefault(key, []).extend(exc.messages)
        setattr(instance, key, value)
    source_name = column("name", settings.LANGUAGE_CODE)
    if not (getattr(instance, source_name) or "").strip():
        errors.setdefault(source_name, []).append(
            _("Enter the %(field)s in the source language (%(language)s).")
            % {"field": _("name"), "language": settings.LANGUAGE_CODE}
        )
    if isinstance(instance, Topic) and instance.pk and instance.parent_id:
        node, seen = instance.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == instance.pk:
                errors.setdefault("parent", []).append(
                    _("A topic cannot be placed below itself or one of its subtopics.")
                )
                break
            seen.add(node.pk)
            node = node.parent
    if errors:
        raise ValidationError(errors)
    instance.full_clean()
    instance.save()
    content_changed()
    return instance


# --- NGO items: moderation, profile, reach (docs/organisations.md) -------------------------


def _moderation_recipients(item: ContentItem) -> list[tuple[str, str]]:
    from apps.accounts.services import _language_of, organisation_admins

    people = [p for p in (item.submitted_by, item.created_by) if p is not None]
    people = people[:1] or organisation_admins(item.organisation)
    return [(person.email, _language_of(person)) for person in people]


@transaction.atomic
def item_moderation_submit(*, item: ContentItem, user) -> ContentItem:
    """After an NGO member saved: a trusted NGO's item is published at once, any other
    goes (back) to the PA's moderation queue. Published items that change go back too."""
    _require(user, "content.submit_item", item)
    now = timezone.now()
    if getattr(item.organisation, "is_trusted", False):
        _set_status(
            item,
            Status.PUBLISHED,
            submitted_at=now,
            submitted_by=user,
            published_at=now,
            published_by=user,
        )
        label, pk = item._meta.label_lower, item.pk
        transaction.on_commit(lambda: item_published_hook(model_label=label, pk=pk))
        return item
    _set_status(item, Status.IN_REVIEW, submitted_at=now, submitted_by=user)
    return item


@transaction.atomic
def item_moderation_approve(*, item: ContentItem, user) -> ContentItem:
    """A PA admin publishes an NGO item from the queue; its author is told by e-mail."""
    from django.utils.translation import gettext_lazy

    from apps.accounts.services import mail_in_language

    if item.status != Status.IN_REVIEW:
        raise ValidationError(_("Only items waiting for moderation can be approved."))
    item_publish(item=item, user=user)
    mail_in_language(
        recipients=_moderation_recipients(item),
        subject=gettext_lazy("Published: %(title)s"),
        body=gettext_lazy(
            "The public administration approved “%(title)s” of %(organisation)s. "
            "It is now shown to migrants."
        ),
        context={"title": str(item), "organisation": item.organisation.name},
    )
    return item


@transaction.atomic
def item_moderation_reject(*, item: ContentItem, user, reason: str) -> ContentItem:
    """A PA admin sends an NGO item back with a reason (kept and shown to the NGO)."""
    from django.utils.translation import gettext_lazy

    from apps.accounts.services import mail_in_language

    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the item is rejected.")})
    item_return_to_draft(item=item, user=user, reason=reason)
    mail_in_language(
        recipients=_moderation_recipients(item),
        subject=gettext_lazy("Not published: %(title)s"),
        body=gettext_lazy(
            "The public administration did not publish “%(title)s” of %(organisation)s. "
            "The reason given:\n\n%(reason)s\n\nYou can change the item and submit it again."
        ),
        context={
            "title": str(item),
            "organisation": item.organisation.name,
            "reason": reason.strip(),
        },
    )
    return item


@transaction.atomic
def organisation_profile_save(
    *,
    organisation,
    user,
    data: dict[str, Any],
    topics: Iterable | None = None,
    user_types: Iterable | None = None,
    logo=None,
):
    """Change an NGO's public profile: texts in any language, languages spoken, topics,
    user types, logo (re-encoded as PNG so no other bytes of the upload are kept)."""
    from apps.content.models import OrganisationProfile

    if not user.has_perm("accounts.edit_organisation_profile", organisation):
        raise PermissionDenied(_("You are not allowed to do this."))
    profile, _created = OrganisationProfile.objects.get_or_create(organisation=organisation)
    allowed = {*translated_columns(OrganisationProfile), *PROFILE_FIELDS}
    for key, value in data.items():
        if key not in allowed:
            raise ValidationError({key: _("This field cannot be changed here.")})
        setattr(profile, key, "" if value is None and key != "languages" else value)
    _clean_texts(profile, glossary=None)
    if logo is not None:
        profile.logo.save(f"{organisation.slug}.png", _reencoded_image(logo), save=False)
    profile.full_clean()
    profile.save()
    if topics is not None:
        profile.topics.set(_ids(topics))
    if user_types is not None:
        profile.user_types.set(_ids(user_types))
    content_changed()
    return profile


LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512


def _reencoded_image(upload):
    """Open an upload with Pillow and write it anew as a PNG of at most 512 px."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, UnidentifiedImageError

    if upload.size and upload.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo may be at most 2 MB.")})
    try:
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"logo": _("This file is not an image we can read.")}) from exc
    return ContentFile(out.getvalue())


def view_count_record(*, model: type[models.Model], pk: int, when: datetime | None = None) -> None:
    """Count one view of item `pk` in the current month: a number, no visitor data.

    One UPDATE; the first view of a month inserts the row."""
    from apps.content.models import ViewCount

    month = timezone.localdate(when).replace(day=1)
    content_type = ContentType.objects.get_for_model(model)
    updated = ViewCount.objects.filter(content_type=content_type, object_id=pk, month=month).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ViewCount.objects.create(
                    content_type=content_type, object_id=pk, month=month, count=1
                )
        except Exception:  # noqa: BLE001 - a parallel first view inserted it: add to it
            ViewCount.objects.filter(content_type=content_type, object_id=pk, month=month).update(
                count=F("count") + 1
            )


# --- translations written by tools (exchange files, machine translation) ----------------


@transaction.atomic
def item_translation_write(
    *, item: ContentItem, language: str, texts: dict[models.Model, dict[str, str]], user=None
) -> bool:
    """Write one language (not the source language) of `item` and of its steps and links:
    `texts` maps the item or one of its parts to {field: text}. One version, one revision
    (only if something changed). Texts are checked and sanitised like every save. Without
    a `user` it is a system change (a translation import on the command line, a machine
    translation task). Returns whether anything changed."""
    if user is not None:
        _require(user, "content.translate_item", item)
    if language not in language_codes():
        raise ValidationError({"language": _("Unknown language: %(code)s.") % {"code": language}})
    if language == item.source_language:
        raise ValidationError({"language": _("The source language cannot be changed here.")})
    changed: list[tuple[models.Model, list[str]]] = []
    for obj, fields in texts.items():
        owner = obj if obj is item else getattr(obj, "process", None)
        if owner is None or owner.pk != item.pk or type(owner) is not type(item):
            raise ValidationError(_("This text does not belong to this item."))
        allowed = set(TRANSLATED_FIELDS.get(type(obj), ()))
        columns = []
        for field, value in fields.items():
            if field not in allowed:
                raise ValidationError({field: _("This field cannot be changed here.")})
            col = column(field, language)
            if (getattr(obj, col) or "") != (value or ""):
                setattr(obj, col, value or "")
                columns.append(col)
        if columns:
            glossary = _glossary_terms(item.region_id, obj if obj is item else None)
            _clean_texts(obj, glossary=glossary)
            obj.full_clean(exclude=[f.name for f in type(obj)._meta.many_to_many])
            changed.append((obj, columns))
    if not changed:
        return False
    _bump_version(item=item, expected_version=None, user=user)
    for obj, columns in changed:
        if obj is item:
            obj.updated_by = user if getattr(user, "is_authenticated", False) else None
            columns = [*columns, "updated_at", "updated_by", "version"]
        obj.save(update_fields=columns)
    _revision_write(item=item, user=user, action="update")
    return True
