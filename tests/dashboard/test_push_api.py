"""The JSON push endpoint: token authentication, permissions, validation, atomicity."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from apps.dashboard.models import ImportBatch, Observation
from tests.conftest import ALL_ROLES

URL = "/api/v1/dashboard/observations/"
GOOD = {
    "source": "Landesamt Test",
    "observations": [
        {
            "region": "08",
            "indicator": "free_accommodation_places",
            "period": "2024-05",
            "value": 1250,
            "flag": "p",
        },
        {
            "region": "DE-BY",
            "indicator": "free_accommodation_places",
            "period": "2024-05",
            "value": "980.5",
        },
    ],
}
ALLOWED = {"pa_admin", "pa_analyst"}

pytestmark = pytest.mark.django_db


def post(payload, token=None, raw=None, **headers):
    client = Client()
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Token {token}"
    body = raw if raw is not None else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **headers)


@pytest.fixture
def token_for(make_user):
    def make(role):
        return Token.objects.create(user=make_user(role)).key

    return make


@pytest.mark.parametrize("role", ALL_ROLES)
def test_push_role_table(token_for, role):
    token = None if role == "anonymous" else token_for(role)
    response = post(GOOD, token)
    if role in ALLOWED:
        assert response.status_code == 201, response.content
        assert response.json()["created"] == 2
        assert Observation.objects.count() == 2
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert "error" in response.json()
        assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_wrong_token_is_rejected(token_for):
    token_for("pa_analyst")
    response = post(GOOD, "0" * 40)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert not Observation.objects.exists()


def test_session_login_is_not_enough(role_client):
    client = role_client("pa_analyst")
    response = client.post(URL, json.dumps(GOOD), content_type="application/json")
    assert response.status_code == 401
    assert not Observation.objects.exists()


def test_push_stores_values_and_same_payload_again_changes_nothing(token_for):
    token = token_for("pa_analyst")
    assert post(GOOD, token).status_code == 201
    obs = Observation.objects.get(region__code="09")
    assert str(obs.value.normalize()) == "980.5"
    assert obs.source == "Landesamt Test"
    again = post(GOOD, token)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert ImportBatch.objects.count() == 1 and Observation.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"observations": "nope"}, "observations"),
        ({"observations": []}, "observations"),
        ({"observations": [GOOD["observations"][0], {"region": "08"}]}, "observations[2]"),
        (
            {
                "observations": [
                    GOOD["observations"][0],
                    {**GOOD["observations"][1], "value": "many"},
                ]
            },
            "observations[2]",
        ),
        (
            {
                "observations": [
                    GOOD["observations"][0],
                    {**GOOD["observations"][1], "period": "May"},
                ]
            },
            "observations[2]",
        ),
        (
            {
                "observations": [
                    GOOD["observations"][0],
                    {**GOOD["observations"][1], "region": "DE-XX"},
                ]
            },
            "observations[2]",
        ),
        (
            {
                "observations": [
                    GOOD["observations"][0],
                    {**GOOD["observations"][1], "indicator": "nope"},
                ]
            },
            "observations[2]",
        ),
        ({"observations": [GOOD["observations"][0], GOOD["observations"][0]]}, "observations[2]"),
        ([1, 2], "observations"),
    ],
)
def test_malformed_payload_stores_nothing(token_for, payload, field):
    response = post(payload, token_for("pa_analyst"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_invalid_json_body(token_for):
    response = post(None, token_for("pa_admin"), raw="{not json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert not ImportBatch.objects.exists()


def test_errors_are_translated(token_for):
    token = token_for("pa_analyst")
    response = post({"observations": []}, token, HTTP_ACCEPT_LANGUAGE="de")
    assert response.json()["error"]["message"] == "Die gesendeten Daten sind ungültig."
