"""Old import paths of the modules made private still work, and warn with the new import."""

from __future__ import annotations

import ast
import importlib
import re
import sys
import types
from pathlib import Path

import pytest

import microcommerce
from microcommerce._moved import MOVED, message, public_names

PACKAGE = Path(microcommerce.__file__).parent


def _forget(monkeypatch, old: str) -> None:
    """Make the next import of ``old`` go through the finder again, as in a fresh process."""
    monkeypatch.delitem(sys.modules, old, raising=False)
    parent, _, child = old.rpartition(".")
    if isinstance(getattr(importlib.import_module(parent), child, None), types.ModuleType):
        monkeypatch.delattr(sys.modules[parent], child)


def test_the_table_is_a_literal_of_real_modules():
    tree = ast.parse((PACKAGE / "_moved.py").read_text(encoding="utf-8"))
    [node] = [n for n in tree.body if isinstance(n, ast.AnnAssign) and n.target.id == "MOVED"]
    assert ast.literal_eval(node.value) == MOVED
    for old, new in MOVED.items():
        assert new.rpartition(".")[0] == old.rpartition(".")[0], old  # same package
        assert new.rpartition(".")[2].startswith("_"), new
        assert (PACKAGE.parent / f"{new.replace('.', '/')}.py").is_file(), new
        assert not (PACKAGE.parent / f"{old.replace('.', '/')}.py").exists(), old


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_module_imports_the_new_one_with_a_warning(old, monkeypatch):
    _forget(monkeypatch, old)
    with pytest.warns(DeprecationWarning, match=re.escape(f"{old} is deprecated")) as caught:
        module = importlib.import_module(old)
    assert module is importlib.import_module(MOVED[old])
    text = str(caught[0].message)
    assert text == message(old)
    assert caught[0].filename == __file__  # pointed at the import, past the machinery


@pytest.mark.parametrize("old", sorted(MOVED))
def test_the_advice_is_an_import_that_works(old, monkeypatch):
    names = public_names(MOVED[old])
    package = importlib.import_module(old.rpartition(".")[0])
    if not names:
        assert "holds no public name" in message(old)
        return
    advice = re.search(r'use "(from [\w.]+ import [\w, ]+)"', message(old)).group(1)
    assert advice == f"from {package.__name__} import {', '.join(names)}"
    found: dict[str, object] = {}
    exec(advice, found)  # the public import
    _forget(monkeypatch, old)
    with pytest.warns(DeprecationWarning):
        exec(f"from {old} import {', '.join(names)}", found_old := {})
    for name in names:
        assert found[name] is found_old[name] is getattr(package, name), name


def test_a_module_that_was_also_a_public_name_keeps_the_name(monkeypatch):
    """``microcommerce.report.reproduce`` was the module; it is the function now."""
    import microcommerce.report as report

    _forget(monkeypatch, "microcommerce.report.reproduce")
    with pytest.warns(DeprecationWarning):
        from microcommerce.report.reproduce import save_table  # noqa: F401
    assert callable(report.reproduce) and not isinstance(report.reproduce, types.ModuleType)
    assert report.reproduce is microcommerce.reproduce


def test_the_old_paths_in_examples_of_this_round():
    """The two forms users write today, run in a fresh interpreter."""
    import subprocess

    code = (
        "import warnings\n"
        "warnings.simplefilter('error')\n"
        "try:\n"
        "    from microcommerce.analyses.market import market_size\n"
        "except DeprecationWarning as w:\n"
        "    print(w)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'use "from microcommerce.analyses import' in done.stdout
    assert "market_size" in done.stdout
