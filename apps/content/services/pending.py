"""Changes to published NGO items wait for moderation while the published version stays
(docs/organisations.md, "Moderation").

An NGO member who saves a published item of a moderated (not trusted) NGO does not change
the item: the change is checked like any save (`services.item_update` runs inside a
savepoint that is rolled back: version check, sanitising, validation, glossary) and kept
as a `PendingChange` with only the columns it changes. Migrants keep seeing the published
version. A PA admin approves it (the change is applied as a new version and revision,
authored by the NGO member) or rejects it with a reason (a ReviewNote; the published
version stays, the NGO sees the reason and its change in the form, edits and submits
again). The queue's buttons call `item_moderation_approve` / `item_moderation_reject`
here, which handle both new items and changes.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import sanitize
from apps.content import services as content_services
from apps.content.models import ContentItem, PendingChange, ReviewNote, Topic, UserType
from apps.content.services._base import (
    change_is_moderated,
    clean_texts,
    editable_columns,
    glossary_terms,
    require_perm,
    validate_item,
)
from apps.content.services.moderation import moderation_recipients
from apps.content.services.revisions import (
    bump_version,
    instance_fields,
    restore_fields,
    revision_write,
)


def _pending_qs(item: ContentItem):
    return PendingChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )


def change_of(item: ContentItem) -> PendingChange | None:
    """The change of `item` kept for moderation (waiting, rejected or not yet submitted)."""
    return _pending_qs(item).first()


def change_waiting(item: ContentItem) -> PendingChange | None:
    """The submitted change of `item` waiting for a PA admin, if any."""
    return _pending_qs(item).filter(submitted_at__isnull=False, rejected_at__isnull=True).first()


def item_with_change(item: ContentItem, change: PendingChange | None) -> ContentItem:
    """An unsaved copy of `item` with `change` applied (what the NGO's form shows)."""
    if change is None:
        return item
    shown = copy.copy(item)
    restore_fields(shown, change.fields)
    return shown


def _topic_ids(item: ContentItem) -> tuple[list[int], list[int]]:
    return (
        sorted(item.topics.values_list("pk", flat=True)),
        sorted(item.user_types.values_list("pk", flat=True)),
    )


@transaction.atomic
def item_change_propose(
    *,
    item: ContentItem,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    topics=None,
    user_types=None,
    submit: bool = True,
) -> PendingChange | None:
    """Keep a change of the published `item` for moderation (`submit`: in the PA's queue;
    else saved for the NGO only). Checked like `item_update` (which raises its errors:
    permission, stale version, validation); `item` itself is not changed. A change that
    brings the texts back to the published version removes the kept change (None)."""
    if not change_is_moderated(item):
        raise ValidationError(_("Only changes of published items wait for moderation."))
    kept = _pending_qs(item).select_for_update().first()
    live = type(item).objects.get(pk=item.pk)
    before = instance_fields(live)
    before_topics, before_types = _topic_ids(live)
    savepoint = transaction.savepoint()
    try:
        work = type(item).objects.get(pk=item.pk)
        if kept is not None:  # this change continues the kept one
            restore_fields(work, kept.fields)
            if topics is None and kept.topics is not None:
                topics = kept.topics
            if user_types is None and kept.user_types is not None:
                user_types = kept.user_types
        content_services.item_update(
            item=work,
            user=user,
            expected_version=expected_version,
            data=data,
            topics=topics,
            user_types=user_types,
        )
        after = instance_fields(work)
        after_topics, after_types = _topic_ids(work)
    finally:
        transaction.savepoint_rollback(savepoint)
    editable = editable_columns(type(item))
    fields = {k: v for k, v in after.items() if k in editable and before.get(k) != v}
    new_topics = after_topics if after_topics != before_topics else None
    new_types = after_types if after_types != before_types else None
    if not fields and new_topics is None and new_types is None:
        if kept is not None:
            kept.delete()
        return None
    now = timezone.now()
    change, _created = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        defaults={
            "fields": fields,
            "topics": new_topics,
            "user_types": new_types,
            "base_version": live.version,
            "author": user,
            "submitted_at": now if submit else None,
            "rejected_at": None,
        },
    )
    return change


@transaction.atomic
def item_change_approve(*, item: ContentItem, user) -> ContentItem:
    """A PA admin applies the waiting change of `item`: a new version and revision by the
    change's author; the kept change is removed. Raises if none is waiting."""
    require_perm(user, "content.publish_item", item)
    change = _pending_qs(item).select_for_update().first()
    if change is None or not change.waiting:
        raise ValidationError(_("No change of this item is waiting for moderation."))
    author = change.author
    restore_fields(item, change.fields)
    clean_texts(item, glossary=glossary_terms(item.region_id, item))
    validate_item(item)
    bump_version(item=item, expected_version=None, user=author)
    item.updated_by = author
    item.save()
    if change.topics is not None:
        item.topics.set(Topic.objects.filter(pk__in=change.topics))
    if change.user_types is not None:
        item.user_types.set(UserType.objects.filter(pk__in=change.user_types))
    revision_write(item=item, user=author, action="update")
    change.delete()
    label, pk = item._meta.label_lower, item.pk
    transaction.on_commit(lambda: content_services.item_published_hook(model_label=label, pk=pk))
    return item


@transaction.atomic
def item_change_reject(*, item: ContentItem, user, reason: str) -> ContentItem:
    """A PA admin refuses the waiting change of `item` with a reason: the published
    version stays; the change and the reason stay for the NGO to edit and resubmit."""
    require_perm(user, "content.publish_item", item)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is rejected.")})
    sanitize.check_text(reason, field_label=_("reason"))
    change = _pending_qs(item).select_for_update().first()
    if change is None or not change.waiting:
        raise ValidationError(_("No change of this item is waiting for moderation."))
    change.rejected_at = timezone.now()
    change.save(update_fields=["rejected_at", "updated_at"])
    ReviewNote.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        reason=reason,
        author=user,
    )
    return item


# --- the PA's queue: new items and changes of published ones ------------------------------


def _mail(item: ContentItem, *, approved: bool, reason: str = "") -> None:
    """The same e-mails as `services.item_moderation_approve` / `_reject` send."""
    from django.utils.translation import gettext_lazy

    from apps.accounts.services import mail_in_language

    context = {"title": str(item), "organisation": item.organisation.name}
    if approved:
        subject = gettext_lazy("Published: %(title)s")
        body = gettext_lazy(
            "The public administration approved “%(title)s” of %(organisation)s. "
            "It is now shown to migrants."
        )
    else:
        subject = gettext_lazy("Not published: %(title)s")
        body = gettext_lazy(
            "The public administration did not publish “%(title)s” of %(organisation)s. "
            "The reason given:\n\n%(reason)s\n\nYou can change the item and submit it again."
        )
        context["reason"] = reason.strip()
    mail_in_language(
        recipients=moderation_recipients(item),
        subject=subject,
        body=body,
        context=context,
    )


@transaction.atomic
def item_moderation_approve(*, item: ContentItem, user) -> ContentItem:
    """Approve what waits for `item` in the queue: its change (a published item), or the
    new item (`services.item_moderation_approve`). The author is told by e-mail."""
    if change_waiting(item) is None:
        return content_services.item_moderation_approve(item=item, user=user)
    item_change_approve(item=item, user=user)
    _mail(item, approved=True)
    return item


@transaction.atomic
def item_moderation_reject(*, item: ContentItem, user, reason: str) -> ContentItem:
    """Reject what waits for `item` in the queue with a reason: its change (the published
    version stays) or the new item (`services.item_moderation_reject`)."""
    if change_waiting(item) is None:
        return content_services.item_moderation_reject(item=item, user=user, reason=reason)
    item_change_reject(item=item, user=user, reason=reason)
    _mail(item, approved=False, reason=reason)
    return item
