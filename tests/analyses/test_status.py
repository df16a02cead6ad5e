"""Analyses count what was really sold: paid, live orders, net of refunds.

The market sizes are worked by hand from the export fixtures of ``tests/data/layouts``,
shop, platform and social-commerce exports alike, in ``tests/data/layouts_markets.csv``: each
export's net market size (net sales, units, sold orders), its gross view and the orders left
out by status (see tests/cleaning/test_layouts.py for the clean tables).
"""

from __future__ import annotations

import pandas as pd
import pytest
from layout_exports import DATA, clean_export

from microcommerce.analyses import (
    active_sellers,
    channel_inventory,
    left_out,
    market_size,
    sold_orders,
)

#: the hand-worked market size of each export, a row per file
MARKETS = pd.read_csv(DATA / "layouts_markets.csv", comment="#", index_col="file")
LEFT_OUT = ["cancelled", "closed", "refunded", "unpaid"]


def clean(name: str) -> pd.DataFrame:
    return clean_export(name).clean


@pytest.mark.parametrize("name", sorted(MARKETS.index))
def test_market_size_of_each_export_is_the_hand_worked_net_figure(name):
    want = MARKETS.loc[name]
    orders = clean(name)
    net = market_size(orders, by=())
    assert net["period"].tolist() == [pd.Timestamp(want["period"])]
    row = net.iloc[0]
    sold = want[["sold_cny", "sold_units", "sold_orders"]].tolist()
    assert (row["sell_through"], row["retail_units"], row["orders"]) == pytest.approx(sold)
    assert row["sell_in"] == 0 and row["active_sellers"] == want["shops"]
    left = {
        status: {"orders": want[f"{status}_orders"], "amount": want[f"{status}_cny"]}
        for status in LEFT_OUT
        if pd.notna(want[f"{status}_orders"])
    }
    assert net.attrs["status"]["left_out"] == left
    everything = market_size(orders, by=(), status="all").iloc[0]
    gross = want[["all_cny", "all_units", "all_orders"]].tolist()
    assert (everything["turnover"], everything["units"], everything["orders"]) == pytest.approx(
        gross
    )


def test_refunds_deducted_are_reported():
    assert market_size(clean("taobao_ExportOrderList.csv"), by=()).attrs["status"][
        "refunds_deducted"
    ] == pytest.approx(50.0)
    assert left_out(clean("youzan_items.csv"))["refunds_deducted"] == pytest.approx(30.0)


def test_tables_without_status_count_every_order_unchanged():
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2014-03-02", "2014-03-09"]),
            "seller_id": ["a", "b"],
            "kind": ["retail", "retail"],
            "quantity": [1, 2],
            "amount": [10.0, 20.0],
        }
    )
    assert sold_orders(orders) is orders
    result = market_size(orders, by=())
    assert result["sell_through"].tolist() == [30.0] and "status" not in result.attrs


def test_status_view_is_checked():
    with pytest.raises(ValueError, match="status='gross'"):
        market_size(clean("pdd_orders.csv"), status="gross")


def test_shops_without_tier_form_their_own_group_by_tier():
    agents = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-02"]),
            "seller_id": ["agent"],
            "seller_tier": pd.array([1], dtype="Int8"),
            "kind": ["retail"],
            "quantity": [1],
            "amount": [100.0],
        }
    )
    shop = clean("pdd_orders.csv")[agents.columns]
    both = pd.concat([agents, shop], ignore_index=True)
    got = market_size(both, by=("seller_tier",))
    assert got["seller_tier"].isna().sum() == 1
    assert got["sell_through"].sum() == pytest.approx(100.0 + 229.2)  # no status: all count


def test_other_analyses_take_the_status_view():
    orders = clean("ewei_shopv2_orders.csv")
    active = active_sellers(orders)
    assert active["active_sellers"].tolist() == [1]
    assert active.attrs["status"]["left_out"]["closed"] == {"orders": 1, "amount": 216.0}
    stock = channel_inventory(orders, by=(), status="all")
    assert "status" not in stock.attrs  # the gross view leaves nothing out


def test_sold_orders_on_dask_gives_the_pandas_result():
    dd = pytest.importorskip("dask.dataframe")
    orders = clean("jd_pop_orders.csv")
    lazy = dd.from_pandas(orders, npartitions=2)
    got = market_size(lazy, by=())
    want = market_size(orders, by=())
    pd.testing.assert_frame_equal(got, want)


def test_an_order_counts_once_when_any_of_its_lines_sold():
    # order a: line 1 refunded in full, line 2 sold; order b: one line sold; order c:
    # cancelled. Two orders sold (18 instead of 19 when only line 1 counted).
    orders = pd.DataFrame(
        {
            "order_id": ["a", "a", "b", "c"],
            "line": pd.array([1, 2, 1, 1], dtype="Int32"),
            "date": pd.to_datetime(["2024-05-01"] * 4),
            "seller_id": ["s"] * 4,
            "kind": ["retail"] * 4,
            "quantity": pd.array([1, 2, 1, 3], dtype="Int64"),
            "amount": [10.0, 30.0, 5.0, 9.0],
            "refund": [10.0, 0.0, 0.0, 0.0],
            "status": pd.Categorical(["refunded", "completed", "completed", "cancelled"]),
        }
    )
    size = market_size(orders)
    assert size[["orders", "units", "sell_through"]].iloc[0].tolist() == [2, 3, 35.0]
    by_qty = market_size(orders.assign(category=["x", "y", "y", "y"]), by="category")
    assert by_qty.set_index("category")["orders"].to_dict() == {"y": 2}  # x: nothing sold
