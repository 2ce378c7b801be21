"""Search for migrants: one box, every published type, in the visitor's language.

The logic is `apps.content.search` (PostgreSQL full-text search, a Python fallback
elsewhere); this view reads `q`, asks it for the visitor's region and shows the
hits, title matches first. A fixed number of queries whatever the number of hits.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.content import search as content_search
from apps.migrants import display
from apps.migrants.region import current_region, current_region_ids

KIND_LABELS = {
    "process": _("Step-by-step guide"),
    "glossary": _("Word explained"),
    "information": _("Information"),
    "event": _("Event"),
    "course": _("Course"),
}


def _detail_url(kind: str, pk: int) -> str:
    try:
        return reverse(f"migrants:{kind}-detail", kwargs={"pk": pk})
    except NoReverseMatch:  # a page another part of the app has not added yet
        return reverse(f"v1:{kind}-detail", kwargs={"pk": pk})


def search(request):
    language = get_language()
    raw = request.GET.get("q", "")
    query = content_search.normalise_query(raw)
    too_long = len(" ".join(raw.split())) > content_search.MAX_QUERY_LENGTH
    hits = []
    if query:
        hits = content_search.search(
            query, language=language, region_ids=current_region_ids(request)
        )
        for hit in hits:
            hit.url = _detail_url(hit.kind, hit.pk)
            hit.kind_label = KIND_LABELS[hit.kind]
            hit.dir = display.language_dir(hit.language)
            hit.language_name = display.language_name(hit.language)
    context = {
        "region": current_region(request),
        "query": query,
        "too_long": too_long,
        "max_length": content_search.MAX_QUERY_LENGTH,
        "hits": hits,
        "nav": "search",
    }
    return render(request, "migrants/search.html", context)
