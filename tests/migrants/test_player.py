"""The audio player on migrant pages: with server audio, every text and every step gets a
player (an <audio controls preload="none"> with Opus and MP3 sources, which works without
JavaScript); without, the read-aloud button (the browser's voice). The files are served
with byte ranges. Real audio: espeak-ng renders it (skipped without it, failed in CI)."""

import pytest

from apps.speech import backends, services
from tests.speech.conftest import require_speech


@pytest.fixture
def speech(settings, tmp_path):
    require_speech()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MICADO_SPEECH_BACKENDS = {"default": "espeak-ng"}
    backends.reset()
    yield settings
    backends.reset()


@pytest.mark.parametrize("lang", ["ar", "en", "zh-hans"])
def test_process_page_has_a_player_for_the_introduction_and_every_step(
    speech, client, make_process, lang, django_capture_on_commit_callbacks
):
    process = make_process(3)
    before = client.get(f"/{lang}/processes/{process.pk}/").content.decode()
    assert "data-player" not in before and "player.js" not in before
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is outdated
        result = services.item_audio_render(
            model_label="content.process", item_id=process.pk, language=lang
        )
    assert len(result.rendered) == 4
    html = client.get(f"/{lang}/processes/{process.pk}/").content.decode()
    assert html.count('<div class="player"') == 4
    assert html.count('controls preload="none"') == 4
    assert html.count(f'<source src="/media/speech/{lang}/process-{process.pk}/') == 8
    assert html.count("js/player.js") == 1 and html.count("css/player.css") == 1
    assert 'type="audio/ogg; codecs=&quot;opus&quot;"' in html and 'type="audio/mpeg"' in html
    # Steps carry their own player, so the script adds no read-aloud button to them.
    step = process.steps.order_by("position").first()
    assert f'id="player-step-{step.pk}"' in html


def test_information_page_uses_the_player_with_audio_and_the_button_without(
    speech, client, town, organisation
):
    from tests.content.factories import InformationFactory

    item = InformationFactory(
        region=town, organisation=organisation, title_en="School system", title_de="Schule",
        summary_en="Children from 6 go to school.", summary_de="Kinder ab 6 gehen zur Schule.",
    )  # fmt: skip
    services.item_audio_render(model_label="content.information", item_id=item.pk, language="en")
    english = client.get(f"/en/information/{item.pk}/").content.decode()
    german = client.get(f"/de/information/{item.pk}/").content.decode()
    assert "data-player" in english and 'data-read-aloud="text-title' not in english
    assert "data-player" not in german and 'data-read-aloud="text-title' in german


def test_audio_files_are_served_with_byte_ranges(speech, client, town, organisation):
    from apps.speech.models import AudioRendition
    from tests.content.factories import GlossaryTermFactory

    term = GlossaryTermFactory(
        region=town,
        organisation=organisation,
        term_en="Residence",
        explanation_en="Where you live.",
    )
    services.item_audio_render(model_label="content.glossaryterm", item_id=term.pk, language="en")
    row = AudioRendition.objects.get(object_id=term.pk, format="opus")
    url = row.file.url
    full = client.get(url)
    assert full.status_code == 200 and full["Content-Type"] == "audio/ogg"
    body = b"".join(full.streaming_content)
    assert body[:4] == b"OggS" and len(body) == row.size
    part = client.get(url, HTTP_RANGE="bytes=10-99")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-99/{row.size}"
    assert part.content == body[10:100]
    assert client.get(url, HTTP_RANGE=f"bytes={row.size + 5}-").status_code == 416
    assert client.get("/media/speech/../../micado.sqlite3").status_code == 404
    assert client.get("/media/speech/en/x/secret.txt").status_code == 404
