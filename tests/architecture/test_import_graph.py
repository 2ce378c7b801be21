"""The import graph of apps/ (read with ast from the source files, nothing imported),
checked against the table "Packages and what they may import" in docs/architecture.md:

- every package of apps/ has a row there (management/ and migrations/ belong to their app's
  root), and every row names a package or module that exists, unless it is planned;
- a module imports only its own package, the root modules of the packages it lies in and
  what its row and the rows above it allow (so a domain app imports no role app, a part
  of a role app no other part the table does not name, and nothing the importers or the
  demo loader);
- no two modules of one app import each other, directly or through others (a cycle),
  counting imports inside functions too: a lazy import hides a cycle, it does not end it;
- no module imports another module's `_private` name (`from x import _y`, `x._y`).

ALLOWED and PRIVATE_ALLOWED list the known exceptions, each with its reason, to be emptied.
"""

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "apps"
DOCS = ROOT / "docs" / "architecture.md"
TABLE_HEADING = "### Packages and what they may import"
APP_ROOT_PARTS = {"management", "migrations"}  # directories that belong to their app's root

# (importing module, imported module): why it is still allowed. Keep this short.
ALLOWED: dict[tuple[str, str], str] = {}
# (importing module, imported module.name): why a `_private` name is still imported.
PRIVATE_ALLOWED: dict[tuple[str, str], str] = {}


def table() -> dict[str, dict]:
    """The rows of the table in docs/architecture.md: {package: {"may", "planned", "closed"}}."""
    text = DOCS.read_text(encoding="utf-8")
    assert TABLE_HEADING in text, f"{DOCS} has no {TABLE_HEADING!r}"
    rows = {}
    for line in text.split(TABLE_HEADING, 1)[1].splitlines():
        if not line.startswith("| `apps"):
            if rows and not line.startswith("|"):
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        package = cells[0].strip("`")
        assert package not in rows, f"{package} has two rows"
        rows[package] = {
            "may": re.findall(r"`(apps(?:\.\w+)*)`", cells[3]),
            "planned": "(planned)" in cells[2],
            "closed": "(closed)" in cells[2],
        }
    return rows


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in APPS.rglob("*.py") if "migrations" not in p.parts}


def _type_checking_only(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of apps/ that `name` imports (a package's __init__ if no module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            targets = [f"{base}.{alias.name}" for alias in node.names]
            # `from apps.x import y` with y a module runs apps/x/__init__.py too: an edge
            # to the package when its __init__ imports anything (or y is not a module).
            if not all(t in known for t in targets) or _imports_something(base):
                targets.append(base)
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("apps."):
                found.add(target)
    return found


def _imports_something(package: str) -> bool:
    init = ROOT.joinpath(*package.split("."), "__init__.py")
    if not init.exists():
        return False
    tree = ast.parse(init.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Import | ast.ImportFrom) for node in ast.walk(tree))


@functools.cache  # read once for all tests (nothing changes the tree meanwhile)
def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def packages() -> set[str]:
    """Every package of apps/ (a directory with __init__.py) but those of APP_ROOT_PARTS."""
    found = set()
    for init in APPS.rglob("__init__.py"):
        parts = init.parent.relative_to(ROOT).parts
        if len(parts) > 1 and not APP_ROOT_PARTS.intersection(parts):
            found.add(".".join(parts))
    return found


def owner(module: str, rows) -> str:
    """The row a module belongs to: the longest row name that is it or a package above it."""
    best = ""
    for row in rows:
        if (module == row or module.startswith(row + ".")) and len(row) > len(best):
            best = row
    return best


def ancestors(row: str, rows) -> list[str]:
    return [other for other in rows if row.startswith(other + ".")]


def allowed(source: str, target: str, rows) -> bool:
    mine, theirs = owner(source, rows), owner(target, rows)
    if not mine or not theirs:
        return False
    if theirs == mine or theirs in ancestors(mine, rows):
        return True  # its own package, or the root modules of a package it lies in
    for row in [mine, *ancestors(mine, rows)]:
        for entry in rows[row]["may"]:
            if not (target == entry or target.startswith(entry + ".")):
                continue
            # A closed package is reached only by naming it (or a module in it).
            if not rows[theirs]["closed"] or entry == theirs or entry.startswith(theirs + "."):
                return True
    return False


def layer_violations(edges: dict[str, set[str]], rows=None) -> list[tuple[str, str]]:
    rows = table() if rows is None else rows
    return sorted(
        (source, target)
        for source, targets in edges.items()
        for target in targets
        if not allowed(source, target, rows)
    )


def private_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """`module._name` for every `_private` name `name` takes from another module of apps/."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, aliases = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in known:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in known:
                    aliases[alias.asname or alias.name] = full
                elif _is_private(alias.name) and node.module != name:
                    found.add(full)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _is_private(node.attr)
            and aliases[node.value.id] != name
        ):
            found.add(f"{aliases[node.value.id]}.{node.attr}")
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components (Tarjan) of more than one module within one app."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def inner(module):
        return [t for t in edges.get(module, ()) if app_of(t) == app_of(module) and t in edges]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in inner(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(result)


def test_the_graph_is_read():
    edges = graph()
    assert any(t.startswith("apps.content") for t in edges["apps.migrants.pages.views"])
    assert "apps.migrants.context" in edges["apps.migrants.personal.views"]
    assert len(edges) > 50


def test_every_package_has_a_row_and_every_row_a_package():
    rows, mods = table(), modules()
    assert sorted(packages() - set(rows)) == []
    missing = [row for row, spec in rows.items() if row not in mods and not spec["planned"]]
    assert missing == []
    planned_but_there = [row for row, spec in rows.items() if spec["planned"] and row in mods]
    assert planned_but_there == []  # it exists: drop "(planned)" from its row
    for spec in rows.values():
        for entry in spec["may"]:
            assert entry in mods or rows.get(entry, {}).get("planned"), entry


def test_layers_point_one_way():
    violations = [e for e in layer_violations(graph()) if e not in ALLOWED]
    assert violations == []


def test_no_import_cycle_within_an_app():
    assert cycles(graph()) == []


def test_no_module_imports_another_modules_private_names():
    mods = modules()
    known = set(mods)
    found = sorted(
        (name, private)
        for name, path in mods.items()
        for private in private_imports(name, path, known)
        if (name, private) not in PRIVATE_ALLOWED
    )
    assert found == []


def test_allow_lists_have_no_stale_entries():
    edges = graph()
    stale = [(s, t) for (s, t) in ALLOWED if t not in edges.get(s, set())]
    mods = modules()
    stale += [
        (s, t)
        for (s, t) in PRIVATE_ALLOWED
        if s not in mods or t not in private_imports(s, mods[s], set(mods))
    ]
    assert stale == []


def row(*may, closed=False):
    return {"may": list(may), "planned": False, "closed": closed}


ROWS = {
    "apps.core": row(),
    "apps.regions": row("apps.core"),
    "apps.content": row("apps.core", "apps.regions"),
    "apps.content.importers": row(closed=True),
    "apps.core.demo": row("apps", "apps.content.importers", closed=True),
    "apps.migrants": row("apps.core", "apps.regions", "apps.content"),
    "apps.migrants.urls": row("apps.migrants.pages"),
    "apps.migrants.pages": row("apps.migrants.personal.selectors"),
    "apps.migrants.personal": row(),
}


def test_the_checks_would_see_a_violation():
    """The rules find hand-made violations and a cycle (so the tests above can fail)."""
    edges = {
        "apps.regions.services": {"apps.content.cache"},  # ground imports domain
        "apps.content.cache": set(),
        "apps.content.selectors": {"apps.content.services", "apps.migrants.pages.views"},
        "apps.content.services": {"apps.content.selectors", "apps.content.importers.micado"},
        "apps.core.cache": {"apps.content.models"},  # core imports domain
        "apps.core.demo.municipality": {"apps.content.models", "apps.content.importers.micado"},
        "apps.migrants.urls": {"apps.migrants.pages.views", "apps.migrants.personal.views"},
        "apps.migrants.pages.views": {
            "apps.migrants.region",  # a root module of its app: allowed
            "apps.migrants.personal.selectors",  # named in its row: allowed
            "apps.migrants.personal.views",  # another part, not named
            "apps.content.importers.micado",  # closed, below apps.content but not named
            "apps.core.demo.municipality",  # closed
            "apps.regions.models",  # from the app's row: allowed
        },
        "apps.migrants.personal.views": {"apps.migrants.context", "apps.migrants.pages.cache"},
        "apps.migrants.region": {"apps.migrants.pages.views"},  # a root module uses a part
        "apps.unknown.views": {"apps.core.cache"},  # a package without a row
    }
    assert layer_violations(edges, ROWS) == [
        ("apps.content.selectors", "apps.migrants.pages.views"),
        ("apps.content.services", "apps.content.importers.micado"),
        ("apps.core.cache", "apps.content.models"),
        ("apps.migrants.pages.views", "apps.content.importers.micado"),
        ("apps.migrants.pages.views", "apps.core.demo.municipality"),
        ("apps.migrants.pages.views", "apps.migrants.personal.views"),
        ("apps.migrants.personal.views", "apps.migrants.pages.cache"),
        ("apps.migrants.region", "apps.migrants.pages.views"),
        ("apps.migrants.urls", "apps.migrants.personal.views"),  # its row names pages only
        ("apps.regions.services", "apps.content.cache"),
        ("apps.unknown.views", "apps.core.cache"),
    ]
    assert cycles(edges) == [
        ["apps.content.selectors", "apps.content.services"],
        ["apps.migrants.pages.views", "apps.migrants.region"],  # a part and a root module
    ]


def test_the_private_check_would_see_one(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "from apps.migrants.pages.views import _by_title, home\n"
        "from apps.migrants import display\n"
        "from apps.migrants.pages import views as page_views\n"
        "def f(request):\n"
        "    return page_views._fallback_notice, display._own, display.__name__\n",
        encoding="utf-8",
    )
    known = {
        "apps.migrants",
        "apps.migrants.display",
        "apps.migrants.pages",
        "apps.migrants.pages.views",
    }
    assert private_imports("apps.migrants.offline.views", source, known) == {
        "apps.migrants.pages.views._by_title",
        "apps.migrants.pages.views._fallback_notice",
        "apps.migrants.display._own",
    }
