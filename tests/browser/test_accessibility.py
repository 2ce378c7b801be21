"""WCAG 2.1 AA (axe-core) on the foundation pages, in en, ar (right to left) and zh-hans,
at phone width, with no request to another host."""

import pytest

from tests.browser.axe import audit, session_cookie

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_have_no_wcag_violations(live_server):
    paths = [f"/{lang}/" for lang in ("en", "ar", "zh-hans")] + [
        "/ar/accounts/login/",
        "/en/accounts/signup/",
    ]
    results = audit([{"url": live_server.url + path} for path in paths])
    for url, result in results.items():
        assert result["status"] == 200, url
        assert result["finalUrl"] == url, "redirected"
        assert result["violations"] == [], (url, result["violations"])
        assert result["foreignRequests"] == [], url
        assert result["passes"] > 10, url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_shells_have_no_wcag_violations(live_server, role_client):
    pa = role_client("pa_admin")
    ngo = role_client("ngo_editor")
    results = audit(
        [
            {"url": live_server.url + "/ar/pa/", "cookies": session_cookie(pa, live_server.url)},
            {"url": live_server.url + "/en/ngo/", "cookies": session_cookie(ngo, live_server.url)},
        ]
    )
    for url, result in results.items():
        assert result["status"] == 200, url
        assert result["finalUrl"] == url, "redirected: the session did not reach the browser"
        assert result["violations"] == [], (url, result["violations"])
