# ruff: noqa: E501
"""Fixtures of the speech tests: texts in all 11 languages, a counting backend, a fake
gTTS endpoint on 127.0.0.1, and the espeak-ng gate (skip without it, fail in CI)."""

import os
import shutil
from pathlib import Path

import pytest

from apps.speech import backends

# One short guide text per language: a title and a sentence with a number.
TEXTS = {
    "ar": ("تسجيل عنوان السكن", "سجل عنوانك الجديد خلال 14 يوما في مكتب المواطنين."),
    "zh-hans": ("登记住址", "搬家后请在14天内到市民办公室登记新地址。"),
    "prs": ("ثبت نشانی", "نشانی جدید خود را در مدت 14 روز در دفتر شهروندان ثبت کنید."),
    "nl": ("Adres registreren", "Registreer uw nieuwe adres binnen 14 dagen bij het burgerbureau."),
    "en": (
        "Register your address",
        "Register your new address at the citizens' office within 14 days.",
    ),
    "de": (
        "Wohnsitz anmelden",
        "Melden Sie Ihre neue Adresse innerhalb von 14 Tagen beim Bürgeramt an.",
    ),
    "it": (
        "Registrare l'indirizzo",
        "Registra il tuo nuovo indirizzo entro 14 giorni presso l'ufficio anagrafe.",
    ),
    "ru": ("Регистрация адреса", "Зарегистрируйте новый адрес в бюро граждан в течение 14 дней."),
    "es": (
        "Registrar la dirección",
        "Registre su nueva dirección en la oficina ciudadana en un plazo de 14 días.",
    ),
    "uk": ("Реєстрація адреси", "Зареєструйте нову адресу в бюро громадян протягом 14 днів."),
    "ur": ("پتہ درج کروائیں", "اپنا نیا پتہ 14 دن کے اندر شہری دفتر میں درج کروائیں۔"),
}
LANGUAGES = list(TEXTS)
TOOLS = ("espeak-ng", "opusenc", "opusinfo", "lame", "sox")


def col(field: str, lang: str) -> str:
    return f"{field}_{lang.replace('-', '_')}"


def all_languages(field: str, index: int) -> dict:
    return {col(field, lang): texts[index] for lang, texts in TEXTS.items()}


def require_speech() -> None:
    """Skip without espeak-ng and the encoders; MICADO_REQUIRE_SPEECH=1 (CI) fails instead."""
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (Debian: espeak-ng opus-tools lame sox)"
    if os.environ.get("MICADO_REQUIRE_SPEECH"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def speech(settings, tmp_path):
    """espeak-ng for every language, renders inline, media in a fresh directory."""
    require_speech()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MICADO_SPEECH_QUEUE = "inline"
    settings.MICADO_SPEECH_BACKENDS = {"default": "espeak-ng"}
    backends.reset()
    yield settings
    backends.reset()


class CountingBackend:
    """espeak-ng that counts its calls (registered through settings, not patched in)."""

    name = "espeak-ng"
    calls: list = []

    def __init__(self):
        from apps.speech.backends.espeak import EspeakBackend

        self._real = EspeakBackend()

    def voice(self, language):
        return self._real.voice(language)

    def version(self):
        return self._real.version()

    def synthesize(self, *, text, language, wav_path: Path):
        CountingBackend.calls.append((language, text))
        return self._real.synthesize(text=text, language=language, wav_path=wav_path)


@pytest.fixture
def counting(speech):
    CountingBackend.calls = []
    speech.MICADO_SPEECH_BACKEND_CLASSES = {
        **speech.MICADO_SPEECH_BACKEND_CLASSES,
        "counting": "tests.speech.conftest.CountingBackend",
    }
    speech.MICADO_SPEECH_BACKENDS = {"default": "counting"}
    backends.reset()
    return CountingBackend.calls
