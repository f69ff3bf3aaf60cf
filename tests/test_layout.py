"""The package layout shows the pipeline, and stays that way.

Checked from the source files with `ast` (nothing is imported):
- no import cycles among the package's modules, counting every import: at module
  level, inside functions (the lazy ones) and under TYPE_CHECKING;
- at most ten modules directly in `src/flake8_neveragain/`: the front doors and the
  spine; everything else lives in a package named for its stage;
- one module per name: no two modules (or a module and a package) share a name, so
  `facts`, `rules` or `values` always means one thing.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

PACKAGE = "flake8_neveragain"
ROOT = Path(__file__).resolve().parent.parent / "src" / PACKAGE
TOP_LEVEL_LIMIT = 10


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `path` imports, anywhere in the file."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from pkg import submodule` imports the submodule; `from mod import name` the module.
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                       for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, name, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                child = pending.pop()
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_sees_lazy_and_relative_imports(tmp_path):
    modules = {f"{PACKAGE}.one": tmp_path / "one.py", f"{PACKAGE}.two": tmp_path / "two.py"}
    source = tmp_path / "one.py"
    source.write_text("def later():\n    from . import two\n")
    assert _imports(source, f"{PACKAGE}.one", modules) == {f"{PACKAGE}.two"}


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_at_most_ten_modules_sit_at_the_top_of_the_package():
    top = sorted(path.name for path in ROOT.glob("*.py"))
    assert len(top) <= TOP_LEVEL_LIMIT, top


def test_no_two_modules_or_packages_share_a_name():
    names = Counter(
        path.parent.name if path.name == "__init__.py" else path.stem
        for path in ROOT.rglob("*.py")
        if path.parent != ROOT or path.name != "__init__.py"
    )
    assert [name for name, count in names.items() if count > 1] == []
