"""The exercises: enough of them in every study, and every solution prints the answer it states.

Imports the report layer's private ``report._reproduce``, ``report._solutions`` to test its
machinery.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from microcommerce.report import _reproduce as report
from microcommerce.report._solutions import HEADER

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
#: At least two exercises in each teaching notebook, one in each other study.
AT_LEAST = {"01_history_timeline": 2, "04_category_inventory": 2, "06_pyramid_simulator": 2}
#: The answer a solution states: the line under its header (the header alone shows collapsed).
_STATED = re.compile(rf"\A{re.escape(HEADER)}\n# (Answer: .+)$", re.M)
_OUTPUT = re.compile(r'data-mime-type="text/plain"[^>]*>\s*<pre>(.*?)</pre>', re.S)


def _solutions(name: str) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("name", [name for name, _ in report.NOTEBOOKS])
def test_each_exercise_is_followed_by_a_solution_that_states_its_answer(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    cells = nb.cells
    exercises = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and c.source.startswith("**Exercise ")
    ]
    assert len(exercises) >= AT_LEAST.get(name, 1), name
    for i in exercises:
        answer = cells[i + 1]
        assert "solution" in answer.metadata.get("tags", []), (name, cells[i].source[:40])
        assert answer.cell_type == "code" and _STATED.match(answer.source), answer.source[:60]
    assert len(_solutions(name)) == len(exercises)


def test_the_studies_hold_at_least_six_exercises():
    assert sum(len(_solutions(name)) for name, _ in report.NOTEBOOKS) >= 6


def test_every_solution_runs_folded_and_prints_the_answer_it_states(full_report):
    _, runs = full_report
    for run in runs:
        page = run.html.read_text(encoding="utf-8")
        folded = re.findall(r'<details class="mc-solution">(.*?)</details>', page, flags=re.S)
        solutions = _solutions(run.name)
        assert len(folded) == len(solutions), run.name
        for cell, block in zip(solutions, folded, strict=True):
            stated = _STATED.match(cell.source).group(1)
            printed = "\n".join(html.unescape(text) for text in _OUTPUT.findall(block))
            assert stated in printed.splitlines(), (run.name, stated, printed[-300:])


def test_the_lesson_plan_cites_cells_that_exist():
    plan = (NOTEBOOKS / "LESSON_PLAN.md").read_text(encoding="utf-8")
    cited = [(n, " ".join(text.split())) for n, text in re.findall(r"\[(\d\d) › ([^\]]+)\]", plan)]
    assert len(cited) >= 10
    names = {name[:2]: name for name, _ in report.NOTEBOOKS}
    for number, text in cited:
        nb = nbformat.read(NOTEBOOKS / f"{names[number]}.ipynb", as_version=4)
        markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
        headings = {
            line.lstrip("#").strip()
            for s in markdown
            for line in s.splitlines()
            if line.startswith("#")
        }
        leads = {m.group(1) for s in markdown if (m := re.match(r"\*\*(.+?)\*\*", s))}
        assert text in headings | leads, (number, text)
