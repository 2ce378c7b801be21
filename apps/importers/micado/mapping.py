"""Mapping MICADO tables onto the content model: organisations, topics, user types,
document types, glossary, information, events, processes with their steps, links and
documents, comments; `MicadoImporter.run` does them in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind
from apps.content import mentions, services
from apps.content.models import (
    Comment,
    ContentItem,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Process,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.importers.micado.common import (
    LANGUAGE_MAP,
    MENTION_MODELS,
    DesiredRow,
    ImportResult,
    Progress,
    Spec,
    format_cost,
    has_cycle,
    plain_text,
    remap_mentions,
    rich_text,
    step_order,
    to_aware,
    to_decimal,
    valid_url,
)
from apps.importers.micado.reading import DumpReading
from apps.importers.micado.writing import Writing
from apps.importers.sqldump import Dump, Row
from apps.regions.models import Region


class MicadoImporter(DumpReading, Writing):
    def __init__(self, dump: Dump, *, region: Region, progress: Progress | None):
        self.dump = dump
        self.region = region
        self.progress = progress
        self.result = ImportResult(region=region)
        self.source = f"micado:{region.code}"[:60]
        self.languages = services.language_codes()
        self.now = timezone.now()
        self.existing: dict[type, dict[str, Any]] = {}
        self.objects: dict[type, dict[str, Any]] = {}  # ext id -> instance (after sync)
        self.created: dict[type, set[str]] = defaultdict(set)
        self.changed_items: dict[type, set[str]] = defaultdict(set)
        settings_rows = {r["key"]: r["value"] for r in dump.rows("settings")}
        default = LANGUAGE_MAP.get(str(settings_rows.get("default_language") or "en").lower())
        self.default_language = default or "en"
        self.micado_languages = [r["lang"] for r in dump.rows("languages")] or list(LANGUAGE_MAP)
        self.pa_tenant = str(settings_rows.get("pa_tenant") or "")
        self.touched_processes: set[str] = set()
        self.existing_mention_ids = {
            kind: {ext: obj.pk for ext, obj in self.load_existing(model).items()}
            for kind, model in MENTION_MODELS.items()
        }

    def text_fields(
        self,
        spec: Spec,
        model: type[models.Model],
        per_lang: dict[str, dict[str, tuple[str, int]]],
        desired: DesiredRow,
        table: str,
    ) -> None:
        """Fill desired.fields with every translated column (empty where missing)."""
        ours = list(dict.fromkeys(spec.texts.values()))
        for lang in self.languages:
            values = per_lang.get(lang, {})
            for name in ours:
                col = services.column(name, lang)
                raw, line = values.get(name, ("", desired.line))
                if name in spec.rich:
                    text, unsafe = rich_text(raw)
                    if unsafe:
                        self.note(
                            line,
                            table,
                            _("Images, scripts or embedded content removed from %(field)s.")
                            % {"field": col},
                        )
                    desired.raw_texts[col] = text
                    desired.text_lines[col] = line
                    if "@[" in text:
                        # Final ids if every target was imported before; else MICADO's for
                        # now (renumbered by apply_mentions once everything exists).
                        remapped, missing = remap_mentions(text, self.existing_mention_ids)
                        text = text if missing else remapped
                    desired.fields[col] = text
                else:
                    limit = model._meta.get_field(col).max_length or 100_000
                    text, cut = plain_text(raw, limit)
                    if cut:
                        self.note(
                            line,
                            table,
                            _("%(field)s shortened to %(n)d characters.")
                            % {"field": col, "n": limit},
                        )
                    desired.fields[col] = text
            if values:
                self.result.languages[lang] += 1

    def item_fields(self, *, published: bool, source: str, organisation: Organisation, obj=None):
        status = Status.PUBLISHED if published else Status.DRAFT
        if obj is not None and obj.status == Status.ARCHIVED and published:
            status = Status.ARCHIVED  # withdrawn here: an import does not publish it again
        fields = {
            "region_id": organisation.region_id if obj is None else obj.region_id,
            "organisation_id": organisation.pk,
            "source_language": source,
            "status": status,
        }
        if obj is None or obj.status != status:
            fields["published_at"] = self.now if status == Status.PUBLISHED else None
        return fields

    def items(
        self,
        spec: Spec,
        *,
        organisation_of: Callable[[Row], Organisation | None] | None = None,
        extra: Callable[[Row, DesiredRow], str | None] | None = None,
        published_column: str = "published",
    ) -> list[DesiredRow]:
        """Desired state of every row of a content-item table (texts not yet remapped)."""
        model = spec.model
        existing = self.load_existing(model)
        out = []
        rows = self.dump.rows(spec.table)
        self.result.counts[spec.key].read += len(rows)
        for row in rows:
            item_id = row[spec.id_column]
            ext_id = spec.prefix + str(item_id)
            published = bool(row.get(published_column))
            per_lang, states = self.texts(spec, item_id, published)
            title_field = getattr(model, "TITLE_FIELD", "name")
            source = self.source_language(per_lang, title_field)
            if source is None:
                self.skip(
                    spec.key,
                    row,
                    spec.table,
                    _("%(table)s %(id)s has no title in any language we have.")
                    % {"table": spec.table, "id": item_id},
                )
                continue
            organisation = organisation_of(row) if organisation_of else self.pa_organisation
            if organisation is None:
                self.skip(
                    spec.key,
                    row,
                    spec.table,
                    _("%(table)s %(id)s belongs to an unknown organisation.")
                    % {"table": spec.table, "id": item_id},
                )
                continue
            want = DesiredRow(ext_id, row.line, {})
            if issubclass(model, ContentItem):
                want.fields.update(
                    self.item_fields(
                        published=published,
                        source=source,
                        organisation=organisation,
                        obj=existing.get(ext_id),
                    )
                )
            self.text_fields(spec, model, per_lang, want, spec.table)
            if extra is not None:
                problem = extra(row, want)
                if problem:
                    self.skip(spec.key, row, spec.table, problem)
                    continue
            self.result.translation_states[(spec.key, str(item_id))] = states
            out.append(want)
        return out

    def apply_mentions(self, desired_by_model: dict[type, list[DesiredRow]], table_of) -> None:
        """Renumber mention markers now that every mentionable item has an id here."""
        ids = {kind: self.ids(model) for kind, model in MENTION_MODELS.items()}
        for model, desired in desired_by_model.items():
            for want in desired:
                for col, text in want.raw_texts.items():
                    if "@[" not in text:
                        continue
                    new, missing = remap_mentions(text, ids)
                    want.fields[col] = new
                    for kind, micado_id in missing:
                        self.note(
                            want.text_lines.get(col, want.line),
                            table_of[model],
                            _(
                                "Mention of %(kind)s %(id)s in %(field)s: not in the dump, "
                                "kept as plain text."
                            )
                            % {"kind": mentions.KINDS[kind], "id": micado_id, "field": col},
                        )

    def run(self) -> ImportResult:
        phases = 8
        self.step_progress(_("organisations"), 0, phases)
        self.organisations()
        self.step_progress(_("topics"), 1, phases)
        self.topics()
        self.user_types()
        self.step_progress(_("documents"), 2, phases)
        topic_ids = self.ids(Topic)
        user_type_ids = self.ids(UserType)
        specs = {
            DocumentType: Spec(
                "document types",
                "document_type",
                DocumentType,
                {"document": "name", "description": "description"},
            ),
            GlossaryTerm: Spec(
                "glossary terms",
                "glossary",
                GlossaryTerm,
                {"title": "term", "description": "explanation"},
            ),
            Information: Spec(
                "information",
                "information",
                Information,
                {"information": "title", "description": "body"},
            ),
            Event: Spec(
                "events",
                "event",
                Event,
                {"event": "title", "description": "description"},
            ),
            Process: Spec(
                "processes",
                "process",
                Process,
                {"process": "title", "description": "description"},
            ),
        }
        desired: dict[type, list[DesiredRow]] = {}
        desired[DocumentType] = self.items(specs[DocumentType], extra=self.document_type_extra)
        self.step_progress(_("glossary, information, events"), 3, phases)
        desired[GlossaryTerm] = self.items(specs[GlossaryTerm])
        desired[Information] = self.items(
            specs[Information],
            extra=lambda row, want: self.tagged_extra(
                row, want, "information", topic_ids, user_type_ids
            ),
        )
        desired[Event] = self.items(
            specs[Event],
            extra=lambda row, want: self.event_extra(row, want, topic_ids, user_type_ids),
        )
        self.step_progress(_("processes"), 4, phases)
        desired[Process] = self.items(
            specs[Process],
            extra=lambda row, want: self.process_extra(row, want, topic_ids, user_type_ids),
        )
        # Create/update the items first (mentions still MICADO's), then renumber mentions.
        for model, want in desired.items():
            self.sync(specs[model].key, model, want)
        self.step_progress(_("steps and links"), 5, phases)
        steps, links = self.steps_and_links()
        self.step_progress(_("comments"), 6, phases)
        comments = self.comments()
        tables = {model: spec.table for model, spec in specs.items()}
        tables |= {Step: "step_translation", StepLink: "step_link_translation", Comment: "comments"}
        remapped = {**desired, Step: steps, StepLink: links, Comment: comments}
        self.apply_mentions(remapped, tables)
        for model, want in remapped.items():
            self.resync_texts(model, want)
        self.step_progress(_("revisions"), 7, phases)
        self.revisions(list(specs) + [Comment])
        self.store_translation_states()
        self.step_progress(_("done"), phases, phases)
        return self.result

    def resync_texts(self, model: type[models.Model], desired: list[DesiredRow]) -> None:
        objects = self.objects.get(model, {})
        changed, fields = [], set()
        for want in desired:
            obj = objects.get(want.ext_id)
            if obj is None:
                continue
            diff = [c for c in want.raw_texts if getattr(obj, c) != want.fields[c]]
            if diff:
                for col in diff:
                    setattr(obj, col, want.fields[col])
                fields.update(diff)
                changed.append(obj)
                if (
                    want.ext_id not in self.created[model]
                    and want.ext_id not in (self.changed_items[model])
                ):
                    self.changed_items[model].add(want.ext_id)
                    key = {
                        Step: "steps",
                        StepLink: "step links",
                        Comment: "comments",
                        DocumentType: "document types",
                        GlossaryTerm: "glossary terms",
                        Information: "information",
                        Event: "events",
                        Process: "processes",
                    }[model]
                    self.result.counts[key].unchanged -= 1
                    self.result.counts[key].updated += 1
        if changed:
            model.objects.bulk_update(changed, sorted(fields), batch_size=200)

    def organisations(self) -> None:
        counts = self.result.counts["organisations"]
        rows = self.dump.rows("tenant")
        counts.read = len(rows)
        self.tenant_orgs: dict[str, Organisation] = {}
        region_slug = slugify(self.region.code)
        for row in rows:
            name = (row.get("name") or "").strip()
            if not name or name.lower() == "undefined":
                self.skip("organisations", row, "tenant", _("A tenant without a name."))
                continue
            is_pa = str(row["id"]) == self.pa_tenant
            slug = f"micado-{region_slug}-{row['id']}"[:80]
            values = {
                "name": name[:200],
                "kind": OrganisationKind.PUBLIC_AUTHORITY if is_pa else OrganisationKind.NGO,
                "region_id": self.region.pk,
                "website": valid_url(row.get("link")),
                "email": (row.get("email") or "") if "@" in (row.get("email") or "") else "",
                "address": (row.get("address") or "").strip(),
            }
            org = Organisation.objects.filter(slug=slug).first()
            if org is None:
                org = Organisation.objects.create(slug=slug, **values)
                counts.created += 1
            elif any(getattr(org, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(org, k, v)
                org.save()
                counts.updated += 1
            else:
                counts.unchanged += 1
            self.tenant_orgs[str(row["id"])] = org
        pa = self.tenant_orgs.get(self.pa_tenant)
        if pa is None:
            slug = f"micado-{region_slug}-pa"
            pa, created = Organisation.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": _("%(region)s administration") % {"region": self.region.name},
                    "kind": OrganisationKind.PUBLIC_AUTHORITY,
                    "region": self.region,
                },
            )
            counts.created += created
        self.pa_organisation = pa

    def topics(self) -> None:
        key = "topics"
        desired: list[DesiredRow] = []
        parents: dict[str, str] = {}
        position = 0
        for table, prefix, text_col in (
            ("topic", "", "topic"),
            ("event_category", "event_category:", "event_category"),
            ("information_category", "information_category:", "information_category"),
        ):
            spec = Spec(key, table, Topic, {text_col: "name"}, prefix=prefix)
            for want in self.items(spec):
                row_id = want.ext_id[len(prefix) :]
                want.fields["position"] = position
                position += 1
                desired.append(want)
                if table == "topic":
                    father = next(
                        (
                            r.get("father")
                            for r in self.dump.rows("topic")
                            if str(r["id"]) == row_id
                        ),
                        None,
                    )
                    if father is not None:
                        parents[want.ext_id] = str(father)
        # Tags become topics under their item's category.
        category_of = {
            "event": {str(r["id"]): r.get("category") for r in self.dump.rows("event")},
            "information": {str(r["id"]): r.get("category") for r in self.dump.rows("information")},
        }
        for kind, table in (("event", "event_tags"), ("information", "information_tags")):
            spec = Spec(key, table, Topic, {"tag": "name"}, prefix=f"{kind}_tag:")
            owner_col = f"{kind}_id"
            owners = {str(r["id"]): str(r[owner_col]) for r in self.dump.rows(table)}
            for want in self.items(spec):
                want.fields["position"] = position
                position += 1
                category = category_of[kind].get(owners.get(want.ext_id.split(":")[1], ""))
                if category is not None:
                    parents[want.ext_id] = f"{kind}_category:{category}"
                desired.append(want)
        existing = self.load_existing(Topic)
        for want in desired:
            parent = existing.get(parents.get(want.ext_id, ""))
            want.fields["parent_id"] = parent.pk if parent else None
            want.fields["region_id"] = self.region.pk  # the pilot's tags, not everybody's
        self.sync(key, Topic, desired)
        # Second pass: the tree (parents exist now).
        objects = self.objects[Topic]
        lines = {d.ext_id: d.line for d in desired}
        changed = []
        for ext_id, obj in objects.items():
            parent_ext = parents.get(ext_id)
            parent = objects.get(parent_ext) if parent_ext else None
            if parent_ext and parent is None:
                self.note(
                    lines[ext_id],
                    "topic",
                    _("Parent topic %(id)s is not in the dump; the topic is a root topic.")
                    % {"id": parent_ext},
                )
            want_parent = parent.pk if parent else None
            if obj.parent_id != want_parent:
                obj.parent_id = want_parent
                changed.append(obj)
        if changed:
            Topic.objects.bulk_update(changed, ["parent"])
            counts = self.result.counts[key]
            for obj in changed:
                if (
                    obj.external_id not in self.created[Topic]
                    and obj.external_id not in (self.changed_items[Topic])
                ):
                    self.changed_items[Topic].add(obj.external_id)
                    counts.unchanged -= 1
                    counts.updated += 1

    def user_types(self) -> None:
        spec = Spec(
            "user types",
            "user_types",
            UserType,
            {"user_type": "name", "description": "description"},
        )
        desired = self.items(spec)
        for position, want in enumerate(desired):
            want.fields["position"] = position
            want.fields["region_id"] = self.region.pk
        self.sync("user types", UserType, desired)

    def document_type_extra(self, row: Row, want: DesiredRow) -> str | None:
        source = want.fields["source_language"]
        issuer, _cut = plain_text(row.get("issuer"), 200)
        for lang in self.languages:
            want.fields[services.column("issuer", lang)] = issuer if lang == source else ""
        days = row.get("validity_duration")
        want.fields["validity_days"] = days if isinstance(days, int) and days > 0 else None
        return None

    def tagged_extra(self, row, want, kind, topic_ids, user_type_ids) -> str | None:
        item_id = row["id"]
        topics = {
            topic_ids[str(r["id_topic"])]
            for r in self._by_id(f"{kind}_topic", f"id_{kind}").get(item_id, [])
            if str(r["id_topic"]) in topic_ids
        }
        if row.get("category") is not None:
            category = topic_ids.get(f"{kind}_category:{row['category']}")
            if category:
                topics.add(category)
        for tag in self._by_id(f"{kind}_tags", f"{kind}_id").get(item_id, []):
            pk = topic_ids.get(f"{kind}_tag:{tag['id']}")
            if pk:
                topics.add(pk)
        want.m2m["topics"] = topics
        want.m2m["user_types"] = {
            user_type_ids[str(r["id_user_types"])]
            for r in self._by_id(f"{kind}_user_types", f"id_{kind}").get(item_id, [])
            if str(r["id_user_types"]) in user_type_ids
        }
        if "link" in want.fields or kind in ("information", "event"):
            want.fields["link"] = valid_url(row.get("link"))
        return None

    def event_extra(self, row, want, topic_ids, user_type_ids) -> str | None:
        start, end = to_aware(row.get("start_date")), to_aware(row.get("end_date"))
        if start is None:
            return _("Event %(id)s has no start.") % {"id": row["id"]}
        if end is not None and end < start:
            self.note(
                row.line,
                "event",
                _("Event %(id)s ends before it starts: end left out.") % {"id": row["id"]},
            )
            end = None
        want.fields.update({"start": start, "end": end})
        source = want.fields["source_language"]
        location, _cut = plain_text(row.get("location"), 300)
        cost_value = (row.get("cost") or "").strip() if isinstance(row.get("cost"), str) else ""
        cost, _cut = plain_text(cost_value, 200)
        for lang in self.languages:
            want.fields[services.column("location", lang)] = location if lang == source else ""
            want.fields[services.column("cost", lang)] = cost if lang == source else ""
        return self.tagged_extra(row, want, "event", topic_ids, user_type_ids)

    def process_extra(self, row, want, topic_ids, user_type_ids) -> str | None:
        item_id = row["id"]
        want.fields["link"] = valid_url(row.get("link"))
        want.m2m["topics"] = {
            topic_ids[str(r["id_topic"])]
            for r in self._by_id("process_topic", "id_process").get(item_id, [])
            if str(r["id_topic"]) in topic_ids
        }
        want.m2m["user_types"] = {
            user_type_ids[str(r["id_user_types"])]
            for r in self._by_id("process_users", "id_process").get(item_id, [])
            if str(r["id_user_types"]) in user_type_ids
        }
        edges = [
            (r["from_step"], r["to_step"])
            for r in self._by_id("step_link", "id_process").get(item_id, [])
        ]
        want.fields["allow_cycles"] = has_cycle(edges)
        return None

    def steps_and_links(self) -> tuple[list[DesiredRow], list[DesiredRow]]:
        processes = self.objects.get(Process, {})
        documents = self.ids(DocumentType)
        step_rows = self.dump.rows("step")
        link_rows = self.dump.rows("step_link")
        counts = self.result.counts
        counts["steps"].read = len(step_rows)
        counts["step links"].read = len(link_rows)
        doc_rows = self.dump.rows("step_document") + self.dump.rows("process_produced_documents")
        counts["step documents"].read = len(doc_rows)
        step_spec = Spec(
            "steps",
            "step",
            Step,
            {"step": "title", "description": "description"},
        )
        by_process: dict[str, list[Row]] = defaultdict(list)
        for row in step_rows:
            process_ext = str(row["id_process"])
            if process_ext not in processes:
                self.skip(
                    "steps",
                    row,
                    "step",
                    _("Step %(id)s belongs to process %(p)s, which was not imported.")
                    % {"id": row["id"], "p": process_ext},
                )
                continue
            by_process[process_ext].append(row)
        step_process: dict[str, str] = {}
        desired_steps: list[DesiredRow] = []
        for process_ext, rows in by_process.items():
            process = processes[process_ext]
            ids = [str(r["id"]) for r in rows]
            edges = [
                (str(r["from_step"]), str(r["to_step"]))
                for r in self._by_id("step_link", "id_process").get(int(process_ext), [])
            ]
            ordered = step_order(ids, edges)
            order = {step_id: n for n, step_id in enumerate(ordered)}
            following = dict(zip(ordered, ordered[1:], strict=False))
            edge_set = set(edges)
            for row in rows:
                step_id = str(row["id"])
                per_lang, states = self.texts(
                    step_spec, row["id"], process.status == Status.PUBLISHED
                )
                source = process.source_language
                if "title" not in per_lang.get(source, {}):
                    fallback = self.source_language(per_lang, "title")
                    if fallback is None:
                        self.skip(
                            "steps",
                            row,
                            "step",
                            _("Step %(id)s has no title in any language we have.")
                            % {"id": step_id},
                        )
                        continue
                    # The process's source language must have a title: borrow one.
                    per_lang.setdefault(source, {})["title"] = per_lang[fallback]["title"]
                want = DesiredRow(step_id, row.line, {"process_id": process.pk})
                self.text_fields(step_spec, Step, per_lang, want, "step")
                want.fields["position"] = order.get(step_id, len(order))
                # MICADO's links are the whole flow: a step goes on to the next one only if
                # a link leads there (without any links, steps follow in order).
                want.fields["continues"] = (
                    not edges or (step_id, following.get(step_id)) in edge_set
                )
                want.fields["link"] = valid_url(row.get("link"))
                self.result.translation_states[("steps", step_id)] = states
                desired_steps.append(want)
                step_process[step_id] = process_ext
        # documents: required / produced per step, with their cost
        wanted_docs = {
            w.ext_id: {"required_documents": set(), "produced_documents": set()}
            for w in desired_steps
        }
        row_pairs: list[set[tuple[str, str, int]]] = []
        cost: dict[str, Decimal] = defaultdict(Decimal)
        step_rows_by_id = {str(r["id"]): r for r in step_rows}
        for step_id, row in step_rows_by_id.items():
            cost[step_id] += to_decimal(row.get("cost"))
        for row in self.dump.rows("step_document"):
            step_id, doc = str(row["id_step"]), str(row["id_document"])
            if step_id not in wanted_docs:
                self.skip(
                    "step documents",
                    row,
                    "step_document",
                    _("Step %(id)s was not imported.") % {"id": step_id},
                )
                continue
            if doc not in documents:
                self.skip(
                    "step documents",
                    row,
                    "step_document",
                    _("Document type %(id)s was not imported.") % {"id": doc},
                )
                continue
            relation = "produced_documents" if row.get("is_out") else "required_documents"
            wanted_docs[step_id][relation].add(documents[doc])
            row_pairs.append({(relation, step_id, documents[doc])})
            cost[step_id] += to_decimal(row.get("cost"))
        outgoing = {str(r["from_step"]) for r in link_rows}
        for row in self.dump.rows("process_produced_documents"):
            process_ext, doc = str(row["id_process"]), str(row["id_document"])
            last = [s for s, p in step_process.items() if p == process_ext and s not in outgoing]
            if not last:
                self.skip(
                    "step documents",
                    row,
                    "process_produced_documents",
                    _("Process %(id)s has no imported steps to receive the document.")
                    % {"id": process_ext},
                )
                continue
            if doc not in documents:
                self.skip(
                    "step documents",
                    row,
                    "process_produced_documents",
                    _("Document type %(id)s was not imported.") % {"id": doc},
                )
                continue
            for step_id in last:
                wanted_docs[step_id]["produced_documents"].add(documents[doc])
            row_pairs.append({("produced_documents", s, documents[doc]) for s in last})
        for want in desired_steps:
            want.m2m = wanted_docs[want.ext_id]
            amount = cost.get(want.ext_id, Decimal(0))
            source = processes[step_process[want.ext_id]].source_language
            for lang in self.languages:
                want.fields[services.column("cost", lang)] = (
                    format_cost(amount) if amount and lang == source else ""
                )
        before = self.document_pairs()
        self.sync("steps", Step, desired_steps)
        docs = counts["step documents"]
        for pairs in row_pairs:
            if pairs - before:
                docs.created += 1
            else:
                docs.unchanged += 1
        # links
        steps = self.objects.get(Step, {})
        link_spec = Spec("step links", "step_link", StepLink, {"description": "label"})
        desired_links: list[DesiredRow] = []
        seen_pairs: set[tuple[str, str]] = set()
        for row in link_rows:
            link_id = str(row["id"])
            a, b, process_ext = str(row["from_step"]), str(row["to_step"]), str(row["id_process"])
            if a not in steps or b not in steps:
                self.skip(
                    "step links",
                    row,
                    "step_link",
                    _("Link %(id)s joins a step that was not imported.") % {"id": link_id},
                )
                continue
            if step_process.get(a) != process_ext or step_process.get(b) != process_ext:
                self.skip(
                    "step links",
                    row,
                    "step_link",
                    _("Link %(id)s joins steps of different processes.") % {"id": link_id},
                )
                continue
            if (a, b) in seen_pairs:
                self.skip(
                    "step links",
                    row,
                    "step_link",
                    _("Link %(id)s repeats an earlier link between the same steps.")
                    % {"id": link_id},
                )
                continue
            seen_pairs.add((a, b))
            per_lang, states = self.texts(
                link_spec, row["id"], processes[process_ext].status == Status.PUBLISHED
            )
            want = DesiredRow(
                link_id,
                row.line,
                {
                    "process_id": processes[process_ext].pk,
                    "from_step_id": steps[a].pk,
                    "to_step_id": steps[b].pk,
                },
            )
            self.text_fields(link_spec, StepLink, per_lang, want, "step_link")
            self.result.translation_states[("step links", link_id)] = states
            desired_links.append(want)
        self.sync("step links", StepLink, desired_links)
        self.mark_processes_changed(Step, step_process)
        link_process = {str(r["id"]): str(r["id_process"]) for r in link_rows}
        self.mark_processes_changed(StepLink, link_process)
        return desired_steps, desired_links

    def document_pairs(self) -> set[tuple[str, str, int]]:
        """(relation, MICADO step id, document pk) already stored for this source."""
        pairs = set()
        for relation in ("required_documents", "produced_documents"):
            through = Step._meta.get_field(relation).remote_field.through
            rows = through.objects.filter(step__external_source=self.source).values_list(
                "step__external_id", "documenttype_id"
            )
            pairs |= {(relation, ext, doc) for ext, doc in rows}
        return pairs

    def comments(self) -> list[DesiredRow]:
        processes = self.objects.get(Process, {})
        process_of: dict[str, list[str]] = defaultdict(list)
        for row in self.dump.rows("process_comments"):
            process_of[str(row["idcomment"])].append(str(row["idprocess"]))

        def organisation_of(row: Row) -> Organisation | None:
            return self.tenant_orgs.get(str(row.get("tenant_id")))

        def extra(row: Row, want: DesiredRow) -> str | None:
            targets = [p for p in process_of.get(str(row["id"]), []) if p in processes]
            if not targets:
                return _("Comment %(id)s is on no imported process.") % {"id": row["id"]}
            if len(targets) > 1:
                self.note(
                    row.line,
                    "comments",
                    _("Comment %(id)s is on several processes; kept on the first.")
                    % {"id": row["id"]},
                )
            want.fields["process_id"] = processes[targets[0]].pk
            org = organisation_of(row)
            want.fields["region_id"] = org.region_id
            return None

        spec = Spec("comments", "comments", Comment, {"comment": "text"})
        desired = self.items(spec, organisation_of=organisation_of, extra=extra)
        self.sync("comments", Comment, desired)
        return desired
