"""Forms of the NGO app: registration, invitations, members, profile, tips.

Content forms are the PA app's ItemForm (apps/administration/content/editing.py)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role

NGO_ROLE_CHOICES = [
    (Role.NGO_EDITOR, Role.NGO_EDITOR.label),
    (Role.NGO_ADMIN, Role.NGO_ADMIN.label),
]


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    region = forms.CharField(
        label=_("Town or district"),
        max_length=80,
        help_text=_("The official key (AGS, e.g. 06412000) or the exact name."),
    )
    address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    email = forms.EmailField(label=_("E-mail address of the organisation"))
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What does your organisation do?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )

    def __init__(self, *args, with_account: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_account:
            self.fields["applicant_name"] = forms.CharField(
                label=_("Your name"), max_length=200, widget=forms.TextInput(
                    attrs={"autocomplete": "name"})
            )  # fmt: skip
            self.fields["applicant_email"] = forms.EmailField(
                label=_("Your e-mail address"),
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            )
            self.fields["applicant_password"] = forms.CharField(
                label=_("Choose a password"),
                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            )

    def clean_region(self):
        from django.db.models import Q

        from apps.regions.models import Region

        value = self.cleaned_data["region"].strip()
        found = list(Region.objects.filter(Q(code=value) | Q(name__iexact=value))[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                _("No single region has this key or name. Enter the official key (AGS).")
            )
        return found[0]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=NGO_ROLE_CHOICES)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=NGO_ROLE_CHOICES)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ItemSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All")),
            ("draft", _("Draft")),
            ("waiting", _("Waiting for moderation")),
            ("rejected", _("Rejected")),
            ("published", _("Published")),
            ("change_waiting", _("Published; change waiting for moderation")),
            ("change_rejected", _("Published; change rejected")),
            ("archived", _("Archived")),
        ],
    )


class TipProcessForm(forms.Form):
    process = forms.TypedChoiceField(label=_("Process"), coerce=int)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [("", "—"), *choices]


class ProfileForm(forms.Form):
    """The profile's texts in one language; in the source language also the tags."""

    def __init__(self, *args, language: str, structural: bool, choices, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.administration.content.editing import LanguageListField
        from apps.content.fields import TRANSLATED_FIELDS, column
        from apps.content.models import OrganisationProfile

        self.text_columns = []
        for name in TRANSLATED_FIELDS[OrganisationProfile]:
            col = column(name, language)
            model_field = OrganisationProfile._meta.get_field(name)
            field = forms.CharField(
                label=model_field.verbose_name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4 if name == "description" else 2}),
                help_text=model_field.help_text,
            )
            field.widget.attrs["lang"] = language
            if language in settings.LANGUAGES_BIDI:
                field.widget.attrs["dir"] = "rtl"
            self.fields[col] = field
            self.text_columns.append(col)
        self.structural = structural
        if structural:
            self.fields["languages"] = LanguageListField(
                label=_("Languages spoken by the staff"),
                required=False,
                help_text=_("Language codes, for example de, ar, fa, tr."),
            )
            self.fields["topics"] = forms.TypedMultipleChoiceField(
                label=_("Topics"), choices=choices["topics"], coerce=int, required=False
            )
            self.fields["user_types"] = forms.TypedMultipleChoiceField(
                label=_("People it serves"),
                choices=choices["user_types"],
                coerce=int,
                required=False,
            )
            self.fields["logo"] = forms.FileField(
                label=_("Logo"),
                required=False,
                help_text=_("PNG, JPEG or GIF, at most 2 MB."),
            )

    def service_data(self):
        data = {col: self.cleaned_data.get(col) or "" for col in self.text_columns}
        if self.structural:
            data["languages"] = self.cleaned_data.get("languages") or []
        return data
