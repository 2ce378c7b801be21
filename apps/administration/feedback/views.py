"""What migrants answered to "Was this helpful?": a list for PA admins and editors,
of their region and the regions below it, filtered by language and answer, newest first."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from apps.accounts.decorators import permission_required
from apps.content.feedback import feedback_list

PAGE_SIZE = 50


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


class FeedbackFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    helpful = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[("", _("All answers")), ("yes", _("Helpful")), ("no", _("Not helpful"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, language_name(code)) for code, _name in settings.LANGUAGES
        ]


@permission_required("administration.view_feedback")
def feedback(request):
    filters = FeedbackFilterForm(request.GET or None)
    language, helpful = None, None
    if filters.is_valid():
        language = filters.cleaned_data["language"] or None
        helpful = {"yes": True, "no": False}.get(filters.cleaned_data["helpful"])
    page = Paginator(
        feedback_list(user=request.user, language=language, helpful=helpful), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "administration/feedback/list.html",
        {
            "filters": filters,
            "page": page,
            "rows": [
                {
                    "feedback": f,
                    "language": language_name(f.language),
                    "item": f.item,
                    "kind": f.item._meta.verbose_name if f.item is not None else "",
                }
                for f in page.object_list
            ],
            "query_string": urlencode(query),
        },
    )
