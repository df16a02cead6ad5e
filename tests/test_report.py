"""The study notebooks, `microcommerce reproduce`, and charts with Chinese text."""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from microcommerce import plot, report
from microcommerce.cli import main

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def test_committed_notebooks_have_no_outputs_and_say_what_they_are_for():
    names = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == [name for name, _ in report.NOTEBOOKS]
    for name in names:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), name
        opening = nb.cells[0].source
        assert opening.startswith("# ") and "**Question.**" in opening and "**For**" in opening
        text = "\n".join(c.source for c in nb.cells)
        assert "def " not in "\n".join(c.source for c in code if "prefixed" not in c.source), name
        if "simulate_pyramid" in text or "sample_dir" in text:
            assert text.count("SIMULATED") + text.count("simulated") >= 3, name
        # every published figure is cited by a facts row that exists
        # every cited row id with a year or number in it exists, and each study cites some
        tokens = set(re.findall(r"`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`", text))
        numbered = {t for t in tokens if re.search(r"_\d", t)}
        assert numbered <= _known_ids(), (name, numbered - _known_ids())
        if name != "05_cleaning_walkthrough":  # the walkthrough shows no published figure
            assert tokens & _known_ids(), name


def _known_ids() -> set[str]:
    from microcommerce import datasets

    return set(datasets.load("facts")["fact_id"]) | set(datasets.load("events")["event_id"])


@pytest.fixture(scope="module")
def full_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    runs = report.reproduce(out, progress=False, timeout=300)
    return out, runs


def test_every_notebook_runs_offline_into_html(full_report):
    out, runs = full_report
    assert [r.name for r in runs] == [name for name, _ in report.NOTEBOOKS]
    failures = [(r.name, r.cell, r.error) for r in runs if not r.ok]
    assert not failures
    for run in runs:
        page = run.html.read_text(encoding="utf-8")
        assert "output_error" not in page and "Traceback" not in page, run.name
        assert "Warning" not in re.sub(r"<style.*?</style>", "", page, flags=re.S), run.name
        nb = nbformat.read(NOTEBOOKS / f"{run.name}.ipynb", as_version=4)
        title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
        assert title.split(" ", 2)[-1][:20] in page, run.name
        assert page.count("data:image/png;base64") >= 1, run.name
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("(ran,") == len(runs)


def test_tables_of_key_figures_are_written(full_report, tmp_path):
    tables = report.tables_dir()
    assert (tables / "02_triangulation_2015.csv").is_file()
    assert (tables / "04_years_to_clear_july_2015.csv").is_file()


def test_failing_hanging_and_crashing_notebooks_are_reported_and_the_others_run(
    tmp_path, monkeypatch, capsys
):
    books = tmp_path / "books"
    books.mkdir()
    cells = {
        "01_bad": [nbformat.v4.new_markdown_cell("# broken"), nbformat.v4.new_code_cell("1 / 0")],
        "02_slow": [nbformat.v4.new_code_cell("x = 1"),
                    nbformat.v4.new_code_cell("import time; time.sleep(30)")],
        "03_crash": [nbformat.v4.new_code_cell("import os; os._exit(1)")],
        "04_good": [nbformat.v4.new_code_cell("x = 1 + 1")],
    }  # fmt: skip
    for name, body in cells.items():
        nbformat.write(nbformat.v4.new_notebook(cells=body), books / f"{name}.ipynb")
    monkeypatch.setattr(report, "notebooks_dir", lambda: books)
    monkeypatch.setattr(report, "NOTEBOOKS", tuple((name, name) for name in cells))
    assert main(["reproduce", "--out", str(tmp_path / "out"), "-q", "--timeout", "3"]) == 1
    captured = capsys.readouterr()
    assert "01_bad" in captured.out and "FAILED at cell 2: ZeroDivisionError" in captured.out
    assert "02_slow" in captured.out and "FAILED at cell 2: CellTimeoutError" in captured.out
    assert "03_crash" in captured.out and "FAILED at cell 1: DeadKernelError" in captured.out
    assert "3 notebook(s) failed: 01_bad, 02_slow, 03_crash" in captured.err
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "FAILED at cell 2" in index and index.count("(ran,") == 1
    assert all((tmp_path / "out" / f"{name}.html").is_file() for name in cells)


def test_bad_output_folder_and_timeout_are_refused(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["reproduce", "--out", str(afile), "-q", "--only", "01_history_timeline"]) == 2
    assert "File exists" in capsys.readouterr().err
    assert main(["reproduce", "--out", str(tmp_path / "o"), "-q", "--timeout", "0"]) == 2
    assert "at least 1 second" in capsys.readouterr().err


def test_notebooks_can_be_chosen_by_number_name_or_path(tmp_path):
    runs = report.reproduce(tmp_path, only=["01", "notebooks/01_history_timeline.ipynb",
                                            "history_timeline"], progress=False)  # fmt: skip
    assert [r.name for r in runs] == ["01_history_timeline"]


def test_unknown_notebook_names_are_refused(tmp_path, capsys):
    assert main(["reproduce", "--out", str(tmp_path), "--only", "nope", "-q"]) == 2
    assert "unknown notebooks ['nope']" in capsys.readouterr().err


def test_chinese_labels_render_without_missing_glyphs():
    assert plot.set_theme() == plot.CJK_FONT
    fig, ax = plt.subplots()
    ax.set_title("微商市场规模 (亿元)")
    ax.set_xlabel("代理层级 总代 一级 二级")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_without_the_font_package_one_clear_warning(monkeypatch):
    monkeypatch.setattr(plot, "_registered", [])
    monkeypatch.setitem(sys.modules, "pylopdf_fonts_zh_cn", None)  # import fails
    with pytest.warns(UserWarning, match="pip install pylopdf-fonts-zh-cn") as caught:
        font = plot.set_theme()
    assert len(caught) == 1 and font != plot.CJK_FONT
    monkeypatch.undo()
    plot.set_theme()  # restore the Chinese font for the tests that follow


def test_notebooks_and_sample_ship_in_the_wheel():
    import tomllib

    config = tomllib.loads((NOTEBOOKS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include == {"notebooks": "microcommerce/_notebooks", "data/raw": "microcommerce/_sample"}
    assert json.loads((NOTEBOOKS / "01_history_timeline.ipynb").read_text())["nbformat"] == 4
