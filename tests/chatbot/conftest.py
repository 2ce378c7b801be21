"""The demo municipality Lindenfeld, loaded once per module inside a transaction that is
rolled back afterwards (as tests/demo/test_demo_content.py does)."""

import pytest
from django.db import transaction

from apps.chatbot import index
from apps.demo.foundation import load_foundation
from apps.demo.municipality import load_municipality
from apps.regions.models import Region

LINDENFELD = "06999001"


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_foundation()
            load_municipality()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            index.clear_local()


@pytest.fixture
def lindenfeld(demo_loaded, db):
    index.clear_local()
    return Region.objects.get(code=LINDENFELD)


def demo_item(kind: str, key: str):
    from apps.chatbot.sources import SOURCES

    return SOURCES[kind].model.objects.get(external_source="demo", external_id=key)
