"""Topic icons come from the local sprite: every name the app can choose exists there."""

import re
from pathlib import Path

import pytest

from apps.migrants.display import ICON_ALIASES, ICONS, icon_name

SPRITE = Path(__file__).resolve().parents[2] / "static" / "img" / "migrants-icons.svg"


def test_every_icon_and_alias_has_a_symbol_in_the_sprite():
    symbols = set(re.findall(r'<symbol id="([a-z-]+)"', SPRITE.read_text()))
    assert ICONS.issubset(symbols)
    assert set(ICON_ALIASES.values()) <= ICONS


@pytest.mark.parametrize(
    ("field", "hints", "expected"),
    [
        ("heart-pulse", (), "health"),
        ("id-card", (), "document"),
        ("housing", (), "home"),
        ("user-shield", (), "asylum"),
        ("", ("Work", "Arbeit"), "work"),
        ("no-such-icon", ("Something",), "info"),
    ],
)
def test_icon_names_map_to_the_set(field, hints, expected):
    assert icon_name(field, *hints) == expected
