from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "apps" / "dashboard" / "data" / "destatis"


@pytest.fixture
def shipped_data(db):
    """The three Destatis tables and the Königstein keys, imported."""
    from apps.dashboard.services import shipped_data_import

    outcomes = shipped_data_import()
    assert all(o.ok for o in outcomes), [o.batch.errors for o in outcomes]
    return outcomes
