from tests.dashboard.conftest import published_charts, shipped_data  # noqa: F401
