"""The migrant app: public pages, no account, no JavaScript needed.

Views are thin: they find the visitor's region, call the selectors, mark the
language each item is served in (display.localize) and render. Every page does a
fixed number of queries, whatever the number of items or steps.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.content.models import GlossaryTerm, Information, Process
from apps.core.origin import same_origin_post
from apps.migrants import display
from apps.migrants.context import optional_url, region_ids
from apps.migrants.context import page_context as _context
from apps.migrants.pages import process_page, selectors
from apps.migrants.pages.cache import anonymous_page_cache, limit_page_cache
from apps.migrants.pages.forms import FilterForm, RegionChoiceForm, RegionSearchForm
from apps.migrants.personal import selectors as personal_selectors
from apps.migrants.region import REGION_COOKIE
from apps.speech.selectors import page_audio

REGION_COOKIE_AGE = 365 * 24 * 3600

# --- helpers ----------------------------------------------------------------------------------


def _fallback_notice(item, language: str) -> dict:
    return display.fallback_notice(item, language)


def _by_title(items: list, field_name: str, language: str) -> list:
    return sorted(
        items, key=lambda i: display.sort_key(display.resolve(i, field_name, language)[0])
    )


# --- home -------------------------------------------------------------------------------------


@anonymous_page_cache
def home(request):
    language = get_language()
    ids = region_ids(request)
    topics = selectors.topic_list()
    user_types = selectors.user_type_list()
    filters = FilterForm(request.GET, topics=topics, user_types=user_types)
    user_type = filters.value("user_type")
    used_topics, used_user_types = selectors.taxonomy_in_use(region_ids=ids)
    used_topics = selectors.with_ancestors(topics, used_topics)
    processes = []
    if user_type:
        processes = display.localize(
            selectors.process_list(region_ids=ids, user_type=user_type), language
        )
        processes = _by_title(processes, "title", language)
    events = display.localize(selectors.event_list_upcoming(region_ids=ids), language)
    for event in events:
        event.url = optional_url("migrants:event-detail", "migrants:event", pk=event.pk)
    return render(
        request,
        "migrants/home.html",
        _context(
            request,
            nav="home",
            topics=[t for t in topics if t.parent_id is None and t.pk in used_topics],
            user_types=[u for u in user_types if u.pk in used_user_types],
            user_type=next((u for u in user_types if u.pk == user_type), None),
            processes=processes,
            events=events,
            region_form=RegionSearchForm(),
            mention_targets=display.mention_targets_for(
                [*processes, *events], language, fields=("title", "summary")
            ),
        ),
    )


# --- region -----------------------------------------------------------------------------------


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("migrants:home")


# No CSRF token (`same_origin_post`): the search form is on the home page, which is
# cached for all anonymous visitors (`page_cache`). Choosing only sets a preference
# cookie on the device (no account, nothing stored on the server), every input is
# validated (a known region, a `next` on this site) and the result is shown ("Your
# region is now ...", the region bar), so a forged choice could do no more than a
# link to a page in another region's words; a cross-site POST from a browser is still
# refused by the Origin check.
@same_origin_post
@require_http_methods(["GET", "POST"])
def region(request):
    """Choose the region by town name or postcode; remembered in a cookie."""
    search = RegionSearchForm(request.GET or None) if request.method == "GET" else None
    choice_error = ""
    if request.method == "POST":
        if "code" in request.POST:
            choice = RegionChoiceForm(request.POST)
            if choice.is_valid():
                return _remember_region(request, choice.region)
            choice_error = choice.errors["code"][0]
            search = RegionSearchForm()
        else:
            search = RegionSearchForm(request.POST)
            if search.is_valid() and len(search.candidates) == 1:
                return _remember_region(request, search.candidates[0])
    candidates = (
        search.candidates if search is not None and search.is_bound and search.is_valid() else []
    )
    status = (
        400 if (search is not None and search.is_bound and search.errors) or choice_error else 200
    )
    return render(
        request,
        "migrants/region.html",
        _context(
            request,
            region_form=search or RegionSearchForm(),
            candidates=candidates,
            choice_error=choice_error,
            next=_next_url(request),
        ),
        status=status,
    )


def _remember_region(request, chosen):
    messages.success(request, gettext("Your region is now %(region)s.") % {"region": chosen.name})
    response = HttpResponseRedirect(_next_url(request))
    response.set_cookie(
        REGION_COOKIE,
        chosen.code,
        max_age=REGION_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


# --- processes --------------------------------------------------------------------------------


def _tagged_list(request, list_selector, *, model, template: str, nav: str, name: str, **extra):
    """A list of guides or information pages, filtered by topic (with its subtopics) and
    user type, sorted by title in the reader's language. The filters offer only topics and
    user types that tag something of `model` shown in the region."""
    language = get_language()
    topics = selectors.topic_list()
    user_types = selectors.user_type_list()
    used_topics, used_user_types = selectors.taxonomy_in_use(
        region_ids=region_ids(request), model=model
    )
    used_topics = selectors.with_ancestors(topics, used_topics)
    # A topic asked for by a link stays a filter even if nothing here uses it (it finds none).
    asked = request.GET.get("topic", "")
    used_topics |= {t.pk for t in topics if str(t.pk) == asked}
    filters = FilterForm(
        request.GET,
        topics=[t for t in topics if t.pk in used_topics],
        user_types=[u for u in user_types if u.pk in used_user_types],
    )
    topic_id, user_type = filters.value("topic"), filters.value("user_type")
    topic_ids = selectors.topic_with_descendants(topics, topic_id) if topic_id else None
    items = display.localize(
        list_selector(region_ids=region_ids(request), topic_ids=topic_ids, user_type=user_type),
        language,
    )
    return render(
        request,
        template,
        _context(
            request,
            nav=nav,
            filters=filters,
            topic=next((t for t in topics if t.pk == topic_id), None),
            user_type=next((u for u in user_types if u.pk == user_type), None),
            **{name: _by_title(items, "title", language)},
            mention_targets=display.mention_targets_for(
                items, language, fields=("title", "summary")
            ),
            **extra,
        ),
    )


@anonymous_page_cache
def process_list(request):
    return _tagged_list(
        request,
        selectors.process_list,
        model=Process,
        template="migrants/process_list.html",
        nav="processes",
        name="processes",
    )


@anonymous_page_cache
def process_detail(request, pk: int):
    # The user-independent part comes from the cache (see process_page): for anonymous
    # visitors the rendered article, for others the data to render it with their parts.
    try:
        page = process_page.process_page(
            pk=pk,
            language=get_language(),
            region_ids=region_ids(request),
            anonymous=not request.user.is_authenticated,
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    process = page.process
    limit_page_cache(request, process_page.timeout(process))
    personal = None
    if request.user.is_authenticated:  # saved in "My guides", steps ticked in the account
        personal = personal_selectors.process_personal_state(
            user=request.user, process_id=process.pk
        )
    return render(
        request,
        "migrants/process_detail.html",
        _context(
            request,
            nav="processes",
            **page.context(),
            process_body=page.body,
            personal=personal,
        ),
    )


@never_cache
@login_required
def process_preview(request, pk: int):
    """The process page as migrants will see it once published, for those who may see the
    unpublished item (its authors, translators and reviewers). Built fresh, never cached:
    not by the page caches, not by browsers, not by the service worker (no-store)."""
    try:
        page = process_page.build(
            pk=pk, language=get_language(), region_ids=[], published_only=False
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("content.view_unpublished", page.process):
        raise Http404
    return render(
        request,
        "migrants/process_detail.html",
        _context(request, nav="processes", **page.context(), personal=None, preview=True),
    )


# --- glossary ---------------------------------------------------------------------------------


@anonymous_page_cache
def glossary(request):
    language = get_language()
    terms = display.localize(selectors.glossary_list(region_ids=region_ids(request)), language)
    groups = display.glossary_groups(terms, language)
    return render(
        request,
        "migrants/glossary.html",
        _context(
            request,
            nav="glossary",
            groups=groups,
            count=len(terms),
            mention_targets=display.mention_targets_for(terms, language, fields=("term",)),
        ),
    )


@anonymous_page_cache
def glossary_detail(request, pk: int):
    return _detail(request, GlossaryTerm, pk, "migrants/glossary_detail.html", nav="glossary")


# --- information ------------------------------------------------------------------------------


@anonymous_page_cache
def information_list(request):
    return _tagged_list(
        request,
        selectors.information_list,
        model=Information,
        template="migrants/information_list.html",
        nav="information",
        name="pages",
    )


@anonymous_page_cache
def information_detail(request, pk: int):
    return _detail(request, Information, pk, "migrants/information_detail.html", nav="information")


def _detail(request, model, pk: int, template: str, *, nav: str):
    language = get_language()
    try:
        item = selectors.item_detail(model, pk=pk, region_ids=region_ids(request))
    except ObjectDoesNotExist:
        raise Http404 from None
    display.localize([item], language)
    return render(
        request,
        template,
        _context(
            request,
            nav=nav,
            item=item,
            notice=_fallback_notice(item, language),
            mention_targets=display.mention_targets_for([item], language),
            audio=page_audio([item], item.served_lang),
        ),
    )
