"""PA screens of translation exchange files and machine pre-translation: the role table
(every role, anonymous included), the export download, the import preview and confirm,
queueing machine translation and the job list (bounded queries), the feature off."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.content import services as content
from apps.content.models import Information
from apps.translations.models import JobState, MachineTranslationJob, State, TranslationState
from tests.conftest import ALL_ROLES
from tests.translations.fake_mt import FakeMT

BASE = "/en/pa/translations/exchange/"
ALLOWED = {"pa_admin", "pa_editor", "pa_translator"}
SIGN_IN = "sign-in"
VIEWS = {
    "export": ("get", "export/"),
    "import": ("get", "import/"),
    "import-post": ("post", "import/"),
    "import-confirm": ("post", "import/confirm/"),
    "machine": ("get", "machine/"),
    "machine-post": ("post", "machine/"),
    "jobs": ("get", "machine/jobs/"),
}
EXPECTED = {
    role: SIGN_IN if role == "anonymous" else ("ok" if role in ALLOWED else 403)
    for role in ALL_ROLES
}


def test_table_covers_every_role_and_view():
    assert set(EXPECTED) == set(ALL_ROLES)
    assert {"pa_analyst", "ngo_admin", "ngo_editor", "migrant", "anonymous"} <= set(EXPECTED)
    from django.urls import reverse

    names = ["translation-export", "translation-import", "translation-import-confirm",
             "translation-machine", "translation-jobs"]  # fmt: skip
    assert {reverse(f"administration:{n}").split("/exchange/")[1] for n in names} == {
        path for _method, path in VIEWS.values()
    }


@pytest.fixture
def page(make_user, pa_organisation, municipality):
    return content.item_create(
        model=Information,
        user=make_user("pa_editor"),
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Anmelden", "summary_de": "Innerhalb von 14 Tagen."},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize(("role", "outcome"), list(EXPECTED.items()))
def test_access(role_client, page, role, outcome, view):
    method, path = VIEWS[view]
    client = role_client(role)
    response = getattr(client, method)(BASE + path, {})
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/?next=")
        return
    if outcome == 403:
        assert response.status_code == 403
        return
    # Allowed: a page, or (a POST without data) the form again / back to the form.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url.startswith(BASE)
    assert not MachineTranslationJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALLOWED | {"pa_analyst"}))
def test_nav_link_only_for_those_allowed(role_client, role):
    html = role_client(role).get("/en/pa/").content.decode()
    assert (f'href="{BASE}export/"' in html) is (role in ALLOWED)


@pytest.mark.django_db
def test_export_downloads_a_file_of_the_translators_items(role_client, page):
    client = role_client("pa_translator")
    response = client.get(
        BASE + "export/", {"format": "xliff20", "language": "ar", "source_language": "de"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xliff+xml"
    assert 'filename="micado-ar-xliff20-' in response["Content-Disposition"]
    body = response.content.decode()
    assert f'<unit id="information:{page.pk}:summary"' in body
    assert "Innerhalb von 14 Tagen." in body
    # Someone of another region gets a file without this region's items.
    from tests.factories import MunicipalityFactory, OrganisationFactory

    other = role_client(
        "pa_translator", organisation=OrganisationFactory(kind="pa", region=MunicipalityFactory())
    )
    response = other.get(BASE + "export/", {"format": "po", "language": "ar",
                                            "source_language": "de"})  # fmt: skip
    assert response["X-Units"] == "0"
    assert "Innerhalb" not in response.content.decode()


@pytest.mark.django_db
def test_export_form_errors(role_client, page):
    response = role_client("pa_translator").get(
        BASE + "export/",
        {"format": "po", "language": "de", "source_language": "de", "items": "nothing:1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a language other than the source language." in html
    assert "“nothing:1” does not name an item" in html


def _export(client, page):
    query = {"format": "po", "language": "ar", "source_language": "de"}
    return client.get(BASE + "export/", {**query, "items": f"information:{page.pk}"}).content


@pytest.mark.django_db
def test_import_preview_then_confirm(role_client, page, pa_organisation):
    client = role_client("pa_translator")
    data = _export(client, page).replace(
        b'msgid "Innerhalb von 14 Tagen."\nmsgstr ""',
        'msgid "Innerhalb von 14 Tagen."\nmsgstr "خلال 14 يومًا."'.encode(),
    )
    response = client.post(
        BASE + "import/",
        {"file": SimpleUploadedFile("ar.po", data), "state": "translated", "language": "ar"},
    )
    html = response.content.decode()
    assert "Preview of ar.po" in html and "1 applied, 0 flagged" in html
    assert "Nothing has been changed yet." in html
    page.refresh_from_db()
    assert page.summary_ar == ""
    token = html.split('name="token" value="')[1].split('"')[0]
    response = client.post(BASE + "import/confirm/", {"token": token}, follow=True)
    assert "ar.po imported: 1 applied" in response.content.decode()
    page.refresh_from_db()
    assert page.summary_ar == "خلال 14 يومًا."
    assert TranslationState.objects.get().state == State.IN_TRANSLATION  # title still missing
    # The token is used up; another user cannot use someone's token either.
    again = client.post(BASE + "import/confirm/", {"token": token}, follow=True)
    assert "This import has expired" in again.content.decode()


@pytest.mark.django_db
def test_import_of_a_broken_file_shows_the_errors(role_client, page):
    client = role_client("pa_editor")
    data = _export(client, page).replace(b"msgctxt", b"msgctxt msgctxt", 1)
    response = client.post(
        BASE + "import/", {"file": SimpleUploadedFile("ar.po", data), "state": "translated"}
    )
    html = response.content.decode()
    assert "This is not a valid PO file" in html
    assert 'name="token"' not in html


@pytest.mark.django_db
def test_machine_page_says_when_the_feature_is_off(role_client, page, settings):
    settings.MICADO_MT_PROVIDER = ""
    client = role_client("pa_translator")
    html = client.get(BASE + "machine/").content.decode()
    assert "Machine translation is off: no provider is configured." in html
    assert "Machine pre-translate</button>" not in html
    response = client.post(BASE + "machine/", {"languages": ["ar"]}, follow=True)
    assert "Machine translation is off" in response.content.decode()
    assert not MachineTranslationJob.objects.exists()
    assert "Machine translation is off" in client.get(BASE + "machine/jobs/").content.decode()


@pytest.mark.django_db
def test_machine_queue_and_job_list(
    role_client, page, settings, django_capture_on_commit_callbacks
):
    client = role_client("pa_translator")
    with FakeMT("libretranslate") as server:
        settings.MICADO_MT_PROVIDER, settings.MICADO_MT_URL = "libretranslate", server.url
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                BASE + "machine/", {"languages": ["ar", "ru"], "items": f"information:{page.pk}"},
            )  # fmt: skip
        # The tasks are sent when the request's transaction commits (here: the block ends).
        assert response.url == BASE + "machine/jobs/"
    html = client.get(response.url).content.decode()
    assert "2 machine translation jobs queued." in html
    assert html.count("2 texts machine translated.") == 2
    page.refresh_from_db()
    assert page.title_ar == "التسجيل" and page.summary_ru == "«Innerhalb von 14 Tagen.»"
    assert 'http-equiv="refresh"' not in html  # nothing runs any more


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 6])
def test_job_list_queries_are_bounded(
    role_client, page, count, settings, django_assert_max_num_queries
):
    settings.MICADO_MT_PROVIDER, settings.MICADO_MT_URL = "deepl", "http://127.0.0.1:9"
    client = role_client("pa_translator")
    client.get(BASE + "machine/jobs/")  # sessions, grants warmed up
    ct = ContentType.objects.get_for_model(Information)
    for language in ["ar", "ru", "uk", "it", "es", "nl"][:count]:
        MachineTranslationJob.objects.create(
            content_type=ct, object_id=page.pk, language=language, state=JobState.QUEUED
        )
    with django_assert_max_num_queries(8):
        response = client.get(BASE + "machine/jobs/")
    html = response.content.decode()
    assert html.count("<td>Queued</td>") == count
    assert 'http-equiv="refresh" content="5"' in html
