"""Import of a MICADO database dump (PostgreSQL, plain INSERTs, schema `micadoapp`).

`micado_import(path, region=...)` reads the dump with `sqldump.read_dump` (no
PostgreSQL needed) and maps it onto the content model in one transaction:

| MICADO                                   | here                                        |
|------------------------------------------|---------------------------------------------|
| tenant (the PA tenant / the others)      | Organisation (public authority / NGO)       |
| topic (tree, `father`)                   | Topic (tree, owned by the imported region)  |
| event_category, information_category     | Topic (root)                                |
| event_tags, information_tags             | Topic (child of the item's category)        |
| user_types                               | UserType (owned by the imported region)     |
| document_type                            | DocumentType                                |
| glossary                                 | GlossaryTerm                                |
| information                              | Information                                 |
| event                                    | Event                                       |
| process (+ process_topic, process_users) | Process                                     |
| step, step_document (cost, in/out)       | Step (position from the links), documents   |
| step_link                                | StepLink (label); linked steps do not continue |
| process_produced_documents               | documents received at the process's last steps |
| comments + process_comments              | Comment (of the tenant's organisation)      |

Texts: a published item takes the published copy (`*_translation_prod`), any
other item the editing copy (`*_translation`); each MICADO language maps to one
of ours (`LANGUAGE_MAP`), others are skipped and counted. Markdown becomes HTML,
HTML is sanitised (`sanitize.sanitize_html`), and mention markers are renumbered
to this platform's ids (a marker whose target is not in the dump becomes plain
text and is reported). MICADO ids are kept in `external_source`/`external_id`,
so importing again updates what changed and reports the rest as unchanged. MICADO's
translation state per item and language is stored as translation states (`STATE_MAP`,
`apps.translations`).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind
from apps.content import mentions, sanitize, services
from apps.content.fields import rich_fields
from apps.content.importers.sqldump import Dump, DumpError, Row, read_dump
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
from apps.core.cache import content_changed
from apps.regions.models import Region, RegionLevel
from apps.translations import selectors as translation_selectors
from apps.translations import services as translations
from apps.translations.models import State

# MICADO language codes -> ours. Anything else is skipped (and counted).
LANGUAGE_MAP = {
    "ar": "ar",
    "zh-hans": "zh-hans",
    "zh_hans": "zh-hans",
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "prs": "prs",
    "fa": "prs",
    "fa-af": "prs",
    "nl": "nl",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "de": "de",
    "it": "it",
    "ru": "ru",
    "es": "es",
    "uk": "uk",
    "ur": "ur",
}
# MICADO's `translationState` (settings key "translationState").
TRANSLATION_STATES = {0: "editing", 1: "translatable", 2: "translating", 3: "translated"}
# ... and ours (docs/import.md): only a text MICADO confirmed counts as translated; a text
# it had not confirmed yet (being edited, handed to or with translators) is in translation.
STATE_MAP = {
    "published": State.TRANSLATED,
    "translated": State.TRANSLATED,
    "translating": State.IN_TRANSLATION,
    "translatable": State.IN_TRANSLATION,
    "editing": State.IN_TRANSLATION,
}
MENTION_MODELS = {"g": GlossaryTerm, "p": Process, "i": Information, "e": Event}
MICADO_TIME_ZONE = "Europe/Brussels"
# The dump shipped with the project is the Antwerp pilot (Belgian NIS code 11002).
PILOT_REGION = ("BE-11002", "Antwerpen")
PILOT_DUMP = Path(settings.BASE_DIR) / "tests" / "data" / "micado" / "micado-2021-03-31.sql"

# Summary rows, in the order printed.
TYPES = [
    "organisations",
    "topics",
    "user types",
    "document types",
    "glossary terms",
    "information",
    "events",
    "processes",
    "steps",
    "step links",
    "step documents",
    "comments",
]
TYPE_LABELS = {
    "organisations": lambda: _("organisations"),
    "topics": lambda: _("topics"),
    "user types": lambda: _("user types"),
    "document types": lambda: _("document types"),
    "glossary terms": lambda: _("glossary terms"),
    "information": lambda: _("information pages"),
    "events": lambda: _("events"),
    "processes": lambda: _("processes"),
    "steps": lambda: _("steps"),
    "step links": lambda: _("step links"),
    "step documents": lambda: _("step documents"),
    "comments": lambda: _("comments"),
}
Progress = Callable[[str, int, int], None]
_HTML = re.compile(r"</?(p|br|ul|ol|li|a|strong|em|b|i|u|h[1-6]|div|span|table)\b", re.I)
_URL = URLValidator(schemes=["http", "https"])
_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


class ImportFailed(Exception):
    """The dump could not be imported; nothing was changed."""

    def __init__(self, message: str, *, line: int | None = None):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass
class Problem:
    line: int
    table: str
    message: str


@dataclass
class TypeCount:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class ImportResult:
    counts: dict[str, TypeCount] = field(default_factory=lambda: {t: TypeCount() for t in TYPES})
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    skipped_languages: Counter = field(default_factory=Counter)
    # (type, MICADO id) -> {our language: MICADO translation state or "published"}
    translation_states: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    dry_run: bool = False
    region: Region | None = None

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def table(self) -> list[list[str]]:
        head = [_("type"), _("read"), _("created"), _("updated"), _("unchanged"), _("skipped")]
        rows = [head]
        for key in TYPES:
            c = self.counts[key]
            rows.append(
                [
                    TYPE_LABELS[key](),
                    *map(str, (c.read, c.created, c.updated, c.unchanged, c.skipped)),
                ]
            )
        return rows


class _DryRun(Exception):
    pass


# --- text helpers -----------------------------------------------------------------------


def markdown_to_html(text: str) -> str:
    """The little Markdown MICADO's editors wrote: paragraphs, bold, italics, links, lists."""
    text = html.escape(text.replace("\r\n", "\n"), quote=False)
    text = re.sub(r"!\[[^\]\n]*\]\(<?[^)\n>]*>?\)", "", text)  # images are not kept
    text = re.sub(
        r"\[([^\]\n]+)\]\(&lt;(https?://[^\s)]+?)&gt;\)|\[([^\]\n]+)\]\((https?://[^\s)]+)\)",
        lambda m: f'<a href="{m[2] or m[4]}">{m[1] or m[3]}</a>',
        text,
    )
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(re.match(r"\s*[-*+]\s+", line) for line in lines):
            items = "".join(f"<li>{_BULLET.sub('', li)}</li>" for li in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif all(re.match(r"\s*\d+[.)]\s+", line) for line in lines):
            items = "".join(f"<li>{_NUMBERED.sub('', li)}</li>" for li in lines)
            blocks.append(f"<ol>{items}</ol>")
        elif m := re.match(r"(#{1,6})\s+(.*)", lines[0]):
            level = min(len(m[1]) + 1, 4)
            blocks.append(f"<h{level}>{m[2]}</h{level}>")
            if lines[1:]:
                blocks.append("<p>" + "<br>".join(lines[1:]) + "</p>")
        else:
            blocks.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(blocks)


def rich_text(text: str | None) -> tuple[str, bool]:
    """Sanitised HTML from MICADO's HTML or Markdown; True if something unsafe was removed."""
    text = (text or "").strip()
    if not text:
        return "", False
    if not _HTML.search(text):
        text = markdown_to_html(text)
    unsafe = sanitize.dangerous_markup(text)
    return sanitize.sanitize_html(text), unsafe


def plain_text(text: str | None, max_length: int) -> tuple[str, bool]:
    value = html.unescape(strip_tags(text or "")).strip()
    value = re.sub(r"\s+", " ", value)
    if len(value) > max_length:
        return value[: max_length - 1].rstrip() + "…", True
    return value, False


def remap_mentions(text: str, ids: dict[str, dict[str, int]]) -> tuple[str, list[tuple[str, str]]]:
    """MICADO ids in mention markers -> ours; unknown targets become plain text."""
    missing: list[tuple[str, str]] = []

    def repl(m: re.Match) -> str:
        pk = ids.get(m["kind"], {}).get(m["id"])
        if pk is None:
            missing.append((m["kind"], m["id"]))
            return html.escape(m["text"], quote=False)
        return mentions.mention_encode(m["kind"], pk, m["text"], enabled=not m["off"])

    return mentions.MENTION_RE.sub(repl, text), missing


def valid_url(value: str | None) -> str:
    value = (value or "").strip()
    if value and not re.match(r"https?://", value) and re.match(r"www\.", value):
        value = "https://" + value
    if not value or len(value) > 200:
        return ""
    try:
        _URL(value)
    except ValidationError:
        return ""
    return value


def _aware(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=ZoneInfo(MICADO_TIME_ZONE))
    return parsed


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return Decimal(0)
    return number if number.is_finite() and number > 0 else Decimal(0)


def _format_cost(amount: Decimal) -> str:
    return f"€ {amount.quantize(Decimal('0.01'))}".replace(".00", "")


# --- the import -------------------------------------------------------------------------


@dataclass
class _Spec:
    """How one MICADO item table maps to one of our models."""

    key: str  # summary type
    table: str
    model: type[models.Model]
    texts: dict[str, str]  # MICADO translation column -> our field
    prefix: str = ""  # external id prefix (topics share one table)
    id_column: str = "id"

    @property
    def rich(self) -> tuple[str, ...]:
        """Our fields that hold rich text: the registry's (apps/content/fields.py)."""
        return rich_fields(self.model)


@dataclass
class _Desired:
    ext_id: str
    line: int
    fields: dict[str, Any]
    m2m: dict[str, set[int]] = field(default_factory=dict)
    raw_texts: dict[str, str] = field(default_factory=dict)  # column -> text before mentions
    text_lines: dict[str, int] = field(default_factory=dict)


class _Importer:
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

    # reporting -----------------------------------------------------------------------------

    def skip(self, key: str, row: Row, table: str, message: str) -> None:
        self.result.counts[key].skipped += 1
        self.result.problems.append(Problem(row.line, table, message))

    def note(self, line: int, table: str, message: str) -> None:
        self.result.notes.append(Problem(line, table, message))

    def step_progress(self, label: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(label, done, total)

    # texts -------------------------------------------------------------------------------

    def texts(
        self, spec: _Spec, item_id: Any, published: bool
    ) -> tuple[dict[str, dict[str, tuple[str, int]]], dict[str, str]]:
        """{language: {field: (text, line)}} and {language: state} for one item."""
        per_lang: dict[str, dict[str, tuple[str, int]]] = {}
        states: dict[str, str] = {}
        prod = self._by_id(spec.table + "_translation_prod", spec.id_column).get(item_id, [])
        edit = self._by_id(spec.table + "_translation", spec.id_column).get(item_id, [])
        title_col = next(iter(spec.texts))
        use_prod = published and any((r.get(title_col) or "").strip() for r in prod)
        for row in prod if use_prod else edit:
            lang = LANGUAGE_MAP.get(str(row["lang"]).lower())
            values = {
                ours: (row.get(theirs) or "", row.line)
                for theirs, ours in spec.texts.items()
                if (row.get(theirs) or "").strip()
            }
            if lang is None:
                if values:
                    self.result.skipped_languages[str(row["lang"])] += 1
                continue
            if lang not in self.languages or not values:
                if values and lang not in self.languages:
                    self.result.skipped_languages[str(row["lang"])] += 1
                continue
            per_lang[lang] = values
            state = row.get("translationState")
            states[lang] = "published" if use_prod else TRANSLATION_STATES.get(state, "editing")
        return per_lang, states

    _index_cache: dict[tuple[str, str], dict[Any, list[Row]]]

    def _by_id(self, table: str, column: str) -> dict[Any, list[Row]]:
        cache = self.__dict__.setdefault("_index_cache", {})
        key = (table, column)
        if key not in cache:
            index: dict[Any, list[Row]] = defaultdict(list)
            for row in self.dump.rows(table):
                index[row.get(column)].append(row)
            cache[key] = index
        return cache[key]

    def source_language(self, per_lang: dict[str, dict[str, Any]], title_field: str) -> str | None:
        order = [self.default_language] + [
            LANGUAGE_MAP.get(str(code).lower(), "") for code in self.micado_languages
        ]
        order += sorted(per_lang)
        return next((lang for lang in order if title_field in per_lang.get(lang, {})), None)

    def text_fields(
        self,
        spec: _Spec,
        model: type[models.Model],
        per_lang: dict[str, dict[str, tuple[str, int]]],
        desired: _Desired,
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

    # sync --------------------------------------------------------------------------------

    def load_existing(self, model: type[models.Model]) -> dict[str, Any]:
        if model not in self.existing:
            self.existing[model] = {
                obj.external_id: obj
                for obj in model.objects.filter(external_source=self.source).exclude(external_id="")
            }
        return self.existing[model]

    def sync(self, key: str, model: type[models.Model], desired: list[_Desired]) -> None:
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

    def sync_m2m(self, model: type[models.Model], desired: list[_Desired]) -> None:
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

    # content items -----------------------------------------------------------------------

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
        spec: _Spec,
        *,
        organisation_of: Callable[[Row], Organisation | None] | None = None,
        extra: Callable[[Row, _Desired], str | None] | None = None,
        published_column: str = "published",
    ) -> list[_Desired]:
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
            want = _Desired(ext_id, row.line, {})
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

    def apply_mentions(self, desired_by_model: dict[type, list[_Desired]], table_of) -> None:
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

    # the whole run -----------------------------------------------------------------------

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
            DocumentType: _Spec(
                "document types",
                "document_type",
                DocumentType,
                {"document": "name", "description": "description"},
            ),
            GlossaryTerm: _Spec(
                "glossary terms",
                "glossary",
                GlossaryTerm,
                {"title": "term", "description": "explanation"},
            ),
            Information: _Spec(
                "information",
                "information",
                Information,
                {"information": "title", "description": "body"},
            ),
            Event: _Spec(
                "events",
                "event",
                Event,
                {"event": "title", "description": "description"},
            ),
            Process: _Spec(
                "processes",
                "process",
                Process,
                {"process": "title", "description": "description"},
            ),
        }
        desired: dict[type, list[_Desired]] = {}
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

    def resync_texts(self, model: type[models.Model], desired: list[_Desired]) -> None:
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

    # organisations, topics, user types ---------------------------------------------------

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
        desired: list[_Desired] = []
        parents: dict[str, str] = {}
        position = 0
        for table, prefix, text_col in (
            ("topic", "", "topic"),
            ("event_category", "event_category:", "event_category"),
            ("information_category", "information_category:", "information_category"),
        ):
            spec = _Spec(key, table, Topic, {text_col: "name"}, prefix=prefix)
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
            spec = _Spec(key, table, Topic, {"tag": "name"}, prefix=f"{kind}_tag:")
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
        spec = _Spec(
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

    # per-type extras -------------------------------------------------------------------------

    def document_type_extra(self, row: Row, want: _Desired) -> str | None:
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
        start, end = _aware(row.get("start_date")), _aware(row.get("end_date"))
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
        want.fields["allow_cycles"] = _has_cycle(edges)
        return None

    # steps and links -----------------------------------------------------------------------

    def steps_and_links(self) -> tuple[list[_Desired], list[_Desired]]:
        processes = self.objects.get(Process, {})
        documents = self.ids(DocumentType)
        step_rows = self.dump.rows("step")
        link_rows = self.dump.rows("step_link")
        counts = self.result.counts
        counts["steps"].read = len(step_rows)
        counts["step links"].read = len(link_rows)
        doc_rows = self.dump.rows("step_document") + self.dump.rows("process_produced_documents")
        counts["step documents"].read = len(doc_rows)
        step_spec = _Spec(
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
        desired_steps: list[_Desired] = []
        for process_ext, rows in by_process.items():
            process = processes[process_ext]
            ids = [str(r["id"]) for r in rows]
            edges = [
                (str(r["from_step"]), str(r["to_step"]))
                for r in self._by_id("step_link", "id_process").get(int(process_ext), [])
            ]
            ordered = _step_order(ids, edges)
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
                want = _Desired(step_id, row.line, {"process_id": process.pk})
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
            cost[step_id] += _decimal(row.get("cost"))
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
            cost[step_id] += _decimal(row.get("cost"))
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
                    _format_cost(amount) if amount and lang == source else ""
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
        link_spec = _Spec("step links", "step_link", StepLink, {"description": "label"})
        desired_links: list[_Desired] = []
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
            want = _Desired(
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

    def mark_processes_changed(self, model, process_of: dict[str, str]) -> None:
        """A process whose steps or links changed gets a new version and revision."""
        touched = (self.created[model] | self.changed_items[model]) & set(process_of)
        self.touched_processes |= {process_of[ext] for ext in touched}

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

    def comments(self) -> list[_Desired]:
        processes = self.objects.get(Process, {})
        process_of: dict[str, list[str]] = defaultdict(list)
        for row in self.dump.rows("process_comments"):
            process_of[str(row["idcomment"])].append(str(row["idprocess"]))

        def organisation_of(row: Row) -> Organisation | None:
            return self.tenant_orgs.get(str(row.get("tenant_id")))

        def extra(row: Row, want: _Desired) -> str | None:
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

        spec = _Spec("comments", "comments", Comment, {"comment": "text"})
        desired = self.items(spec, organisation_of=organisation_of, extra=extra)
        self.sync("comments", Comment, desired)
        return desired

    # translation states ----------------------------------------------------------------------

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

    # revisions -------------------------------------------------------------------------------

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


def _step_order(ids: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """Steps in the order of the flow: a topological order of the links (Kahn), ties and
    unlinked steps in dump order; steps on a cycle follow in dump order."""
    known = set(ids)
    incoming: Counter = Counter()
    outgoing: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a in known and b in known and a != b:
            outgoing[a].append(b)
            incoming[b] += 1
    rank = {step_id: n for n, step_id in enumerate(ids)}
    ready = sorted((s for s in ids if incoming[s] == 0), key=rank.get)
    order: list[str] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for nxt in outgoing[node]:
            incoming[nxt] -= 1
            if incoming[nxt] == 0:
                ready.append(nxt)
                ready.sort(key=rank.get)
    placed = set(order)
    return order + [s for s in ids if s not in placed]


def _has_cycle(edges: list[tuple[Any, Any]]) -> bool:
    graph: dict[Any, list[Any]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    state: dict[Any, int] = {}

    def visit(node: Any) -> bool:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(graph))


def _dump_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def micado_import(
    source: str | Path | Dump,
    *,
    region: Region | str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a MICADO dump into `region` in one transaction (rolled back on any error, and
    always for a dry run). Raises ImportFailed (with the line) if the dump cannot be read.

    `region` may be a region code: the pilot region's code creates it when missing, inside
    the same transaction, so a failed import or a dry run leaves no region behind."""
    if isinstance(source, Dump):
        dump = source
    else:
        try:
            dump = read_dump(
                source,
                progress=(lambda done, total: progress(_("reading"), done, total))
                if progress
                else None,
            )
        except DumpError as exc:
            raise ImportFailed(str(exc), line=exc.line) from exc
        except OSError as exc:
            raise ImportFailed(_("Cannot read the dump: %(error)s") % {"error": exc}) from exc
    if not dump.rows("process") and not dump.rows("glossary") and not dump.rows("information"):
        raise ImportFailed(
            _("This is not a MICADO dump: it has no processes, glossary or information rows.")
        )
    try:
        with transaction.atomic():
            importer = _Importer(dump, region=_region_resolve(region), progress=progress)
            result = importer.run()
            result.dry_run = dry_run
            content_changed()  # after the commit; a dry run rolls back and drops it
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except Exception as exc:
        if isinstance(exc, ImportFailed):
            raise
        raise ImportFailed(
            _("The import failed and changed nothing: %(error)s") % {"error": exc}
        ) from exc
    return importer.result


def _region_resolve(region: Region | str) -> Region:
    if isinstance(region, Region):
        return region
    if region == PILOT_REGION[0]:
        return pilot_region_ensure()
    found = Region.objects.filter(code=region).first()
    if found is None:
        raise ImportFailed(_("There is no region with the code %(code)s.") % {"code": region})
    return found


def pilot_region_ensure() -> Region:
    """The region of the shipped MICADO pilot (Antwerp): a root of its own, outside the
    German tree (the Region model validates AGS keys below the root level only)."""
    code, name = PILOT_REGION
    region, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": RegionLevel.FEDERATION}
    )
    return region


def pilot_import(*, progress: Progress | None = None) -> ImportResult:
    """Import the shipped Antwerp pilot dump into its own region (used by load_demo)."""
    return micado_import(PILOT_DUMP, region=PILOT_REGION[0], progress=progress)
