"""Courses for migrants: the list (kind, level, topic, place, free places, dates), the
course page with schedule, place, provider, places left and how to register; bad
filter input; query budgets; in en, de, ar and zh-hans."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from apps.content.models import CourseKind, Status
from tests.content.factories import CourseFactory, OfficeFactory, TopicFactory
from tests.factories import OrganisationFactory
from tests.migrants.conftest import LANGS, col

pytestmark = pytest.mark.django_db

TITLE = {
    "en": "German for parents",
    "de": "Deutsch für Eltern",
    "ar": "اللغة الألمانية للآباء",
    "zh-hans": "家长德语课",
}
SCHEDULE = {
    "en": "Mon and Wed 9–12",
    "de": "Mo und Mi 9–12",
    "ar": "الاثنين والأربعاء 9–12",
    "zh-hans": "周一和周三 9–12",
}


def make_course(region, *, suffix: str = "", organisation=None, **fields):
    today = timezone.localdate()
    values = {
        **{col("title", lang): TITLE[lang] + suffix for lang in LANGS},
        **{col("schedule", lang): SCHEDULE[lang] for lang in LANGS},
        "kind": CourseKind.LANGUAGE,
        "level": "A1",
        "start_date": today + dt.timedelta(days=7),
        "end_date": today + dt.timedelta(days=90),
        "provider": "Volkshochschule Neustadt",
        "places_total": 12,
        "places_left": 4,
        "registration_contact": "Call 069 123 456 or write to kurse@vhs.example",
        **fields,
    }
    organisation = organisation or OrganisationFactory(region=region)
    return CourseFactory(region=region, organisation=organisation, **values)


def test_course_list_and_page_in_four_languages(client, town):
    office = OfficeFactory(
        region=town,
        organisation=OrganisationFactory(region=town),
        **{col("name", lang): f"VHS {lang}" for lang in LANGS},
        latitude="50.1",
        longitude="8.6",
    )
    course = make_course(town, office=office, link="https://vhs.example/a1")
    for lang in LANGS:
        response = client.get(f"/{lang}/courses/")
        assert response.status_code == 200
        html = response.content.decode()
        assert TITLE[lang] in html and f"/{lang}/courses/{course.pk}/" in html
        assert f'lang="{lang}"' in html
        with translation.override(lang):
            assert str(CourseKind.LANGUAGE.label) in html
        page = client.get(f"/{lang}/courses/{course.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert TITLE[lang] in html and SCHEDULE[lang] in html
        assert f"VHS {lang}" in html and "openstreetmap.org" in html
        assert "Volkshochschule Neustadt" in html
        assert 'href="mailto:kurse@vhs.example"' in html, "the contact's address is a link"
        assert 'href="https://vhs.example/a1"' in html
        with translation.override(lang):
            assert translation.gettext("How to register") in html
    html = client.get(f"/en/courses/{course.pk}/").content.decode()
    assert "4 of 12 places free" in html
    assert 'dir="rtl"' in client.get(f"/ar/courses/{course.pk}/").content.decode()


def test_places_left_is_said_plainly(client, town):
    full = make_course(town, places_left=0, suffix=" full")
    unknown = make_course(town, places_left=None, places_total=None, suffix=" unknown")
    assert "Fully booked" in client.get(f"/en/courses/{full.pk}/").content.decode()
    assert "Ask about free places" in client.get(f"/en/courses/{unknown.pk}/").content.decode()


def test_filters(client, town):
    parent = TopicFactory(name_en="Work")
    child = TopicFactory(name_en="Jobs", parent=parent)
    office = OfficeFactory(region=town, organisation=OrganisationFactory(region=town))
    a1 = make_course(town, suffix=" A1")
    b2 = make_course(town, suffix=" B2", level="B2", office=office)
    full = make_course(town, suffix=" full", places_left=0)
    job = make_course(town, suffix=" job", kind=CourseKind.VOCATIONAL, level="")
    job.topics.add(child)
    later = make_course(
        town,
        suffix=" later",
        start_date=timezone.localdate() + dt.timedelta(days=200),
        end_date=timezone.localdate() + dt.timedelta(days=300),
    )

    def shown(query: str) -> set[int]:
        response = client.get(f"/de/courses/?{query}")
        assert response.status_code == 200
        html = response.content.decode()
        return {c.pk for c in (a1, b2, full, job, later) if f"/de/courses/{c.pk}/" in html}

    assert shown("") == {a1.pk, b2.pk, full.pk, job.pk, later.pk}
    assert shown("level=B2") == {b2.pk}
    assert shown("kind=vocational") == {job.pk}
    assert shown(f"topic={parent.pk}") == {job.pk}
    assert shown(f"place={office.pk}") == {b2.pk}
    assert shown("free=on") == {a1.pk, b2.pk, job.pk, later.pk}
    to = timezone.localdate() + dt.timedelta(days=100)
    assert later.pk not in shown(f"to={to}")
    assert shown(f"from={timezone.localdate() + dt.timedelta(days=150)}") == {later.pk}
    html = client.get("/de/courses/").content.decode()
    assert '<option value="B2">B2</option>' in html, "levels offered are the ones that exist"


def test_hidden_courses_do_not_show(client, town, other_town):
    shown = make_course(town, suffix=" shown")
    state = make_course(town.parent.parent, suffix=" state")
    hidden = [
        make_course(town, suffix=" draft", status=Status.DRAFT),
        make_course(town, suffix=" withdrawn", withdraw_at=timezone.now() - dt.timedelta(hours=1)),
        make_course(other_town, suffix=" elsewhere"),
        make_course(
            town,
            suffix=" over",
            start_date=timezone.localdate() - dt.timedelta(days=60),
            end_date=timezone.localdate() - dt.timedelta(days=1),
        ),
    ]
    html = client.get("/en/courses/").content.decode()
    assert f"/en/courses/{shown.pk}/" in html and f"/en/courses/{state.pk}/" in html
    for course in hidden:
        assert f"/en/courses/{course.pk}/" not in html
    for course in hidden[:2]:
        assert client.get(f"/en/courses/{course.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("lang", "query", "message"),
    [
        ("en", "from=2026-13-45", "Enter a valid date."),
        ("ar", "to=2026-13-45", "Enter a valid date."),
        ("de", "kind=circus", "Select a valid choice. circus is not one of the available choices."),
        ("zh-hans", "level=Z9", "Select a valid choice. Z9 is not one of the available choices."),
        ("de", "from=2030-02-01&to=2030-01-01", "The end date must not be before the start date."),
    ],
)
def test_bad_filter_input_gets_a_translated_error(client, town, lang, query, message):
    make_course(town)
    response = client.get(f"/{lang}/courses/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override(lang):
        if "circus" in message or "Z9" in message:
            value = query.split("=")[1]
            expected = translation.gettext(
                "Select a valid choice. %(value)s is not one of the available choices."
            ) % {"value": value}
        else:
            expected = translation.gettext(message)
    assert expected in html
    if lang != "en" and "end date" not in message:  # Django's own messages: translated
        assert expected != message, "the error is translated"


# Region (1) and ancestors (1), topics (1), levels (1), places (1), courses (1), their
# topics (1) and user types (1), their translation states (1). The page: course (1),
# topics (1), user types (1), its translation state (1), its audio (speech).
LIST_QUERIES = 10  # + the topics that tag a course here
PAGE_QUERIES = 5


@pytest.mark.parametrize("n", [3, 30])
def test_queries_do_not_grow(client, town, n, django_assert_num_queries):
    office = OfficeFactory(region=town, organisation=OrganisationFactory(region=town))
    organisation = OrganisationFactory(region=town)
    topics = [TopicFactory() for _ in range(n)]
    courses = []
    for index in range(n):
        course = make_course(
            town, office=office, organisation=organisation, level=f"A{index % 3 + 1}"
        )
        course.topics.add(*topics)
        courses.append(course)
    client.get("/en/")  # tenant settings cached, as on a running site
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/en/courses/")
    assert response.content.decode().count('class="listing-item"') == n
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(f"/ar/courses/?level=A1&free=on&topic={topics[0].pk}").status_code == 200
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(f"/zh-hans/courses/{courses[-1].pk}/").status_code == 200
