"""Helpers the content services share: permission checks, applying `data` dicts, text
checks and sanitising, attachment and taxonomy checks, item validation. Internal to
the services package (its modules import it; nothing else does).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import mentions, sanitize
from apps.content.fields import (
    TRANSLATED_FIELDS,
    column,
    editable_fields,
    language_codes,
    rich_fields,
    translated_columns,
)
from apps.content.models import (
    ContentItem,
    CounsellingOffer,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Office,
    Status,
)
from apps.content.taxonomy import taxonomy_invalid
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


def _label(model: type, field: str, language: str) -> str:
    verbose = model._meta.get_field(field).verbose_name
    return f"{verbose} ({language})"


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def pks_of(values: Iterable) -> list[int]:
    return sorted({v.pk if isinstance(v, models.Model) else int(v) for v in values or ()})


def require_perm(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this with this item."))


def change_is_moderated(item) -> bool:
    """A save of `item` waits for moderation instead of changing it: a published item of
    an NGO that is not trusted."""
    from apps.accounts.roles import OrganisationKind
    from apps.content.models import Status

    organisation = item.organisation
    return (
        item.status == Status.PUBLISHED
        and organisation.kind == OrganisationKind.NGO
        and not organisation.is_trusted
    )


def refuse_unmoderated_part_change(user, process) -> None:
    """Steps and branches of a published process of an untrusted NGO cannot be changed
    past moderation (only the item's own fields wait as a pending change): refused before
    anything is written. PA moderators (not the NGO's authors) may still change them."""
    from apps.content.rules import is_ngo_author_of

    if change_is_moderated(process) and is_ngo_author_of(user, process):
        raise ValidationError(
            _(
                "This guide is published: changes to its steps must be approved. "
                "Ask the administration to return it to draft first."
            )
        )


def translator_languages(user, item) -> list[str]:
    """Languages other than the source that a translator (without edit rights) may write:
    all of them, or those their membership is limited to (external translators)."""
    from apps.content.rules import translatable_languages

    limit = translatable_languages(user, item)
    return [
        lang
        for lang in language_codes()
        if lang != item.source_language and (limit is None or lang in limit)
    ]


def editable_columns(model: type) -> set[str]:
    cols = set(translated_columns(model))
    for name in editable_fields(model):
        field = model._meta.get_field(name)
        cols.add(field.attname)
        cols.add(name)
    return cols


def apply_values(instance, data: dict[str, Any], *, allowed: set[str]) -> list[str]:
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


def glossary_terms(region_id: int, item=None) -> dict[str, list[tuple[int, str]]]:
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


def clean_texts(
    instance,
    *,
    glossary: dict[str, list[tuple[int, str]]] | None,
    languages: Iterable[str] | None = None,
) -> None:
    """Refuse dangerous markup, sanitise rich text, link glossary terms in each language
    (or only in `languages`: a translation write touches one)."""
    model = type(instance)
    rich = rich_fields(model)
    errors: dict[str, list[str]] = {}
    codes = language_codes() if languages is None else list(languages)
    for field in TRANSLATED_FIELDS.get(model, ()):
        for lang in codes:
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


def attachment_errors(
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
    wanted = set(pks_of(document_ids))
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


def validate_item(item: ContentItem) -> None:
    model = type(item)
    errors: dict[str, list[str]] = {}
    if isinstance(item, (Event, Course, CounsellingOffer)) and item.office_id:
        errors.update(attachment_errors(item.region_id, office_id=item.office_id))
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


def taxonomy_check(region_id: int, *, topics: Iterable, user_types: Iterable) -> None:
    """Items use only the topics and user types of their region, the regions above it and
    the shared ones (tags of another region, e.g. a MICADO pilot's, are refused)."""
    topics, user_types = list(topics), list(user_types)
    if topics or user_types:
        errors = taxonomy_invalid(region_id=region_id, topics=topics, user_types=user_types)
        if errors:
            raise ValidationError(errors)


def same_value(item, key: str, value) -> bool:
    try:
        return (getattr(item, key) or "") == (value or "")
    except AttributeError:
        return False
