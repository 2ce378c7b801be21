"""The personal space (optional account): "My space", saved guides and their progress,
checklist, document wallet, download of all my data, deletion of the account.

Every page needs a signed-in user (others go to sign in, then come back). Rows are
looked up with the owner in the query: another user's guide, item or document is a 404,
and nothing changes. Forms are plain POSTs that work without JavaScript; the progress
endpoint also answers JSON for `migrants-progress.js`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from apps.migrants import display
from apps.migrants.context import page_context
from apps.migrants.personal import selectors as personal_selectors
from apps.migrants.personal import services as personal_services
from apps.migrants.personal import wallet
from apps.migrants.personal.forms import AccountDeleteForm, ChecklistItemForm, WalletUploadForm

PRIVATE = "private, no-store"


def _private(response):
    response["Cache-Control"] = PRIVATE
    return response


def _render(request, template: str, status: int = 200, **extra):
    response = render(
        request,
        f"migrants/personal/{template}",
        page_context(request, nav="me", **extra),
        status=status,
    )
    return _private(response)


def _redirect_back(request, default: str):
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return _private(HttpResponseRedirect(target))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- my space ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def space(request):
    summary = personal_selectors.personal_space_summary(user=request.user)
    return _render(request, "space.html", summary=summary)


# --- saved guides and progress ----------------------------------------------------------------


@never_cache
@login_required
@require_GET
def guides(request):
    language = get_language()
    saved = list(personal_selectors.saved_process_list(user=request.user))
    display.localize([s.process for s in saved], language)
    return _render(request, "guides.html", saved_list=saved)


@login_required
@require_POST
def guide_save(request, process_pk: int):
    process = personal_selectors.published_process_get(process_id=process_pk)
    if process is None:
        raise Http404
    personal_services.saved_process_add(user=request.user, process=process)
    messages.success(request, gettext("Saved in “My guides”."))
    return _redirect_back(request, reverse("migrants:process-detail", args=[process_pk]))


@login_required
@require_POST
def guide_remove(request, process_pk: int):
    saved = personal_selectors.saved_process_get(user=request.user, process_id=process_pk)
    if saved is None:
        raise Http404
    personal_services.saved_process_remove(saved=saved)
    messages.success(request, gettext("Removed from “My guides”, with its ticks."))
    return _redirect_back(request, reverse("migrants:personal-guides"))


@login_required
@require_POST
def guide_progress(request, process_pk: int):
    """Tick or untick one step (`step`, `done` = 1 or 0), or clear all ticks (`clear`).
    Answers JSON ({"done": [step ids]}) to scripts, else goes back to the step."""
    anchor = ""
    if request.POST.get("clear"):
        if personal_selectors.published_process_get(process_id=process_pk) is None:
            raise Http404
        personal_services.step_progress_clear(user=request.user, process_id=process_pk)
    else:
        try:
            step_id = int(request.POST.get("step", ""))
        except ValueError:
            raise Http404 from None
        step = personal_selectors.published_step_get(step_id=step_id, process_id=process_pk)
        if step is None:
            raise Http404
        done = request.POST.get("done") == "1"
        personal_services.step_progress_set(user=request.user, step=step, done=done)
        number = request.POST.get("number", "")
        anchor = f"#step-{number}" if number.isdigit() else ""
    if _wants_json(request):
        state = personal_selectors.process_personal_state(user=request.user, process_id=process_pk)
        return _private(JsonResponse({"done": state["done_step_ids"]}))
    messages.success(request, gettext("Your progress is saved."))
    url = reverse("migrants:process-detail", args=[process_pk])
    return _private(HttpResponseRedirect(url + anchor))


# --- checklist --------------------------------------------------------------------------------


@never_cache
@login_required
def checklist(request):
    form = ChecklistItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                personal_services.checklist_item_create(
                    user=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error("text", error)
            else:
                messages.success(request, gettext("Added to your list."))
                return _private(HttpResponseRedirect(reverse("migrants:personal-checklist")))
        status = 400
    items = list(personal_selectors.checklist_item_list(user=request.user))
    return _render(request, "checklist.html", status=status, form=form, items=items)


def _own_item(request, pk: int):
    item = personal_selectors.checklist_item_get(user=request.user, pk=pk)
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def checklist_item_done(request, pk: int):
    item = _own_item(request, pk)
    personal_services.checklist_item_set_done(item=item, done=request.POST.get("done") == "1")
    return _private(HttpResponseRedirect(reverse("migrants:personal-checklist")))


@login_required
@require_POST
def checklist_item_delete(request, pk: int):
    item = _own_item(request, pk)
    personal_services.checklist_item_delete(item=item)
    messages.success(request, gettext("Deleted from your list."))
    return _private(HttpResponseRedirect(reverse("migrants:personal-checklist")))


# --- document wallet --------------------------------------------------------------------------


@never_cache
@login_required
def documents(request):
    form = WalletUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                personal_services.wallet_document_create(
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, gettext("Your document is saved."))
                return _private(HttpResponseRedirect(reverse("migrants:personal-documents")))
        status = 400
    documents = list(personal_selectors.wallet_document_list(user=request.user))
    return _render(
        request,
        "documents.html",
        status=status,
        form=form,
        documents=documents,
        used_bytes=sum(d.size for d in documents),
        max_bytes=settings.MICADO_WALLET_MAX_BYTES,
        quota_bytes=settings.MICADO_WALLET_QUOTA_BYTES,
    )


@require_GET
def document_file(request, public_id):
    """The file, to its owner only: anyone else, signed in or not, gets 404."""
    document = personal_selectors.wallet_document_get(user=request.user, public_id=public_id)
    if document is None:
        raise Http404
    try:
        handle = wallet.storage().open(document.file_name, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=not document.is_image,
        filename=f"{document.title}.{document.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return _private(response)


@login_required
@require_POST
def document_delete(request, public_id):
    document = personal_selectors.wallet_document_get(user=request.user, public_id=public_id)
    if document is None:
        raise Http404
    personal_services.wallet_document_delete(document=document)
    messages.success(request, gettext("The document is deleted."))
    return _private(HttpResponseRedirect(reverse("migrants:personal-documents")))


# --- my data ----------------------------------------------------------------------------------


@login_required
@require_GET
def export(request):
    archive = personal_services.personal_data_export(user=request.user, language=get_language())
    stamp = timezone.localdate().isoformat()
    response = FileResponse(
        archive,
        content_type="application/zip",
        as_attachment=True,
        filename=f"micado-my-data-{stamp}.zip",
    )
    return _private(response)


@never_cache
@login_required
def account_delete(request):
    user = request.user
    allowed = personal_services.account_can_be_deleted(user)
    form = AccountDeleteForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if allowed and form.is_valid():
            personal_services.account_delete(user=user)
            logout(request)
            messages.success(request, gettext("Your account and all your data are deleted."))
            return _private(HttpResponseRedirect(reverse("migrants:home")))
        status = 400 if allowed else 403
    return _render(request, "delete.html", status=status, form=form, allowed=allowed)
