"""Benchmark of the speech worker (apps/speech, docs/speech.md).

1. Throughput per backend: seconds of audio produced per CPU second (this process and
   its child processes: the engine and both encoders), for espeak-ng and for the gTTS
   backend against a fake endpoint on 127.0.0.1 (tests/speech/test_gtts.py's, which
   answers with a real MP3), synthesis and encoding to Opus and MP3 included.
2. The whole demo municipality (`manage.py load_demo` into an empty temporary SQLite
   database): `render_audio --region 06999001` (Lindenfeld: its items and those of the
   regions above it) in all 11 languages with two worker processes; wall time, CPU time,
   seconds of audio. Then a second run, which must find everything current (no work).
3. Where that time goes: every second text of the demo again, each stage on its own (espeak-ng,
   opusenc, lame, with the settings of apps/speech/audio.py), CPU seconds per second of
   audio; and the floor those three stages alone put under the demo's wall time on this
   machine's cores, before any Python, database or file work.

Goal: the demo municipality in under 60 s on this machine's 2 cores.
Run alone: `.venv/bin/python bench/bench_speech.py` (or `make bench`).
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="micado-bench-speech-")
os.environ["DJANGO_SETTINGS_MODULE"] = "micado.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["MICADO_VAR_DIR"] = TMP  # media (audio files) under it too
os.environ.pop("REDIS_URL", None)

REGION = os.environ.get("BENCH_SPEECH_REGION", "06999001")  # Lindenfeld
WORKERS = int(os.environ.get("BENCH_SPEECH_WORKERS", "2"))
GOAL_SECONDS = 60.0
SAMPLE = {
    "de": "Melden Sie Ihre neue Adresse innerhalb von vierzehn Tagen beim Bürgeramt an. "
    "Bringen Sie Ihren Pass und die Bestätigung des Vermieters mit.",
    "ar": "سجل عنوانك الجديد خلال أربعة عشر يوما في مكتب المواطنين. أحضر جواز سفرك.",
    "en": "Register your new address at the citizens' office within fourteen days. "
    "Bring your passport and the landlord's confirmation.",
}


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def throughput(backend_name: str, rounds: int = 3) -> tuple[float, float]:
    """(seconds of audio, CPU seconds) to synthesise and encode SAMPLE `rounds` times."""
    from apps.speech import audio
    from apps.speech.backends import backend_for, reset
    from apps.speech.services import FORMATS

    reset()
    backend = backend_for("de")
    assert backend.name == backend_name, backend.name
    produced, start = 0.0, cpu()
    for _ in range(rounds):
        for language, text in SAMPLE.items():
            with tempfile.TemporaryDirectory(dir=TMP) as tmp:
                wav = Path(tmp) / "s.wav"
                backend.synthesize(text=text, language=language, wav_path=wav)
                produced += audio.wav_duration(wav)
                outputs = {fmt: Path(tmp) / f"s.{fmt}" for fmt in FORMATS}
                audio.encode(wav, outputs)
    return produced, cpu() - start


def stages(region_ids: list[int], every: int = 2) -> dict[str, float]:
    """CPU seconds per second of audio of each stage, over every `every`-th text of the
    region in all languages: synthesis, then each encoder alone on the same WAV."""
    import subprocess

    from django.apps import apps as django_apps

    from apps.speech import audio, services
    from apps.speech.backends import backend_for
    from apps.speech.models import SUFFIXES

    spent = {"espeak-ng": 0.0, **dict.fromkeys(services.FORMATS, 0.0)}
    produced, seen = 0.0, 0
    for label, pk, language in services.render_jobs(region_ids=region_ids):
        item = django_apps.get_model(label).objects.get(pk=pk)
        for part in services.spoken_parts(item, language):
            seen += 1
            if not part.text or seen % every:
                continue
            with tempfile.TemporaryDirectory(dir=TMP) as tmp:
                wav = Path(tmp) / "s.wav"
                before = cpu()
                backend_for(language).synthesize(text=part.text, language=language, wav_path=wav)
                spent["espeak-ng"] += cpu() - before
                produced += audio.wav_duration(wav)
                for fmt in services.FORMATS:
                    command = audio.encoder_command(fmt, wav, Path(tmp) / f"s.{SUFFIXES[fmt]}")
                    before = cpu()
                    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
                    spent[fmt] += cpu() - before
    return {"audio": produced, **{stage: used / produced for stage, used in spent.items()}}


def main() -> int:
    missing = [t for t in ("espeak-ng", "opusenc", "lame", "sox") if not shutil.which(t)]
    if missing:
        print(f"skipped: needs {', '.join(missing)} (Debian: espeak-ng opus-tools lame sox)")
        return 0
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from apps.speech.models import AudioRendition

    settings.MICADO_SPEECH_QUEUE = "off"  # loading the demo queues nothing
    print("== throughput per backend (synthesis + Opus + MP3)")
    settings.MICADO_SPEECH_BACKENDS = {"default": "espeak-ng"}
    audio_s, cpu_s = throughput("espeak-ng")
    print(f"espeak-ng: {audio_s:7.1f} s of audio in {cpu_s:5.2f} CPU s = "
          f"{audio_s / cpu_s:6.1f} s of audio per CPU second")  # fmt: skip
    from tests.speech.test_gtts import Fake, mp3_of_a_tone

    fake = Fake("ok", mp3_of_a_tone(Path(TMP)))
    try:
        settings.MICADO_GTTS_URL = fake.url
        settings.MICADO_SPEECH_BACKENDS = {"default": "gtts"}
        audio_s, cpu_s = throughput("gtts")
    finally:
        fake.close()
    print(f"gtts (fake endpoint on 127.0.0.1, {len(fake.requests)} requests; its audio is a "
          f"2-s tone per request): {audio_s:7.1f} s of audio in {cpu_s:5.2f} CPU s = "
          f"{audio_s / cpu_s:6.1f} s of audio per CPU second")  # fmt: skip
    settings.MICADO_SPEECH_BACKENDS = {"default": "espeak-ng"}
    from apps.speech.backends import reset

    reset()

    print(f"== render_audio --region {REGION} --workers {WORKERS}, all languages")
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    start_wall, start_cpu = time.perf_counter(), cpu()
    call_command("render_audio", region=REGION, workers=WORKERS, quiet=True)
    wall, used = time.perf_counter() - start_wall, cpu() - start_cpu
    rows = AudioRendition.objects.filter(format="opus")
    seconds = sum(rows.values_list("duration", flat=True))
    languages = sorted(set(rows.values_list("language", flat=True)))
    print(f"{rows.count()} Opus files (and as many MP3) in {len(languages)} languages, "
          f"{seconds:.0f} s of audio: {wall:.1f} s wall, {used:.1f} CPU s "
          f"({seconds / used:.0f} s of audio per CPU second)")  # fmt: skip
    start_wall = time.perf_counter()
    call_command("render_audio", region=REGION, workers=WORKERS, quiet=True)
    again = time.perf_counter() - start_wall
    print(f"second run (everything current, no synthesis): {again:.1f} s wall")

    from apps.regions.models import Region
    from apps.regions.selectors import region_ancestor_ids

    cost = stages(region_ancestor_ids(Region.objects.get(code=REGION)))
    per_second = sum(v for k, v in cost.items() if k != "audio")
    print(f"== where the time goes (every 2nd text of the demo, all languages: "
          f"{cost['audio']:.0f} s of audio; each stage alone, "
          f"CPU ms per second of audio)")  # fmt: skip
    for stage in ("espeak-ng", "opus", "mp3"):
        print(f"{stage:>10}: {cost[stage] * 1000:5.2f}")
    print(f"{'together':>10}: {per_second * 1000:5.2f}; the whole render above: "
          f"{used / seconds * 1000:5.2f} (the rest of a render, Python, database and files, "
          f"is about the difference; half the texts are not quite the average)")  # fmt: skip
    cores = os.cpu_count() or 1
    print(f"floor for the demo's {seconds:.0f} s of audio on {cores} cores, the three stages "
          f"alone: {seconds * per_second / cores:.0f} s wall; without Opus: "
          f"{seconds * (per_second - cost['opus']) / cores:.0f} s; without MP3: "
          f"{seconds * (per_second - cost['mp3']) / cores:.0f} s")  # fmt: skip
    ok = wall < GOAL_SECONDS
    print(f"goal {GOAL_SECONDS:.0f} s on {os.cpu_count()} cores: {'ok' if ok else 'MISSED'}")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
