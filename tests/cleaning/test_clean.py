"""Cleaning exports into canonical tables: exact results on hand-made fixtures.

Imports the cleaning layer's private ``cleaning._schema`` to test its machinery.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcommerce.cleaning import REASON_CODES, clean_inventory, clean_orders, clean_sellers
from microcommerce.cleaning import _schema as schema
from microcommerce.errors import InputError, MissingColumnsError
from microcommerce.io import read_table, write_table

DATA = Path(__file__).parents[1] / "data"
T = pd.Timestamp


#: What a clean order has when its export says nothing of refunds, statuses or lines.
ORDER_DEFAULTS = {"refund": 0.0, "line": 1}


def typed(table: str, rows: list[dict]) -> pd.DataFrame:
    """A canonical table from hand-written rows (missing keys are missing values)."""
    cols = [c.name for c in schema.TABLES[table].columns]
    defaults = ORDER_DEFAULTS if table == "orders" else {}
    df = pd.DataFrame([{c: r.get(c, defaults.get(c)) for c in cols} for r in rows], columns=cols)
    return df.astype({c.name: c.dtype for c in schema.TABLES[table].columns})


def hand_worked(table: str, fixture: str) -> pd.DataFrame:
    """The canonical table of ``fixture`` worked by hand, in ``data/<its stem>_clean.csv``."""
    rows = pd.read_csv(DATA / f"{Path(fixture).stem}_clean.csv", comment="#", dtype="str")
    return typed(
        table, [{k: v for k, v in r.items() if pd.notna(v)} for r in rows.to_dict("records")]
    )


def assert_accounted(result, raw: pd.DataFrame) -> None:
    r = result.report
    assert r.rows_in == len(raw)
    assert r.rows_clean == len(result.clean)
    assert r.rows_rejected == len(result.rejected)
    assert r.rows_in == r.rows_clean + r.rows_rejected + r.duplicates_removed


def cleans_as_worked(cleaner, table: str, fixture: str):
    """Clean ``fixture``, check it gives the table worked by hand and accounts for every row."""
    raw = read_table(DATA / fixture)
    result = cleaner(raw)
    pd.testing.assert_frame_equal(result.clean, hand_worked(table, fixture))
    assert_accounted(result, raw)
    return result


# ---------------------------------------------------------------------------
# the GB18030 back-office export
# ---------------------------------------------------------------------------

REJECTED_GB = [  # (source row, column at fault, the reason code)
    (7, None, "blank_row"),
    (9, "amount", "approximate_amount"),
    (10, "date", "bad_date"),
    (11, "seller_tier", "unknown_tier"),
    (12, "platform", "unknown_platform"),
    (14, "buyer_tier", "check:buyer_below_seller"),
    (15, None, "totals_row"),
]


@pytest.fixture(scope="module")
def gb_result():
    raw = read_table(DATA / "orders_gb18030.csv")
    return raw, clean_orders(raw)


def test_gb18030_export_cleans_to_the_expected_table(gb_result):
    _, result = gb_result
    pd.testing.assert_frame_equal(result.clean, hand_worked("orders", "orders_gb18030.csv"))


def test_gb18030_export_rejects_each_bad_row_with_its_reason(gb_result):
    _, result = gb_result
    rej = result.rejected
    assert rej["row"].tolist() == [r for r, _, _ in REJECTED_GB]
    for (_, column, code), (_, got) in zip(REJECTED_GB, rej.iterrows(), strict=True):
        assert got["reason_code"] == code, got["reason"]
        assert (pd.isna(got["column"]) and column is None) or got["column"] == column
    # the original cells come along, as text
    assert rej.loc[rej["row"] == 9, "实付金额"].item() == "约150"
    assert rej.loc[rej["row"] == 15, "订单号"].item() == "合计"


def test_gb18030_export_report(gb_result):
    raw, result = gb_result
    assert_accounted(result, raw)
    r = result.report
    assert r.encoding == "gb18030"
    assert r.duplicates_removed == 1
    assert r.duplicates.to_dict("list") == {"row": [6], "same_as_row": [5]}
    assert r.header_mapping["实付金额"] == "amount"
    assert r.header_mapping["代理级别"] == "seller_tier"
    assert r.derived["unit_price = amount ÷ quantity"] == 1  # WX0005 has no price
    assert r.rejected_by_code["blank_row"] == 1
    assert sum(r.rejected_by_code.values()) == r.rows_rejected == 7
    assert "unit_price = amount ÷ quantity (paid ≠ quantity × price)" not in r.derived  # kept
    assert "rejected   7" in result.summary()


# ---------------------------------------------------------------------------
# UTF-8 with BOM, English headers
# ---------------------------------------------------------------------------


def test_utf8_bom_export_with_english_headers():
    result = cleans_as_worked(clean_orders, "orders", "orders_utf8_bom.csv")
    assert result.rejected["row"].tolist() == [5, 6]
    assert result.rejected["reason_code"].iloc[0] == "vague_date"
    assert result.report.derived["amount = quantity × unit_price"] == 1
    assert result.report.encoding == "utf-8-sig"


# ---------------------------------------------------------------------------
# xlsx with a title row above the header
# ---------------------------------------------------------------------------


def test_xlsx_with_a_title_row_finds_the_header(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2014年3月 代理进货明细（导出）"])
    ws.append(["订单号", "下单时间", "卖家", "代理级别", "数量", "实付金额"])
    ws.append(["X1", "2014/3/5", "zhang", "总代", "10", "1,280"])
    ws.append(["X2", "2014/3/6", "zhang", "总代", "1", "128"])
    ws.append(["小计", None, None, None, "11", "1408"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    raw = read_table(path)
    result = clean_orders(raw)
    assert result.clean["order_id"].tolist() == ["X1", "X2"]
    assert result.clean["amount"].tolist() == [1280.0, 128.0]
    assert result.report.header_row == 2
    assert result.rejected["row"].tolist() == [2, 5]
    assert result.rejected["reason_code"].tolist() == ["header_row", "totals_row"]
    header = ["订单号", "下单时间", "卖家", "代理级别", "数量", "实付金额"]
    assert result.rejected.columns[4:].tolist() == header  # the header found, not "Unnamed: 1"
    assert_accounted(result, raw)


def test_missing_required_column_is_a_clear_error():
    raw = pd.DataFrame({"订单号": ["1"], "金额": ["5"], "备注": ["x"]})
    with pytest.raises(InputError) as info:
        clean_orders(raw)
    msg = str(info.value)
    assert "date, seller_id in" in msg  # a shop's export has no seller tier; units may lack
    assert "['订单号', '金额', '备注']" in msg and "下单时间" in msg
    assert "columns={'your header': 'date'}" in msg and "seller='shop name'" in msg
    # the same advice in the command line's syntax
    cli = info.value.cli_message
    assert "--column 'your header=date'" in cli and "--seller" in cli and "columns=" not in cli
    assert info.value.missing == ["date", "seller_id"]


def test_amount_or_unit_price_is_required():
    raw = pd.DataFrame({"订单号": ["1"], "下单时间": ["2014-03-05"], "卖家": ["a"], "数量": ["2"]})
    with pytest.raises(MissingColumnsError, match=r"column\(s\) amount in the headers") as info:
        clean_orders(raw)
    assert info.value.missing == ["amount"]
    priced = clean_orders(raw.assign(单价=["5"]))  # a unit price is enough: amount derived
    assert priced.clean["amount"].tolist() == [10.0]


def test_columns_argument_maps_unknown_headers_and_checks_targets():
    raw = pd.DataFrame(
        {
            "单据": ["1"],
            "when": ["2014-03-05"],
            "who": ["a"],
            "lvl": ["总代"],
            "n": ["2"],
            "money": ["10"],
        }
    )
    mapping = {
        "单据": "order_id",
        "when": "date",
        "who": "seller_id",
        "lvl": "seller_tier",
        "n": "quantity",
        "money": "amount",
    }
    assert clean_orders(raw, columns=mapping).clean["amount"].tolist() == [10.0]
    with pytest.raises(ValueError, match="'price' is not a column of orders"):
        clean_orders(raw, columns={"money": "price"})


def test_aliases_argument_rescues_unknown_labels(gb_result):
    raw, _ = gb_result
    result = clean_orders(raw, aliases={"platform": {"抖音": "other"}, "tier": {"特约": "2"}})
    assert {"WX0008", "WX0009"} <= set(result.clean["order_id"])
    assert result.clean.set_index("order_id").loc["WX0009", "platform"] == "other"


# ---------------------------------------------------------------------------
# sellers and inventory
# ---------------------------------------------------------------------------


def test_sellers_export():
    raw = read_table(DATA / "sellers_gb18030.csv")
    result = clean_sellers(raw)
    expected = hand_worked("sellers", "sellers_gb18030.csv")
    # qian is tier 0 with a parent: the check rejects it; zhao left before joining
    assert result.clean["seller_id"].tolist() == ["zhang", "li", "wang"]
    pd.testing.assert_frame_equal(result.clean, expected.iloc[:3])
    assert result.rejected["row"].tolist() == [5, 6]
    assert result.rejected["reason_code"].tolist() == [
        "check:left_after_joined",
        "check:top_has_no_parent",
    ]
    assert_accounted(result, raw)


def test_inventory_export():
    result = cleans_as_worked(clean_inventory, "inventory", "inventory_utf8.csv")
    # wang's second count for the same month breaks the key; zhao's stock is negative
    assert result.rejected["row"].tolist() == [5, 6]
    assert result.rejected["reason_code"].tolist() == ["duplicate_key", "bad_count"]


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


def _sorted(df: pd.DataFrame, key: str) -> pd.DataFrame:
    return df.sort_values(key, kind="stable").reset_index(drop=True)


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_shuffling_rows_and_columns_does_not_change_the_result(gb_result, rnd):
    raw, result = gb_result
    rows = list(range(len(raw)))
    cols = list(raw.columns)
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    shuffled = raw.iloc[rows][cols].reset_index(drop=True)
    again = clean_orders(shuffled)
    pd.testing.assert_frame_equal(
        _sorted(again.clean, "order_id"), _sorted(result.clean, "order_id")
    )
    reasons = lambda r: sorted(r.rejected["reason_code"])  # noqa: E731
    assert reasons(again) == reasons(result)
    assert again.report.duplicates_removed == result.report.duplicates_removed


@pytest.mark.parametrize(
    ("cleaner", "fixture"),
    [
        (clean_orders, "orders_gb18030.csv"),
        (clean_orders, "orders_utf8_bom.csv"),
        (clean_sellers, "sellers_gb18030.csv"),
        (clean_inventory, "inventory_utf8.csv"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cleaning_a_written_clean_table_gives_it_back(tmp_path, cleaner, fixture, suffix):
    first = cleaner(read_table(DATA / fixture)).clean
    path = write_table(first, tmp_path / f"clean{suffix}")
    again = cleaner(read_table(path))
    pd.testing.assert_frame_equal(again.clean, first)
    assert again.rejected.empty and again.report.duplicates_removed == 0


def test_input_is_not_mutated(gb_result):
    raw, _ = gb_result
    before = raw.copy()
    clean_orders(raw)
    pd.testing.assert_frame_equal(raw, before)


def _order_frame(**columns) -> pd.DataFrame:
    """A one-shop order export: one order unless a column given holds more (None: no column)."""
    cols = {
        "订单号": ["A1"],
        "下单时间": ["2014/3/5"],
        "卖家": ["z"],
        "代理级别": ["总代"],
        "数量": ["1"],
        "实付金额": ["5"],
    }
    cols.update(columns)
    kept = {k: v for k, v in cols.items() if v is not None}
    rows = max(len(v) for v in kept.values() if isinstance(v, list))
    return pd.DataFrame({k: v * rows if len(v) == 1 else v for k, v in kept.items()}).astype("str")


def test_bad_amount_styles_are_each_explained():
    raw = _order_frame(
        订单号=[f"o{i}" for i in range(6)],
        下单时间=["2014-03-05"],
        卖家=["s"],
        数量=["1", "1", "1", "1.5", "0", "1"],
        实付金额=["$5", "1..2万", "近100", "5", "5", "0.128万"],
    )
    result = clean_orders(raw)
    codes = dict(zip(result.rejected["row"], result.rejected["reason_code"], strict=True))
    assert codes == {
        2: "not_yuan",
        3: "bad_amount",  # a misplaced decimal point
        4: "approximate_amount",
        5: "bad_count",
        6: "bad_count",
    }
    assert result.clean["amount"].tolist() == [1280.0]
    assert np.isclose(result.clean["unit_price"].iloc[0], 1280.0)


MESSY_CELLS = {
    "订单号": st.sampled_from(["A1", "A2", "A3", "A1 ", "", "合计", "total", "--- end ---"]),
    "下单时间": st.sampled_from(
        [
            "2014年3月5日",
            "2014/3/6",
            "20140307",
            "March 9, 2014",
            "2014年13月1日",
            "2014年3月",
            "",
            "昨天",
        ]
    ),
    "卖家": st.sampled_from(["zhang", "li", ""]),
    "代理级别": st.sampled_from(["总代", "一级代理", "2级", "特约", "顾客", ""]),
    "买家级别": st.sampled_from(["一级代理", "二级", "顾客", "", "L9"]),
    "数量": st.sampled_from(["1", "10", "0", "1.5", "两", "", "-3"]),
    "单价": st.sampled_from(["63", "¥138.00", "", "约100", "$5"]),
    "实付金额": st.sampled_from(["630", "1.38千", "", "0.0138万", "约1万", "abc"]),
}


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries(MESSY_CELLS), min_size=0, max_size=25))
def test_every_row_is_accounted_for_and_the_clean_table_validates(rows):
    raw = pd.DataFrame(rows, columns=list(MESSY_CELLS)).replace("", np.nan).astype("str")
    result = clean_orders(raw)
    assert_accounted(result, raw)
    schema.validate(result.clean, "orders")
    assert result.rejected["reason"].notna().all()
    assert result.rejected["reason_code"].isin(list(REASON_CODES)).all()
    rejected_rows = set(result.rejected["row"])
    duplicate_rows = set(result.report.duplicates["row"])
    assert len(rejected_rows) == len(result.rejected)  # one line per source row
    assert not rejected_rows & duplicate_rows  # a row is rejected or removed, never both


def test_a_junk_line_is_called_what_it_is():
    raw = _order_frame(
        订单号=["A1", "--- 导出结束 ---"],
        下单时间=["2014/3/5", None],
        卖家=["z", None],
        代理级别=["总代", None],
        数量=["1", None],
        实付金额=["5", None],
    )
    result = clean_orders(raw)
    assert result.rejected["reason_code"].tolist() == ["note_row"]
    assert len(result.clean) == 1


def test_concatenated_exports_with_repeated_index_labels():
    e = _order_frame()
    result = clean_orders(pd.concat([e, e.assign(订单号=["A2"])]))  # no ignore_index
    assert result.clean["order_id"].tolist() == ["A1", "A2"]


def test_duplicate_header_names_are_told_apart():
    df = _order_frame()
    df.insert(len(df.columns), "dup", ["7"])
    df.columns = [*df.columns[:-1], "实付金额"]  # two 实付金额 columns
    result = clean_orders(df)
    assert result.clean["amount"].tolist() == [5.0]
    assert result.report.unmapped_columns == ["实付金额"]


def test_columns_argument_wins_over_the_alias_table():
    df = _order_frame(下单时间=None, 日期=["2014/1/1"], 付款时间=["2014/3/5"])
    result = clean_orders(df, columns={"付款时间": "date"})
    assert result.clean["date"].tolist() == [T("2014-03-05")]
    assert result.report.unmapped_columns == ["日期"]


def test_headers_with_a_yuan_unit_in_brackets_match_and_others_do_not():
    yuan = clean_orders(_order_frame(实付金额=None, **{"金额（元）": ["5"]}))
    assert yuan.clean["amount"].tolist() == [5.0]
    with pytest.raises(MissingColumnsError, match=r"amount in the headers \[.*'金额\(美元\)'"):
        clean_orders(_order_frame(实付金额=None, **{"金额(美元)": ["5"]}))


def test_an_order_selling_a_product_called_total_is_kept():
    df = _order_frame(商品名称=["Total"])
    assert clean_orders(df).clean["product"].tolist() == ["Total"]


def test_a_note_outside_the_mapped_columns_is_not_called_blank():
    df = pd.concat(
        [
            _order_frame(备注=[None]),
            _order_frame(
                订单号=[None],
                下单时间=[None],
                卖家=[None],
                代理级别=[None],
                数量=[None],
                实付金额=[None],
                备注=["以下为退款订单"],
            ),
        ],
        ignore_index=True,
    )
    codes = clean_orders(df).rejected["reason_code"].tolist()
    assert codes == ["no_mapped_values"]


def test_counts_too_large_for_whole_numbers_are_rejected_not_crashed():
    raw = _order_frame(
        订单号=["A1", "A2", "A3"],
        下单时间=["2014-03-05"],
        卖家=["s"],
        数量=["1e19", "2", str(2**53 - 1)],
        实付金额=["100"],
    )
    result = clean_orders(raw)
    assert result.clean["quantity"].tolist() == [2, 2**53 - 1]
    assert result.rejected[["row", "reason_code"]].values.tolist() == [[2, "bad_count"]]
    assert "count too large" in result.rejected["reason"].iloc[0]  # the why, for people
