"""Destatis GENESIS "table CSV" exports, read through a mapping file.

A GENESIS table has title lines, a block of column-header lines (their first
cell is empty), then a body whose rows are either *group rows* (only the first
cell filled, e.g. a Land or a reference date that applies to the rows below)
or *data rows* (label cells, then pairs of value and quality flag), and a
footer after a line of underscores. The mapping (TOML, see
apps/dashboard/mappings/ and docs/dashboard.md) names the dimensions:

    rows = ["measure", "unit"]       # the label cells of a data row
    columns = ["", "period"]         # the header lines, bottom-most last; "" ignores one
    [[groups]]                       # what a group row sets; the first whose pattern matches
    name = "region"

and says which cells become which indicator:

    [[indicators]]
    code = "unemployment_rate"
    where = { measure = "Arbeitslosenquote aller zivilen Erwerbspersonen" }

Every cell matched by an indicator needs a region and a period, taken from
the dimensions named "region" and "period" (or the constants `region = "DE"`,
`period = "2020"`); with `aggregate = "sum"` the matched cells of one
region and period are added up.
"""

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from apps.dashboard.importers.common import (
    ErrorList,
    ObservationRow,
    parse_period,
    parse_value,
)

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
_TABLE_LINE = re.compile(r"^Tabelle:\s*([0-9A-Za-z-]+)")


@dataclass
class Group:
    name: str
    pattern: re.Pattern | None = None


@dataclass
class Rule:
    code: str
    where: dict[str, list[str]]
    aggregate: str = ""
    scale: Decimal = Decimal(1)


@dataclass
class Mapping:
    name: str
    table: str = ""
    source: str = ""
    delimiter: str = ";"
    decimal_comma: bool = True
    flag_columns: bool = True
    footer_marker: str = "___"
    rows: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    region: str = ""
    period: str = ""
    indicators: list[Rule] = field(default_factory=list)


class MappingError(ValueError):
    pass


def mapping_names() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))


def mapping_load(name_or_path: str) -> Mapping:
    """A mapping by name (a file in apps/dashboard/mappings/) or by path (command line)."""
    path = Path(name_or_path)
    if name_or_path in mapping_names():
        path = MAPPINGS_DIR / f"{name_or_path}.toml"
    elif not path.is_file():
        raise MappingError(_("There is no mapping “%(name)s”.") % {"name": name_or_path})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(
            _("The mapping %(name)s is not valid TOML: %(error)s")
            % {"name": path.name, "error": exc}
        ) from None
    return mapping_parse(data, name=path.stem)


def mapping_parse(data: dict, *, name: str = "mapping") -> Mapping:
    try:
        mapping = Mapping(
            name=name,
            table=str(data.get("table", "")),
            source=str(data.get("source", "")),
            delimiter=str(data.get("delimiter", ";")),
            decimal_comma=bool(data.get("decimal_comma", True)),
            flag_columns=bool(data.get("flag_columns", True)),
            footer_marker=str(data.get("footer_marker", "___")),
            rows=[str(x) for x in data.get("rows", [])],
            columns=[str(x) for x in data.get("columns", [])],
            groups=[
                Group(str(g["name"]), re.compile(g["pattern"]) if g.get("pattern") else None)
                for g in data.get("groups", [])
            ],
            region=str(data.get("region", "")),
            period=str(data.get("period", "")),
            indicators=[
                Rule(
                    code=str(r["code"]),
                    where={
                        str(k): [str(x) for x in (v if isinstance(v, list) else [v])]
                        for k, v in r.get("where", {}).items()
                    },
                    aggregate=str(r.get("aggregate", "")),
                    scale=Decimal(str(r.get("scale", 1))),
                )
                for r in data.get("indicators", [])
            ],
        )
    except (KeyError, TypeError, re.error, ArithmeticError) as exc:
        raise MappingError(
            _("The mapping %(name)s is incomplete: %(error)s") % {"name": name, "error": exc}
        ) from None
    if not mapping.rows or not mapping.indicators:
        raise MappingError(_("A mapping needs “rows” and at least one “indicators” entry."))
    for rule in mapping.indicators:
        if rule.aggregate not in ("", "sum"):
            raise MappingError(_("“aggregate” can only be “sum”."))
    return mapping


def mapping_detect(text: str) -> str | None:
    """The mapping whose name is the table number in the first line ("Tabelle: 12411-0010")."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if (m := _TABLE_LINE.match(first)) and m[1] in mapping_names():
        return m[1]
    return None


def _filled(cells: list[str]) -> bool:
    return any(c.strip() for c in cells)


def genesis_parse(text: str, mapping: Mapping) -> tuple[list[ObservationRow], int, ErrorList]:
    """The observations in a GENESIS table CSV, the number of data rows read, the bad lines."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    n_labels = len(mapping.rows)
    step = 2 if mapping.flag_columns else 1
    errors = ErrorList()
    header_lines: list[list[str]] = []
    state = "title"
    groups: dict[str, str] = {}
    col_dims: list[dict[str, str]] = []
    cells: dict[tuple[str, str, str], list] = {}
    rows_read = 0

    for record in reader:
        line = reader.line_num
        if record and record[0].strip().startswith(mapping.footer_marker):
            break
        if not _filled(record):
            continue
        labels = [c.strip() for c in record[:n_labels]]
        rest = record[n_labels:]
        if state in ("title", "header") and not any(labels) and _filled(rest):
            state = "header"
            header_lines.append(rest)
            continue
        if state == "title":
            continue
        if state == "header":
            col_dims = _column_dims(header_lines, mapping, step)
            state = "body"
        values = rest[0::step]
        if not _filled(values) and labels[0] and not any(labels[1:]):
            _set_group(groups, labels[0], mapping)
            continue
        rows_read += 1
        row_dims = dict(zip(mapping.rows, labels, strict=True))
        for k, raw in enumerate(values):
            if k >= len(col_dims):
                if raw.strip():
                    errors.add(line, _("This row has more values than the table has columns."))
                break
            dims = {**groups, **col_dims[k], **row_dims}
            rules = [r for r in mapping.indicators if _matches(r, dims)]
            if not rules:
                continue
            flag = rest[k * step + 1] if mapping.flag_columns and k * step + 1 < len(rest) else ""
            try:
                value, quality = parse_value(raw, flag, decimal_comma=mapping.decimal_comma)
                region = mapping.region or dims.get("region", "")
                period = parse_period(mapping.period or dims.get("period", ""))
            except ValueError as exc:
                errors.add(
                    line,
                    _("column %(column)d: %(message)s")
                    % {"column": n_labels + k * step + 1, "message": exc},
                )
                continue
            if not region:
                errors.add(line, _("The mapping gives no region for this row."))
                continue
            for rule in rules:
                scaled = value * rule.scale if value is not None else None
                key = (rule.code, region, period)
                if key in cells and not rule.aggregate:
                    errors.add(
                        line,
                        _("A second value for %(indicator)s, %(region)s, %(period)s.")
                        % {"indicator": rule.code, "region": region, "period": period},
                    )
                    continue
                cells.setdefault(key, [line, []])[1].append((scaled, quality))
    if state != "body" and not errors:
        errors.add(reader.line_num, _("The file has no table body: is it a GENESIS table CSV?"))
    source = mapping.source or mapping.table
    rows = [
        ObservationRow(line, code, region, period, *_combine(parts), source=source)
        for (code, region, period), (line, parts) in cells.items()
    ]
    return rows, rows_read, errors


def _column_dims(header_lines: list[list[str]], mapping: Mapping, step: int) -> list[dict]:
    """For each value column, its header labels, spans filled in from the left."""
    names = mapping.columns
    used = header_lines[-len(names) :] if names else []
    width = max((len(h) for h in header_lines), default=0)
    n_values = (width + step - 1) // step
    dims = [{} for _ in range(n_values)]
    for name, cells in zip(names[-len(used) :] if used else [], used, strict=True):
        current = ""
        for k in range(n_values):
            cell = cells[k * step].strip() if k * step < len(cells) else ""
            current = cell or current
            if name:
                dims[k][name] = current
    return dims


def _set_group(groups: dict, label: str, mapping: Mapping) -> None:
    for group in mapping.groups:
        if group.pattern is None or group.pattern.search(label):
            groups[group.name] = label
            return


def _matches(rule: Rule, dims: dict) -> bool:
    return all(
        "*" in allowed or dims.get(name, "") in allowed for name, allowed in rule.where.items()
    )


def _combine(parts: list[tuple[Decimal | None, str]]) -> tuple[Decimal | None, str]:
    """One cell as it is; a sum is unknown if a part is unknown, provisional if one is."""
    if len(parts) == 1:
        return parts[0]
    if any(v is None for v, _q in parts):
        return None, "."
    total = sum((v for v, _q in parts), Decimal(0))
    flags = {q for _v, q in parts}
    quality = next((f for f in ("p", "s", "r") if f in flags), "e")
    return total, quality
