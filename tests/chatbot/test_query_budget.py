"""Query budgets of POST /api/v1/chat/ and of the chat page without JavaScript, at two
content sizes, and the index: built once per content generation (when content is
published), never per request. Query counts, not wall time."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.chatbot import index
from apps.content import services
from apps.content.models import GlossaryTerm
from tests.chatbot.conftest import demo_item
from tests.content.factories import (
    DocumentTypeFactory,
    GlossaryTermFactory,
    OfficeFactory,
    ProcessFactory,
    StepFactory,
)

API = "/api/v1/chat/"
QUESTION = "Wohnsitz anmelden"
UNKNOWN = "Wer hat gestern das Fußballspiel gewonnen?"
# The whole request, the index already built (region, tenant settings, contacts).
API_BUDGET = 6
PAGE_BUDGET = 12  # the chat page also reads and writes the session, renders the shell
# Building one index: one query per source plus its prefetches, whatever the content size.
BUILD_BUDGET = 20


def _content(municipality, n: int) -> None:
    """n processes with two steps each (an office, a document), n glossary terms and a
    counselling office with a phone number."""
    office = OfficeFactory(region=municipality, name_de="Migrationsberatung", phone="+49 1")
    office.is_counselling = True
    office.save()
    document = DocumentTypeFactory(region=municipality)
    for i in range(n):
        process = ProcessFactory(region=municipality, title_de=f"Verfahren Nummer {i}")
        for _ in range(2):
            StepFactory(process=process, office=office).required_documents.add(document)
        GlossaryTermFactory(region=municipality)
    ProcessFactory(region=municipality, title_de="Wohnsitz anmelden (Anmeldung)")


def _fresh_index():
    index.clear_local()
    cache.clear()


def _queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return len(ctx.captured_queries), result


def _ask_api(client, municipality, message):
    body = {"session": "budget", "message": message, "language": "de"}
    body["region"] = municipality.code
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 200
    return response


def _ask_page(client, municipality, message):
    client.cookies["micado_region"] = municipality.code
    response = client.post("/de/chat/", {"message": message})
    assert response.status_code == 302
    page = client.get("/de/chat/")
    assert page.status_code == 200
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("message", [QUESTION, UNKNOWN])
def test_api_query_budget_does_not_grow_with_the_content(client, municipality, message):
    counts = {}
    for size in (3, 30):
        _content(municipality, size if size == 3 else size - 3)
        _fresh_index()
        build, _ = _queries(lambda: _ask_api(client, municipality, message))
        answer, response = _queries(lambda: _ask_api(client, municipality, message))
        counts[size] = (build, answer)
        # The relative score threshold holds at both sizes: the same answer, or honesty.
        [reply] = response.json()
        if message == QUESTION:
            assert reply["text"].startswith("Wohnsitz anmelden (Anmeldung)"), reply
        else:
            assert "+49 1" in reply["text"], reply  # the counselling office's phone
            assert [b["payload"] for b in reply["buttons"]] == ["/human"], reply
    # The answer costs the same at both sizes; the first question of a generation (which
    # builds the index) does not grow either (the first one at all warms a few caches).
    assert counts[3][1] == counts[30][1] <= API_BUDGET, counts
    assert counts[30][0] <= counts[3][0] <= API_BUDGET + BUILD_BUDGET, counts


@pytest.mark.django_db
def test_chat_page_query_budget_does_not_grow_with_the_content(client, municipality):
    counts = {}
    for size in (3, 30):
        _content(municipality, size if size == 3 else size - 3)
        _fresh_index()
        _ask_page(client, municipality, QUESTION)  # builds the index
        post_and_get, page = _queries(lambda: _ask_page(client, municipality, QUESTION))
        counts[size] = post_and_get
        assert "Wohnsitz anmelden (Anmeldung)" in page.content.decode()
    assert counts[3] == counts[30], counts
    assert counts[30] <= PAGE_BUDGET, counts


@pytest.fixture
def builds(monkeypatch):
    calls = []
    real = index.build

    def counting(**kwargs):
        calls.append((kwargs["region"].pk if kwargs["region"] else None, kwargs["language"]))
        return real(**kwargs)

    monkeypatch.setattr(index, "build", counting)
    return calls


def test_index_is_built_on_publication_not_per_request(
    client, lindenfeld, builds, django_capture_on_commit_callbacks
):
    _fresh_index()
    for message in ("Wie melde ich meine Wohnung an?", "Krankenversicherung", UNKNOWN):
        _ask_api(client, lindenfeld, message)
        _ask_page(client, lindenfeld, message)
    assert builds == [(lindenfeld.pk, "de")]  # six requests, one build
    body = {"session": "ar", "message": "مرحبا", "language": "ar", "region": lindenfeld.code}
    client.post(API, body, content_type="application/json")
    assert builds[-1] == (lindenfeld.pk, "ar") and len(builds) == 2

    # Another worker (the process-local index gone) reuses the shared cache's index.
    index.clear_local()
    _ask_api(client, lindenfeld, "Krankenversicherung")
    assert len(builds) == 2

    editor = User.objects.get(email="pa-editor@example.org")
    admin = User.objects.get(email="pa-admin@example.org")
    organisation = demo_item("process", "anmeldung").organisation
    with django_capture_on_commit_callbacks(execute=True):
        term = services.item_create(
            model=GlossaryTerm,
            user=editor,
            region=lindenfeld,
            organisation=organisation,
            data={"term_de": "Rundfunkbeitrag", "explanation_de": "<p>Gebühr für Radio.</p>"},
        )
        services.item_submit(item=term, user=editor)
        services.item_publish(item=term, user=admin)
    assert len(builds) == 2  # publishing itself builds nothing
    for _ in range(3):
        response = _ask_api(client, lindenfeld, "Was ist der Rundfunkbeitrag?")
        assert "Rundfunkbeitrag" in response.json()[0]["text"]
    assert builds[2:] == [(lindenfeld.pk, "de")]  # one build after publication, for de
