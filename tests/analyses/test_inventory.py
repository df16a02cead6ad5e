"""Channel inventory from orders: hand-worked stock, the simulator's true stock, scenarios.

Imports the analyses layer's private ``analyses._group_arithmetic`` to test
``stacked_totals``, the two-sided sums the inventory is built on, against plain totals,
and private ``analyses._inputs`` for ``whole_fen``'s chunks and ``where``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.analyses import channel_inventory, market_size, months_of_supply, years_to_clear
from microcommerce.analyses._group_arithmetic import combine_totals, stacked_totals, totals
from microcommerce.analyses._inputs import whole_fen
from microcommerce.errors import InputError, MissingColumnsError

T = pd.Timestamp


def hand_orders() -> pd.DataFrame:
    """March: top sells 100 boxes to l1 (43.70), l1 sells 30 to l2 (50.26) and 5 retail;
    April: l2 sells 10 retail; June: l1 sells 5 retail.

    Stock below the top agents, by hand:
    l1 (tier 1): +100 −30 −5 = 65 at March end, 65 in April and May, 60 in June.
    l2 (tier 2): +30 = 30 in March, 20 from April on.
    """
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2014-03-01", "2014-03-10", "2014-03-12", "2014-04-01", "2014-06-09"]
            ).astype("datetime64[us]"),
            "seller_id": ["top", "l1", "l1", "l2", "l1"],
            "buyer_id": ["l1", "l2", None, None, None],
            "seller_tier": pd.array([0, 1, 1, 2, 1], dtype="Int8"),
            "buyer_tier": pd.array([1, 2, None, None, None], dtype="Int8"),
            "kind": ["sell_in", "sell_in", "retail", "retail", "retail"],
            "category": pd.Categorical(["mask"] * 5),
            "quantity": pd.array([100, 30, 5, 10, 5], dtype="Int64"),
            "amount": [4370.0, 1507.8, 690.0, 1380.0, 690.0],
        }
    )


def test_stock_by_tier_exact():
    out = channel_inventory(hand_orders(), by=("seller_tier",))
    stock = out.pivot(index="period", columns="seller_tier", values="stock")
    assert stock.index.tolist() == [
        T("2014-03-31"),
        T("2014-04-30"),
        T("2014-05-31"),
        T("2014-06-30"),
    ]
    assert stock[1].tolist() == [65, 65, 65, 60]
    assert stock[2].tolist() == [30, 20, 20, 20]
    assert 0 not in stock.columns  # top agents' stock is unknown without shipments
    value = out.pivot(index="period", columns="seller_tier", values="value")
    assert value[1].tolist() == [2840.5, 2840.5, 2840.5, 2622.0]
    assert value[2].tolist() == [1507.8, 1005.2, 1005.2, 1005.2]
    assert out.loc[out["seller_tier"] == 1, "bought"].tolist() == [100, 0, 0, 0]
    assert out.loc[out["seller_tier"] == 1, "sold"].tolist() == [35, 0, 0, 5]


def test_shipments_add_the_top_agents():
    shipments = pd.DataFrame(
        {
            "date": pd.to_datetime(["2014-02-20"]).astype("datetime64[us]"),
            "buyer_id": ["top"],
            "buyer_tier": pd.array([0], dtype="Int8"),
            "category": pd.Categorical(["mask"]),
            "quantity": pd.array([500], dtype="Int64"),
            "amount": [19000.0],
        }
    )
    out = channel_inventory(hand_orders(), by=(), shipments=shipments)
    # Feb: 500 at the top; March: 400 top + 65 + 30; April 400 + 65 + 20 …
    assert out["period"].iloc[0] == T("2014-02-28")
    assert out["stock"].tolist() == [500, 495, 485, 485, 480]
    assert out["value"].iloc[0] == 19000.0


def test_bad_keys_and_missing_columns_are_named():
    with pytest.raises(ValueError, match="cannot hold stock by"):
        channel_inventory(hand_orders(), by=("region",))
    with pytest.raises(ValueError, match="buyer_tier"):
        channel_inventory(hand_orders().drop(columns="buyer_tier"))


def test_equals_the_simulators_true_stock_by_tier(sim):
    out = channel_inventory(sim.orders, by=("seller_tier",), shipments=sim.shipments)
    truth = sim.stock_by_tier  # the simulator's own names: no renaming
    keys = ["period", "seller_tier"]
    merged = out.merge(truth, on=keys, how="outer", validate="1:1", suffixes=("", "_true"))
    assert merged["stock"].notna().all() and merged["stock_true"].notna().all()
    assert (merged["stock"] == merged["stock_true"]).all()
    whole = channel_inventory(sim.orders, by=(), shipments=sim.shipments)
    assert whole["stock"].tolist() == sim.truth["channel_units"].tolist()
    np.testing.assert_allclose(whole["value"], sim.truth["channel_value"], rtol=1e-12)
    below = channel_inventory(sim.orders, by=("seller_tier",))
    without_top = truth[truth["seller_tier"] > 0].merge(below, on=keys, suffixes=("_true", ""))
    assert (without_top["stock"] == without_top["stock_true"]).all()


def test_per_agent_stock_equals_the_inventory_table(sim):
    out = channel_inventory(sim.orders, by=("seller_id",), shipments=sim.shipments)
    counted = sim.inventory.merge(out, on=["period", "seller_id"], how="left")
    assert (counted["units"] == counted["stock"]).all()


def test_months_of_supply_exact_and_by_tier(sim):
    inv = pd.DataFrame(
        {
            "period": pd.to_datetime(["2015-01-31", "2015-02-28", "2015-03-31"]),
            "stock": [900, 880, 870],
        }
    )
    sales = pd.Series([30.0, 20.0, 10.0], index=inv["period"])
    out = months_of_supply(inv, sales, window=3)
    assert out["retail_units_per_month"].tolist() == [30.0, 25.0, 20.0]
    assert out["months_of_supply"].tolist() == [30.0, 35.2, 43.5]
    tiers = months_of_supply(
        channel_inventory(sim.orders, by=("seller_tier",), shipments=sim.shipments),
        market_size(sim.orders, by=("seller_tier",)),
        window=1,
    )
    retail = sim.orders[sim.orders["kind"] == "retail"]
    last = tiers["period"].max()
    sold = (
        retail[(retail["date"] > last - pd.offsets.MonthEnd(1))]
        .groupby("seller_tier")["quantity"]
        .sum()
    )
    row = tiers[(tiers["period"] == last)].set_index("seller_tier")
    for tier, units in sold.items():
        assert row.loc[tier, "retail_units_per_month"] == units
    assert math.isinf(row["months_of_supply"].max())  # some tier holds stock nobody buys


def test_months_of_supply_names_the_sell_through_columns_it_lacks():
    inv = pd.DataFrame({"period": pd.to_datetime(["2015-01-31"]), "stock": [900]})
    sales = pd.DataFrame({"period": pd.to_datetime(["2015-01-31"]), "units": [30]})
    with pytest.raises(MissingColumnsError) as caught:
        months_of_supply(inv, sales)
    assert str(caught.value) == (
        "months_of_supply (sell_through): columns should include ['period', "
        "'retail_units']; missing ['retail_units']; the frame has ['period', 'units']"
    )  # no "they come from market_size": the column is the caller's choice (units=)
    assert caught.value.missing == ["retail_units"]
    assert caught.value.available == ["period", "units"]
    with pytest.raises(MissingColumnsError, match=r"missing \['period', 'sold'\];"):
        months_of_supply(inv, sales.drop(columns="period"), units="sold")


def test_years_to_clear_scenarios():
    table = years_to_clear(1200, 100)
    flat = table.set_index("scenario").loc["demand flat"]
    assert flat["years_to_clear"] == 1.0
    rising = table.set_index("scenario").loc["demand +10 % a year"]
    assert rising["years_to_clear"] == pytest.approx(math.log(1 + math.log(1.1)) / math.log(1.1))
    assert table["years_to_clear"].is_monotonic_increasing  # the scenarios run from + to −
    never = years_to_clear(5000, 100, {"halving": -0.5})
    assert math.isinf(never["years_to_clear"].iloc[0]) and not never["clears"].iloc[0]
    assert never["ever_sold"].iloc[0] == pytest.approx(1200 / math.log(2))
    grid = years_to_clear(1200, {"low": 50, "high": 200}, {"flat": 0.0})
    assert grid.set_index("demand_level")["years_to_clear"].to_dict() == {"low": 2.0, "high": 0.5}
    with pytest.raises(ValueError, match="units a month"):
        years_to_clear(1, 0)


def test_review_findings_dates_calendar_quarters_and_tiny_rates():
    bad = hand_orders()
    bad.loc[2, "date"] = pd.NaT
    with pytest.raises(ValueError, match=r"date is missing in 1 rows \(first \[2\]\)"):
        channel_inventory(bad, by=("seller_tier",))
    # the calendar can run past the last order: the stock stays
    out = channel_inventory(hand_orders(), by=("seller_tier",), until="2014-08-15")
    assert out["period"].max() == T("2014-08-31")
    assert out.loc[out["period"] == T("2014-08-31"), "stock"].tolist() == [60, 20]
    # quarterly sell-through is turned into a monthly rate
    inv = pd.DataFrame(
        {"period": pd.to_datetime(["2015-03-31", "2015-06-30"]), "stock": [900, 900]}
    )
    out = months_of_supply(inv, pd.Series([300.0, 300.0], index=inv["period"]), window=1)
    assert out["retail_units_per_month"].tolist() == [100.0, 100.0]
    assert out["months_of_supply"].tolist() == [9.0, 9.0]
    tiny = years_to_clear(1200, 100, {"a": 1e-17, "b": 1e-13})
    assert tiny["years_to_clear"].tolist() == pytest.approx([1.0, 1.0])
    with pytest.raises(ValueError, match="at least one"):
        years_to_clear(1200, 100, {})
    with pytest.raises(ValueError, match="units a month"):
        years_to_clear(1200, float("nan"))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 40),
    seed=st.integers(0, 2**32 - 1),
    many_cells=st.booleans(),
)
def test_stacked_totals_equal_the_totals_of_the_sides_stacked(rows, seed, many_cells):
    # two sides of the same rows: a tier and an id read from a column per side (with
    # missing values), a shared period; the spare-cell numbering against plain totals
    rng = np.random.default_rng(seed)
    width = 400 if many_cells else 3  # 400 × 400 cells: numbered through _occupied

    def tiers():
        values = rng.integers(0, width, rows).astype(float)
        values[rng.random(rows) < 0.2] = np.nan
        return pd.Series(values).astype("Int16")

    def ids():
        return pd.Series(
            [None if rng.random() < 0.2 else f"A{rng.integers(0, width):04d}" for _ in range(rows)],
            dtype="str",
        )

    period = pd.Series(rng.integers(0, 3, rows)).astype("category")
    seller = [period, tiers(), ids()]
    buyer = [period, tiers(), ids()]
    qty, fen = rng.integers(0, 50, rows), rng.integers(0, 10**6, rows)
    sells, buys = rng.random(rows) < 0.7, rng.random(rows) < 0.5
    keys = ["period", "tier", "id"]
    got = stacked_totals(
        keys, [(seller, sells, {"sold": qty}), (buyer, buys, {"bought": qty, "paid": fen})]
    )
    zero = np.zeros(rows, np.int64)

    def side(columns, reached, sums):
        frame = pd.DataFrame(dict(zip(keys, columns, strict=True)))[reached]
        return totals(frame.reset_index(drop=True), {k: v[reached] for k, v in sums.items()})

    expected = combine_totals(
        [
            side(seller, sells, {"sold": qty, "bought": zero, "paid": zero}),
            side(buyer, buys, {"sold": zero, "bought": qty, "paid": fen}),
        ]
    )
    columns = [*keys, "sold", "bought", "paid"]
    pd.testing.assert_frame_equal(got.groups[columns], expected.groups[columns])


def test_whole_fen_over_several_chunks_with_and_without_where():
    # 70,001 rows: more than one chunk of 65,536; missing amounts only on unflagged rows
    amounts = pd.Series(np.arange(70_001) * 0.01 + 0.1 + 0.2, index=np.arange(70_001) + 5)
    flagged = np.arange(70_001) % 3 == 0
    gappy = amounts.where(flagged)
    fen = whole_fen(gappy, "demo", where=flagged)
    expected = np.where(flagged, np.rint(amounts.to_numpy() * 100), 0).astype(np.int64)
    assert fen.dtype == np.int64 and (fen == expected).all()
    assert (whole_fen(amounts, "demo") == np.rint(amounts.to_numpy() * 100)).all()
    flagged[[1, 66_001]] = True  # now two flagged rows lack an amount: named by label
    with pytest.raises(InputError, match=r"rows \[6, 66006\]"):
        whole_fen(gappy, "demo", where=flagged)
