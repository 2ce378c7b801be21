"""Reads of the speech app: the audio of a page (one query) and the coverage figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from apps.speech.models import MIME_TYPES, AudioFormat, AudioRendition


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
    kind: str  # "process", "information", ...
    label: str  # the kind's name ("process")
    title: str
    languages: dict = field(default_factory=dict)  # code -> {"seconds", "current"}
    cells: list = field(default_factory=list)  # [(code, cell or None)] in the page's order


@dataclass
class CoverageTotal:
    language: str
    items: int = 0  # published items written in the language
    current: int = 0  # ... whose audio is current
    outdated: int = 0  # ... with audio older than the item's last change
    missing: int = 0  # ... without audio
    seconds: float = 0.0  # seconds of audio (Opus; the MP3 says the same)


def coverage_regions_q(user) -> Q:
    """The regions whose content `user` sees on the coverage page: of each of their PA
    grants, that region and the regions below it (no query: the grants are cached)."""
    from apps.accounts.roles import OrganisationKind
    from apps.accounts.selectors import user_role_grants
    from apps.regions.selectors import region_within_q

    match = Q(pk__in=[])
    for grant in user_role_grants(user):
        if grant.organisation_kind == OrganisationKind.PUBLIC_AUTHORITY:
            match |= region_within_q(ancestor_id=grant.region_id, ancestor_code=grant.region_code)
    return match


def coverage(*, region_q: Q, languages: list[str]) -> tuple[list[CoverageRow], list[CoverageTotal]]:
    """Published items of the regions matched by `region_q` (a filter on `region`) with,
    per language they are written in, the seconds of audio (the item and, for a process,
    its steps) and whether it is current: every part checked by a render since the item
    last changed with the engine settings in force (`current` True), audio older than
    that or made with other settings (False), none (None). Totals per
    language. One query per kind of item and one for the renditions, whatever the count."""
    from apps.content.models import Status
    from apps.speech.services import SPEAKABLE, item_languages, settings_outdated

    rows: list[CoverageRow] = []
    by_key: dict[tuple[int, int], CoverageRow] = {}
    types = ContentType.objects.get_for_models(*[django_apps.get_model(x) for x in SPEAKABLE])
    renditions_q = Q(pk__in=[])
    for label in SPEAKABLE:
        model = django_apps.get_model(label)
        content_type = types[model]
        published = model.objects.filter(region_q, status=Status.PUBLISHED)
        renditions_q |= Q(content_type=content_type, object_id__in=published.values("pk"))
        for item in published.order_by("pk"):
            row = CoverageRow(
                item=item,
                kind=model._meta.model_name,
                label=str(model._meta.verbose_name),
                title=str(item),
            )
            for code in item_languages(item):
                if code in languages:
                    row.languages[code] = {"seconds": 0.0, "current": None}
            rows.append(row)
            by_key[(content_type.pk, item.pk)] = row
    seconds: dict = defaultdict(float)
    current: dict = {}
    outdated = settings_outdated(languages)
    renditions = AudioRendition.objects.filter(renditions_q).values_list(
        "content_type_id", "object_id", "language", "format", "duration", "checked_at",
        "engine_settings",
    )  # fmt: skip
    for ct_id, object_id, code, fmt, duration, checked_at, made_with in renditions:
        row = by_key.get((ct_id, object_id))
        if row is None or code not in row.languages:
            continue
        key = (ct_id, object_id, code)
        if fmt == AudioFormat.OPUS:  # the seconds once, not per format
            seconds[key] += duration
        fresh = checked_at >= row.item.updated_at and not outdated(code, fmt, made_with)
        current[key] = fresh and current.get(key, True)
    totals = {code: CoverageTotal(language=code) for code in languages}
    for (ct_id, object_id), row in by_key.items():
        for code, cell in row.languages.items():
            key = (ct_id, object_id, code)
            cell["seconds"] = round(seconds.get(key, 0.0), 1)
            cell["current"] = current.get(key)
            total = totals[code]
            total.items += 1
            total.seconds += seconds.get(key, 0.0)
            if cell["current"] is None:
                total.missing += 1
            elif cell["current"]:
                total.current += 1
            else:
                total.outdated += 1
    for row in rows:
        row.cells = [(code, row.languages.get(code)) for code in languages]
    for total in totals.values():
        total.seconds = round(total.seconds, 1)
    return rows, list(totals.values())
