"""Views and API views read through the selectors of the domain apps: no view module of a
role app and no module of the API touches a model manager (`Model.objects`) itself.

Read with ast from the source files (nothing imported). View modules are every module
of `apps/api/` and the modules of `apps/administration/`, `apps/migrants/` and
`apps/organisations/` whose name (or a package above them) contains "views", wherever a
module moves inside its app.

ALLOWED lists the known exceptions as (module, line of source) with the reason; keep it
empty unless truly necessary.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "apps"
VIEW_APPS = ("administration", "migrants", "organisations")

ALLOWED: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def view_modules() -> dict[str, Path]:
    found = {}
    for path in sorted((APPS / "api").rglob("*.py")):
        found[module_name(path)] = path
    for app in VIEW_APPS:
        for path in sorted((APPS / app).rglob("*.py")):
            inside = path.relative_to(APPS / app).with_suffix("").parts
            if "migrations" in inside:
                continue
            if any("views" in part for part in inside):
                found[module_name(path)] = path
    return found


def manager_uses(source: str) -> list[tuple[int, str]]:
    """(line, source of the expression) of every `<something>.objects` in the source."""
    lines = source.splitlines()
    uses = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            uses.append((node.lineno, lines[node.lineno - 1].strip()))
    return sorted(uses)


def test_the_check_sees_the_view_modules():
    names = set(view_modules())
    assert {
        "apps.api.content.views",
        "apps.api.content.serializers",
        "apps.organisations.views",
    } <= names
    assert any(n.startswith("apps.administration.") for n in names)
    assert any(n.startswith("apps.migrants.") for n in names)
    assert len(names) >= 25


def test_the_check_finds_a_manager_use():
    source = "def view(request):\n    return Region.objects.filter(code='DE').first()\n"
    assert manager_uses(source) == [(2, "return Region.objects.filter(code='DE').first()")]
    assert manager_uses("model._meta.objects_count = 1\nitems = selectors.items()\n") == []


@pytest.mark.parametrize("name", sorted(view_modules()))
def test_view_modules_use_selectors_not_managers(name):
    path = view_modules()[name]
    found = [
        f"{name}:{line}: {text}"
        for line, text in manager_uses(path.read_text(encoding="utf-8"))
        if (name, text) not in ALLOWED
    ]
    assert not found, (
        "Views read through the selectors of the domain apps; move these queries into a "
        "selector (or, if truly necessary, add them to ALLOWED with the reason):\n"
        + "\n".join(found)
    )


def test_every_allowed_entry_is_still_needed():
    modules = view_modules()
    for (name, text), reason in ALLOWED.items():
        assert reason, (name, text)
        assert name in modules, f"{name} is no view module any more"
        uses = [t for _line, t in manager_uses(modules[name].read_text(encoding="utf-8"))]
        assert text in uses, f"{name}: “{text}” is gone; remove it from ALLOWED"
