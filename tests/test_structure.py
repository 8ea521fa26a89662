"""The three packages as a whole: no import cycle between modules, no module over 450 lines,
and every module's doctests pass.

Imports are read from the source (``ast``), not from ``sys.modules``, so that an import
inside a function counts as much as one at the top: a cycle that only closes when the
function runs is still a cycle a reader has to untangle. Imports under ``if TYPE_CHECKING:``
do not count (they never run).

Doctests run here, each module imported by its installed name (``govkg.graph.merge``):
``pytest --doctest-modules graph`` would import the folders as top-level packages (``graph``)
beside the installed ones, so that two copies of each module and its classes met.
"""
from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The installed package of each folder (pyproject's package-dir).
PACKAGES = {"govkg.extractors": ROOT / "extractors", "govkg.graph": ROOT / "graph", "govkg.ontology": ROOT / "ontology"}
MAX_LINES = 450


def modules() -> dict[str, Path]:
    """Dotted module name → source file, for every module of the three packages."""
    out = {}
    for package, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            name = ".".join((package, *parts))
            out[name.removesuffix(".__init__")] = path
    return out


def _type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement below ``tree``, wherever it is, except under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        if isinstance(node, ast.If) and _type_checking(node.test):
            todo += node.orelse                         # the else branch does run
            continue
        todo += ast.iter_child_nodes(node)
    return found


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that module ``name`` (at ``path``) imports.

    ``from . import x`` imports the module ``x`` when there is one, else the package; a
    package's own ``__init__`` is a module like any other.
    """
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            base = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            while target and target not in known:       # a name inside a module: the module
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of the three packages it imports."""
    found = modules()
    known = set(found)
    return {name: imported(name, path, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
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
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        v = todo.pop()
        for w in graph.get(v, ()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking(tmp_path):
    (tmp_path / "pkg").mkdir()
    for mod in ("a", "b", "c"):
        (tmp_path / "pkg" / f"{mod}.py").write_text("", encoding="utf-8")
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
              "def f():\n    from .c import g\n")
    (tmp_path / "pkg" / "a.py").write_text(source, encoding="utf-8")
    assert imported("pkg.a", tmp_path / "pkg" / "a.py", {"pkg.a", "pkg.b", "pkg.c"}) == {"pkg.c"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_there_is_no_import_cycle_between_modules():
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_dependencies_flow_one_way_between_the_packages():
    graph = import_graph()
    for name, targets in graph.items():
        if name.startswith("govkg.extractors"):
            assert not {t for t in targets if not t.startswith("govkg.extractors")}, name
        if name.startswith("govkg.ontology"):
            assert not {t for t in targets if t.startswith("govkg.graph")}, name


def test_the_notebook_api_never_imports_the_command_line():
    assert "govkg.graph.cli" not in reachable(import_graph(), "govkg.graph")


def _lengths() -> dict[str, int]:
    return {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}


def test_no_module_is_over_450_lines():
    over = {name: n for name, n in _lengths().items() if n > MAX_LINES}
    assert not over, f"over {MAX_LINES} lines: {over}"


def _with_examples() -> list[str]:
    """Modules whose source holds a doctest prompt (found without importing them)."""
    return [name for name, path in modules().items() if ">>> " in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("name", _with_examples())
def test_doctests_pass(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert runner.tries > 0, f"{name} has a '>>> ' that is no doctest"


# A Han range written out by hand (instead of primitives.HAN) misses CJK Extension A: 㮾坪社区.
# decoding's range is not a Han class but the common characters it counts to pick an encoding.
_HAND_HAN = ("\\u4e00-\\u9fff", "\\u3400-\\u9fff", '"\\u4e00" <=')


def test_extractors_take_the_han_class_from_primitives():
    offenders = [f"{path.name}:{n}" for path in sorted((ROOT / "extractors").glob("*.py"))
                 if path.name not in ("primitives.py", "decoding.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if any(h in line for h in _HAND_HAN)]
    assert not offenders, offenders


def test_han_class_covers_extension_a():
    from govkg.extractors.primitives import HAN_RUN
    assert HAN_RUN.fullmatch("㮾坪社区") and HAN_RUN.fullmatch("漆坪社区")
