"""Where reproduce writes its tables: the clone's only when run inside it, and it says where;
a notebook run by hand never writes into the clone.

Imports the report layer's private ``report._reproduce`` to test its machinery.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from microcommerce.report import _reproduce as report


def _clone(tmp_path: Path) -> Path:
    root = tmp_path / "clone"
    (root / "notebooks").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "microcommerce"\n', encoding="utf-8")
    return root


def test_an_editable_install_run_elsewhere_writes_beside_the_report(tmp_path, monkeypatch):
    root = _clone(tmp_path)
    monkeypatch.delenv("MICROCOMMERCE_TABLES", raising=False)
    monkeypatch.setattr(report, "_PACKAGE", root / "microcommerce")  # an editable install
    elsewhere = tmp_path / "analyst"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert report.tables_destination() is None
    assert report.tables_destination(elsewhere / "out") == elsewhere / "out" / "tables"
    monkeypatch.chdir(root / "notebooks")  # inside the clone: its data/processed
    assert report.tables_destination(elsewhere / "out") == root / "data" / "processed"


def test_the_environment_decides_first(tmp_path, monkeypatch):
    monkeypatch.setenv("MICROCOMMERCE_TABLES", str(tmp_path / "t"))
    assert report.tables_destination(tmp_path / "out") == tmp_path / "t"


@pytest.mark.slow  # starts a kernel that imports pandas
def test_a_notebook_run_by_hand_writes_nothing_into_data_processed(tmp_path, monkeypatch):
    """Run by hand in a copy of the clone (nbclient, as JupyterLab or the docs gallery
    run it), a notebook that saves a table then fails leaves both clones' tables as they
    were: its table is in a temporary folder of its kernel, whole."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    root = _clone(tmp_path)
    processed = root / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "02_table.csv").write_text("v\nold\n", encoding="utf-8")
    ours = Path(report.__file__).parents[2] / "data" / "processed"  # the package's clone

    def listing(folder: Path) -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.is_dir() else {}

    before = listing(ours)
    cell = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(
        cells=[
            cell(
                "import pandas as pd\nfrom microcommerce.report._reproduce import save_table\n"
                "print(save_table(pd.DataFrame({'v': [1, 2]}), '02_table'))"
            ),
            cell("1 / 0"),  # a notebook that stops half-way
        ]
    )
    monkeypatch.delenv("MICROCOMMERCE_TABLES", raising=False)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(root)}}
    )
    with pytest.raises(CellExecutionError):
        client.execute()
    saved = Path(nb.cells[0].outputs[0]["text"].strip())
    try:
        assert saved.parent.name.startswith("mc-tables-") and saved.name == "02_table.csv"
        assert pd.read_csv(saved)["v"].tolist() == [1, 2]
        assert os.listdir(processed) == ["02_table.csv"]
        assert (processed / "02_table.csv").read_text(encoding="utf-8") == "v\nold\n"
        assert listing(ours) == before
    finally:
        shutil.rmtree(saved.parent, ignore_errors=True)
