"""Speech engines behind one small interface, chosen per language in settings.

    MICADO_SPEECH_BACKENDS = {"default": "espeak-ng", "de": "gtts"}
    MICADO_SPEECH_BACKEND_CLASSES = {"espeak-ng": "apps.speech.backends.espeak.EspeakBackend", ...}

A backend turns prepared text (apps/speech/text.py) into a WAV file. It says which voice
it uses for a language (`voice`, raising VoiceUnavailable when it has none) and the
version of its engine (`version`): both go into a rendition's fingerprint, so a new
voice or engine renders again. A failing online backend falls back to
`MICADO_SPEECH_FALLBACK_BACKEND` (espeak-ng).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SpeechError(Exception):
    """Rendering failed for a reason retrying will not fix."""


class VoiceUnavailable(SpeechError):
    """The backend has no voice for the language (or its engine is not installed)."""


class BackendFailure(SpeechError):
    """The backend answered with an error or nothing usable (an online service)."""


class Backend(Protocol):
    name: str

    def voice(self, language: str) -> str: ...

    def version(self) -> str: ...

    def synthesize(self, *, text: str, language: str, wav_path: Path) -> str:
        """Write `text` spoken in `language` as a WAV file to `wav_path`; return the voice."""
        ...


@cache
def _instance(name: str) -> Backend:
    classes = settings.MICADO_SPEECH_BACKEND_CLASSES
    if name not in classes:
        raise VoiceUnavailable(f"unknown speech backend {name!r}")
    return import_string(classes[name])()


def backend_for(language: str) -> Backend:
    """The backend configured for `language` (else the "default" one)."""
    chosen = settings.MICADO_SPEECH_BACKENDS
    return _instance(chosen.get(language) or chosen.get("default", "espeak-ng"))


def fallback_backend() -> Backend:
    return _instance(getattr(settings, "MICADO_SPEECH_FALLBACK_BACKEND", "espeak-ng"))


def reset() -> None:
    """Forget backend instances (tests that change the settings call it)."""
    _instance.cache_clear()
