"""espeak-ng (Debian package `espeak-ng`): offline, a voice for each of the 11 languages.

Voices: see `VOICES`. Chinese uses `cmn-latn-pinyin`: the plain `cmn` voice reads the
tone numbers of its pinyin aloud. Dari has no voice of its own; it uses Persian (`fa`),
which Dari speakers understand (written Dari and Persian are the same script and
largely the same words). The WAV is written with `-w FILE`: the header of `--stdout`
carries a wrong length.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from django.conf import settings

from apps.speech.backends import BackendFailure, VoiceUnavailable

VOICES = {
    "ar": "ar",
    "zh-hans": "cmn-latn-pinyin",
    "prs": "fa",
    "nl": "nl",
    "en": "en",
    "de": "de",
    "it": "it",
    "ru": "ru",
    "es": "es",
    "uk": "uk",
    "ur": "ur",
}
TIMEOUT_SECONDS = 120


def binary() -> str | None:
    return shutil.which(getattr(settings, "MICADO_ESPEAK_BINARY", "espeak-ng"))


@cache
def engine_version(path: str) -> str:
    """'1.51' from 'eSpeak NG text-to-speech: 1.51  Data at: ...'."""
    out = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [path, "--version"], capture_output=True, text=True, timeout=10, check=False
    ).stdout
    found = re.search(r"text-to-speech:\s*(\S+)", out)
    return found.group(1) if found else out.strip()[:40]


@cache
def installed_voices(path: str) -> frozenset[str]:
    out = subprocess.run(  # noqa: S603
        [path, "--voices"], capture_output=True, text=True, timeout=10, check=False
    ).stdout
    names = set()
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5:
            names.add(parts[1].lower())  # language column: ar, cmn-latn-pinyin, en-gb ...
            names.add(parts[4].rsplit("/", 1)[-1].lower())  # file: gmw/en -> en
    return frozenset(names)


class EspeakBackend:
    name = "espeak-ng"

    def _binary(self) -> str:
        path = binary()
        if not path:
            raise VoiceUnavailable("espeak-ng is not installed")
        return path

    def voice(self, language: str) -> str:
        voice = getattr(settings, "MICADO_ESPEAK_VOICES", {}).get(language) or VOICES.get(language)
        if not voice or voice.lower() not in installed_voices(self._binary()):
            raise VoiceUnavailable(f"espeak-ng has no voice for {language!r}")
        return voice

    def version(self) -> str:
        return engine_version(self._binary())

    def synthesize(self, *, text: str, language: str, wav_path: Path) -> str:
        voice = self.voice(language)
        text_path = wav_path.with_suffix(".txt")
        text_path.write_text(text, encoding="utf-8")
        # -b 1: the input is UTF-8; -s: words per minute (espeak's default is 175).
        speed = str(getattr(settings, "MICADO_ESPEAK_WPM", 160))
        try:
            result = subprocess.run(  # noqa: S603
                [self._binary(), "-v", voice, "-b", "1", "-s", speed, "-f", str(text_path)]
                + ["-w", str(wav_path)],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:  # transient: the task retries
            raise TimeoutError(str(exc)) from exc
        if result.returncode != 0 or not wav_path.exists() or wav_path.stat().st_size <= 44:
            raise BackendFailure(result.stderr.decode(errors="replace")[:300] or "no audio")
        return voice
