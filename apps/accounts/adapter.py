"""allauth hooks: where each role lands after signing in.

allauth itself honours a safe `next` (same host, checked with
`url_has_allowed_host_and_scheme`) before it asks `get_login_redirect_url`, so a link to a
PA page that sent someone to sign in still leads back there.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url

from apps.accounts.roles import NGO_ROLES, Role
from apps.accounts.selectors import user_roles

# PA roles that work in the PA app's authoring screens; analysts work in the dashboard.
PA_HOME_ROLES = frozenset({Role.PA_ADMIN, Role.PA_EDITOR, Role.PA_TRANSLATOR})


def landing_url_name(user) -> str:
    """The URL name of the app a user works in: PA home, dashboard, NGO home or migrants."""
    roles = user_roles(user)
    if roles & PA_HOME_ROLES:
        return "administration:home"
    if Role.PA_ANALYST in roles:
        return "administration:dashboard:overview"
    if roles & NGO_ROLES:
        return "organisations:home"
    return settings.LOGIN_REDIRECT_URL


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        return resolve_url(landing_url_name(request.user))
