"""Writing what the mapping wants: create or update rows by external id (fields and
many-to-many), translation states, and one revision per changed item (through
`content.services.revisions_write_many`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models

from apps.content import services
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
)
from apps.importers.micado.common import STATE_MAP, DesiredRow
from apps.translations import selectors as translation_selectors
from apps.translations import services as translations


class Writing:
    """Writing the mapped rows; mixed into MicadoImporter."""

    def load_existing(self, model: type[models.Model]) -> dict[str, Any]:
        if model not in self.existing:
            self.existing[model] = {
                obj.external_id: obj
                for obj in model.objects.filter(external_source=self.source).exclude(external_id="")
            }
        return self.existing[model]

    def sync(self, key: str, model: type[models.Model], desired: list[DesiredRow]) -> None:
        """Create what is new, update what differs (fields and m2m), count the rest."""
        existing = self.load_existing(model)
        counts = self.result.counts[key]
        new, changed_fields, changed = [], set(), []
        objects = self.objects.setdefault(model, {})
        for want in desired:
            obj = existing.get(want.ext_id)
            if obj is None:
                obj = model(external_source=self.source, external_id=want.ext_id)
                for name, value in want.fields.items():
                    setattr(obj, name, value)
                if isinstance(obj, ContentItem):
                    obj.version = 1
                new.append(obj)
                self.created[model].add(want.ext_id)
            else:
                diff = [name for name, value in want.fields.items() if getattr(obj, name) != value]
                if diff:
                    for name in diff:
                        setattr(obj, name, want.fields[name])
                    changed_fields.update(diff)
                    changed.append(obj)
                    self.changed_items[model].add(want.ext_id)
            objects[want.ext_id] = obj
        if new and model is Step:
            services.steps_create_many(steps=new)  # documents: sync_m2m below
        elif new:
            model.objects.bulk_create(new, batch_size=200)
            existing.update({obj.external_id: obj for obj in new})
        if changed:
            if issubclass(model, ContentItem):
                changed_fields.add("updated_at")
                for obj in changed:
                    obj.updated_at = self.now
            model.objects.bulk_update(changed, sorted(changed_fields), batch_size=200)
        self.sync_m2m(model, desired)
        for want in desired:
            if want.ext_id in self.created[model]:
                counts.created += 1
            elif want.ext_id in self.changed_items[model]:
                counts.updated += 1
            else:
                counts.unchanged += 1

    def sync_m2m(self, model: type[models.Model], desired: list[DesiredRow]) -> None:
        names = {name for want in desired for name in want.m2m}
        objects = self.objects[model]
        for name in sorted(names):
            relation = model._meta.get_field(name)
            through = relation.remote_field.through
            own = relation.m2m_field_name()
            other = relation.m2m_reverse_field_name()
            pks = [objects[w.ext_id].pk for w in desired]
            current: dict[int, set[int]] = defaultdict(set)
            for a, b in through.objects.filter(**{f"{own}_id__in": pks}).values_list(
                f"{own}_id", f"{other}_id"
            ):
                current[a].add(b)
            add, remove = [], []
            for want in desired:
                obj = objects[want.ext_id]
                target = want.m2m.get(name, set())
                have = current.get(obj.pk, set())
                if target != have:
                    if want.ext_id not in self.created[model]:
                        self.changed_items[model].add(want.ext_id)
                    add += [
                        through(**{f"{own}_id": obj.pk, f"{other}_id": pk})
                        for pk in sorted(target - have)
                    ]
                    remove += [(obj.pk, pk) for pk in have - target]
            if add:
                through.objects.bulk_create(add, batch_size=500)
            for a, b in remove:
                through.objects.filter(**{f"{own}_id": a, f"{other}_id": b}).delete()

    def ids(self, model: type[models.Model], prefix: str = "") -> dict[str, int]:
        return {
            ext[len(prefix) :]: obj.pk
            for ext, obj in self.objects.get(model, {}).items()
            if ext.startswith(prefix)
        }

    def mark_processes_changed(self, model, process_of: dict[str, str]) -> None:
        """A process whose steps or links changed gets a new version and revision."""
        touched = (self.created[model] | self.changed_items[model]) & set(process_of)
        self.touched_processes |= {process_of[ext] for ext in touched}

    def store_translation_states(self) -> None:
        """MICADO's state per item and language as TranslationState rows (STATE_MAP); the
        source language has none, a language without text none (= missing)."""
        models_by_key = {
            "document types": DocumentType,
            "glossary terms": GlossaryTerm,
            "information": Information,
            "events": Event,
            "processes": Process,
            "comments": Comment,
            "steps": Step,
            "step links": StepLink,
        }
        processes = {obj.pk: obj for obj in self.objects.get(Process, {}).values()}
        hashes: dict[type, dict[int, str]] = {}
        scope: dict[type, set[int]] = defaultdict(set)
        entries = []
        for (key, ext_id), states in self.result.translation_states.items():
            model = models_by_key.get(key)  # topics and user types have no states here
            obj = self.objects.get(model, {}).get(ext_id) if model else None
            if obj is None or obj.pk is None:
                continue
            scope[model].add(obj.pk)
            if issubclass(model, ContentItem):
                source = obj.source_language
                if model not in hashes:
                    pks = [o.pk for o in self.objects[model].values()]
                    hashes[model] = translation_selectors.latest_source_hashes(model, pks)
                source_hash = hashes[model].get(obj.pk, "")
            else:
                source = processes[obj.process_id].source_language
                fields = {c: getattr(obj, c) for c in services.translated_columns(model)}
                source_hash = translations.part_source_hash(fields, model, source)
            field_hashes = translations.field_hashes(
                {
                    c: getattr(obj, c)
                    for c in services.translated_columns(model, languages=[source])
                },
                model,
                source,
            )
            entries += [
                translations.StateEntry(
                    model=model,
                    object_id=obj.pk,
                    language=language,
                    state=STATE_MAP[micado_state],
                    source_hash=source_hash,
                    source_language=source,
                    source_hashes=field_hashes,
                )
                for language, micado_state in sorted(states.items())
                if language != source
            ]
        translations.states_set_bulk(entries=entries, scope=scope)

    def revisions(self, models_: Iterable[type]) -> None:
        """One revision (action "import") per item created or changed by this import."""
        touched_processes = self.touched_processes
        for model in models_:
            objects = self.objects.get(model, {})
            ext_ids = self.created[model] | self.changed_items[model]
            if model is Process:
                ext_ids |= touched_processes & set(objects)
                for ext in touched_processes & set(objects):
                    if ext not in self.created[model] and ext not in self.changed_items[model]:
                        self.changed_items[model].add(ext)
                        self.result.counts["processes"].unchanged -= 1
                        self.result.counts["processes"].updated += 1
            if not ext_ids:
                continue
            services.revisions_write_many(
                model=model,
                pks=[objects[e].pk for e in ext_ids],
                action="import",
                keep_version=[objects[e].pk for e in self.created[model] if e in objects],
            )
