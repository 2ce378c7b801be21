"""Reach of NGO offers (docs/organisations.md): views counted in the cache, written to
`ViewCount` now and then.

A view is one `cache.incr` on the key of the item and month (Redis in production, where
`incr` is atomic; the local-memory cache in development and tests): no database write,
no cookie, nothing about the visitor. `view_counts_flush` moves the counts into
`ViewCount` (the beat task `content.flush_view_counts` every few minutes, and the NGO's
reach page before it reads): it reads each item's keys of this month and the last (of
every status: an offer archived after its views were counted keeps them; the pixel counts
only published items), adds what it read to the rows and takes exactly that much off the
keys (`decr`), so views counted while it runs are kept for the next flush and none is
counted twice. A key that expired between the read and the `decr` has nothing left to
take off; the flush goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

# Long enough for a key to outlive its month and be flushed in the next.
KEY_TIMEOUT = 70 * 24 * 3600
FLUSH_CHUNK = 500


def _month(when: datetime | None = None) -> date:
    return timezone.localdate(when).replace(day=1)


def view_key(model: type[models.Model], pk: int, month: date) -> str:
    meta = model._meta
    return f"reach:{meta.app_label}.{meta.model_name}:{pk}:{month:%Y%m}"


def view_count_record(*, model: type[models.Model], pk: int, when: datetime | None = None) -> None:
    """Count one view of item `pk` in the month of `when` (now): one cache increment."""
    key = view_key(model, pk, _month(when))
    try:
        cache.incr(key)
    except ValueError:  # the first view of the month: create the key, or add to a parallel one
        if not cache.add(key, 1, timeout=KEY_TIMEOUT):
            cache.incr(key)


def _months_to_flush(when: datetime | None = None) -> list[date]:
    this = _month(when)
    return [(this - timedelta(days=1)).replace(day=1), this]


def counted_kinds() -> dict[str, type[models.Model]]:
    """The kinds whose pages count views, by the slug in the counter's URL: the offers with
    a page of their own (NGO or PA), processes and glossary terms. NGOs see their offers'
    counts; the translators' queue puts the most viewed first."""
    from apps.content.fields import NGO_MODELS
    from apps.content.models import GlossaryTerm, Process

    kinds = {name: model for name, model in NGO_MODELS.items() if name != "comment"}
    return {**kinds, "process": Process, "glossary": GlossaryTerm}


def counted_models() -> list[type[models.Model]]:
    return list(counted_kinds().values())


def offer_models() -> list[type[models.Model]]:
    """The kinds an NGO's reach page shows (its offers with a page of their own)."""
    from apps.content.fields import NGO_MODELS

    return [model for name, model in NGO_MODELS.items() if name != "comment"]


def view_counts_flush(
    *,
    models_: Iterable[type[models.Model]] | None = None,
    organisation=None,
    when: datetime | None = None,
) -> int:
    """Move the counted views of the items of `models_` (default: the counted kinds) of
    `organisation` (or of every organisation) from the cache into `ViewCount`. Returns the
    number of views moved.

    One query per model for the items, one `get_many` per 500 keys, then per counted item
    and month one UPDATE (an INSERT for the first flush of a month)."""
    months = _months_to_flush(when)
    moved = 0
    for model in models_ if models_ is not None else counted_models():
        qs = model.objects.all()
        if organisation is not None:
            qs = qs.filter(organisation=organisation)
        pks = list(qs.values_list("pk", flat=True))
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model)
        keys = {view_key(model, pk, month): (pk, month) for pk in pks for month in months}
        names = list(keys)
        for start in range(0, len(names), FLUSH_CHUNK):
            found = cache.get_many(names[start : start + FLUSH_CHUNK])
            for key, value in found.items():
                if not value:
                    continue
                pk, month = keys[key]
                _add(content_type, pk, month, int(value))
                # Take off what was written: views counted meanwhile stay for the next flush.
                # ValueError: the key expired or was evicted since the read.
                with contextlib.suppress(ValueError):
                    cache.decr(key, int(value))
                moved += int(value)
    return moved


def _add(content_type: ContentType, pk: int, month: date, count: int) -> None:
    from apps.content.models import ViewCount

    rows = ViewCount.objects.filter(content_type=content_type, object_id=pk, month=month)
    if rows.update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            ViewCount.objects.create(
                content_type=content_type, object_id=pk, month=month, count=count
            )
    except IntegrityError:  # a parallel flush inserted the row: add to it
        rows.update(count=F("count") + count)
