"""The study notebooks, `microcommerce reproduce`, and charts with Chinese text.

Imports the report layer's private ``report._reproduce`` to test its machinery.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import nbformat
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from microcommerce.cli import main
from microcommerce.errors import OutputError
from microcommerce.io import write_text
from microcommerce.report import _reproduce as report
from microcommerce.report import plot

#: The manifest every result is written with (docs/guide/reading-files.md); tests/io checks
#: its contents against the files.
MANIFEST = "_manifest.json"

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


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
        # every published figure is cited by a facts (or wechat_users) row that exists
        # every cited row id with a year or number in it exists, and each study cites some
        tokens = set(re.findall(r"`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`", text))
        numbered = {t for t in tokens if re.search(r"_\d", t)}
        assert numbered <= _known_ids(), (name, numbered - _known_ids())
        if name != "05_cleaning_walkthrough":  # the walkthrough shows no published figure
            assert tokens & _known_ids(), name


def _known_ids() -> set[str]:
    from microcommerce import datasets

    return (set(datasets.load("facts")["fact_id"]) | set(datasets.load("events")["event_id"])
            | set(datasets.load("wechat_users")["obs_id"]))  # fmt: skip


@pytest.mark.slow
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


@pytest.mark.slow
def test_report_pages_carry_the_font_fetch_nothing_and_show_no_scientific_notation(full_report):
    out, runs = full_report
    for page in [out / "index.html", *(run.html for run in runs)]:
        text = page.read_text(encoding="utf-8")
        assert text.count('@font-face{font-family:"Noto Sans SC"') == 1, page.name
        assert "font/woff2;base64," in text and page.stat().st_size < 3_000_000, page.name
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", text), page.name
        cells = re.findall(r"<td[^>]*>(.*?)</td>", text, flags=re.S)
        assert not [c for c in cells if re.search(r"\de[+-]\d", c)], page.name


@pytest.mark.slow
def test_tables_of_key_figures_are_written(full_report, tmp_path):
    tables = report.tables_destination(full_report[0])
    assert (tables / "02_triangulation_2015.csv").is_file()
    assert (tables / "04_years_to_clear_july_2015.csv").is_file()


@pytest.mark.slow
def test_failing_hanging_and_crashing_notebooks_are_reported_and_the_others_run(
    tmp_path, monkeypatch, capsys
):
    books = tmp_path / "books"
    books.mkdir()
    cells = {
        "01_bad": [nbformat.v4.new_markdown_cell("# broken"), nbformat.v4.new_code_cell("1 / 0")],
        "02_slow": [
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell("import time; time.sleep(30)"),
        ],
        "03_crash": [nbformat.v4.new_code_cell("import os; os._exit(1)")],
        "04_good": [nbformat.v4.new_code_cell("x = 1 + 1")],
    }
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
    assert main(["reproduce", "--out", str(afile), "-q", "--only", "01_history_timeline"]) == 1
    assert "afile: it is a file, not a folder" in capsys.readouterr().err
    assert main(["reproduce", "--out", str(tmp_path / "o"), "-q", "--timeout", "0"]) == 1
    assert "at least 1 second" in capsys.readouterr().err
    assert main(["reproduce", "--out", str(tmp_path / "o"), "-q", "--jobs", "0"]) == 1
    assert "jobs=0: expected at least 1 notebook at a time" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# the report folder is replaced only by a completed run (notebooks stubbed)
# ---------------------------------------------------------------------------


@pytest.fixture
def stub_runs(tmp_path, monkeypatch):
    """Two fake studies whose "run" writes a page and a table; returns the calls seen.

    ``stub_runs.version`` goes into what they write; ``stub_runs.stop`` names a study
    whose run raises ``stub_runs.error`` instead; ``stub_runs.fail`` one that fails.
    """
    monkeypatch.setattr(report, "NOTEBOOKS", (("01_a", "first"), ("02_b", "second")))
    monkeypatch.setattr(report, "notebooks_dir", lambda: tmp_path / "books")
    monkeypatch.setattr(report, "_clone_root", lambda: None)  # as after a regular install
    monkeypatch.delenv("MICROCOMMERCE_TABLES", raising=False)
    calls = SimpleNamespace(seen=[], version="v1", stop=None, error=KeyboardInterrupt, fail=None)

    def run_one(path, out, timeout, slot):
        calls.seen.append((path.stem, out, os.environ["MICROCOMMERCE_TABLES"]))
        if path.stem == calls.stop:
            raise calls.error()
        report.save_table(pd.DataFrame({"v": [calls.version]}), path.stem)
        page = write_text(f"<p>{path.stem} {calls.version}</p>", out / f"{path.stem}.html")
        if path.stem == calls.fail:
            failed = report.NotebookRun(path.stem, False, 0.0, page, 2, "ZeroDivisionError: boom")
            return failed, None  # None: the page is written
        return report.NotebookRun(path.stem, True, 0.0, page), None

    monkeypatch.setattr(report, "_run_one", run_one)
    return calls


#: The files of a report of both stub studies (its manifest aside).
BOTH_STUDIES = ["01_a.html", "02_b.html", "index.html", "tables/01_a.csv", "tables/02_b.csv"]


def _files(folder: Path) -> dict[str, str]:
    """The report's files and their text, but its manifest (checked on its own)."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def test_the_run_happens_in_a_staging_folder_swapped_in_at_the_end(tmp_path, stub_runs):
    out = tmp_path / "site" / "report"  # its parent is created too
    runs = report.reproduce(out, progress=False)
    (name, stage, tables), _ = stub_runs.seen
    assert name == "01_a" and stage.parent == out.parent
    assert re.fullmatch(r"\.report\.staging-[0-9a-f]{8}", stage.name)
    assert tables == str(stage / "tables")  # tables travel with the report
    assert not stage.exists() and os.listdir(out.parent) == ["report"]
    files = _files(out)
    assert sorted(files) == BOTH_STUDIES
    assert files["02_b.html"] == "<p>02_b v1</p>" and "v1" in files["tables/02_b.csv"]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(files)  # what was written
    assert [r.html for r in runs] == [out / "01_a.html", out / "02_b.html"]
    assert "MICROCOMMERCE_TABLES" not in os.environ


def test_a_completed_run_replaces_the_whole_report_even_with_failures(tmp_path, stub_runs):
    out = tmp_path / "report"
    report.reproduce(out, progress=False)
    (out / "notes.txt").write_text("mine")  # the report folder belongs to reproduce
    stub_runs.version, stub_runs.fail = "v2", "02_b"
    runs = report.reproduce(out, progress=False)
    assert [r.ok for r in runs] == [True, False]
    files = _files(out)
    assert sorted(files) == BOTH_STUDIES
    assert files["01_a.html"] == "<p>01_a v2</p>" and "v2" in files["tables/01_a.csv"]
    assert "FAILED at cell 2: ZeroDivisionError" in files["index.html"]
    assert os.listdir(tmp_path) == ["report"]  # neither staging nor old folder is left
    report.reproduce(out, only=["01"], progress=False)  # a report of just that study
    assert sorted(_files(out)) == ["01_a.html", "index.html", "tables/01_a.csv"]


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_run_leaves_the_previous_report_untouched(tmp_path, stub_runs, error):
    out = tmp_path / "report"
    report.reproduce(out, progress=False)
    before = _files(out)
    stub_runs.version, stub_runs.stop, stub_runs.error = "v2", "02_b", error
    with pytest.raises(error):
        report.reproduce(out, progress=False)
    assert [name for name, _, _ in stub_runs.seen] == ["01_a", "02_b", "01_a", "02_b"]
    assert stub_runs.seen[2][1].name.startswith(".report.staging-")  # 01_a ran, in staging
    assert _files(out) == before and "v1" in before["01_a.html"]
    assert os.listdir(tmp_path) == ["report"]
    assert "MICROCOMMERCE_TABLES" not in os.environ


def test_a_failure_just_before_the_swap_keeps_the_previous_report(tmp_path, stub_runs, monkeypatch):
    """A full disk injected where the io layer writes the manifest (its private staging step)."""
    out = tmp_path / "report"
    report.reproduce(out, progress=False)
    before = _files(out)

    def no_room(folder):  # the manifest, written last before the swap, finds a full disk
        raise OSError(errno.ENOSPC, "No space left on device", str(Path(folder) / "_manifest.json"))

    monkeypatch.setattr("microcommerce.io._staging.write_manifest", no_room)
    stub_runs.version = "v2"
    with pytest.raises(OutputError, match="report: no space left on the device"):
        report.reproduce(out, progress=False)
    assert _files(out) == before and os.listdir(tmp_path) == ["report"]


def test_folders_that_are_not_reports_are_refused_untouched(tmp_path, stub_runs, monkeypatch):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    with pytest.raises(OutputError, match="holds files that are not a result"):
        report.reproduce(mine, progress=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<title>my site</title>")
    with pytest.raises(OutputError, match="holds files that are not a result"):
        report.reproduce(site, progress=False)
    assert stub_runs.seen == [] and sorted(os.listdir(tmp_path)) == ["mine", "site"]
    assert _files(mine) == {"thesis.docx": "years of work"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert len(report.reproduce(empty, progress=False)) == 2  # an empty folder is fine
    before = _files(empty)
    monkeypatch.chdir(empty / "tables")
    with pytest.raises(OutputError, match="is \\(or holds\\) the current folder"):
        report.reproduce("..", progress=False)
    assert _files(empty) == before and len(stub_runs.seen) == 2
    assert sorted(os.listdir(tmp_path)) == ["empty", "mine", "site"]


@pytest.mark.slow
def test_notebooks_can_be_chosen_by_number_name_or_path(tmp_path):
    runs = report.reproduce(
        tmp_path,
        only=["01", "notebooks/01_history_timeline.ipynb", "history_timeline"],
        progress=False,
    )
    assert [r.name for r in runs] == ["01_history_timeline"]


def test_unknown_notebook_names_are_refused(tmp_path, capsys):
    assert main(["reproduce", "--out", str(tmp_path), "--only", "nope", "-q"]) == 1
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
