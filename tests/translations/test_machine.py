"""Machine pre-translation against a fake LibreTranslate and a fake DeepL server on
127.0.0.1: success with links and mentions intact, timeout, HTTP 500, garbage and
broken placeholders leave the item untouched and say why; the lock; no provider."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError

from apps.content import services as content
from apps.content.models import GlossaryTerm, Information, Process, Revision, Step, StepLink
from apps.translations import machine_services as mt
from apps.translations import services as states
from apps.translations.models import JobState, MachineTranslationJob, State, TranslationState
from tests.translations.fake_mt import FakeMT

pytestmark = pytest.mark.django_db

BODY = (
    '<p>Melden Sie sich beim <a href="https://example.org/amt" rel="noopener noreferrer">'
    "Bürgeramt</a> an und bringen Sie die @[g,{term}](Meldebescheinigung) mit.</p>"
)
BODY_AR = (
    '<p>سجّل لدى <a href="https://example.org/amt" rel="noopener noreferrer">مكتب المواطنين</a>'
    " وأحضر @[g,{term}](شهادة التسجيل) معك.</p>"
)
KINDS = ["libretranslate", "deepl"]


@pytest.fixture
def page(pa_editor, pa_organisation, municipality):
    term = content.item_create(
        model=GlossaryTerm, user=pa_editor, organisation=pa_organisation, region=municipality,
        data={"term_de": "Meldebescheinigung"},
    )  # fmt: skip
    return content.item_create(
        model=Information, user=pa_editor, organisation=pa_organisation, region=municipality,
        data={"title_de": "Anmelden", "body_de": BODY.format(term=term.pk)},
    )  # fmt: skip


@pytest.fixture
def process(pa_editor, pa_organisation, municipality):
    process = content.process_create(
        user=pa_editor, organisation=pa_organisation, region=municipality,
        data={"title_de": "Wohnsitz anmelden"},
    )  # fmt: skip
    for title in ("Termin buchen", "Hingehen"):
        content.step_create(
            process=process, user=pa_editor, expected_version=process.version,
            data={"title_de": title},
        )  # fmt: skip
        process.refresh_from_db()
    first, second = process.steps.all()
    content.step_link_create(
        process=process, user=pa_editor, expected_version=process.version,
        from_step=first, to_step=second, label={"de": "danach"},
    )  # fmt: skip
    process.refresh_from_db()
    return process


@pytest.fixture
def provider(settings):
    def use(server: FakeMT, *, timeout: float = 5.0):
        settings.MICADO_MT_PROVIDER = server.kind
        settings.MICADO_MT_URL = server.url
        settings.MICADO_MT_API_KEY = "secret-key"
        settings.MICADO_MT_TIMEOUT = timeout

    return use


def _state(obj, language="ar"):
    row = TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, language=language
    ).first()
    return row.state if row else State.MISSING


def _snapshot():
    rows = []
    for model in (GlossaryTerm, Information, Process, Step, StepLink):
        rows += [(model.__name__, sorted(r.items())) for r in model.objects.values()]
    return rows, list(TranslationState.objects.values_list("state")), Revision.objects.count()


def _run(items, languages, user, capture):
    with capture(execute=True):
        jobs = mt.mt_jobs_queue(items=items, languages=languages, user=user)
    return [MachineTranslationJob.objects.get(pk=j.pk) for j in jobs]


@pytest.mark.parametrize("kind", KINDS)
def test_machine_translation_keeps_links_and_mentions(
    kind, page, process, translator, provider, django_capture_on_commit_callbacks
):
    term_pk = GlossaryTerm.objects.get().pk
    with FakeMT(kind) as server:
        provider(server)
        jobs = _run([page, process], ["ar"], translator, django_capture_on_commit_callbacks)
    assert [(j.state, mt.job_message(j)) for j in jobs] == [
        (JobState.DONE, "2 texts machine translated."),
        (JobState.DONE, "4 texts machine translated."),
    ]
    page.refresh_from_db()
    assert page.title_ar == "التسجيل"
    assert page.body_ar == BODY_AR.format(term=term_pk)
    assert page.body_de == BODY.format(term=term_pk)
    first, second = process.steps.all()
    assert (first.title_ar, second.title_ar) == ("احجز موعدًا", "اذهب إلى هناك")
    assert process.links.get().label_ar == "بعد ذلك"
    assert {_state(o) for o in (page, process, first, second, process.links.get())} == {
        State.MACHINE
    }
    assert jobs[0].created_by == translator and jobs[0].finished_at
    request = server.requests[0]
    if kind == "libretranslate":
        assert request["path"] == "/translate"
        body = request["json"]
        assert (body["source"], body["target"], body["format"]) == ("de", "ar", "html")
        assert body["api_key"] == "secret-key"
        assert body["q"][1].startswith('<x id="1"/>Melden Sie sich beim <x id="2"/>Bürgeramt')
    else:
        assert request["path"] == "/v2/translate"
        assert request["headers"]["Authorization"] == "DeepL-Auth-Key secret-key"
        body = request["json"]
        assert (body["source_lang"], body["target_lang"], body["tag_handling"]) == (
            "DE", "AR", "html",
        )  # fmt: skip
        assert len(body["text"]) == 2
    # The links' hrefs and the mention markers never went to the provider.
    sent = " ".join(" ".join(r["json"].get("q") or r["json"].get("text")) for r in server.requests)
    assert "example.org" not in sent and "@[g," not in sent


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("timeout", "did not answer within 0.5 seconds. Nothing was changed."),
        ("500", "answered with an error (HTTP 500). Nothing was changed."),
        ("garbage", "answer cannot be used (not JSON). Nothing was changed."),
        ("shape", "answer cannot be used ("),
        ("drop", "The machine translation of “text” broke its markup or mentions "
                 "(placeholders missing: 1)"),
        ("invent", "placeholders that the source does not have: 99"),
    ],
)  # fmt: skip
def test_failing_provider_leaves_the_item_untouched(
    kind, mode, message, page, translator, provider, django_capture_on_commit_callbacks
):
    before = _snapshot()
    with FakeMT(kind, mode=mode, delay=2.0) as server:
        provider(server, timeout=0.5)
        (job,) = _run([page], ["ar"], translator, django_capture_on_commit_callbacks)
    assert job.state == JobState.FAILED
    assert message in mt.job_message(job)
    assert _snapshot() == before
    assert server.requests  # it did ask


def test_unreachable_provider(page, translator, settings, django_capture_on_commit_callbacks):
    with FakeMT("deepl") as server:
        url = server.url
    settings.MICADO_MT_PROVIDER, settings.MICADO_MT_URL = "deepl", url  # nobody listens now
    before = _snapshot()
    (job,) = _run([page], ["ar"], translator, django_capture_on_commit_callbacks)
    assert (job.state, mt.job_message(job)) == (
        JobState.FAILED,
        "The translation service cannot be reached (ConnectError). Nothing was changed.",
    )
    assert _snapshot() == before


def test_current_human_translations_are_never_overwritten(
    page, process, translator, provider, django_capture_on_commit_callbacks, pa_editor
):
    page.title_ar, page.body_ar = "عنوان بشري", "<p>نص بشري</p>"
    page.save()
    states.state_set(item=page, language="ar", state="translated")
    first = process.steps.first()
    first.title_ar = "خطوة بشرية"  # a person's text nobody marked yet: state missing
    first.save()
    with FakeMT("libretranslate") as server:
        provider(server)
        jobs = _run([page, process], ["ar"], translator, django_capture_on_commit_callbacks)
        assert mt.job_message(jobs[0]) == (
            "Nothing to translate: every text is current or was translated by a person."
        )
        page.refresh_from_db()
        assert (page.title_ar, _state(page)) == ("عنوان بشري", State.TRANSLATED)
        first.refresh_from_db()
        assert first.title_ar == "خطوة بشرية"  # kept; the empty fields around it were filled
        assert process.links.get().label_ar == "بعد ذلك"
        # Once the source changes, the outdated translation is machine translated again.
        content.item_update(
            item=page, user=pa_editor, expected_version=page.version, data={"title_de": "Anmelden"}
        )
        page.refresh_from_db()
        content.item_update(
            item=page, user=pa_editor, expected_version=page.version,
            data={"body_de": page.body_de.replace(" mit.", " mit.</p><p>Hingehen")},
        )  # fmt: skip
        assert _state(page) == State.OUTDATED
        (job,) = _run([page], ["ar"], translator, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert job.state == JobState.DONE
    assert page.title_ar == "التسجيل" and "اذهب إلى هناك" in page.body_ar
    assert _state(page) == State.MACHINE


def test_lock_keeps_a_second_job_off_the_same_item_and_language(
    page, translator, provider, django_capture_on_commit_callbacks
):
    with FakeMT("libretranslate") as server:
        provider(server)
        job = MachineTranslationJob.objects.create(
            content_type=ContentType.objects.get_for_model(Information),
            object_id=page.pk,
            language="ar",
        )
        cache.add(mt._lock_key(job), -1, 60)  # another job holds the item and language
        before = _snapshot()
        mt.mt_job_run(job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, mt.job_message(job)) == (
            JobState.FAILED,
            "Another job is translating this item into this language right now. "
            "Nothing was changed.",
        )
        assert _snapshot() == before and server.requests == []
        cache.delete(mt._lock_key(job))
        # A job that is queued or running is not queued twice.
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            first = mt.mt_jobs_queue(items=[page], languages=["ar", "ru"], user=translator)
            again = mt.mt_jobs_queue(items=[page], languages=["ar"], user=translator)
        assert again == first[:1] and len(callbacks) == 2
        assert MachineTranslationJob.objects.filter(state=JobState.QUEUED).count() == 2


def test_no_provider_means_the_feature_is_off(page, translator, settings):
    settings.MICADO_MT_PROVIDER = ""
    assert mt.mt_enabled() is False
    with pytest.raises(ValidationError, match="no provider is configured"):
        mt.mt_jobs_queue(items=[page], languages=["ar"], user=translator)
    assert not MachineTranslationJob.objects.exists()
    job = MachineTranslationJob.objects.create(
        content_type=ContentType.objects.get_for_model(Information), object_id=page.pk,
        language="ar",
    )  # fmt: skip
    mt.mt_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.message_code) == (JobState.FAILED, "off")


def test_languages_a_provider_cannot_do_fail_at_once(
    page, translator, provider, django_capture_on_commit_callbacks
):
    with FakeMT("deepl") as server:
        provider(server)
        jobs = _run(
            [page], ["prs", "ur", "de", "ru"], translator, django_capture_on_commit_callbacks
        )
    assert [(j.language, j.state) for j in jobs] == [
        ("prs", JobState.FAILED), ("ur", JobState.FAILED), ("ru", JobState.DONE),
    ]  # fmt: skip
    assert mt.job_message(jobs[0]) == (
        "DeepL cannot translate from de into prs. Nothing was changed."
    )
    assert len(server.requests) == 1  # only Russian was asked for


def test_queue_needs_the_right_to_translate(page, make_user, provider):
    from django.core.exceptions import PermissionDenied

    with FakeMT("deepl") as server:
        provider(server)
        with pytest.raises(PermissionDenied):
            mt.mt_jobs_queue(items=[page], languages=["ar"], user=make_user("ngo_editor"))
    assert not MachineTranslationJob.objects.exists()


def test_queue_missing_of_a_region(
    page, process, translator, provider, municipality, django_capture_on_commit_callbacks
):
    page.title_ar = page.title_ru = "x"
    page.save()
    for language in ("ar", "ru"):
        states.state_set(item=page, language=language, state="translated")
    with FakeMT("libretranslate") as server:
        provider(server)
        with django_capture_on_commit_callbacks(execute=True):
            jobs = mt.mt_queue_missing(languages=["ar", "ru"], region=municipality, user=translator)
    items = {(j.content_type.model, j.object_id, j.language) for j in jobs}
    term = GlossaryTerm.objects.get()
    assert items == {
        ("glossaryterm", term.pk, "ar"), ("glossaryterm", term.pk, "ru"),
        ("process", process.pk, "ar"), ("process", process.pk, "ru"),
    }  # fmt: skip


def test_command_machine_translate(page, provider, settings, django_capture_on_commit_callbacks):
    import io

    from django.core.management import CommandError, call_command

    settings.MICADO_MT_PROVIDER = ""
    with pytest.raises(CommandError, match="no provider is configured"):
        call_command("machine_translate", f"information:{page.pk}", "--language", "ar")
    with FakeMT("deepl") as server:
        provider(server)
        with pytest.raises(CommandError, match="There are no items information:999999"):
            call_command("machine_translate", "information:999999", "--language", "ar")
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=False):
            call_command("machine_translate", f"information:{page.pk}", "--language", "ar",
                         "--wait", stdout=out)  # fmt: skip
    assert f"information:{page.pk} ar Done: 2 texts machine translated." in out.getvalue()
    page.refresh_from_db()
    assert page.title_ar == "التسجيل"
