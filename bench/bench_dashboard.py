"""Benchmark of the migration dashboard: import of a generated 100,000-row long CSV and
render time of the atlas page. Uses a temporary SQLite database; prints its figures."""

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

ROWS = 100_000
RENDERS = 20


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from allauth.mfa.models import Authenticator

    from apps.accounts.models import Membership, Organisation, User
    from apps.dashboard.models import Observation
    from apps.dashboard.services import import_file, shipped_data_import
    from apps.regions.models import Region, RegionLevel

    shipped_data_import()
    # 400 Kreise (four-hundred five-digit keys under the 16 Länder) x 10 indicators x 25 periods.
    states = list(Region.objects.filter(level=RegionLevel.STATE).order_by("code"))
    Region.objects.bulk_create(
        [
            Region(
                code=f"{states[i % 16].code}{900 + i // 16:03d}",
                name=f"Kreis {i}",
                level=RegionLevel.DISTRICT,
                parent=states[i % 16],
            )
            for i in range(400)
        ]
    )
    codes = list(Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True))
    indicators = [
        "free_accommodation_places",
        "free_childcare_places",
        "free_school_places",
        "free_course_places",
        "housing_vacancy_rate",
        "recognition_counselling_centres",
        "naturalisations",
        "unemployed",
        "vacancies",
        "population",
    ]
    lines = ["region;indicator;period;value;flag"]
    n = 0
    for indicator in indicators:
        for year in range(2000, 2025):
            for code in codes:
                lines.append(f"{code};{indicator};{year};{(n * 7919) % 100000},{n % 10};e")
                n += 1
    content = ("\n".join(lines[: ROWS + 1]) + "\n").encode()
    before = Observation.objects.count()
    start = time.perf_counter()
    outcome = import_file(kind="long_csv", content=content, file_name="bench.csv")
    elapsed = time.perf_counter() - start
    assert outcome.ok, outcome.batch.errors[:5]
    created = Observation.objects.count() - before
    print(
        f"long CSV import: {ROWS:,} rows, {created:,} observations created in {elapsed:.2f} s "
        f"({ROWS / elapsed:,.0f} rows/s)"
    )
    start = time.perf_counter()
    again = import_file(kind="long_csv", content=content, file_name="bench.csv", force=True)
    elapsed = time.perf_counter() - start
    print(
        f"re-import of the same file (forced, all unchanged: {again.unchanged:,}): {elapsed:.2f} s"
    )

    user = User.objects.create_user("bench@example.org", "bench")
    org = Organisation.objects.create(name="Bench", slug="bench", kind="pa", region=states[0])
    Membership.objects.create(user=user, organisation=org, role="pa_analyst")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = Client()
    client.force_login(user)
    for url in (
        "/en/pa/dashboard/atlas/?indicator=population&period=2018-12-31",
        "/en/pa/dashboard/atlas/?indicator=naturalisations&level=2",
    ):
        assert client.get(url).status_code == 200  # warm caches (geometry, templates)
        start = time.perf_counter()
        for _ in range(RENDERS):
            response = client.get(url)
        per = (time.perf_counter() - start) / RENDERS * 1000
        print(
            f"atlas page {url}: {per:.1f} ms per render (mean of {RENDERS}), "
            f"{len(response.content):,} bytes"
        )
    return 0


if __name__ == "__main__":
    import shutil

    try:
        code = main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    raise SystemExit(code)
