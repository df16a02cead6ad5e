"""The history timeline of notebook 01: every numbered point has its row and its source.

Imports the report layer's private ``report._timeline`` to test its machinery.
"""

from __future__ import annotations

import matplotlib
import matplotlib.dates

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection

from microcommerce import datasets
from microcommerce.report._timeline import VERDICT_COLOURS, history_timeline, timeline_notes
from microcommerce.report.plot import set_theme

set_theme()  # the font with the Chinese of the axis labels


@pytest.fixture(scope="module")
def drawn():
    figure, notes = history_timeline()
    yield figure, notes
    plt.close(figure)


def test_every_point_is_numbered_once_and_cites_its_row_and_address(drawn):
    figure, notes = drawn
    events = datasets.load("events").set_index("event_id")
    facts = datasets.load("facts").set_index("fact_id")
    assert notes["note"].tolist() == list(range(1, len(notes) + 1))
    assert set(notes.loc[notes["panel"] == "events", "id"]) == set(events.index)
    figures = notes[notes["panel"] != "events"]
    assert set(figures["id"]) <= set(facts.index)
    np.testing.assert_array_equal(figures["value"], facts.loc[figures["id"], "value"])
    assert notes["address"].str.startswith("http").all()
    labels = sorted(int(t.get_text()) for ax in figure.axes for t in ax.texts
                    if t.get_text().isdigit())  # fmt: skip
    assert labels == notes["note"].tolist()


def test_the_seeds_datings_take_the_verdict_of_their_claim(drawn):
    _, notes = drawn
    kind = notes[notes["panel"] == "events"].set_index("id")["kind"]
    assert kind["seed_wechat_pay_date"] == "conflict"  # 2013-07-09 against 2013-08-05
    assert kind["seed_tencent_notice_2015"] == "consistent"
    assert kind["wechat_pay_launch"] == "record"
    assert set(kind[kind.index.str.startswith("seed_")]) <= set(VERDICT_COLOURS) - {"record"}


def test_periods_sit_in_the_middle_of_their_year_or_month(drawn):
    _, notes = drawn
    at = notes.set_index("id")["date"]
    assert at["isc_weishang_market_2015"] == pd.Timestamp("2015-07-02")
    assert at["chinadaily_weishang_traders_2015_08"] == pd.Timestamp("2015-08-15")


def test_bounds_and_forecasts_are_drawn_as_such():
    facts = pd.DataFrame({
        "fact_id": ["a_2015", "b_2016", "c_2017"], "topic": ["market_size"] * 3,
        "metric": ["m"] * 3, "entity": ["e"] * 3, "period": ["2015", "2016", "2017"],
        "value": [1e10, 2e10, 3e10], "value_low": [1e10, 1.5e10, 3e10],
        "value_high": [1e10, 2.5e10, 3e10], "unit": ["CNY"] * 3,
        "qualifier": ["exact", "range", "over"], "basis": ["actual", "actual", "forecast"],
        "as_written": ["100亿", "150–250亿", "300多亿"], "producer": ["p"] * 3,
        "title": ["t"] * 3, "address": ["https://example.org"] * 3,
    })  # fmt: skip
    figure, notes = history_timeline(facts=facts)
    market = figure.axes[1]
    ranges = [c for c in market.collections if isinstance(c, LineCollection)]
    assert [seg[:, 1].tolist() for seg in ranges[0].get_segments()] == [[150.0, 250.0]]
    hollow = [c for c in market.collections if isinstance(c, PathCollection)
              and len(c.get_offsets()) and (c.get_facecolors() == 1).all()]  # fmt: skip
    assert len(hollow) == 1 and hollow[0].get_offsets().shape == (1, 2)  # the forecast
    assert len(timeline_notes(facts=facts)) == len(notes)
    plt.close(figure)


def test_the_axis_runs_as_far_as_the_data_do():
    events = datasets.load("events")
    late = pd.DataFrame(
        {"event_id": ["later_rule_2025"], "date": pd.to_datetime(["2025-03-31"]),
         "precision": ["day"], "event": ["a rule of 2025"], "actor": ["x"],
         "category": [events["category"].iloc[0]], "source": ["s"],
         "address": ["https://example.org"], "confidence": [events["confidence"].iloc[0]],
         "note": [""]}
    )  # fmt: skip
    figure, notes = history_timeline(events=pd.concat([events, late], ignore_index=True))
    left, right = figure.axes[0].get_xlim()
    start, end = (matplotlib.dates.num2date(v).replace(tzinfo=None) for v in (left, right))
    assert end == pd.Timestamp("2026-07-01") and start == pd.Timestamp("2010-07-01")
    number = notes.set_index("id").loc["later_rule_2025", "note"]
    assert str(number) in [t.get_text() for t in figure.axes[0].texts]
    plt.close(figure)
    # and no further than they do
    figure, notes = history_timeline()
    right = matplotlib.dates.num2date(figure.axes[0].get_xlim()[1]).replace(tzinfo=None)
    assert right == pd.Timestamp(f"{notes['date'].max().year + 1}-07-01")
    plt.close(figure)


def test_quarters_and_halves_sit_in_their_middle():
    facts = pd.DataFrame({
        "fact_id": ["q_2023", "h_2023"], "topic": ["market_size"] * 2, "metric": ["gmv"] * 2,
        "entity": ["e"] * 2, "period": ["2023Q4", "2023-H1"], "value": [4.0e11, 4.9e11],
        "value_low": [4.0e11, 4.9e11], "value_high": [4.0e11, 4.9e11], "unit": ["CNY"] * 2,
        "qualifier": ["exact"] * 2, "basis": ["actual"] * 2, "as_written": ["4000亿", "4900亿"],
        "producer": ["p"] * 2, "title": ["t"] * 2, "address": ["https://example.org"] * 2,
    })  # fmt: skip
    at = timeline_notes(facts=facts).set_index("id")["date"]
    assert at["q_2023"] == pd.Timestamp("2023-11-15")  # 1 Oct + 45 of its 91 days
    assert at["h_2023"] == pd.Timestamp("2023-04-01")  # 1 Jan + 90 of its 180 days
