"""The report's pages fold the exercises' solutions and show widgets as static figures.

Imports the report layer's private ``report._explorer``, ``report._reproduce``,
``report._solutions`` to test its machinery.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from microcommerce.report import _reproduce as report
from microcommerce.report._solutions import HEADER, hide_solutions, is_solution


def test_solutions_are_folded_and_widgets_are_static(tmp_path, monkeypatch):
    books = tmp_path / "books"
    books.mkdir()
    cells = [
        nbformat.v4.new_markdown_cell("# 01 · a study\n\n**Exercise 1.** Six times seven?"),
        nbformat.v4.new_code_cell("print('open', 6 * 5)"),
        nbformat.v4.new_code_cell("# Answer: 42\nprint('Answer:', 6 * 7)",
                                  metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("from microcommerce.report._explorer import pyramid_explorer\n"
                                  "pyramid_explorer(potential_agents=100, months=6)"),
    ]  # fmt: skip
    nbformat.write(nbformat.v4.new_notebook(cells=cells), books / "01_study.ipynb")
    monkeypatch.setattr(report, "notebooks_dir", lambda: books)
    monkeypatch.setattr(report, "NOTEBOOKS", (("01_study", "a study"),))
    [run] = report.reproduce(tmp_path / "out", progress=False, timeout=120)
    assert run.ok, run.error
    page = run.html.read_text(encoding="utf-8")
    folded = re.findall(r'<details class="mc-solution">(.*?)</details>', page, flags=re.S)
    assert len(folded) == 1
    assert "<summary>Solution</summary>" in folded[0] and "<pre>Answer: 42\n</pre>" in folded[0]
    outside = page.replace(folded[0], "")
    assert "open 30" in outside and "Answer: 42" not in outside
    assert "interactive in JupyterLab" in outside and "data:image/png;base64," in outside
    assert "widget-view+json" not in page and "widget-state+json" not in page


#: Every notebook of the folder, those added later too (not only the report's list).
BOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", BOOKS, ids=[p.stem for p in BOOKS])
def test_solutions_open_collapsed_with_no_answer_on_the_line_shown(path):
    notebook = nbformat.read(path, as_version=4)
    solutions = [c for c in notebook.cells if is_solution(c)]
    exercises = [
        c for c in notebook.cells if c.cell_type == "markdown" and "**Exercise " in c.source
    ]
    assert len(solutions) == len(exercises), path.name
    for cell in solutions:
        assert cell.metadata["jupyter"]["source_hidden"] is True, cell.source[:60]
        assert cell.cell_type != "code" or cell.metadata["jupyter"]["outputs_hidden"] is True
        first = cell.source.split("\n", 1)[0]
        assert first == HEADER and "Answer" not in first
    # the committed notebook is already in the form hide_solutions gives (run it on a new one)
    assert hide_solutions(notebook) == notebook


def test_hide_solutions_leaves_other_cells_and_its_input_alone():
    cells = [
        nbformat.v4.new_markdown_cell("**Exercise 1.** Six times seven?"),
        nbformat.v4.new_code_cell("# Answer: 42\nprint(6 * 7)", metadata={"tags": ["solution"]}),
        nbformat.v4.new_markdown_cell("A note", metadata={"tags": ["solution"]}),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    before = copy.deepcopy(notebook)
    hidden = hide_solutions(notebook)
    assert notebook == before  # not changed in place
    assert hidden.cells[0] == before.cells[0]
    assert dict(hidden.cells[2].metadata["jupyter"]) == {"source_hidden": True}
    assert hidden.cells[1].source == f"{HEADER}\n# Answer: 42\nprint(6 * 7)"
    assert hide_solutions(hidden) == hidden
