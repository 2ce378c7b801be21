"""Small named predicates, combined into permissions; checked with user.has_perm().

Later apps add their own permissions from these predicates (see docs/architecture.md).
"""

import rules

from apps.accounts.roles import NGO_ROLES, PA_ROLES, Role
from apps.accounts.selectors import user_role_grants, user_roles
from apps.regions.selectors import region_within


def has_role(*roles: str):
    wanted = frozenset(roles)
    name = "has_role_" + "_or_".join(sorted(wanted))

    @rules.predicate(name)
    def predicate(user) -> bool:
        return bool(user_roles(user) & wanted)

    return predicate


is_pa_admin = has_role(Role.PA_ADMIN)
is_pa_editor = has_role(Role.PA_EDITOR)
is_pa_translator = has_role(Role.PA_TRANSLATOR)
is_pa_analyst = has_role(Role.PA_ANALYST)
is_ngo_admin = has_role(Role.NGO_ADMIN)
is_ngo_editor = has_role(Role.NGO_EDITOR)
is_pa_member = has_role(*PA_ROLES)
is_ngo_member = has_role(*NGO_ROLES)

# The role-specific apps.
rules.add_perm("administration.access", is_pa_member)
rules.add_perm("organisations.access", is_ngo_member)
# Non-public statistics in the migration dashboard.
rules.add_perm("dashboard.view_internal", is_pa_analyst | is_pa_admin)
rules.add_perm("dashboard.import_data", is_pa_analyst | is_pa_admin)
# Organisation management.
rules.add_perm("accounts.manage_members", is_pa_admin | is_ngo_admin)


# --- NGO onboarding and members (with an Organisation as the object) ----------------------


@rules.predicate
def is_pa_admin_above(user, organisation) -> bool:
    """A PA admin whose office's region is the organisation's region or one above it."""
    if organisation is None:
        return False
    return any(
        grant.role == Role.PA_ADMIN
        and grant.organisation_kind == "pa"
        and region_within(
            organisation.region, ancestor_id=grant.region_id, ancestor_code=grant.region_code
        )
        for grant in user_role_grants(user)
    )


def _ngo_role_in(user, organisation, roles) -> bool:
    return organisation is not None and any(
        grant.organisation_id == organisation.pk and grant.role in roles
        for grant in user_role_grants(user)
    )


@rules.predicate
def is_admin_of_ngo(user, organisation) -> bool:
    return _ngo_role_in(user, organisation, {Role.NGO_ADMIN})


@rules.predicate
def is_member_of_ngo(user, organisation) -> bool:
    return _ngo_role_in(user, organisation, NGO_ROLES)


@rules.predicate
def is_admin_of_pa_office(user, organisation) -> bool:
    """A PA admin of this very public-authority office (it invites external translators)."""
    return (
        organisation is not None
        and organisation.kind == "pa"
        and any(
            grant.organisation_id == organisation.pk and grant.role == Role.PA_ADMIN
            for grant in user_role_grants(user)
        )
    )


rules.add_perm("accounts.review_organisation", is_pa_admin_above)
rules.add_perm("accounts.invite_translators", is_admin_of_pa_office)
rules.add_perm("accounts.manage_organisation_members", is_admin_of_ngo)
rules.add_perm("accounts.edit_organisation_profile", is_member_of_ngo)
rules.add_perm("accounts.work_for_organisation", is_member_of_ngo)
