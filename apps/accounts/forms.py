from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra field of the sign-up form: the name, optional."""

    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data.get("name", "")
        user.preferred_language = request.LANGUAGE_CODE or ""
        user.save(update_fields=["name", "preferred_language"])


class InvitationAcceptForm(forms.Form):
    """Accepting an invitation without an account: the person's name and a password."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
