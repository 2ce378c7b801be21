"""LibreTranslate-compatible API: `POST /translate` with `q` (a list of texts), `source`,
`target`, `format=html` and `api_key`; answers `{"translatedText": [...]}`."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from apps.translations.providers.base import Provider, ProviderError


class LibreTranslate(Provider):
    name = "libretranslate"
    label = _("LibreTranslate")
    # Argos Translate's models (LibreTranslate 1.6+). It has no Dari: Persian (fa) is
    # the closest written standard and is used for prs.
    languages = {
        "ar": "ar",
        "zh-hans": "zh",
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

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        payload = {
            "q": list(texts),
            "source": self.code(source),
            "target": self.code(target),
            "format": "html",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._post("/translate", json=payload)
        if not isinstance(answer, dict) or "translatedText" not in answer:
            raise ProviderError("garbage", "no translatedText")
        value = answer["translatedText"]
        if isinstance(value, str) and len(texts) == 1:
            value = [value]
        return self._strings(value, len(texts))
