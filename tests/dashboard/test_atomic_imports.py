"""A dashboard import that fails creates nothing: every table of every app has as many rows
afterwards as before: the observations, and the import batch too. The failure report (file,
bad lines) is still shown on the command line and, for an upload, on the batch page."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from apps.dashboard.models import ImportStatus
from apps.dashboard.services import import_file
from tests.dashboard.test_importers import broken_population_table
from tests.row_counts import changed_tables, row_counts

pytestmark = pytest.mark.django_db

BAD_LONG_CSV = (
    b"region;indicator;period;value\n08;naturalisations;2023;1\n08;naturalisations;2024;abc\n"
)


def test_genesis_command_with_a_bad_line_creates_nothing(tmp_path):
    path = tmp_path / "12411-0010_de.csv"
    path.write_bytes(broken_population_table())
    before = row_counts()
    with pytest.raises(CommandError) as info:
        call_command("import_genesis", str(path), stdout=StringIO(), stderr=StringIO())
    assert "line 15:" in str(info.value) and "11O69533" in str(info.value)
    assert changed_tables(before, row_counts()) == {}


def test_long_csv_command_with_a_bad_line_creates_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD_LONG_CSV)
    before = row_counts()
    with pytest.raises(CommandError, match="line 3"):
        call_command("import_observations", str(path), stdout=StringIO(), stderr=StringIO())
    assert changed_tables(before, row_counts()) == {}


def test_koenigstein_file_with_a_bad_line_creates_nothing():
    before = row_counts()
    outcome = import_file(
        kind="koenigstein",
        content=b"Land;2019\nBaden-W\xc3\xbcrttemberg;zw\xc3\xb6lf\n",
        file_name="k.csv",
    )
    assert outcome.batch.status == ImportStatus.FAILED and outcome.batch.errors
    assert changed_tables(before, row_counts()) == {}


def test_failure_after_good_imports_keeps_them_and_adds_nothing(shipped_data):
    before = row_counts()
    outcome = import_file(
        kind="genesis", content=broken_population_table(), file_name="x.csv", force=True
    )
    assert not outcome.ok
    assert changed_tables(before, row_counts()) == {}


def test_failed_upload_creates_nothing_and_its_page_names_the_line(
    role_client, django_capture_on_commit_callbacks
):
    analyst = role_client("pa_analyst")
    before = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post(
            "/en/pa/dashboard/imports/",
            {"kind": "long_csv", "file": SimpleUploadedFile("bad.csv", BAD_LONG_CSV)},
        )
    assert response.status_code == 302
    assert changed_tables(before, row_counts()) == {}
    page = analyst.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Line 3: “abc” is not a number." in html
    assert "bad.csv" in html
    assert "failed, nothing imported" in html
    assert "data-import-poll" not in html
    # The list of imports does not show the failed upload as a batch.
    assert "bad.csv" not in analyst.get("/en/pa/dashboard/imports/").content.decode()


def test_failed_push_creates_nothing(make_user):
    token = Token.objects.create(user=make_user("pa_analyst")).key
    before = row_counts()
    payload = {
        "source": "Test",
        "observations": [
            {"region": "08", "indicator": "naturalisations", "period": "2024", "value": 1},
            {"region": "XX", "indicator": "naturalisations", "period": "2024", "value": 1},
        ],
    }
    response = Client().post(
        "/api/v1/dashboard/observations/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert changed_tables(before, row_counts()) == {}
