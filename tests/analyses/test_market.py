"""Market size: exact values on a hand-worked pyramid, invariants, the simulator's truth.

Imports the analyses layer's private ``analyses._group_arithmetic`` to test its machinery.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce import datasets
from microcommerce.analyses import (
    bottom_up_estimate,
    market_size,
    period_label,
    share_of_online_retail,
    to_usd,
    top_down_estimates,
    triangulate,
)
from microcommerce.analyses._group_arithmetic import group_numbers

T = pd.Timestamp


def hand_orders() -> pd.DataFrame:
    """One box chain in March (brand's top agent → L1 → L2 → customer), a retail sale in April.

    By hand, March: sell-in 10 × 38 + 10 × 43.7 = 817.00; retail 4 × 138 = 552.00;
    turnover 1369.00; inflation 1369 / 552 = 2.480072…; sellers top, l1, l2.
    April: retail 2 × 138 = 276.00 by l1 (a mask) and 1 × 99.90 by l2 (cosmetics).
    """
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2014-03-01", "2014-03-05", "2014-03-20", "2014-04-02", "2014-04-30"]
            ).astype("datetime64[us]"),
            "seller_id": ["top", "l1", "l2", "l1", "l2"],
            "seller_tier": pd.array([0, 1, 2, 1, 2], dtype="Int8"),
            "kind": ["sell_in", "sell_in", "retail", "retail", "retail"],
            "category": ["mask", "mask", "mask", "mask", "cosmetics"],
            "quantity": pd.array([10, 10, 4, 2, 1], dtype="Int64"),
            "amount": [380.0, 437.0, 552.0, 276.0, 99.9],
        }
    )


def test_market_size_by_month_exact():
    out = market_size(hand_orders(), by=())
    assert out["period"].tolist() == [T("2014-03-31"), T("2014-04-30")]
    assert out["sell_through"].tolist() == [552.0, 375.9]
    assert out["sell_in"].tolist() == [817.0, 0.0]
    assert out["turnover"].tolist() == [1369.0, 375.9]
    assert out["inflation_factor"].round(6).tolist() == [2.480072, 1.0]
    assert out["orders"].tolist() == [3, 2]
    assert out["units"].tolist() == [24, 3]
    assert out["retail_units"].tolist() == [4, 3]
    assert out["active_sellers"].tolist() == [3, 2]


def test_market_size_by_category_and_tier_quarterly():
    out = market_size(hand_orders(), freq="QE", by=("category", "seller_tier"))
    assert set(out["period"]) == {T("2014-03-31"), T("2014-06-30")}
    q1 = out[out["period"] == T("2014-03-31")].set_index(["category", "seller_tier"])
    q2 = out[out["period"] == T("2014-06-30")].set_index(["category", "seller_tier"])
    assert q2.loc[("cosmetics", 2), "sell_through"] == 99.9
    assert q2.loc[("mask", 1), "sell_through"] == 276.0
    assert q1.loc[("mask", 0), "sell_in"] == 380.0
    # every group has a row in every quarter: zeros where it had no orders
    assert len(out) == 2 * len(q1) and q2.loc[("mask", 0), "orders"] == 0


def test_no_retail_gives_a_missing_inflation_factor_not_infinity():
    orders = hand_orders().iloc[:2]
    assert np.isnan(market_size(orders, by=())["inflation_factor"].iloc[0])


def test_missing_columns_and_amounts_are_named():
    with pytest.raises(ValueError, match=r"missing \['amount'\]"):
        market_size(hand_orders().drop(columns="amount"))
    bad = hand_orders()
    bad.loc[2, "amount"] = np.nan
    with pytest.raises(ValueError, match=r"amount is missing in rows \[2\]"):
        market_size(bad)
    with pytest.raises(ValueError, match="ME"):
        market_size(hand_orders(), freq="M")


def test_groups_add_up_to_the_total_and_turnover_dominates(sim):
    whole = market_size(sim.orders, by=())
    parts = market_size(sim.orders, by=("seller_tier", "platform"))
    summed = parts.groupby("period")[["sell_through", "sell_in", "orders", "units"]].sum()
    pd.testing.assert_frame_equal(
        summed.reset_index(drop=True),
        whole[["sell_through", "sell_in", "orders", "units"]].reset_index(drop=True),
        check_exact=False,
        rtol=1e-12,
    )
    for frame in (whole, parts):
        assert (frame["turnover"] >= frame["sell_in"]).all()
        assert (frame["turnover"] >= frame["sell_through"]).all()
        np.testing.assert_allclose(frame["turnover"], frame["sell_in"] + frame["sell_through"])


def test_against_the_simulators_truth(sim):
    out = market_size(sim.orders, by=()).set_index("period")
    truth = sim.truth.set_index("period").loc[out.index]
    np.testing.assert_allclose(out["sell_through"], truth["retail_amount"], rtol=1e-12)
    np.testing.assert_allclose(out["sell_in"], truth["sell_in_amount"], rtol=1e-12)
    assert (out["retail_units"].to_numpy() == truth["retail_units"].to_numpy()).all()
    assert (out["active_sellers"].to_numpy() == truth["selling_agents"].to_numpy()).all()


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(5)))
def test_row_order_does_not_change_a_cent(order):
    orders = hand_orders().iloc[list(order)]
    pd.testing.assert_frame_equal(market_size(orders), market_size(hand_orders()))


def test_the_input_is_not_changed():
    orders = hand_orders()
    before = orders.copy()
    market_size(orders, by=("category",))
    pd.testing.assert_frame_equal(orders, before)


def test_period_label_and_group_numbers():
    dates = pd.Series(pd.to_datetime(["2015-02-15", "2015-12-31", None, "2016-01-01"]))
    assert period_label(dates, "ME").tolist()[:2] == [T("2015-02-28"), T("2015-12-31")]
    assert period_label(dates, "QE").tolist()[3] == T("2016-03-31")
    assert period_label(dates, "W").tolist()[0] == T("2015-02-15")  # a Sunday
    assert period_label(dates, "W").tolist()[1] == T("2016-01-03")
    assert pd.isna(period_label(dates, "YE").iloc[2])
    df = pd.DataFrame(
        {
            "a": pd.Categorical(["y", None, "x", "y"], categories=["y", "x"]),
            "b": pd.array([1, 2, None, 1], dtype="Int8"),
        }
    )
    ids, groups = group_numbers(df, ["a", "b"])
    assert ids[0] == ids[3] and len(set(ids)) == 3
    pd.testing.assert_frame_equal(
        groups.iloc[ids].reset_index(drop=True), df, check_categorical=False
    )


def test_group_numbers_on_zoned_dates_and_large_unsigned_integers():
    zoned = pd.Series(
        pd.to_datetime(["2015-01-02", None, "2015-01-01", "2015-01-02"]).tz_localize(
            "Asia/Shanghai"
        )
    )
    big = pd.Series(np.array([2**63 + 5, 7, 2**63 + 5, 2**63], dtype=np.uint64))
    for column in (zoned, big):
        df = pd.DataFrame({"a": column})
        ids, groups = group_numbers(df, ["a"])
        assert ids[0] == ids[3] if column is zoned else ids[0] == ids[2]
        assert len(groups) == column.nunique(dropna=False)
        pd.testing.assert_series_equal(
            groups["a"].iloc[ids].reset_index(drop=True), column, check_names=False
        )


def test_triangulation_with_published_and_bottom_up_estimates():
    facts = datasets.load("facts").set_index("fact_id")
    rows = facts.loc[["isc_weishang_market_2015", "cnr_weishang_market_2015"]].reset_index()
    top = top_down_estimates(rows)
    assert top["mid"].tolist() == [1.8195e11, 9.6e10]
    assert top["inputs"].iloc[0].startswith("fact isc_weishang_market_2015: ")
    bottom = bottom_up_estimate((8e6, 1e7, 1.2e7), 40, (100, 150, 200))
    assert bottom[["low", "mid", "high"]].iloc[0].tolist() == [3.2e10, 6e10, 9.6e10]
    table = triangulate(pd.concat([top, bottom]))
    last = table.iloc[-1]
    assert last["estimate"] == "triangulated" and last["approach"] == "bottom_up+top_down"
    assert last["low"] == 3.2e10 and last["high"] == 1.8195e11
    assert last["mid"] == pytest.approx((1.8195e11 * 9.6e10 * 6e10) ** (1 / 3))
    with pytest.raises(ValueError, match="low ≤ mid ≤ high"):
        bottom_up_estimate((3, 2, 1), 1, 1)


def test_usd_and_share_of_online_retail():
    df = pd.DataFrame({"year": [2015, 2018], "value": [1.8195e11, 1.2e12]})
    usd = to_usd(df, ["value"], "year")
    assert usd["cny_per_usd"].tolist() == [6.2284, 6.6174]
    assert usd["value_usd"].tolist() == [1.8195e11 / 6.2284, 1.2e12 / 6.6174]
    with pytest.raises(ValueError, match="no yuan rate for years"):
        to_usd(pd.DataFrame({"v": [1.0]}), ["v"], 1999)
    share = share_of_online_retail(df)
    assert share["online_retail_fact"].tolist() == [
        "online_retail_2015_nbs",
        "online_retail_2018_mofcom",
    ]
    assert share["share_pct"].round(3).tolist() == [
        round(100 * 1.8195e11 / 3.8773e12, 3),
        round(100 * 1.2e12 / 9e12, 3),
    ]
    gap = share_of_online_retail(pd.DataFrame({"year": [2012], "value": [1.0]}))
    assert np.isnan(gap["share_pct"].iloc[0])


@pytest.mark.parametrize("freq, alias", [("ME", "M"), ("W", "W-SUN"), ("QE", "Q")])
def test_period_label_over_several_chunks_with_missing_dates(freq, alias):
    # 70,001 dates (more than one chunk of 65,536 looked up at a time), a tenth missing,
    # against pandas' own periods
    rng = np.random.default_rng(7)
    us = rng.integers(T("2013-01-01").value // 1000, T("2016-12-31").value // 1000, 70_001)
    dates = pd.Series(us.astype("datetime64[us]")).mask(rng.random(70_001) < 0.1)
    periods = dates.dt.to_period(alias)
    expected = periods.dt.end_time.dt.normalize()
    got = period_label(dates, freq)
    assert got.isna().equals(dates.isna())
    assert (got[dates.notna()] == expected[dates.notna()].astype("datetime64[us]")).all()
