"""Machine translation providers, chosen by the operator in settings:

    MICADO_MT_PROVIDER = "" | "libretranslate" | "deepl"
    MICADO_MT_URL, MICADO_MT_API_KEY, MICADO_MT_TIMEOUT (seconds)

No provider: machine translation is off (`provider_get()` is None) and nothing leaves
the deployment.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from apps.translations.providers.base import Provider, ProviderError
from apps.translations.providers.deepl import DeepL
from apps.translations.providers.libretranslate import LibreTranslate

PROVIDERS: dict[str, type[Provider]] = {"libretranslate": LibreTranslate, "deepl": DeepL}

__all__ = ["PROVIDERS", "Provider", "ProviderError", "provider_get"]


def provider_get() -> Provider | None:
    name = (settings.MICADO_MT_PROVIDER or "").strip().lower()
    if not name:
        return None
    if name not in PROVIDERS:
        raise ImproperlyConfigured(
            f"MICADO_MT_PROVIDER={name!r} is not one of {sorted(PROVIDERS)} (or empty)."
        )
    if not settings.MICADO_MT_URL:
        raise ImproperlyConfigured(f"MICADO_MT_PROVIDER={name!r} needs MICADO_MT_URL.")
    return PROVIDERS[name](
        url=settings.MICADO_MT_URL,
        api_key=settings.MICADO_MT_API_KEY,
        timeout=float(settings.MICADO_MT_TIMEOUT),
    )
