"""PA authoring screens: lists, create/edit forms, step editor, publication,
revisions and the moderation queue.

Views stay thin: they check `user.has_perm(perm, obj)`, parse a form, call a
content service (which validates, saves, writes the revision and enforces the
version) and render. Every page runs a fixed number of queries whatever the
number of items or steps.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.accounts.decorators import permission_required
from apps.administration.content import display
from apps.administration.content.editing import errors_to_form as _errors_to_form
from apps.administration.content.editing import form_choices as _form_choices
from apps.administration.content.editing import labelled as _labelled
from apps.administration.content.editing import languages as _languages
from apps.administration.content.editing import stale_context as _stale_context
from apps.administration.content.forms import (
    BulkForm,
    ItemForm,
    ListFilterForm,
    MoveForm,
    RejectForm,
    StepForm,
    StepLinkForm,
    VersionForm,
)
from apps.content import flow as content_flow
from apps.content import selectors, services, workflow
from apps.content.fields import TRANSLATED_FIELDS, column
from apps.content.models import (
    Comment,
    CounsellingOffer,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    Step,
    Topic,
    UserType,
)
from apps.content.services import StaleVersionError
from apps.translations import selectors as translation_selectors

MAX_NUMBER = 2**31 - 1  # revision numbers and versions are integer columns

# URL slug -> model. Comments are moderated here but written in the NGO app.
KINDS: dict[str, type] = {
    "process": Process,
    "document-type": DocumentType,
    "glossary-term": GlossaryTerm,
    "information": Information,
    "event": Event,
    "course": Course,
    "office": Office,
    "topic": Topic,
    "user-type": UserType,
    "comment": Comment,
    "counselling-offer": CounsellingOffer,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}
NAV_KINDS = [k for k in KINDS if k != "comment"]
TAXONOMY = (Topic, UserType)
PAGE_SIZE = 25

pa_view = permission_required("administration.access")


# --- helpers ------------------------------------------------------------------------------


def _model(kind: str) -> type:
    try:
        return KINDS[kind]
    except KeyError:
        raise Http404 from None


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _item(request, model: type, pk: int):
    if model in TAXONOMY:  # tags of the user's regions and above, and the shared ones
        return get_object_or_404(selectors.taxonomy_for_user(model, user=request.user), pk=pk)
    try:
        return selectors.item_get_for_editor(model, user=request.user, pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


def _edit_url(obj, language: str | None = None) -> str:
    url = reverse("administration:content-edit", args=[KIND_OF[type(obj)], obj.pk])
    return f"{url}?{urlencode({'lang': language})}" if language else url


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- index and lists ----------------------------------------------------------------------


@pa_view
def content_index(request):
    _require(request, "content.view_editor")
    kinds = [(kind, KINDS[kind]._meta.verbose_name_plural) for kind in NAV_KINDS]
    return render(request, "administration/content/index.html", {"kinds": kinds})


@pa_view
def item_list(request, kind: str):
    model = _model(kind)
    _require(request, "content.view_editor")
    if model in TAXONOMY:
        return _taxonomy_list(request, kind, model)
    base = selectors.item_list_for_editor(model, user=request.user)
    if request.method == "POST":
        return _bulk(request, kind, model, base)
    filters = ListFilterForm(
        request.GET or None,
        topics=selectors.topic_choices(user=request.user),
        regions=[(r.pk, r.name) for r in selectors.editor_regions(base)],
        languages=_languages(),
    )
    qs = base
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        qs = selectors.editor_list_filter(
            base,
            query=data["q"],
            status=data["status"],
            topic=data["topic"],
            region=data["region"],
            missing_language=data["missing"],
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    languages = display.enabled_languages()
    rows = [
        {
            "item": item,
            "title": selectors.title_of(item),
            "covered": len(display.title_coverage(item)),
            "missing": [code for code in languages if code not in display.title_coverage(item)],
        }
        for item in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "administration/content/list.html",
        {
            "kind": kind,
            "model_name": model._meta.verbose_name,
            "model_name_plural": model._meta.verbose_name_plural,
            "filters": filters,
            "page": page,
            "rows": rows,
            "language_count": len(languages),
            "query_string": params.urlencode(),
            "can_create": request.user.has_perm("content.create_item") and kind != "comment",
            "bulk_actions": BulkForm.ACTIONS,
        },
    )


def _taxonomy_list(request, kind: str, model: type):
    qs = selectors.taxonomy_for_user(model, user=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        qs = selectors.taxonomy_search(qs, query=query, language=settings.LANGUAGE_CODE)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    languages = display.enabled_languages()
    rows = [
        {
            "item": item,
            "title": selectors.title_of(item, settings.LANGUAGE_CODE),
            "covered": len(display.title_coverage(item)),
            "missing": [c for c in languages if c not in display.title_coverage(item)],
        }
        for item in page.object_list
    ]
    return render(
        request,
        "administration/content/taxonomy_list.html",
        {
            "kind": kind,
            "model_name": model._meta.verbose_name,
            "model_name_plural": model._meta.verbose_name_plural,
            "page": page,
            "rows": rows,
            "query": query,
            "language_count": len(languages),
            "can_create": request.user.has_perm("content.manage_taxonomy"),
        },
    )


def _bulk(request, kind: str, model: type, base):
    # Only numbers a database key can be; anything else is not an item of this list.
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and len(v) <= 18]
    form = BulkForm(request.POST, ids=ids)
    back = reverse("administration:content-list", args=[kind])
    back = _safe_next(request, back)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action = form.cleaned_data["action"]
    items = list(selectors.items_by_ids(base, form.cleaned_data["ids"]))
    missing = len(set(form.cleaned_data["ids"])) - len(items)
    # Each item that may make the transition does; the others are named with the reason.
    result = workflow.items_bulk_transition(user=request.user, items=items, transition=action)
    if result.changed:
        if action == "publish":
            msg = _("%(count)s items were published.")
        else:
            msg = _("%(count)s items were archived.")
        messages.success(request, msg % {"count": result.changed})
    for item, reason in result.refused:
        messages.error(
            request,
            _("“%(title)s” was not changed: %(reason)s")
            % {"title": selectors.title_of(item), "reason": reason},
        )
    if missing:
        messages.error(
            request,
            _("%(count)s selected items were not found or are not yours to change.")
            % {"count": missing},
        )
    return redirect(back)


# --- create and edit ----------------------------------------------------------------------


@pa_view
def item_create(request, kind: str):
    model = _model(kind)
    if kind == "comment":
        raise Http404
    if model in TAXONOMY:
        _require(request, "content.manage_taxonomy")
        organisation = None
        # A new tag belongs to the author's region (not to every region).
        authors = selectors.author_organisations(request.user)
        tag_region = authors[0].region if authors else None
    else:
        _require(request, "content.create_item")
        organisations = selectors.author_organisations(request.user)
        if not organisations:
            raise PermissionDenied
        organisation = organisations[0]
    language = settings.LANGUAGE_CODE
    region = organisation.region if organisation else None
    form_kwargs = {
        "model": model,
        "language": language,
        "structural": True,
        "choices": _form_choices(model, region, request.user)
        if region or model in TAXONOMY
        else {},
    }
    if request.method == "POST":
        form = ItemForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                if model in TAXONOMY:
                    obj = services.taxonomy_save(
                        instance=model(),
                        user=request.user,
                        data=form.service_data(),
                        region=tag_region,
                    )
                else:
                    data = form.service_data()
                    obj = services.item_create(
                        model=model,
                        user=request.user,
                        organisation=organisation,
                        region=region,
                        data=data,
                        topics=form.cleaned_data.get("topics") or (),
                        user_types=form.cleaned_data.get("user_types") or (),
                    )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("“%(title)s” was created.") % {"title": selectors.title_of(obj, language)},
                )
                if model is Process:
                    return redirect("administration:content-steps", pk=obj.pk)
                return redirect(_edit_url(obj))
    else:
        form = ItemForm(**form_kwargs)
    return render(
        request,
        "administration/content/form.html",
        {
            "kind": kind,
            "model_name": model._meta.verbose_name,
            "model_name_plural": model._meta.verbose_name_plural,
            "form": form,
            "language": language,
            "creating": True,
            "organisation": organisation,
        },
    )


@pa_view
def item_edit(request, kind: str, pk: int):
    model = _model(kind)
    obj = _item(request, model, pk)
    taxonomy = model in TAXONOMY
    if taxonomy:
        _require(request, "content.view_editor")
        can_edit = request.user.has_perm("content.manage_taxonomy")
        can_translate = can_edit
        source = settings.LANGUAGE_CODE
    else:
        _require(request, "content.view_unpublished", obj)
        can_edit = request.user.has_perm("content.change_item", obj)
        can_translate = request.user.has_perm("content.translate_item", obj)
        source = obj.source_language
    languages = display.enabled_languages()
    language = request.GET.get("lang") or (source if can_edit or not can_translate else "")
    if language not in languages:
        language = next((c for c in languages if c != source), source)
    structural = can_edit and language == source
    may_save = can_edit or (can_translate and language != source)
    # The item's region, already loaded with it (tags and offices of the region and above).
    region = None if taxonomy else obj.region
    form_kwargs = {
        "model": model,
        "language": language,
        "structural": structural,
        "choices": _form_choices(model, region, request.user) if structural else {},
        "reference": obj,
        "reference_language": source,
    }
    context = {}
    if request.method == "POST":
        if not may_save:
            raise PermissionDenied
        form = ItemForm(request.POST, **form_kwargs)
        # Items are versioned: a save must say which version it is based on.
        form.fields["version"].required = not taxonomy
        if form.is_valid():
            try:
                if taxonomy:
                    obj = services.taxonomy_save(
                        instance=obj, user=request.user, data=form.service_data()
                    )
                else:
                    obj = services.item_update(
                        item=obj,
                        user=request.user,
                        expected_version=form.cleaned_data["version"],
                        data=form.service_data(),
                        topics=form.cleaned_data.get("topics") if structural else None,
                        user_types=form.cleaned_data.get("user_types") if structural else None,
                        minor=bool(form.cleaned_data.get("minor")),
                    )
            except StaleVersionError as exc:
                form.add_error(None, exc.message)
                context.update(_stale_context(exc))
            except ValidationError as exc:
                _errors_to_form(form, exc)
            except PermissionDenied:
                raise
            else:
                messages.success(
                    request,
                    _("Your changes were saved (version %(version)s).")
                    % {"version": getattr(obj, "version", "–")},
                )
                return redirect(_edit_url(obj, language if language != source else None))
    else:
        form = ItemForm(
            initial=ItemForm.initial_for(
                obj, model=model, language=language, structural=structural
            ),
            **form_kwargs,
        )
    coverage = display.title_coverage(obj)
    context.update(
        {
            "kind": kind,
            "obj": obj,
            "title": selectors.title_of(obj),
            "model_name": model._meta.verbose_name,
            "model_name_plural": model._meta.verbose_name_plural,
            "form": form,
            "language": language,
            "source_language": source,
            "language_tabs": display.language_tabs(
                obj,
                source=source,
                current=language,
                covered=coverage,
                states={} if taxonomy else translation_selectors.states_for([obj])[obj.pk],
                editable=lambda code: (
                    (can_edit and code == source) or (can_translate and code != source)
                ),
            ),
            "may_save": may_save,
            "taxonomy": taxonomy,
        }
    )
    if not taxonomy:
        allowed = workflow.allowed_transitions(obj, request.user)
        context.update(
            {
                "transitions": allowed,
                "can_submit": "submit" in allowed,
                "can_publish": "publish" in allowed,
                "can_return": "return" in allowed,
                "can_archive": "archive" in allowed,
                "review_notes": list(selectors.review_notes(obj)[:5]),
                "reject_form": RejectForm(),
                "dangling_mentions": [
                    {**m, "marker": f"{m['kind']},{m['id']}"}
                    for m in selectors.mentions_dangling(obj)
                ],
            }
        )
    return render(request, "administration/content/form.html", context)


# --- publication ----------------------------------------------------------------------------

ACTIONS = {  # the transitions of apps.content.workflow, with what the screen says after
    "submit": gettext_lazy("“%(title)s” was submitted for review."),
    "publish": gettext_lazy("“%(title)s” was published."),
    "archive": gettext_lazy("“%(title)s” was archived."),
    "return": gettext_lazy("“%(title)s” was sent back to its authors."),
}


@pa_view
@require_POST
def item_action(request, kind: str, pk: int, action: str):
    model = _model(kind)
    if model in TAXONOMY or action not in ACTIONS:
        raise Http404
    obj = _item(request, model, pk)
    success = ACTIONS[action]
    _require(request, workflow.TRANSITIONS[action].perm, obj)
    back = _safe_next(request, _edit_url(obj))
    try:
        extra = {}
        if action == "return":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why the item goes back to its authors."))
            extra["reason"] = form.cleaned_data["reason"]
        workflow.item_transition(item=obj, user=request.user, transition=action, **extra)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success % {"title": selectors.title_of(obj)})
    return redirect(back)


# --- revisions -------------------------------------------------------------------------------


def _content_item(request, kind: str, pk: int):
    model = _model(kind)
    if model in TAXONOMY:
        raise Http404
    obj = _item(request, model, pk)
    _require(request, "content.view_unpublished", obj)
    return model, obj


@pa_view
def revision_list(request, kind: str, pk: int):
    model, obj = _content_item(request, kind, pk)
    revisions = list(selectors.revision_list(obj).defer("snapshot"))
    return render(
        request,
        "administration/content/revisions.html",
        {
            "kind": kind,
            "obj": obj,
            "title": selectors.title_of(obj),
            "model_name_plural": model._meta.verbose_name_plural,
            "revisions": revisions,
            "can_restore": request.user.has_perm("content.restore_revision", obj),
        },
    )


@pa_view
def revision_diff(request, kind: str, pk: int):
    model, obj = _content_item(request, kind, pk)
    try:
        old_number = int(request.GET.get("from", ""))
        new_number = int(request.GET.get("to", ""))
    except ValueError:
        raise Http404 from None
    if not (0 < old_number <= MAX_NUMBER and 0 < new_number <= MAX_NUMBER):
        raise Http404  # no revision has such a number (and the database could not hold it)
    revisions = selectors.revisions_by_number(obj, [old_number, new_number])
    if old_number not in revisions or new_number not in revisions:
        raise Http404
    changes = _labelled(model, services.revision_diff(revisions[old_number], revisions[new_number]))
    return render(
        request,
        "administration/content/diff.html",
        {
            "kind": kind,
            "obj": obj,
            "title": selectors.title_of(obj),
            "model_name_plural": model._meta.verbose_name_plural,
            "old": revisions[old_number],
            "new": revisions[new_number],
            "changes": changes,
            "can_restore": request.user.has_perm("content.restore_revision", obj),
        },
    )


@pa_view
@require_POST
def revision_restore(request, kind: str, pk: int, number: int):
    model, obj = _content_item(request, kind, pk)
    _require(request, "content.restore_revision", obj)
    form = VersionForm(request.POST)
    revision = get_object_or_404(selectors.revision_list(obj), number=number)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was restored."))
        return redirect("administration:content-revisions", kind=kind, pk=pk)
    try:
        services.revision_restore(
            revision=revision, user=request.user, expected_version=form.cleaned_data["version"]
        )
    except StaleVersionError as exc:
        messages.error(request, exc.message)
        return redirect("administration:content-revisions", kind=kind, pk=pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("administration:content-revisions", kind=kind, pk=pk)
    messages.success(
        request, _("Version %(number)s was restored as a new version.") % {"number": number}
    )
    return redirect(_edit_url(obj))


# --- step editor -------------------------------------------------------------------------------


def _process(request, pk: int) -> Process:
    process = _item(request, Process, pk)
    _require(request, "content.view_unpublished", process)
    return process


def _step_choices(process: Process) -> list[tuple[int, str]]:
    return [
        (step.pk, f"{index}. {getattr(step, column('title', process.source_language)) or step}")
        for index, step in enumerate(process.steps.all(), start=1)
    ]


def _flow(process: Process) -> dict:
    """The flow as migrants will follow it (the shared `content.flow`), with the texts in
    the source language, the editor's warnings and a simple SVG layout."""
    computed = content_flow.process_flow(process)
    source = process.source_language

    def label(link) -> str:
        return (getattr(link, column("label", source)) or "") if link is not None else ""

    rows = [
        {
            "step": node.step,
            "number": node.number,
            "title": getattr(node.step, column("title", source)) or str(node.step),
            "links": [
                {
                    "link": link,
                    "to_number": computed.numbers[link.to_step_id],
                    "label": label(link),
                }
                for link in node.links
            ],
            "options": [
                {"to": o.to, "kind": o.kind, "label": label(o.link), "back": o.back}
                for o in node.options
            ],
            "is_end": node.is_end and computed.branched,
            "end_otherwise": node.end_otherwise,
            "next_number": node.next_number,
        }
        for node in computed.nodes
    ]
    box_h, gap, width = 40, 24, 320
    nodes = [
        {
            # Numbers in markup as plain strings: a template would localize them ("12,5").
            "x": "10",
            "y": str(10 + i * (box_h + gap)),
            "ty": str(10 + i * (box_h + gap) + 25),
            "number": row["number"],
            "title": row["title"][:36],
        }
        for i, row in enumerate(rows)
    ]
    edges = []
    for node in computed.nodes:
        a = node.number
        targets = [(node.next_number, None)] if node.next_number else []
        targets += [
            (computed.numbers[link.to_step_id], link)
            for link in node.links
            if computed.numbers[link.to_step_id] != node.next_number
        ]
        for b, link in targets:
            y1 = 10 + (a - 1) * (box_h + gap) + box_h / 2
            y2 = 10 + (b - 1) * (box_h + gap) + box_h / 2
            bend = width + 20 + 12 * (abs(b - a) % 6)
            if b == a + 1:
                edges.append({"d": f"M 60 {y1 + box_h / 2} L 60 {y2 - box_h / 2}", "label": ""})
            else:
                edges.append(
                    {
                        "d": f"M {width} {y1} C {bend} {y1}, {bend} {y2}, {width} {y2}",
                        "label": label(link),
                        "lx": f"{bend - 6:g}",
                        "ly": f"{(y1 + y2) / 2:g}",
                    }
                )
    height = 20 + len(rows) * (box_h + gap)
    return {
        "rows": rows,
        "warnings": computed.warnings,
        "svg": {
            "nodes": nodes,
            "edges": edges,
            "height": str(height),
            "width": str(width + 120),
        },
    }


@pa_view
def process_steps(request, pk: int):
    process = _process(request, pk)
    can_edit = request.user.has_perm("content.change_item", process)
    add_form = StepForm(
        language=process.source_language,
        structural=True,
        choices={
            "office": selectors.attachable_office_choices(process.region),
            "documents": selectors.attachable_document_choices(process.region),
        },
        initial={"version": process.version},
        prefix="add",
    )
    link_form = StepLinkForm(
        step_choices=_step_choices(process), initial={"version": process.version}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        which = request.POST.get("form")
        if which == "add":
            add_form = StepForm(request.POST, **_step_form_kwargs(process), prefix="add")
            if add_form.is_valid():
                try:
                    services.step_create(
                        process=process,
                        user=request.user,
                        expected_version=add_form.cleaned_data["version"],
                        data=add_form.service_data(),
                        required_documents=add_form.cleaned_data["required_documents"],
                        produced_documents=add_form.cleaned_data["produced_documents"],
                    )
                except StaleVersionError as exc:
                    add_form.add_error(None, exc.message)
                except ValidationError as exc:
                    _errors_to_form(add_form, exc)
                else:
                    messages.success(request, _("The step was added."))
                    return redirect("administration:content-steps", pk=pk)
        elif which == "link":
            link_form = StepLinkForm(request.POST, step_choices=_step_choices(process))
            if link_form.is_valid():
                data = link_form.cleaned_data
                steps = selectors.steps_in_bulk([data["from_step"], data["to_step"]])
                try:
                    if data["from_step"] not in steps or data["to_step"] not in steps:
                        raise ValidationError({"to_step": _("This step does not exist.")})
                    services.step_link_create(
                        process=process,
                        user=request.user,
                        expected_version=data["version"],
                        from_step=steps[data["from_step"]],
                        to_step=steps[data["to_step"]],
                        label={process.source_language: data["label"]} if data["label"] else None,
                    )
                except StaleVersionError as exc:
                    link_form.add_error(None, exc.message)
                except ValidationError as exc:
                    _errors_to_form(link_form, exc)
                else:
                    messages.success(request, _("The steps were connected."))
                    return redirect("administration:content-steps", pk=pk)
        else:
            raise Http404
        process = _process(request, pk)
    return render(
        request,
        "administration/content/steps.html",
        {
            "kind": "process",
            "obj": process,
            "title": selectors.title_of(process),
            "flow": _flow(process),
            "add_form": add_form,
            "link_form": link_form,
            "can_edit": can_edit,
            "can_translate": request.user.has_perm("content.translate_item", process),
            "can_submit": "submit" in workflow.allowed_transitions(process, request.user),
        },
    )


def _step_form_kwargs(process: Process) -> dict:
    return {
        "language": process.source_language,
        "structural": True,
        "choices": {
            "office": selectors.attachable_office_choices(process.region),
            "documents": selectors.attachable_document_choices(process.region),
        },
    }


def _step(process: Process, step_pk: int) -> Step:
    for step in process.steps.all():
        if step.pk == step_pk:
            return step
    raise Http404


@pa_view
def step_edit(request, pk: int, step_pk: int):
    process = _process(request, pk)
    step = _step(process, step_pk)
    _require(request, "content.translate_item", process)
    can_edit = request.user.has_perm("content.change_item", process)
    source = process.source_language
    languages = display.enabled_languages()
    language = request.GET.get("lang") or (source if can_edit else "")
    if language not in languages:
        language = source if can_edit else next((c for c in languages if c != source), source)
    if language == source and not can_edit:
        raise PermissionDenied
    structural = can_edit and language == source
    kwargs = _step_form_kwargs(process) if structural else {"choices": {}}
    links = [
        (link, getattr(link.to_step, column("title", source)) or f"#{link.to_step_id}")
        for link in selectors.step_outgoing_links(step)
    ]
    kwargs.update(language=language, structural=structural, links=links, continues=structural)
    if request.method == "POST":
        form = StepForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.step_update(
                    step=step,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    data=form.service_data(),
                    link_labels=form.link_labels(),
                    required_documents=form.cleaned_data["required_documents"]
                    if structural
                    else None,
                    produced_documents=form.cleaned_data["produced_documents"]
                    if structural
                    else None,
                    minor=bool(form.cleaned_data.get("minor")),
                )
            except StaleVersionError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The step was saved."))
                return redirect("administration:content-steps", pk=pk)
    else:
        initial = {"version": process.version}
        for name in TRANSLATED_FIELDS[Step]:
            initial[column(name, language)] = getattr(step, column(name, language))
        if structural:
            initial.update(
                office=step.office_id,
                link=step.link,
                continues=step.continues,
                required_documents=[d.pk for d in step.required_documents.all()],
                produced_documents=[d.pk for d in step.produced_documents.all()],
            )
        form = StepForm(initial=initial, **kwargs)
    return render(
        request,
        "administration/content/step_form.html",
        {
            "kind": "process",
            "obj": process,
            "step": step,
            "title": selectors.title_of(process),
            "form": form,
            "language": language,
            "language_tabs": [
                tab
                for tab in display.language_tabs(
                    step,
                    source=source,
                    current=language,
                    covered=[
                        code for code in languages if getattr(step, column("title", code), "")
                    ],
                    states=translation_selectors.states_for([step])[step.pk],
                    editable=lambda code: can_edit or code != source,
                )
                if tab["editable"]
            ],
        },
    )


@pa_view
@require_POST
def step_move(request, pk: int, step_pk: int):
    process = _process(request, pk)
    _require(request, "content.change_item", process)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect("administration:content-steps", pk=pk)
    step = _step(process, step_pk)
    try:
        workflow.step_move(
            user=request.user,
            step=step,
            direction=form.cleaned_data["direction"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The step was moved."))
    return redirect("administration:content-steps", pk=pk)


@pa_view
@require_POST
def step_delete(request, pk: int, step_pk: int):
    process = _process(request, pk)
    _require(request, "content.change_item", process)
    step = _step(process, step_pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.step_delete(
                step=step, user=request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The step was removed."))
    return redirect("administration:content-steps", pk=pk)


@pa_view
@require_POST
def link_delete(request, pk: int, link_pk: int):
    process = _process(request, pk)
    _require(request, "content.change_item", process)
    link = next((lk for lk in process.links.all() if lk.pk == link_pk), None)
    if link is None:
        raise Http404
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.step_link_delete(
                link=link, user=request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The connection was removed."))
    return redirect("administration:content-steps", pk=pk)


@pa_view
def process_preview(request, pk: int):
    process = _process(request, pk)
    return render(
        request,
        "administration/content/preview.html",
        {
            "kind": "process",
            "obj": process,
            "title": selectors.title_of(process),
            "flow": _flow(process),
            "source_language": process.source_language,
            "migrant_previews": [
                (code, name, _migrant_preview_url(code, process.pk)) for code, name in _languages()
            ],
        },
    )


def _migrant_preview_url(language: str, pk: int) -> str:
    with translation.override(language):
        return reverse("migrants:process-preview", kwargs={"pk": pk})


# --- moderation ---------------------------------------------------------------------------------


@pa_view
def moderation_queue(request):
    _require(request, "administration.moderate")
    entries = [
        {
            "kind": name.replace("_", "-"),
            "item": item,
            "title": selectors.title_of(item),
            "is_ngo": not item.organisation.is_public_authority,
            "model_name": type(item)._meta.verbose_name,
        }
        for name, item in selectors.review_queue(request.user)
    ]
    return render(
        request,
        "administration/content/moderation.html",
        {"entries": entries, "reject_form": RejectForm()},
    )
