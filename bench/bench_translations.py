"""Benchmark of the translation exchange: every published text of the demo
(`manage.py load_demo` into an empty temporary SQLite database) exported for one
language (Arabic) as XLIFF 2.0, translated (a copy of each source with its words
marked, placeholders kept, as a tool would write it) and imported back. Prints units,
file size, the export and import times and the import's number of queries (times vary
with the machine's load; the query count does not)."""

import copy
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="micado-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "micado.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("MICADO_VAR_DIR", TMP)
os.environ.pop("REDIS_URL", None)

LANGUAGE = os.environ.get("BENCH_LANGUAGE", "ar")
LIMIT_SECONDS = 30.0
NS = "{urn:oasis:names:tc:xliff:document:2.0}"


def translated(data: bytes) -> bytes:
    """Each unit's target: its source with every run of words marked."""
    from lxml import etree

    root = etree.fromstring(data)
    for segment in root.iter(f"{NS}segment"):
        source = segment.find(f"{NS}source")
        old = segment.find(f"{NS}target")
        if old is not None:
            segment.remove(old)
        target = copy.deepcopy(source)
        target.tag = f"{NS}target"
        if target.text and target.text.strip():
            target.text = f"«{LANGUAGE}» {target.text}"
        for child in target:
            if child.tail and child.tail.strip():
                child.tail = f"«{LANGUAGE}» {child.tail}"
        segment.append(target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_demo", verbosity=0)
    loaded = time.perf_counter() - start

    from apps.translations.exchange.formats import export
    from apps.translations.exchange.selectors import units_select
    from apps.translations.exchange.services import exchange_import

    start = time.perf_counter()
    selection = units_select(language=LANGUAGE, published_only=True)
    data = export(selection, "xliff20")
    exported = time.perf_counter() - start
    done = translated(data)
    start = time.perf_counter()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.translations.exchange.services import ImportRefused

    try:
        with CaptureQueriesContext(connection) as queries:
            report = exchange_import(data=done, confirm_changed=True)
    except ImportRefused as exc:
        print("\n".join(exc.lines()[:15]))
        return 1
    imported = time.perf_counter() - start
    print(f"demo loaded in {loaded:.1f} s; language {LANGUAGE}, XLIFF 2.0")
    print(
        f"published texts: {len(selection.units)} units of {selection.items} items "
        f"({selection.other_source} items in another source language left out), "
        f"{len(data) / 1024:.0f} KiB"
    )
    print(f"export: {exported:6.2f} s")
    print(
        f"import: {imported:6.2f} s, {len(queries)} queries "
        f"({report.summary()} {report.items_changed} items written)"
    )
    ok = (
        exported + imported < LIMIT_SECONDS
        and len(report.applied) == len(selection.units)
        and not report.rejected
    )
    print(f"limit {LIMIT_SECONDS:.0f} s, every unit applied: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
