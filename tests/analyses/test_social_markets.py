"""Market sizes of the social-commerce exports, worked by hand from their fixtures.

The clean tables are in ``tests/cleaning/test_social_exports.py``; here each export's net market
size (net sales, units, sold orders), its gross view and the orders left out by status.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from microcommerce.analyses import market_size
from microcommerce.cleaning import clean_orders
from microcommerce.io import read_table

LAYOUTS = Path(__file__).parents[1] / "data" / "layouts"

#: one-shop exports: file, seller, period, (sold: CNY, units, orders), (all: CNY, units,
#: orders), left out
MARKETS = {
    # 188 + 229 (two products, one row) + 120; all: + 99 refunded + 0 closed unpaid
    "youzan_orders.csv": (
        "有赞店",
        "2024-07-31",
        (537.0, 5, 3),
        (636.0, 7, 5),
        {"closed": {"orders": 1, "amount": 0.0}, "refunded": {"orders": 1, "amount": 99.0}},
    ),
    # 188 + (103.52 + 125.48) + 120 + 99; all: + 99 refunded + 0 cancelled
    "wechat_shop_orders.csv": (
        "蜜语旗舰店",
        "2024-09-30",
        (636.0, 6, 4),
        (735.0, 8, 6),
        {"cancelled": {"orders": 1, "amount": 0.0}, "refunded": {"orders": 1, "amount": 99.0}},
    ),
    # 188 + 130 + 99; all: + 99 refunded + 0 cancelled
    "kuaishou_orders.csv": (
        "蜜语旗舰店",
        "2024-10-31",
        (417.0, 4, 3),
        (516.0, 6, 5),
        {"cancelled": {"orders": 1, "amount": 0.0}, "refunded": {"orders": 1, "amount": 99.0}},
    ),
    # 188 + (110 + 94) + 99 (待配货); all: + 120 refunded (售后完成) + 99 cancelled
    "xiaohongshu_orders.csv": (
        None,
        "2024-03-31",
        (491.0, 5, 3),
        (710.0, 7, 5),
        {"cancelled": {"orders": 1, "amount": 99.0}, "refunded": {"orders": 1, "amount": 120.0}},
    ),
    # 59.80 + 89.70 + (59.80 − 10) + 29.90; all: + 29.90 refunded + 29.90 cancelled
    "kuaituantuan_orders.csv": (
        "蜜语旗舰店",
        "2024-04-30",
        (229.2, 8, 4),
        (299.0, 10, 6),
        {"cancelled": {"orders": 1, "amount": 29.9}, "refunded": {"orders": 1, "amount": 29.9}},
    ),
    # 45 + 50 + (40 − 10); all: + 15 refunded + 0 cancelled (nothing paid online)
    "qunjielong_orders.csv": (
        "蜜语旗舰店",
        "2024-05-31",
        (125.0, 7, 3),
        (150.0, 9, 5),
        {"cancelled": {"orders": 1, "amount": 0.0}, "refunded": {"orders": 1, "amount": 15.0}},
    ),
}

#: ERP exports of two shops each: file, period, sold, all, left out
ERP = {
    # 138 + 233 + 188 (异常) + 99 + 138 (the split order's two children) + 99 + 198 (the
    # merged order); all: + 0 cancelled + 237 split + 99 merged + 138 refunded
    "jushuitan_orders.csv": (
        "2024-06-30",
        (1093.0, 10, 7),
        (1567.0, 15, 11),
        {
            "cancelled": {"orders": 1, "amount": 0.0},
            "closed": {"orders": 2, "amount": 336.0},
            "refunded": {"orders": 1, "amount": 138.0},
        },
    ),
    # 138 + 227 (发货中) + 198; all: + 0 cancelled + 99 refunded
    "wangdiantong_orders.csv": (
        "2024-08-31",
        (563.0, 5, 3),
        (662.0, 7, 5),
        {"cancelled": {"orders": 1, "amount": 0.0}, "refunded": {"orders": 1, "amount": 99.0}},
    ),
}


@pytest.mark.parametrize("name", sorted(MARKETS))
def test_market_size_of_each_export_is_the_hand_worked_net_figure(name):
    seller, period, sold, gross, dropped = MARKETS[name]
    orders = clean_orders(read_table(LAYOUTS / name), seller=seller).clean
    net = market_size(orders, by=())
    assert net["period"].tolist() == [pd.Timestamp(period)]
    row = net.iloc[0]
    assert (row["sell_through"], row["retail_units"], row["orders"]) == pytest.approx(sold)
    assert row["sell_in"] == 0 and row["active_sellers"] == 1
    assert net.attrs["status"]["left_out"] == dropped
    everything = market_size(orders, by=(), status="all").iloc[0]
    assert (everything["turnover"], everything["units"], everything["orders"]) == pytest.approx(
        gross
    )


@pytest.mark.parametrize("name", sorted(ERP))
def test_an_erp_export_of_two_shops_counts_each_sale_once(name):
    period, sold, gross, dropped = ERP[name]
    orders = clean_orders(read_table(LAYOUTS / name)).clean
    net = market_size(orders, by=())
    row = net.iloc[0]
    assert net["period"].tolist() == [pd.Timestamp(period)]
    assert (row["sell_through"], row["retail_units"], row["orders"]) == pytest.approx(sold)
    assert row["active_sellers"] == 2  # 蜜语旗舰店 and 蜜语抖音店
    assert net.attrs["status"]["left_out"] == dropped
    everything = market_size(orders, by=(), status="all").iloc[0]
    assert (everything["turnover"], everything["units"], everything["orders"]) == pytest.approx(
        gross
    )
