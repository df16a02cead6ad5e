"""The social-commerce exports analysts bring: 微信小店, 快手小店, 小红书 千帆, 有赞's order view,
the group-buy tools 快团团 and 群接龙, and the ERPs 聚水潭 and 旺店通 that gather several shops.

Each file of ``tests/data/layouts`` holds synthetic rows under the headers public code reads or
writes for that export (the evidence is in ``cleaning/data/layouts.csv``), with a multi-line order
where the export writes them, a refund, a cancelled order, a status word first met in these exports
and a totals row. The expected clean tables are worked by hand in ``tests/data/layouts_clean.csv``
and checked, with those of the shop and platform exports, in ``test_layouts.py``; the market
sizes are in ``tests/analyses/test_status.py``.

Imports the cleaning layer's private ``cleaning._statuses`` to test its machinery.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from layout_exports import LAYOUTS, SOCIAL, clean_export, hand_worked

from microcommerce.cleaning import clean_orders, export_layouts
from microcommerce.cleaning._statuses import normalize_statuses
from microcommerce.io import read_table

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
    want = hand_worked(name)
    assert list(zip(result.clean["order_id"], result.clean["line"], strict=True)) == list(
        zip(want["order_id"], want["line"], strict=True)
    )


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
    assert len(pd.read_parquet(out)) == len(hand_worked(name))


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
    from_csv = clean_export("qunjielong_orders.csv").clean
    pd.testing.assert_frame_equal(from_book, from_csv)
