"""Moderation of NGOs by PA admins: registrations waiting for approval, trusted NGOs,
and NGO items waiting for moderation (of the office's region and the regions below).

The queue runs a fixed number of queries (one per content type, one for the
organisations); approvals and rejections go through the accounts and content
services, which check `accounts.review_organisation` and `content.publish_item`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import services as account_services
from apps.accounts.decorators import permission_required
from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind
from apps.accounts.selectors import organisations_with_region
from apps.administration.content.forms import RejectForm as ReasonForm
from apps.content import selectors
from apps.content.services import NGO_MODELS, column
from apps.content.services import pending as moderation_services
from apps.content.translation import TRANSLATED_FIELDS
from apps.core.service_calls import run_service

moderator_view = permission_required("administration.moderate")


@moderator_view
def queue(request):
    rows = selectors.moderation_queue(request.user)
    for row in rows:
        item = row["item"]
        model = type(item)
        lang = item.source_language
        if row["change"] is not None:  # a published item's change: show the changed texts
            item = moderation_services.item_with_change(item, row["change"])
        row["title"] = selectors.title_of(item)
        row["model_name"] = model._meta.verbose_name
        row["texts"] = [
            (model._meta.get_field(name).verbose_name, getattr(item, column(name, lang)) or "")
            for name in TRANSLATED_FIELDS[model]
            if name != model.TITLE_FIELD and getattr(item, column(name, lang))
        ]
    return render(
        request,
        "administration/moderation/queue.html",
        {
            "rows": rows,
            "organisations": list(selectors.organisations_pending(request.user)),
            "reason_form": ReasonForm(),
        },
    )


def _queued_item(request, kind: str, pk: int):
    model = NGO_MODELS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(
        selectors.items_with_owner(model).select_related("submitted_by", "created_by"),
        pk=pk,
        organisation__kind=OrganisationKind.NGO,
    )
    if not request.user.has_perm("content.publish_item", item):
        raise PermissionDenied
    return item


@moderator_view
@require_POST
def item_approve(request, kind: str, pk: int):
    item = _queued_item(request, kind, pk)
    run_service(
        request,
        lambda: moderation_services.item_moderation_approve(item=item, user=request.user),
        success=_("“%(title)s” was published.") % {"title": item},
    )
    return redirect("administration:moderation")


@moderator_view
@require_POST
def item_reject(request, kind: str, pk: int):
    item = _queued_item(request, kind, pk)
    form = ReasonForm(request.POST)

    def reject():
        if not form.is_valid():
            raise ValidationError(_("Say why the item is rejected."))
        moderation_services.item_moderation_reject(
            item=item, user=request.user, reason=form.cleaned_data["reason"]
        )

    run_service(
        request,
        reject,
        success=_("“%(title)s” was sent back to the organisation.") % {"title": item},
    )
    return redirect("administration:moderation")


def _ngo(request, pk: int) -> Organisation:
    organisation = get_object_or_404(organisations_with_region(), pk=pk, kind=OrganisationKind.NGO)
    if not request.user.has_perm("accounts.review_organisation", organisation):
        raise PermissionDenied
    return organisation


@moderator_view
@require_POST
def organisation_approve(request, pk: int):
    organisation = _ngo(request, pk)
    run_service(
        request,
        lambda: account_services.organisation_approve(organisation=organisation, user=request.user),
        success=_("%(name)s was approved.") % {"name": organisation.name},
    )
    return redirect("administration:moderation")


@moderator_view
@require_POST
def organisation_reject(request, pk: int):
    organisation = _ngo(request, pk)
    form = ReasonForm(request.POST)

    def reject():
        if not form.is_valid():
            raise ValidationError(_("Say why the registration is rejected."))
        account_services.organisation_reject(
            organisation=organisation, user=request.user, reason=form.cleaned_data["reason"]
        )

    run_service(request, reject, success=_("%(name)s was rejected.") % {"name": organisation.name})
    return redirect("administration:moderation")


@moderator_view
@require_POST
def organisation_trust(request, pk: int):
    organisation = _ngo(request, pk)
    trusted = request.POST.get("trusted") == "1"
    if trusted:
        msg = _("%(name)s is trusted: its items are published without moderation.")
    else:
        msg = _("Items of %(name)s are moderated again.")
    run_service(
        request,
        lambda: account_services.organisation_set_trusted(
            organisation=organisation, user=request.user, trusted=trusted
        ),
        success=msg % {"name": organisation.name},
    )
    return redirect("administration:moderation")
