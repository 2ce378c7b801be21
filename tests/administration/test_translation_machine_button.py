"""The editor's per-item machine pre-translation button, against a fake LibreTranslate
server on 127.0.0.1: it queues the job of this item and language (run by Celery, eager in
tests), the progress page shows it; off without a provider (the screens say so, nothing
breaks); never two jobs of one item and language at once; every role, anonymous included;
a translator limited to Arabic cannot machine translate into Russian."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from apps.accounts.models import Membership
from apps.content import services as content
from apps.content.models import Process
from apps.translations.models import JobState, MachineTranslationJob, State, TranslationState
from tests.conftest import ALL_ROLES
from tests.translations.fake_mt import FakeMT

pytestmark = pytest.mark.django_db

ALLOWED = {"pa_admin", "pa_editor", "pa_translator"}


@pytest.fixture
def process(make_user, pa_organisation, municipality):
    author = make_user("pa_editor")
    process = content.process_create(
        user=author,
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Wohnsitz anmelden"},
    )
    content.step_create(
        process=process,
        user=author,
        expected_version=process.version,
        data={"title_de": "Termin buchen"},
    )
    process.refresh_from_db()
    return process


@pytest.fixture
def libretranslate(settings):
    with FakeMT("libretranslate") as server:
        settings.MICADO_MT_PROVIDER = server.kind
        settings.MICADO_MT_URL = server.url
        settings.MICADO_MT_API_KEY = ""
        settings.MICADO_MT_TIMEOUT = 5.0
        yield server


def editor_url(process, language="ar"):
    return f"/en/pa/translations/{language}/process/{process.pk}/"


def machine_url(process, language="ar"):
    return editor_url(process, language) + "machine/"


def jobs(process, language="ar"):
    return MachineTranslationJob.objects.filter(
        content_type=ContentType.objects.get_for_model(Process),
        object_id=process.pk,
        language=language,
    )


def state_of(obj, language="ar"):
    row = TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        language=language,
    ).first()
    return row.state if row else State.MISSING


def test_the_button_translates_the_item_and_shows_the_result(
    role_client, process, libretranslate, django_capture_on_commit_callbacks
):
    client = role_client("pa_translator")
    page = client.get(editor_url(process)).content.decode()
    assert "Machine pre-translate" in page and "no provider is configured" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(machine_url(process))
    assert response.status_code == 302 and response["Location"].endswith(machine_url(process))
    (job,) = jobs(process)
    assert (job.state, job.created_by) == (JobState.DONE, client.user)
    process.refresh_from_db()
    step = process.steps.get()
    assert (process.title_ar, step.title_ar) == ("تسجيل السكن", "احجز موعدًا")
    assert state_of(process) == state_of(step) == State.MACHINE
    assert [r["json"]["target"] for r in libretranslate.requests] == ["ar"]
    progress = client.get(machine_url(process)).content.decode()
    assert "2 texts machine translated." in progress
    assert 'http-equiv="refresh"' not in progress  # finished: no more reloading
    assert "2 texts machine translated." in client.get(editor_url(process)).content.decode()


def test_a_running_job_is_shown_and_not_queued_twice(
    role_client, process, libretranslate, django_capture_on_commit_callbacks
):
    running = MachineTranslationJob.objects.create(
        content_type=ContentType.objects.get_for_model(Process),
        object_id=process.pk,
        language="ar",
        state=JobState.RUNNING,
    )
    client = role_client("pa_translator")
    progress = client.get(machine_url(process)).content.decode()
    assert 'http-equiv="refresh" content="5"' in progress and "Running" in progress
    assert "disabled" in client.get(editor_url(process)).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(machine_url(process), follow=True)
    assert "already queued or running" in response.content.decode()
    assert list(jobs(process)) == [running] and callbacks == []
    assert libretranslate.requests == []
    process.refresh_from_db()
    assert not process.title_ar


def test_without_a_provider_the_button_is_off_and_nothing_breaks(role_client, process, settings):
    settings.MICADO_MT_PROVIDER = ""
    client = role_client("pa_translator")
    page = client.get(editor_url(process))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Machine translation is off: no provider is configured." in html
    assert "Machine pre-translate</button>" not in html
    response = client.post(machine_url(process), follow=True)
    assert "no provider is configured" in response.content.decode()
    assert not jobs(process).exists()
    assert client.get(machine_url(process)).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_button_for_every_role(
    role_client, role, process, libretranslate, django_capture_on_commit_callbacks
):
    client = role_client(role)
    page = client.get(machine_url(process))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(machine_url(process))
    if role in ALLOWED:
        assert page.status_code == 200 and response.status_code == 302
        assert jobs(process).get().state == JobState.DONE
    else:
        expected = 302 if role == "anonymous" else 403
        assert (page.status_code, response.status_code) == (expected, expected)
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
        assert not jobs(process).exists() and libretranslate.requests == []


def test_a_translator_limited_to_arabic_cannot_machine_translate_russian(
    make_user, process, municipality, libretranslate, django_capture_on_commit_callbacks
):
    user = make_user("pa_translator")
    Membership.objects.filter(user=user).update(languages=["ar"], region_ids=[municipality.pk])
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(machine_url(process, "ru"))
    assert refused.status_code == 403
    assert client.get(machine_url(process, "ru")).status_code == 403
    assert not jobs(process, "ru").exists() and libretranslate.requests == []
    # The service refuses it too (the general machine translation screen uses it).
    from django.core.exceptions import PermissionDenied

    from apps.translations import machine_services

    with pytest.raises(PermissionDenied):
        machine_services.mt_jobs_queue(items=[process], languages=["ru"], user=user)
    assert not MachineTranslationJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        allowed = client.post(machine_url(process, "ar"))
    assert allowed.status_code == 302 and jobs(process, "ar").get().state == JobState.DONE
