"""The directory of civil-society organisations for migrants, a page per organisation
with its offers, places and contacts, counselling offers, and the view counter.

Pages are cached whole for anonymous visitors (page_cache). The view counter is a
1×1 image each offer's page embeds: the cached page is served as fast as before and
the browser asks for the image separately; the image's answer counts one view for
the month (a number; no cookie, no address, nothing about the visitor is stored)
unless the User-Agent says it is a robot.
"""

from __future__ import annotations

import base64
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apps.accounts.models import Organisation
from apps.content import reach_services
from apps.content import selectors as content_selectors
from apps.content.services import column
from apps.migrants import display
from apps.migrants.context import page_context, region_ids
from apps.migrants.pages import selectors
from apps.migrants.pages.cache import anonymous_page_cache
from apps.migrants.pages.forms import FilterForm
from apps.regions.models import Region
from apps.regions.selectors import region_find_by_id

# Robots, crawlers, link previews and command-line clients are not counted.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|curl|wget|python|java/|"
    r"httpclient|go-http|okhttp|monitor|lighthouse|pingdom|headlesschrome.*bot",
    re.IGNORECASE,
)
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


class DirectoryFilterForm(FilterForm):
    language = forms.ChoiceField(label=_("Language spoken"), required=False)

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *languages]


def _current_region(request) -> Region | None:
    ids = region_ids(request)
    return region_find_by_id(ids[0]) if ids else None


@anonymous_page_cache
def directory(request):
    language = get_language()
    topics = list(selectors.topic_list())
    user_types = list(selectors.user_type_list())
    filters = DirectoryFilterForm(
        request.GET,
        topics=topics,
        user_types=user_types,
        languages=[(code, display.language_name(code)) for code, _n in settings.LANGUAGES],
    )
    filters.is_valid()
    ids = region_ids(request)
    qs = content_selectors.organisation_directory(
        region=None,
        topic=filters.value("topic"),
        user_type=filters.value("user_type"),
        language=filters.cleaned_data.get("language") or "",
        region_ids=ids or None,
    )
    organisations = list(qs)
    # The profiles' translation states (one query): which language each is shown in.
    display.localize([o.profile for o in organisations if _has_profile(o)], language)
    return render(
        request,
        "migrants/organisations.html",
        page_context(
            request,
            nav="organisations",
            filters=filters,
            organisations=[_card(o, language) for o in organisations],
        ),
    )


def _has_profile(organisation) -> bool:
    try:
        return organisation.profile is not None
    except ObjectDoesNotExist:
        return False


def _profile_text(organisation, field: str, language: str) -> tuple[str, str]:
    """(text, language) of a profile field: the language the profile is served in (its
    translation state allows the reader's language: apps/translations/publication.py),
    else the fallbacks; never a language whose translation may not be shown."""
    profile = organisation.profile if _has_profile(organisation) else None
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    if profile is not None:
        served = getattr(profile, display.LANG_ATTR, language)
        codes = [served, *fallbacks, profile.source_language]
        for code in codes:
            if code == language and served != language:
                continue  # its translation is not shown (in translation, outdated ...)
            value = getattr(profile, column(field, code), "")
            if value:
                return value, code
    if field == "description" and organisation.description:
        return organisation.description, settings.LANGUAGE_CODE
    return "", language


def _card(organisation, language: str) -> dict:
    text, code = _profile_text(organisation, "description", language)
    profile = organisation.profile if _has_profile(organisation) else None
    return {
        "organisation": organisation,
        "description": text,
        "description_lang": code,
        "description_dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
        "languages": [display.language_name(c) for c in (profile.languages if profile else [])],
        "topics": list(profile.topics.all()) if profile else [],
        "user_types": list(profile.user_types.all()) if profile else [],
    }


@anonymous_page_cache
def organisation_detail(request, slug: str):
    language = get_language()
    try:
        organisation, offers = content_selectors.organisation_public(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    ids = set(region_ids(request))
    # The offers' and the profile's translation states in one query.
    profile = [organisation.profile] if _has_profile(organisation) else []
    display.localize([*(i for items in offers.values() for i in items), *profile], language)
    card = _card(organisation, language)
    texts = {
        field: _profile_text(organisation, field, language)
        for field in ("opening_hours", "accessibility", "contact_note")
    }
    return render(
        request,
        "migrants/organisation_detail.html",
        page_context(
            request,
            nav="organisations",
            card=card,
            organisation=organisation,
            texts=texts,
            offers=offers,
            shown_here=not ids or organisation.region_id in ids,
        ),
    )


@anonymous_page_cache
def counselling_detail(request, slug: str, pk: int):
    language = get_language()
    item = content_selectors.counselling_offer_published(slug=slug, pk=pk)
    if item is None:
        raise Http404
    display.localize([item], language)
    return render(
        request,
        "migrants/counselling_detail.html",
        page_context(
            request,
            nav="organisations",
            item=item,
            notice=display.fallback_notice(item, language),
            mention_targets=display.mention_targets_for([item], language),
        ),
    )


@require_GET
def reach_pixel(request, kind: str, pk: int):
    """Count a view of a published offer; answer a transparent 1×1 GIF either way."""
    model = reach_services.counted_kinds().get(kind)
    agent = request.headers.get("User-Agent", "")
    if (
        model is not None
        and agent
        and not BOT_USER_AGENT.search(agent)
        and content_selectors.item_is_published(model, pk=pk)
    ):
        reach_services.view_count_record(model=model, pk=pk)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response
