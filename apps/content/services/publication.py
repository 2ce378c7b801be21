"""The publication workflow: submit, send back, publish, archive, scheduled withdrawal."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import sanitize
from apps.content.fields import (
    CONTENT_MODELS,
)
from apps.content.models import (
    ContentItem,
    Event,
    ReviewNote,
    Status,
)
from apps.content.services._base import require_perm
from apps.content.signals import item_published
from apps.core.cache import content_changed


def item_published_hook(*, model_label: str, pk: int) -> None:
    """Called after a publication is committed: speech queues the item's audio."""
    item_published.send(sender=None, model_label=model_label, pk=pk)


def set_status(item: ContentItem, status: str, **fields: Any) -> None:
    item.status = status
    for key, value in fields.items():
        setattr(item, key, value)
    item.save(update_fields=["status", *fields.keys(), "updated_at"])
    content_changed()


@transaction.atomic
def item_submit(*, item: ContentItem, user) -> ContentItem:
    """Send a draft to review (every NGO item and PA item goes through a PA admin)."""
    require_perm(user, "content.submit_item", item)
    if item.status not in (Status.DRAFT, Status.ARCHIVED):
        raise ValidationError(_("Only drafts and archived items can be submitted for review."))
    set_status(item, Status.IN_REVIEW, submitted_at=timezone.now(), submitted_by=user)
    return item


@transaction.atomic
def item_return_to_draft(*, item: ContentItem, user, reason: str = "") -> ContentItem:
    """A PA admin sends an item in review back to its authors, with the reason if given."""
    require_perm(user, "content.return_item", item)
    if item.status != Status.IN_REVIEW:
        raise ValidationError(_("Only items in review can be sent back."))
    reason = (reason or "").strip()
    if reason:
        sanitize.check_text(reason, field_label=_("reason"))
    set_status(item, Status.DRAFT)
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
    require_perm(user, "content.publish_item", item)
    if item.status == Status.PUBLISHED and publish_at is None and withdraw_at is None:
        raise ValidationError(_("This item is already published."))
    now = timezone.now()
    if withdraw_at and withdraw_at <= (publish_at or now):
        raise ValidationError({"withdraw_at": _("The withdrawal must come after the publication.")})
    set_status(
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
    require_perm(user, "content.archive_item", item)
    if item.status == Status.ARCHIVED:
        raise ValidationError(_("This item is already archived."))
    set_status(item, Status.ARCHIVED, archived_at=timezone.now(), archived_by=user)
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
