"""load_regions is all or nothing too: a file whose last line is bad creates no region."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.row_counts import changed_tables, row_counts

pytestmark = pytest.mark.django_db


def test_bad_last_line_creates_nothing(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("code;name\n09162;München\n091620000;Zu lang\n", encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match="line 3"):
        call_command("load_regions", str(path), stdout=StringIO())
    assert changed_tables(before, row_counts()) == {}
