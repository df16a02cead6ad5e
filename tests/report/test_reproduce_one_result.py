"""A report and the key-figure tables it quotes are one result, even in a clone.

Before, the clone's ``data/processed`` was swapped in before the report: a kill in
between left new tables beside the old report (5 of 20 trials).

Imports the report layer's private ``report._reproduce`` to test its machinery.
"""

from __future__ import annotations

import pandas as pd
import pytest
from faults import run_until_done

from microcommerce.io import write_text
from microcommerce.report import _reproduce as report


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """Two fake studies in a fake clone; ``clone.version`` goes into what they write."""
    root = tmp_path / "clone"
    (root / "data" / "processed").mkdir(parents=True)
    monkeypatch.setattr(report, "NOTEBOOKS", (("01_a", "first"), ("02_b", "second")))
    monkeypatch.setattr(report, "notebooks_dir", lambda: tmp_path / "books")
    monkeypatch.setattr(report, "_clone_root", lambda: root)
    monkeypatch.delenv("MICROCOMMERCE_TABLES", raising=False)
    monkeypatch.chdir(root)  # run from inside the clone: its tables are data/processed
    state = {"version": "v1"}

    def run_one(path, out, timeout):
        report.save_table(pd.DataFrame({"v": [state["version"]]}), path.stem)
        page = write_text(f"<p>{path.stem} {state['version']}</p>", out / f"{path.stem}.html")
        return report.NotebookRun(path.stem, True, 0.0, page)

    monkeypatch.setattr(report, "_run_one", run_one)
    return root, state


def _versions(root, out) -> tuple[set[str], set[str]]:
    pages = {p.read_text().split()[-1].rstrip("</p>") for p in out.glob("0*.html")}
    tables = {pd.read_csv(p)["v"].iloc[0] for p in (root / "data" / "processed").glob("*.csv")}
    return pages, tables


def test_report_and_tables_agree_after_a_kill_at_every_step(clone, tmp_path):
    root, state = clone
    out = tmp_path / "report"
    report.reproduce(out, progress=False)
    assert _versions(root, out) == ({"v1"}, {"v1"})
    state["version"] = "v2"
    seen = set()

    def check(step, outcome):
        report._finish_tables(out.resolve(), True)  # what the next run does first
        pages, tables = _versions(root, out)
        assert pages == tables and len(pages) == 1, (step, outcome, pages, tables)
        seen.add(pages.pop())

    steps = run_until_done(lambda: report.reproduce(out, progress=False) and None, check)
    assert steps > 6 and seen == {"v1", "v2"}
    assert not (out / report._TABLES_PENDING).exists()
    hidden = [p.name for p in (root / "data").iterdir() if p.name.startswith(".")]
    assert hidden == []  # the staging folders were finished or swept


def test_a_run_killed_between_report_and_tables_is_finished_by_the_next(clone, tmp_path):
    root, state = clone
    out = tmp_path / "report"
    report.reproduce(out, progress=False)
    state["version"] = "v2"
    kills = []

    def check(step, outcome):
        if (out / report._TABLES_PENDING).exists():
            pages, tables = _versions(root, out)
            assert pages == {"v2"}
            kills.append(tables == {"v1"})  # killed before the tables' swap, or after it
            report.reproduce(out, progress=False)  # the next run finishes it first
            assert _versions(root, out) == ({"v2"}, {"v2"})

    run_until_done(lambda: report.reproduce(out, progress=False) and None, check)
    assert any(kills)  # some step fell between the two swaps
