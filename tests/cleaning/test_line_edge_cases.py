"""Edge cases of the line model, shops and partitions, each with a hand-worked figure.

Imports the cleaning layer's private ``cleaning._boundaries`` to test its machinery.
"""

from __future__ import annotations

import pandas as pd
import pytest

from microcommerce.analyses import market_size
from microcommerce.cleaning import clean_orders
from microcommerce.cleaning._boundaries import whole_partition
from microcommerce.errors import InputError
from microcommerce.io import read_table


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_table(path)


def test_a_refund_on_one_goods_row_is_that_rows_alone(tmp_path):
    # A's 90 is written once on its first row; the 20 refund on its second line only
    raw = _csv(
        tmp_path,
        "店.csv",
        "订单号,下单时间,商品,数量,实付金额,退款金额\n"
        "A,2024-05-01,x,1,90,\n"
        ",,y,1,,20\n"
        ",,z,1,,\n"
        "B,2024-05-02,u,1,30,\n",
    )
    clean = clean_orders(raw).clean
    assert clean.loc[clean["order_id"] == "A", "refund"].sum() == 20.0
    assert market_size(clean)["sell_through"].sum() == 90 + 30 - 20


def test_a_layout_of_one_row_per_order_rejects_a_repeated_id(tmp_path):
    # a taobao order downloaded twice with different statuses is no two-line order
    head = (
        "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间,宝贝标题,宝贝总数量,店铺名称\n"
    )
    raw = _csv(
        tmp_path,
        "tb.csv",
        head + "T1,u,100,交易关闭,2024-05-01,x,1,店\nT1,u,100,交易成功,2024-05-01,x,1,店\n",
    )
    result = clean_orders(raw)
    assert result.report.layout == "taobao_orders"
    # the repeat is rejected with its reason; the order is not halved into two lines
    assert result.report.rows_rejected == 1
    assert result.clean["amount"].tolist() == [100.0]
    assert result.rejected["reason"].str.contains("is unique").all()


def test_two_shops_numbering_alike_are_two_orders_in_market_size():
    orders = pd.DataFrame(
        {
            "order_id": ["WS1", "WS1"],
            "date": pd.to_datetime(["2024-05-01", "2024-05-02"]),
            "seller_id": ["brandA", "brandB"],
            "amount": [10.0, 20.0],
            "quantity": [1, 1],
            "kind": ["retail", "retail"],
        }
    )
    assert market_size(orders)["orders"].sum() == 2


def test_a_shop_column_is_never_filled_with_the_files_name(tmp_path):
    raw = _csv(
        tmp_path,
        "shops_may.csv",
        "订单号,下单时间,实付金额,店铺名称\nA1,2024-05-01,10,ShopX\nA2,2024-05-01,20,\n",
    )
    clean = clean_orders(raw).clean
    assert "shops_may" not in set(clean["seller_id"].dropna())


def test_an_order_over_three_partitions_is_refused_not_cut():
    a, b, c = (pd.DataFrame({"单号": ids}) for ids in (["A", "B"], ["B", "B"], ["B", "C"]))
    assert whole_partition(a, None, b, "单号", None)["单号"].tolist() == ["A", "B", "B", "B"]
    with pytest.raises(InputError, match="more than two partitions"):
        whole_partition(b, a, c, "单号", None)


def test_one_stray_row_with_money_of_its_own_is_rejected_not_added(tmp_path):
    raw = _csv(
        tmp_path,
        "店.csv",
        "订单号,下单时间,商品,数量,实付金额\n"
        "O1,2024-05-01,x,1,10\nO2,2024-05-01,y,1,20\n,,运费补差,1,500\nO3,2024-05-02,z,1,30\n",
    )
    result = clean_orders(raw)
    assert result.clean["amount"].sum() == 60.0 and result.report.rows_rejected == 1


def test_inspect_finds_the_status_words_under_a_title_row(tmp_path):
    from microcommerce.cleaning import inspect_export

    path = tmp_path / "报表.csv"
    path.write_text(
        "店铺订单报表,,,\n订单号,支付时间,实付金额,订单状态\n"
        "A1,2024-05-01,10,交易成功\nA2,2024-05-01,20,待配送\n",
        encoding="utf-8",
    )
    text = str(inspect_export(path))
    assert "待配送" in text and "--alias 'status:待配送=LABEL'" in text
