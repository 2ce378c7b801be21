"""Reads and writes the PA authoring screens need that apps/content does not offer yet.

Everything here should move to apps/content (selectors.py or services.py) once the
content engineer takes it over; each function says where. The PA views call these
and the content services, never the ORM directly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind, Role
from apps.accounts.selectors import user_role_grants
from apps.administration.models import ReviewNote
from apps.content import sanitize, services
from apps.content.models import (
    ContentItem,
    DocumentType,
    Office,
    Status,
    Topic,
    UserType,
)
from apps.content.selectors import visible_region_ids
from apps.content.services import CONTENT_MODELS, column
from apps.content.translation import TRANSLATED_FIELDS
from apps.regions.models import Region

PA_AUTHOR_ROLES = frozenset({Role.PA_ADMIN, Role.PA_EDITOR})


def enabled_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def title_of(obj, language: str | None = None) -> str:
    """The title in `language` (default: the item's source language), or "#pk"."""
    model = type(obj)
    field = getattr(model, "TITLE_FIELD", "name")
    lang = language or getattr(obj, "source_language", settings.LANGUAGE_CODE)
    return getattr(obj, column(field, lang), "") or str(obj) or f"#{obj.pk}"


def title_coverage(obj) -> list[str]:
    """Enabled languages in which the item has a title (no query)."""
    field = getattr(type(obj), "TITLE_FIELD", "name")
    return [lang for lang in enabled_languages() if getattr(obj, column(field, lang), "")]


# --- choices (move to content selectors) --------------------------------------------------


def _choices(qs: QuerySet) -> list[tuple[int, str]]:
    return [(obj.pk, title_of(obj)) for obj in qs]


def attachable_document_choices(region: Region | int) -> list[tuple[int, str]]:
    """Document types a process owned by `region` may use: owned there or above, not archived."""
    qs = DocumentType.objects.filter(region_id__in=visible_region_ids(region)).exclude(
        status=Status.ARCHIVED
    )
    return _choices(qs)


def attachable_office_choices(region: Region | int) -> list[tuple[int, str]]:
    qs = Office.objects.filter(region_id__in=visible_region_ids(region)).exclude(
        status=Status.ARCHIVED
    )
    return _choices(qs)


def topic_choices() -> list[tuple[int, str]]:
    return [(t.pk, title_of(t, settings.LANGUAGE_CODE)) for t in Topic.objects.all()]


def user_type_choices() -> list[tuple[int, str]]:
    return [(t.pk, title_of(t, settings.LANGUAGE_CODE)) for t in UserType.objects.all()]


def author_organisations(user) -> list[Organisation]:
    """PA organisations in which the user may author content (admin or editor)."""
    ids = {
        g.organisation_id
        for g in user_role_grants(user)
        if g.role in PA_AUTHOR_ROLES and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }
    return list(Organisation.objects.filter(pk__in=ids).select_related("region"))


# --- editor lists (move to content selectors) ---------------------------------------------


def editor_list_filter(
    qs: QuerySet,
    *,
    query: str = "",
    status: str = "",
    topic: int | None = None,
    region: int | None = None,
    missing_language: str = "",
) -> QuerySet:
    """Narrow `selectors.item_list_for_editor` by search text and the list filters."""
    model = qs.model
    field = model.TITLE_FIELD
    if query:
        match = Q()
        for lang in enabled_languages():
            match |= Q(**{f"{column(field, lang)}__icontains": query})
        qs = qs.filter(match)
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topics__id=topic).distinct()
    if region:
        qs = qs.filter(region_id=region)
    if missing_language in enabled_languages():
        col = column(field, missing_language)
        qs = qs.filter(Q(**{col: ""}) | Q(**{f"{col}__isnull": True}))
    return qs


def editor_regions(qs: QuerySet) -> QuerySet:
    """Regions owning at least one item of an editor list (one query)."""
    return Region.objects.filter(pk__in=qs.order_by().values("region_id")).order_by("name")


def review_queue(user) -> list[tuple[str, ContentItem]]:
    """Items in review the user may publish, NGO items included: one query per content type."""
    region_ids = {
        g.region_id
        for g in user_role_grants(user)
        if g.role == Role.PA_ADMIN and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }
    org_ids = {
        g.organisation_id
        for g in user_role_grants(user)
        if g.role == Role.PA_ADMIN and g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }
    if not region_ids:
        return []
    found: list[tuple[str, ContentItem]] = []
    for name, model in CONTENT_MODELS.items():
        qs = model.objects.filter(
            Q(region_id__in=region_ids) | Q(organisation_id__in=org_ids),
            status=Status.IN_REVIEW,
        ).select_related("organisation", "region", "submitted_by")
        found.extend((name, item) for item in qs)
    found.sort(key=lambda pair: (pair[1].submitted_at is None, pair[1].submitted_at))
    return found


# --- moderation (move to content services: item_return_to_draft(reason=...)) ---------------


@transaction.atomic
def item_reject(*, item: ContentItem, user, reason: str) -> ContentItem:
    """Send an item in review back to draft, keeping the reason for its authors."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item goes back to its authors.")})
    sanitize.check_text(reason, field_label=_("reason"))
    services.item_return_to_draft(item=item, user=user)
    ReviewNote.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        reason=reason,
        author=user,
    )
    return item


def review_notes(item: ContentItem) -> QuerySet:
    return ReviewNote.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).select_related("author")


# --- topics and user types (move to content services: topic_save, user_type_save) ---------

TAXONOMY_FIELDS: dict[type, tuple[str, ...]] = {
    Topic: ("icon", "parent", "position"),
    UserType: ("icon", "position"),
}


@transaction.atomic
def taxonomy_save(*, instance: Topic | UserType, user, data: dict[str, Any]) -> Topic | UserType:
    """Create or change a topic or user type; texts are checked like content texts."""
    if not user.has_perm("administration.manage_taxonomy"):
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    model = type(instance)
    allowed = {
        *(column(f, lang) for f in TRANSLATED_FIELDS[model] for lang in services.language_codes()),
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
    return instance
