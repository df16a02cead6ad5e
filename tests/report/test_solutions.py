"""The report's pages fold the exercises' solutions and show widgets as static figures."""

from __future__ import annotations

import re

import nbformat

from microcommerce.report import reproduce as report


def test_solutions_are_folded_and_widgets_are_static(tmp_path, monkeypatch):
    books = tmp_path / "books"
    books.mkdir()
    cells = [
        nbformat.v4.new_markdown_cell("# 01 · a study\n\n**Exercise 1.** Six times seven?"),
        nbformat.v4.new_code_cell("print('open', 6 * 5)"),
        nbformat.v4.new_code_cell("# Answer: 42\nprint('Answer:', 6 * 7)",
                                  metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("from microcommerce.report.explorer import pyramid_explorer\n"
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
