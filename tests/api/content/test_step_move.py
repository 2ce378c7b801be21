"""POST /api/v1/editor/processes/<id>/steps/<step_id>/move/: the same service as the PA
screen (apps.content.workflow.step_move), translated errors, nothing changed on error."""

import pytest
from django.utils import translation

from apps.content.models import Status, Step
from tests.content.factories import ProcessFactory, StepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(municipality, pa_organisation):
    process = ProcessFactory(region=municipality, organisation=pa_organisation, status=Status.DRAFT)
    for i in range(3):
        StepFactory(process=process, position=i, title_de=f"S{i}")
    return process


def order(process) -> list[str]:
    steps = Step.objects.filter(process=process).order_by("position")
    return list(steps.values_list("title_de", flat=True))


def move_url(process, step) -> str:
    return f"/api/v1/editor/processes/{process.pk}/steps/{step.pk}/move/"


def last_step(process) -> Step:
    return Step.objects.get(process=process, title_de="S2")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("ngo_editor", 404), ("ngo_admin", 404), ("pa_translator", 403),
     ("pa_analyst", 403), ("migrant", 403), ("pa_editor", 200), ("pa_admin", 200)],
)  # fmt: skip
def test_role_table(api_client, process, role, expected):
    """An NGO member of another organisation does not see the PA's process at all."""
    version = process.version
    response = api_client(role).post(
        move_url(process, last_step(process)), {"position": 0}, format="json"
    )
    assert response.status_code == expected, response.content
    process.refresh_from_db()
    if expected == 200:
        assert order(process) == ["S2", "S0", "S1"]
        assert process.version == version + 1
        body = response.json()
        assert body["version"] == process.version
        assert [s["title"]["de"] for s in body["steps"]] == ["S2", "S0", "S1"]
    else:
        assert order(process) == ["S0", "S1", "S2"] and process.version == version
        assert "error" in response.json()


def test_direction_and_version(api_client, process):
    client = api_client("pa_editor")
    first = Step.objects.get(process=process, title_de="S0")
    response = client.post(
        move_url(process, first), {"direction": "down", "version": process.version}, format="json"
    )
    assert response.status_code == 200 and order(process) == ["S1", "S0", "S2"]
    stale = client.post(
        move_url(process, first), {"direction": "last", "version": 1}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale_version"
    assert order(process) == ["S1", "S0", "S2"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"position": 3}, "position", "Choose a position from 0 to 2."),
        ({"position": -1}, "position", None),
        ({"direction": "sideways"}, "direction", None),
        ({"position": 1, "direction": "up"}, "non_field_errors",
         "Give either a position or a direction."),
        ({}, "non_field_errors", "Give either a position or a direction."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(api_client, process, body, field, message):
    version = process.version
    response = api_client("pa_editor").post(
        move_url(process, last_step(process)), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]
    if message:
        assert error["fields"][field] == [message]
    process.refresh_from_db()
    assert order(process) == ["S0", "S1", "S2"] and process.version == version


def test_a_step_of_another_process_is_refused(api_client, process, municipality, pa_organisation):
    other = ProcessFactory(region=municipality, organisation=pa_organisation)
    foreign = StepFactory(process=other, position=0, title_de="F")
    StepFactory(process=other, position=1, title_de="G")
    response = api_client("pa_editor").post(
        move_url(process, foreign), {"position": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["step"] == [
        "This step is not a step of this process."
    ]
    assert order(process) == ["S0", "S1", "S2"] and order(other) == ["F", "G"]
    missing = api_client("pa_editor").post(
        f"/api/v1/editor/processes/{process.pk}/steps/999999/move/", {"position": 0}, format="json"
    )
    assert missing.status_code == 404


def test_errors_are_translated(api_client, process):
    response = api_client("pa_editor").post(
        move_url(process, last_step(process)),
        {"position": 7},
        format="json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    with translation.override("de"):
        expected = translation.gettext("Choose a position from %(first)s to %(last)s.")
    assert response.json()["error"]["fields"]["position"] == [expected % {"first": 0, "last": 2}]


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    path = "/api/v1/editor/processes/{id}/steps/{step_id}/move/"
    assert path in schema["paths"], sorted(p for p in schema["paths"] if "steps" in p)
    operation = schema["paths"][path]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    props = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert {"position", "direction", "version"} <= set(props)
