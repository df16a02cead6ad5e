"""Analyses count what was really sold: paid, live orders, net of refunds.

The market sizes below are worked by hand from the export fixtures of ``tests/data/layouts``,
shop, platform and social-commerce exports alike: each export's net market size (net sales,
units, sold orders), its gross view and the orders left out by status (see
tests/cleaning/test_layouts.py for the clean tables).
"""

from __future__ import annotations

import pandas as pd
import pytest
from layout_exports import clean_export

from microcommerce.analyses import (
    active_sellers,
    channel_inventory,
    left_out,
    market_size,
    sold_orders,
)

#: file: period, (sold: CNY, units, orders), (all: CNY, units, orders), left out (status:
#: (orders, CNY)), shops. Shop and platform exports first, then the social-commerce ones.
MARKETS = {
    # 276 + 414 + (299 − 50) + 138; all: + 138 (closed) + 0 (unpaid)
    "taobao_ExportOrderList.csv": (
        "2023-03-31",
        (1077.0, 7, 4),
        (1265.0, 9, 6),
        {"closed": (1, 138.0), "unpaid": (1, 0.0)},
        1,
    ),
    # 49.80 + 29.90 + 89.70; all: + 29.90 cancelled + 29.90 refunded
    "pdd_orders.csv": (
        "2023-03-31",
        (169.4, 6, 3),
        (229.2, 8, 5),
        {"cancelled": (1, 29.9), "refunded": (1, 29.9)},
        1,
    ),
    # (127.30 + 110.70) + 89 + (45 + 45): five lines, three orders; all: + 59 cancelled
    "jd_pop_orders.csv": ("2023-04-30", (417.0, 6, 3), (476.0, 7, 4), {"cancelled": (1, 59.0)}, 1),
    # 29.90 + (59.80 + 0 gift) + 29.90; all: + 49.90 refunded + 29.90 closed
    "douyin_orders.csv": (
        "2023-05-31",
        (119.6, 5, 3),
        (199.4, 7, 5),
        {"closed": (1, 29.9), "refunded": (1, 49.9)},
        1,
    ),
    # 178 + (120 + 99) + (99 − 30); the undated closed item was rejected when cleaning
    "youzan_items.csv": ("2023-04-30", (466.0, 5, 3), (496.0, 5, 3), {}, 1),
    # 324 (goods 314 + 运费 10) + 98; all: + 98 unpaid + 98 refunded + (98 + 118) closed
    "ewei_shopv2_orders.csv": (
        "2023-05-31",
        (422.0, 4, 2),
        (834.0, 8, 5),
        {"closed": (1, 216.0), "refunded": (1, 98.0), "unpaid": (1, 98.0)},
        1,
    ),
    # 188 + 229 (two products, one row) + 120; all: + 99 refunded + 0 closed unpaid
    "youzan_orders.csv": (
        "2024-07-31",
        (537.0, 5, 3),
        (636.0, 7, 5),
        {"closed": (1, 0.0), "refunded": (1, 99.0)},
        1,
    ),
    # 188 + (103.52 + 125.48) + 120 + 99; all: + 99 refunded + 0 cancelled
    "wechat_shop_orders.csv": (
        "2024-09-30",
        (636.0, 6, 4),
        (735.0, 8, 6),
        {"cancelled": (1, 0.0), "refunded": (1, 99.0)},
        1,
    ),
    # 188 + 130 + 99; all: + 99 refunded + 0 cancelled
    "kuaishou_orders.csv": (
        "2024-10-31",
        (417.0, 4, 3),
        (516.0, 6, 5),
        {"cancelled": (1, 0.0), "refunded": (1, 99.0)},
        1,
    ),
    # 188 + (110 + 94) + 99 (待配货); all: + 120 refunded (售后完成) + 99 cancelled
    "xiaohongshu_orders.csv": (
        "2024-03-31",
        (491.0, 5, 3),
        (710.0, 7, 5),
        {"cancelled": (1, 99.0), "refunded": (1, 120.0)},
        1,
    ),
    # 59.80 + 89.70 + (59.80 − 10) + 29.90; all: + 29.90 refunded + 29.90 cancelled
    "kuaituantuan_orders.csv": (
        "2024-04-30",
        (229.2, 8, 4),
        (299.0, 10, 6),
        {"cancelled": (1, 29.9), "refunded": (1, 29.9)},
        1,
    ),
    # 45 + 50 + (40 − 10); all: + 15 refunded + 0 cancelled (nothing paid online)
    "qunjielong_orders.csv": (
        "2024-05-31",
        (125.0, 7, 3),
        (150.0, 9, 5),
        {"cancelled": (1, 0.0), "refunded": (1, 15.0)},
        1,
    ),
    # ERP exports of two shops each (蜜语旗舰店 and 蜜语抖音店), each sale counted once.
    # 138 + 233 + 188 (异常) + 99 + 138 (the split order's two children) + 99 + 198 (the
    # merged order); all: + 0 cancelled + 237 split + 99 merged + 138 refunded
    "jushuitan_orders.csv": (
        "2024-06-30",
        (1093.0, 10, 7),
        (1567.0, 15, 11),
        {"cancelled": (1, 0.0), "closed": (2, 336.0), "refunded": (1, 138.0)},
        2,
    ),
    # 138 + 227 (发货中) + 198; all: + 0 cancelled + 99 refunded
    "wangdiantong_orders.csv": (
        "2024-08-31",
        (563.0, 5, 3),
        (662.0, 7, 5),
        {"cancelled": (1, 0.0), "refunded": (1, 99.0)},
        2,
    ),
}


def clean(name: str) -> pd.DataFrame:
    return clean_export(name).clean


@pytest.mark.parametrize("name", sorted(MARKETS))
def test_market_size_of_each_export_is_the_hand_worked_net_figure(name):
    period, sold, gross, dropped, shops = MARKETS[name]
    orders = clean(name)
    net = market_size(orders, by=())
    assert net["period"].tolist() == [pd.Timestamp(period)]
    row = net.iloc[0]
    assert (row["sell_through"], row["retail_units"], row["orders"]) == pytest.approx(sold)
    assert row["sell_in"] == 0 and row["active_sellers"] == shops
    left = {status: {"orders": n, "amount": cny} for status, (n, cny) in dropped.items()}
    assert net.attrs["status"]["left_out"] == left
    everything = market_size(orders, by=(), status="all").iloc[0]
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
