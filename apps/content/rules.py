"""Who may do what with content. Views, services and the API ask `user.has_perm(perm, item)`.

- PA editors and admins edit PA content owned by their organisation's region
  (or by their own organisation).
- PA translators edit translation fields (not the source language) of items of
  their region.
- PA admins publish, archive and send back items of their region, including
  NGO items (moderation); they do not edit NGO texts.
- NGO editors and admins edit only their own organisation's items and
  comments; NGO admins may also archive them. Nobody edits another NGO's items.
- Authors submit for review what they may edit; restoring a revision is an edit.

All predicates read ids already on the item and the user's cached role grants:
no query per object once `item.organisation` is loaded (selectors select it).
"""

import rules

from apps.accounts.roles import OrganisationKind, Role
from apps.accounts.rules import (
    is_ngo_admin,
    is_ngo_editor,
    is_pa_admin,
    is_pa_editor,
    is_pa_translator,
)
from apps.accounts.selectors import user_role_grants
from apps.regions.selectors import region_within

PA_AUTHORS = frozenset({Role.PA_ADMIN, Role.PA_EDITOR})
NGO_AUTHORS = frozenset({Role.NGO_ADMIN, Role.NGO_EDITOR})


def _organisation_kind(item) -> str:
    return item.organisation.kind


def _grant_covers(grant, item) -> bool:
    """A PA grant reaches `item`: its region or organisation; a limited translator's grant
    (Membership.region_ids) only the regions chosen for it."""
    if grant.region_ids:
        return item.region_id in grant.region_ids
    return grant.region_id == item.region_id or grant.organisation_id == item.organisation_id


def _pa_grants(user, item, roles: frozenset[str]) -> list:
    return [
        grant
        for grant in user_role_grants(user)
        if grant.role in roles
        and grant.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
        and _grant_covers(grant, item)
    ]


def _pa_grant(user, item, roles: frozenset[str]) -> bool:
    return bool(_pa_grants(user, item, roles))


def translatable_languages(user, item) -> frozenset[str] | None:
    """The languages `user` may translate `item` into: None for every language (authors,
    unlimited translators), else the union of their translator grants' languages (empty
    if they may not translate it at all). Source-language rules are the services'."""
    if item is None:
        return frozenset()
    if can_edit(user, item):
        return None
    grants = _pa_grants(user, item, frozenset({Role.PA_TRANSLATOR}))
    if not grants:
        return frozenset()
    if any(not grant.languages for grant in grants):
        return None
    return frozenset(code for grant in grants for code in grant.languages)


def _ngo_grant(user, item, roles: frozenset[str]) -> bool:
    return any(
        grant.role in roles
        and grant.organisation_kind == OrganisationKind.NGO
        and grant.organisation_id == item.organisation_id
        for grant in user_role_grants(user)
    )


def _within(region, grant) -> bool:
    return region_within(region, ancestor_id=grant.region_id, ancestor_code=grant.region_code)


@rules.predicate
def may_create_for(user, item) -> bool:
    """A new item: the user authors for its organisation (PA: admin or editor; NGO: admin
    or editor) and the item is owned by that organisation's region or a region below it.
    Nobody writes for another organisation or places content in another region."""
    if item is None or item.organisation_id is None:
        return False
    kind = item.organisation.kind
    roles = PA_AUTHORS if kind == OrganisationKind.PUBLIC_AUTHORITY else NGO_AUTHORS
    return any(
        grant.role in roles
        and grant.organisation_kind == kind
        and grant.organisation_id == item.organisation_id
        and _within(item.region, grant)
        for grant in user_role_grants(user)
    )


@rules.predicate
def is_pa_author_of(user, item) -> bool:
    if item is None or _organisation_kind(item) != OrganisationKind.PUBLIC_AUTHORITY:
        return False
    return _pa_grant(user, item, PA_AUTHORS)


@rules.predicate
def is_ngo_author_of(user, item) -> bool:
    if item is None or _organisation_kind(item) != OrganisationKind.NGO:
        return False
    return _ngo_grant(user, item, NGO_AUTHORS)


@rules.predicate
def is_ngo_admin_of(user, item) -> bool:
    if item is None or _organisation_kind(item) != OrganisationKind.NGO:
        return False
    return _ngo_grant(user, item, frozenset({Role.NGO_ADMIN}))


@rules.predicate
def is_pa_translator_of(user, item) -> bool:
    return item is not None and _pa_grant(user, item, frozenset({Role.PA_TRANSLATOR}))


@rules.predicate
def is_pa_admin_of(user, item) -> bool:
    return item is not None and _pa_grant(user, item, frozenset({Role.PA_ADMIN}))


@rules.predicate
def is_pa_moderator_of(user, item) -> bool:
    """A PA admin moderates NGO items owned by the office's region or a region below it
    (a Land office moderates the NGOs of its Gemeinden)."""
    if item is None or item.organisation_id is None:
        return False
    if _organisation_kind(item) != OrganisationKind.NGO:
        return False
    return any(
        grant.role == Role.PA_ADMIN
        and grant.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
        and _within(item.region, grant)
        for grant in user_role_grants(user)
    )


can_edit = is_pa_author_of | is_ngo_author_of
can_translate = can_edit | is_pa_translator_of
can_publish = is_pa_admin_of | is_pa_moderator_of
can_view_unpublished = can_translate | can_publish

# Without an object: may the user author content at all (shows "new" buttons).
rules.add_perm("content.create_item", is_pa_editor | is_pa_admin | is_ngo_editor | is_ngo_admin)
rules.add_perm(
    "content.view_editor",
    is_pa_admin | is_pa_editor | is_pa_translator | is_ngo_editor | is_ngo_admin,
)
# With a content item (an unsaved one for creation: its region and organisation count).
rules.add_perm("content.create_item_for", may_create_for)
rules.add_perm("content.change_item", can_edit)
rules.add_perm("content.translate_item", can_translate)
rules.add_perm("content.submit_item", can_edit)
rules.add_perm("content.publish_item", can_publish)
rules.add_perm("content.return_item", can_publish)
rules.add_perm("content.archive_item", can_publish | is_ngo_admin_of)
rules.add_perm("content.restore_revision", can_edit)
rules.add_perm("content.view_unpublished", can_view_unpublished)
# Topics and user types are shared tags; PA authors maintain them.
rules.add_perm("content.manage_taxonomy", is_pa_admin | is_pa_editor)
