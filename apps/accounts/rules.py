"""Small named predicates, combined into permissions; checked with user.has_perm().

Later apps add their own permissions from these predicates (see docs/architecture.md).
"""

import rules

from apps.accounts.roles import NGO_ROLES, PA_ROLES, Role
from apps.accounts.selectors import user_roles


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
