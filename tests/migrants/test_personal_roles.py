"""Role table of the personal space (`/me/...`): every page and action, for every role.

Anonymous visitors are sent to sign in (the document download, which has no sign-in
gate of its own, answers 404 to anyone but the owner). The migrant and every staff role
use the personal space on their own data (staff may not delete their account here:
403). A URL naming another user's guide, item or document is a 404, and nothing
changes: no row, no file, no tick.
"""

import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.migrants import urls
from apps.migrants.models import ChecklistItem, SavedProcess, StepProgress, WalletDocument
from apps.migrants.personal import services as personal_services
from tests.conftest import ALL_ROLES
from tests.content.factories import ProcessFactory, StepFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
SIGN_IN = "sign-in"
SIGNED_IN_ROLES = [r for r in ALL_ROLES if r != "anonymous"]
STAFF_ROLES = [r for r in ALL_ROLES if r not in ("anonymous", "migrant")]


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root) -> set:
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@dataclass
class Data:
    """One user's personal space: a saved guide with one tick, an open checklist item and
    a PDF in the wallet."""

    user: object
    saved: SavedProcess
    item: ChecklistItem
    document: WalletDocument


def fill(user, process, *, text: str, title: str) -> Data:
    step = process.steps.order_by("position").first()
    saved = personal_services.step_progress_set(user=user, step=step, done=True)
    item = ChecklistItem.objects.create(user=user, text=text)
    document = personal_services.wallet_document_create(
        user=user, upload=SimpleUploadedFile("x.pdf", PDF), title=title
    )
    return Data(user=user, saved=saved, item=item, document=document)


@dataclass
class World:
    guide: object  # saved and ticked by both users
    spare: object  # saved by nobody yet
    mine: Data | None
    theirs: Data


@pytest.fixture
def world(municipality, pa_organisation, private_root):
    """world(user) -> a World in which `user` (None: anonymous) and another migrant each
    have their own personal space."""

    def make(user) -> World:
        guide, spare = (
            ProcessFactory(region=municipality, organisation=pa_organisation, title_en=title)
            for title in ("Shared guide", "Spare guide")
        )
        for process in (guide, spare):
            for position in range(3):
                StepFactory(process=process, position=position)
        theirs = fill(UserFactory(), guide, text="Their task", title="Their paper")
        mine = fill(user, guide, text="My task", title="My paper") if user else None
        return World(guide=guide, spare=spare, mine=mine, theirs=theirs)

    return make


def snapshot(root) -> dict:
    """Everything the personal space stores, to compare before and after a request."""
    return {
        "users": set(get_user_model().objects.values_list("pk", flat=True)),
        "saved": set(SavedProcess.objects.values_list("user_id", "process_id")),
        "ticks": set(StepProgress.objects.values_list("saved__user_id", "step_id")),
        "items": set(ChecklistItem.objects.values_list("pk", "user_id", "text", "done")),
        "documents": set(WalletDocument.objects.values_list("pk", "user_id", "file_name")),
        "files": stored_files(root),
    }


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def zip_data(response) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    return json.loads(archive.read("data.json"))


# --- the actions --------------------------------------------------------------------------------
#
# Each action: its URL name, method, path and data for a World and a Data (whose objects
# the URL names), the status its owner gets, and what the owner then finds.


def _step(world, index=0):
    return world.guide.steps.order_by("position")[index]


@dataclass
class Action:
    url_name: str
    method: str
    path: object  # (world, data) -> path
    data: object = None  # (world, data) -> POST data
    ok: int = 200
    check: object = None  # (world, response, before, after) -> None, for the owner


def _check_space(world, response, before, after):
    html = response.content.decode()
    assert "1 guide saved" in html
    assert "1 thing to do" in html
    assert "1 document" in html
    assert after == before


def _check_guides(world, response, before, after):
    html = response.content.decode()
    assert "Shared guide" in html
    assert ">1 of 3 steps done<" in html
    assert after == before


def _check_checklist(world, response, before, after):
    html = response.content.decode()
    assert "My task" in html
    assert "Their task" not in html
    assert after == before


def _check_documents(world, response, before, after):
    html = response.content.decode()
    assert "My paper" in html
    assert str(world.mine.document.public_id) in html
    assert "Their paper" not in html
    assert str(world.theirs.document.public_id) not in html
    assert after == before


def _check_download(world, response, before, after):
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert after == before


def _check_export(world, response, before, after):
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    data = zip_data(response)
    assert data["account"]["email"] == world.mine.user.email
    assert [i["text"] for i in data["checklist"]] == ["My task"]
    assert [d["name"] for d in data["documents"]] == ["My paper"]
    assert [g["title"] for g in data["saved_guides"]] == ["Shared guide"]
    assert after == before


def _check_delete_page(world, response, before, after):
    assert 'method="post"' in response.content.decode()
    assert after == before


def _changed(before, after, **changes):
    """`after` is `before` with exactly these entries replaced."""
    assert after == {**before, **changes}


def _check_guide_save(world, response, before, after):
    me = world.mine.user.pk
    _changed(before, after, saved=before["saved"] | {(me, world.spare.pk)})


def _check_guide_remove(world, response, before, after):
    me = world.mine.user.pk
    _changed(
        before,
        after,
        saved=before["saved"] - {(me, world.guide.pk)},
        ticks={t for t in before["ticks"] if t[0] != me},
    )


def _check_tick(world, response, before, after):
    me = world.mine.user.pk
    _changed(before, after, ticks=before["ticks"] | {(me, _step(world, 1).pk)})


def _check_clear(world, response, before, after):
    me = world.mine.user.pk
    _changed(before, after, ticks={t for t in before["ticks"] if t[0] != me})


def _check_checklist_add(world, response, before, after):
    me = world.mine.user.pk
    (new,) = after["items"] - before["items"]
    assert new[1:] == (me, "New task", False)
    _changed(before, after, items=after["items"])
    assert before["items"] <= after["items"]


def _check_item_done(world, response, before, after):
    item = world.mine.item
    old = (item.pk, item.user_id, item.text, False)
    _changed(before, after, items=(before["items"] - {old}) | {(*old[:3], True)})


def _check_item_delete(world, response, before, after):
    item = world.mine.item
    _changed(before, after, items=before["items"] - {(item.pk, item.user_id, item.text, False)})


def _check_upload(world, response, before, after):
    me = world.mine.user.pk
    (new,) = after["documents"] - before["documents"]
    assert new[1] == me
    assert before["documents"] <= after["documents"]
    assert len(after["files"] - before["files"]) == 1
    _changed(before, after, documents=after["documents"], files=after["files"])


def _check_document_delete(world, response, before, after):
    # The row goes now, the file after the commit (the test's transaction never commits;
    # tests/migrants/test_wallet.py checks the file).
    document = world.mine.document
    _changed(
        before,
        after,
        documents=before["documents"] - {(document.pk, document.user_id, document.file_name)},
    )


def _check_account_delete(world, response, before, after):
    me = world.mine.user.pk
    if response.status_code == 403:  # staff: their administrator removes them
        assert "Please ask its administrator" in response.content.decode()
        assert after == before
        return
    assert response["Location"] == "/en/"
    assert me not in after["users"]
    assert not {s for s in after["saved"] if s[0] == me}
    assert not {t for t in after["ticks"] if t[0] == me}
    assert not {i for i in after["items"] if i[1] == me}
    assert not {d for d in after["documents"] if d[1] == me}
    # The other user's rows are all still there.
    them = world.theirs.user.pk
    for key, owner_at in (("saved", 0), ("ticks", 0), ("items", 1), ("documents", 1)):
        assert {r for r in after[key] if r[owner_at] == them} == {
            r for r in before[key] if r[owner_at] == them
        }


def _confirm(world, data):
    return {"password": "pw-Secret-123", "email": data.user.email}


ACTIONS = {
    # GET pages
    "space": Action("personal-space", "get", lambda w, d: "/en/me/", check=_check_space),
    "guides": Action("personal-guides", "get", lambda w, d: "/en/me/guides/", check=_check_guides),
    "checklist": Action(
        "personal-checklist", "get", lambda w, d: "/en/me/checklist/", check=_check_checklist
    ),
    "documents": Action(
        "personal-documents", "get", lambda w, d: "/en/me/documents/", check=_check_documents
    ),
    "document_file": Action(
        "personal-document-file",
        "get",
        lambda w, d: f"/en/me/documents/{d.document.public_id}/",
        check=_check_download,
    ),
    "export": Action("personal-export", "get", lambda w, d: "/en/me/export/", check=_check_export),
    "delete_page": Action(
        "personal-delete", "get", lambda w, d: "/en/me/delete/", check=_check_delete_page
    ),
    # POST actions
    "guide_save": Action(
        "personal-guide-save",
        "post",
        lambda w, d: f"/en/me/guides/{w.spare.pk}/save/",
        ok=302,
        check=_check_guide_save,
    ),
    "guide_remove": Action(
        "personal-guide-remove",
        "post",
        lambda w, d: f"/en/me/guides/{w.guide.pk}/remove/",
        ok=302,
        check=_check_guide_remove,
    ),
    "progress_tick": Action(
        "personal-guide-progress",
        "post",
        lambda w, d: f"/en/me/guides/{w.guide.pk}/progress/",
        data=lambda w, d: {"step": _step(w, 1).pk, "done": "1"},
        ok=302,
        check=_check_tick,
    ),
    "progress_clear": Action(
        "personal-guide-progress",
        "post",
        lambda w, d: f"/en/me/guides/{w.guide.pk}/progress/",
        data=lambda w, d: {"clear": "1"},
        ok=302,
        check=_check_clear,
    ),
    "checklist_add": Action(
        "personal-checklist",
        "post",
        lambda w, d: "/en/me/checklist/",
        data=lambda w, d: {"text": "New task"},
        ok=302,
        check=_check_checklist_add,
    ),
    "checklist_done": Action(
        "personal-checklist-done",
        "post",
        lambda w, d: f"/en/me/checklist/{d.item.pk}/done/",
        data=lambda w, d: {"done": "1"},
        ok=302,
        check=_check_item_done,
    ),
    "checklist_delete": Action(
        "personal-checklist-delete",
        "post",
        lambda w, d: f"/en/me/checklist/{d.item.pk}/delete/",
        ok=302,
        check=_check_item_delete,
    ),
    "document_upload": Action(
        "personal-documents",
        "post",
        lambda w, d: "/en/me/documents/",
        data=lambda w, d: {"file": SimpleUploadedFile("new.pdf", PDF), "title": "New"},
        ok=302,
        check=_check_upload,
    ),
    "document_delete": Action(
        "personal-document-delete",
        "post",
        lambda w, d: f"/en/me/documents/{d.document.public_id}/delete/",
        ok=302,
        check=_check_document_delete,
    ),
    "account_delete": Action(
        "personal-delete",
        "post",
        lambda w, d: "/en/me/delete/",
        data=_confirm,
        ok=302,
        check=_check_account_delete,
    ),
}

# Actions whose URL names one object of a user (checklist item, document). A guide is
# named by its process, which both users saved: see
# test_a_guide_only_another_user_saved_cannot_be_removed.
OBJECT_ACTIONS = ["document_file", "checklist_done", "checklist_delete", "document_delete"]


def expected(role: str, action: str):
    if role == "anonymous":
        # The download has no sign-in gate: whoever is not the owner gets 404.
        return 404 if action == "document_file" else SIGN_IN
    if action == "account_delete" and role != "migrant":
        return 403  # staff accounts are removed by their organisation's administrator
    return ACTIONS[action].ok


EXPECTED = {role: {action: expected(role, action) for action in ACTIONS} for role in ALL_ROLES}


def test_the_table_covers_every_role_and_every_personal_url():
    assert set(EXPECTED) == set(ALL_ROLES)
    assert {"migrant", "pa_admin", "pa_analyst", "ngo_editor"} <= set(EXPECTED)
    names = {p.name for p in urls.urlpatterns if getattr(p, "name", "").startswith("personal-")}
    assert names == {a.url_name for a in ACTIONS.values()}
    for pattern in urls.urlpatterns:
        if str(pattern.pattern).startswith("me/"):
            assert pattern.name in names, pattern
    assert {r for r in STAFF_ROLES if EXPECTED[r]["account_delete"] != 403} == set()
    assert EXPECTED["migrant"]["account_delete"] == 302


def _request(client, action: Action, world: World, data: Data):
    path = action.path(world, data)
    payload = action.data(world, data) if action.data else {}
    return path, getattr(client, action.method)(path, payload)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(
    role_client, world, private_root, action
):
    client = role_client("anonymous")
    w = world(None)
    before = snapshot(private_root)
    # Anonymous visitors have no data: the URLs name the other user's objects.
    path, response = _request(client, ACTIONS[action], w, w.theirs)
    outcome = EXPECTED["anonymous"][action]
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"] == f"/en/accounts/login/?next={path}"
    else:
        assert response.status_code == outcome
        assert PDF not in body(response)
    assert snapshot(private_root) == before


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_every_role_uses_its_own_personal_space(role_client, world, private_root, role, action):
    client = role_client(role)
    w = world(client.user)
    before = snapshot(private_root)
    _path, response = _request(client, ACTIONS[action], w, w.mine)
    assert response.status_code == EXPECTED[role][action]
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    after = snapshot(private_root)
    ACTIONS[action].check(w, response, before, after)


@pytest.mark.parametrize("action", OBJECT_ACTIONS)
@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_another_users_object_is_404_and_nothing_changes(
    role_client, world, private_root, role, action
):
    client = role_client(role)
    w = world(client.user)
    before = snapshot(private_root)
    _path, response = _request(client, ACTIONS[action], w, w.theirs)
    assert response.status_code == 404
    assert PDF not in body(response)
    assert snapshot(private_root) == before


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_a_guide_only_another_user_saved_cannot_be_removed(role_client, world, private_root, role):
    client = role_client(role)
    w = world(client.user)
    personal_services.saved_process_add(user=w.theirs.user, process=w.spare)
    before = snapshot(private_root)
    response = client.post(f"/en/me/guides/{w.spare.pk}/remove/")
    assert response.status_code == 404
    assert snapshot(private_root) == before


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_clearing_my_ticks_leaves_the_other_users_ticks(role_client, world, private_root, role):
    client = role_client(role)
    w = world(client.user)
    them = w.theirs.user.pk
    theirs_before = {t for t in snapshot(private_root)["ticks"] if t[0] == them}
    assert theirs_before
    response = client.post(f"/en/me/guides/{w.guide.pk}/progress/", {"clear": "1"})
    assert response.status_code == 302
    ticks = snapshot(private_root)["ticks"]
    assert {t for t in ticks if t[0] == them} == theirs_before
    assert not {t for t in ticks if t[0] == client.user.pk}


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_account_deletion_cannot_name_another_user(role_client, world, private_root, role):
    """The form confirms with the signed-in user's own password or email: the other
    user's email deletes nobody."""
    client = role_client(role)
    w = world(client.user)
    before = snapshot(private_root)
    response = client.post("/en/me/delete/", {"email": w.theirs.user.email})
    assert response.status_code == (400 if role == "migrant" else 403)
    assert snapshot(private_root) == before
