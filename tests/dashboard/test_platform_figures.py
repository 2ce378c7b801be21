"""The platform's own figures per region, counted from published content and NGOs."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.accounts.roles import OrganisationKind
from apps.content.models import Status
from apps.dashboard.models import Observation
from apps.dashboard.services import platform_figures_compute
from tests.content.factories import CourseFactory, EventFactory, InformationFactory, ProcessFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 20)


def figure(code, region):
    return Observation.objects.get(
        indicator__code=code, region__code=region, period=DAY.isoformat()
    ).value


def test_counts_published_content_rolled_up_to_kreis_land_and_federation(municipality):
    ngo = OrganisationFactory(kind=OrganisationKind.NGO, region=municipality)
    CourseFactory(region=municipality, organisation=ngo, places_left=7)
    CourseFactory(region=municipality, places_left=3)
    CourseFactory(region=municipality, status=Status.DRAFT, places_left=100)
    EventFactory(region=municipality, organisation=ngo)
    InformationFactory(region=municipality, kind="counselling")
    ProcessFactory(region=municipality, title_en="Register", title_ar="تسجيل")
    ProcessFactory(region=municipality, title_en="")

    outcome = platform_figures_compute(today=DAY)
    assert outcome.ok
    district, land = municipality.code[:5], municipality.code[:2]
    for region in ("DE", land, district):
        assert figure("platform_courses", region) == 2
        assert figure("platform_course_places", region) == 10
        assert figure("platform_ngo_offers", region) == 2
        assert figure("platform_events", region) == 1
        assert figure("platform_counselling", region) == 1
        assert figure("platform_processes", region) == 2
        assert figure("platform_processes_de", region) == 2
        assert figure("platform_processes_ar", region) == 1
        assert figure("platform_ngos", region) == 1
    # Another Land has nothing published: a real zero, not a missing value.
    assert figure("platform_courses", "09") == 0


def test_same_figures_twice_change_nothing_and_command_runs(municipality):
    CourseFactory(region=municipality)
    first = platform_figures_compute(today=DAY)
    again = platform_figures_compute(today=DAY)
    assert again.duplicate and again.batch.pk == first.batch.pk
    call_command("compute_platform_figures")
    assert (
        Observation.objects.filter(indicator__code="platform_courses", region__code="DE").count()
        == 2
    )


def test_beat_schedule_runs_the_task():
    entry = settings.CELERY_BEAT_SCHEDULE["dashboard-platform-figures"]
    assert entry["task"] == "dashboard.compute_platform_figures"
    from apps.dashboard.tasks import compute_platform_figures

    assert compute_platform_figures.name == entry["task"]
