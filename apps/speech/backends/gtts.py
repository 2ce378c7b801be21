"""gTTS: Google Translate's text-to-speech, online, when an operator configures it.

This speaks the same protocol as the `gTTS` package (the `jQ1olc` RPC of
`translate.google.<tld>/_/TranslateWebserverUi/data/batchexecute`, pieces of at most
100 characters, MP3 back as base64). The package itself cannot be installed next to
Celery 5.7: gTTS 2.5.4 (the latest) pins click<8.2, Celery needs click>=8.3.1. Its
host is fixed in its code; here it is `MICADO_GTTS_URL`, so tests point it at a fake
server on 127.0.0.1 and never reach the internet.

Never for Dari (`prs`): Google has no Dari voice (its `fa` is Iranian Persian), so
`voice("prs")` raises VoiceUnavailable and espeak-ng's Persian voice reads it.
Any failure (timeout, HTTP error, no audio in the answer) raises; the service falls
back to espeak-ng.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

from apps.speech.backends import BackendFailure, VoiceUnavailable

DEFAULT_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
RPC_ID = "jQ1olc"
# Our language codes as Google names them; Dari is missing on purpose.
LANGUAGES = {
    "ar": "ar",
    "zh-hans": "zh-CN",
    "nl": "nl",
    "en": "en",
    "de": "de",
    "it": "it",
    "ru": "ru",
    "es": "es",
    "uk": "uk",
    "ur": "ur",
}
PIECE = 100  # characters per request, as gTTS does
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')


def pieces(text: str, limit: int = PIECE) -> list[str]:
    """Sentences (one per line in prepared text) cut at spaces to at most `limit` chars."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            if cut < limit // 3:
                cut = limit
            out.append(line[:cut].strip())
            line = line[cut:].strip()
        if line:
            out.append(line)
    return out


def rpc_body(text: str, lang: str) -> bytes:
    parameter = json.dumps([text, lang, None, "null"], separators=(",", ":"))
    rpc = json.dumps([[[RPC_ID, parameter, None, "generic"]]], separators=(",", ":"))
    return f"f.req={urllib.parse.quote(rpc)}&".encode()


class GttsBackend:
    name = "gtts"

    def voice(self, language: str) -> str:
        if language not in LANGUAGES:
            raise VoiceUnavailable(f"gTTS has no voice for {language!r}")
        return LANGUAGES[language]

    def version(self) -> str:
        return "batchexecute-" + RPC_ID

    def _fetch(self, text: str, lang: str) -> bytes:
        url = getattr(settings, "MICADO_GTTS_URL", "") or DEFAULT_URL
        timeout = getattr(settings, "MICADO_GTTS_TIMEOUT", 10)
        request = urllib.request.Request(  # noqa: S310 - an https URL from the settings
            url,
            data=rpc_body(text, lang),
            headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                body = response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise BackendFailure(f"gTTS request failed: {exc}") from exc
        found = _AUDIO.search(body)
        if not found:
            raise BackendFailure("gTTS answered without audio")
        try:
            return base64.b64decode(found.group(1), validate=True)
        except ValueError as exc:
            raise BackendFailure("gTTS sent audio that is not base64") from exc

    def synthesize(self, *, text: str, language: str, wav_path: Path) -> str:
        lang = self.voice(language)
        mp3 = b"".join(self._fetch(piece, lang) for piece in pieces(text))
        if not mp3:
            raise BackendFailure("gTTS returned no audio")
        mp3_path = wav_path.with_suffix(".gtts.mp3")
        mp3_path.write_bytes(mp3)
        lame = shutil.which("lame")
        if not lame:
            raise VoiceUnavailable("lame is not installed (needed to decode gTTS's MP3)")
        result = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [lame, "--quiet", "--decode", str(mp3_path), str(wav_path)],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not wav_path.exists():
            raise BackendFailure("gTTS sent MP3 that does not decode")
        return lang
