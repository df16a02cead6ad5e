"""The package's layers: imports flow one way, down, and no module imports itself in a loop.

Every import is walked, those inside functions included (they would hide a cycle). The map
is checked too: each package's docstring names its modules, and a private module
(``microcommerce.cleaning._clean``) is imported by the package and by its own layer's tests
(``tests/cleaning/``) only — never by a notebook, a docs page or another layer's tests. Every
``raise`` is walked too: the package raises the classes of ``microcommerce/errors.py``,
never a bare builtin such as ``ValueError``.
"""

from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "microcommerce"

#: A module may import from a lower rank, or from its own subpackage; never upward or
#: sideways into another subpackage of the same rank.
RANKS = {
    "_quote": -1,  # text quoted safely in messages; imports nothing, errors may use it
    "_registry": 0,  # the analyses by name: strings only, it imports nothing
    "errors": 0,
    "_moved": 0,  # the old import paths; imports nothing of the package
    "_lazy": 0,  # names loaded on first use; imports nothing of the package
    "core": 1,
    "parse": 2,
    "io": 2,
    "cleaning": 3,
    "datasets": 3,
    "analyses": 4,
    "simulation": 4,
    "report": 5,
    "accessor": 6,
    "cli": 7,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_subpackage_has_a_rank():
    layers = {_layer(m) for m in MODULES} - {None}
    assert layers <= set(RANKS), f"give these a rank in RANKS: {sorted(layers - set(RANKS))}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m)))
def test_imports_flow_down(module):
    own = _layer(module)
    wrong = sorted(
        target
        for target in GRAPH[module]
        if _layer(target) not in (None, own) and RANKS[_layer(target)] >= RANKS[own]
    )
    assert not wrong, f"{module} (rank {RANKS[own]}) imports up or sideways: {wrong}"


def test_no_import_cycles():
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_no_module_over_700_lines():
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in MODULES.items()}
    assert {n: k for n, k in long.items() if k > 700} == {}


def _code_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function's code: its whole definition less its docstring."""
    lines = function.end_lineno - function.lineno + 1
    first = function.body[0]
    if ast.get_docstring(function) is not None and isinstance(first, ast.Expr):
        lines -= first.end_lineno - first.lineno + 1
    return lines


def test_no_function_over_80_lines_of_code():
    """Docstrings (numpydoc sections, doctested examples) do not count; code does."""
    long = {
        f"{name}.{node.name}": _code_lines(node)
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert {f: n for f, n in long.items() if n > 80} == {}
    assert max(long.values()) > 40  # the walk does see long functions


def test_the_walk_sees_imports_inside_functions():
    """The walker is not blind: a known import made inside a function is found."""
    engine_users = {m for m, targets in GRAPH.items() if "microcommerce.core._engine" in targets}
    assert "microcommerce.analyses._aggregation" in engine_users
    assert GRAPH["microcommerce.cli._clean"] >= {"microcommerce.cleaning._bulk"}


# ---------------------------------------------------------------------------
# one error tree: every raise is a class of microcommerce/errors.py
# ---------------------------------------------------------------------------

#: The builtin exception classes (ValueError, KeyError, OSError …), by name.
BUILTIN_EXCEPTIONS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}

#: Raises of a builtin class that are right as they are, each with the reason; anything
#: else raised must be a class of microcommerce/errors.py. (A module's ``__getattr__``
#: raising AttributeError and a script's ``raise SystemExit(main())`` are allowed
#: everywhere: the language asks for them.)
ALLOWED_BUILTIN_RAISES = {
    ("microcommerce.io._durable", "fault_point", "OSError"): (
        "fault injection for the tests imitates the operating system's own error, which "
        "the writers then turn into an OutputError"
    ),
}


def _builtin_raises(tree: ast.AST) -> list[tuple[str, str, int]]:
    """``(function, exception, line)`` for each ``raise`` of a builtin exception class."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                name = target.attr if target.value.id == "builtins" else None
            else:
                name = target.id if isinstance(target, ast.Name) else None
            if name in BUILTIN_EXCEPTIONS:
                found.append((function, name, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def _allowed(module: str, function: str, exception: str) -> bool:
    return (
        (function == "__getattr__" and exception == "AttributeError")
        or exception == "SystemExit"
        or (module, function, exception) in ALLOWED_BUILTIN_RAISES
    )


BUILTIN_RAISES = {
    (name, function, exception, line)
    for name, path in MODULES.items()
    for function, exception, line in _builtin_raises(ast.parse(path.read_text(encoding="utf-8")))
}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_raise_is_a_class_of_errors_py(module):
    bare = sorted(
        f"line {line}: raise {exception} (in {function})"
        for name, function, exception, line in BUILTIN_RAISES
        if name == module and not _allowed(module, function, exception)
    )
    assert not bare, (
        f"{module} raises builtin exceptions; raise a class of microcommerce/errors.py "
        f"(ParameterError for a bad option, ParameterTypeError for a wrong type, "
        f"UnknownNameError for an unknown name …): {bare}"
    )


def test_the_raise_walk_is_not_blind():
    """It sees builtin raises, dotted ones too, and every allowed exception is still there."""
    code = (
        "import builtins\n"
        "def f():\n    raise ValueError('x')\n"
        "def g():\n    raise builtins.KeyError\n"
        "def h():\n    raise ParameterError('fine')\n"
    )
    assert _builtin_raises(ast.parse(code)) == [("f", "ValueError", 3), ("g", "KeyError", 5)]
    seen = {(name, function, exception) for name, function, exception, _ in BUILTIN_RAISES}
    assert set(ALLOWED_BUILTIN_RAISES) <= seen, "an allowed raise is gone: drop it from the list"


# --- the map: every package's docstring names its modules, and only modules it has ---

#: Packages whose docstring is not checked yet, and why.
UNMAPPED: dict[str, str] = {}


def _packages() -> dict[str, Path]:
    return {_module_name(p): p.parent for p in sorted(PACKAGE.rglob("__init__.py"))}


def _named(stem: str, doc: str) -> bool:
    return f"``{stem}``" in doc or re.search(rf":mod:`[~.\w]*\.{re.escape(stem)}`", doc) is not None


@pytest.mark.parametrize("package", sorted(set(_packages()) - set(UNMAPPED)))
def test_package_docstrings_name_their_modules(package):
    folder = _packages()[package]
    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    stems = {p.stem for p in folder.glob("*.py")} - {"__init__", "__main__"}
    stems |= {p.parent.name for p in folder.glob("*/__init__.py")}
    assert not {s for s in stems if not _named(s, doc)}, f"{package}: name these in the docstring"
    ghosts = {s for s in re.findall(r"``(_[a-z][a-z_]*)``", doc) if s not in stems}
    ghosts |= {m for m in re.findall(r":mod:`~?(microcommerce[\w.]*)`", doc) if m not in MODULES}
    assert not ghosts, f"{package}: the docstring names modules that do not exist: {ghosts}"


# --- private modules: imported by the package and by their own layer's tests only ---

TESTS = PACKAGE.parent / "tests"
PRIVATE = re.compile(
    r"(?:from|import)\s+(microcommerce(?:\.\w+)*)(?:\s+import\s+\(?\s*(_[a-z]\w*))?"
)


def _private(module: str) -> str | None:
    """The layer that owns ``module`` if it is private (``""`` for the top level), else None."""
    parts = module.split(".")
    private = next((i for i, p in enumerate(parts) if p.startswith("_")), None)
    if private is None:
        return None
    return parts[1] if private > 1 else ""


def _imported_modules(text: str) -> set[str]:
    found = set()
    for module, child in PRIVATE.findall(text):
        found.add(f"{module}.{child}" if child else module)
    return found


def _texts() -> dict[Path, str]:
    import nbformat

    here = Path(__file__).resolve()  # its own examples of private imports are not imports
    texts = {
        p: p.read_text(encoding="utf-8") for p in sorted(TESTS.rglob("*.py")) if p.resolve() != here
    }
    root = PACKAGE.parent
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    texts |= {p: p.read_text(encoding="utf-8") for p in pages}
    for p in sorted((root / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(p, as_version=4).cells
        texts[p] = "\n".join(c.source for c in cells if c.cell_type == "code")
    return texts


def _allowed_layer(path: Path) -> str | None:
    """The layer whose private modules ``path`` may import (tests/<layer>/…), else None."""
    if not path.is_relative_to(TESTS):
        return None
    parts = path.relative_to(TESTS).parts
    return parts[0] if len(parts) > 1 else ""


def test_no_test_notebook_or_page_imports_a_private_module_of_another_layer():
    wrong = {}
    for path, text in _texts().items():
        layer = _allowed_layer(path)
        bad = {m for m in _imported_modules(text) if _private(m) not in (None, layer)}
        if bad:
            wrong[str(path.relative_to(PACKAGE.parent))] = sorted(bad)
    assert wrong == {}


def test_a_test_that_imports_its_layers_private_modules_says_so():
    silent = []
    for path in sorted(TESTS.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if any(_private(m) is not None for m in _imported_modules(text)):
            doc = ast.get_docstring(ast.parse(text)) or ""
            if "private" not in doc:
                silent.append(str(path.relative_to(TESTS)))
    assert silent == [], "say in the docstring which private modules the test imports, and why"


def test_the_private_import_check_sees_the_forms_people_write():
    text = (
        "from microcommerce.cleaning._clean import x\n"
        "import microcommerce.io._staging\n"
        "from microcommerce.core import _keys as keys\n"
        "from microcommerce.analyses import market_size\n"
        ">>> from microcommerce._moved import MOVED\n"
    )
    found = _imported_modules(text)
    assert {m: _private(m) for m in found} == {
        "microcommerce.cleaning._clean": "cleaning",
        "microcommerce.io._staging": "io",
        "microcommerce.core._keys": "core",
        "microcommerce.analyses": None,
        "microcommerce._moved": "",
    }
