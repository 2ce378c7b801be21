from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy from settings.MICADO_CSP on every response.

    Django 5.2 has no CSP support of its own (it arrives in 6.0); the policy is one
    header, so it does not need a dependency.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.MICADO_CSP
            and "Content-Security-Policy" not in response
            and not _policy_has_no_effect(request, response)
        ):
            response["Content-Security-Policy"] = settings.MICADO_CSP
        return response


# A policy governs documents and workers. On a stylesheet or a static script (loaded by
# a page, whose own policy applies) it does nothing but add 300 bytes to each download.
# Images keep it: an SVG opened on its own is a document. The worker (/sw.js) is not
# a static file and keeps it.
_SCRIPT_TYPES = ("text/javascript", "application/javascript")


def _policy_has_no_effect(request, response) -> bool:
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/css"):
        return True
    return request.path.startswith(settings.STATIC_URL) and content_type.startswith(_SCRIPT_TYPES)


class AcceptLanguageAliasMiddleware:
    """Map browser language tags that mean one of our languages (fa-AF means Dari).

    Runs before LocaleMiddleware, so a first visit follows the browser's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.aliases = {k.lower(): v for k, v in settings.MICADO_LANGUAGE_ALIASES.items()}

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header and self.aliases:
            parts = []
            for item in header.split(","):
                tag, sep, rest = item.strip().partition(";")
                alias = self.aliases.get(tag.strip().lower())
                parts.append(f"{alias}{sep}{rest}" if alias else item.strip())
            request.META["HTTP_ACCEPT_LANGUAGE"] = ",".join(parts)
        return self.get_response(request)


class LanguageCookieMiddleware:
    """Remember the language of the page the visitor opened.

    The language switcher is a list of links to the same page in each language (no
    form, so anonymous pages hold no CSRF token and can be cached for everyone). When a
    visitor opens a page under a language prefix (`/ar/...`) that differs from their
    language cookie, the cookie is set to it, as `set_language` would: the bare address
    `/` then leads to that language. Runs after LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code >= 400:
            return response
        name = settings.LANGUAGE_COOKIE_NAME
        code = get_language_from_path(request.path_info)
        if code and request.COOKIES.get(name) != code and name not in response.cookies:
            response.set_cookie(
                name,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class SignedInPrivateCacheMiddleware:
    """`Cache-Control: private, no-cache` on every response to a signed-in user.

    A page for a signed-in user holds their forms, their CSRF token, their saved guides:
    shared proxies must not store it, and the migrant app's service worker skips
    `private` responses. Responses that already say `private` or `no-store` are left
    alone. Only requests with a session cookie are looked at, so an anonymous visitor
    without one costs nothing (and never a query). Runs after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        current = response.get("Cache-Control", "")
        if "no-store" not in current and "private" not in current:
            patch_cache_control(response, private=True, no_cache=True)
        return response
