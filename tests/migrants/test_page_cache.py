"""Whole migrant pages cached for anonymous visitors (apps/migrants/pages/cache.py): a hit
reads nothing from the database, edits show up at once, languages, regions and query
strings never share, signed-in visitors and pending messages never touch the cache, and
the shared pages hold no CSRF token while their forms keep working and validating.

Service calls run inside `django_capture_on_commit_callbacks(execute=True)`: the
generation is bumped when the edit commits, as in production.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.content import services
from apps.content.models import Feedback, Process
from apps.migrants.region import REGION_COOKIE
from tests.content.factories import CourseFactory, EventFactory
from tests.migrants.conftest import TEXTS, client_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user, organisation):
    return make_user("pa_admin", organisation=organisation)


@pytest.fixture
def content(make_process, make_term, make_information, town, organisation):
    process = make_process()
    term = make_term()
    info = make_information()
    event = EventFactory(region=town, organisation=organisation, title_en="Welcome café")
    course = CourseFactory(region=town, organisation=organisation, title_en="German A1")
    return {"process": process, "term": term, "info": info, "event": event, "course": course}


PAGES = [
    "/{lang}/",
    "/{lang}/processes/",
    "/{lang}/processes/{process}/",
    "/{lang}/glossary/",
    "/{lang}/glossary/{term}/",
    "/{lang}/information/",
    "/{lang}/information/{info}/",
    "/{lang}/events/",
    "/{lang}/events/{event}/",
    "/{lang}/courses/",
    "/{lang}/courses/{course}/",
]


def url(template: str, content: dict, lang: str = "en") -> str:
    return template.format(lang=lang, **{k: v.pk for k, v in content.items()})


def queries(client, path: str, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **extra)
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("template", PAGES)
def test_a_hit_does_no_query_and_serves_the_same_shareable_bytes(
    client, content, template, lang, django_assert_num_queries
):
    path = url(template, content, lang)
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content
    html = second.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in first.cookies and "csrftoken" not in second.cookies
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Content-Language"] == lang
    for header in ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options"):
        assert second[header] == first[header], header  # served early, same headers
    for response in (first, second):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=0", "must-revalidate"}
        assert "Cookie" in response["Vary"]
        assert response["ETag"] == first["ETag"]


def test_the_etag_answers_304(client, content):
    path = url("/ar/processes/{process}/", content)
    etag = client.get(path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.parametrize("template", ["/ar/processes/{process}/", "/en/processes/", "/en/"])
def test_an_edit_shows_up_on_the_next_request(
    client, content, editor, template, django_capture_on_commit_callbacks
):
    path = url(template, content)
    client.get(path)
    assert "New title" not in client.get(path).content.decode()
    process = Process.objects.get(pk=content["process"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(
            item=process,
            user=editor,
            expected_version=None,
            data={"title_ar": "عنوان جديد", "title_en": "New title"},
        )
    html = client.get(path).content.decode()
    if template == "/en/":  # home shows guides only for a chosen group: the topic stays
        assert TEXTS["topic"]["en"] in html
    else:
        assert ("عنوان جديد" if template.startswith("/ar/") else "New title") in html


def test_archiving_removes_the_page_at_once(
    client, content, editor, django_capture_on_commit_callbacks
):
    path = url("/en/processes/{process}/", content)
    listing = url("/en/processes/", content)
    assert client.get(path).status_code == 200
    assert path in client.get(listing).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_archive(item=Process.objects.get(pk=content["process"].pk), user=editor)
    assert client.get(path).status_code == 404
    assert path not in client.get(listing).content.decode()


def test_languages_regions_and_query_strings_do_not_share(client, content, other_town, topic):
    for lang in ("ar", "en", "de", "zh-hans", "ar"):
        html = client.get(url("/{lang}/processes/{process}/", content, lang)).content.decode()
        assert TEXTS["process"][lang] in html
    # Another region: the guide is not there (and its cached copy is not shown).
    path = url("/en/processes/{process}/", content)
    assert client.get(path).status_code == 200
    assert client_in(other_town).get(path).status_code == 404
    assert client_in(other_town).get("/en/processes/").content.decode().count(path) == 0
    assert path in client.get("/en/processes/").content.decode()
    # A filter in the query string is its own page.
    unfiltered = client.get("/en/processes/").content.decode()
    filtered = client.get(f"/en/processes/?topic={topic.pk}").content.decode()
    assert filtered != unfiltered
    assert client.get(f"/en/processes/?topic={topic.pk + 999}").content.decode() != filtered


def test_a_made_up_region_cookie_is_not_a_way_into_another_page(content):
    path = url("/en/processes/{process}/", content)
    stranger = Client()
    stranger.cookies[REGION_COOKIE] = "<script>"  # not a code: normal path, not stored
    stranger.get(path)
    count, _response = queries(stranger, path)
    assert count > 0


def test_a_signed_in_visitor_never_gets_nor_fills_the_anonymous_page(
    client, content, make_user, town
):
    path = url("/en/processes/{process}/", content)
    save = f"/en/me/guides/{content['process'].pk}/save/"
    member = client_in(town)
    member.force_login(make_user("migrant"))
    # The member comes first: nothing is stored for the anonymous visitor ...
    for _ in range(2):
        html = member.get(path).content.decode()
        assert save in html and "/accounts/logout/" in html and "csrfmiddlewaretoken" in html
    count, response = queries(client, path)
    assert count > 0  # ... who misses and renders their own page
    anonymous = response.content.decode()
    assert save not in anonymous and "/accounts/logout/" not in anonymous
    # Now stored for anonymous visitors: the member still gets their own page.
    assert queries(client, path)[0] == 0
    html = member.get(path).content.decode()
    assert save in html and "My space" in html and "/accounts/logout/" in html


def test_signed_in_responses_are_private(content, make_user, town):
    member = client_in(town)
    member.force_login(make_user("migrant"))
    for template in ("/en/", "/en/processes/{process}/", "/en/glossary/"):
        response = member.get(url(template, content))
        assert response.status_code == 200
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-cache" in cache_control
        assert "public" not in cache_control
    space = member.get("/en/me/")  # never_cache: keeps its no-store
    assert "no-store" in space["Cache-Control"] and "private" in space["Cache-Control"]


def test_a_page_with_a_pending_message_is_not_cached(client, content, town):
    client.get("/en/processes/")
    client.get("/en/processes/")  # stored
    chooser = client_in(town)
    response = chooser.post("/en/region/", {"q": "60311", "next": "/en/processes/"})
    assert response.status_code == 302
    html = chooser.get("/en/processes/").content.decode()
    assert f"Your region is now {town.name}." in html  # not the stored page
    assert "Your region is now" not in client.get("/en/processes/").content.decode()
    assert "Your region is now" not in chooser.get("/en/processes/").content.decode()


def test_an_anonymous_visitor_with_a_session_gets_their_own_page(client, content):
    path = url("/en/glossary/{term}/", content)
    client.get(path)
    client.get(path)  # stored, with the form
    other = client_in(content["term"].region)
    other.post("/en/feedback/", {"path": path, "helpful": "yes"})
    assert "already told us about this page" in other.get(path).content.decode()
    html = client.get(path).content.decode()
    assert "already told us about this page" not in html
    assert 'name="helpful" value="yes"' in html


def test_the_language_links_open_the_same_page_and_remember_the_choice(client, content):
    path = url("/ar/processes/{process}/", content)
    html = client.get(path).content.decode()
    pk = content["process"].pk
    for lang in ("en", "de", "zh-hans", "ar"):
        assert f'href="/{lang}/processes/{pk}/" hreflang="{lang}" lang="{lang}"' in html
    assert 'aria-current="page">العربيّة</a>' in html
    response = client.get(f"/de/processes/{pk}/")
    assert response.cookies["micado_language"].value == "de"
    assert client.get("/").url == "/de/"
    # The same language again: nothing to remember, no cookie sent.
    assert "micado_language" not in client.get(f"/de/processes/{pk}/").cookies


def csrf_client(town) -> Client:
    strict = Client(enforce_csrf_checks=True)
    strict.cookies[REGION_COOKIE] = town.code
    return strict


def test_feedback_works_without_a_token_and_keeps_validating(content, town):
    path = url("/en/processes/{process}/", content)
    strict = csrf_client(town)
    assert "csrfmiddlewaretoken" not in strict.get(path).content.decode()
    response = strict.post(
        "/en/feedback/", {"path": path, "helpful": "yes"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302
    assert Feedback.objects.count() == 1
    bad = strict.post("/en/feedback/", {"path": "https://evil.example/", "helpful": "maybe"})
    assert bad.status_code == 400
    assert Feedback.objects.count() == 1


def test_feedback_from_another_site_is_refused(content, town):
    path = url("/en/processes/{process}/", content)
    strict = csrf_client(town)
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}):
        response = strict.post("/en/feedback/", {"path": path, "helpful": "no"}, **headers)
        assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_the_region_form_works_without_a_token_and_keeps_validating(client, content, town):
    html = client.get("/en/").content.decode()
    assert 'class="region-form" method="post" action="/en/region/"' in html
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/en/region/", {"q": "60313", "next": "/en/processes/"})
    assert response.status_code == 302
    assert strict.cookies[REGION_COOKIE].value == town.code
    bad = Client(enforce_csrf_checks=True).post("/en/region/", {"q": "1234"})
    assert bad.status_code == 400 and REGION_COOKIE not in bad.cookies
    refused = Client(enforce_csrf_checks=True).post(
        "/en/region/", {"q": "60313"}, HTTP_ORIGIN="https://evil.example"
    )
    assert refused.status_code == 403 and REGION_COOKIE not in refused.cookies


def test_staff_forms_keep_their_csrf_token(make_user):
    response = Client().get("/en/accounts/login/")
    assert "csrfmiddlewaretoken" in response.content.decode()
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(make_user("pa_admin"))
    # A token-less POST to a staff form is still refused.
    assert staff.post("/en/accounts/logout/").status_code == 403


def test_the_refusal_of_a_foreign_form_is_in_the_pages_language(content, town):
    from django.utils import translation
    from django.utils.translation import gettext

    refused = Client(enforce_csrf_checks=True).post(
        "/ar/region/", {"q": "60313"}, HTTP_ORIGIN="https://evil.example"
    )
    assert refused.status_code == 403
    with translation.override("ar"):
        expected = gettext("This form can only be sent from this site.")
    assert refused.content.decode() == expected
