"""The import graph of apps/ (read with ast from the source files, nothing imported):

- the ground floor (`regions`, `accounts`) imports no domain app and no role app;
- a domain app (`content`, `translations`, `dashboard`, `speech`, `chatbot`) imports no
  role app (`migrants`, `administration`, `organisations`, `api`);
- `core` imports no domain app and no role app (it sits under them), except its demo
  loader (ALLOWED_PACKAGES);
- no two modules of one app import each other, directly or through others (a cycle),
  counting imports inside functions too: a lazy import hides a cycle, it does not end it.

ALLOWED lists the known exceptions, each with its reason, to be emptied later.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "apps"
GROUND = {"regions", "accounts"}
DOMAIN = {"content", "translations", "dashboard", "speech", "chatbot"}
ROLE = {"migrants", "administration", "organisations", "api"}
CORE = {"core"}

# (importing module, imported module): why it is still allowed. Keep this short.
ALLOWED: dict[tuple[str, str], str] = {}
# Modules (and the packages below them) exempt from the layer rules, with the reason.
ALLOWED_PACKAGES: dict[str, str] = {
    "apps.core.demo": "the demo loader fills every app; issue 14 moves it to an app of its own",
    "apps.core.management.commands.load_demo": "the command of the demo loader (see above)",
}


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
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("apps."):
                found.add(target)
    # `from apps.x import y` names both apps.x.y and the package apps.x: keep the module.
    return {t for t in found if not any(o.startswith(t + ".") for o in found)} | {
        t for t in found if t.count(".") >= 2
    }


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def layer_violations(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    bad = []
    for source, targets in edges.items():
        if any(source == p or source.startswith(p + ".") for p in ALLOWED_PACKAGES):
            continue
        src = app_of(source)
        for target in targets:
            dst = app_of(target)
            if dst == src:
                continue
            if (
                (src in GROUND and dst in DOMAIN | ROLE)
                or (src in DOMAIN and dst in ROLE)
                or (src in CORE and dst in DOMAIN | ROLE)
            ):
                bad.append((source, target))
    return sorted(bad)


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
    assert "apps.content.services" in edges["apps.migrants.pages.views"] or any(
        t.startswith("apps.content") for t in edges["apps.migrants.pages.views"]
    )
    assert len(edges) > 50


def test_layers_point_one_way():
    violations = [e for e in layer_violations(graph()) if e not in ALLOWED]
    assert violations == []


def test_no_import_cycle_within_an_app():
    assert cycles(graph()) == []


def test_allow_list_has_no_stale_entries():
    edges = graph()
    stale = [(s, t) for (s, t) in ALLOWED if t not in edges.get(s, set())]
    assert stale == []


def test_the_checks_would_see_a_violation():
    """The rules find a hand-made violation and cycle (so the tests above can fail)."""
    edges = {
        "apps.regions.services": {"apps.content.cache"},
        "apps.content.cache": set(),
        "apps.content.selectors": {"apps.content.services", "apps.migrants.pages.views"},
        "apps.content.services": {"apps.content.selectors"},
        "apps.migrants.pages.views": set(),
        "apps.core.cache": {"apps.content.models"},
        "apps.core.demo.municipality": {"apps.content.models"},
    }
    assert layer_violations(edges) == [
        ("apps.content.selectors", "apps.migrants.pages.views"),
        ("apps.core.cache", "apps.content.models"),
        ("apps.regions.services", "apps.content.cache"),
    ]
    assert cycles(edges) == [["apps.content.selectors", "apps.content.services"]]
