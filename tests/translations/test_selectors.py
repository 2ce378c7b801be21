"""States per item and language in one query, and coverage."""

import pytest

from apps.translations import selectors, services
from apps.translations.models import State
from tests.content.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [3, 30])
def test_states_for_takes_one_query(n, django_assert_num_queries, settings):
    items = ProcessFactory.create_batch(n)
    for item in items:
        services.state_set(item=item, language="en", state="translated", source_hash="h")
    services.state_set(item=items[1], language="ar", state="outdated", source_hash="h")
    with django_assert_num_queries(1):
        states = selectors.states_for(items, ["de", "en", "ar"])
    assert states[items[0].pk] == {"en": "translated", "ar": "missing"}  # de is the source
    assert states[items[1].pk] == {"en": "translated", "ar": "outdated"}
    assert len(states) == n


def test_states_for_default_languages_are_the_deployment_s(settings):
    settings.LANGUAGES = [("de", "Deutsch"), ("en", "English"), ("uk", "Українська")]
    item = ProcessFactory()
    assert selectors.states_for([item]) == {item.pk: {"en": "missing", "uk": "missing"}}


def test_coverage_counts_languages_per_state():
    item = ProcessFactory(title_ar="عنوان")
    services.state_set(item=item, language="en", state="translated")
    services.state_set(item=item, language="ar", state="machine")
    cover = selectors.coverage(item, ["de", "en", "ar", "uk"])
    assert cover.source_language == "de"
    assert cover.states == {"en": "translated", "ar": "machine", "uk": "missing"}
    assert (cover.translated, cover.total, cover.percent) == (1, 3, 33)
    assert cover.counts[State.MISSING] == 1
