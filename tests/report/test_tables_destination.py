"""Where reproduce writes its tables: the clone's only when run inside it, and it says where.

Imports the report layer's private ``report._reproduce`` to test its machinery.
"""

from __future__ import annotations

from pathlib import Path

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
