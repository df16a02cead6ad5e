"""The docs site's generated datasets catalogue: every dataset, column, unit and source.

The API reference has its own tests, in ``test_docs_reference.py``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from microcommerce import datasets

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
mc_docs = importlib.import_module("mc_docs")


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("docs") / "api"
    return folder, mc_docs.write_api(folder)


def test_every_top_level_name_has_an_api_entry(api):
    folder, _ = api
    page = (folder / "microcommerce.rst").read_text(encoding="utf-8")
    for name in microcommerce.__all__:
        if name == "__version__":
            continue
        obj = getattr(microcommerce, name)
        home = f"{mc_docs.public_home(obj)}.{obj.__name__}" if hasattr(obj, "__module__") else name
        linked = f":py:obj:`microcommerce.{name} <" in page or f"   {name}\n" in page
        assert linked, name
        assert (folder / "generated" / f"{home}.rst").is_file(), (name, home)


def test_every_name_of_every_public_module_is_documented_once(api):
    folder, documented = api
    modules = mc_docs.public_modules()
    assert {"microcommerce.io", "microcommerce.report.plot", "microcommerce.datasets"} <= set(
        modules
    )
    assert len(documented) == len(set(documented))
    for module, mod in modules.items():
        page = (folder / f"{module}.rst").read_text(encoding="utf-8")
        assert page.startswith(f"{module}\n") and f".. automodule:: {module}" in page
        for name in mod.__all__:
            assert name in page, (module, name)
    for full in documented:
        text = (folder / "generated" / f"{full}.rst").read_text(encoding="utf-8")
        assert text.splitlines()[0] == full and ".. auto" in text
    index = (folder / "index.rst").read_text(encoding="utf-8")
    assert all(f"   {module}\n" in index for module in modules)


def test_a_name_exported_twice_is_documented_where_it_is_defined(api):
    folder, documented = api
    assert "microcommerce.io.read_table" in documented
    assert "microcommerce.read_table" not in documented
    page = (folder / "microcommerce.rst").read_text(encoding="utf-8")
    assert ":py:obj:`microcommerce.load_dataset <microcommerce.datasets.load>`" in page


def test_the_catalogue_lists_every_dataset_column_unit_and_source(tmp_path):
    path = tmp_path / "datasets.md"
    assert mc_docs.write_datasets(path) == datasets.names()
    text = path.read_text(encoding="utf-8")
    sections = dict(part.split("`", 1) for part in text.split("\n## `")[1:])
    assert list(sections) == datasets.names()
    for name, section in sections.items():
        meta = datasets.describe(name)
        assert section.startswith(f": {meta.title}")
        assert all(producer in section for producer in meta.producers)
        for column, spec in meta.columns.items():
            [row] = [line for line in section.splitlines() if line.startswith(f"| `{column}` |")]
            assert f"| {spec.dtype} | {spec.unit or ''} |" in row, row
    assert "| `cny_per_usd` | float64 | CNY per USD |" in text
