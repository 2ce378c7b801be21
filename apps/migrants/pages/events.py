"""Events and courses for migrants: lists with filters, detail pages, iCalendar.

Public, no JavaScript. Lists show what is published in the visitor's region
(`region.current_region`) and its ancestors; a detail page shows any published
item (a shared link keeps working in another region). Filters come in by GET and
are validated by a form: bad input (a date like 2026-13-45, an unknown topic)
gives the form's translated error and status 400, never a server error.

Every page does a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from apps.content import ical
from apps.content.models import Course, CourseKind, Event, Topic
from apps.content.selectors import (
    course_levels,
    courses_filtered,
    events_filtered,
    offices_published_for,
    published_with_office,
)
from apps.migrants import display
from apps.migrants.pages import selectors
from apps.migrants.pages.cache import anonymous_page_cache, limit_page_cache
from apps.migrants.region import current_region, current_region_ids
from apps.regions.selectors import region_ancestor_ids, region_find
from apps.speech.selectors import page_audio

EVENTS_PER_PAGE = 30
COURSES_PER_PAGE = 30
# A repeating event appears with at most this many dates in the list (its page has more).
OCCURRENCES_IN_LIST = 3
OCCURRENCES_ON_PAGE = 8


# --- filters --------------------------------------------------------------------------------


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


def _choice_field(label, empty_label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, choices=[("", empty_label)]
    )


class ListFilterForm(forms.Form):
    """Filters shared by the event and course lists; `from`/`to` are the URL names."""

    def __init__(self, data, *, topics, places):
        super().__init__(data)
        self.fields["from"] = _date_field(gettext_lazy("From"))
        self.fields["to"] = _date_field(gettext_lazy("Until"))
        self.fields["topic"] = _choice_field(gettext_lazy("Topic"), gettext_lazy("All topics"))
        self.fields["topic"].choices += topics
        self.fields["place"] = _choice_field(gettext_lazy("Place"), gettext_lazy("All places"))
        self.fields["place"].choices += places

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["to"] < data["from"]:
            self.add_error("to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> dict:
        """Valid filters only (a field with an error is left out)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors}


class CourseFilterForm(ListFilterForm):
    def __init__(self, data, *, topics, places, levels):
        super().__init__(data, topics=topics, places=places)
        self.fields["kind"] = forms.ChoiceField(
            label=gettext_lazy("Kind of course"),
            required=False,
            choices=[("", gettext_lazy("All kinds")), *CourseKind.choices],
        )
        self.fields["level"] = forms.ChoiceField(
            label=gettext_lazy("Level"),
            required=False,
            choices=[("", gettext_lazy("All levels")), *[(lv, lv) for lv in levels]],
        )
        self.fields["free"] = forms.BooleanField(
            label=gettext_lazy("Only courses with free places"), required=False
        )
        order = ["kind", "level", "topic", "place", "from", "to", "free"]
        self.order_fields(order)


def _topic_choices(language: str, base) -> tuple[list[Topic], list[tuple[int, str]]]:
    """All topics (for the subtopic walk) and, as choices, those tagging an item of `base`
    or above such a topic: a filter offers only topics that find something here."""
    topics = selectors.topic_list()
    offered = selectors.with_ancestors(topics, selectors.topic_ids_tagging(base))
    return topics, [
        (t.pk, display.resolve(t, "name", language)[0] or str(t)) for t in topics if t.pk in offered
    ]


def _place_choices(items_qs, language: str) -> list[tuple[int, str]]:
    """Published offices the listed items take place at (one query)."""
    offices = list(offices_published_for(items_qs).order_by("pk"))
    named = [(o.pk, display.resolve(o, "name", language)[0] or str(o)) for o in offices]
    return sorted(named, key=lambda pair: pair[1].casefold())


def _visible(model, region_ids: list[int] | None):
    """Published items of `model` in the regions (None: everywhere), relations loaded."""
    return published_with_office(model, region_ids=region_ids)


def _page(request, items: list, per_page: int):
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- events ---------------------------------------------------------------------------------


@anonymous_page_cache
def event_list(request):
    language = get_language()
    region = current_region(request)
    base = _visible(Event, current_region_ids(request))
    topics, topic_choices = _topic_choices(language, base)
    form = ListFilterForm(
        request.GET or None, topics=topic_choices, places=_place_choices(base, language)
    )
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound else {}
    limit_page_cache(request, 60)  # the list starts "now": a cached copy stays close to it
    now = timezone.now()
    after = max(now, _local_midnight(filters["from"])) if filters.get("from") else now
    before = _local_midnight(filters["to"] + dt.timedelta(days=1)) if filters.get("to") else None
    events = events_filtered(
        base,
        before=before,
        topic_ids=selectors.topic_with_descendants(topics, filters["topic"])
        if filters.get("topic")
        else None,
        office_id=filters.get("place"),
    )
    events = display.localize(list(events), language) if valid else []
    found = ical.occurrences_between(
        events, after=after, before=before, per_event=OCCURRENCES_IN_LIST
    )
    page = _page(request, found, EVENTS_PER_PAGE)
    days: list[dict] = []
    for occ in page.object_list:
        day = timezone.localtime(occ.start).date()
        if not days or days[-1]["day"] != day:
            days.append({"day": day, "occurrences": []})
        days[-1]["occurrences"].append(occ)
    context = {
        "nav": "events",
        "form": form,
        "region": region,
        "page": page,
        "days": days,
        "query": _query_without_page(request),
        "feed_url": reverse("migrants:event-feed", args=[region.code]) if region else "",
    }
    return render(request, "migrants/events.html", context, status=200 if valid else 400)


def _published_or_404(model, pk: int):
    try:
        return _visible(model, None).get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


@anonymous_page_cache
def event_detail(request, pk: int):
    language = get_language()
    event = _published_or_404(Event, pk)
    display.localize([event], language)
    office = event.office if display.office_visible(event.office) else None
    display.adopt([office], event.served_lang)
    context = {
        "nav": "events",
        "event": event,
        "office": office,
        "occurrences": ical.occurrences(event, limit=OCCURRENCES_ON_PAGE),
        "mention_targets": display.mention_targets_for([event], language),
        "topics": list(event.topics.all()),
        "audio": page_audio([event], event.served_lang),
    }
    return render(request, "migrants/events_detail.html", context)


def _event_texts(request, event: Event, language: str) -> ical.EventTexts:
    office = event.office if display.office_visible(event.office) else None
    title = display.resolve(event, "title", language)[0]
    summary = display.resolve(event, "summary", language)[0]
    description = display.resolve(event, "description", language)[0]
    parts = [summary, description]
    if event.organiser:
        parts.append(_("Organiser: %(name)s") % {"name": event.organiser})
    cost = display.resolve(event, "cost", language)[0]
    if cost:
        parts.append(_("Cost: %(cost)s") % {"cost": cost})
    if event.link:
        parts.append(event.link)
    location = display.resolve(event, "location", language)[0]
    if office is not None:
        location = ical.office_location(office, display.resolve(office, "name", language)[0])
    return ical.EventTexts(
        title=title or str(event),
        description="\n\n".join(p for p in parts if p),
        location=location,
        url=request.build_absolute_uri(reverse("migrants:event-detail", args=[event.pk])),
    )


def _calendar_response(text: str, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(request, pk: int):
    """One event as an .ics file to add to a phone's calendar."""
    language = get_language()
    event = _published_or_404(Event, pk)
    text = ical.calendar_text(
        [(event, _event_texts(request, event, language))], domain=request.get_host()
    )
    return _calendar_response(text, filename=f"event-{event.pk}.ics", attachment=True)


def event_feed(request, code: str):
    """Every published event visible in a region, as a calendar to subscribe to."""
    language = get_language()
    region = region_find(code=code)
    if region is None:
        raise Http404
    events = _visible(Event, region_ancestor_ids(region)).order_by("start", "pk")
    entries = [(event, _event_texts(request, event, language)) for event in events]
    name = _("Events in %(region)s") % {"region": region.name}
    text = ical.calendar_text(entries, domain=request.get_host(), name=name)
    return _calendar_response(text, filename=f"events-{region.code}.ics", attachment=False)


# --- courses --------------------------------------------------------------------------------


@anonymous_page_cache
def course_list(request):
    language = get_language()
    region = current_region(request)
    today = timezone.localdate()
    base = courses_filtered(_visible(Course, current_region_ids(request)), start=today)
    topics, topic_choices = _topic_choices(language, base)
    levels = course_levels(base)
    form = CourseFilterForm(
        request.GET or None,
        topics=topic_choices,
        places=_place_choices(base, language),
        levels=levels,
    )
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound else {}
    courses = courses_filtered(
        base,
        start=filters.get("from"),
        end=filters.get("to"),
        kind=filters.get("kind"),
        level=filters.get("level"),
        topic_ids=selectors.topic_with_descendants(topics, filters["topic"])
        if filters.get("topic")
        else None,
        office_id=filters.get("place"),
        free=bool(filters.get("free")),
    ).order_by("start_date", "pk")
    items = display.localize(list(courses), language) if valid else []
    context = {
        "nav": "courses",
        "form": form,
        "region": region,
        "page": _page(request, items, COURSES_PER_PAGE),
        "query": _query_without_page(request),
    }
    return render(request, "migrants/courses.html", context, status=200 if valid else 400)


@anonymous_page_cache
def course_detail(request, pk: int):
    language = get_language()
    course = _published_or_404(Course, pk)
    display.localize([course], language)
    office = course.office if display.office_visible(course.office) else None
    display.adopt([office], course.served_lang)
    context = {
        "nav": "courses",
        "course": course,
        "office": office,
        "mention_targets": display.mention_targets_for([course], language),
        "topics": list(course.topics.all()),
        "audio": page_audio([course], course.served_lang),
    }
    return render(request, "migrants/courses_detail.html", context)
