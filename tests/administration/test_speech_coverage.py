"""The PA audio coverage page: who may open it, that its figures equal what the database
holds (per item and language, totals per language), that audio made with engine
settings no longer in force counts as outdated, and that its query count does not grow
with the content."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.content.models import Process, Status
from apps.speech import backends, services
from apps.speech.models import AudioRendition
from tests.conftest import ALL_ROLES, PA_ROLE_NAMES
from tests.content.factories import (
    EventFactory,
    InformationFactory,
    ProcessFactory,
    StepFactory,
)
from tests.factories import MunicipalityFactory, OrganisationFactory

URL = "/en/pa/speech/coverage/"
SIGN_IN = "sign-in"
EXPECTED = {
    role: SIGN_IN if role == "anonymous" else (200 if role in PA_ROLE_NAMES else 403)
    for role in ALL_ROLES
}


class FixedBackend:
    """A backend with a voice for every language and a fixed version: the settings in
    force are the same with or without espeak-ng on the machine. It never renders."""

    name = "fixed"

    def voice(self, language):
        return language

    def version(self):
        return "1"


@pytest.fixture(autouse=True)
def fixed_backend(settings):
    settings.MICADO_SPEECH_BACKEND_CLASSES = {
        **settings.MICADO_SPEECH_BACKEND_CLASSES,
        "fixed": "tests.administration.test_speech_coverage.FixedBackend",
    }
    settings.MICADO_SPEECH_BACKENDS = {"default": "fixed"}
    settings.MICADO_SPEECH_FALLBACK_BACKEND = "fixed"
    backends.reset()
    yield
    backends.reset()


def rendition(item, language, seconds, *, step=None, checked=None, fmt="opus"):
    now = checked or timezone.now()
    (in_force,) = services.engine_settings_in_force(language, fmt)
    part = f"step-{step.pk}" if step else "item"
    return AudioRendition.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        step=step,
        language=language,
        format=fmt,
        fingerprint="x" * 64,
        engine_settings=in_force,
        backend="fixed",
        voice=language,
        duration=seconds,
        size=1000,
        file=f"speech/{language}/{item._meta.model_name}-{item.pk}/{part}.{fmt}",
        rendered_at=now,
        checked_at=now,
    )


def fill(organisation, n: int) -> dict:
    """n processes (two steps) with current de audio and outdated en audio, n information
    pages in de and en with no audio; drafts and another region's items, which never
    count. Returns what the page must show."""
    region = organisation.region
    for index in range(n):
        process = ProcessFactory(
            region=region, organisation=organisation, title_de=f"Verfahren {index}"
        )
        steps = [StepFactory(process=process, title_de=f"Schritt {i}") for i in range(2)]
        for fmt in ("opus", "mp3"):
            rendition(process, "de", 10.0, fmt=fmt)
            for step in steps:
                rendition(process, "de", 5.5, step=step, fmt=fmt)
        rendition(process, "en", 7.0, checked=timezone.now() - timedelta(days=2))
        Process.objects.filter(pk=process.pk).update(updated_at=timezone.now() - timedelta(days=1))
        InformationFactory(region=region, organisation=organisation, title_en=f"Info {index}")
    draft = ProcessFactory(region=region, organisation=organisation, status=Status.DRAFT)
    rendition(draft, "de", 99.0)
    other = MunicipalityFactory()
    elsewhere = EventFactory(region=other, organisation=OrganisationFactory(region=other))
    rendition(elsewhere, "de", 99.0)
    return {
        "de": {"items": 2 * n, "current": n, "outdated": 0, "missing": n, "seconds": 21.0 * n},
        "en": {"items": 2 * n, "current": 0, "outdated": n, "missing": n, "seconds": 7.0 * n},
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "outcome"), sorted(EXPECTED.items()))
def test_coverage_access(role_client, pa_organisation, role, outcome):
    fill(pa_organisation, 1)
    response = role_client(role).get(URL)
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/?next=")
        return
    assert response.status_code == outcome
    if outcome == 200:
        assert "Audio coverage" in response.content.decode()
        home = role_client(role).get("/en/pa/").content.decode()
        assert f'href="{URL}"' in home  # linked from the PA navigation


def test_table_covers_every_role():
    assert set(EXPECTED) == set(ALL_ROLES)


@pytest.mark.django_db
def test_coverage_equals_the_database(role_client, pa_organisation):
    expected = fill(pa_organisation, 3)
    response = role_client("pa_editor").get(URL)
    assert response.status_code == 200
    totals = {t.language: t for t in response.context["totals"]}
    for code, figures in expected.items():
        got = totals[code]
        assert {k: getattr(got, k) for k in figures} == figures, code
    assert totals["ar"].items == 0 and totals["ar"].seconds == 0
    # The same figures straight from the database: seconds of the Opus rows of the
    # region's published items, per language.
    region_items = {
        (ContentType.objects.get_for_model(m).pk, pk)
        for m in (Process,)
        for pk in m.objects.filter(
            region=pa_organisation.region, status=Status.PUBLISHED
        ).values_list("pk", flat=True)
    }
    for code in ("de", "en"):
        seconds = sum(
            r.duration
            for r in AudioRendition.objects.filter(language=code, format="opus")
            if (r.content_type_id, r.object_id) in region_items
        )
        assert totals[code].seconds == pytest.approx(seconds)
    rows = response.context["rows"]
    assert len(rows) == 6  # 3 processes + 3 information pages: no draft, nothing elsewhere
    processes = [r for r in rows if r.kind == "process"]
    assert all(r.languages["de"] == {"seconds": 21.0, "current": True} for r in processes)
    assert all(r.languages["en"] == {"seconds": 7.0, "current": False} for r in processes)
    infos = [r for r in rows if r.kind == "information"]
    none = {"seconds": 0.0, "current": None}
    assert all(r.languages == {"de": none, "en": none} for r in infos)
    html = response.content.decode()
    assert html.count('data-current="yes"') == 3
    assert html.count('data-current="no"') == 3
    assert html.count('data-current="none"') == 6
    assert '<tr data-language="de">' in html


@pytest.mark.django_db
def test_audio_made_with_other_engine_settings_is_outdated(role_client, pa_organisation, settings):
    fill(pa_organisation, 1)
    client = role_client("pa_editor")
    totals = {t.language: t for t in client.get(URL).context["totals"]}
    assert (totals["de"].current, totals["de"].outdated) == (1, 0)
    for name in ("MICADO_SPEECH_MP3_KBPS", "MICADO_SPEECH_OPUS_KBPS"):  # either format
        kept = getattr(settings, name)
        setattr(settings, name, 48)
        totals = {t.language: t for t in client.get(URL).context["totals"]}
        assert (totals["de"].current, totals["de"].outdated) == (0, 1), name
        setattr(settings, name, kept)
    totals = {t.language: t for t in client.get(URL).context["totals"]}
    assert (totals["de"].current, totals["de"].outdated) == (1, 0)


@pytest.mark.django_db
def test_coverage_queries_do_not_grow(role_client, pa_organisation):
    client = role_client("pa_admin")
    counts = []
    for n in (2, 12):
        fill(pa_organisation, n if not counts else n - 2)
        client.get(URL)  # warm: session, grants
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        assert len(response.context["rows"]) == 2 * n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
