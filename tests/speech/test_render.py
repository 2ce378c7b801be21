"""Real audio in every language: espeak-ng renders, opusenc and lame encode, and the
files decode (opusinfo, lame --decode, Python's wave) with the expected format, sample
rate and a duration that fits the text."""

import subprocess
import wave

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from apps.speech import services
from apps.speech.models import AudioRendition
from tests.content.factories import InformationFactory, ProcessFactory, StepFactory
from tests.speech.conftest import LANGUAGES, TEXTS, all_languages


def info_in_all_languages():
    return InformationFactory(**all_languages("title", 0), **all_languages("summary", 1))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_gets_real_audio_that_decodes(speech, language, tmp_path):
    item = info_in_all_languages()
    result = services.item_audio_render(
        model_label="content.information", item_id=item.pk, language=language
    )
    assert result.rendered == ["item"]
    rows = {
        r.format: r for r in AudioRendition.objects.filter(object_id=item.pk, language=language)
    }
    assert set(rows) == {"opus", "mp3"}
    opus, mp3 = rows["opus"], rows["mp3"]
    assert opus.file.name.startswith(f"speech/{language}/information-{item.pk}/item-")
    assert opus.file.name.endswith(".opus") and mp3.file.name.endswith(".mp3")
    # A title and one sentence of 50-80 characters: a few seconds, not silence, not minutes.
    assert 2.0 < opus.duration < 20.0, opus.duration
    assert opus.size == (settings.MEDIA_ROOT / opus.file.name).stat().st_size
    info = subprocess.run(
        ["opusinfo", str(settings.MEDIA_ROOT / opus.file.name)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "type opus" in info and "Channels: 1" in info
    assert "Original sample rate: 22050 Hz" in info
    decoded = tmp_path / "decoded.wav"
    subprocess.run(
        ["lame", "--quiet", "--decode", str(settings.MEDIA_ROOT / mp3.file.name), str(decoded)],
        check=True,
    )
    with wave.open(str(decoded), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
        assert wav.getframerate() == 22050 and wav.getnchannels() == 1
    assert abs(seconds - opus.duration) < 0.5, (seconds, opus.duration)
    expected_voice = {"zh-hans": "cmn-latn-pinyin", "prs": "fa"}.get(language, language)
    assert opus.voice == expected_voice and opus.backend == "espeak-ng"


@pytest.mark.django_db
def test_longer_text_takes_longer(speech):
    short = info_in_all_languages()
    long = InformationFactory(title_de=TEXTS["de"][0], summary_de=" ".join([TEXTS["de"][1]] * 6))
    for item in (short, long):
        services.item_audio_render(
            model_label="content.information", item_id=item.pk, language="de"
        )
    durations = dict(
        AudioRendition.objects.filter(format="opus", language="de").values_list(
            "object_id", "duration"
        )
    )
    assert durations[long.pk] > 3 * durations[short.pk]


@pytest.mark.django_db
def test_a_process_has_audio_for_its_introduction_and_each_step(speech):
    process = ProcessFactory(title_en="Register your address", summary_en="Everyone must register.")
    steps = [StepFactory(process=process, title_en=f"Step title {i}", position=i) for i in range(3)]
    result = services.item_audio_render(
        model_label="content.process", item_id=process.pk, language="en"
    )
    assert sorted(result.rendered) == sorted(["item", *[f"step-{s.pk}" for s in steps]])
    ct = ContentType.objects.get_for_model(process)
    rows = AudioRendition.objects.filter(content_type=ct, object_id=process.pk, language="en")
    assert rows.count() == 2 * 4
    assert {r.step_id for r in rows} == {None, *[s.pk for s in steps]}


@pytest.mark.parametrize("fmt", ["opus", "mp3"])
def test_every_encoder_setting_enters_the_fingerprint(fmt, tmp_path, monkeypatch):
    """What the encoder is told beyond its input, output and --quiet is in `profile`,
    so changing any setting makes `render_audio` render again."""
    from apps.speech import audio

    monkeypatch.setattr(audio.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    command = audio.encoder_command(fmt, tmp_path / "in.wav", tmp_path / "out")
    settings_told = [a for a in command[1:-2] if a != "--quiet"]
    bitrate_flag = {"opus": "--bitrate", "mp3": "-b"}[fmt]
    kbps = settings_told.pop(settings_told.index(bitrate_flag) + 1)
    settings_told.remove(bitrate_flag)
    assert audio.profile(fmt) == " ".join([kbps, *settings_told])
    before = services.fingerprint(spoken="Hallo.", backend="b", voice="v", version="1", fmt=fmt)
    monkeypatch.setitem(audio.PROFILE, fmt, [*audio.PROFILE[fmt], "--another"])
    after = services.fingerprint(spoken="Hallo.", backend="b", voice="v", version="1", fmt=fmt)
    assert before != after
