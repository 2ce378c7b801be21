"""Publication per language: what a migrant (page and public API) is served for each
translation state, as the region configures it; per step on a process page; query
budgets at two sizes."""

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.migrants.region import REGION_COOKIE
from apps.regions.models import TenantSettings
from apps.regions.selectors import tenant_cache_clear
from apps.translations import services
from apps.translations.models import State
from tests.content.factories import ProcessFactory, StepFactory

pytestmark = pytest.mark.django_db

AR_TITLE = "تسجيل عنوان السكن"
DE_TITLE = "Wohnsitz anmelden"
# The notices, by their markup (their words are translated on the Arabic page).
FALLBACK = '<p class="notice-fallback" role="note">'
MACHINE = '<p class="notice-fallback notice-machine" role="note">'
OUTDATED = '<p class="notice-fallback notice-outdated" role="note">'


@pytest.fixture
def visitor(municipality):
    client = Client()
    client.cookies[REGION_COOKIE] = municipality.code
    return client


@pytest.fixture
def process(municipality, pa_organisation):
    process = ProcessFactory(
        region=municipality, organisation=pa_organisation, title_de=DE_TITLE, title_ar=AR_TITLE
    )
    StepFactory(process=process, title_de="Termin buchen", title_ar="احجز موعدا", position=0)
    StepFactory(process=process, title_de="Zum Amt gehen", title_ar="اذهب إلى المكتب", position=1)
    return process


def policy(settings, *, machine=False, outdated="notice"):
    TenantSettings.objects.update_or_create(
        region_id=_region_id(settings),
        defaults={
            "display_name": "Test",
            "show_machine_translations": machine,
            "outdated_translations": outdated,
        },
    )
    tenant_cache_clear()


def _region_id(settings):
    from apps.regions.models import Region

    return Region.objects.get(code=settings.MICADO_DEFAULT_REGION).pk


def page(visitor, process):
    response = visitor.get(f"/ar/processes/{process.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def api(process):
    return Client().get(f"/api/v1/processes/{process.pk}/?lang=ar").json()


@pytest.mark.parametrize(
    ("state", "machine", "outdated", "shown", "notice", "api_state"),
    [
        (State.TRANSLATED, False, "notice", AR_TITLE, None, "translated"),
        (State.REVIEWED, False, "notice", AR_TITLE, None, "reviewed"),
        (State.MACHINE, False, "notice", DE_TITLE, FALLBACK, "machine"),
        (State.MACHINE, True, "notice", AR_TITLE, MACHINE, "machine"),
        (State.OUTDATED, False, "notice", AR_TITLE, OUTDATED, "outdated"),
        (State.OUTDATED, False, "fallback", DE_TITLE, FALLBACK, "outdated"),
        (State.IN_TRANSLATION, True, "notice", DE_TITLE, FALLBACK, "in_translation"),
        (None, False, "notice", AR_TITLE, None, "untracked"),
    ],
)
def test_the_migrant_sees_a_language_as_its_state_and_the_region_allow(
    visitor, process, settings, state, machine, outdated, shown, notice, api_state
):
    policy(settings, machine=machine, outdated=outdated)
    if state == State.REVIEWED:
        services.state_set(item=process, language="ar", state=State.TRANSLATED)
    if state is not None:
        services.state_set(item=process, language="ar", state=state)
    html = page(visitor, process)
    if shown == AR_TITLE:
        assert f"<h1>{AR_TITLE}</h1>" in html
    else:  # the German fallback, marked as German inside the Arabic page
        assert f'<h1><span lang="de" dir="ltr">{DE_TITLE}</span></h1>' in html
    for text in (FALLBACK, MACHINE, OUTDATED):
        assert (text in html) == (text == notice), text
    data = api(process)
    assert data["translation_state"] == api_state
    assert data["language"] == ("ar" if shown == AR_TITLE else "de")
    assert data["fallback"] is (shown != AR_TITLE)
    assert data["translation_notice"] == {MACHINE: "machine", OUTDATED: "outdated"}.get(notice, "")


def test_each_step_is_served_by_its_own_state(visitor, process, settings):
    policy(settings, outdated="notice")
    first, second = process.steps.all()
    services.state_set(item=process, language="ar", state=State.TRANSLATED)
    services.state_set(item=first, language="ar", state=State.IN_TRANSLATION)
    services.state_set(item=second, language="ar", state=State.OUTDATED)
    html = page(visitor, process)
    assert f"<h1>{AR_TITLE}</h1>" in html
    # The step in translation falls back to German, marked as such; the outdated one
    # stays in Arabic with its notice.
    assert '<span lang="de" dir="ltr">Termin buchen</span>' in html
    assert '<p class="notice-fallback small" role="note">' in html
    assert "اذهب إلى المكتب" in html
    assert '<p class="notice-fallback notice-outdated small" role="note">' in html
    assert html.count('role="note"') == 2  # no notice for the process itself


def _queries(visitor, path) -> int:
    visitor.get(path)  # warm the tenant and region caches
    from apps.content.cache import content_generation_bump

    content_generation_bump()
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        assert visitor.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/ar/processes/", "/ar/processes/{pk}/"])
def test_publication_costs_a_fixed_number_of_queries(visitor, municipality, pa_organisation, path):
    counts = []
    for n in (3, 15):
        process = ProcessFactory(region=municipality, organisation=pa_organisation, title_ar="أ")
        for index in range(n):
            item = ProcessFactory(
                region=municipality, organisation=pa_organisation, title_ar=f"عنوان {index}"
            )
            services.state_set(item=item, language="ar", state=State.OUTDATED)
            step = StepFactory(process=process, title_ar=f"خطوة {index}")
            services.state_set(item=step, language="ar", state=State.MACHINE)
        counts.append(_queries(visitor, path.format(pk=process.pk)))
    assert counts[0] == counts[1]
