"""PA screens for translation exchange files and machine pre-translation.

- export: a form; the download is an XLIFF 1.2, XLIFF 2.0 or PO file;
- import: upload, a preview of what would be applied, flagged and rejected, confirm;
- machine translation: queue items (or every missing or outdated item of a region) for
  languages; a job list with the live state (the page reloads itself while jobs run).

Logic lives in apps.translations (exchange.*, machine_services); these views are thin.
"""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.decorators import permission_required
from apps.accounts.roles import OrganisationKind
from apps.accounts.selectors import user_role_grants
from apps.regions.selectors import region_list_by_ids, region_none
from apps.translations import machine_services
from apps.translations.exchange.formats import FORMATS, export
from apps.translations.exchange.selectors import (
    UNIT_MODELS,
    objects_for_keys,
    units_select,
)
from apps.translations.exchange.services import ImportRefused, exchange_import
from apps.translations.machine_selectors import job_list
from apps.translations.models import JobState, State
from apps.translations.providers import provider_get

PERM = "administration.exchange_translations"
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
PENDING_SECONDS = 3600


def _languages():
    return [(code, gettext_lazy(name)) for code, name in settings.LANGUAGES]


def _regions(user):
    ids = {
        g.region_id for g in user_role_grants(user)
        if g.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY
    }  # fmt: skip
    return region_list_by_ids(ids)


def _parse_items(value: str, user) -> list:
    """Items named as "process:12, information:5" (the ids of exchange units)."""
    keys = []
    for token in value.replace(",", " ").split():
        kind, _sep, pk = token.partition(":")
        model = UNIT_MODELS.get(kind.strip().lower())
        if model is None or not pk.isdigit() or not hasattr(model, "TITLE_FIELD"):
            raise ValidationError(
                _("“%(token)s” does not name an item; write e.g. process:12.") % {"token": token}
            )
        keys.append((model, int(pk)))
    found = objects_for_keys(keys)
    missing = [f"{m._meta.model_name}:{pk}" for m, pk in keys if (m, pk) not in found]
    if missing:
        raise ValidationError(_("There are no items %(ids)s.") % {"ids": ", ".join(missing)})
    items = [found[key] for key in keys]
    if any(not user.has_perm("content.translate_item", item) for item in items):
        raise ValidationError(_("You are not allowed to translate some of these items."))
    return items


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[(k, v[0]) for k, v in FORMATS.items()]
    )
    language = forms.ChoiceField(label=gettext_lazy("Translate into"))
    source_language = forms.ChoiceField(label=gettext_lazy("Items written in"))
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=region_none(),
        required=False,
        empty_label=gettext_lazy("All my items"),
        help_text=gettext_lazy("The region and the regions below it."),
    )
    states = forms.MultipleChoiceField(
        label=gettext_lazy("Only texts that are"),
        choices=State.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Nothing ticked: every state."),
    )
    items = forms.CharField(
        label=gettext_lazy("Only these items"),
        required=False,
        help_text=gettext_lazy("Optional, e.g. “process:12 information:5”."),
    )
    published_only = forms.BooleanField(label=gettext_lazy("Published items only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["language"].choices = _languages()
        self.fields["source_language"].choices = _languages()
        self.fields["source_language"].initial = settings.LANGUAGE_CODE
        self.fields["region"].queryset = _regions(user)

    def clean_items(self):
        value = self.cleaned_data["items"].strip()
        return _parse_items(value, self.user) if value else None

    def clean(self):
        data = super().clean()
        if data.get("language") and data.get("language") == data.get("source_language"):
            self.add_error("language", _("Choose a language other than the source language."))
        return data


@permission_required(PERM)
def export_view(request):
    form = ExportForm(request.GET or None, user=request.user, initial=_initial(request))
    if request.GET.get("format") and form.is_valid():
        data = form.cleaned_data
        selection = units_select(
            language=data["language"],
            source_language=data["source_language"],
            user=request.user,
            items=data["items"],
            region=data["region"],
            states=data["states"] or None,
            published_only=data["published_only"],
        )
        label, extension, mime = FORMATS[data["format"]]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(export(selection, data["format"]), content_type=mime)
        name = f"micado-{data['language']}-{data['format']}-{stamp}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Units"] = str(len(selection.units))
        return response
    return render(
        request,
        "administration/translation_exchange/export.html",
        {"form": form, "mt_enabled": _mt_enabled()},
    )


def _initial(request) -> dict:
    return {"items": request.GET.get("items", "")} if "format" not in request.GET else {}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated file"),
        help_text=gettext_lazy("XLIFF 1.2, XLIFF 2.0 or PO, exported here and translated."),
    )
    language = forms.ChoiceField(label=gettext_lazy("The file is in"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("Mark the imported texts as"),
        choices=[
            (State.TRANSLATED, gettext_lazy("Translated")),
            (State.IN_TRANSLATION, gettext_lazy("In translation")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", gettext_lazy("Any language"))] + _languages()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": UPLOAD_MAX_BYTES // 2**20}
            )
        return upload


def _pending_key(request, token: str) -> str:
    return f"translations:import:{request.user.pk}:{token}"


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def import_view(request):
    """Upload: a dry run shows what would happen; nothing is written before confirm."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        options = {
            "language": form.cleaned_data["language"] or None,
            "state": form.cleaned_data["state"],
        }
        try:
            report = exchange_import(data=data, user=request.user, dry_run=True, **options)
        except ImportRefused as exc:
            context["refused"] = exc.lines()
        else:
            token = secrets.token_urlsafe(16)
            cache.set(
                _pending_key(request, token),
                {"data": data, "options": options, "name": form.cleaned_data["file"].name},
                PENDING_SECONDS,
            )
            context.update(report=report, token=token, file_name=form.cleaned_data["file"].name)
    return render(request, "administration/translation_exchange/import.html", context)


@permission_required(PERM)
@require_POST
def import_confirm(request):
    token = request.POST.get("token", "")
    pending = cache.get(_pending_key(request, token)) if token else None
    if pending is None:
        messages.error(request, _("This import has expired; upload the file again."))
        return redirect("administration:translation-import")
    confirm_changed = request.POST.get("confirm_changed") == "1"
    try:
        report = exchange_import(
            data=pending["data"],
            user=request.user,
            confirm_changed=confirm_changed,
            **pending["options"],
        )
    except ImportRefused as exc:
        return render(
            request,
            "administration/translation_exchange/import.html",
            {"form": ImportForm(), "refused": exc.lines()},
        )
    cache.delete(_pending_key(request, token))
    messages.success(
        request,
        _("%(file)s imported: %(summary)s")
        % {"file": pending["name"], "summary": report.summary()},
    )
    return redirect("administration:translation-import")


def _mt_enabled() -> bool:
    return provider_get() is not None


class MachineForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), widget=forms.CheckboxSelectMultiple
    )
    items = forms.CharField(
        label=gettext_lazy("Items"),
        required=False,
        help_text=gettext_lazy(
            "E.g. “process:12 information:5”. Empty: every item of the region with a missing "
            "or outdated translation."
        ),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=region_none(),
        required=False,
        empty_label=gettext_lazy("All my items"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["languages"].choices = _languages()
        self.fields["region"].queryset = _regions(user)

    def clean_items(self):
        value = self.cleaned_data["items"].strip()
        return _parse_items(value, self.user) if value else None


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def machine_view(request):
    enabled = _mt_enabled()
    form = MachineForm(
        request.POST or None, user=request.user, initial={"items": request.GET.get("items", "")}
    )
    if request.method == "POST":
        if not enabled:
            messages.error(request, str(machine_services.MESSAGES["off"]))
            return redirect("administration:translation-machine")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["items"]:
                    jobs = machine_services.mt_jobs_queue(
                        items=data["items"], languages=data["languages"], user=request.user
                    )
                else:
                    jobs = machine_services.mt_queue_missing(
                        languages=data["languages"], region=data["region"], user=request.user
                    )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("%(count)d machine translation jobs queued.") % {"count": len(jobs)},
                )
                return redirect("administration:translation-jobs")
    provider = provider_get() if enabled else None
    return render(
        request,
        "administration/translation_exchange/machine.html",
        {"form": form, "enabled": enabled, "provider": provider},
    )


@permission_required(PERM)
def job_list_view(request):
    jobs = job_list(user=request.user)
    rows = [
        {
            "job": job,
            "kind": job.item._meta.verbose_name,
            "message": machine_services.job_message(job),
        }
        for job in jobs
    ]
    active = any(job.state in (JobState.QUEUED, JobState.RUNNING) for job in jobs)
    return render(
        request,
        "administration/translation_exchange/jobs.html",
        {"rows": rows, "active": active, "enabled": _mt_enabled()},
    )
