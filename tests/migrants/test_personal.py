"""The personal space: saved guides and their ticks, the checklist, account deletion;
signed-in only, and nobody sees or changes another user's rows."""

import html
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from apps.content.models import Status
from apps.migrants.models import ChecklistItem, SavedProcess, StepProgress, WalletDocument
from tests.factories import UserFactory
from tests.migrants.conftest import LANGS, TEXTS, client_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def signed_in(town, user=None) -> Client:
    user = user or UserFactory()
    client = client_in(town)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def me(town):
    return signed_in(town)


@pytest.fixture
def other(town):
    return signed_in(town)


def steps_of(process) -> list:
    return list(process.steps.order_by("position"))


# --- anonymous --------------------------------------------------------------------------------

GET_PAGES = ["/en/me/", "/en/me/guides/", "/en/me/checklist/", "/en/me/documents/",
             "/en/me/export/", "/en/me/delete/"]  # fmt: skip


@pytest.mark.parametrize("path", GET_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={path}"


def test_anonymous_posts_change_nothing(client, make_process, other):
    process = make_process()
    step = steps_of(process)[0]
    item = ChecklistItem.objects.create(user=other.user, text="keep me")
    posts = [
        (f"/en/me/guides/{process.pk}/save/", {}),
        (f"/en/me/guides/{process.pk}/progress/", {"step": step.pk, "done": "1"}),
        ("/en/me/checklist/", {"text": "x"}),
        (f"/en/me/checklist/{item.pk}/delete/", {}),
        ("/en/me/delete/", {"email": other.user.email}),
    ]
    for path, data in posts:
        response = client.post(path, data)
        assert response.status_code == 302, path
        assert "/accounts/login/" in response["Location"]
    assert not SavedProcess.objects.exists()
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    assert get_user_model().objects.filter(pk=other.user.pk).exists()


def test_the_process_page_of_anonymous_visitors_keeps_ticks_on_the_device(client, make_process):
    process = make_process()
    body = client.get(f"/en/processes/{process.pk}/").content.decode()
    assert 'id="personal-progress"' not in body
    assert "step-done-form" not in body
    assert f'data-progress-key="process-{process.pk}"' in body
    assert f"/en/accounts/login/?next=/en/processes/{process.pk}/" in body
    assert "migrants-progress.js" in body


# --- saved guides and ticks, in four languages ------------------------------------------------


def steps_done(lang: str, done: int, total: int) -> str:
    """The progress line as the page writes it in `lang` (the catalog's translation)."""
    with translation.override(lang):
        return gettext("%(done)s of %(total)s steps done") % {"done": done, "total": total}


@pytest.mark.parametrize("lang", LANGS)
def test_save_a_guide_and_tick_steps_without_javascript(me, make_process, lang):
    process = make_process()
    one, two, three = steps_of(process)
    page = me.get(f"/{lang}/processes/{process.pk}/").content.decode()
    assert f'lang="{lang}"' in page
    assert f'action="/{lang}/me/guides/{process.pk}/save/"' in page
    assert page.count('class="step-done-form"') == 3

    response = me.post(f"/{lang}/me/guides/{process.pk}/save/")
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/processes/{process.pk}/"
    assert SavedProcess.objects.filter(user=me.user, process=process).exists()

    guides = me.get(f"/{lang}/me/guides/").content.decode()
    assert TEXTS["process"][lang] in guides
    assert f">{steps_done(lang, 0, 3)}<" in guides

    response = me.post(
        f"/{lang}/me/guides/{process.pk}/progress/",
        {"step": two.pk, "done": "1", "number": "2"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/processes/{process.pk}/#step-2"
    page = me.get(response["Location"]).content.decode()
    assert f'data-done="{two.pk}"' in page
    with translation.override(lang):
        assert gettext("Step %(number)s is done.") % {"number": 2} in page

    guides = me.get(f"/{lang}/me/guides/").content.decode()
    assert f">{steps_done(lang, 1, 3)}<" in guides

    me.post(f"/{lang}/me/guides/{process.pk}/progress/", {"step": two.pk, "done": "0"})
    assert not StepProgress.objects.exists()


def test_ticks_from_the_script_answer_json_and_need_the_csrf_token(town, make_process):
    process = make_process()
    one, two, three = steps_of(process)
    user = UserFactory()
    client = client_in(town)
    client.handler.enforce_csrf_checks = True
    client.force_login(user)
    url = f"/en/me/guides/{process.pk}/progress/"

    refused = client.post(
        url, {"step": one.pk, "done": "1"}, headers={"accept": "application/json"}
    )
    assert refused.status_code == 403
    assert not StepProgress.objects.exists()

    client.get(f"/en/processes/{process.pk}/")  # the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    headers = {"accept": "application/json", "x-csrftoken": token}
    for step in (one, three):
        response = client.post(url, {"step": step.pk, "done": "1"}, headers=headers)
        assert response.status_code == 200
    assert sorted(response.json()["done"]) == sorted([one.pk, three.pk])
    assert response["Cache-Control"] == "private, no-store"
    # Ticking saved the guide in "My guides".
    assert SavedProcess.objects.filter(user=user, process=process).exists()

    response = client.post(url, {"clear": "1"}, headers=headers)
    assert response.json() == {"done": []}
    assert SavedProcess.objects.filter(user=user, process=process).exists()


def test_steps_of_unpublished_or_other_processes_cannot_be_ticked(me, make_process):
    process = make_process()
    other_process = make_process()
    step = steps_of(process)[0]
    wrong = me.post(f"/en/me/guides/{other_process.pk}/progress/", {"step": step.pk, "done": "1"})
    assert wrong.status_code == 404
    assert me.post(f"/en/me/guides/{process.pk}/progress/", {"step": "x"}).status_code == 404
    process.status = Status.DRAFT
    process.save(update_fields=["status"])
    response = me.post(f"/en/me/guides/{process.pk}/progress/", {"step": step.pk, "done": "1"})
    assert response.status_code == 404
    assert me.post(f"/en/me/guides/{process.pk}/save/").status_code == 404
    assert not SavedProcess.objects.exists()


def test_an_unpublished_saved_guide_is_listed_without_a_link(me, make_process):
    process = make_process()
    me.post(f"/en/me/guides/{process.pk}/save/")
    process.status = Status.ARCHIVED
    process.save(update_fields=["status"])
    guides = me.get("/en/me/guides/").content.decode()
    assert "This guide is not published at the moment." in guides
    assert f'href="/en/processes/{process.pk}/"' not in guides


def test_another_users_saved_guide_is_404_and_unchanged(me, other, make_process):
    process = make_process()
    step = steps_of(process)[0]
    other.post(f"/en/me/guides/{process.pk}/progress/", {"step": step.pk, "done": "1"})
    assert me.post(f"/en/me/guides/{process.pk}/remove/").status_code == 404
    assert SavedProcess.objects.filter(user=other.user).count() == 1
    assert StepProgress.objects.filter(saved__user=other.user).count() == 1
    # My own page and ticks know nothing of theirs.
    assert TEXTS["process"]["en"] not in me.get("/en/me/guides/").content.decode()
    assert 'data-done=""' in me.get(f"/en/processes/{process.pk}/").content.decode()
    # Clearing my ticks leaves theirs.
    me.post(f"/en/me/guides/{process.pk}/progress/", {"clear": "1"})
    assert StepProgress.objects.filter(saved__user=other.user).count() == 1


def test_removing_a_guide_removes_its_ticks(me, make_process):
    process = make_process()
    step = steps_of(process)[0]
    me.post(f"/en/me/guides/{process.pk}/progress/", {"step": step.pk, "done": "1"})
    response = me.post(f"/en/me/guides/{process.pk}/remove/")
    assert response.status_code == 302
    assert not SavedProcess.objects.exists()
    assert not StepProgress.objects.exists()


@pytest.mark.parametrize("n", [3, 30])
def test_my_guides_queries_do_not_depend_on_the_number_saved(
    me, town, organisation, django_assert_num_queries, n
):
    from tests.content.factories import ProcessFactory, StepFactory

    for index in range(n):
        process = ProcessFactory(region=town, organisation=organisation, title_en=f"Guide {index}")
        steps = [StepFactory(process=process, position=i) for i in range(3)]
        saved = SavedProcess.objects.create(user=me.user, process=process)
        StepProgress.objects.create(saved=saved, step=steps[0])
    me.get("/en/me/guides/")
    # session, user, memberships (the staff 2FA check), the saved guides (+ process,
    # counts), region, its ancestors, the guides' translation states
    with django_assert_num_queries(7):
        response = me.get("/en/me/guides/")
    assert response.content.decode().count(">1 of 3 steps done<") == n


# --- checklist --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_add_tick_and_delete(me, lang):
    url = f"/{lang}/me/checklist/"
    text = {"en": "Copy passport", "de": "Pass kopieren", "ar": "نسخ جواز السفر",
            "zh-hans": "复印护照"}[lang]  # fmt: skip
    response = me.post(url, {"text": f"  {text}\u202e  "})
    assert response.status_code == 302
    item = ChecklistItem.objects.get(user=me.user)
    assert item.text == text  # trimmed, the bidi override removed
    page = me.get(url).content.decode()
    assert f'lang="{lang}"' in page
    assert text in page

    me.post(f"/{lang}/me/checklist/{item.pk}/done/", {"done": "1"})
    item.refresh_from_db()
    assert item.done
    assert 'class="is-done"' in me.get(url).content.decode()
    me.post(f"/{lang}/me/checklist/{item.pk}/done/", {"done": "0"})
    item.refresh_from_db()
    assert not item.done

    me.post(f"/{lang}/me/checklist/{item.pk}/delete/")
    assert not ChecklistItem.objects.exists()


def test_checklist_text_is_escaped(me):
    me.post("/en/me/checklist/", {"text": "<script>alert(1)</script> & more"})
    page = me.get("/en/me/checklist/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please write what you want to do."),
        ("   ", "Please write what you want to do."),
        ("x" * 201, "Please write at most 200 characters."),
    ],
)
def test_bad_checklist_text_is_refused_with_a_message(me, text, message):
    response = me.post("/en/me/checklist/", {"text": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert not ChecklistItem.objects.exists()


def test_another_users_checklist_item_is_404_and_unchanged(me, other):
    item = ChecklistItem.objects.create(user=other.user, text="Theirs")
    assert me.post(f"/en/me/checklist/{item.pk}/done/", {"done": "1"}).status_code == 404
    assert me.post(f"/en/me/checklist/{item.pk}/delete/").status_code == 404
    item.refresh_from_db()
    assert not item.done
    assert "Theirs" not in me.get("/en/me/checklist/").content.decode()


# --- my space and account deletion -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_my_space_page(me, lang):
    ChecklistItem.objects.create(user=me.user, text="a")
    response = me.get(f"/{lang}/me/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'lang="{lang}"' in body
    assert 'aria-current="page"' in body
    for name in ("guides", "checklist", "documents", "export", "delete"):
        assert f'href="/{lang}/me/{name}/"' in body
    assert (
        response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    )


def _fill(client, process):
    client.post(
        f"/en/me/guides/{process.pk}/progress/", {"step": steps_of(process)[0].pk, "done": "1"}
    )
    client.post("/en/me/checklist/", {"text": "Do it"})
    client.post("/en/me/documents/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    client.post("/en/me/documents/", {"file": SimpleUploadedFile("b.pdf", PDF)})


def files_in(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("lang", LANGS)
def test_deleting_the_account_leaves_no_row_and_no_file(
    me, other, make_process, private_root, django_capture_on_commit_callbacks, lang
):
    process = make_process()
    _fill(me, process)
    _fill(other, process)
    assert len(files_in(private_root)) == 4
    kept = set(WalletDocument.objects.filter(user=other.user).values_list("file_name", flat=True))

    wrong = me.post(f"/{lang}/me/delete/", {"password": "wrong"})
    assert wrong.status_code == 400
    with translation.override(lang):
        message = gettext("This password is not right. Your account was not deleted.")
    assert html.escape(message) in wrong.content.decode()
    assert get_user_model().objects.filter(pk=me.user.pk).exists()
    assert len(files_in(private_root)) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = me.post(f"/{lang}/me/delete/", {"password": "pw-Secret-123"})
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/"
    assert not get_user_model().objects.filter(pk=me.user.pk).exists()
    for model in (SavedProcess, ChecklistItem, WalletDocument):
        assert not model.objects.filter(user=me.user.pk).exists()
    assert not StepProgress.objects.filter(saved__user=me.user.pk).exists()
    remaining = {f"wallet/{p.name}" for p in files_in(private_root)}
    assert remaining == kept  # the other user's files stay
    # Signed out: My space asks to sign in again.
    assert me.get(f"/{lang}/me/").status_code == 302
    assert SavedProcess.objects.filter(user=other.user).count() == 1


def test_an_account_without_password_confirms_with_its_email(town, private_root):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client = signed_in(town, user)
    page = client.get("/en/me/delete/").content.decode()
    assert 'type="password"' not in page
    wrong = client.post("/en/me/delete/", {"email": "someone@else.org"})
    assert wrong.status_code == 400
    assert "This is not your email address." in wrong.content.decode()
    response = client.post("/en/me/delete/", {"email": user.email.upper()})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_staff_cannot_delete_their_account_here(role_client):
    client = role_client("pa_editor")
    response = client.post("/en/me/delete/", {"password": "pw-Secret-123"})
    assert response.status_code == 403
    assert "Please ask its administrator" in response.content.decode()
    assert get_user_model().objects.filter(pk=client.user.pk).exists()


def test_export_json_has_guides_with_their_ticks(me, make_process):
    import zipfile

    process = make_process()
    _fill(me, process)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(me.get("/de/me/export/").streaming_content)))
    data = json.loads(archive.read("data.json"))
    (guide,) = data["saved_guides"]
    assert guide["title"] == TEXTS["process"]["de"]
    assert [s["title"] for s in guide["steps_done"]] == [TEXTS["step1"]["de"]]
    assert len(data["documents"]) == 2
