"""POST /api/v1/chat/ and GET /api/v1/chat/search/: answers in Arabic and Chinese (body
language or Accept-Language), translated errors, rate limits per session and per
client address, the OpenAPI schema, and the same answer for every role."""

import copy

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from apps.chatbot import index
from tests.conftest import ALL_ROLES
from tests.content.factories import OfficeFactory, ProcessFactory

URL = "/api/v1/chat/"


@pytest.fixture
def content(municipality):
    index.clear_local()
    process = ProcessFactory(
        region=municipality,
        title_de="Wohnsitz anmelden (Anmeldung)",
        title_ar="تسجيل العنوان (Anmeldung)",
        summary_ar="كل من ينتقل إلى شقة يجب أن يسجل خلال أسبوعين.",
        title_zh_hans="登记住址（Anmeldung）",
        summary_zh_hans="搬进公寓的人必须在两周内登记。",
        title_en="Register your address",
        summary_en="Everyone who moves into a flat must register within two weeks.",
    )
    OfficeFactory(
        region=municipality,
        name_de="Migrationsberatung",
        name_en="Migration counselling",
        is_counselling=True,
        phone="+49 6999 123",
    )
    return process


def ask(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_arabic_question_gets_a_link_to_the_arabic_page(client, content, municipality):
    response = ask(
        client,
        {
            "session": "abc",
            "message": "أين أقوم بتسجيل العنوان؟",
            "language": "ar",
            "region": municipality.code,
        },
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "ar"
    assert response["X-Chat-Backend"] == "embedded"
    [message] = response.json()
    assert set(message) == {"recipient_id", "text", "buttons", "custom"}
    assert message["recipient_id"] == "abc"
    assert message["text"].startswith("تسجيل العنوان (Anmeldung)")
    assert message["custom"]["links"] == [
        {"title": "تسجيل العنوان (Anmeldung)", "url": f"/ar/processes/{content.pk}/"}
    ]


@pytest.mark.django_db
def test_chinese_from_accept_language_and_region_from_the_cookie(client, content, municipality):
    client.cookies["micado_region"] = municipality.code
    response = ask(
        client, {"session": "zh1", "message": "怎么登记住址"}, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    links = response.json()[0]["custom"]["links"]
    assert links[0]["url"] == f"/zh-hans/processes/{content.pk}/"


@pytest.mark.django_db
def test_unknown_question_answers_honestly_with_the_counselling_contact(
    client, content, municipality
):
    response = ask(
        client,
        {
            "session": "u1",
            "message": "who won the football match",
            "language": "en",
            "region": municipality.code,
        },
    )
    [message] = response.json()
    assert "Sorry, I could not find an answer" in message["text"]
    assert "+49 6999 123" in message["text"]


def _sorry(language: str) -> tuple[str, str]:
    with translation.override(language):
        sorry = gettext(
            "Sorry, I could not find an answer to that in the information of this site. "
            "A person can help you: %(contacts)s"
        ).split("%(contacts)s")[0]
        return sorry, gettext("Talk to a person")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "question"),
    [("ar", "من فاز بمباراة كرة القدم امس"), ("zh-hans", "昨天足球比赛谁赢了")],
)
def test_unknown_question_in_arabic_and_chinese(client, content, municipality, language, question):
    body = {"session": "u2", "message": question, "language": language}
    response = ask(client, {**body, "region": municipality.code})
    assert response.status_code == 200 and response["Content-Language"] == language
    [message] = response.json()
    sorry, human = _sorry(language)
    assert sorry.strip() and sorry != _sorry("en")[0]
    assert message["text"].startswith(sorry)
    assert "+49 6999 123" in message["text"]
    assert message["buttons"] == [{"title": human, "payload": "/human"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "error"),
    [
        ({"session": "a"}, "message", "Write a message."),
        ({"session": "a", "message": "   "}, "message", "Write a message."),
        (
            {"session": "a", "message": "x" * 501},
            "message",
            "The message is too long: write at most 500 characters.",
        ),
        ({"session": "a", "message": "hi", "language": "xx"}, "language", "Unknown language “xx”."),
        ({"session": "a", "message": "hi", "region": "99999"}, "region", "Unknown region “99999”."),
        ({"message": "hi"}, "session", "A chat session id is needed."),
        (
            {"session": "no spaces!", "message": "hi"},
            "session",
            "The chat session id may hold 1 to 64 letters and digits.",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(client, body, field, error):
    response = ask(client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    data = response.json()["error"]
    assert data["code"] == "validation_error"
    assert data["fields"][field] == [error]


@pytest.mark.django_db
def test_invalid_json_is_refused(client):
    response = client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def _rates(session: str, client_rate: str):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"chat_session": session, "chat_client": client_rate}
    return override_settings(REST_FRAMEWORK=rest)


@pytest.mark.django_db
def test_rate_limit_per_session(client, content):
    with _rates("2/min", "100/min"):
        for _ in range(2):
            assert (
                ask(client, {"session": "s", "message": "hallo", "language": "de"}).status_code
                == 200
            )
        refused = ask(
            client,
            {"session": "s", "message": "hallo", "language": "de"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert refused.status_code == 429
        assert refused.json()["error"] == {
            "code": "throttled",
            "message": "Too many messages. Please wait a moment and try again.",
        }
        assert "Retry-After" in refused
        # Another session from the same address still gets answers.
        assert (
            ask(client, {"session": "t", "message": "hallo", "language": "de"}).status_code == 200
        )


@pytest.mark.django_db
def test_rate_limit_per_client_address(client, content):
    with _rates("100/min", "3/min"):
        for n in range(3):
            body = {"session": f"s{n}", "message": "hallo", "language": "de"}
            assert ask(client, body, REMOTE_ADDR="10.0.0.7").status_code == 200
        body = {"session": "s9", "message": "hallo", "language": "de"}
        assert ask(client, body, REMOTE_ADDR="10.0.0.7").status_code == 429
        assert ask(client, body, REMOTE_ADDR="10.0.0.8").status_code == 200


@pytest.mark.django_db
def test_search_endpoint_for_rasa_actions(client, content, municipality):
    response = client.get(
        "/api/v1/chat/search/",
        {"q": "怎么登记住址", "lang": "zh-hans", "region": municipality.code},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["answered"] is True
    assert data["results"][0]["url"] == f"/zh-hans/processes/{content.pk}/"
    assert data["results"][0]["title"] == "登记住址（Anmeldung）"
    missing = client.get("/api/v1/chat/search/", {"lang": "de"}, HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 400
    assert missing.json()["error"]["fields"]["q"] == ["Write a message."]


@pytest.mark.django_db
def test_chat_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    post = schema["paths"]["/api/v1/chat/"]["post"]
    assert set(post["responses"]) >= {"200", "400", "429"}
    assert "/api/v1/chat/search/" in schema["paths"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_chat(role_client, role, content, municipality):
    response = ask(
        role_client(role),
        {
            "session": "r1",
            "message": "Register your address",
            "language": "en",
            "region": municipality.code,
        },
    )
    assert response.status_code == 200
    assert response.json()[0]["custom"]["links"][0]["url"] == f"/en/processes/{content.pk}/"
