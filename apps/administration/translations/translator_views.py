"""External translators (PA app, /pa/translators/): a PA admin invites a person by e-mail
as a translator of their office, limited to chosen languages and to regions of the office's
region and below; lists open and past invitations, the translators and the log of changes;
withdraws an invitation or removes a translator. The invitee accepts at
/pa/translators/invitation/<token>/ (signed in with the invited address, or with a new
account). Logic in apps.accounts.services; views only check, call and render."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts import selectors as account_selectors
from apps.accounts import services as account_services
from apps.accounts.decorators import permission_required
from apps.accounts.invitation_views import invitation_accept_page
from apps.accounts.models import Invitation
from apps.accounts.roles import Role
from apps.administration.content import editing

LOG_LIMIT = 50
invite_view = permission_required("translations.invite_translators")


class TranslatorInvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages they may translate into"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Regions whose content they may translate"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mail"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [(r.pk, f"{r.name} ({r.code})") for r in regions]


def _office(request):
    """The PA office whose translators are managed (?office=pk when the admin has several)."""
    offices = account_selectors.pa_offices_administered(request.user)
    if not offices:
        raise Http404
    wanted = request.POST.get("office") or request.GET.get("office")
    for office in offices:
        if str(office.pk) == str(wanted):
            return office, offices
    return offices[0], offices


@invite_view
def translators(request):
    office, offices = _office(request)
    regions = list(account_services.translator_regions(office))
    form = TranslatorInvitationForm(
        request.POST or None,
        regions=regions,
        initial={"language": request.LANGUAGE_CODE, "regions": [office.region_id]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            account_services.translator_invitation_create(
                organisation=office,
                user=request.user,
                email=form.cleaned_data["email"],
                languages=form.cleaned_data["languages"],
                region_ids=form.cleaned_data["regions"],
                language=form.cleaned_data["language"],
                link_base=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            editing.errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(_list_url(office, offices))
    names = {r.pk: r.name for r in regions}
    invitations = list(account_selectors.translator_invitations(office)[:LOG_LIMIT])
    people = list(account_selectors.external_translators(office))
    for row in (*invitations, *people):
        row.region_names = [names.get(pk, str(pk)) for pk in row.region_ids]
    return render(
        request,
        "administration/translators/list.html",
        {
            "office": office,
            "offices": offices,
            "form": form,
            "invitations": invitations,
            "people": people,
            "log": account_selectors.translator_log(office)[:LOG_LIMIT],
        },
    )


def _list_url(office, offices) -> str:
    from django.urls import reverse

    url = reverse("administration:translators")
    return url if len(offices) == 1 else f"{url}?office={office.pk}"


@invite_view
@require_POST
def invitation_withdraw(request, pk: int):
    offices = account_selectors.pa_offices_administered(request.user)
    invitation = get_object_or_404(
        Invitation, pk=pk, role=Role.PA_TRANSLATOR, organisation__in=offices
    )
    try:
        account_services.translator_invitation_revoke(invitation=invitation, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect(_list_url(invitation.organisation, offices))


@invite_view
@require_POST
def translator_remove(request, pk: int):
    offices = account_selectors.pa_offices_administered(request.user)
    membership = get_object_or_404(account_selectors.translator_memberships(offices), pk=pk)
    try:
        account_services.translator_remove(membership=membership, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(email)s was removed.") % {"email": membership.user.email})
    return redirect(_list_url(membership.organisation, offices))


def invitation(request, token: str):
    """Accept a translator invitation (apps.accounts.invitation_views)."""

    def accepted(membership):
        messages.success(
            request,
            _("Welcome. You translate for %(name)s.") % {"name": membership.organisation.name},
        )
        return redirect("administration:translation-index")

    def describe(found):
        regions = account_services.translator_regions(found.organisation)
        names = dict(regions.values_list("pk", "name"))
        found.region_names = [names.get(pk, str(pk)) for pk in found.region_ids]

    return invitation_accept_page(
        request,
        token,
        template="administration/translators/accept.html",
        accepted=accepted,
        accepts=lambda found: found.role == Role.PA_TRANSLATOR,
        describe=describe,
    )
