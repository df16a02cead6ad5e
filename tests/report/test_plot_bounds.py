"""Published bounds are drawn as bounds, never as exact points (issue 17, point 4)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from microcommerce.analyses import published_counts
from microcommerce.errors import MixedUnitsError
from microcommerce.report.plot import published_ranges


def _drawn(ax) -> dict[str, list[tuple[float, float]]]:
    """The points of each legend entry: label → (x, y) offsets."""
    return {
        c.get_label(): [tuple(p) for p in c.get_offsets()]
        for c in ax.collections
        if hasattr(c, "get_offsets") and not c.get_label().startswith("_")
    }


def test_over_and_under_are_open_triangles_not_points():
    figures = pd.DataFrame(
        {
            "fact_id": ["exact", "nearly_30m", "over_30m", "range"],
            "value": [1.0e7, 3.0e7, 3.0e7, 2.0e7],
            "value_low": [1.0e7, np.nan, 3.0e7, 1.5e7],
            "value_high": [1.0e7, 3.0e7, np.nan, 2.5e7],
        }
    )
    drawn = _drawn(published_ranges(figures, scale=1e6))
    assert drawn["published value"] == [(10.0, 0.0), (20.0, 3.0)]
    assert drawn["under: at most this"] == [(30.0, 1.0)]
    assert drawn["over: at least this"] == [(30.0, 2.0)]


def test_the_record_draws_its_bounded_counts_as_bounds():
    counts = published_counts()
    drawn = _drawn(published_ranges(counts, mixed_units=True))  # persons and stores
    bounded = counts["qualifier"].isin(["over", "under"]).sum()
    shown = len(drawn.get("over: at least this", [])) + len(drawn.get("under: at most this", []))
    assert bounded > 0 and shown == bounded


def test_mixed_units_are_refused_unless_told():
    counts = published_counts()  # persons (practitioners, jobs) and stores (shops)
    with pytest.raises(MixedUnitsError, match=r"stores: \d+\).*mixed_units=True"):
        published_ranges(counts)
    one = counts[counts["unit"] == "persons"]
    assert len(published_ranges(one).get_yticklabels()) == len(one)


def test_points_are_named_in_words_and_coloured_by_measure_or_basis():
    figures = pd.DataFrame(
        {
            "fact_id": ["isc_weishang_practitioners_2015", "caict_wechat_jobs_2014", "x_2016"],
            "producer": ["中国互联网协会 (ISC)", "中国信息通信研究院 (CAICT)", "中国互联网协会"],
            "period": ["2015", "2014", "2016"],
            "metric": ["practitioner_count", "wechat_driven_employment", "practitioner_count"],
            "entity": ["weishang_industry", "wechat", "weishang_industry"],
            "basis": ["actual", "actual", "forecast"],
            "value": [1.257e7, 1.75e7, 1.535e7],
            "value_low": [1.257e7, 1.75e7, 1.535e7],
            "value_high": [1.257e7, 1.75e7, 1.535e7],
        }
    )
    ax = published_ranges(figures)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[0] == "中国互联网协会 · 2015 · practitioner count (weishang industry)"
    assert not any("isc_" in n or "caict_" in n for n in names)  # ids go in the text, not here
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "published value",
        "metric: practitioner_count",
        "metric: wechat_driven_employment",
    ]
    points = ax.collections[0].get_facecolors()
    assert (points[0] == points[2]).all() and not (points[0] == points[1]).all()
    # one measure: coloured by basis instead
    one = published_ranges(figures[figures["metric"] == "practitioner_count"])
    assert [t.get_text() for t in one.get_legend().get_texts()][1:] == [
        "basis: actual",
        "basis: forecast",
    ]


def test_series_are_never_joined_across_a_change_of_definition():
    from microcommerce.report.plot import published_series

    figures = pd.DataFrame(
        {
            "year": [2015, 2016, 2017, 2018, 2019, 2021],
            "value": [1.8e11, 3.6e11, 6.8e11, 1.2e12, 2.2e12, 2.0e12],
            "entity": ["weishang"] * 2 + ["social_ecommerce"] * 3 + ["live_commerce"],
            "metric": ["transaction_volume"] * 4 + ["sales", "gmv"],
            "producer_key": ["isc"] * 4 + ["zhiyan", "ec100"],
            "basis": ["actual", "actual", "forecast", "actual", "actual", "actual"],
            "qualifier": ["exact"] * 5 + ["over"],
            "unit": "CNY",
        }
    )
    ax = published_series(figures, scale=1e8)
    solid = [line for line in ax.lines if line.get_linestyle() == "-"]
    # isc weishang 2015–16, isc social 2017–18, zhiyan 2019, ec100 2021: four lines, none across
    assert [list(line.get_xdata()) for line in solid] == [
        [2015.0, 2016.0],
        [2017.0, 2018.0],
        [2019.0],
        [2021.0],
    ]
    dotted = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":"]
    assert dotted == [2016.5, 2020.5]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-2:] == ["from 2017: social ecommerce", "from 2021: live commerce"]
    assert legend[0] == "weishang · transaction volume · isc"
    hollow = [c for c in ax.collections if (c.get_facecolors() == 1).all()]
    assert [tuple(p) for c in hollow for p in c.get_offsets()] == [(2017.0, 6800.0)]
    with pytest.raises(MixedUnitsError, match="published_series"):
        published_series(figures.assign(unit=["CNY"] * 5 + ["percent"]))
