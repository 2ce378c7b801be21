"""Reads of the speech app: the audio of a page (one query) and the coverage figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from apps.speech.models import MIME_TYPES, AudioRendition


def audio_key(obj) -> str:
    """ "process:12", "step:34": how pages look up the audio of a text."""
    return f"{obj._meta.model_name}:{obj.pk}"


class PageAudio(dict):
    """The audio of one page; `assets_included` is set by the first player rendered, which
    brings player.css and player.js (so pages without audio load neither)."""

    assets_included = False


def page_audio(items, language: str) -> PageAudio:
    """The audio of `items` (content items; a process brings its steps) in `language`:
    {audio_key: {"sources": [(url, mime type), ...], "duration": s, "backend", "voice"}},
    Opus first (smaller), then MP3 for browsers without Opus. One query."""
    condition = Q()
    for item in items:
        if item is None or item.pk is None:
            continue
        condition |= Q(
            content_type__app_label=item._meta.app_label,
            content_type__model=item._meta.model_name,
            object_id=item.pk,
        )
    if not condition:
        return PageAudio()
    rows = (
        AudioRendition.objects.filter(condition, language=language)
        .select_related("content_type")
        .order_by("step_id", "-format")  # "opus" before "mp3"
    )
    out = PageAudio()
    for row in rows:
        key = f"step:{row.step_id}" if row.step_id else f"{row.content_type.model}:{row.object_id}"
        entry = out.setdefault(
            key,
            {"sources": [], "duration": row.duration, "backend": row.backend, "voice": row.voice},
        )
        entry["sources"].append((row.file.url, MIME_TYPES[row.format]))
    return out


@dataclass
class CoverageRow:
    item: object
    label: str
    languages: dict = field(default_factory=dict)  # code -> {"seconds", "current"}


def coverage(*, region_ids: list[int], languages: list[str]) -> list[CoverageRow]:
    """Published items of the regions with, per language, the seconds of audio and
    whether it is current (checked since the item last changed). One query per kind of
    item and one for the renditions."""
    from apps.content.models import Status
    from apps.speech.services import SPEAKABLE, item_languages

    rows: list[CoverageRow] = []
    by_key: dict[tuple[int, int], CoverageRow] = {}
    types = ContentType.objects.get_for_models(*[django_apps.get_model(x) for x in SPEAKABLE])
    for model, content_type in types.items():
        items = model.objects.filter(status=Status.PUBLISHED, region_id__in=region_ids)
        for item in items.order_by("pk"):
            row = CoverageRow(item=item, label=str(model._meta.verbose_name))
            for code in item_languages(item):
                if code in languages:
                    row.languages[code] = {"seconds": 0.0, "current": None}
            rows.append(row)
            by_key[(content_type.pk, item.pk)] = row
    seconds: dict = defaultdict(float)
    current: dict = {}
    renditions = AudioRendition.objects.filter(
        format="opus", content_type_id__in=[ct.pk for ct in types.values()]
    ).values_list("content_type_id", "object_id", "language", "duration", "checked_at")
    for ct_id, object_id, code, duration, checked_at in renditions:
        row = by_key.get((ct_id, object_id))
        if row is None or code not in row.languages:
            continue
        seconds[(ct_id, object_id, code)] += duration
        fresh = checked_at >= row.item.updated_at
        key = (ct_id, object_id, code)
        current[key] = fresh and current.get(key, True)
    for (ct_id, object_id), row in by_key.items():
        for code, cell in row.languages.items():
            cell["seconds"] = round(seconds.get((ct_id, object_id, code), 0.0))
            cell["current"] = current.get((ct_id, object_id, code))
    return rows
