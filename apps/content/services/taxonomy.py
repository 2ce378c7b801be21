"""Topics and user types: create and change them (texts checked like content texts)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.content import sanitize
from apps.content.fields import (
    TAXONOMY_FIELDS,
    TRANSLATED_FIELDS,
    column,
    language_codes,
)
from apps.content.models import (
    Topic,
    UserType,
)
from apps.core.cache import content_changed


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
