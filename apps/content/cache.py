"""Moved to apps/core/cache.py (the generation sits below the domain apps); this name
stays for code not yet updated. Import from apps.core.cache."""

from apps.core.cache import (  # noqa: F401
    GENERATION_KEY,
    content_changed,
    content_generation,
    content_generation_bump,
)
