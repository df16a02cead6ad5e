"""The social-commerce exports analysts bring: 微信小店, 快手小店, 小红书 千帆, 有赞's order view,
the group-buy tools 快团团 and 群接龙, and the ERPs 聚水潭 and 旺店通 that gather several shops.

Each file of ``tests/data/layouts`` holds synthetic rows under the headers public code reads or
writes for that export (the evidence is in ``cleaning/data/layouts.csv``), with a multi-line order
where the export writes them, a refund, a cancelled order, a status word first met in these exports
and a totals row. The expected tables are worked by hand (see the comments); the market sizes are
in ``tests/analyses/test_social_markets.py``.

Imports the cleaning layer's private ``cleaning._statuses`` to test its machinery.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from microcommerce.cleaning import clean_orders, export_layouts, get_layout
from microcommerce.cleaning._statuses import normalize_statuses
from microcommerce.io import read_table

LAYOUTS = Path(__file__).parents[1] / "data" / "layouts"
COLUMNS = ["order_id", "line", "day", "product", "quantity", "amount", "refund", "status"]

#: file, layout, seller given, encoding read, expected rows (order_id, line, day, product,
#: quantity, amount, refund, status)
CASES = {
    "youzan_orders.csv": (
        "youzan_orders",
        "有赞店",  # no shop column
        "utf-8-sig",
        [
            # one row per order: 订单实付金额 after 店铺优惠 and with 运费; units 订单商品总件数
            (
                "E20240701100000000001",
                1,
                "2024-07-01",
                "蚕丝补水面膜(5片装)(2件)",
                2,
                188.0,
                0,
                "completed",
            ),
            (
                "E20240702100000000002",
                1,
                "2024-07-02",
                "蚕丝补水面膜(5片装)(1件);玫瑰精华水(100ml)(1件)",
                2,
                229.0,
                0.0,
                "shipped",
            ),
            (
                "E20240703100000000003",
                1,
                "2024-07-03",
                "玫瑰精华水(100ml)(1件)",
                1,
                120.0,
                0.0,
                "paid",
            ),
            # 退款完成 and no refund column: the whole amount refunded
            (
                "E20240704100000000004",
                1,
                "2024-07-04",
                "蚕丝补水面膜(5片装)(1件)",
                1,
                99.0,
                99,
                "refunded",
            ),
            (
                "E20240705100000000005",
                1,
                "2024-07-05",
                "蚕丝补水面膜(5片装)(1件)",
                1,
                0.0,
                0.0,
                "closed",
            ),
        ],
    ),
    "wechat_shop_orders.csv": (
        "wechat_shop",
        "蜜语旗舰店",  # no shop column
        "utf-8-sig",
        [
            # amount: 订单实际支付金额 (after 商品优惠, with 订单运费), not 商品总价
            ("3720240901000001", 1, "2024-09-01", "蚕丝补水面膜", 2, 188.0, 0.0, "completed"),
            # 229.00 (219 of goods + 10 运费) repeated on both goods rows, shared by 商品数量 ×
            # 商品实际价格(单件): 229 × 99/219 = 103.52, 229 × 120/219 = 125.48
            ("3720240902000002", 1, "2024-09-02", "蚕丝补水面膜", 1, 103.52, 0.0, "shipped"),
            ("3720240902000002", 2, "2024-09-02", "玫瑰精华水", 1, 125.48, 0.0, "shipped"),
            ("3720240903000003", 1, "2024-09-03", "玫瑰精华水", 1, 120.0, 0.0, "paid"),
            # 商品售后 退款完成, 商品已退款金额 99.00
            ("3720240904000004", 1, "2024-09-04", "蚕丝补水面膜", 1, 99.0, 99.0, "refunded"),
            ("3720240905000005", 1, "2024-09-05", "蚕丝补水面膜", 1, 0.0, 0.0, "cancelled"),
            # 商品售后 用户取消申请: the buyer withdrew, still a sale
            ("3720240906000006", 1, "2024-09-06", "蚕丝补水面膜", 1, 99.0, 0.0, "completed"),
        ],
    ),
    "kuaishou_orders.csv": (
        "kuaishou",
        "蜜语旗舰店",  # no shop column
        "utf-8-sig",
        [
            # one row per order; amount 实付款 (after 店铺优惠, with 快递费), units 成交数量; its
            # 渠道 column (自营/分销) is not taken for the platform
            ("2410010000000001", 1, "2024-10-01", "蚕丝补水面膜", 2, 188.0, 0.0, "completed"),
            ("2410020000000002", 1, "2024-10-02", "玫瑰精华水", 1, 130.0, 0.0, "paid"),
            # 售后状态 用户取消申请: the buyer withdrew, still a sale
            ("2410030000000003", 1, "2024-10-03", "蚕丝补水面膜", 1, 99.0, 0.0, "shipped"),
            ("2410040000000004", 1, "2024-10-04", "蚕丝补水面膜", 1, 99.0, 99.0, "refunded"),
            ("2410050000000005", 1, "2024-10-05", "蚕丝补水面膜", 1, 0.0, 0.0, "cancelled"),
        ],
    ),
    "xiaohongshu_orders.csv": (
        "xiaohongshu",
        None,  # 店铺名称
        "utf-8-sig",
        [
            # amount: 用户应付金额(元) (after 店铺优惠), not 商品总价(元) nor 商家应收金额
            ("P780000000000000001", 1, "2024-03-01", "蚕丝补水面膜", 2, 188.0, 0.0, "completed"),
            # one row per SKU, each with its own amount
            ("P780000000000000002", 1, "2024-03-02", "玫瑰精华水", 1, 110.0, 0.0, "shipped"),
            ("P780000000000000002", 2, "2024-03-02", "蚕丝补水面膜", 1, 94.0, 0.0, "shipped"),
            # 待配货: paid, goods being allocated
            ("P780000000000000003", 1, "2024-03-03", "蚕丝补水面膜", 1, 99.0, 0.0, "paid"),
            # 已关闭 + 售后完成 and no refund column: the whole amount refunded
            ("P780000000000000004", 1, "2024-03-04", "玫瑰精华水", 1, 120.0, 120.0, "refunded"),
            ("P780000000000000005", 1, "2024-03-05", "蚕丝补水面膜", 1, 99.0, 0.0, "cancelled"),
        ],
    ),
    "kuaituantuan_orders.csv": (
        "kuaituantuan",
        "蜜语旗舰店",  # no shop column
        "utf-8-sig",
        [
            ("1", 1, "2024-04-01", "丹东草莓 1盒", 2, 59.8, 0.0, "completed"),
            # 订单金额 89.70 repeated on both goods rows, shared out by quantity × (89.70 ÷
            # quantity): equal shares
            ("2", 1, "2024-04-02", "丹东草莓 1盒", 1, 44.85, 0.0, "paid"),
            ("2", 2, "2024-04-02", "蓝莓 125g", 2, 44.85, 0.0, "paid"),
            ("3", 1, "2024-04-03", "蓝莓 125g", 1, 29.9, 29.9, "refunded"),
            ("4", 1, "2024-04-04", "蓝莓 125g", 1, 29.9, 0.0, "cancelled"),
            # 已发货 with 退款金额 10.00 of 59.80
            ("5", 1, "2024-04-05", "丹东草莓 1盒", 2, 59.8, 10.0, "partially_refunded"),
            ("6", 1, "2024-04-06", "蓝莓 125g", 1, 29.9, 0.0, "completed"),  # 已送达
        ],
    ),
    "qunjielong_orders.csv": (
        "qunjielong",
        "蜜语旗舰店",  # no shop column
        "utf-8-sig",
        [
            # amount: 在线支付金额, the order's 45.00 with delivery, not 商品金额 40.00
            ("QJ202405010001", 1, "2024-05-01", "手工水饺", 2, 45.0, 0.0, "completed"),
            # the order's cells (merged in the workbook) empty on its second goods row: its
            # 50.00 shared over the lines by quantity × (50.00 ÷ quantity): equal shares
            ("QJ202405020002", 1, "2024-05-02", "手工水饺", 1, 25.0, 0.0, "paid"),  # 配货中
            ("QJ202405020002", 2, "2024-05-02", "鲜肉馄饨", 2, 25.0, 0.0, "paid"),
            ("QJ202405030003", 1, "2024-05-03", "鲜肉馄饨", 1, 15.0, 15.0, "refunded"),
            ("QJ202405040004", 1, "2024-05-04", "手工水饺", 1, 0.0, 0.0, "cancelled"),
            # the order's 订单已退款 10.00 of 40.00 shared out like its amount: 5.00 a line
            ("QJ202405050005", 1, "2024-05-05", "手工水饺", 1, 20.0, 5.0, "partially_refunded"),
            ("QJ202405050005", 2, "2024-05-05", "鲜肉馄饨", 1, 20.0, 5.0, "partially_refunded"),
        ],
    ),
    "jushuitan_orders.csv": (
        "jushuitan",
        None,  # 店铺: two shops in one file
        "utf-8-sig",
        [
            ("10001", 1, "2024-06-01", "玫瑰精华水", 1, 138.0, 0.0, "shipped"),
            # 已付金额 233.00 (237 of goods − 14 + 10 运费) repeated on both goods rows, shared
            # by 数量 × 商品单价: 233 × 99/237 = 97.33, 233 × 138/237 = 135.67
            ("10002", 1, "2024-06-02", "蚕丝补水面膜", 1, 97.33, 0.0, "paid"),  # 已客审待财审
            ("10002", 2, "2024-06-02", "玫瑰精华水", 1, 135.67, 0.0, "paid"),
            ("10003", 1, "2024-06-03", "蚕丝补水面膜", 2, 188.0, 0.0, "paid"),  # 异常: held, paid
            ("10004", 1, "2024-06-04", "蚕丝补水面膜", 1, 0.0, 0.0, "cancelled"),
            # 被拆分 into 10006 and 10007, which carry its goods and money: closed
            ("10005", 1, "2024-06-05", "蚕丝补水面膜", 1, 99.0, 0.0, "closed"),
            ("10005", 2, "2024-06-05", "玫瑰精华水", 1, 138.0, 0.0, "closed"),
            ("10006", 1, "2024-06-05", "蚕丝补水面膜", 1, 99.0, 0.0, "shipped"),
            ("10007", 1, "2024-06-05", "玫瑰精华水", 1, 138.0, 0.0, "paid"),  # 发货中
            ("10008", 1, "2024-06-06", "玫瑰精华水", 1, 138.0, 138.0, "refunded"),
            ("10009", 1, "2024-06-07", "蚕丝补水面膜", 1, 99.0, 0.0, "paid"),  # 已付款待审核
            # 被合并 into 10011, which carries both units
            ("10010", 1, "2024-06-08", "蚕丝补水面膜", 1, 99.0, 0.0, "closed"),
            ("10011", 1, "2024-06-08", "蚕丝补水面膜", 2, 198.0, 0.0, "shipped"),
        ],
    ),
    "wangdiantong_orders.csv": (
        "wangdiantong",
        None,  # 店铺名称: two shops in one file
        "utf-8-sig",
        [
            ("JY202408010001", 1, "2024-08-01", "玫瑰精华水", 1, 138.0, 0.0, "completed"),
            # 已收金额 227.00 (237 of goods − 20 + 10 邮费) repeated on both goods rows, shared
            # by 货品数量 × 货品价格: 227 × 99/237 = 94.82, 227 × 138/237 = 132.18
            ("JY202408020002", 1, "2024-08-02", "蚕丝补水面膜", 1, 94.82, 0.0, "paid"),  # 发货中
            ("JY202408020002", 2, "2024-08-02", "玫瑰精华水", 1, 132.18, 0.0, "paid"),
            ("JY202408030003", 1, "2024-08-03", "蚕丝补水面膜", 1, 0.0, 0.0, "cancelled"),
            ("JY202408040004", 1, "2024-08-04", "蚕丝补水面膜", 1, 99.0, 99.0, "refunded"),
            ("JY202408050005", 1, "2024-08-05", "蚕丝补水面膜", 2, 198.0, 0.0, "shipped"),
        ],
    ),
}


def clean_fixture(name: str):
    _, seller, _, _ = CASES[name]
    return clean_orders(read_table(LAYOUTS / name), seller=seller)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_export_cleans_to_its_hand_worked_table(name):
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
    assert result.clean["seller_tier"].isna().all() and (result.clean["kind"] == "retail").all()
    assert (result.clean["platform"] == get_layout(layout).platform).all()
    assert result.clean["seller_id"].iloc[0] == (seller or "蜜语旗舰店")
    r = result.report
    assert r.rows_in == r.rows_clean + r.rows_rejected + r.duplicates_removed
    assert result.rejected["reason"].str.startswith("totals row").sum() == 1


SOCIAL = {name: case[0] for name, case in CASES.items()}
#: the exports with no shop column: one shop, named after the file
ONE_SHOP = {
    "kuaishou_orders.csv",
    "kuaituantuan_orders.csv",
    "qunjielong_orders.csv",
    "wechat_shop_orders.csv",
    "youzan_orders.csv",
}


@pytest.mark.parametrize("name", sorted(SOCIAL))
def test_each_social_export_cleans_with_no_options(name):
    result = clean_orders(read_table(LAYOUTS / name))
    assert result.report.layout == SOCIAL[name]
    if name in ONE_SHOP:
        assert set(result.clean["seller_id"]) == {Path(name).stem}
    want = [row[:2] for row in CASES[name][3]]
    assert list(zip(result.clean["order_id"], result.clean["line"], strict=True)) == want


@pytest.mark.parametrize("name", sorted(SOCIAL))
def test_each_social_export_cleans_from_the_shell_with_no_options(name, tmp_path, capsys):
    from microcommerce.cli import main

    out = tmp_path / "orders.parquet"
    code = main(["clean", "orders", str(LAYOUTS / name), "-o", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"layout: {SOCIAL[name]}" in printed.out
    if name in ONE_SHOP:
        assert f"one shop, named after the file: {Path(name).stem}" in printed.out
    assert len(pd.read_parquet(out)) == len(CASES[name][3])


def test_the_new_status_words_map_as_documented():
    paid = ["待配货", "配货中", "发货中", "已付款待审核", "已客审待财审", "异常"]
    order = pd.Series([*paid, "被拆分", "被合并", "已送达", "退款完成"])
    labels, unknown = normalize_statuses(order)
    assert not unknown.any()
    assert labels.tolist() == ["paid"] * 6 + ["closed", "closed", "completed", "refunded"]
    after = pd.Series(["售后完成", "退款完成", "用户取消申请", "无"])
    labels, unknown = normalize_statuses(after, "after_sale")
    assert labels.tolist() == ["refunded", "refunded", "none", "none"] and not unknown.any()


def test_a_split_or_merged_erp_order_is_not_a_sale_of_its_own():
    clean = clean_orders(read_table(LAYOUTS / "jushuitan_orders.csv")).clean
    # order 10005 was split into 10006 and 10007 (same 线上订单号): counted once, by its children
    closed = clean.loc[clean["status"] == "closed", "order_id"].unique().tolist()
    assert closed == ["10005", "10010"]
    assert set(clean.groupby("seller_id")["order_id"].nunique().items()) == {
        ("蜜语旗舰店", 7),
        ("蜜语抖音店", 4),
    }


def test_an_order_refund_is_shared_over_its_lines_like_its_amount():
    raw = read_table(LAYOUTS / "qunjielong_orders.csv")
    raw.loc[5, "订单已退款"] = "40.00"  # the whole order of two lines refunded
    clean = clean_orders(raw, seller="s").clean
    order = clean[clean["order_id"] == "QJ202405050005"]
    assert order["refund"].tolist() == [20.0, 20.0]
    assert order["status"].astype(str).tolist() == ["refunded", "refunded"]


def test_refunds_that_differ_between_lines_are_the_lines_own():
    raw = read_table(LAYOUTS / "kuaituantuan_orders.csv")
    raw.loc[1, "退款金额"] = "5.00"  # order 2: its first goods row refunded 5.00, not the second
    result = clean_orders(raw, seller="s")
    order = result.clean[result.clean["order_id"] == "2"]
    assert order["refund"].tolist() == [5.0, 0.0]
    assert order["status"].astype(str).tolist() == ["partially_refunded", "paid"]
    assert result.report.rows_rejected == 1  # the totals row only


def test_the_shell_help_names_every_layout(capsys):
    from microcommerce.cli import main

    with pytest.raises(SystemExit):
        main(["clean", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in export_layouts()["layout"]:
        assert name in text, name


def test_the_guide_lists_every_layout_with_its_line_model():
    guide = Path(__file__).parents[2] / "docs" / "guide" / "cleaning.md"
    section = guide.read_text(encoding="utf-8").split("## Supported exports", 1)[1]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    listed = {row[0].strip("| `"): row[2] for row in rows}
    table = export_layouts()
    assert list(listed) == table["layout"].tolist()
    for name, lines in table[["layout", "lines"]].itertuples(index=False):
        assert f"(`{lines}`)" in listed[name], name


def test_a_workbook_with_merged_order_cells_reads_as_continuation_rows(tmp_path):
    from openpyxl import Workbook

    raw = read_table(LAYOUTS / "qunjielong_orders.csv")
    book = Workbook()
    sheet = book.active
    sheet.append(list(raw.columns))
    for row in raw.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])
    # 群接龙 merges an order's cells over its goods rows: orders 2 and 5 have two rows each
    order_cells = [
        "订单号",
        "接龙号",
        "购买人",
        "订单总金额",
        "订单已退款",
        "订单状态",
        "在线支付金额",
    ]
    for col in (list(raw.columns).index(name) + 1 for name in order_cells):
        for top in (3, 7):  # sheet rows (the header is row 1)
            sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    path = tmp_path / "qunjielong.xlsx"
    book.save(path)
    from_book = clean_orders(read_table(path), seller="蜜语旗舰店").clean
    from_csv = clean_fixture("qunjielong_orders.csv").clean
    pd.testing.assert_frame_equal(from_book, from_csv)
