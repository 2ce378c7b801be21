"""The PA's list of questions the chatbot could not answer: who may see it (every role),
each office its own region's and those below, aggregated, without personal data."""

import pytest

from apps.chatbot.services import unanswered_record
from tests.conftest import ALL_ROLES
from tests.factories import MunicipalityFactory

URL = "/en/pa/chatbot/unanswered/"
ALLOWED = {"pa_admin", "pa_editor"}
EXPECTED = {
    role: "sign-in" if role == "anonymous" else (200 if role in ALLOWED else 403)
    for role in ALL_ROLES
}


def test_table_covers_every_role():
    assert set(EXPECTED) == set(ALL_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "outcome"), list(EXPECTED.items()))
def test_access(role_client, municipality, role, outcome):
    unanswered_record(text="Wo gibt es Hundesteuer?", language="de", region=municipality)
    response = role_client(role).get(URL)
    if outcome == "sign-in":
        assert response.status_code == 302 and "/accounts/login/" in response.url
        return
    assert response.status_code == outcome
    assert ("Wo gibt es Hundesteuer?" in response.content.decode()) is (outcome == 200)


@pytest.mark.django_db
def test_counts_scrubbed_questions_of_the_own_region_only(role_client, municipality):
    elsewhere = MunicipalityFactory()
    for _ in range(3):
        unanswered_record(
            text="Hundesteuer anmelden? mail a@b.de 0171 2345678",
            language="de",
            region=municipality,
        )
    unanswered_record(text="ضريبة الكلاب", language="ar", region=municipality)
    unanswered_record(text="Secret elsewhere", language="de", region=elsewhere)
    client = role_client("pa_editor")
    html = client.get(URL).content.decode()
    assert "Hundesteuer anmelden? mail … …" in html
    assert "a@b.de" not in html and "0171" not in html
    assert "<td>3</td>" in html
    assert "ضريبة الكلاب" in html
    assert "Secret elsewhere" not in html
    filtered = client.get(URL, {"language": "ar"}).content.decode()
    assert "ضريبة الكلاب" in filtered and "Hundesteuer" not in filtered


@pytest.mark.django_db
def test_bounded_queries(role_client, municipality, django_assert_max_num_queries):
    client = role_client("pa_admin")
    for n in range(3):
        unanswered_record(text=f"Frage {'x' * n}", language="de", region=municipality)
    client.get(URL)
    with django_assert_max_num_queries(12) as small:
        client.get(URL)
    for n in range(20):
        unanswered_record(text=f"Andere Frage {'y' * n}", language="de", region=municipality)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)
