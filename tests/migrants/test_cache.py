"""The process page's cache: a hit reads no content from the database, every kind of edit
shows up on the next request, and languages, regions and users never share what is theirs.

Service calls run inside `django_capture_on_commit_callbacks(execute=True)`: the
generation is bumped when the edit commits, as in production.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.content import services
from apps.content.mentions import mention_encode
from apps.content.models import Process
from apps.core.cache import GENERATION_KEY, content_generation
from tests.migrants.conftest import TEXTS, client_in

pytestmark = pytest.mark.django_db

# A hit of an anonymous visitor: the whole page comes from the cache
# (tests/migrants/test_page_cache.py), not even the region is read.
HIT_QUERIES = 0


@pytest.fixture
def editor(make_user, organisation):
    """A PA admin of the organisation that owns the content (may edit and publish)."""
    return make_user("pa_admin", organisation=organisation)


@pytest.fixture
def page(make_process, make_term):
    """An Arabic-readable process whose description mentions a glossary term."""
    term = make_term()
    process = make_process(
        3,
        description_ar=f"<p>سجّل {mention_encode('g', term.pk, 'الإقامة')} خلال أسبوعين.</p>",
        description_en=f"<p>Register your {mention_encode('g', term.pk, 'residence')}.</p>",
    )
    return process, term


def article(response) -> str:
    html = response.content.decode()
    return html[html.index('<article class="process">') : html.index("</article>")]


def test_a_hit_does_no_content_query(client, page, django_assert_num_queries):
    process, _term = page
    path = f"/ar/processes/{process.pk}/"
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(HIT_QUERIES):
        second = client.get(path)
    assert second.status_code == 200
    assert article(second) == article(first)
    assert TEXTS["process"]["ar"] in article(second)
    assert second.content.decode().count('class="flow-step') == 3


def test_the_cached_page_holds_no_csrf_token(client, page):
    process, _term = page
    path = f"/ar/processes/{process.pk}/"
    client.get(path)
    response = client.get(path)
    assert "csrfmiddlewaretoken" not in article(response)
    # Nor does the rest of the page: the language switcher is links, the feedback form
    # needs no token (tests/migrants/test_page_cache.py).
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def _edit_process_title(process, editor, _term):
    services.item_update(
        item=process, user=editor, expected_version=None, data={"title_ar": "عنوان جديد"}
    )
    return "عنوان جديد"


def _edit_step(process, editor, _term):
    step = process.steps.order_by("position").first()
    services.step_update(
        step=step, user=editor, expected_version=None, data={"title_ar": "خطوة معدّلة"}
    )
    return "خطوة معدّلة"


def _edit_glossary_term(process, editor, term):
    services.item_update(
        item=term,
        user=editor,
        expected_version=None,
        data={"explanation_ar": "<p>شرح جديد للإقامة.</p>"},
    )
    return 'title="شرح جديد للإقامة."'


def _edit_office(process, editor, _term):
    office = process.steps.first().office
    services.item_update(
        item=office, user=editor, expected_version=None, data={"name_ar": "مكتب جديد"}
    )
    return "مكتب جديد"


def _publish_a_tip(process, editor, _term):
    from tests.content.factories import CommentFactory

    tip = CommentFactory(
        process=process,
        region=process.region,
        organisation=process.organisation,
        status="draft",
        text_ar="نصيحة جديدة",
    )
    services.item_publish(item=tip, user=editor)
    return "نصيحة جديدة"


def _add_a_step(process, editor, _term):
    services.step_create(
        process=process, user=editor, expected_version=None, data={"title": "Pay the fee"}
    )
    return "Pay the fee"  # no Arabic yet: shown in the source language


@pytest.mark.parametrize(
    "edit",
    [
        _edit_process_title,
        _edit_step,
        _edit_glossary_term,
        _edit_office,
        _publish_a_tip,
        _add_a_step,
    ],
    ids=lambda f: f.__name__.lstrip("_"),
)
def test_an_edit_shows_up_on_the_next_request(
    client, page, editor, edit, django_capture_on_commit_callbacks
):
    process, term = page
    path = f"/ar/processes/{process.pk}/"
    client.get(path)
    before = client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        expected = edit(Process.objects.get(pk=process.pk), editor, term)
    assert expected not in before
    assert expected in client.get(path).content.decode()


def test_archiving_the_process_hides_it_at_once(
    client, page, editor, django_capture_on_commit_callbacks
):
    process, _term = page
    path = f"/ar/processes/{process.pk}/"
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.item_archive(item=process, user=editor)
    assert client.get(path).status_code == 404


def test_archiving_a_mentioned_term_unlinks_it(
    client, page, editor, django_capture_on_commit_callbacks
):
    process, term = page
    path = f"/ar/processes/{process.pk}/"
    assert f"/ar/glossary/{term.pk}/" in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_archive(item=term, user=editor)
    assert f"/ar/glossary/{term.pk}/" not in client.get(path).content.decode()


def test_nothing_is_bumped_by_an_edit_that_is_rolled_back(
    client, page, editor, django_capture_on_commit_callbacks
):
    process, _term = page
    generation = content_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.item_update(
            item=process, user=editor, expected_version=None, data={"title_ar": "عنوان"}
        )
    assert callbacks  # the bump waits for the commit ...
    assert content_generation() == generation  # ... and is not done before it


def test_a_lost_generation_starts_a_new_one(client, page):
    """If the cache loses the number (eviction, restart), old entries are not reused."""
    from django.core.cache import cache

    process, _term = page
    path = f"/ar/processes/{process.pk}/"
    client.get(path)
    before = content_generation()
    cache.delete(GENERATION_KEY)
    assert content_generation() > before


def test_languages_do_not_share_entries(client, page):
    process, _term = page
    for lang in ("ar", "en", "de", "zh-hans", "ar"):
        html = article(client.get(f"/{lang}/processes/{process.pk}/"))
        assert TEXTS["process"][lang] in html
        assert TEXTS["step2"][lang] in html


def test_regions_do_not_share_entries(page, other_town):
    process, _term = page
    home = client_in(process.region)
    elsewhere = client_in(other_town)
    path = f"/ar/processes/{process.pk}/"
    assert home.get(path).status_code == 200
    assert home.get(path).status_code == 200  # cached for the process's own region
    assert elsewhere.get(path).status_code == 404
    assert elsewhere.get(path).status_code == 404


def test_a_signed_in_visitor_gets_their_own_parts(page, make_user):
    process, _term = page
    path = f"/ar/processes/{process.pk}/"
    anonymous = client_in(process.region)
    anonymous.get(path)
    anonymous_article = article(anonymous.get(path))  # the cached article
    member = client_in(process.region)
    member.force_login(make_user("migrant"))
    member.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = member.get(path)
    # The content comes from the cache; the queries are the visitor's own (session, user,
    # their saved guide) and the region.
    content_tables = ("content_process", "content_step", "content_glossaryterm", "content_office")
    assert not [q["sql"] for q in queries if any(t in q["sql"] for t in content_tables)]
    html = response.content.decode()
    assert TEXTS["process"]["ar"] in article(response)
    assert (
        "/accounts/logout/" in html
        and "/accounts/logout/" not in anonymous.get(path).content.decode()
    )
    # Their own forms (save to my guides) are in their article, not in the cached one.
    assert f"/ar/me/guides/{process.pk}/save/" in article(response)
    assert f"/ar/me/guides/{process.pk}/save/" not in anonymous_article
    assert "csrfmiddlewaretoken" in article(response)
