"""The audio coverage page of the PA app: for every published item of the person's
regions and every language it is written in, whether current server audio exists and
how many seconds it lasts, with totals per language (reads: `apps.speech.selectors`)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import path

from apps.accounts.decorators import permission_required
from apps.administration.feedback.views import language_name
from apps.speech import selectors


@permission_required("speech.view_coverage")
def coverage(request):
    languages = [code for code, _name in settings.LANGUAGES]
    rows, totals = selectors.coverage(
        region_q=selectors.coverage_regions_q(request.user), languages=languages
    )
    return render(
        request,
        "administration/speech/coverage.html",
        {
            "rows": rows,
            "totals": totals,
            "languages": [(code, language_name(code)) for code in languages],
        },
    )


urlpatterns = [path("coverage/", coverage, name="speech-coverage")]
