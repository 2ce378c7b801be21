"""Writes and the one entry point of the chatbot.

`chat_reply` answers a message: through Rasa when RASA_URL is set (falling back to the
embedded bot whenever Rasa gives no usable answer), else with the embedded bot. A
question the embedded bot could not answer is recorded, scrubbed of personal data, by
`unanswered_record`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.chatbot import bot
from apps.chatbot.models import UnansweredQuestion
from apps.chatbot.rasa import RasaUnavailable, rasa_send, rasa_url
from apps.chatbot.text import normalise
from apps.regions.models import Region

log = logging.getLogger(__name__)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_PHONE = re.compile(r"\+?\d[\d\s()/.-]{4,}\d")
_DIGITS = re.compile(r"\d+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class ChatResult:
    messages: list[dict]
    backend: str  # "rasa" or "embedded"
    answered: bool
    fallback_reason: str = ""


def question_scrub(text: str) -> str:
    """The question without e-mail and web addresses, phone numbers or any digits
    (dates of birth, case numbers), on one line, at most TEXT_MAX_LENGTH characters."""
    text = _CONTROL.sub(" ", text or "")
    text = _EMAIL.sub("…", text)
    text = _URL.sub("…", text)
    text = _PHONE.sub("…", text)
    text = _DIGITS.sub("…", text)
    text = " ".join(text.split())
    return text[: UnansweredQuestion.TEXT_MAX_LENGTH]


def unanswered_record(*, text: str, language: str, region: Region | None) -> None:
    """Count one unanswered question (scrubbed) of a language and region."""
    clean = question_scrub(text)
    if not clean.strip("… "):
        return
    key = normalise(clean)[: UnansweredQuestion.TEXT_MAX_LENGTH]
    lookup = {"language": language, "region": region, "normalised": key}
    updated = UnansweredQuestion.objects.filter(**lookup).update(
        count=F("count") + 1, last_asked_at=timezone.now()
    )
    if updated:
        return
    question = UnansweredQuestion(text=clean, **lookup)
    question.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:  # asked at the same moment elsewhere
        UnansweredQuestion.objects.filter(**lookup).update(count=F("count") + 1)


def chat_reply(
    *, session: str, message: str, language: str, region: Region | None, use_rasa: bool = True
) -> ChatResult:
    """The answer to one message, in the shape of Rasa's REST channel."""
    reason = ""
    if use_rasa and rasa_url():
        try:
            messages = rasa_send(
                session=session,
                message=message,
                language=language,
                region=region.code if region is not None else None,
            )
            return ChatResult(messages=messages, backend="rasa", answered=True)
        except RasaUnavailable as exc:
            reason = exc.reason
            log.warning("Rasa gave no answer (%s); the embedded bot answers", reason)
    reply = bot.answer(message, language=language, region=region, session=session)
    if not reply.answered:
        unanswered_record(text=message, language=language, region=region)
    return ChatResult(
        messages=reply.messages, backend="embedded", answered=reply.answered, fallback_reason=reason
    )


def chat_search(*, query: str, language: str, region: Region | None) -> dict:
    """The embedded bot's answer as data (for Rasa's custom actions and other clients):
    `{"answered", "results": [{"kind", "title", "answer", "url"}], "message", "links",
    "buttons"}`; an unanswered question is recorded as in `chat_reply`."""
    reply = bot.answer(query, language=language, region=region)
    if not reply.answered:
        unanswered_record(text=query, language=language, region=region)
    first = reply.messages[0] if reply.messages else {}
    results = []
    for doc in reply.hits:
        url = doc.url or (doc.links[0][1] if doc.links else None)
        results.append({"kind": doc.kind, "title": doc.title, "answer": doc.answer, "url": url})
    return {
        "answered": reply.answered and reply.intent == "content",
        "results": results,
        "message": first.get("text", ""),
        "links": first.get("custom", {}).get("links", []),
        "buttons": first.get("buttons", []),
    }
