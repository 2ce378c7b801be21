"""A reader for PostgreSQL dumps made of plain INSERT statements (`pg_dump --inserts`).

It needs no PostgreSQL: it reads the SQL text itself. Column names come from the
`CREATE TABLE` statements (or from an explicit column list in the INSERT); values
may be quoted strings with '' escapes, E'' strings with backslash escapes, NULL,
numbers, booleans, with or without `::type` casts, one or many rows per INSERT.
Every other statement is skipped. A syntax error, an unterminated string or
statement, a row whose width does not match its table, or a pg_dump dump without
its closing line (cut off) raises `DumpError` with the line number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

Progress = Callable[[int, int], None]

_WS = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.S)
_IDENT = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_INSERT = re.compile(rf"INSERT\s+INTO\s+(?:ONLY\s+)?({_IDENT}(?:\.{_IDENT})?)\s*", re.I)
_CREATE = re.compile(
    rf"CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?({_IDENT}(?:\.{_IDENT})?)\s*\(",
    re.I,
)
_COPY = re.compile(r"COPY\s", re.I)
_VALUES = re.compile(r"VALUES\b", re.I)
_VALUE = re.compile(
    r"""(?:
      (?P<s>'[^']*(?:''[^']*)*')
     |(?P<e>[Ee]'[^'\\]*(?:(?:\\.|'')[^'\\]*)*')
     |(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)
     |(?P<null>NULL\b)
     |(?P<true>true\b)
     |(?P<false>false\b)
    )(?:\s*::\s*[A-Za-z_][A-Za-z0-9_ ]*(?:\(\d+(?:\s*,\s*\d+)?\))?(?:\[\])?)?""",
    re.X | re.S | re.I,
)
# Anything in a statement that may hide a ";": strings, quoted names, dollar quotes, comments.
_SPECIAL = re.compile(r";|[Ee]'|'|\"|\$[A-Za-z_]*\$|--|/\*")
_STRING = re.compile(r"'[^']*(?:''[^']*)*'")
_ESTRING = re.compile(r"[Ee]'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'", re.S)
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0-7]{1,3}|.)", re.S)
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_CONSTRAINT_WORDS = {"constraint", "primary", "unique", "check", "foreign", "exclude", "like"}
DUMP_HEADER = "-- PostgreSQL database dump"
DUMP_FOOTER = "-- PostgreSQL database dump complete"


class DumpError(Exception):
    """The dump cannot be read; `line` is where the problem is."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(_("line %(line)d: %(message)s") % {"line": line, "message": message})


@dataclass
class Row:
    line: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@dataclass
class Dump:
    tables: dict[str, list[Row]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    lines: int = 0

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])


def _unquote_ident(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()


def _split_name(name: str) -> tuple[str, str]:
    parts = re.findall(_IDENT, name)
    names = [_unquote_ident(p) for p in parts]
    return (names[0], names[1]) if len(names) == 2 else ("", names[0])


def _unescape(body: str) -> str:
    def repl(m: re.Match) -> str:
        esc = m.group(1)
        if esc[0] in "xuU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        if esc[0] in "01234567":
            return chr(int(esc, 8))
        return _ESCAPES.get(esc, esc)

    return _ESCAPE.sub(repl, body.replace("''", "'"))


class _Reader:
    def __init__(self, text: str, *, schema: str, progress: Progress | None):
        self.text = text
        self.schema = schema
        self.progress = progress
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.dump = Dump(lines=len(self.newlines) + 1)

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def fail(self, pos: int, message: str) -> DumpError:
        return DumpError(self.line(pos), message)

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def wanted(self, schema: str) -> bool:
        return not schema or not self.schema or schema == self.schema

    def read(self) -> Dump:
        text, size = self.text, len(self.text)
        pos = self.ws(0)
        next_report = 0
        while pos < size:
            if self.progress and pos >= next_report:
                self.progress(pos, size)
                next_report = pos + size // 50
            if m := _INSERT.match(text, pos):
                pos = self.insert(m)
            elif m := _CREATE.match(text, pos):
                pos = self.create(m)
            elif _COPY.match(text, pos):
                raise self.fail(
                    pos,
                    _("COPY statements are not supported: make the dump with pg_dump --inserts."),
                )
            else:
                pos = self.skip_statement(pos)
            pos = self.ws(pos)
        if self.progress:
            self.progress(size, size)
        if DUMP_HEADER in text[:1000] and DUMP_FOOTER not in text[-2000:]:
            raise DumpError(
                self.dump.lines,
                _(
                    "The dump ends without pg_dump's closing line “%(footer)s”: "
                    "it is incomplete (cut off?)."
                )
                % {"footer": DUMP_FOOTER.lstrip("- ")},
            )
        return self.dump

    def skip_statement(self, pos: int) -> int:
        start, text = pos, self.text
        while True:
            m = _SPECIAL.search(text, pos)
            if m is None:
                raise self.fail(start, _("The statement is not terminated by “;”."))
            found = m.group(0)
            if found == ";":
                return m.end()
            if found == "--":
                end = text.find("\n", m.end())
                pos = len(text) if end < 0 else end
                continue
            matcher = {
                "'": _STRING,
                '"': _QUOTED,
                "/*": None,
            }.get(found, _ESTRING if found in ("E'", "e'") else None)
            if found == "/*":
                end = text.find("*/", m.end())
                if end < 0:
                    raise self.fail(m.start(), _("A comment is not closed."))
                pos = end + 2
            elif found.startswith("$"):
                end = text.find(found, m.end())
                if end < 0:
                    raise self.fail(m.start(), _("A quoted text is not closed."))
                pos = end + len(found)
            else:
                q = matcher.match(text, m.start())
                if q is None:
                    raise self.fail(m.start(), _("A quoted text is not closed."))
                pos = q.end()

    def create(self, m: re.Match) -> int:
        schema, table = _split_name(m.group(1))
        pos = m.end()
        columns: list[str] = []
        depth, start, text = 0, pos, self.text
        while True:
            s = re.compile(r"[(),']|\"").search(text, pos)
            if s is None:
                raise self.fail(m.start(), _("The table definition is not closed."))
            ch = s.group(0)
            if ch == "'":
                q = _STRING.match(text, s.start())
                if q is None:
                    raise self.fail(s.start(), _("A quoted text is not closed."))
                pos = q.end()
                continue
            if ch == '"':
                q = _QUOTED.match(text, s.start())
                if q is None:
                    raise self.fail(s.start(), _("A quoted name is not closed."))
                pos = q.end()
                continue
            if ch == "(":
                depth += 1
            elif depth > 0 and ch == ")":
                depth -= 1
            elif depth == 0:
                definition = text[start : s.start()].strip()
                name = re.match(_IDENT, definition)
                if name and name.group(0).lower() not in _CONSTRAINT_WORDS:
                    columns.append(_unquote_ident(name.group(0)))
                start = s.end()
                if ch == ")":
                    pos = s.end()
                    break
            pos = s.end()
        if self.wanted(schema):
            self.dump.columns[table] = columns
        return self.skip_statement(pos)

    def insert(self, m: re.Match) -> int:
        text = self.text
        schema, table = _split_name(m.group(1))
        pos = m.end()
        columns = None
        if text.startswith("(", pos):
            end = text.find(")", pos)
            if end < 0:
                raise self.fail(pos, _("The column list is not closed."))
            columns = [_unquote_ident(c.strip()) for c in text[pos + 1 : end].split(",")]
            pos = self.ws(end + 1)
        v = _VALUES.match(text, pos)
        if v is None:
            raise self.fail(
                pos, _("VALUES expected after INSERT INTO %(table)s.") % {"table": table}
            )
        if columns is None:
            columns = self.dump.columns.get(table)
            if columns is None and self.wanted(schema):
                raise self.fail(
                    m.start(),
                    _("No column names are known for table %(table)s.") % {"table": table},
                )
        pos = self.ws(v.end())
        rows = self.dump.tables.setdefault(table, []) if self.wanted(schema) else []
        while True:
            row_start = pos
            if not text.startswith("(", pos):
                raise self.fail(pos, _("“(” expected at the start of a row."))
            values, pos = self.row(pos + 1)
            if columns is not None:
                if len(values) != len(columns):
                    raise self.fail(
                        row_start,
                        _("A row of %(table)s has %(got)d values, the table has %(want)d columns.")
                        % {"table": table, "got": len(values), "want": len(columns)},
                    )
                rows.append(Row(self.line(m.start()), dict(zip(columns, values, strict=True))))
            pos = self.ws(pos)
            if text.startswith(",", pos):
                pos = self.ws(pos + 1)
                continue
            if text.startswith(";", pos):
                return pos + 1
            if re.match(r"ON\s+CONFLICT\b", text[pos : pos + 40], re.I):
                return self.skip_statement(pos)
            raise self.fail(pos, _("“,” or “;” expected after a row."))

    def row(self, pos: int) -> tuple[list[Any], int]:
        text, values = self.text, []
        while True:
            pos = self.ws(pos)
            m = _VALUE.match(text, pos)
            if m is None:
                if text.startswith("'", pos) or text[pos : pos + 2] in ("E'", "e'"):
                    raise self.fail(pos, _("A quoted text is not closed."))
                snippet = text[pos : pos + 30].split("\n")[0]
                raise self.fail(
                    pos, _("Cannot read the value “%(snippet)s”.") % {"snippet": snippet}
                )
            kind = m.lastgroup
            raw = m.group(kind)
            if kind == "s":
                values.append(raw[1:-1].replace("''", "'"))
            elif kind == "e":
                values.append(_unescape(raw[2:-1]))
            elif kind == "num":
                values.append(int(raw) if re.fullmatch(r"[-+]?\d+", raw) else Decimal(raw))
            else:
                values.append({"null": None, "true": True, "false": False}[kind])
            pos = self.ws(m.end())
            if text.startswith(",", pos):
                pos += 1
                continue
            if text.startswith(")", pos):
                return values, pos + 1
            raise self.fail(pos, _("“,” or “)” expected between values."))


def read_dump(
    source: str | Path, *, schema: str = "micadoapp", progress: Progress | None = None
) -> Dump:
    """Read a dump from a path (or from SQL text, if `source` is a str with a newline)."""
    if isinstance(source, Path) or "\n" not in source:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DumpError(0, _("The file is not UTF-8 text.")) from exc
    else:
        text = source
    return _Reader(text, schema=schema, progress=progress).read()
