from pathlib import Path

import pytest

from apps.importers.sqldump import read_dump

DATA = Path(__file__).resolve().parents[1] / "data" / "micado"
DUMP = DATA / "micado-2021-03-31.sql"
WEBLATE = DATA / "weblate-translations-en.tar.gz"


@pytest.fixture(scope="session")
def dump_text() -> str:
    return DUMP.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dump(dump_text):
    """The real dump, parsed once."""
    return read_dump(dump_text)


@pytest.fixture
def region(db):
    from apps.importers.micado import pilot_region_ensure

    return pilot_region_ensure()


@pytest.fixture
def imported(dump, region):
    from apps.importers.micado import micado_import

    return micado_import(dump, region=region)
