"""Benchmark of the MICADO import: the real Antwerp pilot dump (3.5 MB, 2,114 rows) into an
empty temporary SQLite database, then a second (unchanged) run. Prints its figures."""

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

LIMIT_SECONDS = 10.0


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from apps.importers.micado import PILOT_DUMP, micado_import, pilot_region_ensure
    from apps.importers.sqldump import read_dump

    region = pilot_region_ensure()
    start = time.perf_counter()
    dump = read_dump(PILOT_DUMP)
    parsed = time.perf_counter() - start
    first = micado_import(PILOT_DUMP, region=region)
    first_total = time.perf_counter() - start
    start = time.perf_counter()
    second = micado_import(PILOT_DUMP, region=region)
    second_total = time.perf_counter() - start
    rows = sum(len(r) for r in dump.tables.values())
    created = sum(c.created for c in first.counts.values())
    print(f"micado dump: {PILOT_DUMP.stat().st_size / 1e6:.1f} MB, {rows} rows")
    print(f"parse only:              {parsed:6.2f} s")
    print(f"first import (empty db): {first_total:6.2f} s  ({created} objects created)")
    print(f"second import (no-op):   {second_total:6.2f} s  (changed: {second.changed})")
    ok = first_total < LIMIT_SECONDS and not second.changed
    print(f"limit {LIMIT_SECONDS:.0f} s: {'ok' if ok else 'EXCEEDED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
