"""Feedback from migrants ("Was this helpful?"): the one write and the PA's read.

Kept in its own module (a service and a selector) because it is small and separate
from authoring; the migrant app writes through `feedback_create`, the PA app reads
through `feedback_list`. Each answer belongs to a region, and PA staff read the answers
of their own region and the regions below it.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from apps.accounts.roles import OrganisationKind, Role
from apps.accounts.selectors import user_role_grants
from apps.content.models import Course, Event, Feedback, GlossaryTerm, Information, Process
from apps.regions.models import Region
from apps.regions.selectors import region_within_q

# Kinds of item a feedback form may name (model name -> model): the pages migrants read.
FEEDBACK_KINDS: dict[str, type[Model]] = {
    model._meta.model_name: model for model in (Process, Information, GlossaryTerm, Event, Course)
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def feedback_ref(item: Model | None) -> str:
    """The form value naming an item, "process:5"; "" when the page shows no (known) item."""
    if item is None or getattr(item, "pk", None) is None:
        return ""
    name = item._meta.model_name
    return f"{name}:{item.pk}" if name in FEEDBACK_KINDS else ""


def feedback_item(ref: str) -> Model | None:
    """The item a `feedback_ref` names, or None (unknown kind, bad id, deleted item)."""
    kind, _sep, pk = (ref or "").partition(":")
    model = FEEDBACK_KINDS.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.filter(pk=int(pk)).first()


def clean_comment(text: str) -> str:
    """Plain text: normalised (NFC), control characters dropped, trimmed, at most
    COMMENT_MAX_LENGTH characters. Never HTML: templates escape it when shown."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()[: Feedback.COMMENT_MAX_LENGTH]


# Who reads feedback: PA admins and editors, for their organisation's region and below.
FEEDBACK_READERS = frozenset({Role.PA_ADMIN, Role.PA_EDITOR})


def feedback_create(
    *,
    path: str,
    helpful: bool,
    language: str,
    comment: str = "",
    item: Model | None = None,
    region: Region | None = None,
) -> Feedback:
    """Store one answer. It belongs to the item's owner region when it is about an item,
    else to `region` (the visitor's current region), so each PA office reads its own."""
    feedback = Feedback(
        path=path[:500],
        helpful=helpful,
        language=language,
        comment=clean_comment(comment),
        region=region,
    )
    if item is not None:
        feedback.content_type = ContentType.objects.get_for_model(item)
        feedback.object_id = item.pk
        if getattr(item, "region_id", None) is not None:
            feedback.region_id = item.region_id
    feedback.full_clean()
    feedback.save()
    return feedback


def feedback_regions_q(user) -> Q:
    """Feedback the user may read: of the region of one of their PA admin or editor
    grants, or of a region below it (`regions.selectors.region_within_q`, the same
    rule as the content permissions). Nothing for anyone else, and
    feedback without a region is read by nobody. No query: the grants are cached."""
    match = Q(pk__in=[])
    for grant in user_role_grants(user):
        if (
            grant.role not in FEEDBACK_READERS
            or grant.organisation_kind != OrganisationKind.PUBLIC_AUTHORITY
        ):
            continue
        match |= region_within_q(ancestor_id=grant.region_id, ancestor_code=grant.region_code)
    return match


def feedback_count_since(*, user, since) -> int:
    """How much feedback `user` may read came in since `since` (one query)."""
    return feedback_list(user=user).filter(created_at__gte=since).count()


def feedback_list(*, user, language: str | None = None, helpful: bool | None = None) -> QuerySet:
    """The feedback `user` may read (`feedback_regions_q`), newest first, with regions
    and items (one query per kind of item, whatever the count)."""
    queryset = (
        Feedback.objects.filter(feedback_regions_q(user))
        .select_related("content_type", "region")
        .prefetch_related("item")
    )
    if language:
        queryset = queryset.filter(language=language)
    if helpful is not None:
        queryset = queryset.filter(helpful=helpful)
    return queryset
