"""Forms of the PA authoring screens.

Forms only parse input into the `data` dicts the content services take; the
services validate, sanitise and save. Choices of related objects are computed
once per page (lists of (id, label)), so rendering a form never runs a query.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.content.fields import (
    EDITABLE_FIELDS,
    HIDDEN_FIELDS,
    SCHEDULE_FIELDS,
    TAXONOMY_FIELDS,
    TRANSLATED_FIELDS,
    column,
    rich_fields,
)
from apps.content.models import ContentItem, Status

RICH_HELP = _(
    "Allowed formatting: paragraphs, headings (h2–h4), lists, bold, italic, links and tables. "
    "Scripts, images and embedded content are refused. To mention a glossary term, process, "
    "information page or event, write @[g,ID](text), @[p,ID](text), @[i,ID](text) or "
    "@[e,ID](text); glossary terms are linked automatically when you save. To keep a word "
    "from being linked, put a minus before the letter: @[-g,ID](text)."
)


def _to_int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _formfield(model: type[models.Model], name: str, *, choices=None) -> forms.Field:
    field = model._meta.get_field(name)
    if field.is_relation:
        return forms.TypedChoiceField(
            label=field.verbose_name,
            choices=[("", "—"), *(choices or [])],
            coerce=int,
            empty_value=None,
            required=False,
        )
    if isinstance(field, models.JSONField):
        return LanguageListField(
            label=field.verbose_name, required=False, help_text=field.help_text
        )
    if isinstance(field, models.DateTimeField):
        return forms.DateTimeField(
            label=field.verbose_name,
            required=not field.null,
            help_text=field.help_text,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
    if isinstance(field, models.DateField):
        return forms.DateField(
            label=field.verbose_name,
            required=False,
            help_text=field.help_text,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    extra = {"assume_scheme": "https"} if isinstance(field, models.URLField) else {}
    formfield = field.formfield(required=False, **extra)
    if isinstance(field, models.BooleanField):
        formfield.required = False
    return formfield


class ItemForm(forms.Form):
    """Texts of one language of an item; in the source language also its other fields.

    `structural` is False for translators and for languages other than the source:
    then only the translated texts of `language` are shown.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={
            "required": _(
                "This form does not say which version it was based on. Reload the page "
                "and make your changes again."
            )
        },
    )

    def __init__(
        self,
        *args,
        model: type[models.Model],
        language: str,
        structural: bool,
        choices: dict[str, list[tuple[int, str]]],
        reference: models.Model | None = None,
        reference_language: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.model = model
        self.language = language
        self.structural = structural
        self.text_columns: list[str] = []
        rich = rich_fields(model)
        for name in TRANSLATED_FIELDS[model]:
            col = column(name, language)
            model_field = model._meta.get_field(name)
            field = model._meta.get_field(col).formfield(required=False)
            field.label = model_field.verbose_name
            if isinstance(model_field, models.TextField):
                field.widget = forms.Textarea(attrs={"rows": 6 if name in rich else 3})
            help_parts = [str(model_field.help_text)] if model_field.help_text else []
            if name in rich:
                help_parts.append(str(RICH_HELP))
            if reference is not None and reference_language and reference_language != language:
                source_text = getattr(reference, column(name, reference_language), "") or "—"
                help_parts.append(
                    str(_("Source text (%(language)s): %(text)s"))
                    % {"language": reference_language, "text": source_text[:300]}
                )
            field.help_text = " ".join(help_parts)
            field.widget.attrs["lang"] = language
            if language in settings.LANGUAGES_BIDI:
                field.widget.attrs["dir"] = "rtl"
            self.fields[col] = field
            self.text_columns.append(col)
        self.other_fields: list[str] = []
        if not structural:
            return
        if issubclass(model, ContentItem):
            names = [*EDITABLE_FIELDS.get(model, ()), *SCHEDULE_FIELDS]
        else:
            names = list(TAXONOMY_FIELDS.get(model, EDITABLE_FIELDS.get(model, ())))
        for name in names:
            if name in HIDDEN_FIELDS and not (model in TAXONOMY_FIELDS and name == "position"):
                continue
            self.fields[name] = _formfield(model, name, choices=choices.get(name))
            self.other_fields.append(name)
        if issubclass(model, ContentItem) and reference is not None and reference.pk:
            self.fields["minor"] = forms.BooleanField(
                label=_("Minor change (typo, punctuation): keep the translations up to date"),
                help_text=_(
                    "Tick this only if the meaning did not change: no translation is marked "
                    "outdated."
                ),
                required=False,
            )
        if issubclass(model, ContentItem):
            self.fields["topics"] = forms.TypedMultipleChoiceField(
                label=_("Topics"), choices=choices.get("topics", []), coerce=int, required=False
            )
            self.fields["user_types"] = forms.TypedMultipleChoiceField(
                label=_("User types"),
                choices=choices.get("user_types", []),
                coerce=int,
                required=False,
            )

    @classmethod
    def initial_for(cls, obj, *, model, language: str, structural: bool) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": getattr(obj, "version", None)}
        for name in TRANSLATED_FIELDS[model]:
            initial[column(name, language)] = getattr(obj, column(name, language), "")
        if structural:
            for name in [*EDITABLE_FIELDS.get(model, ()), *SCHEDULE_FIELDS, "icon", "parent"]:
                try:
                    field = model._meta.get_field(name)
                except Exception:  # noqa: S112 - not every model has every field
                    continue
                initial[name] = getattr(obj, field.attname)
            if isinstance(obj, ContentItem) and obj.pk:
                initial["topics"] = [t.pk for t in obj.topics.all()]
                initial["user_types"] = [t.pk for t in obj.user_types.all()]
        return initial

    def service_data(self) -> dict[str, Any]:
        """Cleaned values keyed like the services expect (text columns, field names)."""
        data: dict[str, Any] = {col: self.cleaned_data.get(col) or "" for col in self.text_columns}
        for name in self.other_fields:
            value = self.cleaned_data.get(name)
            if self.model._meta.get_field(name).is_relation:
                value = _to_int(value)
            data[name] = value
        return data


class StepForm(forms.Form):
    """A step's texts in one language; in the source language also office and documents."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args, language: str, structural: bool, choices, links=(), continues=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        from apps.content.models import Step

        self.language = language
        self.text_columns = []
        for name in TRANSLATED_FIELDS[Step]:
            col = column(name, language)
            model_field = Step._meta.get_field(name)
            field = Step._meta.get_field(col).formfield(required=False)
            field.label = model_field.verbose_name
            if isinstance(model_field, models.TextField):
                field.widget = forms.Textarea(attrs={"rows": 4})
                field.help_text = RICH_HELP
            field.widget.attrs["lang"] = language
            if language in settings.LANGUAGES_BIDI:
                field.widget.attrs["dir"] = "rtl"
            self.fields[col] = field
            self.text_columns.append(col)
        # The labels of the branches that leave this step, in the same language.
        self.link_fields: dict[str, int] = {}
        for link, target in links:
            name = f"link_label_{link.pk}"
            self.fields[name] = forms.CharField(
                label=_("Label of the connection to “%(step)s”") % {"step": target},
                max_length=200,
                required=False,
                initial=getattr(link, column("label", language)),
            )
            self.fields[name].widget.attrs["lang"] = language
            if language in settings.LANGUAGES_BIDI:
                self.fields[name].widget.attrs["dir"] = "rtl"
            self.link_fields[name] = link.pk
        self.structural = structural
        if structural:
            self.fields["office"] = forms.TypedChoiceField(
                label=_("Office or place"),
                choices=[("", "—"), *choices["office"]],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields["link"] = forms.URLField(
                label=_("Link"), required=False, assume_scheme="https"
            )
            self.fields["required_documents"] = forms.TypedMultipleChoiceField(
                label=_("Required documents"),
                choices=choices["documents"],
                coerce=int,
                required=False,
            )
            self.fields["produced_documents"] = forms.TypedMultipleChoiceField(
                label=_("Documents received"),
                choices=choices["documents"],
                coerce=int,
                required=False,
            )
            self.fields["minor"] = forms.BooleanField(
                label=_("Minor change (typo, punctuation): keep the translations up to date"),
                help_text=_(
                    "Tick this only if the meaning did not change: no translation is marked "
                    "outdated."
                ),
                required=False,
            )
            if continues:  # on a step's own page (new steps always continue)
                model_field = Step._meta.get_field("continues")
                self.fields["continues"] = forms.BooleanField(
                    label=_("Then continue with the next step"),
                    help_text=model_field.help_text,
                    required=False,
                )

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {col: self.cleaned_data.get(col) or "" for col in self.text_columns}
        if self.structural:
            data["office"] = self.cleaned_data.get("office")
            data["link"] = self.cleaned_data.get("link") or ""
            if "continues" in self.fields:
                data["continues"] = bool(self.cleaned_data.get("continues"))
        return data

    def link_labels(self) -> dict[int, dict[str, str]]:
        """{link id: {language: label}} for the branches shown in this form."""
        return {
            pk: {self.language: self.cleaned_data.get(name) or ""}
            for name, pk in self.link_fields.items()
        }


class StepLinkForm(forms.Form):
    """Connect two steps. Ids are integers, checked by the service (same process, cycles)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    from_step = forms.IntegerField(label=_("From step"))
    to_step = forms.IntegerField(label=_("To step"))
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=200,
        required=False,
        help_text=_("For a branch, e.g. “if you already have a job offer”."),
    )

    def __init__(self, *args, step_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_step", "to_step"):
            self.fields[name].widget = forms.Select(choices=step_choices)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[("up", _("Move up")), ("down", _("Move down"))])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the authors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class BulkForm(forms.Form):
    ACTIONS = [("publish", _("Publish")), ("archive", _("Archive"))]

    action = forms.ChoiceField(label=_("With the selected items"), choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args, ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in ids]
        self.fields["ids"].error_messages["required"] = _("Select at least one item.")


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    missing = forms.ChoiceField(label=_("Title missing in"), required=False)

    def __init__(self, *args, topics, regions, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All")), *topics]
        self.fields["region"].choices = [("", _("All")), *regions]
        self.fields["missing"].choices = [("", _("Any language")), *languages]


class LanguageListField(forms.CharField):
    """A list of language codes typed as "de, ar, fa" (stored as a JSON list)."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        if isinstance(value, list):
            return value
        return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]
