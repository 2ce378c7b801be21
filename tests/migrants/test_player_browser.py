"""The server audio of a step on the Arabic process page, in headless Chromium, with the
keyboard alone (Tab to the player, Enter plays, Space pauses, arrows change the speed);
then, after "keep this topic", offline: the kept guide's step audio still plays, served
by the service worker from the stored file (byte ranges answered from it)."""

import pytest

from apps.speech import backends, services
from tests.browser.axe import region_cookie, require_browser, run_script
from tests.speech.conftest import require_speech

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_step_audio_plays_with_the_keyboard_online_and_offline(
    live_server, settings, tmp_path, town, make_process, topic
):
    require_browser()
    require_speech()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MICADO_SPEECH_BACKENDS = {"default": "espeak-ng"}
    backends.reset()
    first = make_process(3)
    kept = make_process(2, title_ar="التأمين الصحي", title_en="Health insurance")
    for process in (first, kept):
        result = services.item_audio_render(
            model_label="content.process", item_id=process.pk, language="ar"
        )
        assert len(result.rendered) == 1 + process.steps.count()
    step = first.steps.order_by("position", "pk")[1]
    kept_step = kept.steps.order_by("position", "pk")[0]
    base = live_server.url.replace("127.0.0.1", "localhost")  # a secure context
    seen = run_script(
        "player_check.mjs",
        {
            "base": base,
            "process": f"/ar/processes/{first.pk}/",
            "player": f"player-step-{step.pk}",
            "topic": f"/ar/processes/?topic={topic.pk}",
            "kept": f"/ar/processes/{kept.pk}/",
            "keptPlayer": f"player-step-{kept_step.pk}",
            "cookies": region_cookie(base, town.code),
        },
    )
    backends.reset()
    assert seen["errors"] == [], seen
    assert seen["foreignRequests"] == []
    assert seen["dir"] == "rtl"
    assert seen["audioBeforePlay"] == 0, "audio loads only when asked for"
    assert seen["tabs"] > 0, "the player is reached with Tab"
    online = seen["online"]
    assert online["playingEvent"] and online["currentTime"] > 0.5, online
    assert f"/media/speech/ar/process-{first.pk}/step-{step.pk}-" in online["currentSrc"]
    assert online["currentSrc"].endswith(".opus"), online  # Chromium plays Opus
    assert online["pressed"] == "true" and online["note"] == ""
    assert online["nativeControlsHidden"]
    assert seen["pausedBySpace"] is True
    assert "player-rate" in seen["speedFocused"]
    assert seen["rate"] != 1
    # Kept: the guide and the audio files of its texts (Opus and MP3 of each).
    assert seen["keepStatus"] and "Not all pages" not in seen["keepStatus"], seen
    kept_files = [p for p in seen["keptAudio"] if f"/process-{kept.pk}/" in p]
    assert len(kept_files) == 2 * (1 + kept.steps.count()), seen["keptAudio"]
    # Offline (the browser's HTTP cache emptied): the service worker cuts byte ranges
    # from the stored file, and the audio plays from the device.
    probe = seen["rangeProbe"]
    assert probe["status"] == 206 and probe["length"] == 100, probe
    assert probe["range"].startswith("bytes 10-109/"), probe
    assert seen["offlineTitle"] == "التأمين الصحي"
    assert seen["offlineTabs"] > 0
    offline = seen["offline"]
    assert offline["playingEvent"] and offline["currentTime"] > 0.5, offline
    assert f"/media/speech/ar/process-{kept.pk}/step-{kept_step.pk}-" in offline["currentSrc"]
    assert offline["note"] == ""
    ranged = [r for r in seen["offlineAudioRequests"] if r["range"]]
    assert ranged, seen["offlineAudioRequests"]  # the element asked for a byte range
