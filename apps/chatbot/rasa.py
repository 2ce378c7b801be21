"""The Rasa backend: Rasa's REST channel (`POST {RASA_URL}/webhooks/rest/webhook`).

Sent: `{"sender": <session>, "message": <text>, "metadata": {"language", "region"}}`;
received: a list of messages `{"recipient_id", "text", "buttons", "custom", ...}`.
Anything else - Rasa down, slower than `RASA_TIMEOUT` seconds, an HTTP error, a body
that is not such a list, or an empty list - raises RasaUnavailable, and the caller
answers with the embedded bot instead. Only the standard library: one POST.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings

MAX_RESPONSE_BYTES = 256 * 1024


class RasaUnavailable(Exception):
    """Rasa could not give a usable answer; `reason` says why (for logs and health)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def rasa_url() -> str:
    return (getattr(settings, "RASA_URL", "") or "").rstrip("/")


def _clean_message(raw: object, session: str) -> dict | None:
    if not isinstance(raw, dict):
        return None
    text = raw.get("text")
    buttons = []
    for b in raw.get("buttons") or []:
        if isinstance(b, dict) and isinstance(b.get("title"), str):
            buttons.append({"title": b["title"], "payload": str(b.get("payload") or b["title"])})
    custom = raw.get("custom") if isinstance(raw.get("custom"), dict) else {}
    links = []
    for link in custom.get("links") or []:
        if (
            isinstance(link, dict)
            and isinstance(link.get("title"), str)
            and isinstance(link.get("url"), str)
            and link["url"].startswith("/")  # only links into this site
        ):
            links.append({"title": link["title"], "url": link["url"]})
    if not isinstance(text, str) and not buttons and not links:
        return None
    return {
        "recipient_id": str(raw.get("recipient_id") or session),
        "text": text if isinstance(text, str) else "",
        "buttons": buttons,
        "custom": {"links": links},
    }


def rasa_send(*, session: str, message: str, language: str, region: str | None) -> list[dict]:
    url = rasa_url()
    if not url:
        raise RasaUnavailable("not configured")
    body = json.dumps(
        {
            "sender": session,
            "message": message,
            "metadata": {"language": language, "region": region or ""},
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - RASA_URL is the operator's setting
        f"{url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    timeout = float(getattr(settings, "RASA_TIMEOUT", 3.0))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise RasaUnavailable(f"HTTP {exc.code}") from None
    except TimeoutError:
        raise RasaUnavailable("timeout") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise RasaUnavailable("timeout") from None
        raise RasaUnavailable(f"unreachable: {type(reason).__name__}") from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise RasaUnavailable("response too large")
    try:
        data = json.loads(raw)
    except ValueError:
        raise RasaUnavailable("malformed JSON") from None
    if not isinstance(data, list):
        raise RasaUnavailable("not a list of messages")
    messages: list[dict] = []
    for m in (_clean_message(raw, session) for raw in data):
        if m is None:
            continue
        if not m["text"] and messages:
            # rasa-sdk sends buttons or custom data given with a text as a message of their
            # own: put them back under the text they belong to.
            messages[-1]["buttons"] += m["buttons"]
            messages[-1]["custom"]["links"] += m["custom"]["links"]
        else:
            messages.append(m)
    if not messages or not any(m["text"] or m["custom"]["links"] for m in messages):
        raise RasaUnavailable("empty answer")
    return messages


def rasa_status(timeout: float = 1.0) -> tuple[str, str]:
    """("ok" | "down" | "embedded", detail) from Rasa's `GET /status` (token if set)."""
    url = rasa_url()
    if not url:
        return "embedded", "embedded bot (RASA_URL not set)"
    token = getattr(settings, "RASA_TOKEN", "")
    status_url = f"{url}/status" + (f"?token={token}" if token else "")
    try:
        with urllib.request.urlopen(status_url, timeout=timeout) as response:  # noqa: S310
            data = json.loads(response.read(64 * 1024))
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            return "ok", "running (status needs the token)"
        return "down", f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return "down", type(getattr(exc, "reason", exc)).__name__
    model = data.get("model_file") if isinstance(data, dict) else None
    return ("ok", "model loaded") if model else ("down", "no model loaded")
