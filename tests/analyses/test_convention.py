"""The analyst's API (issue 17): one argument convention, honest bounds, helpful errors.

Each test names the point of the issue it holds.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

import microcommerce as mc
from microcommerce import datasets
from microcommerce.analyses import (
    ANALYSES,
    active_sellers,
    channel_inventory,
    cohort_survival,
    entrants_exits,
    market_size,
    months_of_supply,
    published_counts,
    share_of_online_retail,
    to_usd,
)
from microcommerce.analyses.timeseries import fit_forecast, fit_logistic, interrupted_time_series
from microcommerce.cli import main

T = pd.Timestamp
#: Every analysis of orders, from the one registry (a new one is covered without a change here).
ORDER_ANALYSES = [getattr(mc, name) for name, a in ANALYSES.items() if a.calendar]


# 1. a single column name is a column, not its letters
def test_point_1_by_accepts_one_column_name(box_chain):
    one = market_size(box_chain, by="category")
    assert one.equals(market_size(box_chain, by=["category"]))
    assert list(one.columns[:2]) == ["period", "category"]
    assert channel_inventory(box_chain, by="seller_tier").equals(
        channel_inventory(box_chain, by=("seller_tier",))
    )
    usd = to_usd(pd.DataFrame({"year": [2015], "amount": [62.284]}), "amount", "year")
    assert usd["amount_usd"].tolist() == [10.0]


# 2. typed periods beside the text as written
def test_point_2_facts_have_integer_years_and_period_dates():
    facts = datasets.load("facts")
    assert len(facts[facts["year"] == 2015]) > 5
    row = facts.set_index("fact_id").loc["isc_weishang_market_2015"]
    assert (row["year"], row["period_start"], row["period_end"]) == (
        2015,
        T("2015-01-01"),
        T("2015-12-31"),
    )


# 3. money columns say yuan, unit columns say units
def test_point_3_months_of_supply_names_its_units(box_chain):
    stock = channel_inventory(box_chain, by="seller_tier")
    supply = months_of_supply(stock, market_size(box_chain, by="seller_tier"))
    assert "retail_units_per_month" in supply and "sell_through" not in supply


# 4. bounds travel
def test_point_4_bounds_travel_to_shares_and_counts():
    counts = published_counts()
    assert "qualifier" in counts
    assert set(counts["qualifier"]) >= {"exact", "over"}
    share = share_of_online_retail(pd.DataFrame({"year": [2018], "value": [1.2e12]}))
    assert share["share_qualifier"].item() == "under"  # retail was "over 9万亿"
    assert share["share_pct_low"].item() == 0.0
    facts = pd.DataFrame({"year": [2017], "value": [3e11], "qualifier": ["over"]})
    assert share_of_online_retail(facts)["share_qualifier"].item() == "over"


# 5. one calendar, one default
def test_point_5_every_analysis_shares_the_calendar_with_zeros(box_chain):
    months = pd.date_range("2014-02-28", "2014-06-30", freq="ME").astype("datetime64[us]")
    window = {"start": "2014-02-10", "until": "2014-06-15"}
    size = market_size(box_chain, **window)
    assert size["period"].tolist() == months.tolist()
    assert size["orders"].tolist() == [0, 2, 0, 1, 0]
    assert size["sell_through"].tolist() == [0.0, 552.0, 0.0, 276.0, 0.0]
    for analysis in (active_sellers, entrants_exits, channel_inventory):
        assert analysis(box_chain, **window)["period"].tolist() == months.tolist()
    flows = entrants_exits(box_chain, churn_after=1, **window)
    assert flows["left_censored"].tolist() == [True, False, False, False, False]


def test_point_5_the_convention_holds_for_every_order_analysis():
    for analysis in ORDER_ANALYSES:
        sig = inspect.signature(analysis)
        defaults = {k: sig.parameters[k].default for k in ("freq", "by", "start", "until")}
        assert defaults == {"freq": "ME", "by": (), "start": None, "until": None}, analysis
        assert "str |" in str(sig.parameters["by"].annotation), analysis


def test_point_5_by_groups_entrants_and_cohorts(box_chain):
    by_tier = entrants_exits(box_chain, by="seller_tier", role="seller", churn_after=1)
    assert by_tier.groupby("seller_tier")["entrants"].sum().to_dict() == {0: 1, 1: 1}
    cohorts = cohort_survival(box_chain, by="seller_tier", role="seller")
    assert set(cohorts["seller_tier"]) == {0, 1}
    assert cohorts.groupby("seller_tier")["cohort_size"].max().to_dict() == {0: 1, 1: 1}


# 6. start-anchored periods, labelled as asked
@pytest.mark.parametrize(
    ("freq", "label"),
    [("MS", "2014-03-01"), ("QS", "2014-01-01"), ("YS", "2014-01-01"), ("QE-MAR", "2014-03-31")],
)
def test_point_6_any_period_alias(freq, label, box_chain):
    size = market_size(box_chain, freq=freq)
    assert size["period"].iloc[0] == T(label)
    assert size["turnover"].sum() == pytest.approx(1208.0)


# 8. errors that say what to do
def test_point_8_a_raw_export_points_to_cleaning(box_chain):
    raw = box_chain.astype({"amount": "str"})
    raw["amount"] = ["¥380.00", "¥552.00", "¥276.00"]
    with pytest.raises(ValueError, match=r"clean it first with microcommerce\.clean_orders"):
        market_size(raw)
    with pytest.raises(ValueError, match="they come from channel_inventory"):
        months_of_supply(pd.DataFrame({"period": []}), market_size(box_chain))


# 9. analyse runs on pandas by default
def test_point_9_analyse_chooses_pandas_when_the_data_fit(tmp_path, capsys, box_chain):
    from microcommerce.cli import choose_engine
    from microcommerce.io import write_dataset

    write_dataset(box_chain, tmp_path / "orders")
    assert choose_engine(tmp_path) == "pandas"
    assert choose_engine(tmp_path, free_memory=1) in ("dask", "pandas")
    assert main(["analyse", "market", str(tmp_path), "-o", str(tmp_path / "out")]) == 0
    table = pd.read_csv(tmp_path / "out" / "market_size.csv")
    assert table["turnover"].sum() == pytest.approx(1208.0)


# 10. fits with a summary and the result behind them
def test_point_10_fits_have_summaries_and_results():
    years = np.arange(2010, 2020)
    s = pd.Series(100 / (1 + np.exp(-(years - 2015))) + np.tile([1.0, -1.0], 5), index=years)
    fit = fit_logistic(s)
    table = fit.summary()
    assert table.loc["capacity", "estimate"] == fit.params.loc["capacity", "estimate"]
    assert np.allclose(fit.result.x, fit.params["estimate"])
    months = pd.date_range("2014-01-31", periods=24, freq="ME")
    its = interrupted_time_series(pd.Series(np.r_[np.full(12, 5.0), np.full(12, 2.0)], months))
    assert its.summary().loc["n_obs", "estimate"] == its.result.nobs
    ahead = fit_forecast(pd.Series(np.linspace(1, 12, 12), index=months[:12]), method="arima")
    assert ahead.summary().loc["aic", "estimate"] == pytest.approx(ahead.result.aic)
    assert len(ahead.predict(3)) == 3


# 11. the accessor reads as one chain
def test_point_11_the_accessor_calls_the_functions(box_chain):
    o = box_chain
    before = box_chain.copy(deep=True)
    assert o.mc.market_size(freq="YE").equals(market_size(o, freq="YE"))
    assert o.mc.active_sellers().equals(active_sellers(o))
    assert o.mc.channel_inventory(by="seller_tier").equals(channel_inventory(o, by="seller_tier"))
    texts = pd.Series(["1.2万", "2015年3月"])
    assert texts.mc.parse_amounts()["value"].iloc[0] == 12000.0
    assert texts.mc.parse_dates()["start"].iloc[1] == T("2015-03-01")
    assert o.equals(before)  # nothing changed in place
    assert mc.market_size is market_size


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_an_analysis_leaves_its_orders_as_they_were(engine, box_chain):
    """Amounts are read as the frame's own float array: the fen are a new one, never it."""
    pytest.importorskip("duckdb", reason="engine='duckdb' needs the duckdb extra")
    frame = box_chain
    before = frame.copy(deep=True)
    for function in ORDER_ANALYSES:
        function(frame, engine=engine)
    pd.testing.assert_frame_equal(frame, before)
