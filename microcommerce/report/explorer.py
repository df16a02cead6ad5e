"""An interactive pyramid explorer for JupyterLab: move a parameter, watch the stock pile up.

:func:`pyramid_explorer` returns an ipywidgets app: sliders and pickers for the
parameters that matter to a class (tiers, entry packages by tier, the restock rule,
Bass recruitment, Moments fatigue, the shock's date and strength, the seed) beside
four live charts of the simulated brand — stock by tier, sales to customers against
the brand's shipments, agents joining and leaving, and the stranded share — with
the notice of 2015-02-15 marked. A "compare with" baseline run stays on the charts
as dashed lines, and the parameters are shown as code a student can paste.

What a slider move recomputes
-----------------------------
Only what changed. A change of the baseline redraws the charts and runs nothing; a
parameter set seen before comes from a cache; a change of the shock's date or
strength goes on from the month the shock first touches (the months before are the
same run; :class:`~microcommerce.simulation.TruthCache`); any other change runs the
monthly engine alone (:func:`~microcommerce.simulation.simulate_truth`: the truth
and stock by tier, not the order tables, about a sixth of what
:func:`~microcommerce.simulation.simulate_pyramid` costs). The charts' artists are
updated in place instead of building a new figure. Sliders report a value
when released, not while dragged. ``benchmarks/bench_explorer.py`` measures the
response time on a default-size brand.

In a static page (the HTML report) the explorer shows its current figure and a
sentence saying that it is interactive in JupyterLab.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import time
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from microcommerce.errors import ParameterError
from microcommerce.simulation import PyramidParams, SimulationTruth, TruthCache, make_params

__all__ = ["NOTICE", "PyramidExplorer", "explorer_series", "pyramid_explorer"]

#: Tencent's notice against multi-level distribution (event
#: ``wechat_illegal_distribution_notice_2015``), marked on every chart.
NOTICE = pd.Timestamp("2015-02-15")
_ENTRY_SLIDERS = 4  # tiers 0, 1, 2 and "3 and deeper"
_SIZES = (2_000, 5_000, 20_000, 100_000, 200_000)
_STATIC_NOTE = (
    "This page is static: the pyramid explorer is interactive in JupyterLab — open "
    "the notebook there and run it to move the sliders. Shown: the run of"
)


def explorer_series(run: SimulationTruth) -> pd.DataFrame:
    """Compute the monthly series the explorer charts from a run's truth.

    Parameters
    ----------
    run
        What :func:`~microcommerce.simulation.simulate_truth` returns (or a
        :class:`~microcommerce.simulation.Simulation`).

    Returns
    -------
    pandas.DataFrame
        One row a month: ``period`` (month end), ``retail_units`` (sold to
        customers), ``shipped_units`` (brand to top agents), ``joined``, ``left``,
        ``active_agents``, ``channel_units`` (all stock in agents' hands),
        ``stuck_units`` (held by agents who left) and ``stranded_share``
        (``stuck_units ÷ channel_units``; missing while the channel is empty).

    Examples
    --------
    >>> from microcommerce.simulation import simulate_truth
    >>> series = explorer_series(simulate_truth(potential_agents=300, months=12, seed=1))
    >>> bool(series["stranded_share"].between(0, 1).all())
    True
    """
    truth = run.truth
    columns = [
        "period",
        "retail_units",
        "shipped_units",
        "joined",
        "left",
        "active_agents",
        "channel_units",
        "stuck_units",
    ]
    out = truth[columns].copy()
    channel = truth["channel_units"].where(truth["channel_units"] > 0)
    out["stranded_share"] = truth["stuck_units"] / channel
    return out


def _years(dates: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Dates as decimal years (a numeric axis: cheaper to draw than a date axis)."""
    d = pd.DatetimeIndex(dates)
    length = np.where(d.is_leap_year, 366.0, 365.0)
    return d.year.to_numpy() + (d.day_of_year.to_numpy() - 1) / length


def _rounded(value: float) -> float:
    """Round a slider's float to four significant digits (sliders send 0.30000000000000004)."""
    return float(f"{value:.4g}")


def _shock_options(params: PyramidParams) -> list[str]:
    """Dates a shock can be set to: the 1st and 15th of each simulated month, and the given."""
    months = pd.period_range(params.start, periods=params.months, freq="M").to_timestamp()
    days = [d.strftime("%Y-%m-%d") for m in months for d in (m, m + pd.Timedelta(days=14))]
    shock = pd.Timestamp(params.shock or NOTICE).strftime("%Y-%m-%d")
    return sorted({*days, shock})


def _as_code(params: PyramidParams, seed: int) -> str:
    """Write the call that gives this run, with the fields that differ from the defaults."""
    default = PyramidParams()
    changed = [
        f"{f.name}={getattr(params, f.name)!r}"
        for f in dataclasses.fields(params)
        if getattr(params, f.name) != getattr(default, f.name)
    ]
    inner = ", ".join(changed)
    call = f"simulate_pyramid(PyramidParams({inner}), seed={seed})"
    if len(call) <= 96:
        return call
    body = "".join(f"    {c},\n" for c in changed)
    return f"simulate_pyramid(\n  PyramidParams(\n{body}  ),\n  seed={seed},\n)"


class PyramidExplorer(widgets.VBox):
    """The widget :func:`pyramid_explorer` returns (see its docstring).

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The sliders and pickers by name: ``potential_agents``, ``max_tier``,
        ``entry_tier_0`` … ``entry_tier_3`` (yuan; the last holds for the deeper
        tiers), ``restock`` (reorder below / up to, months of sales),
        ``restock_min_share``, ``innovation``, ``imitation``, ``fatigue_half_life``,
        ``shock_on``, ``shock`` (a date), ``shock_recruitment``, ``shock_demand``,
        ``seed``.
    params, seed
        What the charts show now.
    run, baseline : SimulationTruth or None
        The current run and the pinned "compare with" run.
    series, baseline_series : pandas.DataFrame or None
        Their :func:`explorer_series`: the data drawn.
    figure : matplotlib.figure.Figure
        The charts (shown as a PNG image in the widget).
    code : str
        ``simulate_pyramid(PyramidParams(...), seed=...)`` for the current run.
    message : str
        Why the last change was refused (parameters that break a rule of
        :class:`~microcommerce.simulation.PyramidParams`), or empty; the charts then
        keep the last valid run.
    timings : dict
        Seconds of the last response: ``simulate``, ``draw``, ``total``, and
        whether the run came from the cache (``cached``), and ``how`` it was
        obtained (``"cached"``, ``"resumed from YYYY-MM"``, ``"simulated"``: see
        :class:`~microcommerce.simulation.TruthCache`).
    """

    def __init__(self, params: PyramidParams, seed: int) -> None:
        self.params, self.seed = params, seed
        self.run: SimulationTruth | None = None
        self.baseline: SimulationTruth | None = None
        self.series: pd.DataFrame | None = None
        self.baseline_series: pd.DataFrame | None = None
        self.code = self.message = ""
        self.timings: dict[str, Any] = {}
        self._cache = TruthCache()
        self.controls = _controls(params, seed)
        self.figure, self._artists = _figure()
        self._image = widgets.Image(format="png", layout=widgets.Layout(width="760px"))
        self._code = widgets.HTML()
        self._status = widgets.HTML()
        pin = widgets.Button(
            description="Compare with this run",
            icon="thumb-tack",
            tooltip="keep the current run on the charts as dashed lines",
        )
        unpin = widgets.Button(description="Clear comparison", icon="times")
        pin.on_click(lambda _: self.pin_baseline())
        unpin.on_click(lambda _: self.clear_baseline())
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        super().__init__(
            [
                widgets.HBox([_panel(self.controls, pin, unpin), self._image]),
                self._status,
                self._code,
            ]
        )
        self._on_change()

    def pin_baseline(self) -> None:
        """Keep the current run on the charts as the dashed "compare with" lines."""
        self.baseline, self.baseline_series = self.run, self.series
        self._show()

    def clear_baseline(self) -> None:
        """Remove the "compare with" lines."""
        self.baseline = self.baseline_series = None
        self._show()

    def _params_from_controls(self) -> tuple[PyramidParams, int]:
        c = self.controls
        max_tier = int(c["max_tier"].value)
        entry = tuple(_rounded(c[f"entry_tier_{k}"].value) for k in range(_ENTRY_SLIDERS))
        for k in range(_ENTRY_SLIDERS):
            c[f"entry_tier_{k}"].disabled = k > max_tier
        reorder_below, cover = (_rounded(v) for v in c["restock"].value)
        values = {
            "potential_agents": int(c["potential_agents"].value),
            "max_tier": max_tier,
            "entry_package_yuan": entry[: max_tier + 1],
            "reorder_below": reorder_below,
            "cover": cover,
            "restock_min_share": _rounded(c["restock_min_share"].value),
            "innovation": _rounded(c["innovation"].value),
            "imitation": _rounded(c["imitation"].value),
            "fatigue_half_life": _rounded(c["fatigue_half_life"].value),
            "shock": c["shock"].value if c["shock_on"].value else None,
            "shock_recruitment": _rounded(c["shock_recruitment"].value),
            "shock_demand": _rounded(c["shock_demand"].value),
        }
        return make_params(self.params, **values), int(c["seed"].value)

    def _on_change(self, change: Any = None) -> None:
        start = time.perf_counter()
        try:
            params, seed = self._params_from_controls()
        except ParameterError as exc:
            self.message = str(exc)
            self._status.value = f"<span style='color:#c44e52'>{html.escape(self.message)}</span>"
            return
        self.message = ""
        self.run, how = self._cache.get(params, seed)
        self.params, self.seed = params, seed
        self.series = explorer_series(self.run)
        self.code = _as_code(params, seed)
        simulated = time.perf_counter() - start
        self._show()
        self.timings = {
            "simulate": simulated,
            "draw": self.timings["draw"],
            "total": time.perf_counter() - start,
            "cached": how == "cached",
            "how": how,
        }
        self._status.value = (
            f"<small>{how} in "
            f"{simulated * 1000:.0f} ms, drawn in "
            f"{self.timings['draw'] * 1000:.0f} ms — SIMULATED data</small>"
        )

    def _show(self) -> None:
        start = time.perf_counter()
        _draw(self.figure, self._artists, self.run, self.baseline_series, self.params)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
        self._image.value = buffer.getvalue()
        self._code.value = f"<pre>{html.escape(self.code)}</pre>"
        self.timings["draw"] = time.perf_counter() - start

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """Show the widget in JupyterLab, and a static figure in pages without widgets."""
        data = super()._repr_mimebundle_(**kwargs)
        picture = base64.b64encode(self._image.value).decode("ascii")
        data["text/html"] = (
            f'<figure><img src="data:image/png;base64,{picture}" alt="pyramid explorer charts">'
            f"<figcaption>{_STATIC_NOTE} <code>{html.escape(self.code)}</code> (simulated)."
            "</figcaption></figure>"
        )
        return data


def pyramid_explorer(
    params: PyramidParams | None = None, *, seed: int = 0, **overrides: Any
) -> PyramidExplorer:
    """Explore the pyramid simulator live: sliders for its parameters, four charts.

    Parameters
    ----------
    params
        Where the sliders start (default :class:`~microcommerce.simulation.PyramidParams`:
        a brand of 100,000 potential agents). Parameters without a slider (prices,
        the window, platforms …) keep these values.
    seed
        Seed of the first run (a control changes it).
    **overrides
        Fields of :class:`~microcommerce.simulation.PyramidParams` to change first,
        as in ``pyramid_explorer(potential_agents=20_000)``.

    Returns
    -------
    PyramidExplorer
        An ipywidgets box: display it in JupyterLab (the last line of a cell). Its
        ``controls`` can also be set from code; ``series``, ``figure`` and ``code``
        follow.

    Raises
    ------
    ParameterError
        Invalid starting parameters.

    Examples
    --------
    >>> explorer = pyramid_explorer(potential_agents=300, months=12, seed=2)
    >>> explorer.controls["max_tier"].value = 3
    >>> explorer.code
    'simulate_pyramid(PyramidParams(potential_agents=300, months=12, max_tier=3), seed=2)'
    >>> int(explorer.series["joined"].sum()) > 0
    True
    """
    return PyramidExplorer(make_params(params, **overrides), seed)


def _controls(params: PyramidParams, seed: int) -> dict[str, widgets.Widget]:
    """Make the sliders and pickers, set to ``params`` (values are reported on release)."""
    style = {"description_width": "150px"}
    layout = widgets.Layout(width="330px")
    common: dict[str, Any] = {"continuous_update": False, "style": style, "layout": layout}
    entry = params.by_tier("entry_package_yuan")
    sizes = sorted({*_SIZES, params.potential_agents})
    controls: dict[str, widgets.Widget] = {
        "potential_agents": widgets.Dropdown(
            options=sizes,
            value=params.potential_agents,
            description="potential agents",
            style=style,
            layout=layout,
        ),
        "max_tier": widgets.IntSlider(
            params.max_tier, min=0, max=9, description="deepest tier", **common
        ),
    }
    for k in range(_ENTRY_SLIDERS):
        label = f"entry, tier {k}{'+' if k == _ENTRY_SLIDERS - 1 else ''} (¥)"
        value = float(entry[min(k, len(entry) - 1)])
        controls[f"entry_tier_{k}"] = widgets.FloatLogSlider(
            value,
            base=10,
            min=1,
            max=6,
            step=0.05,
            description=label,
            readout_format=",.0f",
            disabled=k > params.max_tier,
            **common,
        )
    restock = (float(params.by_tier("reorder_below")[0]), float(params.by_tier("cover")[0]))
    controls |= {
        "restock": widgets.FloatRangeSlider(
            value=restock,
            min=0,
            max=12,
            step=0.5,
            description="restock below / up to (months)",
            **common,
        ),
        "restock_min_share": widgets.FloatSlider(
            float(params.by_tier("restock_min_share")[0]),
            min=0,
            max=2,
            step=0.05,
            description="min restock ÷ entry",
            **common,
        ),
        "innovation": widgets.FloatLogSlider(
            params.innovation,
            base=10,
            min=-6,
            max=-1,
            step=0.1,
            description="Bass p (innovation)",
            readout_format=".1e",
            **common,
        ),
        "imitation": widgets.FloatSlider(
            params.imitation, min=0, max=2, step=0.05, description="Bass q (imitation)", **common
        ),
        "fatigue_half_life": widgets.FloatSlider(
            params.fatigue_half_life,
            min=1,
            max=36,
            step=1,
            description="fatigue half-life (mo)",
            **common,
        ),
        "shock_on": widgets.Checkbox(
            params.shock is not None, description="policy shock", style=style, layout=layout
        ),
        "shock": widgets.SelectionSlider(
            options=_shock_options(params),
            value=pd.Timestamp(params.shock or NOTICE).strftime("%Y-%m-%d"),
            description="shock date",
            **common,
        ),
        "shock_recruitment": widgets.FloatSlider(
            params.shock_recruitment,
            min=0,
            max=1,
            step=0.05,
            description="fall in recruitment",
            **common,
        ),
        "shock_demand": widgets.FloatSlider(
            params.shock_demand, min=0, max=1, step=0.05, description="fall in demand", **common
        ),
        "seed": widgets.BoundedIntText(
            seed, min=0, max=2**31 - 1, description="seed", style=style, layout=layout
        ),
    }
    return controls


def _panel(controls: dict[str, widgets.Widget], *buttons: widgets.Button) -> widgets.Widget:
    """Lay out the controls in groups, the comparison buttons under them."""
    groups = {
        "Pyramid": ["potential_agents", "max_tier"] + [f"entry_tier_{k}" for k in range(4)],
        "Restocking": ["restock", "restock_min_share"],
        "Recruitment and fatigue": ["innovation", "imitation", "fatigue_half_life"],
        "Shock and seed": ["shock_on", "shock", "shock_recruitment", "shock_demand", "seed"],
    }
    accordion = widgets.Accordion(
        children=[widgets.VBox([controls[n] for n in names]) for names in groups.values()],
        titles=tuple(groups),
        selected_index=0,
    )
    return widgets.VBox([accordion, widgets.HBox(list(buttons))])


def _figure() -> tuple[Figure, dict[str, Any]]:
    """Make the four charts with their lines (filled in by :func:`_draw`)."""
    figure = Figure(figsize=(10.5, 6.4), dpi=72)
    figure.subplots_adjust(left=0.07, right=0.98, top=0.93, bottom=0.07, hspace=0.3, wspace=0.18)
    axes = figure.subplots(2, 2, sharex=True)
    stock, flows, agents, stranded = axes.flat
    nothing: list[float] = []
    art: dict[str, Any] = {"axes": axes, "fills": [], "tiers": -1}
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
    stock.set_title("Stock held, by tier (thousand boxes, incl. agents who left)", fontsize=10)
    flows.set_title("Boxes a month (thousands)", fontsize=10)
    agents.set_title("Agents joining and leaving a month", fontsize=10)
    stranded.set_title("Stranded share: stock of agents who left ÷ all stock", fontsize=10)
    stranded.set_ylim(0, 1)
    notice = _years([NOTICE])[0]
    art["shock"] = []
    for ax in axes.flat:
        ax.axvline(notice, color="0.35", linestyle=":", lw=1.2)
        art["shock"].append(
            ax.axvline(notice, color="#c44e52", linestyle="--", lw=1, visible=False)
        )
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_formatter("{x:.0f}")
    for ax in (flows, agents, stranded):
        ax.legend(fontsize=7, loc="upper right")
    stock.text(
        notice,
        0.02,
        " notice 2015-02-15",
        transform=stock.get_xaxis_transform(),
        fontsize=7,
        color="0.35",
        va="bottom",
    )
    figure.suptitle(
        "SIMULATED brand — dashed: the run kept for comparison; dotted: the notice of 2015-02-15; "
        "red: the simulated shock, when moved",
        fontsize=9,
    )
    return figure, art


def _draw(
    figure: Figure,
    art: dict[str, Any],
    run: SimulationTruth | None,
    baseline: pd.DataFrame | None,
    params: PyramidParams,
) -> None:
    """Put ``run`` (and the ``baseline`` series) into the charts' artists, in place."""
    if run is None:
        return
    series = explorer_series(run)
    stock_ax = art["axes"].flat[0]
    x = _years(series["period"])
    by_tier = run.stock_by_tier.pivot_table(
        index="seller_tier", columns="period", values="stock", aggfunc="sum", observed=True
    )
    tiers = len(by_tier)
    top = np.vstack([np.zeros(len(x)), np.cumsum(by_tier.to_numpy(np.float64), axis=0)]) / 1e3
    if tiers != art["tiers"]:  # the number of bands changed: new bands and legend
        for fill in art["fills"]:
            fill.remove()
        colours = [f"C{k % 10}" for k in range(tiers)]
        art["fills"] = [
            stock_ax.fill_between(x, top[k], top[k + 1], color=colours[k], lw=0, label=f"tier {k}")
            for k in range(tiers)
        ]
        stock_ax.legend(fontsize=6, loc="upper left", ncols=6, handlelength=1, columnspacing=0.8)
        art["tiers"] = tiers
    else:
        for k, fill in enumerate(art["fills"]):
            fill.set_data(x, top[k], top[k + 1])
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
            line.set_data(_years(baseline["period"]), baseline[column] / scale)
    art["base_stock"].set_visible(baseline is not None)
    if baseline is not None:
        art["base_stock"].set_data(_years(baseline["period"]), baseline["channel_units"] / 1e3)
    shock = _years([pd.Timestamp(params.shock)])[0] if params.shock is not None else None
    for line in art["shock"]:
        line.set_visible(shock is not None and pd.Timestamp(params.shock) != NOTICE)
        if shock is not None:
            line.set_xdata([shock, shock])
    for ax in art["axes"].flat[1:3]:
        ax.relim(visible_only=True)
        ax.autoscale_view()
    highest = top[-1].max()
    if baseline is not None:
        highest = max(highest, float(baseline["channel_units"].max()) / 1e3)
    stock_ax.set_ylim(0, max(highest, 1e-3) * 1.3)  # room for the legend
    first, last = np.floor(x.min()), np.ceil(x.max() + 1e-9)
    stock_ax.set_xlim(first, last)
    stock_ax.set_xticks(np.arange(first, last + 1))
