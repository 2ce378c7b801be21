"""Editors preview an unpublished process as the migrant page it will become."""

import pytest
from django.test import Client

from apps.content.models import Status
from tests.administration.content.conftest import (  # noqa: F401 - fixtures used below
    author,
    make_item,
    process_with_steps,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(request):
    process = request.getfixturevalue("process_with_steps")(3)
    assert process.status == Status.DRAFT
    return process


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("pa_editor", 200),
        ("pa_admin", 200),
        ("pa_translator", 200),
        ("pa_analyst", 404),
        ("migrant", 404),
        ("ngo_editor", 404),
        ("ngo_admin", 404),
    ],
)
def test_who_may_preview_a_draft(role_client, draft, role, expected):
    response = role_client(role).get(f"/en/processes/{draft.pk}/preview/")
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Preview for editors" in html
        assert html.count('class="flow-step') == 3
        assert "no-store" in response["Cache-Control"]


def test_anonymous_visitors_are_sent_to_sign_in(draft):
    response = Client().get(f"/en/processes/{draft.pk}/preview/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_preview_does_not_publish_or_cache_the_draft(role_client, draft):
    assert role_client("pa_editor").get(f"/ar/processes/{draft.pk}/preview/").status_code == 200
    assert Client().get(f"/ar/processes/{draft.pk}/").status_code == 404
    assert role_client("migrant").get(f"/ar/processes/{draft.pk}/").status_code == 404


def test_the_pa_preview_links_to_the_migrant_page_in_every_language(role_client, draft):
    html = role_client("pa_editor").get(url("content-preview", draft.pk)).content.decode()
    for code in ("ar", "zh-hans", "de"):
        assert f'href="/{code}/processes/{draft.pk}/preview/"' in html


def test_the_preview_does_as_many_queries_for_30_steps_as_for_3(role_client, request):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make = request.getfixturevalue("process_with_steps")
    client = role_client("pa_editor")
    counts = []
    for n in (3, 30):
        process = make(n, title=f"Verfahren {n}")
        client.get(f"/en/processes/{process.pk}/preview/")  # warms the session and tenant
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/processes/{process.pk}/preview/")
        assert response.status_code == 200
        assert response.content.decode().count('class="flow-step') == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
