"""The pyramid explorer driven as a student would: move sliders, read the charts' data.

Imports the report layer's private ``report._explorer`` to test its machinery.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets
import numpy as np
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter
from matplotlib.backends.backend_agg import FigureCanvasAgg

from microcommerce.report._explorer import NOTICE, explorer_series, pyramid_explorer
from microcommerce.simulation import PyramidParams, simulate_pyramid, simulate_truth

SIZE = {"potential_agents": 2_000, "months": 30}


@pytest.fixture
def explorer():
    return pyramid_explorer(seed=3, **SIZE)


def _lines(explorer):
    """The y data of the charts' lines (each chart's solid lines come first, then dashed)."""
    flows, agents, stranded = (explorer.figures[n].axes[0] for n in ("flows", "agents", "stranded"))
    return {
        "retail": flows.lines[0].get_ydata(),
        "shipped": flows.lines[1].get_ydata(),
        "joined": agents.lines[0].get_ydata(),
        "left": agents.lines[1].get_ydata(),
        "stranded": stranded.lines[0].get_ydata(),
        "base_stranded": stranded.lines[1],
    }


def test_it_is_a_widget_with_the_controls_the_issue_asks_for(explorer):
    assert isinstance(explorer, ipywidgets.Box)
    wanted = {"max_tier", "entry_tier_0", "entry_tier_3", "restock", "innovation", "imitation",
              "fatigue_half_life", "shock", "shock_on", "shock_recruitment", "shock_demand",
              "seed"}  # fmt: skip
    assert wanted <= set(explorer.controls)
    assert explorer.controls["shock"].value == "2015-02-15"


def test_a_slider_move_recomputes_the_run_and_the_charts(explorer):
    explorer.controls["max_tier"].value = 4
    explorer.controls["entry_tier_1"].value = 500.0
    assert explorer.params.max_tier == 4
    assert explorer.params.entry_package_yuan == (40_000.0, 500.0, 3_188.0, 280.0)
    expected = explorer_series(simulate_truth(explorer.params, seed=3))
    pd.testing.assert_frame_equal(explorer.series, expected)
    lines = _lines(explorer)
    np.testing.assert_allclose(lines["retail"], expected["retail_units"] / 1e3)
    np.testing.assert_allclose(lines["shipped"], expected["shipped_units"] / 1e3)
    np.testing.assert_allclose(lines["joined"], expected["joined"])
    np.testing.assert_allclose(lines["left"], expected["left"])
    np.testing.assert_allclose(lines["stranded"], expected["stranded_share"])
    stock = explorer.figures["stock"].axes[0]
    assert len(stock.collections) == 5  # one band a tier, 0–4
    top = stock.collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(expected["channel_units"].max() / 1e3)
    assert explorer.timings["cached"] is False and explorer.timings["total"] > 0


def test_the_code_shown_reproduces_the_run(explorer):
    explorer.controls["imitation"].value = 0.3
    explorer.controls["shock_on"].value = False
    explorer.controls["restock"].value = (2.0, 6.0)
    assert "imitation=0.3" in explorer.code and "shock=None" in explorer.code
    namespace = {"simulate_pyramid": simulate_pyramid, "PyramidParams": PyramidParams}
    pasted = eval(explorer.code, namespace)  # what a student pastes into a cell
    pd.testing.assert_frame_equal(explorer_series(pasted), explorer.series)


def test_a_pinned_run_stays_on_the_charts_for_comparison(explorer):
    before = explorer.series.copy()
    explorer.pin_baseline()
    explorer.controls["shock_recruitment"].value = 0.0
    explorer.controls["shock_demand"].value = 0.0
    lines = _lines(explorer)
    assert lines["base_stranded"].get_visible()
    np.testing.assert_allclose(lines["base_stranded"].get_ydata(), before["stranded_share"])
    assert not np.allclose(lines["stranded"], before["stranded_share"], equal_nan=True)
    pd.testing.assert_frame_equal(explorer.baseline_series, before)
    explorer.clear_baseline()
    assert not _lines(explorer)["base_stranded"].get_visible()


def test_a_setting_seen_before_comes_from_the_cache(explorer):
    first = explorer.series.copy()
    explorer.controls["seed"].value = 4
    assert not explorer.series.equals(first)
    explorer.controls["seed"].value = 3
    assert explorer.timings["cached"] is True
    pd.testing.assert_frame_equal(explorer.series, first)


def test_a_moved_shock_is_marked_beside_the_notice(explorer):
    explorer.controls["shock"].value = "2015-06-15"
    assert explorer.params.shock == "2015-06-15"
    assert explorer.timings["how"] == "resumed from 2015-02"  # the months before: same run
    fresh = explorer_series(simulate_truth(explorer.params, seed=3))
    pd.testing.assert_frame_equal(explorer.series, fresh)
    stranded = explorer.figures["stranded"].axes[0]
    xs = sorted({round(float(line.get_xdata()[0]), 3) for line in stranded.lines[2:]
                 if line.get_visible()})  # fmt: skip
    notice = NOTICE.year + (NOTICE.day_of_year - 1) / 365
    june = 2015 + (pd.Timestamp("2015-06-15").day_of_year - 1) / 365
    assert xs == [round(notice, 3), round(june, 3)]


def test_parameters_that_break_a_rule_are_refused_and_the_charts_kept():
    explorer = pyramid_explorer(tier_markup=0.4, max_tier=2, seed=1, **SIZE)
    shown = explorer.series.copy()
    explorer.controls["max_tier"].value = 9
    assert "deepest tier would pay more than retail_price" in explorer.message
    assert explorer.params.max_tier == 2
    pd.testing.assert_frame_equal(explorer.series, shown)
    explorer.controls["max_tier"].value = 3
    assert explorer.message == "" and explorer.params.max_tier == 3


def test_a_static_page_gets_the_figure_and_a_sentence():
    explorer = pyramid_explorer(potential_agents=300, months=12, seed=1)
    data, _ = DisplayFormatter().format(explorer)
    assert "application/vnd.jupyter.widget-view+json" in data  # JupyterLab shows the widget
    page = data["text/html"]
    assert page.count("data:image/png;base64,") == 4  # the four charts
    assert "interactive in JupyterLab" in page and "simulate_pyramid(PyramidParams(" in page


def test_a_typed_value_moves_the_slider_and_a_drag_shows_in_the_box(explorer):
    [box] = explorer.boxes["entry_tier_1"]
    box.value = 1_234.0  # typed, Enter pressed
    assert explorer.controls["entry_tier_1"].value == 1_234.0
    assert explorer.params.entry_package_yuan[1] == 1_234.0
    explorer.controls["entry_tier_1"].value = 10**3.5  # dragged
    assert box.value == 3_162.0  # four significant digits, not 3162.2776601683795
    low, high = explorer.boxes["restock"]
    high.value = 7.0
    assert explorer.params.cover == 7.0 and explorer.controls["restock"].value[1] == 7.0
    explorer.controls["restock"].value = (2.0, 5.0)  # dragged: both ends at once
    assert (low.value, high.value) == (2.0, 5.0) and explorer.params.cover == 5.0
    explorer.boxes["shock"][0].value = "2015-06-15"
    assert explorer.params.shock == "2015-06-15"


def test_entry_tracks_are_long_enough_for_fine_moves(explorer):
    # 30 px of track may change an entry package by a factor of 2.2 at most
    # (the issue: 30 px moved one from 1,778 to 28 yuan, a factor of 63)
    for k in range(4):
        slider = explorer.controls[f"entry_tier_{k}"]
        track = int(slider.layout.width.removesuffix("px"))
        decades = slider.max - slider.min
        assert track >= 280 and 10 ** (30 * decades / track) <= 2.2


def test_tick_labels_are_readable_and_presentation_is_larger(explorer):
    big = pyramid_explorer(presentation=True, seed=3, **SIZE)
    for shown, least in ((explorer, 10), (big, 15)):
        for name, figure in shown.figures.items():
            ax = figure.axes[0]
            pixels = [t.get_fontsize() * figure.dpi / 72 for t in ax.get_xticklabels()]
            assert min(pixels) >= least * 100 / 72, name  # 10 pt at 100 dpi: 13.9 px
            width = figure.get_size_inches()[0] * figure.dpi
            assert shown._images[name].layout.width == f"{width:.0f}px"  # shown at its size
    assert "mc-presentation" in big._dom_classes and "mc-presentation" not in explorer._dom_classes


def test_every_title_and_tick_label_lies_inside_its_chart(explorer):
    big = pyramid_explorer(presentation=True, seed=3, **SIZE)
    for shown in (explorer, big):
        for name, figure in shown.figures.items():
            renderer = FigureCanvasAgg(figure).get_renderer()
            frame = figure.bbox
            ax = figure.axes[0]
            (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
            ticks = [t for t in ax.get_xticklabels() if x0 <= t.get_position()[0] <= x1]
            ticks += [t for t in ax.get_yticklabels() if y0 <= t.get_position()[1] <= y1]
            texts = [ax.title, ax.get_legend(), *ticks]  # the ticks drawn
            for text in texts:
                if text is None or not text.get_visible() or not getattr(text, "get_text", str)():
                    continue
                box = text.get_window_extent(renderer)
                assert frame.x0 <= box.x0 and box.x1 <= frame.x1 + 0.5, (name, text)
                assert frame.y0 <= box.y0 and box.y1 <= frame.y1 + 0.5, (name, text)
