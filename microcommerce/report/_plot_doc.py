"""The Parameters and Returns sections of the chart helpers of :mod:`microcommerce.report.plot`.

Every chart helper draws on an axes it is given (or a new figure's) and returns it, so
the ``ax`` entry and the Returns section are the same text in each; they are written
once here. So are the sections of the charts whose docstrings would otherwise take
``plot.py`` past the project's 700 lines a module. ``fill_doc``
(``core/_docstrings.py``) puts each block into its chart's docstring at import, where a
line holds only its placeholder (the chart's name: ``{timeline}``), so ``help()``, the
doctests and the API reference all see the whole text.

Examples
--------
>>> print(AX.splitlines()[0])
ax : Axes, optional
"""

from __future__ import annotations

from microcommerce.core._docstrings import fill_doc

__all__ = ["AX", "DRAWN", "chart_doc"]

#: ``ax`` of every chart helper (numpydoc entry).
AX = """\
ax : Axes, optional
    The axes to draw on; by default a new figure's, sized for the chart."""

#: The Returns section of every chart helper.
DRAWN = """\
Returns
-------
Axes
    The axes drawn on (``ax``, or the new figure's: ``.figure`` saves it)."""


def _sections(parameters: str) -> str:
    """Make a Parameters section of ``parameters`` (``{ax}`` put in), then :data:`DRAWN`."""
    return "Parameters\n----------\n" + parameters.replace("{ax}", AX) + "\n\n" + DRAWN


_TIMELINE = _sections("""\
events : DataFrame
    One row per event, with its date and what happened (the ``events``
    dataset, or rows of it).
date : str, default "date"
    The column of the events' dates.
label : str, default "event"
    The column of the labels written beside the points.
group : str, optional
    A column whose values colour the points, named in a legend (the event's
    kind or platform); none by default.
{ax}
width : int, default 60
    Labels longer than this many characters are shortened at a word.""")

_TIER_PYRAMID = _sections("""\
counts : DataFrame
    One row per tier, as :func:`~microcommerce.analyses.tier_pyramid` returns.
tier : str, default "tier"
    The column of the tiers (0 for the brand's top tier).
value : str, default "agents"
    The column of the bars' lengths (agents, or units of stock).
{ax}
xlabel : str, default "代理人数 (agents)"
    The label of the bars' axis.""")

_STACKED = _sections("""\
frame : DataFrame
    A long table, one row per period and tier, as
    :func:`~microcommerce.analyses.channel_inventory` returns with
    ``by="seller_tier"``; values of the same period and tier are added up, a
    missing tier counts as zero.
period : str, default "period"
    The column of the periods (dates), the x axis.
tier : str, default "seller_tier"
    The column of the tiers, one band each.
value : str, default "stock"
    The column of the values stacked.
{ax}
ylabel : str, default "库存 (boxes)"
    The label of the y axis.""")

_FIT = _sections("""\
observed : Series
    The data the model was fitted to, drawn as points.
prediction : DataFrame
    The model's mean and interval over the data and beyond, on the same
    index as ``observed`` (extended).
{ax}
label : str, default "fit"
    The model's name in the legend (of its line and of its band).
ylabel : str, default ""
    The label of the y axis.
columns : sequence of str, default ("mean", "low", "high")
    The columns of ``prediction`` holding the mean and the interval's bounds.
breaks : mapping of float to str, optional
    x position → what changed there, each drawn as a dotted vertical line.""")

_THEME = """\
Parameters
----------
style : str, default "whitegrid"
    A seaborn style (``"whitegrid"``, ``"ticks"``, ``"white"`` …).
context : str, default "notebook"
    A seaborn context, which scales the fonts and lines (``"paper"``,
    ``"notebook"``, ``"talk"``, ``"poster"``).

Returns
-------
str
    The font family now used: ``CJK_FONT`` (Noto Sans SC), or
    matplotlib's default when the font package is missing (with a warning)."""

#: Put the sections of each chart into its docstring (the placeholder names the chart).
chart_doc = fill_doc(
    timeline=_TIMELINE,
    tier_pyramid_chart=_TIER_PYRAMID,
    stacked_by_tier=_STACKED,
    fit_with_interval=_FIT,
    set_theme=_THEME,
)
