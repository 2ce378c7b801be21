"""Signal receivers, connected in TranslationsConfig.ready(). Thin: they call services."""

from __future__ import annotations

from typing import Any

from apps.translations import services


def on_source_text_changed(sender, *, item, revision, source_hash: str, user=None, **kwargs: Any):
    services.states_outdate(
        item=item, source_hash=source_hash, snapshot=revision.snapshot, user=user
    )
