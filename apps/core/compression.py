"""Brotli or gzip for responses that hold no secret (BREACH-safe compression).

BREACH (and CRIME before it) reads a secret out of an HTTPS response by making the
victim's browser request a page many times with guessed text reflected into it (a
search query, a path) and watching the compressed size shrink when a guess matches the
secret. It needs a secret in the compressed body: a CSRF token, a session-bound value,
personal data. A page without one has nothing to leak, whatever is reflected into it.

So `PublicCompressionMiddleware` compresses only responses that cannot hold one
(`holds_no_secret`):

- the request carries no session cookie, no `messages` cookie and no `Authorization`
  header, and no signed-in user was found: the visitor is anonymous, nothing of theirs
  is on the page (the migrant pages cached for everyone, `apps/migrants/pages/cache.py`,
  are exactly these);
- the CSRF token was not used while rendering (`get_token` marks the request) and no
  CSRF or session cookie is being set: no token is in the body;
- the response is not `Cache-Control: private` or `no-store` (a view that says the
  page is per visitor is believed).

Everything else (sign-in and sign-up pages with their token, the PA and NGO apps, the
personal space, an anonymous visitor with a session) is sent as it is. Static files
are compressed ahead of time by WhiteNoise (gzip and Brotli files next to the hashed
ones) and never reach this middleware; streaming responses (downloads) are left alone.

Brotli (quality 5: about 10 % smaller than gzip for our pages, as fast) when the
browser accepts `br` and the `brotli` module is installed, else gzip (level 6, without
the random padding Django adds against BREACH: there is no secret to hide). A shared
page (`Cache-Control: public`, the page cache's) is compressed once per process and
encoding: the compressed bytes are kept in a small memory of recent bodies, keyed by a
hash of the body, so a cache hit does not pay for compression each time.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import patch_vary_headers

try:
    import brotli
except ImportError:  # optional: gzip only
    brotli = None

_ACCEPTS_BR = re.compile(r"\bbr\b")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_SIZE = 200  # smaller bodies gain nothing
BROTLI_QUALITY = 5
GZIP_LEVEL = 6


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


def _compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


class _RecentBodies:
    """Compressed bodies of recent shared pages, at most `limit` bytes (LRU)."""

    def __init__(self, limit: int = 8 * 1024 * 1024):
        self.limit = limit
        self.size = 0
        self.items: OrderedDict[tuple[bytes, str], bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get_or_compress(self, body: bytes, encoding: str) -> bytes:
        key = (hashlib.blake2b(body, digest_size=16).digest(), encoding)
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
                return found
        compressed = _compress(body, encoding)
        with self.lock:
            if key not in self.items:
                self.items[key] = compressed
                self.size += len(compressed)
            while self.size > self.limit and self.items:
                _key, dropped = self.items.popitem(last=False)
                self.size -= len(dropped)
        return compressed


_recent = _RecentBodies()


class PublicCompressionMiddleware:
    """Compress responses where `holds_no_secret` (see the module's docstring). Placed
    after WhiteNoise and before the page cache and everything that reads or writes the
    body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or len(response.content) < MIN_SIZE:
            return response
        if response.has_header("Content-Encoding") or not holds_no_secret(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if brotli is not None and _ACCEPTS_BR.search(accepted):
            encoding = "br"
        elif _ACCEPTS_GZIP.search(accepted):
            encoding = "gzip"
        else:
            return response
        body = response.content
        if "public" in response.get("Cache-Control", ""):
            compressed = _recent.get_or_compress(body, encoding)
        else:
            compressed = _compress(body, encoding)
        if len(compressed) >= len(body):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):  # another representation: a weak validator
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = encoding
        return response
