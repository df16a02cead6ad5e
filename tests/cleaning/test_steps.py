"""The cleaning steps one at a time, each on a small export worked by hand.

Each test makes the state a step starts from (the steps before it applied), applies the
one step and checks exactly what it set; the last tests check the whole list and the
reason codes' table.

Imports the cleaning layer's private ``_steps`` and ``_lines`` to test the machinery one
step at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microcommerce.cleaning import REASON_CODES, TABLES, clean_orders, reason_codes
from microcommerce.cleaning import _steps as steps
from microcommerce.cleaning._lines import LineModel
from microcommerce.errors import MissingColumnsError

HEADER = ["订单号", "下单时间", "卖家", "代理级别", "数量", "实付金额"]


def orders(*rows: list, columns: list[str] = HEADER) -> pd.DataFrame:
    """An order export of text cells (None: an empty cell)."""
    return pd.DataFrame([list(r) for r in rows], columns=columns, dtype="str")


def state_before(step: str, raw: pd.DataFrame, table: str = "orders", **options):
    """The state ``step`` starts from: the steps before it applied to ``raw``."""
    state = steps.start(raw, steps.Options(table, **options))
    names = [name for name, _ in steps.STEPS]
    return steps.run(state, steps.STEPS[: names.index(step)])


def test_the_steps_are_named_and_in_order():
    assert [name for name, _ in steps.STEPS] == [
        "locate_header",
        "map_roles",
        "reject_non_records",
        "fill_continuations",
        "fill_constants",
        "drop_duplicates",
        "settle_line_model",
        "parse_values",
        "amount_basis",
        "check_rows",
    ]


def test_start_numbers_the_rows_as_in_the_file_and_rejects_nothing():
    state = steps.start(
        orders(["A1", "2014-03-05", "s", "总代", "1", "5"]), steps.Options("orders")
    )
    assert state.rownum.tolist() == [2]  # the header is row 1
    assert state.rejected.empty and list(state.rejected.columns) == [
        "column",
        "reason",
        "reason_code",
    ]


def test_locate_header_finds_the_header_below_a_title():
    title = ["2015年3月订单导出", *(f"Unnamed: {i}" for i in range(1, 6))]
    raw = orders(HEADER, ["A1", "2014-03-05", "s", "总代", "1", "5"], columns=title)
    state = steps.locate_header(state_before("locate_header", raw))
    assert state.header_at == 0
    assert state.headers == HEADER
    assert list(state.text.columns) == HEADER
    assert state.rejected.empty  # the rows above the data are rejected by a later step


def test_map_roles_takes_the_canonical_columns_as_stripped_text():
    raw = orders([" A1 ", "2014-03-05", "s", "总代", "1", ""])
    state = steps.map_roles(state_before("map_roles", raw))
    assert state.frame.columns.tolist() == [
        "order_id",
        "date",
        "seller_id",
        "seller_tier",
        "quantity",
        "amount",
    ]
    assert state.frame.iloc[0].tolist() == ["A1", "2014-03-05", "s", "总代", "1", np.nan]
    assert state.roles.positions["amount"] == [5]


def test_map_roles_refuses_an_export_without_an_amount():
    raw = orders(["A1", "2014-03-05", "s", "总代", "1"], columns=HEADER[:5])
    with pytest.raises(MissingColumnsError, match="amount"):
        steps.map_roles(state_before("map_roles", raw))


def test_reject_non_records_names_each_kind_of_row():
    raw = orders(
        ["A1", "2014-03-05", "s", "总代", "1", "5"],
        [None] * 6,
        ["--- 导出结束 ---", None, None, None, None, None],
        ["合计", None, None, None, "1", "5"],
        ["A2", "2014-03-06", "s", "总代", "1", "5"],
    )
    state = steps.reject_non_records(state_before("reject_non_records", raw))
    assert state.rejected.index.tolist() == [1, 2, 3]
    assert state.rejected["reason_code"].tolist() == ["blank_row", "note_row", "totals_row"]
    assert state.rejected["reason"].tolist()[0] == "blank row"
    assert state.rejected["column"].isna().all()
    assert state.live().tolist() == [True, False, False, False, True]


def test_reject_non_records_takes_the_header_found_lower_down_as_such():
    title = ["订单导出", *(f"Unnamed: {i}" for i in range(1, 6))]
    raw = orders(["导出人: 张", None, None, None, None, None], HEADER, columns=title)
    raw = pd.concat([raw, orders(["A1", "2014-03-05", "s", "总代", "1", "5"], columns=title)])
    state = steps.reject_non_records(state_before("reject_non_records", raw))
    assert state.rejected["reason_code"].tolist() == ["above_header", "header_row"]


def test_fill_continuations_fills_goods_rows_and_rejects_an_orphan():
    raw = orders(
        [None, None, None, None, "3", "30"],  # goods with no order above it
        ["A1", "2014-03-05", "s", "总代", "1", "10"],
        [None, None, None, None, "2", "20"],  # goods of A1
    )
    model = LineModel("continuation", order_cells=("order_id", "date", "seller_id"))
    state = steps.fill_continuations(state_before("fill_continuations", raw, lines=model))
    assert state.frame["order_id"].iloc[1:].tolist() == ["A1", "A1"]
    assert pd.isna(state.frame["order_id"].iloc[0])
    assert state.frame["date"].iloc[2] == "2014-03-05"
    assert state.rejected["reason_code"].tolist() == ["orphan_line"]
    assert state.rejected.index.tolist() == [0]
    assert state.filled.columns.tolist() == ["order_id", "date", "seller_id"]


def test_fill_continuations_leaves_an_export_of_one_row_per_order_alone():
    raw = orders(["A1", "2014-03-05", "s", "总代", "1", "10"])
    before = state_before("fill_continuations", raw)
    after = steps.fill_continuations(before)
    assert after.filled is None and after.frame is before.frame and after.rejected.empty


def test_fill_constants_names_the_seller_and_the_day_of_an_export_without_them():
    raw = orders(["A1", "1", "10"], ["A2", "2", "20"], columns=["订单号", "数量", "实付金额"])
    before = state_before("fill_constants", raw, seller="蜜语", date="2024-05-01")
    state = steps.fill_constants(before)
    assert state.frame["seller_id"].tolist() == ["蜜语", "蜜语"]
    assert state.frame["date"].tolist() == ["2024-05-01", "2024-05-01"]


def test_drop_duplicates_removes_exact_repeats_and_says_which_row_they_repeat():
    row = ["A1", "2014-03-05", "s", "总代", "1", "10"]
    raw = orders(row, row, ["A2", "2014-03-05", "s", "总代", "1", "10"], row)
    state = steps.drop_duplicates(state_before("drop_duplicates", raw))
    assert state.duplicate.tolist() == [False, True, False, True]
    assert state.duplicates.to_dict("list") == {"row": [3, 5], "same_as_row": [2, 2]}
    assert state.live().tolist() == [True, False, True, False]
    assert state.rejected.empty  # removed and counted, not rejected


def test_settle_line_model_reads_repeated_order_ids_as_lines():
    raw = orders(
        ["A1", "2014-03-05", "s", "总代", "1", "10"],
        ["A1", "2014-03-05", "s", "总代", "2", "20"],
    )
    one = steps.settle_line_model(state_before("settle_line_model", raw.iloc[:1]))
    assert one.model.lines == "order"
    two = steps.settle_line_model(state_before("settle_line_model", raw))
    assert two.model.lines == "line_amounts"


def test_parse_values_types_the_columns_and_rejects_what_cannot_be_read():
    raw = orders(
        ["A1", "2014-03-05", "s", "总代", "2", "¥1,280.00"],
        ["A2", "2014-03-06", "s", "总代", "1", "约300"],
        ["A3", "2014-13-06", "s", "总代", "1", "300"],
    )
    state = steps.parse_values(state_before("parse_values", raw))
    assert state.clean["amount"].tolist()[0] == 1280.0
    assert state.clean["date"].iloc[0] == pd.Timestamp("2014-03-05")
    rejected = state.rejected.sort_index()  # in the order found: column by column
    assert rejected[["column", "reason_code"]].values.tolist() == [
        ["amount", "approximate_amount"],
        ["date", "bad_date"],
    ]
    assert rejected["reason"].iloc[0] == "amount: '约300' — an approximate figure (about)"
    seen = {unit: n for unit, n in state.units["amount"].items() if n}
    assert seen == {"CNY": 1, "nan": 2}  # ¥ on one cell, no unit written on two


def test_amount_basis_keeps_the_unit_price_the_export_gives():
    # 2 × 100 listed, 180 paid: the unit price stays 100, the amount 180 is what was paid
    header = ["订单号", "下单时间", "卖家", "数量", "单价", "实付金额"]
    raw = orders(["A1", "2014-03-05", "s", "2", "100", "180"], columns=header)
    before = state_before("amount_basis", raw)
    state = steps.amount_basis(before)
    assert state.clean["unit_price"].tolist() == [100.0]
    assert state.clean["amount"].tolist() == [180.0]
    assert state.clean["amount_basis"].tolist() == ["paid"]
    assert steps.check_rows(state).rejected.empty  # a paid amount is not held to 2 × 100
    goods = orders(["A1", "2014-03-05", "s", "2", "100", "180"], columns=[*header[:5], "金额"])
    state = steps.amount_basis(state_before("amount_basis", goods))
    assert state.clean["amount_basis"].tolist() == ["goods"]
    assert steps.check_rows(state).rejected["reason_code"].tolist() == ["check:amount_matches"]


def test_check_rows_rejects_the_rows_that_fail_the_schema_naming_the_check():
    raw = pd.DataFrame(
        {
            "代理编号": ["a", "b"],
            "上级": ["x", None],
            "级别": ["总代", "总代"],
            "授权时间": ["2014-03-05", "2014-03-05"],
        }
    )
    state = steps.check_rows(state_before("check_rows", raw, table="sellers"))
    assert state.rejected.index.tolist() == [0]
    assert state.rejected["column"].tolist() == ["parent_id"]
    assert state.rejected["reason_code"].tolist() == ["check:top_has_no_parent"]
    assert state.rejected["reason"].tolist() == ["fails check: parent_id empty exactly for tier 0"]


def test_a_missing_value_is_rejected_once_not_crashed_on_by_a_row_check():
    """A blank tier leaves "parent_id empty exactly for tier 0" undecided (NA): the row is
    rejected as missing its tier, and the check neither fails it again nor raises."""
    raw = pd.DataFrame(
        {
            "代理编号": ["A1", "A2"],
            "上级": [None, "A1"],
            "级别": ["总代", None],
            "授权时间": ["2013-06-12", "2013-06-13"],
        }
    )
    state = steps.check_rows(state_before("check_rows", raw, table="sellers"))
    assert state.rejected.index.tolist() == [1]
    assert state.rejected["column"].tolist() == ["tier"]
    assert state.rejected["reason_code"].tolist() == ["missing_value"]


def test_the_steps_together_are_clean_orders():
    raw = orders(
        ["A1", "2014-03-05", "s", "总代", "2", "10"],
        ["合计", None, None, None, "2", "10"],
    )
    state = steps.run(steps.start(raw, steps.Options("orders")))
    result = clean_orders(raw)
    kept = state.clean[~state.clean.index.isin(state.rejected.index)].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, result.clean)
    assert result.rejected["reason_code"].tolist() == state.rejected["reason_code"].tolist()


def test_every_check_of_the_schema_has_a_code_in_the_table():
    for table in TABLES.values():
        for check in table.checks:
            assert check.code and f"check:{check.code}" in REASON_CODES, check.name
    codes = reason_codes()
    assert codes["code"].is_unique and len(codes) == len(REASON_CODES)
    assert codes["meaning"].str.len().between(10, 90).all()  # one line each
