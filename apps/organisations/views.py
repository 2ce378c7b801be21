"""The NGO app: registration, members and invitations, the organisation's own items
(courses, events, information pages, counselling offers, places, tips), its profile
and how often its offers were viewed.

Every page below /ngo/<slug>/ works on one organisation and checks the user's role
in it (`accounts.work_for_organisation`, `accounts.manage_organisation_members`);
items are looked up inside that organisation only, so another NGO's or the PA's
items are never found (404). Writes go through the accounts and content services,
which check the item rules again.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts import selectors as account_selectors
from apps.accounts import services as account_services
from apps.accounts.invitation_views import invitation_accept_page
from apps.accounts.models import Membership
from apps.accounts.roles import OrganisationKind
from apps.administration.content import editing
from apps.content import reach_services, selectors, services, workflow
from apps.content.fields import NGO_MODELS, column
from apps.content.models import Comment, OrganisationProfile, Status
from apps.content.services import StaleVersionError
from apps.content.services import pending as moderation_services
from apps.core.service_calls import run_service
from apps.organisations.forms import (
    InvitationForm,
    ItemSearchForm,
    ProfileForm,
    RegistrationForm,
    RoleForm,
    TipProcessForm,
)
from apps.regions.selectors import region_ancestor_ids

LOG_LIMIT = 50


def _signed_in(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _organisation(request, slug: str, perm: str = "accounts.work_for_organisation"):
    organisation = get_object_or_404(
        account_selectors.organisations_with_region(), slug=slug, kind=OrganisationKind.NGO
    )
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied
    return organisation


def _model(kind: str):
    try:
        return NGO_MODELS[kind]
    except KeyError:
        raise Http404 from None


def _own_item(organisation, model, pk: int):
    """An item of this organisation only: anything else is not found."""
    try:
        return selectors.items_with_owner(model).get(pk=pk, organisation=organisation)
    except model.DoesNotExist:
        raise Http404 from None


def _context(organisation, request, **extra):
    return {
        "organisation": organisation,
        "is_ngo_admin": request.user.has_perm("accounts.manage_organisation_members", organisation),
        **extra,
    }


# --- start page and registration ------------------------------------------------------


@_signed_in
def home(request):
    """The user's organisations, also those still waiting for approval."""
    memberships = account_selectors.memberships_of_user(
        request.user, organisation_kind=OrganisationKind.NGO
    )
    if not memberships and not request.user.has_perm("organisations.access"):
        return redirect("organisations:register")
    return render(request, "organisations/home.html", {"memberships": memberships})


def register(request):
    """An NGO registers itself; a PA admin of its region approves it."""
    with_account = not request.user.is_authenticated
    form = RegistrationForm(request.POST or None, with_account=with_account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = account_services.organisation_register(
                user=request.user if request.user.is_authenticated else None,
                name=data["name"],
                region=data["region"],
                email=data["email"],
                description=data["description"],
                address=data["address"],
                phone=data["phone"],
                website=data["website"],
                applicant_email=data.get("applicant_email", ""),
                applicant_name=data.get("applicant_name", ""),
                applicant_password=data.get("applicant_password", ""),
                language=request.LANGUAGE_CODE,
                request=request,
            )
        except ValidationError as exc:
            editing.errors_to_form(form, exc)
        else:
            if with_account:
                user = organisation.memberships.get().user
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "%(name)s is registered. The public administration of %(region)s will "
                    "review it; you will get an e-mail."
                )
                % {"name": organisation.name, "region": organisation.region.name},
            )
            return redirect("organisations:home")
    return render(request, "organisations/register.html", {"form": form})


# --- members and invitations ----------------------------------------------------------


@_signed_in
def members(request, slug: str):
    organisation = _organisation(request, slug, "accounts.manage_organisation_members")
    form = InvitationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            account_services.invitation_create(
                organisation=organisation,
                user=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
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
            return redirect("organisations:members", slug=slug)
    people = account_selectors.organisation_people(organisation)
    invitations = account_selectors.invitations_open(organisation)
    log = account_selectors.membership_log(organisation)
    return render(
        request,
        "organisations/members.html",
        _context(
            organisation,
            request,
            form=form,
            people=people,
            invitations=invitations,
            log=log[:LOG_LIMIT],
            role_form=RoleForm(),
        ),
    )


def _membership(organisation, pk: int) -> Membership:
    return get_object_or_404(
        account_selectors.memberships_with_user(),
        pk=pk,
        organisation=organisation,
    )


@_signed_in
@require_POST
def member_role(request, slug: str, pk: int):
    organisation = _organisation(request, slug, "accounts.manage_organisation_members")
    membership = _membership(organisation, pk)
    form = RoleForm(request.POST)

    def change_role():
        if not form.is_valid():
            raise ValidationError(_("Choose the NGO administrator or NGO editor role."))
        account_services.membership_change_role(
            membership=membership, user=request.user, role=form.cleaned_data["role"]
        )

    run_service(request, change_role, success=_("The role was changed."))
    return redirect("organisations:members", slug=slug)


@_signed_in
@require_POST
def member_remove(request, slug: str, pk: int):
    organisation = _organisation(request, slug, "accounts.manage_organisation_members")
    membership = _membership(organisation, pk)
    removed = run_service(
        request,
        lambda: account_services.membership_remove(membership=membership, user=request.user),
        success=_("%(email)s was removed.") % {"email": membership.user.email},
    )
    if removed and membership.user_id == request.user.pk:
        return redirect("organisations:home")
    return redirect("organisations:members", slug=slug)


@_signed_in
@require_POST
def invitation_revoke(request, slug: str, pk: int):
    organisation = _organisation(request, slug, "accounts.manage_organisation_members")
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    account_services.invitation_revoke(invitation=invitation, user=request.user)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect("organisations:members", slug=slug)


def invitation(request, token: str):
    """Accept an invitation to an NGO (apps.accounts.invitation_views)."""

    def accepted(membership):
        name = membership.organisation.name
        messages.success(request, _("Welcome to %(name)s.") % {"name": name})
        return redirect("organisations:items", slug=membership.organisation.slug)

    return invitation_accept_page(
        request,
        token,
        template="organisations/invitation.html",
        accepted=accepted,
        accepts=lambda found: found.organisation.kind == OrganisationKind.NGO,
    )


# --- the organisation's items -----------------------------------------------------------


@_signed_in
def items(request, slug: str):
    organisation = _organisation(request, slug)
    search = ItemSearchForm(request.GET or None)
    query = state = ""
    if search.is_valid():
        query, state = search.cleaned_data["q"], search.cleaned_data["state"]
    rows = selectors.organisation_items(organisation, query=query, state=state)
    for row in rows:
        row["title"] = selectors.title_of(row["item"])
        row["model_name"] = type(row["item"])._meta.verbose_name
    kinds = [(kind, model._meta.verbose_name) for kind, model in NGO_MODELS.items()]
    return render(
        request,
        "organisations/items.html",
        _context(organisation, request, rows=rows, search=search, kinds=kinds),
    )


def _edit_url(organisation, kind: str, item, language: str | None = None) -> str:
    url = reverse("organisations:item-edit", args=[organisation.slug, kind, item.pk])
    return f"{url}?lang={language}" if language else url


def _after_save(request, item, *, submit: bool) -> None:
    if not submit:
        messages.success(request, _("Saved as a draft. Submit it when it is ready."))
        return
    services.item_moderation_submit(item=item, user=request.user)
    if item.status == Status.PUBLISHED:
        messages.success(request, _("Saved and published."))
    else:
        messages.success(
            request, _("Saved. The public administration will review it before it is shown.")
        )


def _defaults(model) -> dict:
    """Defaults of required choice fields (a course's kind ...) for a new item's form."""
    found = {}
    for field in model._meta.concrete_fields:
        if field.choices and not field.blank and field.has_default():
            found[field.name] = field.get_default()
    return found


def _service_data(form, model) -> dict:
    data = form.service_data()
    for name, default in _defaults(model).items():
        if name in data and data[name] in ("", None):
            data[name] = default
    return data


def _tip_choices(organisation) -> list[tuple[int, str]]:
    qs = selectors.processes_published_in(region_ancestor_ids(organisation.region_id))
    return [(p.pk, selectors.title_of(p)) for p in qs]


@_signed_in
def item_create(request, slug: str, kind: str):
    organisation = _organisation(request, slug)
    model = _model(kind)
    language = settings.LANGUAGE_CODE
    form_kwargs = {
        "model": model,
        "language": language,
        "structural": True,
        "choices": editing.form_choices(model, organisation.region) if model is not Comment else {},
    }
    tip_form = (
        TipProcessForm(
            request.POST or None,
            choices=_tip_choices(organisation),
            initial={"process": request.GET.get("process")},
        )
        if model is Comment
        else None
    )
    if model is Comment:
        form_kwargs["structural"] = False
    form = editing.ItemForm(request.POST or None, initial=_defaults(model), **form_kwargs)
    if request.method == "POST" and form.is_valid() and (tip_form is None or tip_form.is_valid()):
        try:
            if model is Comment:
                process = selectors.process_find(pk=tip_form.cleaned_data["process"])
                if process is None:
                    raise ValidationError({"process": _("This process does not exist.")})
                obj = services.comment_create(
                    user=request.user,
                    process=process,
                    organisation=organisation,
                    data=form.service_data(),
                )
            else:
                obj = services.item_create(
                    model=model,
                    user=request.user,
                    organisation=organisation,
                    region=organisation.region,
                    data=_service_data(form, model),
                    topics=form.cleaned_data.get("topics") or (),
                    user_types=form.cleaned_data.get("user_types") or (),
                )
            _after_save(request, obj, submit="draft" not in request.POST)
        except ValidationError as exc:
            if tip_form is not None and hasattr(exc, "error_dict") and "process" in exc.error_dict:
                tip_form.add_error("process", exc.error_dict["process"])
            else:
                editing.errors_to_form(form, exc)
        except PermissionDenied:
            raise
        else:
            return redirect(_edit_url(organisation, kind, obj))
    return render(
        request,
        "organisations/item_form.html",
        _context(
            organisation,
            request,
            kind=kind,
            model_name=model._meta.verbose_name,
            form=form,
            tip_form=tip_form,
            language=language,
            creating=True,
        ),
    )


@_signed_in
def item_edit(request, slug: str, kind: str, pk: int):
    organisation = _organisation(request, slug)
    model = _model(kind)
    obj = _own_item(organisation, model, pk)
    if not request.user.has_perm("content.change_item", obj):
        raise PermissionDenied
    source = obj.source_language
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang") or source
    if language not in codes:
        language = source
    structural = language == source and model is not Comment
    form_kwargs = {
        "model": model,
        "language": language,
        "structural": structural,
        "choices": editing.form_choices(model, obj.region_id) if structural else {},
        "reference": obj,
        "reference_language": source,
    }
    context = {}
    change = moderation_services.change_of(obj) if obj.status == Status.PUBLISHED else None
    if request.method == "POST":
        form = editing.ItemForm(request.POST, **form_kwargs)
        form.fields["version"].required = True
        if form.is_valid():
            changes = {
                "user": request.user,
                "expected_version": form.cleaned_data["version"],
                "data": _service_data(form, model) if structural else form.service_data(),
                "topics": form.cleaned_data.get("topics") if structural else None,
                "user_types": form.cleaned_data.get("user_types") if structural else None,
            }
            submit = "draft" not in request.POST
            try:
                if moderation_services.change_is_moderated(obj):
                    # Published: the change waits for moderation, migrants keep this version.
                    moderation_services.item_change_propose(item=obj, submit=submit, **changes)
                    messages.success(
                        request,
                        _(
                            "Saved. The published version stays visible until the public "
                            "administration approves your change."
                        )
                        if submit
                        else _("Your change is saved. Submit it when it is ready."),
                    )
                else:
                    obj = services.item_update(item=obj, **changes)
                    _after_save(request, obj, submit=submit)
            except StaleVersionError as exc:
                form.add_error(None, exc.message)
                context.update(editing.stale_context(exc))
            except ValidationError as exc:
                editing.errors_to_form(form, exc)
            else:
                return redirect(
                    _edit_url(organisation, kind, obj, language if language != source else None)
                )
    else:
        # A published item's change kept for moderation is what the NGO goes on editing.
        initial = editing.ItemForm.initial_for(
            moderation_services.item_with_change(obj, change),
            model=model,
            language=language,
            structural=structural,
        )
        if change is not None and structural:
            for name in ("topics", "user_types"):
                if getattr(change, name) is not None:
                    initial[name] = getattr(change, name)
        form = editing.ItemForm(initial=initial, **form_kwargs)
    obj_state = selectors.ngo_item_state(_with_last_note(obj))
    if change is not None and obj.status == Status.PUBLISHED:
        obj_state = "change_rejected" if change.rejected_at else "change_waiting"
        if change.submitted_at is None:
            obj_state = "published"
    covered = {code for code in codes if getattr(obj, column(model.TITLE_FIELD, code), "")}
    context.update(
        _context(
            organisation,
            request,
            kind=kind,
            obj=obj,
            title=selectors.title_of(obj),
            model_name=model._meta.verbose_name,
            form=form,
            language=language,
            source_language=source,
            state=obj_state,
            review_notes=list(selectors.review_notes(obj)[:3]),
            language_tabs=[
                {"code": c, "name": n, "current": c == language, "covered": c in covered}
                for c, n in editing.languages()
            ],
            can_archive="archive" in workflow.allowed_transitions(obj, request.user),
        )
    )
    return render(request, "organisations/item_form.html", context)


def _with_last_note(obj):
    note = selectors.review_notes(obj).first()
    obj.last_note = note.reason if note else None
    obj.last_note_at = note.created_at if note else None
    return obj


@_signed_in
@require_POST
def item_archive(request, slug: str, kind: str, pk: int):
    organisation = _organisation(request, slug)
    obj = _own_item(organisation, _model(kind), pk)
    run_service(
        request,
        lambda: workflow.item_transition(item=obj, user=request.user, transition="archive"),
        success=_("“%(title)s” was archived.") % {"title": obj},
    )
    return redirect("organisations:items", slug=slug)


# --- profile and reach ------------------------------------------------------------------


@_signed_in
def profile(request, slug: str):
    organisation = _organisation(request, slug, "accounts.edit_organisation_profile")
    # Not saved yet: an empty profile to fill in (the save service creates it).
    current = selectors.organisation_profile_get(organisation) or OrganisationProfile(
        organisation=organisation
    )
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    if language not in codes:
        language = settings.LANGUAGE_CODE
    structural = language == settings.LANGUAGE_CODE
    choices = {
        "topics": selectors.topic_choices(),
        "user_types": selectors.user_type_choices(),
    }
    kwargs = {"language": language, "structural": structural, "choices": choices}
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                services.organisation_profile_save(
                    organisation=organisation,
                    user=request.user,
                    data=form.service_data(),
                    topics=form.cleaned_data.get("topics") if structural else None,
                    user_types=form.cleaned_data.get("user_types") if structural else None,
                    logo=form.cleaned_data.get("logo") if structural else None,
                )
            except ValidationError as exc:
                editing.errors_to_form(form, exc)
            else:
                messages.success(request, _("The profile was saved."))
                url = reverse("organisations:profile", args=[slug])
                return redirect(f"{url}?lang={language}")
    else:
        initial = {
            col: getattr(current, col)
            for col in services.translated_columns(OrganisationProfile, languages=[language])
        }
        if structural:
            initial.update(
                languages=current.languages,
                topics=[t.pk for t in current.topics.all()] if current.pk else [],
                user_types=[t.pk for t in current.user_types.all()] if current.pk else [],
            )
        form = ProfileForm(initial=initial, **kwargs)
    return render(
        request,
        "organisations/profile.html",
        _context(
            organisation,
            request,
            form=form,
            profile=current,
            language=language,
            language_tabs=[
                {"code": c, "name": n, "current": c == language} for c, n in editing.languages()
            ],
        ),
    )


@_signed_in
def reach(request, slug: str):
    organisation = _organisation(request, slug)
    # The views counted in the cache since the last flush, so the numbers are current.
    reach_services.view_counts_flush(
        models_=reach_services.offer_models(), organisation=organisation
    )
    data = selectors.view_counts(organisation)
    for row in data["rows"]:
        row["title"] = selectors.title_of(row["item"])
    return render(request, "organisations/reach.html", _context(organisation, request, **data))
