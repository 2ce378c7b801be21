"""The installable, offline-capable migrant app: web app manifest, service worker and
the page shown when the device is offline and the page was never saved.

The service worker is served by Django at `/sw.js` (outside the language prefixes), so
its scope `/` covers every language: one worker, one set of caches, whichever language
the visitor switches to. Its code is the static file `js/migrants-sw.js`, preceded by a
line of settings (version, static URL, paths never to cache). Nothing here queries the
database except the tenant settings, which are cached.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_bidi, gettext
from django.views.decorators.http import require_GET

from apps.migrants.context import page_context
from apps.regions.selectors import tenant_settings_current

SW_SOURCE = "js/migrants-sw.js"
# Cached when the worker installs: what the offline page needs to look right (every
# migrant page loads these too, so they come from the browser's cache). A page's own
# stylesheets, scripts and icons are stored when it is opened (`prepare`, and the
# worker's cache-first rule for /static/), not on every first visit.
PRECACHE = (
    "css/micado.css",
    "css/migrants.css",
    "js/migrants-offline.js",
    "img/icon.svg",
)
# Paths (after the language prefix) the worker leaves alone: other apps, accounts and
# the personal space (private pages are never stored on the device).
NEVER_CACHE = ("pa/", "ngo/", "admin/", "accounts/", "i18n/", "jsi18n/", "me/", "feedback/")
NEVER_CACHE_ROOT = ("/api/", "/healthz", "/sw.js", "/media/private/")


def _read_static(name: str) -> bytes:
    path = finders.find(name)
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:  # collected (production)
        return handle.read()


@lru_cache(maxsize=1)
def offline_version() -> str:
    """`MICADO_OFFLINE_VERSION` if set, else a hash of the worker and the precached
    files: a new build (changed CSS, JS or worker) installs a new worker, which drops
    the old static caches."""
    configured = getattr(settings, "MICADO_OFFLINE_VERSION", "")
    if configured:
        return str(configured)
    digest = hashlib.sha256()
    for name in (SW_SOURCE, *PRECACHE):
        digest.update(name.encode())
        digest.update(_read_static(name))
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def _worker_source() -> bytes:
    return _read_static(SW_SOURCE)


def worker_config() -> dict:
    languages = [code for code, _name in settings.LANGUAGES]
    return {
        "version": offline_version(),
        "staticUrl": settings.STATIC_URL,
        "precache": [static(name) for name in PRECACHE] + [reverse("theme-css")],
        "languages": languages,
        "defaultLanguage": settings.LANGUAGE_CODE,
        "neverCache": [f"/{code}/{path}" for code in languages for path in NEVER_CACHE]
        + list(NEVER_CACHE_ROOT),
    }


@require_GET
def service_worker(request):
    """`/sw.js`: the worker, never cached by the browser so updates arrive at once."""
    body = (
        b"/* micado service worker; settings from the server: */\nself.MICADO = "
        + json.dumps(worker_config(), separators=(",", ":")).encode()
        + b";\n"
        + _worker_source()
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    """`/<lang>/manifest.webmanifest`: name and colours of the tenant, texts and start page
    in the page's language."""
    tenant = tenant_settings_current()
    name = tenant.display_name if tenant else settings.MICADO_SITE_NAME
    language = get_language()
    data = {
        "id": "/",
        "name": name,
        "short_name": name if len(name) <= 15 else name.split()[0][:15],
        "description": gettext(
            "Step-by-step help for newcomers: registration, health, housing, school, work."
        ),
        "lang": language,
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("migrants:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": tenant.primary_colour if tenant else "#005ea5",
        "icons": [
            {"src": static("img/app-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/app-icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/app-icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
def offline(request):
    """What the worker shows for a page that was never opened while online."""
    return render(request, "migrants/offline.html", page_context(request, nav=""))
