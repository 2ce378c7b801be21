"""gzip for responses that hold no secret (BREACH-safe compression).

BREACH (and CRIME before it) reads a secret out of an HTTPS response by making the
victim's browser request a page many times with guessed text reflected into it (a
search query, a path) and watching the compressed size shrink when a guess matches the
secret. It needs a secret in the compressed body: a CSRF token, a session-bound value,
personal data. A page without one has nothing to leak, whatever is reflected into it.

So this middleware compresses only responses that cannot hold one:

- the request carries no session cookie, no `messages` cookie and no `Authorization`
  header, and no signed-in user was found: the visitor is anonymous, nothing of theirs
  is on the page (the migrant pages cached for everyone, `apps/migrants/page_cache.py`,
  are exactly these);
- the CSRF token was not used while rendering (`get_token` marks the request) and no
  CSRF or session cookie is being set: no token is in the body;
- the response is not `Cache-Control: private` or `no-store` (a view that says the
  page is per visitor is believed).

Everything else (sign-in and sign-up pages with their token, the PA and NGO apps, the
personal space, an anonymous visitor with a session) is sent as it is. Static files
are compressed ahead of time by WhiteNoise and never reach this middleware.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.middleware.gzip import GZipMiddleware


def holds_no_secret(request, response) -> bool:
    """True if neither the request nor the response can tie the body to a visitor."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # get_token() was called
        return False
    if settings.CSRF_COOKIE_NAME in response.cookies:
        return False
    if settings.SESSION_COOKIE_NAME in response.cookies:
        return False
    user = getattr(request, "_cached_user", None)  # only if someone looked
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, applied only where `holds_no_secret` (see above)."""

    def process_response(self, request, response):
        if not holds_no_secret(request, response):
            return response
        return super().process_response(request, response)
