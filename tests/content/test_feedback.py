# ruff: noqa: F811  (fixtures of the migrant app, imported below)
"""Feedback from migrants: the form under every page (no JavaScript), one answer per
page and session, comments kept as plain text, stored with page, item, language and
region (the item's, else the visitor's)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings

from apps.accounts.roles import Role
from apps.content.feedback import clean_comment, feedback_create, feedback_list
from apps.content.models import Feedback
from apps.migrants.pages.feedback import MAX_PER_SESSION
from apps.regions.models import Region
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(town):
    from tests.migrants.conftest import client_in

    return client_in(town)


from tests.migrants.conftest import (  # noqa: E402
    make_information,  # noqa: F401
    make_process,  # noqa: F401
    make_term,  # noqa: F401
    organisation,  # noqa: F401
    other_town,  # noqa: F401
    topic,  # noqa: F401
    town,  # noqa: F401
    user_type,  # noqa: F401
)


@pytest.mark.parametrize("lang", ["en", "de", "ar", "zh-hans"])
def test_every_migrant_page_has_the_form(client, make_process, lang):
    process = make_process()
    for path in (f"/{lang}/", f"/{lang}/processes/", f"/{lang}/processes/{process.pk}/"):
        html = client.get(path).content.decode()
        assert 'id="feedback"' in html, path
        assert f'action="/{lang}/feedback/"' in html
        assert f'name="path" value="{path}"' in html
        assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_answer_is_stored_with_page_item_and_language(client, make_term, lang):
    term = make_term()
    path = f"/{lang}/glossary/{term.pk}/"
    html = client.get(path).content.decode()
    assert f'name="item" value="glossaryterm:{term.pk}"' in html
    response = client.post(
        f"/{lang}/feedback/",
        {"path": path, "item": f"glossaryterm:{term.pk}", "helpful": "no", "comment": "Too long"},
    )
    assert response.status_code == 302
    assert response.url == path + "#feedback"
    feedback = Feedback.objects.get()
    assert (feedback.path, feedback.helpful, feedback.language) == (path, False, lang)
    assert feedback.item == term
    assert feedback.region == term.region
    assert feedback.comment == "Too long"
    # Back on the page: thanks, and no second form.
    html = client.get(path).content.decode()
    assert "you already told us about this page" in html.lower() or lang != "en"
    assert 'name="helpful"' not in html


def test_one_answer_per_page_and_session(client, make_term):
    term = make_term()
    path = f"/en/glossary/{term.pk}/"
    for answer in ("yes", "no", "yes"):
        client.post("/en/feedback/", {"path": path, "helpful": answer})
    assert Feedback.objects.count() == 1
    client.post("/en/feedback/", {"path": "/en/glossary/", "helpful": "yes"})
    assert Feedback.objects.count() == 2  # another page is another answer


def test_answers_per_session_are_capped(client):
    for n in range(MAX_PER_SESSION + 5):
        client.post("/en/feedback/", {"path": f"/en/processes/?page={n}", "helpful": "yes"})
    assert Feedback.objects.count() == MAX_PER_SESSION


@pytest.mark.parametrize(
    "data",
    [
        {"path": "/en/", "helpful": "maybe"},
        {"path": "/en/"},
        {"path": "/en/", "helpful": "yes", "comment": "x" * 1001},
        {"path": "https://evil.example/", "helpful": "yes"},
        {"path": "//evil.example/", "helpful": "yes"},
        {"path": "", "helpful": "yes"},
    ],
)
def test_bad_input_changes_nothing(client, data):
    response = client.post("/en/feedback/", data)
    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    assert 'role="alert"' in response.content.decode()


def test_comment_is_escaped_and_item_may_be_unknown(client):
    client.post(
        "/en/feedback/",
        {
            "path": "/en/",
            "helpful": "yes",
            "item": "process:999999",
            "comment": "<script>alert(1)</script>\x07 ok",
        },
    )
    feedback = Feedback.objects.get()
    assert feedback.item is None
    assert feedback.comment == "<script>alert(1)</script> ok"  # stored as text …


def test_only_post():
    from django.test import Client

    assert Client().get("/en/feedback/").status_code == 405


def test_clean_comment():
    assert clean_comment("  a\r\nb\x07 ") == "a\nb"
    assert len(clean_comment("é" * 2000)) == Feedback.COMMENT_MAX_LENGTH


def test_feedback_list_filters(make_term, town, organisation):
    term = make_term()
    feedback_create(path="/en/", helpful=True, language="en", region=town)
    feedback_create(path="/ar/", helpful=False, language="ar", item=term, comment="لا")
    user = MembershipFactory(organisation=organisation, role=Role.PA_EDITOR).user
    assert [f.path for f in feedback_list(user=user, language="ar")] == ["/ar/"]
    assert [f.path for f in feedback_list(user=user, helpful=True)] == ["/en/"]
    assert feedback_list(user=user).count() == 2
    # Nobody else reads them: no role, an NGO role, a PA role that does not read feedback.
    assert feedback_list(user=UserFactory()).count() == 0
    for role in (Role.NGO_ADMIN, Role.PA_TRANSLATOR, Role.PA_ANALYST):
        other = MembershipFactory(organisation=organisation, role=role).user
        assert feedback_list(user=other).count() == 0, role


def test_answer_without_item_belongs_to_the_visitors_region(client, town):
    client.post("/en/feedback/", {"path": "/en/", "helpful": "yes"})
    assert Feedback.objects.get().region == town


def test_answer_about_an_item_belongs_to_the_items_region(client, make_term, other_town):
    term = make_term(region=other_town)  # the visitor chose `town`: the item decides
    client.post(
        "/en/feedback/",
        {"path": f"/en/glossary/{term.pk}/", "item": f"glossaryterm:{term.pk}", "helpful": "no"},
    )
    assert Feedback.objects.get().region == other_town


def test_answer_without_a_chosen_region_belongs_to_the_default_region():
    from django.test import Client

    Client().post("/en/feedback/", {"path": "/en/", "helpful": "yes"})
    assert Feedback.objects.get().region == Region.objects.get(code=settings.MICADO_DEFAULT_REGION)


def test_migration_gives_old_feedback_its_items_region(make_term, other_town):
    term = make_term(region=other_town)
    with_item = feedback_create(path="/en/g/", helpful=True, language="en", item=term)
    without = feedback_create(path="/en/", helpful=True, language="en")
    Feedback.objects.update(region=None)
    migration = importlib.import_module("apps.content.migrations.0006_feedback_region_backfill")
    migration.backfill(django_apps, None)
    with_item.refresh_from_db()
    without.refresh_from_db()
    assert (with_item.region, without.region) == (other_town, None)


def test_posts_per_client_address_are_limited_with_a_clear_error(town, settings):
    from django.test import Client

    settings.MICADO_FEEDBACK_RATE_PER_HOUR = 3
    # Each post from a fresh session (a script that drops its cookies), one address.
    for n in range(3):
        response = Client().post("/en/feedback/", {"path": f"/en/page-{n}/", "helpful": "yes"})
        assert response.status_code == 302
    response = Client().post("/en/feedback/", {"path": "/en/page-x/", "helpful": "yes"})
    assert response.status_code == 429
    assert "too many answers from your connection" in response.content.decode()
    assert Feedback.objects.count() == 3
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.7").post(
        "/en/feedback/", {"path": "/en/y/", "helpful": "no"}
    )
    assert other.status_code == 302
    assert Feedback.objects.count() == 4
