"""A fixed-window rate limit on the cache, for forms that anonymous visitors post.

The client's address is only hashed into a cache key that expires with its window;
it is never stored anywhere else. The DRF throttles (apps.api.throttling, the chat's in
apps.chatbot.throttles) read their rates through `SettingsRateMixin`.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


class SettingsRateMixin:
    """For a DRF throttle: its rate from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope],
    read at each request (DRF's classes read it once, at import), so a deployment and a
    test can change it; a missing or empty rate switches the throttle off."""

    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope) or None


def client_address(request) -> str:
    """The address the request came from (REMOTE_ADDR; a proxy in front sets it right)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_allow(*, scope: str, ident: str, limit: int, period: int) -> bool:
    """Count one hit of `ident` in `scope`; False once more than `limit` hits fall in the
    current window of `period` seconds."""
    window = int(time.time() // period)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        return True
    return count <= limit
