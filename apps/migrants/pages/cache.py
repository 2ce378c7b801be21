"""Whole migrant pages cached for anonymous visitors: the stored bytes, before any query.

`@anonymous_page_cache` wraps a GET view of the migrant app. A visitor who carries no
session cookie and no pending message is anonymous and has nothing per user on the
page (the page holds no CSRF token: the language switcher is links, the feedback and
region forms need none, see their views), so every such visitor of the same page
gets the same bytes. The entry is found under

    (scheme, host, full path with query string, language, raw `micado_region` cookie,
     default region, deploy version)

and holds the content generation it was rendered in (`core.cache`), the body, the
content type and an ETag. A hit is one cache round trip (`get_many` of the generation
and the entry) and no SQL query; an entry from an older generation is a miss, so an
edit shows up on the next request. The raw region cookie (not the region ids) is in
the key so that a hit needs no query; an unknown code simply gets its own entry
showing the default region.

A response is stored only if the view kept it shareable: status 200, not streaming,
no cookie set, no Vary or Cache-Control of its own, the CSRF token not used, the
session not written, no message shown or queued, and the user (if the view looked)
anonymous. Everything else - a visitor with a session (signed in, or one who gave
feedback), a POST, an error page - takes the normal path and is rendered per request.

Entries expire after `MICADO_PAGE_CACHE_SECONDS` (600 by default; a view may lower it
with `limit_page_cache`), which bounds what no write announces (an event that ends, a
`publish_at` that passes). The deploy version (`MICADO_PAGE_CACHE_VERSION`, else a hash
of the templates, translations, Python code and static manifest) keeps a deploy from
serving pages rendered by the previous code.

Responses carry `Cache-Control: public, max-age=0, must-revalidate`, `Vary: Cookie`
(the region cookie changes the page) and the ETag: browsers and the service worker
always ask, and get a 304 when nothing changed.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache as django_cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language, get_language_from_path

from apps.core.cache import GENERATION_KEY, content_generation
from apps.migrants.region import REGION_COOKIE

_CODE = re.compile(r"^[0-9A-Za-z_-]{1,20}$")
_MAX_PATH = 1000
_LIMIT_ATTR = "_micado_page_cache_seconds"


def cache_seconds() -> int:
    return getattr(settings, "MICADO_PAGE_CACHE_SECONDS", 600)


@cache
def deploy_version() -> str:
    """What the rendered bytes depend on besides the content: the code that renders them.

    `MICADO_PAGE_CACHE_VERSION` (for example the release's commit) if set; else a hash
    of the files, read once per process (about 2 MB, a few milliseconds)."""
    configured = getattr(settings, "MICADO_PAGE_CACHE_VERSION", "")
    if configured:
        return str(configured)
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    patterns = [
        (base / "templates", "**/*.html"),
        (base / "apps", "**/*.html"),
        (base / "apps", "**/*.py"),
        (base / "locale", "**/*.mo"),
    ]
    for root, pattern in patterns:
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def limit_page_cache(request, seconds: int) -> None:
    """Let the page be stored for at most `seconds` (e.g. until a withdrawal)."""
    current = getattr(request, _LIMIT_ATTR, None)
    setattr(request, _LIMIT_ATTR, seconds if current is None else min(current, seconds))


def page_key(request) -> str | None:
    """The entry's key, or None if the request must take the normal path."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None  # maybe signed in, maybe a message or a per-session answer to show
    region = cookies.get(REGION_COOKIE, "")
    if region and not _CODE.match(region):
        return None
    path = request.get_full_path()
    if len(path) > _MAX_PATH:
        return None
    parts = "\n".join((
        request.scheme, request.get_host(), path, get_language() or "",
        region, settings.MICADO_DEFAULT_REGION or "", deploy_version(),
    ))  # fmt: skip
    return "migrants:page:" + hashlib.sha256(parts.encode()).hexdigest()


def _shareable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Vary") or response.has_header("Cache-Control"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the token was used (or a new one is due): per visitor
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key is not None):
        return False
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)  # shown (loaded) or added: per visitor
    shown = getattr(storage, "_loaded_data", None)
    queued = getattr(storage, "_queued_messages", None)
    return not (shown or queued)


_PUBLIC = "public, max-age=0, must-revalidate"


def _public(response, etag: str) -> HttpResponse:
    # The response has no Cache-Control or Vary of its own (a hit is new; a stored miss
    # had none, see `_shareable`): set them directly, this is the hit's hot path.
    response["ETag"] = etag
    response["Cache-Control"] = _PUBLIC
    response["Vary"] = "Cookie"
    return response


def _not_modified(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return bool(header) and etag in [tag.strip().removeprefix("W/") for tag in header.split(",")]


_LOOKUP_ATTR = "_micado_page_cache_lookup"
# First path segments (after the language) of pages that are never stored: the
# middleware does not even look them up.
_NEVER = frozenset({"pa", "ngo", "admin", "accounts", "i18n", "jsi18n", "me", "feedback"})


def _lookup(request) -> tuple[str, int, HttpResponse | None] | None:
    """(key, current generation, the stored response or None), or None if the request
    must take the normal path. One cache round trip."""
    key = page_key(request)
    if key is None:
        return None
    found = django_cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = content_generation()
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return key, generation, None
    _generation, body, content_type, etag = entry
    if _not_modified(request, etag):
        return key, generation, _public(HttpResponseNotModified(), etag)
    return key, generation, _public(HttpResponse(body, content_type=content_type), etag)


class PageCacheMiddleware:
    """Serve a stored page early: after the language is known (LocaleMiddleware) and the
    language cookie is handled (LanguageCookieMiddleware), before sessions, CSRF,
    authentication, messages and URL resolution, which an anonymous visitor without a
    session or message cookie does not need. Only pages stored by
    `@anonymous_page_cache` are ever found. The middleware skipped on a hit would add
    only `X-Frame-Options`, added here. A miss is passed on with its lookup, so the
    view's decorator does not ask the cache again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        segments = request.path_info.split("/", 3)
        if (
            request.method in ("GET", "HEAD")
            and len(segments) > 2
            and segments[2] not in _NEVER
            and get_language_from_path(request.path_info)
        ):
            found = _lookup(request)
            if found is not None and found[2] is not None:
                response = found[2]
                response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
                return response
            setattr(request, _LOOKUP_ATTR, found)
        return self.get_response(request)


def anonymous_page_cache(view):
    """Store the page for anonymous visitors, and serve it (see the module's docstring;
    `PageCacheMiddleware` serves hits before the view is even resolved)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if hasattr(request, _LOOKUP_ATTR):
            found = getattr(request, _LOOKUP_ATTR)
        else:  # without the middleware (or a path it does not look at)
            found = _lookup(request)
        if found is None:
            return view(request, *args, **kwargs)
        key, generation, stored = found
        if stored is not None:
            return stored
        response = view(request, *args, **kwargs)
        if not _shareable(request, response):
            return response
        body = response.content
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        timeout = min(cache_seconds(), getattr(request, _LIMIT_ATTR, None) or cache_seconds())
        django_cache.set(key, (generation, body, response["Content-Type"], etag), timeout)
        if _not_modified(request, etag):
            return _public(HttpResponseNotModified(), etag)
        return _public(response, etag)

    return wrapped
