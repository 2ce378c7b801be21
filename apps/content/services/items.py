"""Create and update content items (optimistic locking), NGO tips on processes, document
pictures, translations written by tools, view counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from apps.content.fields import (
    TRANSLATED_FIELDS,
    column,
    language_codes,
    translated_columns,
)
from apps.content.models import (
    Comment,
    ContentItem,
    DocumentType,
    DocumentTypeImage,
    Process,
    Status,
)
from apps.content.services._base import (
    Item,
    apply_values,
    clean_texts,
    editable_columns,
    glossary_terms,
    pks_of,
    require_perm,
    same_value,
    taxonomy_check,
    translator_languages,
    validate_item,
)
from apps.content.services.revisions import bump_version, revision_write
from apps.core.cache import content_changed
from apps.regions.selectors import region_ancestor_ids


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
    require_perm(user, "content.create_item_for", item)
    apply_values(item, data, allowed=editable_columns(model))
    clean_texts(item, glossary=glossary_terms(region.pk, item))
    validate_item(item)
    taxonomy_check(item.region_id, topics=topics, user_types=user_types)
    item.created_by = item.updated_by = user
    item.version = 1
    item.status = Status.DRAFT
    item.save()
    item.topics.set(pks_of(topics))
    item.user_types.set(pks_of(user_types))
    revision_write(item=item, user=user, action="create")
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
        allowed = editable_columns(model)
    elif user.has_perm("content.translate_item", item):
        if topics is not None or user_types is not None:
            raise PermissionDenied(_("Translators can change translations only."))
        others = translator_languages(user, item)
        allowed = set(translated_columns(model, languages=others))
        data = {k: v for k, v in data.items() if not same_value(item, k, v)}
        if set(data) - allowed:
            raise PermissionDenied(
                _("Translators can change only the translations, not the source language.")
            )
    else:
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    taxonomy_check(item.region_id, topics=topics or (), user_types=user_types or ())
    bump_version(item=item, expected_version=expected_version, user=user)
    apply_values(item, data, allowed=allowed)
    clean_texts(item, glossary=glossary_terms(item.region_id, item))
    validate_item(item)
    item.updated_by = user
    item.save()
    if topics is not None:
        item.topics.set(pks_of(topics))
    if user_types is not None:
        item.user_types.set(pks_of(user_types))
    revision_write(item=item, user=user, action="update", minor=minor)
    return item


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
    require_perm(user, "content.create_item_for", comment)
    if process.region_id not in region_ancestor_ids(organisation.region_id):
        raise ValidationError(
            {"process": _("Tips can be given only on processes shown in your region.")}
        )
    return _create_prepared(comment, user=user, data=data)


@transaction.atomic
def _create_prepared(item: ContentItem, *, user, data: dict[str, Any]) -> ContentItem:
    if "source_language" in data:
        item.source_language = data["source_language"]
    apply_values(item, data, allowed=editable_columns(type(item)))
    clean_texts(item, glossary=glossary_terms(item.region_id, item))
    validate_item(item)
    item.created_by = item.updated_by = user
    item.save()
    revision_write(item=item, user=user, action="create")
    return item


@transaction.atomic
def document_type_image_add(
    *, document_type: DocumentType, user, image, caption: str = "", position: int = 0
) -> DocumentTypeImage:
    require_perm(user, "content.change_item", document_type)
    picture = DocumentTypeImage(
        document_type=document_type, image=image, caption=caption, position=position
    )
    clean_texts(picture, glossary=None)
    picture.full_clean()
    picture.save()
    content_changed()
    return picture


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
        require_perm(user, "content.translate_item", item)
    if language not in language_codes():
        raise ValidationError({"language": _("Unknown language: %(code)s.") % {"code": language}})
    if language == item.source_language:
        raise ValidationError({"language": _("The source language cannot be changed here.")})
    changed: list[tuple[models.Model, list[str]]] = []
    parts_glossary = None  # the same for every step and link: read once
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
            if obj is item:
                glossary = glossary_terms(item.region_id, obj)
            else:
                parts_glossary = parts_glossary or glossary_terms(item.region_id, None)
                glossary = parts_glossary
            # Only this language's texts changed: check and sanitise those, and validate
            # only the changed columns (and constraints on them), not the other fields'
            # foreign keys and constraints, which this write cannot break.
            clean_texts(obj, glossary=glossary, languages=[language])
            obj.full_clean(
                exclude=[
                    f.name
                    for f in type(obj)._meta.get_fields()
                    if f.concrete and f.attname not in columns and f.name not in columns
                ]
                + [f.name for f in type(obj)._meta.many_to_many]
            )
            changed.append((obj, columns))
    if not changed:
        return False
    bump_version(item=item, expected_version=None, user=user)
    for obj, columns in changed:
        if obj is item:
            obj.updated_by = user if getattr(user, "is_authenticated", False) else None
            columns = [*columns, "updated_at", "updated_by", "version"]
        obj.save(update_fields=columns)
    revision_write(item=item, user=user, action="update")
    return True
