"""Demo content of the fictional municipality Lindenfeld (AGS 06999001) for `load_demo`.

Data lives next to this module:

- `municipality/structure.json`: every object with a stable key and its non-text data
  (relations, order, dates as offsets in days from today, coordinates, places ...).
- `municipality/texts/<lang>.json`: flat maps `"<kind>.<key>.<field>" -> text`, one per
  language (`zh_hans.json` for zh-hans). German is the source language. Steps are keyed
  `step.<process>.<step>.<field>`, branch labels `link.<process>.<from>.<to>.label`.

Texts mention other demo objects by key, `@[g:anmeldung](Anmeldung)` (kinds g, p, i, e as
in `apps.content.mentions`); the loader turns that into `@[g,<id>](Anmeldung)`.

Everything is written through `apps.content.services`, so items get revisions, texts are
sanitised and glossary terms linked as for any author: PA content is written by the demo
PA editor, NGO offers and tips by a member of the NGO (submitted for review), and all of
it is published by the demo PA admin.

Idempotent: objects are found by their external reference (`external_source="demo"`,
`external_id=<key>`; steps `<process>.<step>`; links by their two steps). An existing
object is never overwritten, since a caseworker may have edited it in the demo; only
languages still empty are filled from the text files (so translations delivered later
arrive with the next `load_demo`), missing objects, steps and links are added, and events
and courses that are over are moved into the future again. A second run on the same day
changes nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.roles import OrganisationKind, Role
from apps.content import mentions, sanitize, services
from apps.content.fields import TRANSLATED_FIELDS, column, language_codes, rich_fields
from apps.content.models import (
    Comment,
    ContentItem,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.regions.models import Region
from apps.regions.selectors import region_ancestor_ids

SOURCE = "demo"
SOURCE_LANGUAGE = "de"
DATA_DIR = Path(__file__).resolve().parent / "municipality"

# structure.json section -> (text key prefix, model)
SECTIONS: dict[str, tuple[str, type]] = {
    "topics": ("topic", Topic),
    "user_types": ("user_type", UserType),
    "offices": ("office", Office),
    "document_types": ("document_type", DocumentType),
    "glossary": ("glossary", GlossaryTerm),
    "information": ("information", Information),
    "events": ("event", Event),
    "courses": ("course", Course),
    "processes": ("process", Process),
    "comments": ("comment", Comment),
}
MENTION_SECTIONS = {"g": "glossary", "p": "processes", "i": "information", "e": "events"}
# A mention by key, as written in the text files: @[g:anmeldung](Anmeldung)
KEY_MARKER_RE = re.compile(
    r"@\[(?P<off>-?)(?P<kind>[gpie]):(?P<key>[a-z0-9][a-z0-9-]*)\]\((?P<text>[^()\[\]\n]*)\)"
)


def language_file(code: str) -> Path:
    return DATA_DIR / "texts" / f"{code.replace('-', '_')}.json"


@cache
def read_structure() -> dict[str, Any]:
    return json.loads((DATA_DIR / "structure.json").read_text(encoding="utf-8"))


def read_texts() -> dict[str, dict[str, str]]:
    """{language code: {text key: text}} for every platform language with a text file."""
    texts = {}
    for code in language_codes():
        path = language_file(code)
        if path.exists():
            texts[code] = json.loads(path.read_text(encoding="utf-8"))
    return texts


def object_text_prefixes(structure: dict[str, Any]) -> set[str]:
    """`<kind>.<key>` of every object of the structure that carries texts."""
    prefixes = set()
    for section, (prefix, _model) in SECTIONS.items():
        for obj in structure[section]:
            prefixes.add(f"{prefix}.{obj['key']}")
    for process in structure["processes"]:
        for step in process["steps"]:
            prefixes.add(f"step.{process['key']}.{step['key']}")
        for link in process["links"]:
            if link.get("labelled"):
                prefixes.add(f"link.{process['key']}.{link['from']}.{link['to']}")
    return prefixes


def _on_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def event_dates(obj: dict[str, Any], today: date) -> dict[str, Any]:
    """start/end/recurrence_until of an event: the first `weekday` at least `in_days` ahead."""
    day = _on_weekday(today + timedelta(days=obj["in_days"]), obj["weekday"])
    start = timezone.make_aware(datetime.combine(day, time.fromisoformat(obj["time"])))
    return {
        "start": start,
        "end": start + timedelta(minutes=obj["duration_minutes"]),
        "recurrence": obj["recurrence"],
        "recurrence_until": day + timedelta(days=obj["repeat_days"]) if obj["recurrence"] else None,
    }


def course_dates(obj: dict[str, Any], today: date) -> dict[str, date]:
    start = _on_weekday(today + timedelta(days=obj["in_days"]), obj["weekday"])
    return {"start_date": start, "end_date": start + timedelta(days=obj["length_days"])}


@dataclass
class MunicipalityResult:
    counts: dict[str, int] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        parts = ", ".join(f"{n} {label}" for label, n in self.counts.items())
        return (
            f"{parts}; created {sum(self.created.values())}, updated {sum(self.updated.values())}."
        )


class _Loader:
    def __init__(self, structure: dict[str, Any], texts: dict[str, dict[str, str]]):
        self.structure = structure
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.result = MunicipalityResult()
        # text key prefix -> field -> language -> text
        self.texts: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
        for lang, entries in texts.items():
            for key, text in entries.items():
                prefix, name = key.rsplit(".", 1)
                if text:
                    self.texts[prefix][name][lang] = text
        self.ids: dict[tuple[str, str], int] = {}  # (mention kind, key) -> pk
        self.pending: list[tuple[Any, str]] = []  # objects whose texts mention later objects
        self.region = Region.objects.get(code=structure["region"])
        self.pa = Organisation.objects.get(slug=structure["organisation"])
        self.editor = User.objects.get(email=structure["authors"]["editor"])
        self.publisher = User.objects.get(email=structure["authors"]["publisher"])
        self.organisations: dict[str, Organisation] = {self.pa.slug: self.pa}
        self.authors: dict[str, User] = {self.pa.slug: self.editor}
        self.by_key: dict[str, dict[str, Any]] = {}  # section -> key -> object
        self.topics: dict[str, Topic] = {}
        self.user_types: dict[str, UserType] = {}

    # --- texts and mentions ------------------------------------------------------------

    def resolve(self, text: str, *, final: bool = False) -> tuple[str, bool]:
        """Key markers -> id markers; (text, complete). `final` drops unknown ones to text."""
        complete = True

        def repl(m: re.Match) -> str:
            nonlocal complete
            pk = self.ids.get((m["kind"], m["key"]))
            if pk is None:
                complete = False
                return m["text"] if final else m.group(0)
            return mentions.mention_encode(m["kind"], pk, m["text"], enabled=not m["off"])

        return KEY_MARKER_RE.sub(repl, text), complete

    def columns(self, model: type, prefix: str) -> tuple[dict[str, str], bool]:
        """{column: text} of every translated field and language the files have."""
        data, complete = {}, True
        for name in TRANSLATED_FIELDS[model]:
            for lang, text in self.texts[prefix].get(name, {}).items():
                data[column(name, lang)], ok = self.resolve(text)
                complete &= ok
        return data, complete

    @staticmethod
    def missing(obj, data: dict[str, str]) -> dict[str, str]:
        return {col: text for col, text in data.items() if not getattr(obj, col)}

    # --- organisations -----------------------------------------------------------------

    def ngos(self) -> None:
        for ngo in self.structure["ngos"]:
            details = {k: ngo[k] for k in ("description", "address", "phone", "email", "website")}
            org, created = Organisation.objects.get_or_create(
                slug=ngo["key"],
                defaults={
                    "name": ngo["name"],
                    "kind": OrganisationKind.NGO,
                    "region": self.region,
                    **details,
                },
            )
            empty = [name for name, value in details.items() if not getattr(org, name)]
            if created:
                self.result.created["organisation"] += 1
            elif empty:
                for name in empty:
                    setattr(org, name, details[name])
                org.save(update_fields=[*empty, "updated_at"])
                self.result.updated["organisation"] += 1
            author, created = User.objects.get_or_create(
                email=ngo["author"]["email"], defaults={"name": ngo["author"]["name"]}
            )
            if created:  # a named author for the revisions; nobody signs in with it
                author.set_unusable_password()
                author.save(update_fields=["password"])
            Membership.objects.get_or_create(user=author, organisation=org, role=Role.NGO_EDITOR)
            self.organisations[org.slug] = org
            self.authors[org.slug] = author

    # --- topics and user types -----------------------------------------------------------

    def taxonomy(self, section: str) -> dict[str, Topic | UserType]:
        prefix, model = SECTIONS[section]
        existing = {o.external_id: o for o in model.objects.filter(external_source=SOURCE)}
        objects: dict[str, Any] = {}
        for obj in sorted(self.structure[section], key=lambda o: o.get("parent") is not None):
            texts, _complete = self.columns(model, f"{prefix}.{obj['key']}")
            item = existing.get(obj["key"])
            if item is None:
                data = {**texts, "icon": obj["icon"], "position": obj["position"]}
                if obj.get("parent"):
                    data["parent"] = objects[obj["parent"]]
                item = services.taxonomy_save(
                    instance=model(external_source=SOURCE, external_id=obj["key"]),
                    user=self.editor,
                    data=data,
                    region=self.region,  # the demo town's tags, not every region's
                )
                self.result.created[section] += 1
            elif item.region_id != self.region.pk:
                services.taxonomy_save(instance=item, user=self.editor, data={}, region=self.region)
                self.result.updated[section] += 1
            elif missing := self.missing(item, texts):
                services.taxonomy_save(instance=item, user=self.editor, data=missing)
                self.result.updated[section] += 1
            objects[obj["key"]] = item
        return objects

    # --- content items -------------------------------------------------------------------

    def existing(self, model: type[ContentItem]) -> dict[str, ContentItem]:
        qs = model.objects.filter(external_source=SOURCE).select_related("organisation")
        return {item.external_id: item for item in qs}

    def items(self, section: str, plain=lambda obj: {}, after_existing=None) -> dict[str, Any]:
        """Create or complete every object of a section; returns key -> item."""
        prefix, model = SECTIONS[section]
        existing = self.existing(model)
        objects = {}
        for obj in self.structure[section]:
            key = obj["key"]
            organisation = self.organisations[obj.get("organisation", self.pa.slug)]
            author = self.authors[organisation.slug]
            texts, complete = self.columns(model, f"{prefix}.{key}")
            item = existing.get(key)
            if item is None:
                data = {
                    **plain(obj),
                    **texts,
                    "source_language": SOURCE_LANGUAGE,
                    "external_source": SOURCE,
                    "external_id": key,
                }
                if model is Comment:
                    item = services.comment_create(
                        user=author,
                        process=self.by_key["processes"][obj["process"]],
                        organisation=organisation,
                        data=data,
                    )
                else:
                    item = services.item_create(
                        model=model,
                        user=author,
                        organisation=organisation,
                        region=self.region,
                        data=data,
                        topics=[self.topics[k] for k in obj.get("topics", ())],
                        user_types=[self.user_types[k] for k in obj.get("user_types", ())],
                    )
                self.result.created[section] += 1
                self.publish(item, author)
            else:
                if missing := self.missing(item, texts):
                    services.item_update(
                        item=item, user=author, expected_version=item.version, data=missing
                    )
                    self.result.updated[section] += 1
                if after_existing:
                    after_existing(item, obj, author)
            if not complete:
                self.pending.append((item, f"{prefix}.{key}"))
            if model.MENTION_KIND:
                self.ids[(model.MENTION_KIND, key)] = item.pk
            objects[key] = item
        self.by_key[section] = objects
        return objects

    def publish(self, item: ContentItem, author: User) -> None:
        if item.organisation.kind == OrganisationKind.NGO:
            services.item_submit(item=item, user=author)
        services.item_publish(item=item, user=self.publisher)

    def _keys(self, section: str, keys) -> list:
        return [self.by_key[section][k] for k in keys]

    # per-model plain fields ------------------------------------------------------------

    @staticmethod
    def office_fields(obj):
        return {
            "address": obj["address"],
            "postcode": obj["postcode"],
            "city": obj["city"],
            "latitude": Decimal(obj["latitude"]),
            "longitude": Decimal(obj["longitude"]),
            "is_counselling": obj["is_counselling"],
            "phone": obj["phone"],
            "email": obj["email"],
            "website": obj["website"],
        }

    def event_fields(self, obj):
        return {
            **event_dates(obj, self.today),
            "office": self.by_key["offices"].get(obj["office"]),
            "organiser": obj["organiser"],
            "link": obj["link"],
        }

    def course_fields(self, obj):
        return {
            **course_dates(obj, self.today),
            "kind": obj["kind"],
            "level": obj["level"],
            "office": self.by_key["offices"].get(obj["office"]),
            "provider": obj["provider"],
            "places_total": obj["places_total"],
            "places_left": obj["places_left"],
            "registration_contact": obj["registration_contact"],
            "link": obj["link"],
        }

    def event_redate(self, event: Event, obj, author: User) -> None:
        """An event that is over (and no longer repeating) moves into the future again."""
        repeating = event.recurrence and (
            event.recurrence_until is None or event.recurrence_until >= self.today
        )
        if repeating or (event.end or event.start) >= self.now:
            return
        self._redate(event, event_dates(obj, self.today), author)

    def course_redate(self, course: Course, obj, author: User) -> None:
        if course.end_date is None or course.end_date >= self.today:
            return
        self._redate(course, course_dates(obj, self.today), author)

    def _redate(self, item: ContentItem, dates: dict[str, Any], author: User) -> None:
        services.item_update(item=item, user=author, expected_version=item.version, data=dates)
        if item.status == Status.ARCHIVED and item.archived_by_id is None:  # by the schedule
            services.item_publish(item=item, user=self.publisher)
        self.result.updated["redated"] += 1

    # --- processes: steps and links ------------------------------------------------------

    def steps_and_links(self) -> None:
        """Steps and links of every process.

        Missing ones are created directly, in bulk, with the texts checked, sanitised and
        glossary-linked as `services.step_create` does, and recorded in one revision of the
        process: the step services write a full process revision per step and link, which
        doubled the time of a first load. Existing steps and links only get the languages
        they lack, through the services.
        """
        processes = self.by_key["processes"]
        steps_of: dict[int, dict[str, Step]] = defaultdict(dict)
        for step in Step.objects.filter(process__in=processes.values(), external_source=SOURCE):
            steps_of[step.process_id][step.external_id] = step
        links_of: dict[tuple[int, int], StepLink] = {
            (link.from_step_id, link.to_step_id): link
            for link in StepLink.objects.filter(process__in=processes.values())
        }
        glossary = self.glossary_terms()
        documents = self.by_key["document_types"]
        offices = self.by_key["offices"]
        for obj in self.structure["processes"]:
            process = processes[obj["key"]]
            author = self.authors[process.organisation.slug]
            steps: dict[str, Step] = {}
            new_steps: list[tuple[Step, dict]] = []
            for position, spec in enumerate(obj["steps"]):
                external_id = f"{obj['key']}.{spec['key']}"
                prefix = f"step.{external_id}"
                texts, complete = self.columns(Step, prefix)
                step = steps_of[process.pk].get(external_id)
                if step is None:
                    step = Step(
                        process=process,
                        office=offices.get(spec.get("office")),
                        link=spec.get("link", ""),
                        position=position,
                        external_source=SOURCE,
                        external_id=external_id,
                    )
                    self.clean(step, texts, glossary)
                    new_steps.append((step, spec))
                elif missing := self.missing(step, texts):
                    step.process = process
                    services.step_update(
                        step=step, user=author, expected_version=None, data=missing
                    )
                    self.result.updated["steps"] += 1
                step.process = process
                if not complete:
                    self.pending.append((step, prefix))
                steps[spec["key"]] = step
            if new_steps:
                services.steps_create_many(
                    steps=[step for step, _spec in new_steps],
                    documents={
                        index: {
                            "required_documents": [
                                documents[k].pk for k in spec.get("required", ())
                            ],
                            "produced_documents": [
                                documents[k].pk for k in spec.get("produced", ())
                            ],
                        }
                        for index, (_step, spec) in enumerate(new_steps)
                    },
                )
                self.result.created["steps"] += len(new_steps)
            self.step_continues(obj, steps)
            new_links = [
                link
                for spec in obj["links"]
                if (link := self.link(process, author, steps, spec, links_of)) is not None
            ]
            if new_links:
                StepLink.objects.bulk_create(new_links)
                self.result.created["links"] += len(new_links)
            if new_steps or new_links:
                self.revise(process, author, action="step_create")

    @staticmethod
    def step_continues(obj: dict, steps: dict[str, Step]) -> None:
        """The demo's links are the whole flow (as in MICADO): a step goes on to the next
        one only if a link leads there (apps/content/flow.py)."""
        pairs = {(spec["from"], spec["to"]) for spec in obj["links"]}
        keys = [spec["key"] for spec in obj["steps"]]
        stale = []
        for key, following in zip(keys, [*keys[1:], None], strict=True):
            step = steps[key]
            wanted = not pairs or following is None or (key, following) in pairs
            if step.continues != wanted:
                step.continues = wanted
                if step.pk:
                    stale.append(step)
        if stale:
            Step.objects.bulk_update(stale, ["continues"])

    def glossary_terms(self) -> dict[str, list[tuple[int, str]]]:
        """Published glossary terms usable in the region, per language (as the services use)."""
        codes = language_codes()
        rows = GlossaryTerm.objects.filter(
            region_id__in=region_ancestor_ids(self.region), status=Status.PUBLISHED
        ).values_list("pk", *[column("term", lang) for lang in codes])
        per_language: dict[str, list[tuple[int, str]]] = {lang: [] for lang in codes}
        for pk, *terms in rows:
            for lang, term in zip(codes, terms, strict=True):
                if term:
                    per_language[lang].append((pk, term))
        return per_language

    @staticmethod
    def clean(obj, texts: dict[str, str], glossary: dict[str, list[tuple[int, str]]]) -> None:
        """Set the texts of a step or link as the services would store them, and validate."""
        model = type(obj)
        for name in TRANSLATED_FIELDS[model]:
            for lang in language_codes():
                col = column(name, lang)
                text = texts.get(col, "")
                sanitize.check_text(text, field_label=col)
                if text and name in rich_fields(model):
                    text = mentions.autolink_glossary(
                        sanitize.sanitize_html(text), glossary[lang], language=lang
                    )
                setattr(obj, col, text)
        related = [f.name for f in model._meta.concrete_fields if f.is_relation]
        obj.full_clean(exclude=related, validate_unique=False, validate_constraints=False)

    @staticmethod
    def revise(process: Process, author: User, *, action: str) -> None:
        """Next version of the process and its revision, as the step services write them."""
        (revision,) = services.revisions_write_many(
            model=Process, pks=[process.pk], action=action, user=author
        )
        process.version = revision.number

    def link(self, process, author, steps, spec, links_of) -> StepLink | None:
        """A new (unsaved) link, or None if it exists; labels it lacks are added."""
        from_step, to_step = steps[spec["from"]], steps[spec["to"]]
        prefix = f"link.{process.external_id}.{spec['from']}.{spec['to']}"
        labels = self.texts[prefix].get("label", {}) if spec.get("labelled") else {}
        existing = links_of.get((from_step.pk, to_step.pk))
        if existing is None:
            link = StepLink(process=process, from_step=from_step, to_step=to_step)
            self.clean(link, {column("label", lang): text for lang, text in labels.items()}, {})
            return link
        if all(getattr(existing, column("label", lang)) for lang in labels):
            return None
        # Links have no update service: replace the link, keeping the labels it has.
        kept = {
            lang: getattr(existing, column("label", lang))
            for lang in language_codes()
            if getattr(existing, column("label", lang))
        }
        services.step_link_delete(link=existing, user=author, expected_version=None)
        services.step_link_create(
            process=process,
            user=author,
            expected_version=None,
            from_step=from_step,
            to_step=to_step,
            label={**labels, **kept},
        )
        self.result.updated["links"] += 1
        return None

    # --- mentions of objects loaded later ------------------------------------------------

    def resolve_pending(self) -> None:
        for obj, prefix in self.pending:
            model = type(obj)
            texts, _complete = self.columns(model, prefix)
            data = {}
            for col in texts:
                current = getattr(obj, col) or ""
                if KEY_MARKER_RE.search(current):
                    data[col] = self.resolve(current, final=True)[0]
            if not data:
                continue
            if isinstance(obj, Step):
                services.step_update(
                    step=obj,
                    user=self.authors[obj.process.organisation.slug],
                    expected_version=None,
                    data=data,
                )
            else:
                services.item_update(
                    item=obj,
                    user=self.authors[obj.organisation.slug],
                    expected_version=None,
                    data=data,
                )

    # --- the whole load ------------------------------------------------------------------

    def run(self) -> MunicipalityResult:
        self.ngos()
        self.topics = self.taxonomy("topics")
        self.user_types = self.taxonomy("user_types")
        self.items("offices", self.office_fields)
        self.items(
            "document_types",
            lambda o: {"validity_days": o["validity_days"], "icon": o["icon"]},
        )
        self.items("glossary")
        self.items("information", lambda o: {"kind": o["kind"], "link": o["link"]})
        self.items("events", self.event_fields, self.event_redate)
        self.items("courses", self.course_fields, self.course_redate)
        self.items("processes", lambda o: {"link": o["link"]})
        self.steps_and_links()
        self.items("comments")
        self.resolve_pending()
        self.result.counts = self.counts()
        return self.result

    def counts(self) -> dict[str, int]:
        demo = {"external_source": SOURCE}
        processes = Process.objects.filter(**demo)
        return {
            "processes": processes.count(),
            "steps": Step.objects.filter(process__in=processes).count(),
            "step links": StepLink.objects.filter(process__in=processes).count(),
            "offices": Office.objects.filter(**demo).count(),
            "document types": DocumentType.objects.filter(**demo).count(),
            "glossary terms": GlossaryTerm.objects.filter(**demo).count(),
            "information pages": Information.objects.filter(**demo).count(),
            "events": Event.objects.filter(**demo).count(),
            "courses": Course.objects.filter(**demo).count(),
            "NGOs": Organisation.objects.filter(
                slug__in=[n["key"] for n in self.structure["ngos"]], kind=OrganisationKind.NGO
            ).count(),
            "NGO tips": Comment.objects.filter(**demo).count(),
            "topics": Topic.objects.filter(**demo).count(),
            "user types": UserType.objects.filter(**demo).count(),
        }


@transaction.atomic
def load_municipality(*, texts: dict[str, dict[str, str]] | None = None) -> MunicipalityResult:
    """Load (or complete) Lindenfeld's demo content; needs `load_foundation` first.

    `texts` ({language: {key: text}}) defaults to the text files (`read_texts`)."""
    return _Loader(read_structure(), read_texts() if texts is None else texts).run()
