"""The interface of a machine translation provider and its errors.

A provider translates a batch of texts from one language into another. Texts are HTML
in which every protected placeholder is an empty `<x id="N"/>` element (see
placeholders.to_html): the provider translates the words and keeps the elements.
Languages are the platform's codes; each provider maps them to its own and says which
it cannot do.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from django.utils.translation import gettext_lazy as _


class ProviderError(Exception):
    """The provider did not deliver a usable translation. `code` names the reason for the
    job's message (see machine_services.MESSAGES), `detail` is technical (HTTP status)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Provider:
    name = ""
    label = _("Machine translation")
    # The platform's language -> the provider's code; a language missing here cannot be
    # translated from or into with this provider.
    languages: dict[str, str] = {}

    def __init__(self, *, url: str, api_key: str = "", timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def supports(self, language: str) -> bool:
        return language in self.languages

    def code(self, language: str) -> str:
        try:
            return self.languages[language]
        except KeyError:
            raise ProviderError("language", language) from None

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        raise NotImplementedError

    def _post(self, path: str, *, json: dict, headers: dict | None = None) -> object:
        """POST and decode the JSON answer; every failure becomes a ProviderError."""
        try:
            with httpx.Client(timeout=self.timeout) as client:
                response = client.post(f"{self.url}{path}", json=json, headers=headers or {})
        except httpx.TimeoutException as exc:
            raise ProviderError("timeout", str(self.timeout)) from exc
        except httpx.HTTPError as exc:
            raise ProviderError("unreachable", type(exc).__name__) from exc
        if response.status_code in (401, 403):
            raise ProviderError("refused", str(response.status_code))
        if response.status_code == 429 or response.status_code == 456:
            raise ProviderError("quota", str(response.status_code))
        if response.status_code >= 400:
            raise ProviderError("http", str(response.status_code))
        try:
            return response.json()
        except ValueError as exc:
            raise ProviderError("garbage", "not JSON") from exc

    @staticmethod
    def _strings(value: object, count: int) -> list[str]:
        if not isinstance(value, list) or len(value) != count:
            raise ProviderError("garbage", "wrong number of texts")
        if not all(isinstance(v, str) for v in value):
            raise ProviderError("garbage", "not text")
        return value
