"""Every write to content: create, update (optimistic locking), steps and links,
publication, revisions, scheduled withdrawal, topics and user types, NGO moderation.

Functions are keyword-only, check permissions, validate (`full_clean`), run in
one transaction, write a revision for every content change and queue follow-up
work with `transaction.on_commit`. Forms, the API, admin and tasks call these.

`data` dicts use model field names; translated fields use their language
columns (`title_de`, `title_zh_hans`). A translated field given without a
language (`title`) means the item's source language.

The package is split by concern; import from the package (`from apps.content import
services`, `from apps.content.services import item_create`), which re-exports the public
functions of its modules:

- `items`: create and update items, NGO tips, document pictures, tool translations, views;
- `steps`: a process's steps and links, many new steps at once;
- `revisions`: snapshots, revisions, diff, versions, restore, revisions for many items;
- `publication`: submit, send back, publish, archive, scheduled withdrawal;
- `taxonomy`: topics and user types;
- `moderation`: NGO items' moderation and the NGO profile;
- `_base`: the helpers they share (internal).

The field lists live in the registry `apps/content/fields.py`; they are re-exported here
for callers that still read them from the services.
"""

from apps.content.fields import (  # noqa: F401 - the registry, re-exported
    COMMON_FIELDS,
    CONTENT_MODELS,
    EDITABLE_FIELDS,
    NGO_MODELS,
    PROFILE_FIELDS,
    TAXONOMY_FIELDS,
    TRANSLATED_FIELDS,
    column,
    language_codes,
    translated_columns,
)
from apps.content.services._base import (
    StaleVersionError,
)
from apps.content.services.items import (
    comment_create,
    document_type_image_add,
    item_create,
    item_translation_write,
    item_update,
    process_create,
    process_update,
)
from apps.content.services.moderation import (
    LOGO_MAX_BYTES,
    LOGO_MAX_SIDE,
    item_moderation_approve,
    item_moderation_reject,
    item_moderation_submit,
    organisation_profile_save,
)
from apps.content.services.publication import (
    content_withdraw_due,
    item_archive,
    item_publish,
    item_published_hook,
    item_return_to_draft,
    item_submit,
)
from apps.content.services.revisions import (
    item_snapshot,
    revision_diff,
    revision_restore,
    revisions_write_many,
    source_text_hash,
)
from apps.content.services.steps import (
    step_create,
    step_delete,
    step_link_create,
    step_link_delete,
    step_link_update,
    step_update,
    steps_create_many,
)
from apps.content.services.taxonomy import (
    taxonomy_save,
)

__all__ = [
    "LOGO_MAX_BYTES",
    "LOGO_MAX_SIDE",
    "StaleVersionError",
    "comment_create",
    "content_withdraw_due",
    "document_type_image_add",
    "item_archive",
    "item_create",
    "item_moderation_approve",
    "item_moderation_reject",
    "item_moderation_submit",
    "item_publish",
    "item_published_hook",
    "item_return_to_draft",
    "item_snapshot",
    "item_submit",
    "item_translation_write",
    "item_update",
    "organisation_profile_save",
    "process_create",
    "process_update",
    "revision_diff",
    "revision_restore",
    "revisions_write_many",
    "source_text_hash",
    "step_create",
    "step_delete",
    "step_link_create",
    "step_link_delete",
    "step_link_update",
    "step_update",
    "steps_create_many",
    "taxonomy_save",
]
