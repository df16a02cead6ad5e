"""Real shop and platform export layouts: detection, statuses, refunds and multi-line orders.

Each file of ``tests/data/layouts`` holds synthetic rows under a real export's headers, in
that platform's encoding, with a cancelled or unpaid order, a refund, a multi-line order
where the platform writes them, and a totals row. The expected tables are worked by hand
(see the comments).

Imports the cleaning layer's private ``cleaning._layouts``, ``cleaning._lines``,
``cleaning._statuses`` to test its machinery.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce.cleaning import clean_orders, clean_sellers, clean_to_dataset
from microcommerce.cleaning._layouts import detect_layout, export_layouts, get_layout
from microcommerce.cleaning._lines import split_order_amount
from microcommerce.cleaning._statuses import normalize_statuses, status_aliases
from microcommerce.errors import MissingColumnsError
from microcommerce.io import read_dataset, read_table

LAYOUTS = Path(__file__).parents[1] / "data" / "layouts"
COLUMNS = ["order_id", "line", "day", "product", "quantity", "amount", "refund", "status"]

#: file, layout, seller given, encoding read, expected rows (order_id, line, day, product,
#: quantity, amount, refund, status)
CASES = {
    "taobao_ExportOrderList.csv": (
        "taobao_orders",
        None,  # the file names its shop (店铺名称)
        "gb18030",
        [
            ("3201551234567890101", 1, "2023-03-01", "蚕丝补水面膜", 2, 276.0, 0.0, "completed"),
            # 交易关闭 after a refund of the whole 138.00
            ("3201551234567890102", 1, "2023-03-02", "玫瑰精华水", 1, 138.0, 138.0, "closed"),
            ("3201551234567890103", 1, "2023-03-03", "玫瑰精华水", 1, 0.0, 0.0, "unpaid"),
            (
                "3201551234567890104",
                1,
                "2023-03-04",
                "蚕丝补水面膜，玫瑰精华水",
                3,
                414.0,
                0.0,
                "shipped",
            ),
            # 交易成功 with 退款金额 50.00 of 299.00: partially refunded
            (
                "3201551234567890105",
                1,
                "2023-03-05",
                "修护精华礼盒",
                1,
                299.0,
                50.0,
                "partially_refunded",
            ),
            ("3201551234567890106", 1, "2023-03-31", "玫瑰精华水", 1, 138.0, 0.0, "paid"),
        ],
    ),
    "pdd_orders.csv": (
        "pdd",
        "多多小店",
        "utf-8-sig",
        [
            # amount: 用户实付金额(元) 49.80, not 商家实收金额(元) 55.80
            ("230301-145678901234567", 1, "2023-03-01", "蚕丝补水面膜", 2, 49.8, 0.0, "completed"),
            ("230301-145678901234568", 1, "2023-03-01", "玫瑰精华水", 1, 29.9, 0.0, "cancelled"),
            # 售后状态 退款成功 and no refund column: the whole amount was refunded
            ("230302-145678901234569", 1, "2023-03-02", "玫瑰精华水", 1, 29.9, 29.9, "refunded"),
            # 售后处理中: under way, still a sale
            ("230302-145678901234570", 1, "2023-03-02", "玫瑰精华水", 1, 29.9, 0.0, "paid"),
            ("230303-145678901234571", 1, "2023-03-03", "蚕丝补水面膜", 3, 89.7, 0.0, "shipped"),
        ],
    ),
    "jd_pop_orders.csv": (
        "jd_pop",
        "京东店",
        "gb18030",
        [
            # 应付金额 238.00 on both lines, split ∝ 订购数量 × 京东价 = 138 : 120:
            # 23800 × 138/258 = 12730.23 fen, 23800 × 120/258 = 11069.77 fen; the fen
            # left over goes to the larger remainder → 127.30 + 110.70
            ("250000000001", 1, "2023-04-01", "蚕丝补水面膜 5片", 2, 127.3, 0.0, "completed"),
            ("250000000001", 2, "2023-04-01", "玫瑰精华水 100ml", 1, 110.7, 0.0, "completed"),
            ("250000000002", 1, "2023-04-02", "修护精华 30ml", 1, 89.0, 0.0, "paid"),
            ("250000000003", 1, "2023-04-03", "洁面乳 120g", 1, 59.0, 0.0, "cancelled"),
            ("250000000004", 1, "2023-04-04", "补水面膜 单片", 1, 45.0, 0.0, "shipped"),
            ("250000000004", 2, "2023-04-04", "舒缓面膜 单片", 1, 45.0, 0.0, "shipped"),
        ],
    ),
    "douyin_orders.csv": (
        "douyin",
        "抖店",
        "utf-8-sig",
        [
            ("6917926768823640001", 1, "2023-05-01", "玉肌皂", 1, 29.9, 0.0, "completed"),
            ("6917926768823640002", 1, "2023-05-02", "玉肌皂", 2, 59.8, 0.0, "shipped"),
            ("6917926768823640002", 2, "2023-05-02", "赠品-起泡网", 1, 0.0, 0.0, "shipped"),
            # 已关闭 + 售后状态 退款成功
            ("6917926768823640003", 1, "2023-05-03", "玉肌皂礼盒", 1, 49.9, 49.9, "refunded"),
            ("6917926768823640004", 1, "2023-05-04", "玉肌皂", 1, 29.9, 0.0, "paid"),
            ("6917926768823640005", 1, "2023-05-05", "玉肌皂", 1, 29.9, 0.0, "closed"),
        ],
    ),
    "youzan_items.csv": (
        "youzan_items",
        "有赞店",
        "utf-8-sig",
        [
            # date: 交易成功时间, else 商品发货时间; amount: 商品实际成交金额 (after discount)
            ("E20230401120000000001", 1, "2023-04-08", "蚕丝补水面膜", 2, 178.0, 0.0, "completed"),
            ("E20230402090000000002", 1, "2023-04-03", "玫瑰精华水", 1, 120.0, 0.0, "shipped"),
            ("E20230402090000000002", 2, "2023-04-03", "蚕丝补水面膜", 1, 99.0, 0.0, "shipped"),
            # 退款成功 of 30.00 of 99.00
            (
                "E20230403150000000003",
                1,
                "2023-04-10",
                "蚕丝补水面膜",
                1,
                99.0,
                30.0,
                "partially_refunded",
            ),
        ],
    ),
    "ewei_shopv2_orders.csv": (
        "ewei_shopv2",
        "人人店",
        "gb18030",
        [
            # goods rows: the second leaves the order's cells empty. amount: 应收款, what the
            # buyer paid with 运费 included (314 of goods + 10 = 324), shared out over the
            # lines by 商品数量 × 商品单价(折扣后): 324 × 196/314 = 202.24, 324 × 118/314 = 121.76
            ("SH20230501100000123456", 1, "2023-05-01", "蚕丝补水面膜", 2, 202.24, 0, "completed"),
            ("SH20230501100000123456", 2, "2023-05-01", "玫瑰精华水", 1, 121.76, 0.0, "completed"),
            ("SH20230502100000123457", 1, "2023-05-02", "蚕丝补水面膜", 1, 98.0, 0.0, "paid"),
            ("SH20230503100000123458", 1, "2023-05-03", "蚕丝补水面膜", 1, 98.0, 0.0, "unpaid"),
            ("SH20230504100000123459", 1, "2023-05-04", "蚕丝补水面膜", 1, 98.0, 98.0, "refunded"),
            ("SH20230505100000123460", 1, "2023-05-05", "蚕丝补水面膜", 1, 98.0, 0.0, "closed"),
            ("SH20230505100000123460", 2, "2023-05-05", "玫瑰精华水", 1, 118.0, 0.0, "closed"),
        ],
    ),
}


def clean_fixture(name: str):
    _, seller, _, _ = CASES[name]
    return clean_orders(read_table(LAYOUTS / name), seller=seller)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_layout_cleans_to_its_hand_worked_table(name):
    layout, seller, encoding, rows = CASES[name]
    raw = read_table(LAYOUTS / name)
    assert raw.attrs["source"].encoding == encoding
    result = clean_orders(raw, seller=seller)
    assert result.report.layout == layout
    got = result.clean.assign(day=result.clean["date"].dt.strftime("%Y-%m-%d"))[COLUMNS]
    want = pd.DataFrame(rows, columns=COLUMNS)
    pd.testing.assert_frame_equal(
        got.astype({"line": "int64", "quantity": "int64", "status": "str"}), want
    )
    # a shop's own sales: no tier, sold to end customers, on the layout's platform
    assert result.clean["seller_tier"].isna().all() and (result.clean["kind"] == "retail").all()
    assert (result.clean["platform"] == get_layout(layout).platform).all()
    assert result.clean["seller_id"].iloc[0] == (seller or "蜜语旗舰店")
    # every row accounted for: the totals row (and Youzan's undated item) rejected
    r = result.report
    assert r.rows_in == r.rows_clean + r.rows_rejected + r.duplicates_removed
    assert result.rejected["reason"].str.startswith("totals row").sum() == 1


def test_youzan_items_not_yet_shipped_have_no_date_and_are_rejected_as_such():
    rejected = clean_fixture("youzan_items.csv").rejected
    assert rejected[["row", "column", "reason"]].values.tolist()[0] == [
        6,
        "date",
        "fails check: date is required",
    ]


def test_summary_reports_the_layout_and_the_money_left_out_by_status():
    text = clean_fixture("taobao_ExportOrderList.csv").summary()
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
    result = clean_fixture("jd_pop_orders.csv")
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
    assert result.rejected["reason"].iloc[0].startswith("status: '待评价' — unknown order status")
    mapped = clean_orders(raw, seller="s", aliases={"status": {"待评价": "completed"}})
    assert mapped.clean["status"].iloc[0] == "completed"
    with pytest.raises(ValueError, match=r"'done' is not a order status"):
        clean_orders(raw, seller="s", aliases={"status": {"待评价": "done"}})


def test_a_partial_refund_without_amount_cannot_be_netted():
    raw = read_table(LAYOUTS / "douyin_orders.csv")
    raw.loc[0, "售后状态"] = "部分退款"
    result = clean_orders(raw, seller="s")
    assert result.rejected["reason"].iloc[0] == (
        "refund: partially refunded but the export gives no refund amount (map it: refund)"
    )


def test_lines_that_disagree_on_the_order_amount_are_rejected():
    raw = read_table(LAYOUTS / "jd_pop_orders.csv")
    raw.loc[1, "应付金额"] = "240.00"
    result = clean_orders(raw, seller="s")
    bad = result.rejected[result.rejected["column"] == "amount"]
    assert bad["row"].tolist() == [2, 3]
    assert "250000000001" not in set(result.clean["order_id"])


def test_a_goods_row_with_no_order_above_it_is_rejected():
    raw = read_table(LAYOUTS / "ewei_shopv2_orders.csv")
    result = clean_orders(raw.iloc[1:], seller="s")  # the first row (its order) cut off
    assert result.rejected["reason"].iloc[0] == (
        "a goods row with no order above it (continuation row)"
    )


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
    assert result.rejected["reason"].tolist() == ["fails check: parent's tier above the agent's"]
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
