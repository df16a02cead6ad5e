"""An interactive pyramid explorer for JupyterLab: move a parameter, watch the stock pile up.

:func:`pyramid_explorer` returns an ipywidgets app: sliders and pickers for the
parameters that matter to a class (tiers, entry packages by tier, the restock rule,
Bass recruitment, Moments fatigue, the shock's date and strength, the seed), each
with a box where a value can be typed, beside four live charts of the simulated
brand — stock by tier, sales to customers against the brand's shipments, agents
joining and leaving, and the stranded share — with the notice of 2015-02-15 marked.
A "compare with" baseline run stays on the charts as dashed lines, and the
parameters are shown as code a student can paste.

Made for a classroom: the controls come in groups with whole labels and wrap on a
page of 1,280 px; each chart is a figure of its own (tick labels of 10 pt), laid
out two by two where the page is wide and one under the other where it is not;
``presentation=True`` enlarges charts and fonts for a projector.

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

In a static page (the HTML report) the explorer shows its current charts and a
sentence saying that it is interactive in JupyterLab.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import time
from typing import Any

import ipywidgets as widgets
import pandas as pd

from microcommerce.errors import ParameterError
from microcommerce.report import _explorer_charts as charts
from microcommerce.report import _explorer_controls as panel
from microcommerce.report._explorer_charts import NOTICE
from microcommerce.simulation import PyramidParams, SimulationTruth, TruthCache, make_params

__all__ = ["NOTICE", "PyramidExplorer", "explorer_series", "pyramid_explorer"]

_ENTRY_SLIDERS = panel.ENTRY_SLIDERS
_STATIC_NOTE = (
    "This page is static: the pyramid explorer is interactive in JupyterLab — open "
    "the notebook there and run it to move the sliders. Shown: the run of"
)


def explorer_series(run: SimulationTruth) -> pd.DataFrame:
    """Compute the monthly series the explorer charts from a run's truth.

    Parameters
    ----------
    run : SimulationTruth
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


def _rounded(value: float) -> float:
    """Round a slider's float to four significant digits (sliders send 0.30000000000000004)."""
    return float(f"{value:.4g}")


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
        ``seed``. Each slider has a box beside it where a value can be typed
        (``boxes``, by the same names); the two stay in step.
    boxes : dict of str to list of ipywidgets.Widget
        The typed value boxes of the sliders (two for ``restock``).
    presentation : bool
        Whether the explorer is set for a projector: larger charts and fonts.
    params, seed : PyramidParams, int
        What the charts show now.
    run, baseline : SimulationTruth or None
        The current run and the pinned "compare with" run.
    series, baseline_series : pandas.DataFrame or None
        Their :func:`explorer_series`: the data drawn.
    figures : dict of str to matplotlib.figure.Figure
        The four charts, ``stock``, ``flows``, ``agents`` and ``stranded``, each
        shown as its own PNG image.
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

    def __init__(self, params: PyramidParams, seed: int, *, presentation: bool = False) -> None:
        self.params, self.seed, self.presentation = params, seed, presentation
        setting = "presentation" if presentation else "screen"
        self.run: SimulationTruth | None = None
        self.baseline: SimulationTruth | None = None
        self.series: pd.DataFrame | None = None
        self.baseline_series: pd.DataFrame | None = None
        self.code = self.message = ""
        self.timings: dict[str, Any] = {}
        self._cache = TruthCache()
        made = panel.controls(params, seed, setting)
        self.boxes: dict[str, list[widgets.Widget]] = made.pop("_boxes")
        self.controls: dict[str, widgets.Widget] = made
        self.figures, self._artists = charts.figures(setting)
        self._images = {name: _image(figure) for name, figure in self.figures.items()}
        self._code = widgets.HTML()
        self._status = widgets.HTML()
        pin = widgets.Button(
            description="Compare with this run",
            icon="thumb-tack",
            tooltip="keep the current run on the charts as dashed lines",
            layout=widgets.Layout(width="auto"),
        )
        unpin = widgets.Button(
            description="Clear comparison", icon="times", layout=widgets.Layout(width="auto")
        )
        pin.on_click(lambda _: self.pin_baseline())
        unpin.on_click(lambda _: self.clear_baseline())
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        chart_width = charts.SIZES[setting]["width"] * charts.DPI
        pictures = widgets.HBox(  # beside the controls if a chart fits there at full size
            list(self._images.values()),
            layout=widgets.Layout(
                flex_flow="row wrap", flex=f"1 1 {chart_width:.0f}px", min_width="0"
            ),
        )
        body = widgets.HBox(
            [panel.panel({**made, "_boxes": self.boxes}, [pin, unpin], setting), pictures],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start", width="100%"),
        )
        super().__init__([widgets.HTML(panel.STYLE), _caption(), body, self._status, self._code])
        self.add_class("mc-explorer")
        if presentation:
            self.add_class("mc-presentation")
        self._on_change()

    def pin_baseline(self) -> None:
        """Keep the current run on the charts as the dashed "compare with" lines.

        Examples
        --------
        >>> explorer = pyramid_explorer(potential_agents=300, months=12, seed=2)
        >>> explorer.pin_baseline()
        >>> explorer.controls["max_tier"].value = 3
        >>> explorer.baseline.params.max_tier, explorer.run.params.max_tier
        (9, 3)
        """
        self.baseline, self.baseline_series = self.run, self.series
        self._show()

    def clear_baseline(self) -> None:
        """Remove the "compare with" lines.

        Examples
        --------
        >>> explorer = pyramid_explorer(potential_agents=300, months=12, seed=2)
        >>> explorer.pin_baseline()
        >>> explorer.clear_baseline()
        >>> explorer.baseline is None, explorer.baseline_series is None
        (True, True)
        """
        self.baseline = self.baseline_series = None
        self._show()

    def _params_from_controls(self) -> tuple[PyramidParams, int]:
        c = self.controls
        max_tier = int(c["max_tier"].value)
        entry = tuple(_rounded(c[f"entry_tier_{k}"].value) for k in range(_ENTRY_SLIDERS))
        for k in range(_ENTRY_SLIDERS):
            for widget in (c[f"entry_tier_{k}"], *self.boxes[f"entry_tier_{k}"]):
                widget.disabled = k > max_tier
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
        charts.draw(self._artists, self.run, self.series, self.baseline_series, self.params)
        for name, figure in self.figures.items():
            self._images[name].value = charts.png(figure)
        self._code.value = f"<pre>{html.escape(self.code)}</pre>"
        self.timings["draw"] = time.perf_counter() - start

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """Show the widget in JupyterLab, and the static charts in pages without widgets."""
        data = super()._repr_mimebundle_(**kwargs)
        pictures = "".join(
            f'<img src="data:image/png;base64,{base64.b64encode(image.value).decode("ascii")}" '
            f'alt="pyramid explorer: {html.escape(charts.TITLES[name])}" '
            'style="max-width:100%;height:auto">'
            for name, image in self._images.items()
        )
        data["text/html"] = (
            f'<figure style="display:flex;flex-wrap:wrap;gap:8px;margin:0">{pictures}'
            f'<figcaption style="flex-basis:100%">{_STATIC_NOTE} '
            f"<code>{html.escape(self.code)}</code> (simulated).</figcaption></figure>"
        )
        return data


def _image(figure: Any) -> widgets.Image:
    """Make an image widget shown at the chart's own size (shrinking on a narrow page)."""
    width, _ = figure.get_size_inches() * figure.dpi
    return widgets.Image(
        format="png",
        # no side margins: with them a chart shrunk to 100% of its box would overflow it
        layout=widgets.Layout(
            width=f"{width:.0f}px", max_width="100%", height="auto", margin="0 0 6px 0"
        ),
    )


def _caption() -> widgets.HTML:
    """Say what the lines mean, above the charts (not on them)."""
    return widgets.HTML(
        "<b>SIMULATED brand</b> — dashed: the run kept for comparison; dotted: the notice of "
        "2015-02-15; red: the simulated shock, when moved. Stock held counts what agents who "
        "left still hold (the stranded stock)."
    )


def pyramid_explorer(
    params: PyramidParams | None = None,
    *,
    seed: int = 0,
    presentation: bool = False,
    **overrides: Any,
) -> PyramidExplorer:
    """Explore the pyramid simulator live: sliders for its parameters, four charts.

    Parameters
    ----------
    params : PyramidParams, optional
        Where the sliders start (default :class:`~microcommerce.simulation.PyramidParams`:
        a brand of 100,000 potential agents). Parameters without a slider (prices,
        the window, platforms …) keep these values.
    seed : int, default 0
        Seed of the first run (a control changes it).
    presentation : bool, default False
        Set the explorer for a projector: charts of 720 × 440 px with fonts half as
        large again (tick labels of 15 pt), larger labels, boxes and buttons. The
        default suits a laptop screen of 1,280 px and up: two charts side by side
        (500 × 310 px, tick labels of 10 pt) when the page is wide enough.
    **overrides : dict
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
    return PyramidExplorer(make_params(params, **overrides), seed, presentation=presentation)
