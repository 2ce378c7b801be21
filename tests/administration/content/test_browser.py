"""WCAG 2.1 AA (axe-core) on the PA authoring screens, in German and Arabic (right to left)."""

import pytest

from apps.content import services
from tests.browser.axe import audit, session_cookie

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_authoring_screens_have_no_wcag_violations(live_server, role_client, process_with_steps):
    process = process_with_steps(4)
    admin = role_client("pa_admin")
    services.item_submit(item=process, user=admin.user)
    cookies = session_cookie(admin, live_server.url)
    paths = [
        "/de/pa/content/process/",
        f"/de/pa/content/process/{process.pk}/",
        f"/ar/pa/content/process/{process.pk}/?lang=ar",
        f"/de/pa/content/process/{process.pk}/steps/",
        f"/ar/pa/content/process/{process.pk}/preview/",
        f"/de/pa/content/process/{process.pk}/revisions/",
        "/de/pa/content/moderation/",
        "/de/pa/content/event/new/",
    ]
    results = audit([{"url": live_server.url + path, "cookies": cookies} for path in paths])
    for url, result in results.items():
        assert result["status"] == 200, url
        assert result["finalUrl"] == url, "redirected"
        assert result["violations"] == [], (url, result["violations"])
        assert result["foreignRequests"] == [], url
