"""The package's layers: imports flow one way, down, and no module imports itself in a loop.

Every import is walked, those inside functions included (they would hide a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "microcommerce"

#: A module may import from a lower rank, or from its own subpackage; never upward or
#: sideways into another subpackage of the same rank.
RANKS = {
    "errors": 0,
    "_moved": 0,  # the old import paths; imports nothing of the package
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


def test_the_walk_sees_imports_inside_functions():
    """The walker is not blind: a known import made inside a function is found."""
    engine_users = {m for m, targets in GRAPH.items() if "microcommerce.core._engine" in targets}
    assert "microcommerce.analyses._aggregation" in engine_users
    assert GRAPH["microcommerce.cli"] >= {"microcommerce.cli.folders"}
