"""Signal receivers, connected in TranslationsConfig.ready(). Thin: they call services."""

from __future__ import annotations

from typing import Any

from apps.translations import services


def on_source_text_changed(
    sender, *, item, revision, source_hash: str, user=None, minor: bool = False, **kwargs: Any
):
    services.states_outdate(
        item=item, source_hash=source_hash, snapshot=revision.snapshot, user=user, minor=minor
    )


def on_deleted(sender, *, instance, **kwargs: Any):
    """A deleted item, step or link (directly or by cascade) leaves no state behind."""
    services.states_delete_for(model=sender, pks=[instance.pk])
