"""Translations of an NGO profile written in the translator's workspace
(apps/translations): one target language at a time, by the people content's rules let
translate it (its NGO's members, the PA translators of its region). The NGO itself edits
its profile with `services.organisation_profile_save`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.content import services as content_services
from apps.content.cache import content_changed
from apps.content.models import OrganisationProfile
from apps.content.services._base import clean_texts


@transaction.atomic
def organisation_profile_translate(
    *, profile: OrganisationProfile, language: str, user, data: dict[str, str]
) -> OrganisationProfile:
    """Write `data` ({column: text}, columns of `language` only) into the profile: checked
    and sanitised like every save. The source language cannot be changed here."""
    if user is not None and not user.has_perm("content.translate_item", profile):
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    if language == profile.source_language:
        raise ValidationError({"language": _("The source language cannot be changed here.")})
    allowed = set(content_services.translated_columns(OrganisationProfile, languages=[language]))
    for key, value in data.items():
        if key not in allowed:
            raise ValidationError({key: _("This field cannot be changed here.")})
        setattr(profile, key, value or "")
    clean_texts(profile, glossary=None)
    profile.full_clean()
    profile.save()
    content_changed()
    return profile
