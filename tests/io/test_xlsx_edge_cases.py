"""Workbooks people really have: a whole-sheet selection saved, categorical numbers,
control characters under headers of several levels."""

from __future__ import annotations

import openpyxl
import pandas as pd

from microcommerce.io import read_table, write_table


def test_a_workbook_saved_with_the_whole_sheet_selected_is_read(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["订单号", "金额"])
    sheet.append(["A1", "10"])
    sheet.sheet_view.selection[0].sqref = "A1:XFD1048576"  # Ctrl+A, then save
    path = tmp_path / "selected.xlsx"
    book.save(path)
    assert read_table(path)["订单号"].tolist() == ["A1"]


def test_categorical_numbers_and_dates_stay_numbers_and_dates(tmp_path):
    df = pd.DataFrame(
        {
            "n": pd.Categorical([1, 2, 1]),
            "d": pd.Categorical(pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-01"])),
            "t": pd.Categorical(["x", "y", "x"]),
        }
    )
    path = write_table(df, tmp_path / "c.xlsx")
    values = [[c.value for c in row] for row in openpyxl.load_workbook(path).active.iter_rows()]
    assert values[1][0] == 1 and isinstance(values[1][0], int)
    assert values[1][1] == pd.Timestamp("2020-01-01").to_pydatetime()
    assert values[1][2] == "x"


def test_control_characters_under_headers_of_several_levels_are_made_visible(tmp_path):
    columns = pd.MultiIndex.from_tuples([("x", "y"), ("x", "z")])
    df = pd.DataFrame([["a\x0bb", 1]], columns=columns)
    path = write_table(df, tmp_path / "m.xlsx", index=True)
    cells = [c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row]
    assert "a\u240bb" in cells  # VT as its control picture
