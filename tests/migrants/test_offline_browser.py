"""Offline reading and read aloud in headless Chromium: a process page opened once is
still readable offline, a topic kept on purpose too (with its glossary terms), a page
never opened shows the offline page in the visitor's language; the read-aloud button
speaks, or says that the device has no voice for the language."""

import pytest

from apps.content.mentions import mention_encode
from tests.browser.axe import region_cookie, require_browser, run_script

pytestmark = [pytest.mark.browser]


def run(config: dict) -> dict:
    return run_script("offline_check.mjs", config)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("lang", "voice"),
    [("en", None), ("ar", None), ("en", "en-GB"), ("ar", "ar-SA")],
    ids=["en-no-voice", "ar-no-voice", "en-voice", "ar-voice"],
)
def test_pages_stay_readable_offline_and_read_aloud_works(
    live_server, town, make_process, make_term, topic, lang, voice
):
    require_browser()
    term = make_term()
    first = make_process(3)
    second = make_process(
        4,
        title_en="Health insurance",
        title_ar="التأمين الصحي",
        description_en=f"<p>Bring your {mention_encode('g', term.pk, 'Residence')}.</p>",
        description_ar=f"<p>أحضر {mention_encode('g', term.pk, 'الإقامة')}.</p>",
    )
    # Service workers need a secure context: http://localhost is one, 127.0.0.1 too, but
    # use the name the browser treats as such everywhere.
    base = live_server.url.replace("127.0.0.1", "localhost")
    result = run(
        {
            "base": base,
            "process": f"/{lang}/processes/{first.pk}/",
            "topic": f"/{lang}/processes/?topic={topic.pk}",
            "kept": f"/{lang}/processes/{second.pk}/",
            "keptTerm": f"/{lang}/glossary/{term.pk}/",
            "unvisited": f"/{lang}/information/",
            "fakeVoice": voice,
            "cookies": region_cookie(base, town.code),
        }
    )
    assert result["errors"] == [], result
    assert result["foreignRequests"] == []
    assert result["controlled"] == {"scope": base + "/", "active": True}
    title = {"en": "Register your address", "ar": "تسجيل عنوان السكن"}[lang]
    assert result["title"] == title
    # Read aloud: one button for the introduction and one per step, and pressing it
    # either queues speech in the page's language or shows the "no voice" note.
    assert result["readAloudButtons"] == 1 + 3
    spoken = result["readAloud"]["spoken"]
    # Headless Chromium has no voices: the note; with a (stubbed) voice: speech.
    assert bool(spoken) is bool(voice or result["readAloud"]["voices"] > 0), result["readAloud"]
    if spoken:
        group = {"en": "Refugee", "ar": "لاجئ"}  # the introduction: who it concerns
        assert group[lang] in " ".join(s["text"] for s in spoken)
        assert all(s["lang"].lower().startswith(lang) for s in spoken)
        assert result["readAloud"]["pressed"] == "true"
        # The description exists only in German (a fallback) and there is no German
        # voice: the rest is read and the note says what cannot be.
        assert result["readAloud"]["note"]
    else:
        assert result["readAloud"]["note"], result["readAloud"]
        assert result["readAloud"]["pressed"] == "false"
    assert result["pressedAfterEscape"] == "false"
    # Kept for offline reading.
    assert result["keepStatus"] and "Not all pages" not in result["keepStatus"], result
    # Offline: the page opened once, reloaded, is still there, with its steps.
    assert result["offlineTitle"] == title
    assert result["offlineSteps"] == 3
    assert result["offlineBanner"] is True
    assert result["reloadedTitle"] == title
    # The kept topic: a guide never opened, and the glossary term it mentions.
    assert result["keptTitle"] == {"en": "Health insurance", "ar": "التأمين الصحي"}[lang]
    assert result["keptGlossaryLinks"] >= 1
    assert result["keptTermTitle"] == {"en": "Residence", "ar": "الإقامة"}[lang]
    # Never opened: the offline page in the visitor's language, listing saved pages.
    assert result["unvisitedLang"] == lang
    assert result["unvisitedTitle"] != ""
    if lang == "en":
        assert result["unvisitedTitle"] == "You are offline"
    assert any(title in entry for entry in result["savedList"]), result["savedList"]
