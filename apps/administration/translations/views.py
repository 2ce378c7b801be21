"""The translator's workspace: a queue per language, the side-by-side editor of one item
(its fields, each step and each link), "mark translated" and a reviewer's "mark
reviewed".

Views stay thin: they check permissions (`translations.use_workspace`, and per item and
language `translations.translate` / `translations.review`), call the translation
services (which check again, also the language and region limits of external
translators) and render. Logic lives in apps/translations.
"""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.decorators import permission_required
from apps.content import selectors as content_selectors
from apps.content.models import Step, StepLink
from apps.content.services import StaleVersionError
from apps.translations import machine_selectors, machine_services, selectors, services, workspace
from apps.translations.models import State
from apps.translations.rules import Target

workspace_view = permission_required("translations.use_workspace")


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def _language(request, language: str) -> str:
    if language not in workspace.workspace_languages(request.user):
        raise PermissionDenied
    return language


def _item(request, kind: str, pk: int):
    model = workspace.EDITOR_KINDS.get(kind)
    if model is None:
        raise Http404
    if kind == workspace.PROFILE_KIND:
        item = content_selectors.organisation_profile_find(pk=pk)
    else:
        item = content_selectors.item_find(model, pk=pk)
    if item is None:
        raise Http404
    return item


@workspace_view
def queue_index(request):
    """Which language to work on (the user's languages)."""
    languages = workspace.workspace_languages(request.user)
    if len(languages) == 1:
        return redirect("administration:translation-queue", language=languages[0])
    return render(
        request,
        "administration/translations/index.html",
        {"languages": [(code, _language_name(code)) for code in languages]},
    )


@workspace_view
def queue(request, language: str):
    language = _language(request, language)
    kind = request.GET.get("kind") or ""
    kind = kind if kind in workspace.EDITOR_KINDS else ""
    try:
        topic = int(request.GET.get("topic") or 0)
    except ValueError:
        topic = 0
    entries = workspace.translation_queue(
        request.user, language=language, kind=kind or None, topic=topic or None
    )
    return render(
        request,
        "administration/translations/queue.html",
        {
            "language": language,
            "language_name": _language_name(language),
            "languages": [
                (code, _language_name(code)) for code in workspace.workspace_languages(request.user)
            ],
            "entries": entries,
            "kinds": [
                (slug, model._meta.verbose_name_plural) for slug, model in workspace.KINDS.items()
            ],
            "kind": kind,
            "topics": list(content_selectors.topics_all()),
            "topic": topic,
            "states": dict(State.choices),
        },
    )


def _units_context(request, item, language: str) -> dict:
    units = workspace.editor_units(item, language)
    user = request.user
    target = Target(item=item, language=language)
    may_translate = user.has_perm("translations.translate", target)
    may_review = user.has_perm("translations.review", target)
    if not (may_translate or may_review):
        raise PermissionDenied
    for unit in units:
        row = unit.row
        unit.may_review = bool(
            may_review
            and row is not None
            and row.state in (State.TRANSLATED, State.MACHINE)
            and row.translated_by_id != user.pk
        )
    return {
        "item": item,
        "kind": workspace.KIND_OF[type(item)],
        "language": language,
        "language_name": _language_name(language),
        "language_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
        "source": item.source_language,
        "source_name": _language_name(item.source_language),
        "source_dir": "rtl" if item.source_language in settings.LANGUAGES_BIDI else "ltr",
        "units": units,
        "terms": workspace.glossary_terms_in(item, units, language),
        "may_translate": may_translate,
        "states": dict(State.choices),
        **_machine_context(item, language),
    }


def _machine_context(item, language: str) -> dict:
    """Machine pre-translation of this item and language: on or off, the latest job."""
    job = machine_selectors.job_latest(item, language)
    return {
        "mt_enabled": machine_services.mt_enabled(),
        "mt_job": job,
        "mt_message": machine_services.job_message(job) if job else "",
        "mt_active": bool(job and job.state in machine_services.ACTIVE),
    }


@workspace_view
def editor(request, language: str, kind: str, pk: int):
    language = _language(request, language)
    item = _item(request, kind, pk)
    if language == item.source_language:
        raise Http404
    return render(
        request, "administration/translations/editor.html", _units_context(request, item, language)
    )


def _unit_object(item, unit: str):
    """The item itself, or one of its steps or links, from a unit key."""
    if unit == "item":
        return item
    prefix, _dash, pk = unit.partition("-")
    model = {"step": Step, "link": StepLink}.get(prefix)
    if model is None or not pk.isdigit():
        raise Http404
    obj = content_selectors.process_part_get(model, pk=int(pk), process=item)
    if obj is None:
        raise Http404
    return obj


@workspace_view
@require_POST
def save(request, language: str, kind: str, pk: int):
    language = _language(request, language)
    item = _item(request, kind, pk)
    unit = request.POST.get("unit", "")
    obj = _unit_object(item, unit)
    fields = services.fields_of(type(obj))
    texts = {name: request.POST.get(f"{unit}-{name}", "") for name in fields}
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    url = reverse("administration:translation-edit", args=[language, kind, pk]) + f"#{unit}"
    try:
        services.translation_save(
            obj=obj,
            language=language,
            user=request.user,
            texts=texts,
            expected_version=version,
            mark_translated="mark_translated" in request.POST,
        )
    except StaleVersionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if "mark_translated" in request.POST:
            messages.success(request, _("Saved and marked as translated."))
        else:
            messages.success(request, _("Saved. The translation is marked as in translation."))
    return redirect(url)


@workspace_view
@require_POST
def review(request, language: str, kind: str, pk: int):
    language = _language(request, language)
    item = _item(request, kind, pk)
    unit = request.POST.get("unit", "")
    obj = _unit_object(item, unit)
    try:
        services.translation_mark_reviewed(obj=obj, language=language, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Marked as reviewed."))
    return redirect(
        reverse("administration:translation-edit", args=[language, kind, pk]) + f"#{unit}"
    )


# --- machine pre-translation of one item and language -------------------------------------


@workspace_view
@require_http_methods(["GET", "POST"])
def machine(request, language: str, kind: str, pk: int):
    """GET: the progress of the latest job (reloads every 5 s while it runs). POST: queue
    a job (the item, its steps and links, into `language`): refused when machine
    translation is off or a job of this item and language is queued or running (the
    lock: never twice at once)."""
    language = _language(request, language)
    item = _item(request, kind, pk)
    if language == item.source_language:
        raise Http404
    target = Target(item=item, language=language)
    if not request.user.has_perm("translations.translate", target):
        raise PermissionDenied
    url = reverse("administration:translation-machine-item", args=[language, kind, pk])
    if request.method == "POST":
        latest = machine_selectors.job_latest(item, language)
        if not machine_services.mt_enabled():
            messages.error(request, str(machine_services.MESSAGES["off"]))
        elif latest is not None and latest.state in machine_services.ACTIVE:
            messages.error(
                request,
                _(
                    "A machine translation of this item into this language is already queued "
                    "or running. Wait for it to finish."
                ),
            )
        else:
            try:
                machine_services.mt_jobs_queue(
                    items=[item], languages=[language], user=request.user
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Machine pre-translation queued."))
        return redirect(url)
    context = {
        "item": item,
        "kind": kind,
        "language": language,
        "language_name": _language_name(language),
        "title": workspace.QueueEntry(item=item, kind=kind, state="", work="").title,
        "may_translate": True,
        **_machine_context(item, language),
    }
    return render(request, "administration/translations/machine.html", context)


# --- coverage ---------------------------------------------------------------------------------

coverage_view = permission_required("translations.view_coverage")


def _coverage_rows(request):
    return selectors.coverage_table(
        workspace.scope_q(request.user), profiles_q=workspace.profile_scope_q(request.user)
    )


@coverage_view
def coverage(request):
    rows = _coverage_rows(request)
    return render(
        request,
        "administration/translations/coverage.html",
        {
            "rows": rows,
            "states": list(State.choices),
            "kinds": {
                slug: m._meta.verbose_name_plural for slug, m in workspace.EDITOR_KINDS.items()
            },
        },
    )


@coverage_view
def coverage_csv(request):
    rows = _coverage_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="translation-coverage.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("region"),
            _("language"),
            _("type"),
            _("items"),
            *[str(label) for _value, label in State.choices],
            *[_("%(state)s (%%)") % {"state": label} for _value, label in State.choices],
            _("words left to translate"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.region,
                row.language,
                row.kind,
                row.total,
                *[row.counts[value] for value, _label in State.choices],
                *[row.percent(value) for value, _label in State.choices],
                row.words_left,
            ]
        )
    return response
