"""Foundation pages do a fixed number of queries, whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.roles import OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_migrant_home_is_served_from_cache_after_the_first_visit(client, django_assert_num_queries):
    for language in ("en", "ar"):  # each language is its own page (apps/migrants/pages/cache.py)
        client.get(f"/{language}/")
        with django_assert_num_queries(0):
            assert client.get(f"/{language}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "kind"),
    [
        ("pa_editor", "/en/pa/", OrganisationKind.PUBLIC_AUTHORITY),
        ("ngo_admin", "/en/ngo/", OrganisationKind.NGO),
    ],
)
def test_staff_home_query_count_does_not_grow_with_memberships(role_client, role, url, kind):
    client = role_client(role)
    client.get(url)  # first visit records the 2FA check in the session
    one = _count(client, url)
    for _ in range(5):
        MembershipFactory(user=client.user, organisation=OrganisationFactory(kind=kind), role=role)
    assert _count(client, url) == one
    # session, user, roles, organisations, permission caches of the nav; the PA home also
    # counts what waits (review queue, outdated translations, feedback, coverage summary).
    assert one <= (16 if url == "/en/pa/" else 8)
