"""Signal receivers, connected in TranslationsConfig.ready(). Thin: they call services."""

from __future__ import annotations

from typing import Any

from apps.translations import services


def on_source_text_changed(
    sender,
    *,
    item,
    revision,
    source_hash: str,
    user=None,
    minor: bool = False,
    snapshot=None,
    **kwargs: Any,
):
    """A content item's new revision, or a texts' change without revisions (an NGO profile:
    `revision` None, its `snapshot` given)."""
    services.states_outdate(
        item=item,
        source_hash=source_hash,
        snapshot=revision.snapshot if revision is not None else snapshot,
        user=user,
        minor=minor,
    )


def on_deleted(sender, *, instance, **kwargs: Any):
    """A deleted item, step or link (directly or by cascade) leaves no state behind."""
    services.states_delete_for(model=sender, pks=[instance.pk])
