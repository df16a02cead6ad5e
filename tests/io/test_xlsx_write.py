"""Writing .xlsx: controls that a workbook cannot hold, a frozen bold header, widths, values.

Imports the io layer's private ``io._xlsx``, ``io._xlsx._write_openpyxl`` to test its machinery.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
from bad_inputs import text_file

from microcommerce.cli import main
from microcommerce.io import read_table, write_table
from microcommerce.io._xlsx import visible_controls


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("a\x0bb", "a␋b"), ("\x0cform", "␌form"), ("nul\x00", "nul␀"), ("\x1b[31m", "␛[31m")],
)
def test_illegal_characters_are_written_as_pictures(tmp_path, raw, shown):
    sheet = openpyxl.load_workbook(write_table(pd.DataFrame({raw: [raw]}), tmp_path / "t.xlsx"))
    values = [[c.value for c in row] for row in sheet.active.iter_rows()]
    assert values == [[shown], [shown]]


def test_tab_and_line_breaks_stay_as_they_are():
    assert visible_controls("a\tb\nc\rd") == "a\tb\nc\rd"


def test_values_header_and_widths(tmp_path):
    df = pd.DataFrame(
        {
            "order_id": ["WS00000001", "WS00000002", None],
            "商品名称": ["面膜十片装", "=HYPERLINK(1)", "x"],
            "date": pd.to_datetime(["2015-01-02 00:00", None, "2016-03-04 05:06"]),
            "amount": [1.5, np.nan, np.inf],
            "n": pd.array([1, None, 3], dtype="Int64"),
            "tier": pd.Categorical(["总代", None, "一级"]),
        }
    )
    sheet = openpyxl.load_workbook(write_table(df, tmp_path / "t.xlsx")).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["order_id", "商品名称", "date", "amount", "n", "tier"],
        ["WS00000001", "面膜十片装", pd.Timestamp("2015-01-02"), 1.5, 1, "总代"],
        ["WS00000002", "'=HYPERLINK(1)", None, None, None, None],
        [None, "x", pd.Timestamp("2016-03-04 05:06"), "inf", 3, "一级"],
    ]
    assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
    widths = {k: sheet.column_dimensions[k].width for k in "ABF"}
    assert widths == {"A": 12.0, "B": 16.0, "F": 6.0}  # CJK characters count twice


def test_clean_to_xlsx_with_a_vertical_tab_says_nothing_of_openpyxl(tmp_path, capsys):
    src = text_file(
        tmp_path / "o.csv",
        "订单号,下单时间,卖家,数量,实付金额,备注\nA1,2015-03-01,s\x0b1,2,276,\x0cnote\n",
    )
    out = tmp_path / "orders.xlsx"
    assert main(["clean", "orders", str(src), "-o", str(out)]) == 0
    assert "IllegalCharacter" not in capsys.readouterr().err
    assert read_table(out)["seller_id"].tolist() == ["s␋1"]


def _cells(buffer) -> list[list]:
    return [[c.value for c in row] for row in openpyxl.load_workbook(buffer).active.iter_rows()]


def test_the_fast_sheet_holds_what_openpyxl_writes_cell_by_cell():
    import io

    from microcommerce.io._xlsx import _write_openpyxl, write_xlsx

    rng = np.random.default_rng(4)
    n = 300
    df = pd.DataFrame(
        {
            "text": pd.Series(rng.choice(["a&b", "<x>", " lead", "面膜", "=SUM(1)", None], n)),
            "int": rng.integers(-5, 5, n),
            "nullable": pd.Series(rng.integers(0, 3, n), dtype="Int64").where(rng.random(n) > 0.2),
            # openpyxl writes 16 digits, the fast sheet 17 (see below): compare at 4 decimals
            "float": np.where(rng.random(n) > 0.1, np.round(rng.normal(size=n) * 1e6, 4), np.nan),
            "bool": rng.random(n) > 0.5,
            "date": pd.Timestamp("2015-01-01")
            + pd.to_timedelta(rng.integers(0, 2_000_000, n), "min"),
            "cat": pd.Categorical(rng.choice(["总代", "一级", None], n)),
        }
    )
    fast, slow = io.BytesIO(), io.BytesIO()
    write_xlsx(df, fast)
    _write_openpyxl(df, slow)
    assert _cells(fast) == _cells(slow)
    exact = io.BytesIO()
    write_xlsx(pd.DataFrame({"x": [0.1 + 0.2, 1e300, -2.5e-308]}), exact)
    assert [row[0] for row in _cells(exact)[1:]] == [0.1 + 0.2, 1e300, -2.5e-308]


def test_columns_the_fast_sheet_leaves_to_openpyxl(tmp_path):
    df = pd.DataFrame(
        {
            "old": pd.to_datetime(["1899-06-01 00:00", "2015-01-01 00:00"]),
            "span": pd.to_timedelta([1, 2], "D"),
            "mixed": pd.Series([{"k": 1}, 3], dtype=object),
        }
    )
    rows = _cells(write_table(df, tmp_path / "t.xlsx"))
    assert rows[1][0] == pd.Timestamp("1899-06-01") and rows[1][2] == "{'k': 1}"
