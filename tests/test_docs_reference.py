"""The API reference: by task, exactly the public ``__all__``s, each name with its import.

The pages are written by ``docs/_ext/mc_docs.py`` from the subpackages' ``__all__``
lists; these tests build them into a temporary folder (no Sphinx run) and read them back.
"""

from __future__ import annotations

import importlib
import re
import runpy
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

import microcommerce

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
mc_docs = importlib.import_module("mc_docs")
ExtensionError = importlib.import_module("sphinx.errors").ExtensionError


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("docs") / "api"
    return folder, mc_docs.write_api(folder)


def _public_objects() -> dict[object, tuple[str, str]]:
    """Every (module, name) of the pages' ``__all__``s, keyed as the reference keys them."""
    found = {}
    for task in mc_docs.TASKS:
        for module in task.modules:
            mod = mc_docs.load_module(module)
            for name in mod.__all__:
                found[mc_docs._key(getattr(mod, name), module, name)] = (module, name)
    return found


def _key(entry) -> object:
    return mc_docs._key(entry.obj, entry.module, entry.name)


def test_the_reference_lists_exactly_the_union_of_the_public_all(api):
    _, entries = api
    public = _public_objects()
    assert {_key(entry) for entry in entries} == set(public)
    assert len(entries) == len(public)  # each object once
    union = {name for task in mc_docs.TASKS for m in task.modules for name in _all(m)}
    assert {entry.name for entry in entries} == union
    for entry in entries:  # shown where the later module of the pages lists it
        assert public[_key(entry)] == (entry.module, entry.name)
        assert "._" not in entry.full and not entry.name.startswith("_")


def _all(module: str) -> list[str]:
    return list(mc_docs.load_module(module).__all__)


def test_every_page_lists_its_names_and_nothing_else(api):
    folder, entries = api
    for task in mc_docs.TASKS:
        text = (folder / f"{task.page}.md").read_text(encoding="utf-8")
        mine = [entry for entry in entries if entry.page == task.page]
        assert mine, task.page
        rows = re.findall(r"^\* - \{py:obj\}`([^`]*) <([^>]*)>`$", text, flags=re.M)
        assert rows == [(entry.use, entry.full) for entry in mine], task.page
        toctree = text.split("```{toctree}\n:hidden:\n\n")[1].split("```")[0].split()
        assert toctree == [f"generated/{entry.full}" for entry in mine]
        assert text.startswith(f"# {task.title}\n")
        assert mc_docs._intro(task.page) in text  # the introduction, then the names
    pages = sorted(path.stem for path in (folder / "generated").glob("*.rst"))
    assert pages == sorted(entry.full for entry in entries)


def test_each_name_page_shows_its_import_and_documents_it_once(api):
    folder, entries = api
    for entry in entries:
        text = (folder / "generated" / f"{entry.full}.rst").read_text(encoding="utf-8")
        assert text.splitlines()[0] == entry.name
        assert f"``{entry.spelling}``" in text
        assert f".. currentmodule:: {entry.module}" in text
        assert len(re.findall(r"^\.\. auto\w+:: ", text, flags=re.M)) == 1


def test_the_import_each_page_shows_gives_the_object(api):
    _, entries = api
    for entry in entries:
        scope: dict[str, object] = {}
        exec(entry.statement, scope)  # the very line the docs show
        if entry.use in mc_docs.ACCESSORS.values():  # df.mc, s.mc
            frame = pd.DataFrame() if entry.use.startswith("df") else pd.Series(dtype=float)
            assert isinstance(frame.mc, entry.obj), entry
            continue
        got = eval(entry.use, scope)
        assert got is entry.obj, entry.spelling


def test_a_top_level_name_is_shown_with_its_top_level_import(api):
    folder, entries = api
    shown = {entry.top_name: entry for entry in entries if entry.top_name}
    assert set(shown) == set(microcommerce.__all__) - {"__version__"}
    assert shown["market_size"].spelling == "import microcommerce as mc; mc.market_size"
    assert shown["load_dataset"].full == "microcommerce.datasets.load"  # one object, two names
    [amount] = [entry for entry in entries if entry.name == "Amount"]
    assert amount.spelling == "from microcommerce.parse import Amount"
    [chart] = [entry for entry in entries if entry.name == "published_ranges"]
    assert chart.spelling == "import microcommerce as mc; mc.plot.published_ranges"
    index = (folder / "index.md").read_text(encoding="utf-8")
    for name, entry in shown.items():
        assert f"{{py:obj}}`mc.{name} <{entry.full}>`" in index
    assert mc_docs.aliases(entries)["microcommerce.load_dataset"] == "microcommerce.datasets.load"


def test_every_page_is_in_the_toctree_and_the_rule_is_stated(api):
    folder, _ = api
    index = (folder / "index.md").read_text(encoding="utf-8")
    toctree = index.split("```{toctree}\n:hidden:\n:maxdepth: 1\n\n")[1].split("```")[0].split()
    assert toctree == [task.page for task in mc_docs.TASKS]
    assert all((folder / f"{page}.md").is_file() for page in toctree)
    assert all(f"- [{task.title}]({task.page}.md) (" in index for task in mc_docs.TASKS)
    assert "**Public is what this reference lists.**" in index
    assert "[command line](../cli.md)" in index
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "\napi/index\n" in home.split("```{toctree}")[1] and "(api/index.md)" in home
    titles = [task.title for task in mc_docs.TASKS]
    assert titles[:3] == ["Reading files", "Parsing", "Cleaning"]


def test_every_name_has_a_summary(api):
    _, entries = api
    assert [entry.full for entry in entries if not mc_docs.summary(entry)] == []


def test_a_subpackage_without_all_stops_the_build(monkeypatch):
    bare = types.ModuleType("microcommerce.bare")
    monkeypatch.setitem(sys.modules, "microcommerce.bare", bare)
    tasks = (*mc_docs.TASKS, mc_docs.Task("bare", "Bare", ("microcommerce.bare",), "none"))
    monkeypatch.setattr(mc_docs, "TASKS", tasks)
    with pytest.raises(ExtensionError, match=r"microcommerce\.bare has no __all__"):
        mc_docs.reference()


def test_a_top_level_name_on_no_page_stops_the_build(monkeypatch):
    tasks = tuple(task for task in mc_docs.TASKS if task.page != "errors")
    monkeypatch.setattr(mc_docs, "TASKS", tasks)
    with pytest.raises(ExtensionError, match=r"mc\.InputError.*in no __all__ of a page"):
        mc_docs.reference()


def test_a_public_subpackage_on_no_page_stops_the_build(monkeypatch, tmp_path):
    tasks = tuple(task for task in mc_docs.TASKS if task.modules != ("microcommerce.core",))
    monkeypatch.setattr(mc_docs, "TASKS", tasks)
    assert mc_docs.unlisted_subpackages() == ["microcommerce.core"]
    with pytest.raises(ExtensionError, match=r"microcommerce\.core: neither on a page"):
        mc_docs.write_api(tmp_path / "api")


def test_a_dead_cross_reference_fails_the_docs_build():
    conf = runpy.run_path(str(DOCS / "conf.py"))
    assert conf["nitpicky"] is True
    assert "sphinx.ext.intersphinx" not in conf["extensions"]  # offline: nothing to fetch
    ignored = [re.compile(target) for _, target in conf["nitpick_ignore_regex"]]
    for name in ("microcommerce.market_size", "microcommerce.io.staging.staged", "period_label"):
        assert not any(rx.fullmatch(name) for rx in ignored), name
    assert any(rx.fullmatch("pandas.read_csv") for rx in ignored)
    ci = (DOCS.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"python -m sphinx -W .*-b html docs ", ci)
