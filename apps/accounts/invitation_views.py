"""The page that accepts an invitation (shared by the NGO app's members and the PA's
external translators): signed in with the invited address, or as a new account, then
signed in. An unknown, used, withdrawn or expired link, or one for another kind of
membership, is a clear error (410). The role apps give the template and what follows."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.forms import InvitationAcceptForm
from apps.accounts.models import Invitation, Membership
from apps.core.service_calls import errors_to_form


def invitation_accept_page(
    request,
    token: str,
    *,
    template: str,
    accepted: Callable[[Membership], HttpResponse],
    accepts: Callable[[Invitation], bool] = lambda invitation: True,
    describe: Callable[[Invitation], None] = lambda invitation: None,
) -> HttpResponse:
    """Show the invitation of `token` on `template` and accept it on POST; `accepted`
    answers after a successful acceptance (a message and a redirect); `accepts` says
    whether this page takes the invitation at all; `describe` adds what the template
    shows of it."""
    try:
        found = account_services.invitation_get(token=token)
        if not accepts(found):
            raise ValidationError(_("This invitation link is not valid."))
    except ValidationError as exc:
        return render(request, template, {"error": " ".join(exc.messages)}, status=410)
    needs_account = not request.user.is_authenticated
    form = InvitationAcceptForm(request.POST or None) if needs_account else None
    error = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = account_services.invitation_accept(
                token=token,
                user=request.user,
                name=form.cleaned_data["name"] if form else "",
                password=form.cleaned_data["password"] if form else "",
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            if form is not None and hasattr(exc, "error_dict"):
                errors_to_form(form, exc)
            else:
                error = " ".join(exc.messages)
        else:
            if needs_account:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return accepted(membership)
    describe(found)
    return render(request, template, {"invitation": found, "form": form, "error": error})
