"""Rich displays: each result object's card and short text, on hand-made objects.

The cards are checked for their exact key numbers and sections, for escaping of
hostile text (a header, a reason or a title carrying markup), and for staying short
as text: a result on the last line of a cell never prints its frames.

Imports the core layer's private ``core._display`` to test its machinery.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from microcommerce.cleaning import CleanReport, CleanResult
from microcommerce.core._display import card, frame, frame_shape, pairs, plain, section, text
from microcommerce.datasets import ColumnMeta, DatasetMeta, describe

HOSTILE = "<script>alert('x')</script>&\"'"


def _report(**changes) -> CleanReport:
    base = dict(
        table="orders",
        source="a.csv",
        encoding="gb18030",
        rows_in=1_000_000,
        rows_clean=981_000,
        rows_rejected=18_368,
        duplicates_removed=632,
        duplicates=pd.DataFrame({"row": [5], "same_as": [4]}),
        rejected_by_reason={"date: not a date": 18_000, "amount: negative": 368},
        header_row=1,
        header_mapping={"订单号": "order_id", "金额": "amount"},
        unmapped_columns=["备注"],
        units_seen={},
        derived={"unit_price = amount ÷ quantity": 7, "kind from buyer_tier": 0},
        layout="youzan",
        layout_name="有赞 orders",
        lines="line_amounts",
    )
    return CleanReport(**{**base, **changes})


def _result(report: CleanReport) -> CleanResult:
    clean = pd.DataFrame({"order_id": [f"WS{i:08d}" for i in range(30)], "amount": 1.5})
    rejected = pd.DataFrame({"row": [3], "column": ["date"], "reason": ["date: not a date"]})
    return CleanResult(clean=clean, rejected=rejected, report=report)


def _visible(html: str) -> str:
    """The text a reader sees: tags and the style block removed, entities kept."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html, flags=re.S))


def test_clean_result_text_is_short_and_names_its_frames():
    text_form = repr(_result(_report()))
    assert text_form.splitlines() == [
        "<CleanResult orders: 1,000,000 rows in, 981,000 clean, 18,368 rejected, 632 duplicates>",
        "  .clean: 30 rows × 2 columns",
        "  .rejected: 1 row × 3 columns",
        "  top reason: 18,000 × date: not a date",
        "  top reason: 368 × amount: negative",
    ]
    assert "WS00000000" not in text_form  # no frame printed


def test_clean_result_card_shows_counts_reasons_layout_and_frames():
    html = _result(_report())._repr_html_()
    seen = " ".join(_visible(html).split())
    for expected in (
        "CleanResult · orders",
        "rows in 1,000,000",
        "clean 981,000",
        "rejected 18,368",
        "duplicates 632",
        "rejection reasons 2 reasons",
        "18,000 date: not a date 368 amount: negative",
        "layout youzan — 有赞 orders",
        "line model line_amounts",
        "订单号 order_id 金额 amount",
        "ignored: 备注",
        "unit_price = amount ÷ quantity 7 rows",
        ".clean 30 rows × 2 columns",
        ".rejected 1 row × 3 columns",
        "… 22 more rows",
    ):
        assert expected in seen, expected
    assert "kind from buyer_tier" not in seen  # derived 0 times: not shown
    assert (
        html.count("<details open") == 2
        and html.count("<details") == 6
        and html.count("<style>") == 1
    )
    assert "<script" not in html


def test_clean_report_text_and_card():
    report = _report(rejected_by_reason={})
    assert repr(report) == (
        "<CleanReport orders: 1,000,000 rows in, 981,000 clean, 18,368 rejected, 632 duplicates>"
    )
    seen = " ".join(_visible(report._repr_html_()).split())
    assert "CleanReport · orders" in seen and "rejection reasons" not in seen


def test_hostile_text_is_escaped_everywhere():
    report = _report(
        source=HOSTILE,
        rejected_by_reason={HOSTILE: 1},
        header_mapping={HOSTILE: "order_id"},
        layout_name=HOSTILE,
    )
    result = CleanResult(
        clean=pd.DataFrame({HOSTILE: [HOSTILE]}, index=pd.Index([HOSTILE], name=HOSTILE)),
        rejected=pd.DataFrame({"reason": [HOSTILE]}),
        report=report,
    )
    html = result._repr_html_()
    assert "<script" not in html and "alert(" in html
    assert "&lt;script&gt;" in html
    meta = DatasetMeta(
        name=HOSTILE,
        title=HOSTILE,
        description=HOSTILE,
        producers=(HOSTILE,),
        license=HOSTILE,
        terms=HOSTILE,
        accessed="2026",
        key="k",
        columns={"k": ColumnMeta(name="k", dtype="str", description=HOSTILE, unit=HOSTILE)},
        source=HOSTILE,
        address=HOSTILE,
    )
    assert "<script" not in meta._repr_html_()
    assert "<script" not in card(
        HOSTILE, [(HOSTILE, HOSTILE)], [section(HOSTILE, "", note=HOSTILE)]
    )


def test_the_pieces():
    assert frame_shape(pd.DataFrame({"a": [1], "b": [2]})) == "1 row × 2 columns"
    assert frame_shape(pd.Series(range(12_345))) == "12,345 rows × 1 column"
    html = frame(pd.DataFrame({"a": range(20)}), rows=3)
    assert html.count("<tr>") == 4 and "… 17 more rows" in html
    assert (
        pairs([("a", "<b>")])
        == '<table class="mc-pairs"><tbody><tr><td>a</td><td>&lt;b&gt;</td></tr></tbody></table>'
    )
    assert text("x\ny") == '<div class="mc-text">x\ny</div>'
    assert plain("T", [("a", 1)], ["b"]) == "<T a=1>\n  b"


def test_dataset_meta_text_has_real_lines_and_no_quotes():
    meta = describe("facts")
    text_form = repr(meta)
    assert "\\n" not in text_form and "\\'" not in text_form
    lines = text_form.splitlines()
    assert lines[0] == "<DatasetMeta facts>"
    assert lines[1] == f"  title: {meta.title}"
    assert lines[-1].startswith(f"  columns ({len(meta.columns)}): fact_id, topic,")
    assert len(lines) == 6


def test_dataset_meta_card_has_title_producers_licence_and_columns():
    meta = describe("facts")
    html = meta._repr_html_()
    seen = " ".join(_visible(html).split())
    assert f"DatasetMeta · facts — {meta.title}" in seen
    assert f"producers {len(meta.producers)}" in seen
    assert "licence and terms license MIT" in seen
    assert f"columns {len(meta.columns)}" in seen  # a fact
    # the columns table: one row per column, with its dtype
    assert html.count("<tr>") >= len(meta.columns) + 1
    assert "value_low" in seen and "float64" in seen


def test_simulation_text_and_card():
    from microcommerce.simulation import PyramidParams, simulate_pyramid

    sim = simulate_pyramid(PyramidParams(potential_agents=100, months=6), seed=9)
    lines = repr(sim).splitlines()
    assert lines[0] == (
        f"<Simulation seed=9 months=6 agents={len(sim.sellers):,} order rows={len(sim.orders):,}>"
    )
    assert lines[1] == f"  orders: {len(sim.orders):,} rows × {sim.orders.shape[1]} columns"
    assert lines[-1] == "  (simulated data)" and len(lines) == 8
    seen = " ".join(_visible(sim._repr_html_()).split())
    assert "Simulation · simulated data seed 9 months 6" in seen
    assert f".truth {len(sim.truth)} rows × {sim.truth.shape[1]} columns" in seen
    assert "parameters" in seen and "potential_agents 100" in seen


def _logistic() -> pd.Series:
    years = np.arange(2010, 2020)
    noise = np.tile([1.0, -1.0], 5)
    return pd.Series(100 / (1 + np.exp(-(years - 2015))) + noise, index=years)


def test_fit_displays_show_the_summary_table():
    from microcommerce.analyses.timeseries import (
        fit_forecast,
        fit_logistic,
        interrupted_time_series,
    )

    fit = fit_logistic(_logistic())
    table = fit.summary()
    lines = repr(fit).splitlines()
    r2 = table.loc["r_squared", "estimate"]
    assert lines[0] == f"<CurveFit model=logistic n_obs=10 level=0.95 r_squared={r2:.4g}>"
    assert [line.split()[0] for line in lines[1:]] == table.index.tolist()
    capacity = table.loc["capacity"]
    assert lines[1] == (
        f"  capacity      {capacity['estimate']:.6g} "
        f"[{capacity['low']:.6g}, {capacity['high']:.6g}]"
    )
    seen = " ".join(_visible(fit._repr_html_()).split())
    assert "CurveFit · logistic" in seen and "summary .summary()" in seen
    assert "data fitted .series: 10 rows × 1 column" in seen

    months = pd.date_range("2014-01-31", periods=24, freq="ME")
    jump = pd.Series(np.r_[np.full(12, 10.0), np.full(12, 4.0)] + np.tile([0.1, -0.1], 12), months)
    its = interrupted_time_series(jump, at="2015-01-15")
    assert repr(its).splitlines()[0] == (
        "<InterruptedTimeSeries at=2015-01-15 n_obs=23 level=0.95 log=False>"
    )
    assert "level_change" in _visible(its._repr_html_())
    forecast = fit_forecast(jump, method="arima")
    assert repr(forecast).splitlines()[0] == "<ForecastFit method=arima n_obs=24 level=0.95>"
    assert repr(forecast).splitlines()[-3:][0].split()[0] == "n_obs"


@pytest.mark.parametrize("width", [0, 5])
def test_card_with_no_sections(width):
    html = card("T", [("n", "1" * width)])
    assert "<details" not in html and html.startswith('<div class="mc-card">')


def test_simulation_truth_text_is_short():
    from microcommerce.simulation import PyramidParams, simulate_truth

    run = simulate_truth(PyramidParams(potential_agents=100, months=4), seed=3)
    assert repr(run).splitlines() == [
        "<SimulationTruth seed=3 months=4>",
        f"  truth: 4 rows × {run.truth.shape[1]} columns",
        f"  stock_by_tier: {len(run.stock_by_tier)} rows × 3 columns",
        "  (simulated data)",
    ]
    assert ".truth" in run._repr_html_()
