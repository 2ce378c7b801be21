"""Forms of the migrant app. They work without JavaScript; errors are translated."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.migrants.pages import selectors


class RegionSearchForm(forms.Form):
    """Find the visitor's town by name or postcode. `candidates` holds what matched."""

    q = forms.CharField(
        label=_("Your town or postcode"),
        max_length=100,
        strip=True,
        error_messages={"required": _("Enter the name of your town or your postcode.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if query.isdigit():
            if not selectors.POSTCODE_RE.match(query):
                raise forms.ValidationError(
                    gettext("A postcode has five digits, for example 60311."), code="postcode"
                )
            self.candidates = selectors.region_search_by_postcode(query)
            if not self.candidates:
                raise forms.ValidationError(
                    gettext(
                        "We do not know the postcode %(postcode)s. "
                        "Please check it or enter the name of your town."
                    )
                    % {"postcode": query},
                    code="unknown_postcode",
                )
        else:
            self.candidates = selectors.region_search_by_name(query)
            if not self.candidates:
                raise forms.ValidationError(
                    gettext(
                        "We found no town called “%(name)s”. "
                        "Please check the spelling or enter your postcode."
                    )
                    % {"name": query},
                    code="unknown_name",
                )
        return query


class RegionChoiceForm(forms.Form):
    """One of several towns that matched (a button per town)."""

    code = forms.CharField(max_length=12)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.region = selectors.region_by_code(code)
        if self.region is None or self.region.parent_id is None:
            raise forms.ValidationError(
                gettext("This region is not known. Please search again."), code="unknown"
            )
        return code


class FilterForm(forms.Form):
    """Topic and "I am ..." filters of the lists (GET; invalid values are ignored)."""

    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    user_type = forms.TypedChoiceField(
        label=_("I am …"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, topics, user_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", gettext("All topics"))] + [
            (t.pk, str(t)) for t in topics
        ]
        self.fields["user_type"].choices = [("", gettext("Everyone"))] + [
            (u.pk, str(u)) for u in user_types
        ]

    def value(self, name: str) -> int | None:
        self.is_valid()  # fills cleaned_data with the fields that are valid
        return self.cleaned_data.get(name)
