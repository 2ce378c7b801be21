"""Forms of the personal space. They work without JavaScript; every error is translated.
The checks of content (text, files) live in the services, which the views call; these
forms only read the input."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.migrants.models import CHECKLIST_TEXT_MAX, DOCUMENT_TITLE_MAX


class ChecklistItemForm(forms.Form):
    text = forms.CharField(
        label=_("New item"),
        max_length=CHECKLIST_TEXT_MAX,
        strip=True,
        error_messages={
            "required": _("Please write what you want to do."),
            "max_length": _("Please write at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class WalletUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document (PDF or photo)"),
        error_messages={
            "required": _("Please choose a file."),
            "empty": _("This file is empty."),
            "invalid": _("Please choose a file."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )
    title = forms.CharField(
        label=_("Name (optional)"),
        help_text=_("For example: passport, rental contract."),
        max_length=DOCUMENT_TITLE_MAX,
        required=False,
        error_messages={"max_length": _("Please write at most %(limit_value)d characters.")},
    )


class AccountDeleteForm(forms.Form):
    """Confirm with the password, or, for an account without one, by typing its email."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    email = forms.CharField(label=_("Your email address"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["email"]
        else:
            del self.fields["password"]

    def clean(self):
        data = super().clean()
        if "password" in self.fields:
            if not self.user.check_password(data.get("password") or ""):
                self.add_error(
                    "password",
                    gettext("This password is not right. Your account was not deleted."),
                )
        elif (data.get("email") or "").strip().lower() != self.user.email.lower():
            self.add_error(
                "email",
                gettext(
                    "This is not your email address. Please type it exactly. "
                    "Your account was not deleted."
                ),
            )
        return data
