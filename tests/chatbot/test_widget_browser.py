"""The chat widget with JavaScript in headless Chromium, in Arabic (right to left) and
Chinese: the page loads only the small launcher; the panel opens from the keyboard,
answers through the API in a live region with links as buttons, has no axe-core
violations, and closes with Escape, giving focus back."""

import pytest

from apps.chatbot import index
from tests.browser.axe import region_cookie, require_browser, run_script
from tests.content.factories import ProcessFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("language", "question", "title", "direction"),
    [
        ("ar", "أين أقوم بتسجيل العنوان؟", "تسجيل العنوان (Anmeldung)", "rtl"),
        ("zh-hans", "怎么登记住址", "登记住址（Anmeldung）", "ltr"),
    ],
)
def test_chat_panel(live_server, municipality, language, question, title, direction):
    require_browser()
    index.clear_local()
    for other in ("Krankenversicherung", "Bankkonto eröffnen", "Schule"):
        ProcessFactory(region=municipality, title_de=other, title_ar=other, title_zh_hans=other)
    process = ProcessFactory(
        region=municipality,
        title_de="Wohnsitz anmelden (Anmeldung)",
        title_ar=title if language == "ar" else "",
        title_zh_hans=title if language == "zh-hans" else "",
        summary_ar="كل من ينتقل إلى شقة يجب أن يسجل خلال أسبوعين.",
        summary_zh_hans="搬进公寓的人必须在两周内登记。",
    )
    url = f"{live_server.url}/{language}/"
    seen = run_script(
        "chat_check.mjs",
        {
            "url": url,
            "cookies": region_cookie(live_server.url, municipality.code),
            "question": question,
        },
    )
    assert seen["dir"] == direction
    assert "/static/js/chat-launcher.js" in seen["beforeOpen"]
    assert not any(p.endswith(("/js/chat.js", "/css/chat.css")) for p in seen["beforeOpen"])
    assert seen["urlAfterOpen"] == url  # opened in place, not the chat page
    assert seen["focused"] == "chat-panel-input"
    assert seen["role"] == "dialog" and seen["liveRegion"] == "polite"
    assert seen["userText"] == question
    assert seen["replyText"].startswith(title)
    assert {"href": f"/{language}/processes/{process.pk}/", "text": title} in seen["replyLinks"]
    assert seen["stored"] == 2
    assert seen["violations"] == []
    assert seen["visibleAfterEscape"] is False and seen["focusedAfterEscape"] is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chat_page_without_javascript_has_no_wcag_violations(live_server):
    require_browser()
    from tests.browser.axe import audit

    results = audit([{"url": f"{live_server.url}/{lang}/chat/"} for lang in ("ar", "zh-hans")])
    for url, result in results.items():
        assert result["violations"] == [], url
        assert result["foreignRequests"] == [], url
