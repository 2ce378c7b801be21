"""DeepL-compatible API: `POST /v2/translate` with `text` (a list), `source_lang`,
`target_lang`, `tag_handling=html` and the header `Authorization: DeepL-Auth-Key KEY`;
answers `{"translations": [{"text": ...}, ...]}`."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from apps.translations.providers.base import Provider, ProviderError


class DeepL(Provider):
    name = "deepl"
    label = _("DeepL")
    # DeepL's source codes; as a target, a few need a variant (below). No Dari and no
    # Urdu: jobs for prs and ur fail with "not offered" and say so.
    languages = {
        "ar": "AR",
        "zh-hans": "ZH",
        "nl": "NL",
        "en": "EN",
        "de": "DE",
        "it": "IT",
        "ru": "RU",
        "es": "ES",
        "uk": "UK",
    }
    target_variants = {"zh-hans": "ZH-HANS", "en": "EN-GB"}

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        payload = {
            "text": list(texts),
            "source_lang": self.code(source),
            "target_lang": self.target_variants.get(target) or self.code(target),
            "tag_handling": "html",
        }
        headers = {"Authorization": f"DeepL-Auth-Key {self.api_key}"} if self.api_key else {}
        answer = self._post("/v2/translate", json=payload, headers=headers)
        items = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ProviderError("garbage", "no translations")
        return self._strings([i.get("text") for i in items], len(texts))
