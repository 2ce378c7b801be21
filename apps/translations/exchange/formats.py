"""Writing and reading XLIFF 1.2, XLIFF 2.0 and PO exchange files.

Every unit carries its id (`process:12:description`) and the fingerprint of its source
text (XLIFF: a note `micado:fingerprint`; PO: an extracted comment), its markup and
mentions as protected placeholders: `<ph id="N">code</ph>` in XLIFF 1.2 (`<x id="N"/>` is
read too), `<ph id="N" dataRef="dN"/>` with `<originalData>` in XLIFF 2.0, `{N}` in PO
with a comment that lists the codes.

XML is parsed with lxml without entities, DTDs or network access; a file with a
DOCTYPE is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polib
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from apps.translations.exchange.selectors import Selection, Unit
from apps.translations.placeholders import Ph, Segment, from_tokens, protect, to_tokens

FORMATS = {
    "xliff12": ("XLIFF 1.2", "xlf", "application/x-xliff+xml"),
    "xliff20": ("XLIFF 2.0", "xlf", "application/xliff+xml"),
    "po": ("PO (gettext)", "po", "text/x-gettext-translation"),
}
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
FINGERPRINT_NOTE = "micado:fingerprint"
CONTEXT_NOTE = "micado:context"
_PO_FINGERPRINT = re.compile(r"^micado-fingerprint:\s*([0-9a-f]{64})\s*$", re.M)
_PO_CODE = re.compile(r"^\{(\d+)\} (.*)$", re.M)


class FileError(ValueError):
    """The file cannot be read at all (malformed XML or PO, not an exchange file)."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class FileUnit:
    key: str
    fingerprint: str
    codes: dict[int, str]
    target: list[Segment] | None
    line: int | None = None
    problem: str = ""  # the unit cannot be read (an unknown inline element ...)


@dataclass
class ParsedFile:
    format: str
    source_language: str
    target_language: str
    units: list[FileUnit] = field(default_factory=list)


# --- writing --------------------------------------------------------------------------------


def export(selection: Selection, fmt: str) -> bytes:
    writer = {"xliff12": _write_xliff12, "xliff20": _write_xliff20, "po": _write_po}[fmt]
    return writer(selection)


def _append_segments(parent: etree._Element, segments: list[Segment], make_ph) -> None:
    """Words and placeholder elements as the mixed content of `parent`."""
    last = None
    for segment in segments:
        if isinstance(segment, Ph):
            last = make_ph(parent, segment.id)
            last.tail = ""
        elif last is None:
            parent.text = (parent.text or "") + segment
        else:
            last.tail = (last.tail or "") + segment


def _tostring(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml_space(element: etree._Element) -> None:
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _write_xliff12(selection: Selection) -> bytes:
    root = etree.Element(f"{{{NS12}}}xliff", nsmap={None: NS12}, version="1.2")
    file_el = etree.SubElement(
        root,
        f"{{{NS12}}}file",
        original="micado",
        datatype="html",
        **{"source-language": selection.source_language},
        **{"target-language": selection.language},
        date=timezone.now().replace(microsecond=0).isoformat(),
    )
    header = etree.SubElement(file_el, f"{{{NS12}}}header")
    etree.SubElement(header, f"{{{NS12}}}tool", **{"tool-id": "micado", "tool-name": "micado"})
    body = etree.SubElement(file_el, f"{{{NS12}}}body")
    for unit in selection.units:
        source = protect(unit.source, rich=unit.rich)
        tu = etree.SubElement(body, f"{{{NS12}}}trans-unit", id=unit.key, resname=unit.key)
        _xml_space(tu)

        def ph12(parent, n, codes=source.codes):
            element = etree.SubElement(parent, f"{{{NS12}}}ph", id=str(n))
            element.text = codes[n]
            return element

        _append_segments(etree.SubElement(tu, f"{{{NS12}}}source"), source.segments, ph12)
        target = _target_segments(unit, source.codes)
        if target is not None:
            target_el = etree.SubElement(tu, f"{{{NS12}}}target", state=_state12(unit))
            _append_segments(target_el, target, ph12)
        for origin, text in ((FINGERPRINT_NOTE, unit.fingerprint), (CONTEXT_NOTE, unit.context)):
            note = etree.SubElement(tu, f"{{{NS12}}}note", {"from": origin})
            note.text = text
    return _tostring(root)


def _state12(unit: Unit) -> str:
    return "needs-review-translation" if unit.state == "outdated" else "translated"


def _target_segments(unit: Unit, codes: dict[int, str]) -> list[Segment] | None:
    """The current translation as segments numbered like the source's placeholders, or
    None if there is none (or its placeholders differ: the translator starts afresh)."""
    if not unit.target.strip():
        return None
    target = protect(unit.target, rich=unit.rich)
    by_code: dict[str, list[int]] = {}
    for n, code in codes.items():
        by_code.setdefault(code, []).append(n)
    renumbered: list[Segment] = []
    for segment in target.segments:
        if isinstance(segment, Ph):
            candidates = by_code.get(target.codes[segment.id])
            if not candidates:
                return None
            renumbered.append(Ph(candidates.pop(0)))
        else:
            renumbered.append(segment)
    if any(by_code.values()):
        return None
    return renumbered


def _write_xliff20(selection: Selection) -> bytes:
    root = etree.Element(
        f"{{{NS20}}}xliff",
        nsmap={None: NS20},
        version="2.0",
        srcLang=selection.source_language,
        trgLang=selection.language,
    )
    file_el = etree.SubElement(root, f"{{{NS20}}}file", id="micado", original="micado")
    for unit in selection.units:
        source = protect(unit.source, rich=unit.rich)
        unit_el = etree.SubElement(file_el, f"{{{NS20}}}unit", id=unit.key, name=unit.key)
        notes = etree.SubElement(unit_el, f"{{{NS20}}}notes")
        for category, text in (
            (FINGERPRINT_NOTE, unit.fingerprint),
            (CONTEXT_NOTE, unit.context),
        ):
            note = etree.SubElement(notes, f"{{{NS20}}}note", category=category)
            note.text = text
        if source.codes:
            original = etree.SubElement(unit_el, f"{{{NS20}}}originalData")
            for n, code in source.codes.items():
                data = etree.SubElement(original, f"{{{NS20}}}data", id=f"d{n}")
                data.text = code

        def ph20(parent, n, codes=source.codes):
            return etree.SubElement(
                parent, f"{{{NS20}}}ph", id=str(n), dataRef=f"d{n}", disp=codes[n][:60]
            )

        target = _target_segments(unit, source.codes)
        segment_el = etree.SubElement(unit_el, f"{{{NS20}}}segment")
        if target is not None:
            segment_el.set("state", "initial" if unit.state == "outdated" else "translated")
        source_el = etree.SubElement(segment_el, f"{{{NS20}}}source")
        _xml_space(source_el)
        _append_segments(source_el, source.segments, ph20)
        if target is not None:
            target_el = etree.SubElement(segment_el, f"{{{NS20}}}target")
            _xml_space(target_el)
            _append_segments(target_el, target, ph20)
    return _tostring(root)


def _write_po(selection: Selection) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "micado content",
        "Language": selection.language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Micado-Source-Language": selection.source_language,
        "PO-Revision-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
    }
    for unit in selection.units:
        source = protect(unit.source, rich=unit.rich)
        comment = [f"micado-fingerprint: {unit.fingerprint}", unit.context]
        if source.codes:
            comment.append(
                _("Keep every {N} token: it stands for markup or a mention of the text.")
            )
            comment += [f"{{{n}}} {code}" for n, code in source.codes.items()]
        target = _target_segments(unit, source.codes)
        entry = polib.POEntry(
            msgctxt=unit.key,
            msgid=to_tokens(source.segments),
            msgstr=to_tokens(target) if target is not None else "",
            comment="\n".join(comment),
            flags=["fuzzy"] if target is not None and unit.state == "outdated" else [],
        )
        po.append(entry)
    return str(po).encode("utf-8")


# --- reading --------------------------------------------------------------------------------


def parse(data: bytes) -> ParsedFile:
    """Read an exchange file of any of the three formats; raises FileError."""
    head = data.lstrip()[:200]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(b"<"):
        return _parse_xml(data)
    return _parse_po(data)


def _xml_root(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        tree = etree.fromstring(data, parser=parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise FileError(
            _("This is not well-formed XML (line %(line)s): %(error)s")
            % {"line": line or "?", "error": exc.msg},
            line=line,
        ) from exc
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise FileError(_("XML files with a DOCTYPE or entities are not accepted."))
    return tree.getroot()


def _parse_xml(data: bytes) -> ParsedFile:
    root = _xml_root(data)
    if root.tag == f"{{{NS12}}}xliff":
        return _read_xliff12(root)
    if root.tag == f"{{{NS20}}}xliff":
        return _read_xliff20(root)
    raise FileError(
        _("This XML file is not XLIFF 1.2 or 2.0 (its root element is %(tag)s).")
        % {"tag": etree.QName(root).localname}
    )


def _inline(element, ns: str, *, ph_tags: set[str], codes_inline: bool) -> tuple:
    """(segments, codes found inline, problem) of a <source> or <target>."""
    segments: list[Segment] = []
    codes: dict[int, str] = {}
    problem = ""

    def add(words: str | None) -> None:
        if not words:
            return
        if segments and isinstance(segments[-1], str):
            segments[-1] += words
        else:
            segments.append(words)

    add(element.text)
    for child in element:
        if not isinstance(child.tag, str):
            add(child.tail)
            continue
        name = etree.QName(child)
        ident = child.get("id", "")
        if name.namespace == ns and name.localname in ph_tags and ident.isdigit():
            segments.append(Ph(int(ident)))
            if codes_inline and child.text is not None:
                codes[int(ident)] = child.text
        else:
            problem = _("unsupported inline element <%(tag)s>") % {"tag": name.localname}
        add(child.tail)
    return segments, codes, problem


def _languages(root, source_attr: str, target_attr: str, element=None) -> tuple[str, str]:
    element = element if element is not None else root
    return (element.get(source_attr) or "").lower(), (element.get(target_attr) or "").lower()


def _read_xliff12(root) -> ParsedFile:
    files = root.findall(f"{{{NS12}}}file")
    if not files:
        raise FileError(_("This XLIFF file has no <file> element."))
    source, target = _languages(root, "source-language", "target-language", files[0])
    parsed = ParsedFile("xliff12", source, target)
    for file_el in files:
        if _languages(root, "source-language", "target-language", file_el) != (source, target):
            raise FileError(_("All <file> elements of one file must have the same languages."))
        for tu in file_el.iter(f"{{{NS12}}}trans-unit"):
            notes = {n.get("from"): (n.text or "").strip() for n in tu.findall(f"{{{NS12}}}note")}
            source_el = tu.find(f"{{{NS12}}}source")
            target_el = tu.find(f"{{{NS12}}}target")
            _segments, codes, problem = (
                _inline(source_el, NS12, ph_tags={"ph", "x"}, codes_inline=True)
                if source_el is not None
                else ([], {}, _("the unit has no <source>"))
            )
            target = None
            if target_el is not None:
                target, _codes, target_problem = _inline(
                    target_el, NS12, ph_tags={"ph", "x"}, codes_inline=False
                )
                problem = problem or target_problem
            parsed.units.append(
                FileUnit(
                    key=tu.get("id", ""),
                    fingerprint=notes.get(FINGERPRINT_NOTE, ""),
                    codes=codes,
                    target=target,
                    line=tu.sourceline,
                    problem=problem,
                )
            )
    return parsed


def _read_xliff20(root) -> ParsedFile:
    parsed = ParsedFile("xliff20", (root.get("srcLang") or "").lower(),
                        (root.get("trgLang") or "").lower())  # fmt: skip
    for unit_el in root.iter(f"{{{NS20}}}unit"):
        notes = {n.get("category"): (n.text or "").strip() for n in unit_el.iter(f"{{{NS20}}}note")}
        data = {d.get("id"): d.text or "" for d in unit_el.iter(f"{{{NS20}}}data")}
        segments = unit_el.findall(f"{{{NS20}}}segment")
        problem = "" if len(segments) == 1 else _("a unit must have exactly one <segment>")
        codes: dict[int, str] = {}
        target = None
        if segments:
            source_el = segments[0].find(f"{{{NS20}}}source")
            target_el = segments[0].find(f"{{{NS20}}}target")
            if source_el is None:
                problem = problem or _("the unit has no <source>")
            else:
                for ph in source_el.iter(f"{{{NS20}}}ph"):
                    if ph.get("id", "").isdigit() and ph.get("dataRef") in data:
                        codes[int(ph.get("id"))] = data[ph.get("dataRef")]
                _s, _c, source_problem = _inline(
                    source_el, NS20, ph_tags={"ph"}, codes_inline=False
                )
                problem = problem or source_problem
            if target_el is not None:
                target, _c, target_problem = _inline(
                    target_el, NS20, ph_tags={"ph"}, codes_inline=False
                )
                problem = problem or target_problem
        parsed.units.append(
            FileUnit(
                key=unit_el.get("id", ""),
                fingerprint=notes.get(FINGERPRINT_NOTE, ""),
                codes=codes,
                target=target,
                line=unit_el.sourceline,
                problem=problem,
            )
        )
    return parsed


def _parse_po(data: bytes) -> ParsedFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(_("The file is neither XLIFF nor a UTF-8 PO file.")) from exc
    if "msgid" not in text:
        raise FileError(_("The file is neither XLIFF nor a PO file."))
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise FileError(
            _("This is not a valid PO file: %(error)s") % {"error": exc},
            line=int(match.group(1)) if match else None,
        ) from exc
    parsed = ParsedFile(
        "po",
        (po.metadata.get("X-Micado-Source-Language") or "").lower(),
        (po.metadata.get("Language") or "").lower().replace("_", "-"),
    )
    for entry in po:
        if entry.obsolete:
            continue
        found = _PO_FINGERPRINT.search(entry.comment or "")
        codes = {int(n): code for n, code in _PO_CODE.findall(entry.comment or "")}
        translated = bool(entry.msgstr) and "fuzzy" not in entry.flags
        parsed.units.append(
            FileUnit(
                key=entry.msgctxt or "",
                fingerprint=found.group(1) if found else "",
                codes=codes,
                target=from_tokens(entry.msgstr) if translated else None,
                line=entry.linenum,
            )
        )
    return parsed
