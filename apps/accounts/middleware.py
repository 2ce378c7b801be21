from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
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
        if self._must_confirm_email(request):
            return redirect("account_email_verification_sent")
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

    def _must_confirm_email(self, request) -> bool:
        """A member of an NGO whose own e-mail address is not confirmed (a self-registered
        NGO admin) confirms it first: before the second factor and the NGO app (allauth's
        confirmation pages, sign-out and the rest of the site stay reachable). Checked once
        per session once it is confirmed."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.session.get("micado_email_ok") == user.pk:
            return False
        path = request.path_info
        if path.startswith((settings.STATIC_URL, "/healthz")) or "/i18n/" in path:
            return False
        try:
            match = resolve(path)
        except Resolver404:
            return False
        # Only the NGO app and the second-factor pages wait for it (one query there).
        if "organisations" not in match.namespaces and not (match.url_name or "").startswith(
            "mfa_"
        ):
            return False
        if _unconfirmed_ngo_member(user):
            return True
        request.session["micado_email_ok"] = user.pk
        return False


def _unconfirmed_ngo_member(user) -> bool:
    """The user's address has an unconfirmed allauth row and they belong to an NGO (of any
    state: a registration waiting for approval too). One query."""
    from allauth.account.models import EmailAddress

    from apps.accounts.roles import OrganisationKind

    return EmailAddress.objects.filter(
        user=user,
        email__iexact=user.email,
        verified=False,
        user__memberships__organisation__kind=OrganisationKind.NGO,
    ).exists()
