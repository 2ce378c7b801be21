"""The document wallet: uploads judged by content and size, images cleaned of metadata,
files kept privately and shown to their owner alone, removed from disk when deleted."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image, PngImagePlugin

from apps.migrants.models import ChecklistItem, WalletDocument
from tests.factories import UserFactory
from tests.migrants.conftest import LANGS, client_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TYPE_ERROR = "This file is not a PDF, JPEG, PNG or WebP document, or it is damaged."


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    """Files of this test go to tmp_path: nothing is left behind, nothing leaks."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def jpeg_with_exif(size=(40, 20)) -> bytes:
    """A JPEG with a camera make, a GPS position and orientation 6 (turn 90° clockwise)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "JPEG", exif=exif)
    return out.getvalue()


def image_bytes(fmt: str, size=(12, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "blue").save(out, fmt)
    return out.getvalue()


def upload(client, name: str, content: bytes, *, title: str = "", lang: str = "en"):
    return client.post(
        f"/{lang}/me/documents/",
        {"file": SimpleUploadedFile(name, content), "title": title},
    )


@pytest.fixture
def owner(town):
    user = UserFactory()
    client = client_in(town)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def stranger(town):
    user = UserFactory()
    client = client_in(town)
    client.force_login(user)
    client.user = user
    return client


# --- accepted uploads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("contract.pdf", PDF, "application/pdf"),
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("scan.png", image_bytes("PNG"), "image/png"),
        ("pic.webp", image_bytes("WEBP"), "image/webp"),
        # The name does not matter, the content does.
        ("passport.txt", image_bytes("PNG"), "image/png"),
    ],
)
def test_upload_is_stored_privately_under_a_random_name(
    owner, private_root, settings, name, content, content_type
):
    response = upload(owner, name, content, title="Passport")
    assert response.status_code == 302
    document = WalletDocument.objects.get(user=owner.user)
    assert document.content_type == content_type
    assert document.title == "Passport"
    files = stored_files(private_root)
    assert len(files) == 1
    assert files[0].stat().st_size == document.size
    assert "passport" not in files[0].name.lower()
    assert files[0].name.endswith("." + document.extension)
    assert stored_files(settings.MEDIA_ROOT) == []
    page = owner.get("/en/me/documents/")
    assert "Passport" in page.content.decode()


def test_the_name_defaults_to_the_file_name_without_path_or_extension(owner):
    upload(owner, "../../etc/My <i>lease.v2.pdf", PDF)
    document = WalletDocument.objects.get(user=owner.user)
    assert document.title == "My <i>lease.v2"
    page = owner.get("/en/me/documents/").content.decode()
    assert "My &lt;i&gt;lease.v2" in page
    assert "<i>lease" not in page


def test_exif_and_gps_are_removed_and_the_photo_is_turned_upright(owner, private_root):
    original = jpeg_with_exif(size=(40, 20))
    with Image.open(io.BytesIO(original)) as before:  # the test image really has them
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert before.getexif()[ExifTags.Base.Make] == "SpyCam"
    assert upload(owner, "me.jpg", original).status_code == 302
    (path,) = stored_files(private_root)
    data = path.read_bytes()
    assert b"SpyCam" not in data
    assert b"Exif" not in data
    with Image.open(path) as after:
        assert after.format == "JPEG"
        assert dict(after.getexif()) == {}
        assert "exif" not in after.info
        assert after.size == (20, 40)  # orientation applied before the tag was dropped


def test_text_chunks_of_a_png_are_removed(owner, private_root):
    meta = PngImagePlugin.PngInfo()
    meta.add_text("Comment", "taken at Hauptstr. 5")
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG", pnginfo=meta)
    assert upload(owner, "x.png", out.getvalue()).status_code == 302
    (path,) = stored_files(private_root)
    assert b"Hauptstr" not in path.read_bytes()


# --- refused uploads: a clear message, nothing stored -----------------------------------------


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    return out.getvalue()


FAKES = {
    "exe renamed pdf": ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    "text renamed jpg": ("photo.jpg", b"Hello, this is not a photo.\n" * 10),
    "truncated pdf": ("contract.pdf", PDF[: PDF.index(b"%%EOF")]),
    "truncated jpeg": ("photo.jpg", jpeg_with_exif()[:300]),
    "gif": ("anim.png", _gif()),
    "svg": ("icon.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "html renamed pdf": ("x.pdf", b"<html><script>alert(1)</script></html>%%EOF"),
}


@pytest.mark.parametrize("fake", list(FAKES))
def test_fake_types_are_refused_and_nothing_is_stored(owner, private_root, fake):
    name, content = FAKES[fake]
    response = upload(owner, name, content)
    assert response.status_code == 400
    assert TYPE_ERROR in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not WalletDocument.objects.exists()
    assert stored_files(private_root) == []


def test_an_oversized_file_is_refused_and_nothing_is_stored(owner, private_root, settings):
    settings.MICADO_WALLET_MAX_BYTES = 1000
    response = upload(owner, "big.pdf", PDF + b"%" * 2000 + b"\n%%EOF\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "This file is too large. Files may be at most 1000" in body
    assert not WalletDocument.objects.exists()
    assert stored_files(private_root) == []


def test_the_default_limit_is_ten_megabytes(owner, private_root):
    big = PDF + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    response = upload(owner, "big.pdf", big)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert stored_files(private_root) == []


def test_the_quota_is_kept(owner, private_root, settings):
    settings.MICADO_WALLET_QUOTA_BYTES = len(PDF) * 2 + 10
    assert upload(owner, "a.pdf", PDF).status_code == 302
    assert upload(owner, "b.pdf", PDF).status_code == 302
    response = upload(owner, "c.pdf", PDF)
    assert response.status_code == 400
    assert "Your document wallet is full" in response.content.decode()
    assert WalletDocument.objects.count() == 2
    assert len(stored_files(private_root)) == 2


def test_no_file_chosen_says_so(owner):
    response = owner.post("/en/me/documents/", {"title": "x"})
    assert response.status_code == 400
    assert "Please choose a file." in response.content.decode()


# --- access -----------------------------------------------------------------------------------


def test_the_owner_gets_the_file_with_private_headers(owner):
    upload(owner, "a.pdf", PDF, title="Lease")
    upload(owner, "b.png", image_bytes("PNG"), title="Photo")
    pdf = WalletDocument.objects.get(content_type="application/pdf")
    png = WalletDocument.objects.get(content_type="image/png")

    response = owner.get(f"/en/me/documents/{pdf.public_id}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="Lease.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]

    response = owner.get(f"/en/me/documents/{png.public_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "private, no-store"


def test_another_user_or_anonymous_gets_404_and_nothing_changes(
    owner, stranger, town, private_root
):
    upload(owner, "a.pdf", PDF)
    document = WalletDocument.objects.get()
    for client in (stranger, client_in(town)):
        assert client.get(f"/en/me/documents/{document.public_id}/").status_code == 404
    assert stranger.post(f"/en/me/documents/{document.public_id}/delete/").status_code == 404
    assert WalletDocument.objects.filter(pk=document.pk).exists()
    assert len(stored_files(private_root)) == 1
    assert str(document.public_id) not in stranger.get("/en/me/documents/").content.decode()


def test_anonymous_upload_goes_to_sign_in_and_stores_nothing(town, private_root):
    response = upload(client_in(town), "a.pdf", PDF)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/me/documents/")
    assert not WalletDocument.objects.exists()
    assert stored_files(private_root) == []


def test_deleting_a_document_removes_its_file_after_commit(
    owner, private_root, django_capture_on_commit_callbacks
):
    upload(owner, "a.pdf", PDF)
    upload(owner, "b.pdf", PDF)
    first, second = WalletDocument.objects.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = owner.post(f"/en/me/documents/{first.public_id}/delete/")
    assert response.status_code == 302
    assert len(callbacks) == 1
    assert list(WalletDocument.objects.all()) == [second]
    assert [p.name for p in stored_files(private_root)] == [second.file_name.split("/")[-1]]


def test_a_file_stays_until_the_deletion_commits(owner, private_root):
    """Without a commit (the test's transaction), the row goes but not yet the file."""
    upload(owner, "a.pdf", PDF)
    document = WalletDocument.objects.get()
    owner.post(f"/en/me/documents/{document.public_id}/delete/")
    assert not WalletDocument.objects.exists()
    assert len(stored_files(private_root)) == 1


# --- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_upload_flow_in_each_language(owner, private_root, lang):
    page = owner.get(f"/{lang}/me/documents/")
    assert page.status_code == 200
    assert f'lang="{lang}"' in page.content.decode()
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = upload(owner, "a.jpg", jpeg_with_exif(), title="جواز السفر 护照", lang=lang)
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/me/documents/"
    page = owner.get(response["Location"]).content.decode()
    assert "جواز السفر 护照" in page
    refused = upload(owner, "b.pdf", b"not a pdf", lang=lang)
    assert refused.status_code == 400
    assert 'class="field-error"' in refused.content.decode()
    assert WalletDocument.objects.count() == 1
    assert len(stored_files(private_root)) == 1


# --- download all my data ---------------------------------------------------------------------


def test_the_zip_holds_my_data_and_files_and_nothing_of_anyone_else(owner, stranger):
    upload(owner, "lease.pdf", PDF, title="My lease")
    upload(owner, "p.jpg", jpeg_with_exif(), title="جواز")
    ChecklistItem.objects.create(user=owner.user, text="Copy the passport")
    stranger_pdf = PDF.replace(b"Catalog", b"Secret1")
    upload(stranger, "other.pdf", stranger_pdf, title="Stranger's paper")
    ChecklistItem.objects.create(user=stranger.user, text="Stranger's task")

    response = owner.get("/en/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == owner.user.email
    assert [i["text"] for i in data["checklist"]] == ["Copy the passport"]
    assert sorted(d["name"] for d in data["documents"]) == ["My lease", "جواز"]
    files = [name for name in archive.namelist() if name.startswith("documents/")]
    assert len(files) == 2
    lease = next(d for d in data["documents"] if d["name"] == "My lease")
    assert archive.read(lease["file"]) == PDF
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Secret1" not in everything
    assert "Stranger" not in everything.decode("utf-8", "replace")
    assert stranger.user.email.encode() not in everything


def test_anonymous_cannot_download_data(town):
    response = client_in(town).get("/en/me/export/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_may_use_the_wallet(role_client, private_root):
    client = role_client("pa_editor")
    assert upload(client, "a.pdf", PDF).status_code == 302
    assert WalletDocument.objects.filter(user=client.user).count() == 1


def test_csrf_is_required(town, private_root):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = upload(client, "a.pdf", PDF)
    assert response.status_code == 403
    assert not WalletDocument.objects.exists()
    assert stored_files(private_root) == []
