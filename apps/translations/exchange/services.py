"""Import of a translated exchange file (XLIFF 1.2, XLIFF 2.0, PO).

Every unit is checked before anything is written:

- rejected: an id that names nothing (or an item the user may not translate), a file
  whose target language is unknown or is the unit's source language, placeholders
  missing, doubled or invented, a text the content rules refuse (too long, scripts);
- flagged: the source text changed since the export (the fingerprint differs): not
  applied unless the user confirms;
- unchanged: the translation equals what the platform has; untranslated: no target.

One rejected unit refuses the whole file (nothing changed, the error lists the units
with their line). Otherwise the applied units are written in one transaction through
content's `item_translation_write` (one version and revision per item) and their items,
steps and links get the state `translated` (or `in_translation` if the import says so,
or if a field of that object is still untranslated).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from apps.content import services as content_services
from apps.content.fields import TRANSLATED_FIELDS
from apps.content.models import ContentItem
from apps.translations import placeholders
from apps.translations import services as state_services
from apps.translations.exchange.formats import FileError, FileUnit, parse
from apps.translations.exchange.selectors import (
    fingerprint,
    is_rich,
    objects_for_keys,
    owner_of,
    parse_key,
)
from apps.translations.models import State
from apps.translations.selectors import latest_source_hashes


@dataclass
class UnitReport:
    key: str
    line: int | None
    message: str = ""

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else ""
        text = f"{where}, {self.key}" if where else self.key
        return f"{text}: {self.message}" if self.message else text


@dataclass
class ImportReport:
    format: str = ""
    language: str = ""
    applied: list[UnitReport] = field(default_factory=list)
    flagged: list[UnitReport] = field(default_factory=list)
    rejected: list[UnitReport] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    items_changed: int = 0
    confirmed_changed: bool = False
    dry_run: bool = False

    def summary(self) -> str:
        return _(
            "%(applied)d applied, %(flagged)d flagged (source changed since the export), "
            "%(rejected)d rejected, %(unchanged)d unchanged, %(untranslated)d not translated."
        ) % {
            "applied": len(self.applied),
            "flagged": len(self.flagged) if not self.confirmed_changed else 0,
            "rejected": len(self.rejected),
            "unchanged": self.unchanged,
            "untranslated": self.untranslated,
        }


class ImportRefused(Exception):
    """The file was not imported; nothing changed. `report` lists the rejected units."""

    def __init__(self, message: str, *, report: ImportReport | None = None):
        super().__init__(message)
        self.message = message
        self.report = report or ImportReport()

    def lines(self) -> list[str]:
        return [self.message, *(str(r) for r in self.report.rejected)]


class _DryRun(Exception):
    pass


def _reject(report: ImportReport, unit: FileUnit, message: str) -> None:
    report.rejected.append(UnitReport(unit.key or "?", unit.line, message))


def exchange_import(
    *,
    data: bytes,
    user=None,
    confirm_changed: bool = False,
    language: str | None = None,
    state: str = State.TRANSLATED,
    dry_run: bool = False,
) -> ImportReport:
    """Import a translated file. Raises ImportRefused (nothing changed) for a file that
    cannot be read or has rejected units, unless `dry_run` (then the report lists them;
    a dry run writes nothing). `language`: the language the user expects the file in."""
    try:
        parsed = parse(data)
    except FileError as exc:
        raise ImportRefused(exc.message) from exc
    report = ImportReport(
        format=parsed.format,
        language=parsed.target_language,
        confirmed_changed=confirm_changed,
        dry_run=dry_run,
    )
    target = parsed.target_language
    if target not in content_services.language_codes():
        raise ImportRefused(
            _("The file's target language “%(code)s” is not a language of this platform.")
            % {"code": target or "–"},
            report=report,
        )
    if language and target != language:
        raise ImportRefused(
            _("The file is in %(found)s, not in %(expected)s as chosen.")
            % {"found": target, "expected": language},
            report=report,
        )
    if state not in (State.TRANSLATED, State.IN_TRANSLATION):
        raise ValueError(state)
    if not parsed.units:
        raise ImportRefused(_("The file has no translation units."), report=report)
    keys = {}
    seen: set[str] = set()
    for unit in parsed.units:
        key = parse_key(unit.key)
        if unit.key in seen:
            _reject(report, unit, _("this id occurs more than once in the file"))
        seen.add(unit.key)
        if key is not None:
            keys[unit.key] = key
    objects = objects_for_keys((m, pk) for m, pk, _f in keys.values())
    writes: dict[tuple, tuple[ContentItem, dict[models.Model, dict[str, str]]]] = {}
    for unit in parsed.units:
        key = keys.get(unit.key)
        obj = objects.get(key[:2]) if key else None
        if obj is None:
            _reject(report, unit, _("unknown id: there is no such text on this platform"))
            continue
        model, _pk, field_name = key
        owner = owner_of(obj)
        if user is not None and not user.has_perm("content.translate_item", owner):
            _reject(report, unit, _("you are not allowed to translate this item"))
            continue
        if target == owner.source_language:
            _reject(
                report,
                unit,
                _("%(code)s is the source language of this item, not a translation")
                % {"code": target},
            )
            continue
        if unit.problem:
            _reject(report, unit, unit.problem)
            continue
        if not _has_text(unit.target):
            report.untranslated += 1
            continue
        source_now = getattr(obj, content_services.column(field_name, owner.source_language)) or ""
        rich = is_rich(model, field_name)
        codes = unit.codes or placeholders.protect(source_now, rich=rich).codes
        try:
            text = placeholders.restore(unit.target, codes, rich=rich)
        except placeholders.PlaceholderError as exc:
            _reject(report, unit, str(exc))
            continue
        changed_source = unit.fingerprint != fingerprint(source_now)
        if changed_source and not confirm_changed:
            report.flagged.append(
                UnitReport(
                    unit.key,
                    unit.line,
                    _("the source text changed since the export")
                    if unit.fingerprint
                    else _("the unit has no fingerprint"),
                )
            )
            continue
        current = getattr(obj, content_services.column(field_name, target)) or ""
        if text == current:
            report.unchanged += 1
            continue
        canonical, texts = writes.setdefault((type(owner), owner.pk), (owner, {}))
        texts.setdefault(canonical if obj is owner else obj, {})[field_name] = text
        report.applied.append(UnitReport(unit.key, unit.line))
    if report.rejected and not dry_run:
        raise ImportRefused(
            _("The file was not imported: %(count)d units are rejected. Nothing was changed.")
            % {"count": len(report.rejected)},
            report=report,
        )
    try:
        with transaction.atomic():
            _apply(writes, report=report, language=target, user=user, state=state)
            if report.rejected and not dry_run:
                raise ImportRefused(
                    _("The file was not imported: %(count)d units are rejected. "
                      "Nothing was changed.") % {"count": len(report.rejected)},
                    report=report,
                )  # fmt: skip
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _has_text(segments) -> bool:
    if not segments:
        return False
    return any(isinstance(s, placeholders.Ph) or s.strip() for s in segments)


def _apply(writes, *, report: ImportReport, language: str, user, state: str) -> None:
    by_key = {r.key: r for r in report.applied}
    entries: list[state_services.StateEntry] = []
    written: list[tuple[ContentItem, dict]] = []
    for owner, texts in writes.values():
        try:
            with transaction.atomic():
                content_services.item_translation_write(
                    item=owner, language=language, texts=texts, user=user
                )
        except ValidationError as exc:
            for obj, fields in texts.items():
                for field_name in fields:
                    key = f"{type(obj)._meta.model_name}:{obj.pk}:{field_name}"
                    unit = by_key.pop(key, None)
                    if unit is not None:
                        report.applied.remove(unit)
                        report.rejected.append(UnitReport(key, unit.line, " ".join(exc.messages)))
            continue
        report.items_changed += 1
        written.append((owner, texts))
    # The items' source hashes after the writes: one query per content type.
    by_type: dict[type, list[int]] = {}
    for owner, _texts in written:
        by_type.setdefault(type(owner), []).append(owner.pk)
    hashes_of = {model: latest_source_hashes(model, pks) for model, pks in by_type.items()}
    for owner, texts in written:
        hashes = hashes_of[type(owner)]
        for obj in texts:
            source_language = owner.source_language
            complete = all(
                (getattr(obj, content_services.column(f, language)) or "").strip()
                for f in TRANSLATED_FIELDS[type(obj)]
                if (getattr(obj, content_services.column(f, source_language)) or "").strip()
            )
            source_hash = (
                hashes.get(owner.pk, "")
                if obj is owner
                else state_services.current_source_hash(obj)
            )
            entries.append(
                state_services.StateEntry(
                    model=type(obj),
                    object_id=obj.pk,
                    language=language,
                    state=state if complete else State.IN_TRANSLATION,
                    source_hash=source_hash,
                    source_language=source_language,
                )
            )
    if entries:
        state_services.states_set_bulk(entries=entries, user=user)
