"""The pyramid explorer's controls: sliders with typed value boxes, in groups that wrap.

Each control is a row of its own: a label above (whole, wrapping if long, never cut),
then the slider's track and a box holding its value. The box is where exact values
go: type a number and press Enter, and the slider follows; drag the slider, and the
box follows. Slider tracks are long (280 px, 340 px in the presentation setting) and
entry packages move on a log scale over three decades (100 to 100,000 yuan unless
the starting value lies outside), so 30 px of track changes an entry package by a
factor of two at most. The page's style (an HTML widget holding a ``<style>``) lets
labels wrap and, in the presentation setting, makes every font larger.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets
import pandas as pd

from microcommerce.simulation import PyramidParams

ENTRY_SLIDERS = 4  # tiers 0, 1, 2 and "3 and deeper"
SIZES = (2_000, 5_000, 20_000, 100_000, 200_000)
NOTICE_DAY = "2015-02-15"

#: Track, box and group widths (px) of each setting.
WIDTHS = {
    "screen": {"track": 280, "box": 96, "group": 440},
    "presentation": {"track": 340, "box": 130, "group": 560},
}

HINT = (
    "Drag a slider, or <b>type a value in the box beside it and press Enter</b> — the box "
    "is editable. Entry packages and Bass p move on a log scale; type them for exact values."
)

#: The explorer's style: labels wrap instead of being cut; the presentation setting
#: enlarges every font of the widgets (ipywidgets' own CSS variables) and the labels.
STYLE = """<style>
.mc-explorer .mc-label, .mc-explorer .mc-label .widget-html-content {
  white-space: normal; line-height: 1.25; overflow: visible; font-size: var(--mc-font, 13px);
}
.mc-explorer .widget-html > .widget-html-content { white-space: normal; line-height: 1.35; }
.mc-explorer .widget-readout { overflow: visible; }
.mc-explorer.mc-presentation {
  --jp-widgets-font-size: 18px; --jp-widgets-inline-height: 34px;
  --jp-ui-font-size1: 18px; --jp-content-font-size1: 18px; --mc-font: 18px;
}
.mc-explorer.mc-presentation .widget-html-content, .mc-explorer.mc-presentation button,
.mc-explorer.mc-presentation .jupyter-widget-Collapse-header {
  font-size: 18px;
}
</style>"""


def _shown(value: float) -> float:
    """Round a value as its box shows it, to four significant digits (sliders send 3162.2776…)."""
    return float(f"{value:.4g}")


def shock_options(params: PyramidParams) -> list[str]:
    """Dates a shock can be set to: the 1st and 15th of each simulated month, and the given."""
    months = pd.period_range(params.start, periods=params.months, freq="M").to_timestamp()
    days = [d.strftime("%Y-%m-%d") for m in months for d in (m, m + pd.Timedelta(days=14))]
    shock = pd.Timestamp(params.shock or NOTICE_DAY).strftime("%Y-%m-%d")
    return sorted({*days, shock})


def _paired(slider: widgets.Widget, box: widgets.Widget) -> None:
    """Keep ``box`` showing ``slider``'s value, and move the slider when a value is typed.

    A typed value sets the slider once; the slider's rounded echo does not set it again.
    """

    def to_box(change: dict[str, Any]) -> None:
        box.value = _shown(change["new"]) if isinstance(change["new"], float) else change["new"]

    def to_slider(change: dict[str, Any]) -> None:
        current = slider.value
        if isinstance(current, float) and _shown(current) == change["new"]:
            return
        if current != change["new"]:
            slider.value = change["new"]

    slider.observe(to_box, names="value")
    box.observe(to_slider, names="value")


def _range_boxes(slider: widgets.FloatRangeSlider, boxes: list[widgets.Widget]) -> None:
    """Keep the two boxes of a range slider (low, high) in step with it, both ways."""
    echo = {"busy": False}  # boxes being set from the slider: do not set it back

    def to_boxes(change: dict[str, Any]) -> None:
        echo["busy"] = True
        try:
            for box, value in zip(boxes, change["new"], strict=True):
                box.value = _shown(value)
        finally:
            echo["busy"] = False

    def to_slider(_: dict[str, Any]) -> None:
        wanted = tuple(sorted(b.value for b in boxes))
        if not echo["busy"] and tuple(_shown(v) for v in slider.value) != wanted:
            slider.value = wanted

    slider.observe(to_boxes, names="value")
    for box in boxes:
        box.observe(to_slider, names="value")


def _box(slider: widgets.Widget, width: int) -> widgets.Widget:
    """Make an editable box for ``slider``'s value, bounded as the slider is."""
    layout = widgets.Layout(width=f"{width}px")
    if isinstance(slider, widgets.SelectionSlider):
        box = widgets.Dropdown(options=slider.options, value=slider.value, layout=layout)
        widgets.link((slider, "value"), (box, "value"))
        return box
    if isinstance(slider, widgets.IntSlider):
        box = widgets.BoundedIntText(slider.value, min=slider.min, max=slider.max, layout=layout)
    else:
        log = isinstance(slider, widgets.FloatLogSlider)
        low, high = (10.0**slider.min, 10.0**slider.max) if log else (slider.min, slider.max)
        box = widgets.BoundedFloatText(
            _shown(slider.value), min=low, max=high, step=None, layout=layout
        )
    box.tooltip = "type a value and press Enter"
    _paired(slider, box)
    return box


def _log_range(values: list[float], low: int = 2, high: int = 5) -> tuple[int, int]:
    """Exponents of a log slider's ends: ``low``–``high``, widened to hold every value."""
    exponents = [math.log10(v) for v in values if v > 0]
    return min(low, math.floor(min(exponents))), max(high, math.ceil(max(exponents)))


def controls(params: PyramidParams, seed: int, setting: str = "screen") -> dict[str, Any]:
    """Make the sliders and pickers, set to ``params`` (values are reported on release).

    Returns the controls by name (what the explorer reads) and, under ``"_boxes"``,
    each control's typed value boxes.

    Examples
    --------
    >>> made = controls(PyramidParams(), seed=0)
    >>> made["entry_tier_0"].min, made["entry_tier_0"].max, made["_boxes"]["entry_tier_0"][0].value
    (2.0, 5.0, 40000.0)
    """
    common: dict[str, Any] = {
        "continuous_update": False,
        "readout": False,
        "layout": widgets.Layout(width=f"{WIDTHS[setting]['track']}px"),
    }
    entry = [float(v) for v in params.by_tier("entry_package_yuan")]
    low, high = _log_range(entry)
    made: dict[str, Any] = {
        "potential_agents": widgets.Dropdown(
            options=sorted({*SIZES, params.potential_agents}), value=params.potential_agents
        ),
        "max_tier": widgets.IntSlider(params.max_tier, min=0, max=9, **common),
    }
    for k in range(ENTRY_SLIDERS):
        made[f"entry_tier_{k}"] = widgets.FloatLogSlider(
            entry[min(k, len(entry) - 1)],
            base=10,
            min=low,
            max=high,
            step=0.01,
            disabled=k > params.max_tier,
            **common,
        )
    restock = (float(params.by_tier("reorder_below")[0]), float(params.by_tier("cover")[0]))
    share = float(params.by_tier("restock_min_share")[0])
    p_low, p_high = _log_range([params.innovation], -6, -1)
    made |= {
        "restock": widgets.FloatRangeSlider(value=restock, min=0, max=12, step=0.5, **common),
        "restock_min_share": widgets.FloatSlider(share, min=0, max=2, step=0.05, **common),
        "innovation": widgets.FloatLogSlider(
            params.innovation, base=10, min=p_low, max=p_high, step=0.05, **common
        ),
        "imitation": widgets.FloatSlider(params.imitation, min=0, max=2, step=0.05, **common),
        "fatigue_half_life": widgets.FloatSlider(
            params.fatigue_half_life, min=1, max=36, step=1, **common
        ),
        "shock_on": widgets.Checkbox(
            params.shock is not None, description="policy shock on", indent=False
        ),
        "shock": widgets.SelectionSlider(
            options=shock_options(params),
            value=pd.Timestamp(params.shock or NOTICE_DAY).strftime("%Y-%m-%d"),
            **common,
        ),
        "shock_recruitment": widgets.FloatSlider(
            params.shock_recruitment, min=0, max=1, step=0.05, **common
        ),
        "shock_demand": widgets.FloatSlider(params.shock_demand, min=0, max=1, step=0.05, **common),
        "seed": widgets.BoundedIntText(seed, min=0, max=2**31 - 1, tooltip="type a seed"),
    }
    made["_boxes"] = _boxes(made, WIDTHS[setting]["box"])
    return made


def _boxes(made: dict[str, Any], width: int) -> dict[str, list[widgets.Widget]]:
    """Make the typed value boxes of the sliders (two for the restock range)."""
    boxes: dict[str, list[widgets.Widget]] = {}
    for name, control in made.items():
        if isinstance(control, widgets.FloatRangeSlider):
            pair = [
                widgets.BoundedFloatText(
                    value=v,
                    min=control.min,
                    max=control.max,
                    step=None,
                    layout=widgets.Layout(width=f"{width}px"),
                    tooltip="type a value and press Enter",
                )
                for v in control.value
            ]
            _range_boxes(control, pair)
            boxes[name] = pair
        elif hasattr(control, "readout"):
            boxes[name] = [_box(control, width)]
    return boxes


#: Label of each control, and the groups they are shown in.
LABELS = {
    "potential_agents": "potential agents (size of the brand's market)",
    "max_tier": "deepest tier (0 = the brand's top agents)",
    "entry_tier_0": "entry package, tier 0 (¥)",
    "entry_tier_1": "entry package, tier 1 (¥)",
    "entry_tier_2": "entry package, tier 2 (¥)",
    "entry_tier_3": "entry package, tier 3 and deeper (¥)",
    "restock": "restock when stock falls below … months of sales, up to … months",
    "restock_min_share": "smallest restock ÷ entry package",
    "innovation": "Bass p: joining unprompted (innovation), a month",
    "imitation": "Bass q: joining because others did (imitation)",
    "fatigue_half_life": "Moments fatigue: half-life of friends' buying (months)",
    "shock_on": "",
    "shock": "date of the shock (the notice: 2015-02-15)",
    "shock_recruitment": "fall in recruitment after the shock (share)",
    "shock_demand": "fall in customers' demand after the shock (share)",
    "seed": "seed of the random draws",
}
GROUPS = {
    "Pyramid": ["potential_agents", "max_tier"] + [f"entry_tier_{k}" for k in range(4)],
    "Restocking": ["restock", "restock_min_share"],
    "Recruitment and fatigue": ["innovation", "imitation", "fatigue_half_life"],
    "Shock and seed": ["shock_on", "shock", "shock_recruitment", "shock_demand", "seed"],
}


def _row(name: str, made: dict[str, Any]) -> widgets.Widget:
    """One control: its label above, its slider and value boxes below."""
    parts = [made[name], *made["_boxes"].get(name, [])]
    line = widgets.HBox(parts, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
    if not LABELS[name]:
        return line
    label = widgets.HTML(LABELS[name])
    label.add_class("mc-label")
    return widgets.VBox([label, line], layout=widgets.Layout(margin="0 0 6px 0"))


def panel(made: dict[str, Any], buttons: list[widgets.Widget], setting: str) -> widgets.Widget:
    """Lay out the controls in groups (an accordion), the hint above, the buttons under."""
    accordion = widgets.Accordion(
        children=[widgets.VBox([_row(n, made) for n in names]) for names in GROUPS.values()],
        titles=tuple(GROUPS),
        selected_index=0,
    )
    hint = widgets.HTML(HINT)
    hint.add_class("mc-hint")
    width = f"{WIDTHS[setting]['group']}px"
    return widgets.VBox(
        [hint, accordion, widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap"))],
        layout=widgets.Layout(width=width, max_width="100%", flex="0 0 auto"),
    )
