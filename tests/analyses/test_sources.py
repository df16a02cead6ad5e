"""Sources side by side: one measure across producers and years, bounds kept, units not mixed.

Imports the analyses layer's private ``analyses._sources`` to test its machinery.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microcommerce.analyses._sources import COMPARED_COLUMNS, compare_sources, side_by_side
from microcommerce.errors import MixedUnitsError, ParameterError


def _facts() -> pd.DataFrame:
    # fmt: off
    return pd.DataFrame({
        "fact_id": ["isc_2015", "cecc_2015", "cd_2015", "isc_2016", "cecc_2016", "jobs_2015",
                    "share_2015"],
        "metric": ["practitioner_count"] * 5 + ["wechat_driven_employment", "share"],
        "entity": ["weishang"] * 4 + ["weishang", "wechat", "weishang"],
        "year": pd.array([2015, 2015, 2015, 2016, 2016, 2015, 2015], dtype="Int64"),
        "producer_key": ["isc", "cecc", "chinadaily", "isc", "cecc", "caict", "isc"],
        "value": [1.257e7, 1.0e7, 2.0e7, 1.5e7, 3.0e7, 1.75e7, 14.0],
        "value_low": [1.257e7, 1.0e7, 2.0e7, 1.5e7, np.nan, 1.75e7, 14.0],
        "value_high": [1.257e7, 1.0e7, 2.0e7, 1.5e7, 3.0e7, 1.75e7, 14.0],
        "qualifier": ["exact", "exact", "exact", "exact", "under", "exact", "exact"],
        "unit": ["persons"] * 6 + ["percent"],
        "basis": ["actual", "actual", "actual", "forecast", "actual", "actual", "actual"],
        "as_written": ["1257万人", "1000万", "2000万", "1535万", "近3000万", "1750万", "14%"],
        "producer": ["ISC", "CECC", "China Daily", "ISC", "CECC", "CAICT", "ISC"],
    })
    # fmt: on


def test_figures_of_a_year_are_lined_up_by_producer_with_their_spread():
    out = compare_sources(_facts(), "practitioner_count")
    assert out["fact_id"].tolist() == ["cecc_2015", "cd_2015", "isc_2015", "cecc_2016", "isc_2016"]
    assert out["producers"].tolist() == [3, 3, 3, 2, 2]
    # sorted by year, then producer key (cecc < chinadaily < isc)
    # 2015: lowest 1000万 (cecc), highest 2000万 (China Daily): a factor of 2
    assert out["lowest"].tolist() == [1.0e7] * 3 + [1.5e7] * 2
    assert out["spread"].tolist() == [2.0, 2.0, 2.0, 2.0, 2.0]
    assert out["vs_lowest"].round(3).tolist() == [1.0, 2.0, 1.257, 2.0, 1.0]
    # the bound stays a bound, with its missing low
    under = out.set_index("fact_id").loc["cecc_2016"]
    assert under["qualifier"] == "under" and np.isnan(under["value_low"])
    assert list(out.columns[: len(COMPARED_COLUMNS)]) == list(COMPARED_COLUMNS)
    assert {"period", "producer"} - set(out.columns) == {"period"}  # carried when present


def test_several_metrics_in_one_unit_and_filters():
    out = compare_sources(_facts(), ["practitioner_count", "wechat_driven_employment"],
                          years=(2015, 2015), basis="actual")  # fmt: skip
    assert out["producer_key"].tolist() == ["caict", "cecc", "chinadaily", "isc"]
    # CAICT's jobs are of another entity (all of WeChat): compared with nothing else
    assert out["spread"].tolist() == [1.0, 2.0, 2.0, 2.0]
    assert out["producers"].tolist() == [1, 3, 3, 3]
    only = compare_sources(_facts(), "practitioner_count", entity="weishang", years=(2016, 2020))
    assert only["fact_id"].tolist() == ["cecc_2016", "isc_2016"]
    open_end = compare_sources(_facts(), "practitioner_count", years=(2016, None))
    assert open_end["fact_id"].tolist() == ["cecc_2016", "isc_2016"]
    open_start = compare_sources(_facts(), "practitioner_count", years=(None, 2015))
    assert open_start["year"].eq(2015).all() and len(open_start) == 3


def test_mixed_units_are_refused_naming_the_units_and_the_options():
    with pytest.raises(MixedUnitsError) as caught:
        compare_sources(_facts(), ["practitioner_count", "share"])
    message = str(caught.value)
    assert "(persons: 5, percent: 1)" in message
    assert "unit='persons'" in message and "mixed_units=True" in message
    assert caught.value.units == {"persons": 5, "percent": 1}
    assert isinstance(caught.value, ParameterError)


def test_mixed_units_when_told_compare_each_unit_within_itself():
    out = compare_sources(
        _facts(), ["practitioner_count", "share"], mixed_units=True, years=(2015, 2015)
    )
    share = out.set_index("fact_id").loc["share_2015"]
    assert share["producers"] == 1 and share["spread"] == 1.0 and share["lowest"] == 14.0
    persons = out[out["unit"] == "persons"]
    assert persons["producers"].eq(3).all() and persons["spread"].eq(2.0).all()
    kept = compare_sources(_facts(), ["practitioner_count", "share"], unit="percent")
    assert kept["fact_id"].tolist() == ["share_2015"]


def test_a_choice_that_keeps_nothing_says_what_there_is():
    with pytest.raises(ParameterError, match=r"no figure has metric in \['gmv'\].*practitioner"):
        compare_sources(_facts(), "gmv")
    with pytest.raises(MixedUnitsError, match="unit='CNY' has no figure"):
        compare_sources(_facts(), "practitioner_count", unit="CNY")


def test_the_input_is_not_changed_and_nothing_is_averaged():
    facts = _facts()
    before = facts.copy()
    out = compare_sources(facts, "practitioner_count")
    pd.testing.assert_frame_equal(facts, before)
    assert sorted(out["value"]) == sorted(facts.loc[:4, "value"])


def test_side_by_side_puts_years_against_producers_as_written():
    wide = side_by_side(compare_sources(_facts(), "practitioner_count"))
    assert wide.index.tolist() == [2015, 2016]
    assert wide.columns.tolist() == ["cecc", "chinadaily", "isc"]
    assert wide.loc[2016, "cecc"] == "近3000万 (actual)"
    assert wide.loc[2016, "chinadaily"] == ""
    assert wide.loc[2015, "isc"] == "1257万人 (actual)"


def test_the_record_compares_once_producer_keys_are_there():
    from microcommerce import datasets

    facts = datasets.load("facts")
    if "producer_key" not in facts.columns:
        pytest.skip("the record has no producer_key column yet")
    out = compare_sources(facts, "practitioner_count")
    assert out["producer_key"].str.fullmatch(r"[a-z0-9_]+").all()
    assert (out["lowest"] <= out["value"]).all() and (out["spread"] >= 1).all()


def test_a_quarter_is_compared_only_with_the_same_quarter():
    bounds = {
        "2023": ("2023-01-01", "2023-12-31"),
        "2023Q2": ("2023-04-01", "2023-06-30"),
        "2023Q4": ("2023-10-01", "2023-12-31"),
        "2023-H1": ("2023-01-01", "2023-06-30"),
    }
    periods = ["2023", "2023", "2023Q2", "2023Q4", "2023Q4", "2023-H1"]
    gmv = pd.DataFrame(
        {
            "fact_id": ["ks_2023", "press_2023", "ks_q2", "ks_q4", "press_q4", "ks_h1"],
            "metric": "gmv",
            "entity": "kuaishou",
            "year": pd.array([2023] * 6, dtype="Int64"),
            "period": periods,
            "period_start": pd.to_datetime([bounds[p][0] for p in periods]),
            "period_end": pd.to_datetime([bounds[p][1] for p in periods]),
            "producer_key": ["kuaishou", "press", "kuaishou", "kuaishou", "press", "kuaishou"],
            "value": [1.1844e12, 1.2e12, 2.655e11, 4.039e11, 4.2e11, 4.902e11],
            "value_low": np.nan,
            "value_high": np.nan,
            "qualifier": "exact",
            "unit": "CNY",
            "basis": ["actual", "reported-unofficial", "actual", "actual", "reported-unofficial",
                      "actual"],
            "as_written": ["11,844億", "1.2万亿", "2655亿", "4039亿", "4200亿", "4902亿"],
        }
    )  # fmt: skip
    out = compare_sources(gmv, "gmv").set_index("fact_id")
    assert out.loc[["ks_2023", "ks_q2", "ks_q4", "ks_h1"], "span"].tolist() == [
        "year", "quarter", "quarter", "half"]  # fmt: skip
    assert out.loc["ks_q2", "slot"] == "2023Q2" and out.loc["ks_2023", "slot"] == "2023"
    # the whole year: two producers, 1.2万亿 over 11,844亿
    assert out.loc["press_2023", "spread"] == pytest.approx(1.2e12 / 1.1844e12)
    assert out.loc["press_2023", "producers"] == 2
    # the fourth quarter: two producers; the second quarter and the half alone
    assert out.loc["ks_q4", "spread"] == pytest.approx(4.2e11 / 4.039e11)
    assert out.loc[["ks_q2", "ks_h1"], "producers"].tolist() == [1, 1]
    assert out.loc[["ks_q2", "ks_h1"], "spread"].tolist() == [1.0, 1.0]
    wide = side_by_side(compare_sources(gmv, "gmv"), rows="slot")
    assert wide.index.tolist() == ["2023", "2023-H1", "2023Q2", "2023Q4"]
    assert wide.loc["2023Q4", "press"] == "4200亿 (reported-unofficial)"
