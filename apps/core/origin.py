"""A POST endpoint without a CSRF token, for forms on pages shared by every visitor.

`same_origin_post` exempts a view from Django's CSRF token check (the page that shows
the form is cached for all anonymous visitors, so it cannot hold a per-visitor token)
but keeps the part of the check that needs no token: a browser that says where the
request comes from (`Origin`, `Sec-Fetch-Site`) must say this site. Browsers send
`Origin` on every cross-site form POST, so a page elsewhere cannot submit the form in a
visitor's name; a client that sends neither header (old browsers, scripts) could
submit the form directly anyway, token or not. Use it only for endpoints whose effect
does not depend on who the visitor is: see the reasoning at each use.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt


def origin_allowed(request) -> bool:
    if request.META.get("HTTP_SEC_FETCH_SITE", "") == "cross-site":
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    own = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def same_origin_post(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS") and not origin_allowed(request):
            return HttpResponseForbidden(
                gettext("This form can only be sent from this site."),
                content_type="text/plain; charset=utf-8",
            )
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
