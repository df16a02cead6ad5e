"""The report layer: notebooks run into an HTML report, and the charts and tables they show.

The public names are re-exported here (``from microcommerce.report import reproduce``),
each loaded on first use so that formatting a table does not load matplotlib, nor drawing
a chart the notebook machinery. The charts are the public module
:mod:`microcommerce.report.plot` (``mc.plot``): a namespace of chart functions, imported as
a whole. The other modules are machinery and may change without notice:

- ``_reproduce``: ``microcommerce reproduce`` — every study notebook executed offline,
  top to bottom in its own state, exported to HTML with an index, and the key-figure
  tables written beside it (:func:`save_table`).
- ``_kernels``: one warm kernel per worker, reset before each notebook; a kernel that dies
  or hangs is replaced and fails only its notebook.
- ``_warm``: the code run inside a warm kernel — the stack imported once, the state of a
  new kernel recorded and put back before each notebook.
- :mod:`~microcommerce.report.plot`: the seaborn theme with an embedded Chinese font and
  the few chart types the notebooks share.
- ``_plot_doc``: the Parameters and Returns sections of those charts, written once.
- ``_tables``: :func:`readable` — a table formatted for reading; long cells clipped in a
  page.
- ``_timeline``: :func:`history_timeline` — events, datings and published series on one
  axis.
- ``_explorer``: :func:`pyramid_explorer` — the simulator as a JupyterLab app.
- ``_explorer_charts``: the explorer's four charts, updated in place.
- ``_explorer_controls``: the explorer's sliders and pickers.
- ``_solutions``: exercises' solutions folded in the report (:func:`hide_solutions`).
- ``_webfont``: Noto Sans SC cut to the characters of a page and embedded in it, and
  :func:`jupyterlab_font`.

The report layer may import every layer below it (io, parse, cleaning, datasets,
analyses, simulation); only the accessor and the command line import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from microcommerce._lazy import lazy_names

if TYPE_CHECKING:
    from microcommerce.report._explorer import PyramidExplorer, explorer_series, pyramid_explorer
    from microcommerce.report._reproduce import (
        NotebookRun,
        notebooks_dir,
        reproduce,
        sample_dir,
        save_table,
        tables_dir,
    )
    from microcommerce.report._solutions import SOLUTION_TAG, hide_solutions
    from microcommerce.report._tables import MONEY_UNITS, readable
    from microcommerce.report._timeline import history_timeline, timeline_notes
    from microcommerce.report._webfont import jupyterlab_font

#: Where each public name lives, loaded on first use: ``name -> module``.
_LAZY: dict[str, str] = {
    "MONEY_UNITS": "microcommerce.report._tables",
    "NotebookRun": "microcommerce.report._reproduce",
    "PyramidExplorer": "microcommerce.report._explorer",
    "SOLUTION_TAG": "microcommerce.report._solutions",
    "explorer_series": "microcommerce.report._explorer",
    "hide_solutions": "microcommerce.report._solutions",
    "history_timeline": "microcommerce.report._timeline",
    "jupyterlab_font": "microcommerce.report._webfont",
    "notebooks_dir": "microcommerce.report._reproduce",
    "pyramid_explorer": "microcommerce.report._explorer",
    "readable": "microcommerce.report._tables",
    "reproduce": "microcommerce.report._reproduce",
    "sample_dir": "microcommerce.report._reproduce",
    "save_table": "microcommerce.report._reproduce",
    "tables_dir": "microcommerce.report._reproduce",
    "timeline_notes": "microcommerce.report._timeline",
}

__all__ = [
    "MONEY_UNITS",
    "SOLUTION_TAG",
    "NotebookRun",
    "PyramidExplorer",
    "explorer_series",
    "hide_solutions",
    "history_timeline",
    "jupyterlab_font",
    "notebooks_dir",
    "pyramid_explorer",
    "readable",
    "reproduce",
    "sample_dir",
    "save_table",
    "tables_dir",
    "timeline_notes",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
