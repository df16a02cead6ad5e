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
