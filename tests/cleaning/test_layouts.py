"""Real shop and platform export layouts: detection, statuses, refunds and multi-line orders.

Each file of ``tests/data/layouts`` holds synthetic rows under a real export's headers, in
that platform's encoding, with a cancelled or unpaid order, a refund, a multi-line order
where the platform writes them, and a totals row. The expected tables, of these exports and
of the social-commerce ones (``test_social_exports.py``), are worked by hand in
``tests/data/layouts_clean.csv`` (see its notes); what each file is, in ``tests/layout_exports.py``.

Imports the cleaning layer's private ``cleaning._layouts``, ``cleaning._lines``,
``cleaning._statuses`` to test its machinery.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from layout_exports import COLUMNS, EXPORTS, LAYOUTS, clean_export, hand_worked

from microcommerce.cleaning import clean_orders, clean_sellers, clean_to_dataset
from microcommerce.cleaning._layouts import detect_layout, export_layouts, get_layout
from microcommerce.cleaning._lines import split_order_amount
from microcommerce.cleaning._statuses import normalize_statuses, status_aliases
from microcommerce.errors import MissingColumnsError
from microcommerce.io import read_dataset, read_table


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_export_cleans_to_its_hand_worked_table(name):
    layout, seller, encoding = EXPORTS[name]
    raw = read_table(LAYOUTS / name)
    assert raw.attrs["source"].encoding == encoding
    result = clean_orders(raw, seller=seller)
    assert result.report.layout == layout
    got = result.clean.assign(day=result.clean["date"].dt.strftime("%Y-%m-%d"))[COLUMNS]
    pd.testing.assert_frame_equal(
        got.astype({"line": "int64", "quantity": "int64", "status": "str"}), hand_worked(name)
    )
    # a shop's own sales: no tier, sold to end customers, on the layout's platform
    assert result.clean["seller_tier"].isna().all() and (result.clean["kind"] == "retail").all()
    assert (result.clean["platform"] == get_layout(layout).platform).all()
    assert result.clean["seller_id"].iloc[0] == (seller or "蜜语旗舰店")
    # every row accounted for: the totals row (and Youzan's undated item) rejected
    r = result.report
    assert r.rows_in == r.rows_clean + r.rows_rejected + r.duplicates_removed
    assert (result.rejected["reason_code"] == "totals_row").sum() == 1


def test_youzan_items_not_yet_shipped_have_no_date_and_are_rejected_as_such():
    rejected = clean_export("youzan_items.csv").rejected
    assert rejected[["row", "column", "reason_code"]].values.tolist()[0] == [
        6,
        "date",
        "missing_value",
    ]


def test_summary_reports_the_layout_and_the_money_left_out_by_status():
    text = clean_export("taobao_ExportOrderList.csv").summary()
    assert "layout: taobao_orders — 淘宝/天猫 订单报表 (ExportOrderList) (lines: order)" in text
    assert "订单编号 → order_id" in text and "买家实际支付金额 → amount" in text
    lines = text.splitlines()
    closed = next(line for line in lines if line.strip().startswith("closed"))
    assert "138.00" in closed and "left out of sales" in closed
    assert "refunds deducted from the orders sold: ¥50.00" in text


def test_an_export_without_status_says_every_order_counts():
    raw = pd.DataFrame(
        {
            "订单号": ["A"],
            "下单时间": ["2014-03-05"],
            "卖家": ["s"],
            "数量": ["1"],
            "实付金额": ["5"],
        }
    )
    result = clean_orders(raw)
    assert result.clean["status"].isna().all() and result.report.layout is None
    assert "no status column: every order counts as sold" in result.summary()


def test_layout_columns_win_over_generic_aliases():
    # JD's 订单类型 (SOP) is the platform's own order type, not sell_in / retail
    result = clean_export("jd_pop_orders.csv")
    assert "订单类型" in result.report.unmapped_columns
    # without the layout the generic alias names it, but its values (SOP) are no order
    # kind: it is left out and named, never a reason to reject rows
    raw = read_table(LAYOUTS / "jd_pop_orders.csv")
    generic = clean_orders(raw.drop(columns=["商品ID", "京东价"]), seller="京东店")
    assert generic.report.layout is None and not generic.rejected["column"].eq("kind").any()
    assert generic.report.left_out["订单类型"].startswith("kind: 0% of the values fit")
    assert "left out: 订单类型 — kind: 0%" in generic.summary()
    assert generic.clean["kind"].eq("retail").all()
    # columns={header: None} leaves a column out
    ignored = clean_orders(
        raw.drop(columns=["商品ID", "京东价"]), seller="京东店", columns={"订单类型": None}
    )
    assert "订单类型" in ignored.report.unmapped_columns and len(ignored.clean) > 0


def test_a_layout_can_be_forced_and_an_unknown_one_is_refused():
    raw = read_table(LAYOUTS / "douyin_orders.csv").drop(columns=["子订单编号"])
    assert detect_layout(list(raw.columns)) is None
    forced = clean_orders(raw, layout="douyin", seller="抖店")
    assert forced.report.layout == "douyin" and len(forced.clean) == 6
    with pytest.raises(ValueError, match=r"unknown export layout 'tmall'.*taobao_orders"):
        clean_orders(raw, layout="tmall")


def test_a_one_shop_export_without_shop_column_is_one_shop_named_after_the_file():
    raw = read_table(LAYOUTS / "pdd_orders.csv")
    result = clean_orders(raw)
    assert result.clean["seller_id"].eq("pdd_orders").all()
    assert "seller: one shop, named after the file: pdd_orders" in result.summary()
    assert clean_orders(raw, seller="多多店").clean["seller_id"].eq("多多店").all()
    # a frame made in memory has no file name: the seller is asked for
    with pytest.raises(MissingColumnsError) as info:
        clean_orders(pd.DataFrame(raw.to_dict("list")))
    assert info.value.missing == ["seller_id"]
    assert "拼多多 订单导出" in str(info.value) and "seller='shop name'" in str(info.value)
    assert "--seller 'shop name'" in info.value.cli_message


def test_taobao_order_ids_lose_their_excel_guard():
    raw = read_table(LAYOUTS / "taobao_ExportOrderList.csv")
    assert raw["订单编号"].iloc[0] == '="3201551234567890101"'
    assert clean_orders(raw).clean["order_id"].iloc[0] == "3201551234567890101"


def test_unknown_status_is_rejected_and_aliases_map_it():
    raw = read_table(LAYOUTS / "pdd_orders.csv")
    raw.loc[0, "订单状态"] = "待评价"
    result = clean_orders(raw, seller="s")
    assert result.rejected["reason_code"].iloc[0] == "unknown_status"
    assert result.rejected["reason"].iloc[0].startswith("status: '待评价'")  # the value shown
    mapped = clean_orders(raw, seller="s", aliases={"status": {"待评价": "completed"}})
    assert mapped.clean["status"].iloc[0] == "completed"
    with pytest.raises(ValueError, match=r"'done' is not a order status"):
        clean_orders(raw, seller="s", aliases={"status": {"待评价": "done"}})


def test_a_partial_refund_without_amount_cannot_be_netted():
    raw = read_table(LAYOUTS / "douyin_orders.csv")
    raw.loc[0, "售后状态"] = "部分退款"
    result = clean_orders(raw, seller="s")
    assert result.rejected["reason_code"].iloc[0] == "refund_missing"


def test_lines_that_disagree_on_the_order_amount_are_rejected():
    raw = read_table(LAYOUTS / "jd_pop_orders.csv")
    raw.loc[1, "应付金额"] = "240.00"
    result = clean_orders(raw, seller="s")
    bad = result.rejected[result.rejected["column"] == "amount"]
    assert bad["row"].tolist() == [2, 3]
    assert set(bad["reason_code"]) == {"order_amount_differs"}
    assert "250000000001" not in set(result.clean["order_id"])


def test_a_goods_row_with_no_order_above_it_is_rejected():
    raw = read_table(LAYOUTS / "ewei_shopv2_orders.csv")
    result = clean_orders(raw.iloc[1:], seller="s")  # the first row (its order) cut off
    assert result.rejected["reason_code"].iloc[0] == "orphan_line"


def test_identical_goods_rows_of_different_orders_are_not_duplicates():
    raw = read_table(LAYOUTS / "ewei_shopv2_orders.csv")
    # the 玫瑰精华水 goods rows of orders 1 and 5 are identical cell for cell
    assert raw.iloc[1].equals(raw.iloc[6])
    assert clean_orders(raw, seller="s").report.duplicates_removed == 0


def test_a_brand_ladder_sets_the_tiers_and_the_parent_checks():
    ladder = ["联创", "总代", "省代", "市代", "特约"]
    agents = pd.DataFrame(
        {
            "代理编号": ["a", "b", "c", "d"],
            "上级": [None, "a", "b", "b"],
            "级别": ["联创", "总代", "特约", "总代"],
            "授权时间": ["2020-01-01"] * 4,
        }
    )
    result = clean_sellers(agents, tiers=ladder)
    assert result.clean["tier"].tolist() == [0, 1, 4]
    # d is 总代 like its parent b: not below it in the ladder
    assert result.rejected["reason_code"].tolist() == ["check:parent_above"]
    with pytest.raises(ValueError, match="each rank must be named, and only once"):
        clean_sellers(agents, tiers=["总代", "总代"])


def test_the_layout_table_names_its_evidence_and_the_statuses_their_vocabulary():
    table = export_layouts()
    assert table["layout"].is_unique and (table["evidence"].str.len() > 40).all()
    assert set(status_aliases("after_sale")["status"]) == {
        "none",
        "pending",
        "refunded",
        "partially_refunded",
    }
    labels, unknown = normalize_statuses(pd.Series(["卖家已发货,等待买家确认"]))
    assert labels.tolist() == ["shipped"] and not unknown.any()


@given(
    st.lists(
        st.tuples(st.integers(1, 10**9), st.lists(st.floats(0, 1e6), min_size=1, max_size=6)),
        min_size=1,
        max_size=5,
    )
)
def test_split_order_amounts_add_up_to_the_fen(orders):
    ids, amounts, weights = [], [], []
    for k, (fen, ws) in enumerate(orders):
        ids += [f"o{k}"] * len(ws)
        amounts += [fen / 100] * len(ws)
        weights += ws
    lines, differ = split_order_amount(pd.Series(ids), pd.Series(amounts), pd.Series(weights))
    assert not differ.any()
    got = (lines * 100).round().astype("int64").groupby(ids).sum()
    want = pd.Series([fen for fen, _ in orders], index=[f"o{k}" for k in range(len(orders))])
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_names=False)
    # each line is within a fen of its exact share
    w = pd.Series(weights)
    total = w.groupby(ids).transform("sum")
    share = (w / total).where(total > 0, 1 / w.groupby(ids).transform("size"))
    exact = pd.Series(amounts) * 100 * share
    assert ((lines * 100 - exact).abs() <= 1 + 1e-6).all()


def test_a_folder_of_platform_exports_cleans_with_the_layout_and_seller(tmp_path):
    report = clean_to_dataset(
        [LAYOUTS / "pdd_orders.csv", LAYOUTS / "douyin_orders.csv"], tmp_path, seller="我的店"
    )
    assert (report["rows_clean"], report["rows_rejected"]) == (5 + 6, 2)
    clean = read_dataset(tmp_path / "clean")
    assert set(clean["seller_id"]) == {"我的店"} and set(clean["line"]) == {1, 2}


ORDER_TEXTS = status_aliases("order")[["alias", "status"]].to_numpy().tolist()


@given(
    st.sampled_from(ORDER_TEXTS),
    st.sampled_from(["", " ", "\u3000", "\t"]),
    st.sampled_from(["，", ",", "、", ""]),
)
def test_status_texts_match_whatever_their_width_spacing_and_commas(entry, space, comma):
    alias, status = entry
    written = space + alias.replace("，", comma) + space
    wide = written.translate({ord(c): ord(c) + 0xFEE0 for c in "abcdefghijklmnopqrstuvwxyz"})
    labels, unknown = normalize_statuses(pd.Series([written, wide, alias.upper()]))
    assert labels.tolist() == [status] * 3 and not unknown.any()
