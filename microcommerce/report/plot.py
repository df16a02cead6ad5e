"""Charts that show Chinese text on any machine, and the few chart types the studies use.

:func:`set_theme` registers Noto Sans SC — shipped by the ``pylopdf-fonts-zh-cn``
package (SIL Open Font License), so nothing depends on the fonts a machine happens
to have — and applies a seaborn theme with it. Without the font package it falls
back to the default font with **one** clear warning (Chinese labels would then
print as boxes).

A public module, not a private one behind :mod:`microcommerce.report`: the chart helpers
are a namespace (``mc.plot.published_ranges``, ``from microcommerce.report import plot``),
and loading it loads matplotlib and seaborn, which the rest of the report does not need.

Helpers, each drawing on an axes and returning it:

- :func:`timeline` — dated events on a line, labelled.
- :func:`tier_pyramid_chart` — agents (or stock) by tier as a horizontal pyramid.
- :func:`stacked_by_tier` — a stacked area over time by tier.
- :func:`published_ranges` — published figures with their low–high ranges and bounds,
  each named in words (producer · year · measure), one unit at a time.
- :func:`published_series` — published figures over the years, one line per producer and
  definition, the changes of definition marked and never joined across.
- :func:`fit_with_interval` — observations, a fitted curve and its interval band,
  with any change of measure marked.

And two axis helpers for pandas' and matplotlib's own charts:

- :func:`month_axis` — months on a date axis, the year under the first month and
  under every January (never a lone "Jul").
- :func:`plain_log_axis` — a log axis labelled 20, 50, 100, 200 rather than 2×10¹.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> font = set_theme()
>>> font
'Noto Sans SC'
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Mapping, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager, ticker
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.transforms import offset_copy

from microcommerce.errors import MixedUnitsError
from microcommerce.report._plot_doc import chart_doc

__all__ = [
    "CJK_FONT",
    "fit_with_interval",
    "month_axis",
    "plain_log_axis",
    "published_ranges",
    "published_series",
    "set_theme",
    "stacked_by_tier",
    "tier_pyramid_chart",
    "timeline",
]

#: The font family :func:`set_theme` uses for Chinese text.
CJK_FONT = "Noto Sans SC"
_registered: list[str] = []


def _register_font() -> str | None:
    if _registered:
        return _registered[0]
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    font_manager.fontManager.addfont(str(pylopdf_fonts_zh_cn.sans_path()))
    _registered.append(CJK_FONT)
    return CJK_FONT


@chart_doc
def set_theme(style: str = "whitegrid", context: str = "notebook") -> str:
    """Apply a seaborn theme whose font shows Chinese; return the font family used.

    Call it once at the top of a notebook (again after any ``sns.set_theme``: that
    resets the font). Minus signs are drawn as hyphens, which every font has.

    {set_theme}

    Examples
    --------
    >>> set_theme(style="ticks")
    'Noto Sans SC'
    """
    font = _register_font()
    if font is None:
        warnings.warn(
            "microcommerce.report.plot: the font package pylopdf-fonts-zh-cn is not installed, so "
            "Chinese labels will show as boxes; install it with `pip install "
            "pylopdf-fonts-zh-cn` (it comes with microcommerce)",
            UserWarning,
            stacklevel=2,
        )
        sns.set_theme(style=style, context=context)
        return plt.rcParams["font.family"][0]
    sns.set_theme(style=style, context=context, font=font)
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["figure.dpi"] = 110
    return font


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else plt.subplots(figsize=size)[1]


@chart_doc
def timeline(
    events: pd.DataFrame,
    *,
    date: str = "date",
    label: str = "event",
    group: str | None = None,
    ax: Axes | None = None,
    width: int = 60,
) -> Axes:
    """Events as points on a time line, labels staggered so they do not overlap.

    Labels longer than ``width`` characters are shortened at a word, ending in "…".

    {timeline}

    Examples
    --------
    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2011-01-21", "2013-08-05"]),
    ...                    "event": ["微信上线", "微信支付上线"]})
    >>> timeline(ev).get_xlabel()
    '日期 (date)'
    """
    ax = _axes(ax, (11, 0.45 * len(events) + 1.5))
    rows = events.sort_values(date).reset_index(drop=True)
    levels = np.arange(len(rows))[::-1]
    colors = None
    if group is not None:
        palette = dict(
            zip(
                rows[group].unique(), sns.color_palette(n_colors=rows[group].nunique()), strict=True
            )
        )
        colors = rows[group].map(palette).tolist()
    ax.scatter(rows[date], levels, c=colors, zorder=3)
    ax.hlines(levels, rows[date].min(), rows[date], color="0.85", zorder=1)
    middle = rows[date].min() + (rows[date].max() - rows[date].min()) / 2
    for y, (when, text) in zip(levels, zip(rows[date], rows[label], strict=True), strict=True):
        right = when <= middle  # labels of later events go to the left of their point
        short = textwrap.shorten(str(text), width, placeholder=" …")
        ax.annotate(
            short,
            (when, y),
            xytext=(6 if right else -6, 0),
            ha="left" if right else "right",
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks([])
    ax.set_xlabel("日期 (date)")
    if group is not None:
        for name, color in palette.items():
            ax.scatter([], [], color=color, label=str(name))
        ax.legend(loc="upper right", fontsize=8, title=group)
    return ax


@chart_doc
def tier_pyramid_chart(
    counts: pd.DataFrame,
    *,
    tier: str = "tier",
    value: str = "agents",
    ax: Axes | None = None,
    xlabel: str = "代理人数 (agents)",
) -> Axes:
    """Bars by tier, the top tier (0, 总代) at the top: the shape of the pyramid.

    {tier_pyramid_chart}

    Examples
    --------
    >>> tier_pyramid_chart(pd.DataFrame({"tier": [0, 1, 2], "agents": [5, 40, 300]})).get_ylabel()
    '层级 (tier, 0 = 总代)'
    """
    ax = _axes(ax, (7, 4.5))
    rows = counts.sort_values(tier)
    values = rows[value].to_numpy(dtype=float)
    ax.barh(rows[tier].astype(str), values, color=sns.color_palette("crest", len(rows)))
    ax.invert_yaxis()
    ax.set_ylabel("层级 (tier, 0 = 总代)")
    ax.set_xlabel(xlabel)
    return ax


@chart_doc
def stacked_by_tier(
    frame: pd.DataFrame,
    *,
    period: str = "period",
    tier: str = "seller_tier",
    value: str = "stock",
    ax: Axes | None = None,
    ylabel: str = "库存 (boxes)",
) -> Axes:
    """Draw a stacked area over time, one band per tier (top tier at the bottom).

    {stacked_by_tier}

    Examples
    --------
    >>> df = pd.DataFrame({"period": pd.to_datetime(["2014-01-31"] * 2 + ["2014-02-28"] * 2),
    ...                    "seller_tier": [0, 1, 0, 1], "stock": [10, 5, 8, 9]})
    >>> stacked_by_tier(df).get_ylabel()
    '库存 (boxes)'
    """
    ax = _axes(ax, (10, 4.5))
    wide = frame.pivot_table(
        index=period, columns=tier, values=value, aggfunc="sum", observed=True
    ).fillna(0)
    colors = sns.color_palette("viridis", wide.shape[1])
    ax.stackplot(
        wide.index, wide.T.to_numpy(), labels=[f"{c}" for c in wide.columns], colors=colors
    )
    ax.legend(title="层级 tier", ncol=2, fontsize=8, loc="upper left")
    month_axis(ax)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    return ax


def _words(rows: pd.DataFrame) -> pd.Series | None:
    """Name each figure in words — producer · year · measure — from the columns there are."""
    parts = []
    for column in ("producer_key", "producer"):
        if column in rows:
            parts.append(rows[column].astype("str").str.split(" ").str[0])
            break
    for column in ("period", "year"):  # a period (2015-08) says more than its year
        if column in rows:
            parts.append(rows[column].astype("str"))
            break
    if "metric" in rows:
        measure = rows["metric"].astype("str").str.replace("_", " ")
        if "entity" in rows:
            measure = measure + " (" + rows["entity"].astype("str").str.replace("_", " ") + ")"
        parts.append(measure)
    if len(parts) < 2:
        return None
    words = parts[0]
    for part in parts[1:]:
        words = words + " · " + part
    if "basis" in rows:  # a forecast or a target is said so; an outcome needs no word
        basis = rows["basis"].astype("str")
        words = words + basis.where(basis == "actual", " [" + basis + "]").replace("actual", "")
    return words


def _legend_below(ax: Axes, handles: list, texts: list[str]) -> Legend:
    """Put the legend under the axis: a long list of series never hides a point."""
    return ax.legend(
        handles,
        texts,
        fontsize=8,
        loc="upper center",
        ncols=2 if len(texts) > 3 else 1,
        bbox_to_anchor=(0.5, 0),
        bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-40, units="points"),
    )


def _colours(rows: pd.DataFrame, colour: str | None) -> tuple[list, dict[str, tuple]]:
    """Each row's colour and the legend of colours, by ``colour`` (or metric, else basis)."""
    if colour is None:
        if "metric" in rows and rows["metric"].astype("str").unique().size > 1:
            colour = "metric"
        elif "basis" in rows:
            colour = "basis"
    if colour is None:
        return ["C0"] * len(rows), {}
    names = rows[colour].astype("str")
    found = list(dict.fromkeys(names))
    palette = dict(zip(found, sns.color_palette("colorblind", len(found)), strict=True))
    return names.map(palette).tolist(), {f"{colour}: {name}": palette[name] for name in found}


def published_ranges(
    figures: pd.DataFrame,
    *,
    label: str | None = None,
    value: str = "value",
    low: str = "value_low",
    high: str = "value_high",
    scale: float = 1.0,
    unit: str = "",
    ax: Axes | None = None,
    colour: str | None = None,
    mixed_units: bool = False,
) -> Axes:
    """Draw published figures as what they are: points, ranges or bounds, named in words.

    A range is a bar from low to high with its midpoint; a figure given as a bound is an
    open triangle pointing the way the truth lies — ``▷`` for "over X" (超过, 以上; no upper
    bound), ``◁`` for "under X" (近, 不到; no lower bound) — so "more than 30 million" and
    "nearly 30 million" are never drawn as exact points. The bound is read from a
    ``qualifier`` column when there is one, else from which of ``low``/``high`` is missing.

    Each figure is named in words — producer, year, measure (``isc · 2015 · practitioner
    count (weishang industry)``, with ``[forecast]`` or another basis when it is not an
    outcome) — from the ``producer_key`` (or ``producer``), ``year``
    (or ``period``), ``metric`` and ``entity`` columns there are; cite the row ids in the
    text under the chart. Points are coloured by measure when several are drawn, else by
    ``basis`` (actual, forecast …).

    Parameters
    ----------
    figures : DataFrame
        One row per figure, with ``value``, ``low`` and ``high`` columns.
    label : str, optional
        A column naming each figure; default the words above, else ``fact_id``.
    value, low, high : str
        The columns to use.
    scale : float, default 1.0
        Divide the values by it (1e8 for 亿).
    unit : str
        The x-axis label.
    ax : Axes, optional
        Where to draw.
    colour : str, optional
        The column whose values colour the points; default ``metric`` when it holds
        several measures, else ``basis``.
    mixed_units : bool, default False
        Draw figures of several ``unit`` values on one axis. By default they are refused:
        persons, yuan and percent shares on one axis invite reading one as the other.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    MixedUnitsError
        ``figures`` has a ``unit`` column with several units and ``mixed_units`` is False.

    Examples
    --------
    >>> f = pd.DataFrame({"fact_id": ["a", "b", "c"], "value": [1.0, 2.0, 3.0],
    ...                   "value_low": [np.nan, 1.5, 3.0], "value_high": [np.nan, 3.0, np.nan],
    ...                   "qualifier": ["exact", "range", "over"]})
    >>> ax = published_ranges(f)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a', 'b', 'c']
    >>> sorted(t.get_text() for t in ax.get_legend().get_texts())
    ['low–high', 'over: at least this', 'published value']
    >>> f = f.assign(producer_key=["isc", "cecc", "isc"], year=[2015, 2015, 2016],
    ...              metric="practitioner_count", basis=["actual", "actual", "forecast"])
    >>> ax = published_ranges(f)
    >>> [t.get_text() for t in ax.get_yticklabels()][2]
    'isc · 2016 · practitioner count [forecast]'
    >>> [t.get_text() for t in ax.get_legend().get_texts()][-2:]
    ['basis: actual', 'basis: forecast']
    >>> published_ranges(f.assign(unit=["persons", "persons", "percent"]))
    Traceback (most recent call last):
    ...
    microcommerce.errors.MixedUnitsError: published_ranges: the figures are in 2 units ...
    """
    _refuse_mixed_units(figures, "published_ranges", mixed_units)
    ax = _axes(ax, (9, 0.42 * len(figures) + 1.5))
    rows = figures.reset_index(drop=True)
    names = rows[label] if label is not None else _words(rows)
    if names is None:
        names = rows["fact_id"] if "fact_id" in rows else pd.Series(rows.index, dtype="str")
    colours, legend = _colours(rows, colour)
    y = np.arange(len(rows))
    mid = rows[value].to_numpy(dtype=float) / scale
    lo = rows[low].fillna(rows[value]).to_numpy(dtype=float) / scale
    hi = rows[high].fillna(rows[value]).to_numpy(dtype=float) / scale
    if "qualifier" in rows:
        qualifier = rows["qualifier"].astype(str).to_numpy()
    else:
        qualifier = np.where(
            rows[high].isna() & rows[low].notna(),
            "over",
            np.where(rows[low].isna() & rows[high].notna(), "under", "exact"),
        )
    over, under = qualifier == "over", qualifier == "under"
    point = ~(over | under)
    ranged = point & (hi > lo)
    if ranged.any():
        ax.hlines(
            y[ranged], lo[ranged], hi[ranged], color="0.6", linewidth=4, alpha=0.6, label="low–high"
        )
    picked = np.asarray(colours, dtype=object)
    if point.any():
        ax.scatter(mid[point], y[point], c=list(picked[point]), zorder=3, label="published value")
    for mask, marker, text in (
        (over, ">", "over: at least this"),
        (under, "<", "under: at most this"),
    ):
        if mask.any():
            ax.scatter(
                mid[mask],
                y[mask],
                marker=marker,
                s=80,
                facecolors="none",
                edgecolors=list(picked[mask]),
                linewidths=1.5,
                zorder=3,
                label=text,
            )
    for text, colour_of in legend.items():
        ax.scatter([], [], color=colour_of, marker="s", label=f"_{text}")
    ax.set_yticks(y, names.astype(str))
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    handles, texts = ax.get_legend_handles_labels()
    swatches = [c for c in ax.collections if c.get_label().lstrip("_") in legend]
    shown = _legend_below(ax, [*handles, *swatches], [*texts, *legend])
    for handle, text in zip(shown.legend_handles, texts, strict=False):
        if text != "low–high" and legend:  # shapes in grey: the colours have entries of their own
            handle.set_edgecolor("0.3")
            if text == "published value":
                handle.set_facecolor("0.3")
    return ax


def _refuse_mixed_units(figures: pd.DataFrame, who: str, mixed_units: bool) -> None:
    if "unit" not in figures or mixed_units:
        return
    counts = figures["unit"].astype("str").value_counts(sort=False).sort_index()
    if len(counts) > 1:
        raise MixedUnitsError(
            who,
            counts.sort_values(ascending=False, kind="stable").to_dict(),
            option="figures of one unit (filter on 'unit'), or mixed_units=True to draw "
            "them on one axis anyway",
        )


def _points(
    ax: Axes, xs: np.ndarray, ys: np.ndarray, shapes: np.ndarray, hollow: np.ndarray, colour: str
) -> None:
    """Scatter points by shape, forecasts (``hollow``) white inside."""
    for shape in np.unique(shapes):
        for empty in (False, True):
            pick = (shapes == shape) & (hollow == empty)
            if pick.any():
                face = "white" if empty else colour
                ax.scatter(xs[pick], ys[pick], marker=shape, s=45, zorder=3, facecolors=face,
                           edgecolors=colour)  # fmt: skip


def published_series(
    figures: pd.DataFrame,
    *,
    x: str = "year",
    value: str = "value",
    by: Sequence[str] = ("entity", "metric", "producer_key"),
    definition: str | None = "entity",
    scale: float = 1.0,
    unit: str = "",
    ax: Axes | None = None,
    mixed_units: bool = False,
) -> Axes:
    """Draw published figures over the years, one line per producer and definition, never joined.

    A line joins only figures that share every ``by`` column — one producer measuring one
    thing. Where ``definition`` changes (微商 → 社交电商 → 直播电商: a new entity is
    measured), a dotted vertical line marks the first year of the new one, so a reader
    sees the break rather than a line across it. Forecasts are hollow; a bound is a
    triangle pointing the way the truth lies (``^`` over, ``v`` under).

    Parameters
    ----------
    figures : DataFrame
        Rows of ``facts`` or of :func:`microcommerce.analyses.compare_sources`,
        with ``x``, ``value``, the ``by`` columns and, if present, ``basis``,
        ``qualifier`` and ``unit``.
    x, value : str
        The columns of the year and of the figure.
    by : sequence of str
        The columns that together name one series (those absent are ignored).
    definition : str or None
        The column whose changes are marked as breaks; None marks none.
    scale : float
        Divide the values by it (1e8 for 亿).
    unit : str
        The y-axis label.
    ax : Axes, optional
        Where to draw.
    mixed_units : bool
        Draw figures of several units on one axis (refused by default).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2015, 2016, 2017, 2018],
    ...                   "value": [1.8e11, 3.6e11, 6.8e11, 1.2e12],
    ...                   "entity": ["weishang", "weishang", "social", "social"],
    ...                   "metric": "transaction_volume", "producer_key": "isc",
    ...                   "basis": ["actual", "actual", "forecast", "actual"]})
    >>> ax = published_series(f, scale=1e8)
    >>> [len(line.get_xdata()) for line in ax.lines]  # two series and one break
    [2, 2, 2]
    >>> ax.lines[-1].get_xdata(), ax.get_legend().get_texts()[-1].get_text()
    ([2016.5, 2016.5], 'from 2017: social')
    """
    _refuse_mixed_units(figures, "published_series", mixed_units)
    ax = _axes(ax, (10, 5))
    keys = [c for c in by if c in figures]
    rows = figures.sort_values(x, kind="stable").reset_index(drop=True)
    name = pd.Series("published", index=rows.index, dtype="str")
    for number, key in enumerate(keys):
        part = rows[key].astype("str").str.replace("_", " ")
        name = part if number == 0 else name + " · " + part
    basis = (
        rows["basis"].astype("str") if "basis" in rows else pd.Series("actual", index=rows.index)
    )
    qualifier = (
        rows["qualifier"].astype("str") if "qualifier" in rows else pd.Series("", index=rows.index)
    )
    marker = qualifier.map({"over": "^", "under": "v"}).fillna("o")
    forecast = basis == "forecast"
    for number, (series, group) in enumerate(rows.groupby(name, sort=False)):
        colour = f"C{number % 10}"
        xs, ys = group[x].to_numpy(dtype=float), group[value].to_numpy(dtype=float) / scale
        ax.plot(xs, ys, color=colour, label=series)
        _points(
            ax, xs, ys, marker[group.index].to_numpy(), forecast[group.index].to_numpy(), colour
        )
    if definition is not None and definition in rows:
        first = rows.groupby(rows[definition].astype("str"), sort=False)[x].min().sort_values()
        for entity, year in first.iloc[1:].items():
            ax.axvline(float(year) - 0.5, color="0.4", linestyle=":",
                       label=f"from {year}: {entity.replace('_', ' ')}")  # fmt: skip
    ax.set_ylabel(unit)
    ax.set_xlabel(x)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    _legend_below(ax, *ax.get_legend_handles_labels())
    return ax


@chart_doc
def fit_with_interval(
    observed: pd.Series,
    prediction: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str = "fit",
    ylabel: str = "",
    columns: Sequence[str] = ("mean", "low", "high"),
    breaks: Mapping[float, str] | None = None,
) -> Axes:
    """Observations as points, a fitted or forecast line, and its interval as a band.

    ``prediction`` is indexed like ``observed`` (extended into the future) with the
    mean and interval columns named in ``columns`` — what
    :meth:`microcommerce.analyses.timeseries.CurveFit.predict` and
    :func:`microcommerce.analyses.timeseries.forecast` return. Each of ``breaks``
    (an x position and what changed there, say ``{2016.5: "2017: 微商 → 社交电商"}``)
    is drawn as a dotted vertical line named in the legend: a fit across a change of
    measure should show it.

    {fit_with_interval}

    Examples
    --------
    >>> obs = pd.Series([1.0, 2.0, 3.0], index=[2015, 2016, 2017])
    >>> pred = pd.DataFrame({"mean": [1, 2, 3, 4.0], "low": [0, 1, 2, 2.5],
    ...                      "high": [2, 3, 4, 5.5]}, index=[2015, 2016, 2017, 2018])
    >>> len(fit_with_interval(obs, pred).lines)
    2
    >>> ax = fit_with_interval(obs, pred, breaks={2016.5: "new measure"})
    >>> ax.lines[-1].get_xdata(), ax.get_legend().get_texts()[-1].get_text()
    ([2016.5, 2016.5], 'new measure')
    """
    ax = _axes(ax, (9, 4.5))
    mean, low, high = columns
    ax.fill_between(
        prediction.index, prediction[low], prediction[high], alpha=0.2, label=f"{label}: interval"
    )
    ax.plot(prediction.index, prediction[mean], label=label)
    ax.plot(observed.index, observed.to_numpy(), "o", color="black", label="observed")
    for where, what in (breaks or {}).items():
        ax.axvline(where, color="0.4", linestyle=":", label=what)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return ax


def month_axis(ax: Axes, *, axis: str = "x") -> Axes:
    r"""Label a date axis by month, with the year under the first month and every January.

    For axes in matplotlib's date units: those of ``ax.plot`` with dates, and of
    pandas' ``DataFrame.plot`` when called with ``x_compat=True`` (without it pandas
    uses its own period units and labels). Labels are set upright and centred, as
    the year goes on a line of its own.

    Parameters
    ----------
    ax : Axes
        The axes; changed in place and returned.
    axis : {"x", "y"}, default "x"
        ``"x"`` or ``"y"``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(pd.date_range("2013-07-01", "2014-06-30", freq="MS"), range(12))
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in month_axis(ax).get_xticklabels()][:3]
    ['Jul\n2013', 'Sep', 'Nov']
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()][3]
    'Jan\n2014'
    """

    def label(value: float, position: int | None) -> str:
        when = mdates.num2date(value)
        return when.strftime("%b\n%Y" if position == 0 or when.month == 1 else "%b")

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    target.set_major_formatter(ticker.FuncFormatter(label))
    for text in target.get_ticklabels(which="both"):  # undo pandas' slanted date labels
        text.set(rotation=0, horizontalalignment="center")
    return ax


def plain_log_axis(ax: Axes, *, axis: str = "y") -> Axes:
    """Label a log axis with plain numbers at 1, 2 and 5 of each power of ten.

    Matplotlib labels a log axis ``2×10¹``; a reader wants ``20``. Numbers of a
    thousand and more get thousands separators; minor ticks are not labelled.

    Parameters
    ----------
    ax : Axes
        The axes, already on a log scale; changed in place and returned.
    axis : {"x", "y"}, default "y"
        ``"x"`` or ``"y"``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.semilogy([1, 2, 3], [15, 60, 240])
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in plain_log_axis(ax).get_yticklabels() if t.get_text()]
    ['10', '20', '50', '100', '200', '500']
    """
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    target.set_major_formatter(
        ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    )
    target.set_minor_formatter(ticker.NullFormatter())
    return ax
