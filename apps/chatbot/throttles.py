"""Rate limits of the chat (DRF throttles on the cache), per chat session and per client
address; used by the API and by the migrant app's chat page. Rates:
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["chat_session" | "chat_client"]."""

from __future__ import annotations

import re

from rest_framework import throttling

from apps.core.ratelimit import SettingsRateMixin

SESSION_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def session_of(request) -> str | None:
    """The chat session of a request: the JSON body's "session" (API) or the one the
    chat page keeps in the Django session."""
    session = getattr(request, "chat_session", None)
    if session is None:
        data = getattr(request, "data", None)
        session = data.get("session") if isinstance(data, dict) else None
    return session if isinstance(session, str) and SESSION_RE.match(session) else None


class ChatSessionThrottle(SettingsRateMixin, throttling.SimpleRateThrottle):
    scope = "chat_session"

    def get_cache_key(self, request, view):
        session = session_of(request)
        if session is None:
            return None  # refused by validation anyway; the client throttle still counts
        return self.cache_format % {"scope": self.scope, "ident": session}


class ChatClientThrottle(SettingsRateMixin, throttling.SimpleRateThrottle):
    scope = "chat_client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def chat_allowed(request) -> bool:
    """Both limits at once, for views outside DRF."""
    return all(t().allow_request(request, None) for t in (ChatClientThrottle, ChatSessionThrottle))
