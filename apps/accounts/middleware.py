from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.selectors import user_is_staff_role


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffTwoFactorMiddleware:
    """Send staff without TOTP to the set-up page until they have it.

    Staff are every PA and NGO role and Django-admin users. Only the set-up,
    sign-out, language and health pages stay reachable meanwhile.
    """

    ALLOWED_URL_NAMES = (
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MICADO_STAFF_REQUIRE_2FA and self._must_set_up(request):
            from django.contrib import messages

            messages.info(
                request,
                _("Your role needs two-factor authentication. Please set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        path = request.path_info
        if path.startswith((settings.STATIC_URL, "/healthz")) or "/i18n/" in path:
            return False
        allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
        if path in allowed:
            return False
        if request.session.get("micado_2fa_ok") == user.pk:
            return False
        if not user_is_staff_role(user):
            return False
        if _has_totp(user):
            request.session["micado_2fa_ok"] = user.pk
            return False
        return True
