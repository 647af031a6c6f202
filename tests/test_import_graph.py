"""The package's import graph, read from the source with ast: no module of popdash imports itself
back through others (an import cycle), and the developer tools in popdash/dev stay out of the
app: nothing outside popdash/dev, neither app.py nor a page, imports them.

Every import counts, at any depth (one inside a function still ties the modules together), and
`from package import name` counts as an import of the submodule `name` where there is one."""
from __future__ import annotations

import ast
from importlib.util import resolve_name
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "popdash"
DEV = "popdash.dev"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def import_statements(source: str, module: str, is_package: bool = False) -> list[tuple[str, str | None]]:
    """(origin, name) for each imported name: ("a.b", None) for `import a.b`, ("a", "b") for
    `from a import b`; relative origins resolved against `module`."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = resolve_name("." * node.level + (node.module or ""), package) if node.level else node.module
            found += [(origin, alias.name) for alias in node.names]
    return found


def imports(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every dotted name the source may import: `from X import y` gives X and X.y (y may be a
    submodule)."""
    names = set()
    for origin, name in import_statements(source, module, is_package):
        names.add(origin)
        if name is not None:
            names.add(f"{origin}.{name}")
    return names


def resolve(name: str, modules) -> str | None:
    """The package module a dotted name lands in (popdash.data.db.run -> popdash.data.db)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the package modules it imports: `from X import y` is an edge to the submodule
    X.y where there is one, else to X; `import X.Y` to X.Y. (Python runs a package's __init__
    before its submodules, but a submodule reached that way may import its package back: that is
    no cycle, so the package is not counted when its submodule is what is imported.)"""
    graph = {}
    for module, path in modules.items():
        targets = set()
        for origin, name in import_statements(path.read_text(encoding="utf-8"), module, path.name == "__init__.py"):
            full = f"{origin}.{name}" if name is not None else origin
            targets.add(full if full in modules else resolve(origin, modules))
        graph[module] = targets - {None, module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def is_dev(name: str) -> bool:
    return name == DEV or name.startswith(DEV + ".")


def test_the_graph_sees_imports_in_functions_relative_imports_and_submodules(tmp_path):
    files = {"p/__init__.py": "from p.sub import d\n", "p/a.py": "from p import b\nimport p.c as c\n"
             "def f():\n    from .sub import d\n    from p import NAME\n", "p/b.py": "from .c import x\n",
             "p/c.py": "", "p/sub/__init__.py": "", "p/sub/d.py": "from p.sub.d import thing\nfrom .. import c\n"}
    modules = {}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        parts = name[:-3].split("/")
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    assert import_graph(modules) == {"p": {"p.sub.d"}, "p.a": {"p", "p.b", "p.c", "p.sub.d"}, "p.b": {"p.c"},
                                     "p.c": set(), "p.sub": set(), "p.sub.d": {"p.c"}}
    assert imports("from . import a", "p", is_package=True) == {"p", "p.a"}
    assert imports("from ..b import x", "p.sub.d") == {"p.b", "p.b.x"}


def test_cycles_are_found_however_long():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": {"f"}, "g": set()}
    assert cycles(graph) == [["a", "b", "c"], ["d", "e"]]  # d reaches a, a never d: two cycles
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_the_package_modules():
    modules = package_modules()
    graph = import_graph(modules)
    assert graph["popdash.dev.bench"] >= {"popdash.dev.bench_common", "popdash.dev.bench_browser"}  # edges are seen
    assert cycles(graph) == []


def test_nothing_outside_popdash_dev_imports_it():
    offenders = []
    for module, path in package_modules().items():
        if not is_dev(module):
            names = imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
            offenders += [f"{module} imports {name}" for name in sorted(names) if is_dev(name)]
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        names = imports(path.read_text(encoding="utf-8"), path.stem)
        offenders += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(names) if is_dev(name)]
    assert offenders == []
    assert imports("from popdash import dev", "x") >= {"popdash.dev"}  # the check sees this form too
