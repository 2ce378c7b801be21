"""NGO items: moderation (submit, approve, reject, with e-mails), the NGO's public profile
(texts, languages, logo). See docs/organisations.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content.fields import (
    PROFILE_FIELDS,
    translated_columns,
)
from apps.content.models import (
    ContentItem,
    Status,
)
from apps.content.services._base import clean_texts, pks_of, require_perm
from apps.content.services.publication import (
    item_publish,
    item_published_hook,
    item_return_to_draft,
    set_status,
)
from apps.content.services.revisions import item_snapshot, source_text_hash
from apps.content.signals import source_text_changed
from apps.core.cache import content_changed


def moderation_recipients(item: ContentItem) -> list[tuple[str, str]]:
    from apps.accounts.services import language_of, organisation_admins

    people = [p for p in (item.submitted_by, item.created_by) if p is not None]
    people = people[:1] or organisation_admins(item.organisation)
    return [(person.email, language_of(person)) for person in people]


@transaction.atomic
def item_moderation_submit(*, item: ContentItem, user) -> ContentItem:
    """After an NGO member saved: a trusted NGO's item is published at once, any other
    goes (back) to the PA's moderation queue. Published items that change go back too."""
    require_perm(user, "content.submit_item", item)
    now = timezone.now()
    if getattr(item.organisation, "is_trusted", False):
        set_status(
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
    set_status(item, Status.IN_REVIEW, submitted_at=now, submitted_by=user)
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
        recipients=moderation_recipients(item),
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
        recipients=moderation_recipients(item),
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
    source_columns = translated_columns(OrganisationProfile, languages=[profile.source_language])
    before = [getattr(profile, col) for col in source_columns]
    allowed = {*translated_columns(OrganisationProfile), *PROFILE_FIELDS}
    for key, value in data.items():
        if key not in allowed:
            raise ValidationError({key: _("This field cannot be changed here.")})
        setattr(profile, key, "" if value is None and key != "languages" else value)
    clean_texts(profile, glossary=None)
    if logo is not None:
        profile.logo.save(f"{organisation.slug}.png", _reencoded_image(logo), save=False)
    profile.full_clean()
    profile.save()
    if topics is not None:
        profile.topics.set(pks_of(topics))
    if user_types is not None:
        profile.user_types.set(pks_of(user_types))
    if before != [getattr(profile, col) for col in source_columns]:
        # Translations made from the old source texts become outdated (apps/translations).
        snapshot = item_snapshot(profile)
        source_text_changed.send(
            sender=OrganisationProfile,
            item=profile,
            revision=None,
            snapshot=snapshot,
            source_hash=source_text_hash(snapshot, profile.source_language),
            user=user,
        )
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
