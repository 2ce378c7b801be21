"""Django's Rasa backend against a fake Rasa server on 127.0.0.1 (http.server in a
thread): a normal reply is passed on; an empty list, HTTP 500, a timeout, malformed
JSON or a server that is down each fall back to the embedded bot, and the user still
gets an answer. /healthz reports Rasa's state."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from apps.chatbot import index
from apps.chatbot.services import chat_reply
from tests.content.factories import ProcessFactory


class FakeRasa:
    def __init__(self):
        self.mode = "normal"
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.startswith("/status"):
                    if fake.mode == "no-model":
                        self._send(200, b'{"model_file": null}')
                    else:
                        self._send(200, b'{"model_file": "models/micado.tar.gz"}')
                else:
                    self._send(404, b"{}")

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                fake.requests.append(
                    {"path": self.path, "body": json.loads(self.rfile.read(length))}
                )
                if fake.mode == "normal":
                    body = [
                        {
                            "recipient_id": fake.requests[-1]["body"]["sender"],
                            "text": "Antwort von Rasa",
                            "buttons": [{"title": "Mehr", "payload": "/help"}],
                            "custom": {
                                "links": [
                                    {"title": "Anmeldung", "url": "/de/processes/1/"},
                                    {"title": "Fremd", "url": "https://evil.example/"},
                                ]
                            },
                        }
                    ]
                    self._send(200, json.dumps(body).encode())
                elif fake.mode == "split":  # how rasa-sdk sends text + json_message
                    body = [
                        {"recipient_id": "s", "text": "Antwort"},
                        {
                            "recipient_id": "s",
                            "custom": {"links": [{"title": "A", "url": "/de/a/"}]},
                        },
                    ]
                    self._send(200, json.dumps(body).encode())
                elif fake.mode == "empty":
                    self._send(200, b"[]")
                elif fake.mode == "error":
                    self._send(500, b'{"error": "boom"}')
                elif fake.mode == "slow":
                    time.sleep(1.5)
                    self._send(200, b'[{"text": "too late"}]')
                elif fake.mode == "malformed":
                    self._send(200, b"[{not json")
                elif fake.mode == "object":
                    self._send(200, b'{"text": "not a list"}')

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_rasa():
    fake = FakeRasa()
    with override_settings(RASA_URL=fake.url, RASA_TIMEOUT=0.5):
        yield fake
    fake.close()


@pytest.fixture
def content(municipality):
    index.clear_local()
    for title in ("Krankenversicherung abschließen", "Bankkonto eröffnen", "Schule"):
        ProcessFactory(region=municipality, title_de=title)
    return ProcessFactory(region=municipality, title_de="Wohnsitz anmelden (Anmeldung)")


@pytest.mark.django_db
def test_normal_reply_is_passed_on_with_metadata(fake_rasa, content, municipality):
    result = chat_reply(session="s1", message="Hallo Rasa", language="de", region=municipality)
    assert result.backend == "rasa"
    assert result.messages == [
        {
            "recipient_id": "s1",
            "text": "Antwort von Rasa",
            "buttons": [{"title": "Mehr", "payload": "/help"}],
            "custom": {"links": [{"title": "Anmeldung", "url": "/de/processes/1/"}]},
        }
    ]
    [request] = fake_rasa.requests
    assert request["path"] == "/webhooks/rest/webhook"
    assert request["body"] == {
        "sender": "s1",
        "message": "Hallo Rasa",
        "metadata": {"language": "de", "region": municipality.code},
    }


@pytest.mark.django_db
def test_custom_data_sent_apart_is_joined_to_its_text(fake_rasa, content, municipality):
    fake_rasa.mode = "split"
    result = chat_reply(session="s", message="Hallo", language="de", region=municipality)
    assert result.backend == "rasa"
    assert result.messages == [
        {
            "recipient_id": "s",
            "text": "Antwort",
            "buttons": [],
            "custom": {"links": [{"title": "A", "url": "/de/a/"}]},
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("empty", "empty answer"),
        ("error", "HTTP 500"),
        ("slow", "timeout"),
        ("malformed", "malformed JSON"),
        ("object", "not a list of messages"),
    ],
)
def test_fallback_to_the_embedded_bot(fake_rasa, content, municipality, mode, reason):
    fake_rasa.mode = mode
    result = chat_reply(
        session="s2",
        message="Wie kann ich den Wohnsitz anmelden?",
        language="de",
        region=municipality,
    )
    assert fake_rasa.requests, "Rasa was asked first"
    assert result.backend == "embedded" and result.fallback_reason == reason
    [message] = result.messages
    assert message["custom"]["links"][0]["url"] == f"/de/processes/{content.pk}/"


@pytest.mark.django_db
def test_fallback_when_rasa_is_down(content, municipality):
    fake = FakeRasa()
    url = fake.url
    fake.close()  # nothing listens there any more
    with override_settings(RASA_URL=url, RASA_TIMEOUT=0.5):
        result = chat_reply(
            session="s3", message="Wohnsitz anmelden", language="de", region=municipality
        )
    assert result.backend == "embedded" and result.fallback_reason.startswith("unreachable")
    assert result.messages[0]["custom"]["links"]


@pytest.mark.django_db
def test_api_answers_through_rasa_and_says_so(fake_rasa, client, content):
    response = client.post(
        "/api/v1/chat/",
        {"session": "s4", "message": "Hallo", "language": "de"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response["X-Chat-Backend"] == "rasa"
    fake_rasa.mode = "error"
    response = client.post(
        "/api/v1/chat/",
        {"session": "s4", "message": "Hallo", "language": "de"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response["X-Chat-Backend"] == "embedded"
    assert response.json()[0]["text"]
    # Rasa's own actions ask for the embedded bot: Rasa is not asked again.
    asked = len(fake_rasa.requests)
    client.post(
        "/api/v1/chat/",
        {"session": "s4", "message": "/greet", "language": "de", "backend": "embedded"},
        content_type="application/json",
    )
    assert len(fake_rasa.requests) == asked


@pytest.mark.django_db
def test_healthz_reports_rasa(client):
    assert client.get("/healthz").json()["components"]["chatbot"]["status"] == "embedded"
    fake = FakeRasa()
    try:
        with override_settings(RASA_URL=fake.url):
            data = client.get("/healthz").json()
            assert data["components"]["chatbot"] == {"status": "ok", "detail": "model loaded"}
            fake.mode = "no-model"
            assert client.get("/healthz").json()["components"]["chatbot"]["status"] == "down"
    finally:
        fake.close()
    with override_settings(RASA_URL=fake.url):
        response = client.get("/healthz")
        data = response.json()
        assert data["components"]["chatbot"]["status"] == "down"
        assert data["status"] == "degraded" and response.status_code == 200
