"""Moderation of NGOs by PA admins: registrations waiting for approval, trusted NGOs,
and NGO items waiting for moderation (of the office's region and the regions below).

The queue runs a fixed number of queries (one per content type, one for the
organisations); approvals and rejections go through the accounts and content
services, which check `accounts.review_organisation` and `content.publish_item`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import services as account_services
from apps.accounts.decorators import permission_required
from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind
from apps.administration.content.forms import RejectForm as ReasonForm
from apps.content import selectors, services
from apps.content.services import NGO_MODELS, column
from apps.content.translation import TRANSLATED_FIELDS

moderator_view = permission_required("administration.moderate")


@moderator_view
def queue(request):
    rows = selectors.moderation_queue(request.user)
    for row in rows:
        item = row["item"]
        model = type(item)
        lang = item.source_language
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
        model.objects.select_related("organisation", "region", "submitted_by", "created_by"),
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
    try:
        services.item_moderation_approve(item=item, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(title)s” was published.") % {"title": item})
    return redirect("administration:moderation")


@moderator_view
@require_POST
def item_reject(request, kind: str, pk: int):
    item = _queued_item(request, kind, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the item is rejected."))
        services.item_moderation_reject(
            item=item, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("“%(title)s” was sent back to the organisation.") % {"title": item}
        )
    return redirect("administration:moderation")


def _ngo(request, pk: int) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("region"), pk=pk, kind=OrganisationKind.NGO
    )
    if not request.user.has_perm("accounts.review_organisation", organisation):
        raise PermissionDenied
    return organisation


@moderator_view
@require_POST
def organisation_approve(request, pk: int):
    organisation = _ngo(request, pk)
    try:
        account_services.organisation_approve(organisation=organisation, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s was approved.") % {"name": organisation.name})
    return redirect("administration:moderation")


@moderator_view
@require_POST
def organisation_reject(request, pk: int):
    organisation = _ngo(request, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the registration is rejected."))
        account_services.organisation_reject(
            organisation=organisation, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s was rejected.") % {"name": organisation.name})
    return redirect("administration:moderation")


@moderator_view
@require_POST
def organisation_trust(request, pk: int):
    organisation = _ngo(request, pk)
    trusted = request.POST.get("trusted") == "1"
    try:
        account_services.organisation_set_trusted(
            organisation=organisation, user=request.user, trusted=trusted
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if trusted:
            msg = _("%(name)s is trusted: its items are published without moderation.")
        else:
            msg = _("Items of %(name)s are moderated again.")
        messages.success(request, msg % {"name": organisation.name})
    return redirect("administration:moderation")
