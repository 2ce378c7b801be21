"""Custom action of the micado Rasa bot: every turn asks the platform's public API.

The user's language and region come with each message as metadata
(`{"language": "de", "region": "06999001"}`, sent by Django's Rasa backend).

- Questions (intent `ask`, or anything Rasa is unsure about): `GET /api/v1/chat/search/`
  finds published content in that language and region; the action answers with the
  best item's one-line answer and links to up to three items.
- Small talk (greet, thank, help, human, confused): `POST /api/v1/chat/` with the intent
  as payload ("/greet") and `"backend": "embedded"`, so the platform's own translated
  replies (and contacts) are used, and Rasa is not asked again.

MICADO_API_URL is the platform's address (default http://127.0.0.1:8000).
"""

from __future__ import annotations

import json
import logging
import os
import urllib.parse
import urllib.request
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

log = logging.getLogger(__name__)
SMALL_TALK = {"greet", "thank", "help", "human", "confused"}
PAYLOADS = {"thank": "/thanks"}
TIMEOUT = float(os.environ.get("MICADO_API_TIMEOUT", "5"))


def api_url() -> str:
    return os.environ.get("MICADO_API_URL", "http://127.0.0.1:8000").rstrip("/")


def _get(path: str, params: dict[str, str]) -> Any:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v})
    url = f"{api_url()}{path}?{query}"  # MICADO_API_URL is the operator's setting
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read())


def _post(path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(  # noqa: S310
        f"{api_url()}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read())


class ActionPlatformAnswer(Action):
    def name(self) -> str:
        return "action_platform_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        language = str(metadata.get("language") or "de")
        region = str(metadata.get("region") or "")
        intent = (message.get("intent") or {}).get("name") or "ask"
        text = message.get("text") or ""
        try:
            if intent in SMALL_TALK:
                replies = _post(
                    "/api/v1/chat/",
                    {
                        "session": tracker.sender_id[:64] or "rasa",
                        "message": PAYLOADS.get(intent, f"/{intent}"),
                        "language": language,
                        "region": region,
                        "backend": "embedded",
                    },
                )
                for reply in replies:
                    dispatcher.utter_message(
                        text=reply.get("text") or "",
                        buttons=reply.get("buttons") or [],
                        json_message={"links": (reply.get("custom") or {}).get("links", [])},
                    )
                return []
            found = _get("/api/v1/chat/search/", {"q": text, "lang": language, "region": region})
        except (OSError, ValueError) as exc:
            # No text: Django sees an empty answer and lets its embedded bot reply.
            log.warning("platform API at %s failed: %r", api_url(), exc)
            return []
        results = found.get("results") or []
        if not found.get("answered") or not results:
            dispatcher.utter_message(
                text=found.get("message") or "",
                buttons=found.get("buttons") or [],
                json_message={"links": found.get("links") or []},
            )
            return []
        best = results[0]
        line = f"{best['title']}: {best['answer']}" if best.get("answer") else best["title"]
        links = [{"title": r["title"], "url": r["url"]} for r in results[:3] if r.get("url")]
        dispatcher.utter_message(text=line, json_message={"links": links})
        return []
