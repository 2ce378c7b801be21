"""Query budgets: the directory, an organisation's page, the NGO's list and the moderation
queue do the same number of queries with 3 and with 30 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.roles import OrganisationKind, Role
from apps.content.models import OrganisationProfile, Status
from tests.content.factories import (
    CounsellingOfferFactory,
    CourseFactory,
    EventFactory,
    TopicFactory,
)
from tests.factories import OrganisationFactory
from tests.organisations.conftest import client_for, migrant_client, ngo_url, pa_url

pytestmark = pytest.mark.django_db


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _items(organisation, n, status):
    for _i in range(n):
        CourseFactory(organisation=organisation, region=organisation.region, status=status)
        CounsellingOfferFactory(
            organisation=organisation, region=organisation.region, status=status
        )


@pytest.mark.parametrize("n", [3, 30])
def test_directory(municipality, n, django_assert_num_queries):
    topic = TopicFactory()
    for _i in range(n):
        org = OrganisationFactory(kind=OrganisationKind.NGO, region=municipality)
        profile = OrganisationProfile.objects.create(
            organisation=org, description_de="Hilfe", languages=["de", "ar"]
        )
        profile.topics.add(topic)
    client = migrant_client(municipality)
    # region, ancestors, topics, user types, organisations (+ region, profile),
    # profile topics, profile user types, the profiles' translation states (one query),
    # and the tenant settings (region, settings; cached after the first page)
    with django_assert_num_queries(10):
        page = client.get("/en/organisations/").content.decode()
    assert page.count('class="card"') == n
    assert client.get(f"/en/organisations/?topic={topic.pk}&language=ar").status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_organisation_page(ngo_organisation, n, django_assert_num_queries):
    _items(ngo_organisation, n, Status.PUBLISHED)
    for _i in range(n):
        EventFactory(organisation=ngo_organisation, region=ngo_organisation.region)
    client = migrant_client(ngo_organisation.region)
    # region, ancestors, the organisation (+ profile), profile topics, user types,
    # one query per kind of offer (course, event, information, counselling, office), the
    # translation states of the offers and the profile shown (one query for all:
    # apps/translations), the tenant settings with its region (publication rules)
    with django_assert_num_queries(11):
        page = client.get(f"/en/organisations/{ngo_organisation.slug}/").content.decode()
    assert page.count('class="card"') == 3 * n


@pytest.mark.parametrize("n", [3, 30])
def test_ngo_list(member, ngo_organisation, n, django_assert_num_queries):
    _items(ngo_organisation, n, Status.IN_REVIEW)
    client = client_for(member(Role.NGO_EDITOR, ngo_organisation))
    client.get(ngo_url("items", ngo_organisation.slug))  # session, 2FA flag
    # session, user, roles, organisation, 6 kinds (with the last review note), content
    # types are cached
    with django_assert_num_queries(10):
        page = client.get(ngo_url("items", ngo_organisation.slug)).content.decode()
    assert page.count("Waiting for moderation") >= 2 * n


@pytest.mark.parametrize("n", [3, 30])
def test_moderation_queue(make_user, ngo_organisation, n, django_assert_num_queries):
    _items(ngo_organisation, n, Status.IN_REVIEW)
    for _i in range(n):
        OrganisationFactory(kind=OrganisationKind.NGO, region=ngo_organisation.region)
    client = client_for(make_user("pa_admin"))
    client.get(pa_url("moderation"))
    # session, user, roles, 6 kinds of items, the organisations
    with django_assert_num_queries(10):
        page = client.get(pa_url("moderation")).content.decode()
    assert page.count('class="pa-panel pa-review"') == 2 * n


@pytest.mark.parametrize("n", [3, 30])
def test_reach_page(member, ngo_organisation, n, django_assert_num_queries):
    _items(ngo_organisation, n, Status.PUBLISHED)
    client = client_for(member(Role.NGO_EDITOR, ngo_organisation))
    client.get(ngo_url("reach", ngo_organisation.slug))
    # session, user, roles, organisation, the flush of the cached counts (the published
    # items of each of the 5 counted kinds; nothing counted since: no write), the items of
    # each kind and the counts
    with django_assert_num_queries(15):
        page = client.get(ngo_url("reach", ngo_organisation.slug)).content.decode()
    assert page.count('class="reach-total"') == 2 * n
