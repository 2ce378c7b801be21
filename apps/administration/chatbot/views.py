"""Questions the chatbot could not answer: a list for PA admins and editors, of their
region and the regions below it, per language, most asked first. Editors see what
content is missing; no personal data is stored (apps/chatbot/models.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from apps.accounts.decorators import permission_required
from apps.administration.feedback.views import language_name
from apps.chatbot.selectors import unanswered_list

PAGE_SIZE = 50


class UnansweredFilterForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, language_name(code)) for code, _name in settings.LANGUAGES
        ]


@permission_required("chatbot.view_unanswered")
def unanswered(request):
    filters = UnansweredFilterForm(request.GET or None)
    language = filters.cleaned_data["language"] or None if filters.is_valid() else None
    page = Paginator(unanswered_list(user=request.user, language=language), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "administration/chatbot/unanswered.html",
        {
            "filters": filters,
            "page": page,
            "rows": [{"q": q, "language": language_name(q.language)} for q in page.object_list],
            "query_string": urlencode(query),
        },
    )


urlpatterns = [path("", unanswered, name="chatbot-unanswered")]
