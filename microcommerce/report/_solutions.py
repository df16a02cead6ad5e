"""Exercise solutions hidden where students work: collapsed in JupyterLab, folded in the report.

A solution is a cell tagged ``solution`` (the cell after each ``**Exercise …**``).
:func:`hide_solutions` makes every such cell open collapsed in JupyterLab (cell
metadata ``jupyter.source_hidden``, and ``jupyter.outputs_hidden`` for code) and
starts it with :data:`HEADER`, so the one line JupyterLab shows of a collapsed cell
says what is inside rather than giving the answer away; the ``# Answer: …`` line
comes under it. The report folds the same cells (the ``solutions`` page template).
"""

from __future__ import annotations

import copy

import nbformat

__all__ = ["HEADER", "SOLUTION_TAG", "hide_solutions", "is_solution"]

#: The tag that marks a solution cell.
SOLUTION_TAG = "solution"
#: The first line of every solution: all a collapsed cell shows.
HEADER = "# Solution — expand to see"


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """Tell whether ``cell`` is an exercise's solution (tagged :data:`SOLUTION_TAG`).

    Examples
    --------
    >>> is_solution(nbformat.v4.new_code_cell("x", metadata={"tags": ["solution"]}))
    True
    """
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def hide_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    r"""Return a copy of ``notebook`` whose solutions open collapsed, the answer off the first line.

    Parameters
    ----------
    notebook : NotebookNode
        A notebook (nbformat 4); it is not changed.

    Returns
    -------
    nbformat.NotebookNode
        The copy: every cell tagged ``solution`` gets ``jupyter.source_hidden`` (and
        ``jupyter.outputs_hidden`` for a code cell) and starts with ``HEADER``.
        Other cells are as they were; applying it twice changes nothing more.

    Examples
    --------
    >>> source = "\n".join(["# Answer: 42", "print(6 * 7)"])
    >>> cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["solution"]})
    >>> [hidden] = hide_solutions(nbformat.v4.new_notebook(cells=[cell])).cells
    >>> hidden.source.splitlines()
    ['# Solution — expand to see', '# Answer: 42', 'print(6 * 7)']
    >>> dict(hidden.metadata["jupyter"])
    {'source_hidden': True, 'outputs_hidden': True}
    """
    out = copy.deepcopy(notebook)
    for cell in out.cells:
        if not is_solution(cell):
            continue
        hidden = {"source_hidden": True}
        if cell.cell_type == "code":
            hidden["outputs_hidden"] = True
        cell.metadata["jupyter"] = {**cell.metadata.get("jupyter", {}), **hidden}
        if cell.source.split("\n", 1)[0] != HEADER:
            cell.source = f"{HEADER}\n{cell.source}"
    return out
