"""The pyramid explorer's four charts: separate figures, sized for a screen or a projector.

Each chart is its own :class:`~matplotlib.figure.Figure`, shown as its own image,
so the explorer's page can lay them out two by two on a wide screen and one under
the other on a narrow one, and no overall title sits on top of a chart. Two sizes:
``"screen"`` (500 × 310 px, tick labels of 10 pt, about 14 px) and
``"presentation"`` (720 × 440 px, every font half as large again, for a
projector). The lines are made once and updated in place by :func:`draw`.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from microcommerce.simulation import PyramidParams, SimulationTruth

#: Tencent's notice against multi-level distribution (event
#: ``wechat_illegal_distribution_notice_2015``), marked on every chart.
NOTICE = pd.Timestamp("2015-02-15")

#: The charts in the order they are shown, with their titles.
TITLES = {
    "stock": "Stock held by tier (thousand boxes)",
    "flows": "Boxes a month (thousands)",
    "agents": "Agents joining and leaving a month",
    "stranded": "Stranded share: leavers' stock ÷ all stock",
}

#: Figure size (inches at 100 dpi) and font sizes (points) of each setting.
SIZES: dict[str, dict[str, float]] = {
    "screen": {"width": 5.0, "height": 3.1, "ticks": 10, "title": 11, "legend": 9},
    "presentation": {"width": 7.2, "height": 4.4, "ticks": 15, "title": 16, "legend": 13},
}
DPI = 100


def years(dates: pd.Series | pd.DatetimeIndex | list[pd.Timestamp]) -> np.ndarray:
    """Dates as decimal years (a numeric axis: cheaper to draw than a date axis)."""
    d = pd.DatetimeIndex(dates)
    length = np.where(d.is_leap_year, 366.0, 365.0)
    return d.year.to_numpy() + (d.day_of_year.to_numpy() - 1) / length


def figures(setting: str = "screen") -> tuple[dict[str, Figure], dict[str, Any]]:
    """Make the four charts with their (empty) lines, filled in by :func:`draw`.

    Examples
    --------
    >>> charts, art = figures()
    >>> list(charts), charts["stock"].get_size_inches().tolist()
    (['stock', 'flows', 'agents', 'stranded'], [5.0, 3.1])
    """
    size = SIZES[setting]
    charts: dict[str, Figure] = {}
    axes: dict[str, Any] = {}
    for name, title in TITLES.items():
        figure = Figure(figsize=(size["width"], size["height"]), dpi=DPI)
        scale = size["ticks"] / 10  # margins (inches) grow with the fonts
        figure.subplots_adjust(
            left=0.62 * scale / size["width"],
            right=1 - 0.32 * scale / size["width"],
            bottom=0.34 * scale / size["height"],
            top=1 - 0.34 * scale / size["height"],
        )
        ax = figure.add_subplot()
        ax.set_title(title, fontsize=size["title"], loc="left")
        ax.tick_params(labelsize=size["ticks"])
        ax.xaxis.set_major_formatter("{x:.0f}")
        charts[name], axes[name] = figure, ax
    art: dict[str, Any] = {"axes": axes, "fills": [], "tiers": -1, "legend": size["legend"]}
    _lines(art, axes)
    axes["stranded"].set_ylim(0, 1)
    notice = years([NOTICE])[0]
    art["shock"] = []
    for ax in axes.values():
        ax.axvline(notice, color="0.35", linestyle=":", lw=1.2)
        art["shock"].append(
            ax.axvline(notice, color="#c44e52", linestyle="--", lw=1, visible=False)
        )
    for name in ("flows", "agents", "stranded"):
        axes[name].legend(fontsize=size["legend"], loc="upper right")
    axes["stock"].text(
        notice,
        0.02,
        " notice 2015-02-15",
        transform=axes["stock"].get_xaxis_transform(),
        fontsize=size["legend"],
        color="0.35",
        va="bottom",
    )
    return charts, art


def _lines(art: dict[str, Any], axes: dict[str, Any]) -> None:
    """Add the solid (this run) and dashed (compare) lines to the charts."""
    nothing: list[float] = []
    stock, flows, agents, stranded = (axes[n] for n in TITLES)
    art["base_stock"] = stock.plot(nothing, nothing, "k--", lw=1.2, label="compare: total")[0]
    art["retail"] = flows.plot(nothing, nothing, color="C0", label="sold to customers")[0]
    art["shipped"] = flows.plot(nothing, nothing, color="C1", label="shipped by the brand")[0]
    art["base_retail"] = flows.plot(nothing, nothing, "--", color="C0", lw=1)[0]
    art["base_shipped"] = flows.plot(nothing, nothing, "--", color="C1", lw=1)[0]
    art["joined"] = agents.plot(nothing, nothing, color="C2", label="joining")[0]
    art["left"] = agents.plot(nothing, nothing, color="C3", label="leaving")[0]
    art["base_joined"] = agents.plot(nothing, nothing, "--", color="C2", lw=1)[0]
    art["base_left"] = agents.plot(nothing, nothing, "--", color="C3", lw=1)[0]
    art["stranded"] = stranded.plot(nothing, nothing, color="C4", label="this run")[0]
    art["base_stranded"] = stranded.plot(nothing, nothing, "k--", lw=1, label="compare")[0]


def png(figure: Figure) -> bytes:
    """Render one chart as PNG (fast compression: the image is sent at once)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def draw(
    art: dict[str, Any],
    run: SimulationTruth | None,
    series: pd.DataFrame | None,
    baseline: pd.DataFrame | None,
    params: PyramidParams,
) -> None:
    """Put ``run`` (its ``series``) and the ``baseline`` series into the charts, in place."""
    if run is None or series is None:
        return
    axes = art["axes"]
    x = years(series["period"])
    top = _stock_bands(art, run, x)
    art["retail"].set_data(x, series["retail_units"] / 1e3)
    art["shipped"].set_data(x, series["shipped_units"] / 1e3)
    art["joined"].set_data(x, series["joined"])
    art["left"].set_data(x, series["left"])
    art["stranded"].set_data(x, series["stranded_share"])
    pairs = {
        "base_retail": "retail_units",
        "base_shipped": "shipped_units",
        "base_joined": "joined",
        "base_left": "left",
        "base_stranded": "stranded_share",
    }
    for name, column in pairs.items():
        scale = 1e3 if column.endswith("units") else 1.0
        line = art[name]
        line.set_visible(baseline is not None)
        if baseline is not None:
            line.set_data(years(baseline["period"]), baseline[column] / scale)
    art["base_stock"].set_visible(baseline is not None)
    if baseline is not None:
        art["base_stock"].set_data(years(baseline["period"]), baseline["channel_units"] / 1e3)
    shock = years([pd.Timestamp(params.shock)])[0] if params.shock is not None else None
    for line in art["shock"]:
        line.set_visible(shock is not None and pd.Timestamp(params.shock) != NOTICE)
        if shock is not None:
            line.set_xdata([shock, shock])
    for name in ("flows", "agents"):
        axes[name].relim(visible_only=True)
        axes[name].autoscale_view()
    highest = top[-1].max()
    if baseline is not None:
        highest = max(highest, float(baseline["channel_units"].max()) / 1e3)
    axes["stock"].set_ylim(0, max(highest, 1e-3) * 1.35)  # room for the legend
    first, last = np.floor(x.min()), np.ceil(x.max() + 1e-9)
    for ax in axes.values():
        ax.set_xlim(first, last)
        ax.set_xticks(np.arange(first, last + 1))


def _stock_bands(art: dict[str, Any], run: SimulationTruth, x: np.ndarray) -> np.ndarray:
    """Draw the stock by tier as stacked bands; return the bands' edges (thousand boxes)."""
    stock_ax = art["axes"]["stock"]
    by_tier = run.stock_by_tier.pivot_table(
        index="seller_tier", columns="period", values="stock", aggfunc="sum", observed=True
    )
    tiers = len(by_tier)
    top = np.vstack([np.zeros(len(x)), np.cumsum(by_tier.to_numpy(np.float64), axis=0)]) / 1e3
    if tiers != art["tiers"]:  # the number of bands changed: new bands and legend
        for fill in art["fills"]:
            fill.remove()
        art["fills"] = [
            stock_ax.fill_between(
                x, top[k], top[k + 1], color=f"C{k % 10}", lw=0, label=f"tier {k}"
            )
            for k in range(tiers)
        ]
        stock_ax.legend(
            fontsize=art["legend"] - 1,
            loc="upper left",
            ncols=5,
            handlelength=1,
            columnspacing=0.8,
        )
        art["tiers"] = tiers
    else:
        for k, fill in enumerate(art["fills"]):
            fill.set_data(x, top[k], top[k + 1])
    return top
