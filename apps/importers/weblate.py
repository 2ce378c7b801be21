"""Import of MICADO's Weblate exchange files as translations of imported items.

A file `<component>.<lang>.json` (e.g. `process.nl.json`) holds
`{"<MICADO id>.<column>": "text"}`; the component names a MICADO table, the
column one of its translated columns. Items are found by their external
reference (`external_source` "micado:<region code>", `external_id` the MICADO
id), so the dump must have been imported first. Files may be given one by one,
as directories, or as the .tar.gz archive Weblate exports. Everything is written
in one transaction; keys that cannot be mapped are listed with file and line.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.content import services
from apps.content.fields import rich_fields
from apps.content.models import (
    Comment,
    ContentItem,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Process,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.core.cache import content_changed
from apps.importers.micado import (
    LANGUAGE_MAP,
    MENTION_MODELS,
    ImportFailed,
    plain_text,
    remap_mentions,
    rich_text,
)
from apps.regions.models import Region

# component -> (model, external id prefix, {MICADO column: our translated field}); which
# fields hold rich text is the registry's (apps/content/fields.py, rich_fields).
COMPONENTS: dict[str, tuple[type[models.Model], str, dict[str, str]]] = {
    "process": (Process, "", {"process": "title", "description": "description"}),
    "step": (Step, "", {"step": "title", "description": "description"}),
    "step_link": (StepLink, "", {"description": "label"}),
    "glossary": (
        GlossaryTerm,
        "",
        {"title": "term", "description": "explanation"},
    ),
    "information": (
        Information,
        "",
        {"information": "title", "description": "body"},
    ),
    "event": (Event, "", {"event": "title", "description": "description"}),
    "document_type": (
        DocumentType,
        "",
        {"document": "name", "description": "description"},
    ),
    "comments": (Comment, "", {"comment": "text"}),
    "topic": (Topic, "", {"topic": "name"}),
    "event_category": (Topic, "event_category:", {"event_category": "name"}),
    "information_category": (
        Topic,
        "information_category:",
        {"information_category": "name"},
    ),
    "event_tag": (Topic, "event_tag:", {"tag": "name"}),
    "information_tag": (Topic, "information_tag:", {"tag": "name"}),
    "user_types": (
        UserType,
        "",
        {"user_type": "name", "description": "description"},
    ),
}
_FILE_NAME = re.compile(r"^(?P<component>[a-z_]+)\.(?P<lang>[A-Za-z_-]+)\.json$")


@dataclass
class WeblateProblem:
    file: str
    line: int
    key: str
    message: str


@dataclass
class WeblateResult:
    files: int = 0
    keys: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[WeblateProblem] = field(default_factory=list)
    items_changed: int = 0

    @property
    def changed(self) -> bool:
        return self.updated > 0


def _sources(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """(name, JSON text) of every Weblate file in the given files, directories, archives."""
    found: list[tuple[str, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*.json")):
                found.append((str(child), child.read_text(encoding="utf-8")))
        elif path.name.endswith((".tar.gz", ".tgz", ".tar")):
            with tarfile.open(path) as archive:
                for member in sorted(archive.getmembers(), key=lambda m: m.name):
                    if member.isfile() and member.name.endswith(".json"):
                        data = archive.extractfile(member).read().decode("utf-8")
                        found.append((f"{path.name}:{member.name}", data))
        elif path.exists():
            found.append((str(path), path.read_text(encoding="utf-8")))
        else:
            raise ImportFailed(_("There is no file or directory %(path)s.") % {"path": path})
    return found


def _line_of(text: str, key: str) -> int:
    index = text.find(json.dumps(key))
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def weblate_import(paths: Iterable[str | Path], *, region: Region) -> WeblateResult:
    """Write the translations in the Weblate files onto items imported into `region`."""
    source = f"micado:{region.code}"[:60]
    result = WeblateResult()
    try:
        files = _sources(paths)
    except (OSError, UnicodeDecodeError, tarfile.TarError) as exc:
        raise ImportFailed(_("Cannot read the files: %(error)s") % {"error": exc}) from exc
    languages = set(services.language_codes())
    # One query per model: the imported items, by external id.
    cache: dict[type, dict[str, models.Model]] = {}

    def objects(model: type[models.Model]) -> dict[str, models.Model]:
        if model not in cache:
            qs = model.objects.filter(external_source=source)
            if model in (Step, StepLink):
                qs = qs.select_related("process")  # their source language
            cache[model] = {o.external_id: o for o in qs}
        return cache[model]

    mention_ids = {
        kind: {ext: o.pk for ext, o in objects(model).items()}
        for kind, model in MENTION_MODELS.items()
    }
    changed: dict[type, dict[int, tuple[models.Model, set[str]]]] = {}
    # For translation states: the (model, pk, language, field) of every text in the files,
    # and the source texts the files hold ({(model, pk, field): text}).
    seen: dict[tuple[type, int, str], tuple[models.Model, set[str]]] = {}
    file_sources: dict[tuple[type, int, str], str] = {}
    for name, text in files:
        base = Path(name.split(":")[-1]).name
        match = _FILE_NAME.match(base)
        if not match:
            continue
        component, micado_lang = match["component"], match["lang"]
        if component not in COMPONENTS:
            continue  # MICADO components we do not import (settings, feature flags ...)
        result.files += 1
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                _("%(file)s, line %(line)d: not valid JSON (%(error)s).")
                % {"file": name, "line": exc.lineno, "error": exc.msg},
                line=exc.lineno,
            ) from exc
        if not isinstance(data, dict):
            raise ImportFailed(_("%(file)s: a JSON object is expected.") % {"file": name})
        lang = LANGUAGE_MAP.get(micado_lang.lower())
        model, prefix, columns = COMPONENTS[component]
        for key, value in data.items():
            result.keys += 1

            def problem(message: str, key=key, name=name, text=text) -> None:
                result.skipped += 1
                result.problems.append(WeblateProblem(name, _line_of(text, key), key, message))

            if lang is None or lang not in languages:
                problem(_("The language %(lang)s is not offered here.") % {"lang": micado_lang})
                continue
            item_id, _dot, column = key.rpartition(".")
            if column not in columns:
                problem(_("Unknown column %(column)s.") % {"column": column})
                continue
            obj = objects(model).get(prefix + item_id)
            if obj is None:
                problem(_("Item %(id)s was not imported.") % {"id": item_id})
                continue
            if not isinstance(value, str) or not value.strip():
                result.unchanged += 1  # an empty string means "not translated yet"
                continue
            ours = columns[column]
            rich = ours in rich_fields(model)
            col = services.column(ours, lang)
            if rich:
                new, _unsafe = rich_text(value)
                new, missing = remap_mentions(new, mention_ids)
                for kind, micado_id in missing:
                    result.problems.append(
                        WeblateProblem(
                            name,
                            _line_of(text, key),
                            key,
                            _("Mention of %(kind)s %(id)s: not imported, kept as plain text.")
                            % {"kind": kind, "id": micado_id},
                        )
                    )
            else:
                new, _cut = plain_text(value, model._meta.get_field(col).max_length or 100_000)
            if issubclass(model, ContentItem | Step | StepLink):
                if lang == _source_language(obj):  # with our text before this import
                    file_sources[(model, obj.pk, ours)] = (new, getattr(obj, col))
                else:
                    seen.setdefault((model, obj.pk, lang), (obj, set()))[1].add(ours)
            if getattr(obj, col) == new:
                result.unchanged += 1
                continue
            setattr(obj, col, new)
            result.updated += 1
            changed.setdefault(model, {}).setdefault(obj.pk, (obj, set()))[1].add(col)
    with transaction.atomic():
        now = timezone.now()
        for model, entries in changed.items():
            fields = set().union(*(cols for _obj, cols in entries.values()))
            objs = [obj for obj, _cols in entries.values()]
            if issubclass(model, ContentItem):
                for obj in objs:
                    obj.updated_at = now
                fields.add("updated_at")
            model.objects.bulk_update(objs, sorted(fields))
            result.items_changed += len(objs)
        if changed:
            content_changed()
        _store_states(seen, file_sources)
    return result


def _source_language(obj) -> str:
    return obj.source_language if isinstance(obj, ContentItem) else obj.process.source_language


def _store_states(seen: dict, file_sources: dict) -> None:
    """Imported texts become `translated` where the files' source text of every imported
    field matches ours before the import (or the files hold no source text for it: the
    export is taken to match the imported dump), `in_translation` where it differs: the
    translation was made from another source text, a person should confirm it."""
    from apps.translations import selectors as translation_selectors
    from apps.translations import services as translations
    from apps.translations.models import State

    item_hashes: dict[type, dict[int, str]] = {}
    for model in {m for m, _pk, _lang in seen if issubclass(m, ContentItem)}:
        pks = [pk for m, pk, _lang in seen if m is model]
        item_hashes[model] = translation_selectors.latest_source_hashes(model, pks)
    entries = []
    for (model, pk, lang), (obj, fields) in seen.items():
        source = _source_language(obj)
        matches = all(
            theirs == before
            for theirs, before in (file_sources.get((model, pk, name), (0, 0)) for name in fields)
        )
        if isinstance(obj, ContentItem):
            source_hash = item_hashes[model].get(pk, "")
        else:
            columns = services.translated_columns(model, languages=[source])
            source_hash = translations.part_source_hash(
                {c: getattr(obj, c) for c in columns}, model, source
            )
        entries.append(
            translations.StateEntry(
                model=model,
                object_id=pk,
                language=lang,
                state=State.TRANSLATED if matches else State.IN_TRANSLATION,
                source_hash=source_hash,
                source_language=source,
                source_hashes=translations.current_field_hashes(obj),
            )
        )
    translations.states_set_bulk(entries=entries)
