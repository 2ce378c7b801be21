"""Role table for every dashboard view: allowed, sent to sign in, or refused."""

import pytest

from apps.dashboard.index import COMPONENTS
from tests.conftest import ALL_ROLES

SIGN_IN = "sign-in"
ANALYSTS = {"pa_admin", "pa_analyst"}


def internal(role: str):
    if role == "anonymous":
        return SIGN_IN
    return 200 if role in ANALYSTS else 403


URLS = [
    "/en/pa/dashboard/",
    "/en/pa/dashboard/atlas/",
    "/en/pa/dashboard/atlas/?indicator=unemployment_rate&period=2010",
    "/en/pa/dashboard/indicators/population/?regions=08&regions=09",
    "/en/pa/dashboard/data/population.csv?level=1",
    "/en/pa/dashboard/data/population.json?regions=08",
    "/en/pa/dashboard/index/",
    "/en/pa/dashboard/allocation/?total=1000&year=2019&strength=0.5",
    "/en/pa/dashboard/allocation.csv?total=1000&year=2019&strength=0.5",
    "/en/pa/dashboard/imports/",
    "/en/pa/dashboard/published/",
]
EXPECTED = {url: {role: internal(role) for role in ALL_ROLES} for url in URLS}
EXPECTED["/en/statistics/"] = dict.fromkeys(ALL_ROLES, 200)
CASES = [(url, role, outcome) for url, table in EXPECTED.items() for role, outcome in table.items()]


def test_table_covers_every_role():
    for url, table in EXPECTED.items():
        assert set(table) == set(ALL_ROLES), url


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role", "outcome"), CASES)
def test_dashboard_access(role_client, shipped_data, url, role, outcome):
    response = role_client(role).get(url)
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/?next=")
    else:
        assert response.status_code == outcome, response.content[:500]
        if outcome == 403:
            assert b"Access denied" in response.content


WRITES = [
    ("/en/pa/dashboard/index/", {c.code: "1" for c in COMPONENTS}),
    (
        "/en/pa/dashboard/published/",
        {"indicator": "population", "kind": "atlas", "ordering": "1", "is_published": "on"},
    ),
]
WRITE_CASES = [(url, data, role) for url, data in WRITES for role in ALL_ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "data", "role"), WRITE_CASES)
def test_dashboard_writes_only_for_analysts_and_admins(role_client, shipped_data, url, data, role):
    from apps.dashboard.models import IndexProfile, PublishedChart

    response = role_client(role).post(url, data)
    stored = IndexProfile.objects.exists() or PublishedChart.objects.exists()
    if role in ANALYSTS:
        assert response.status_code == 302, response.content[:2000]
        assert stored
    else:
        assert response.status_code in (302, 403)
        if role == "anonymous":
            assert "/accounts/login/" in response.url
        assert not stored


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_upload_only_for_importers(role_client, role, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.dashboard.models import Observation

    upload = SimpleUploadedFile(
        "o.csv", b"region;indicator;period;value\n08;naturalisations;2023;17000\n", "text/csv"
    )
    client = role_client(role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/pa/dashboard/imports/", {"kind": "long_csv", "mapping": "", "file": upload}
        )
    assert Observation.objects.exists() == (role in ANALYSTS)
    assert response.status_code == (302 if role in ANALYSTS | {"anonymous"} else 403)
