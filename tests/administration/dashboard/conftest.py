from tests.dashboard.conftest import shipped_data  # noqa: F401
