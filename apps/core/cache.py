"""The content generation: one number in the cache that every write of what pages show
(content, regions and tenant settings, imports) changes.

It lives in core, below the domain apps, so that `regions` (the ground floor) can say
"pages are out of date" without knowing `content`; `content`, `regions`, the importers and
the migrant page cache all use it from here.

Pages that cache what they show put the generation in their cache keys
(`migrants.pages.process_page`), so the first request after an edit misses and reads the
database again: edits show up at once, and nothing has to know which cached entries
an edit touches (a glossary term or an office can appear on many pages).

`content_changed()` is called by every write in `content.services` and `regions.services`
and once at the end of every bulk import (importers, demo loaders). Inside a transaction
the bump waits for the commit: bumping earlier would let a concurrent request cache the
old rows under the new number.

The number lives in the default cache, so every process of the site must share it:
Redis in production (`REDIS_URL`). The local-memory cache (no `REDIS_URL`) is per
process, fine for `runserver` and tests, not for several gunicorn workers.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "content:generation"


def _fresh() -> int:
    # Larger than any number used before, even if the key was evicted or the cache
    # restarted: entries stored under an old generation are never found again.
    return time.time_ns()


def content_generation() -> int:
    """The current generation (one cache read)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value) if value is not None else _fresh()


def content_generation_bump() -> None:
    """Start a new generation now (callers normally want `content_changed`)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing: evicted, flushed or never read
        cache.set(GENERATION_KEY, _fresh(), timeout=None)


def content_changed(*, using: str | None = None) -> None:
    """Content was written: cached pages are out of date once the transaction commits
    (at once outside a transaction)."""
    transaction.on_commit(content_generation_bump, using=using)
