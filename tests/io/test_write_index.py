"""write_table keeps a MultiIndex (the (text, match) index of extract_amounts) by default."""

from __future__ import annotations

import openpyxl
import pandas as pd

from microcommerce.io import read_table, write_table
from microcommerce.parse import extract_amounts

TEXTS = pd.Series(["2015年规模为1819.5亿元", "没有数字", "约3千人, 其中5万人"])


def test_figures_keep_their_text_in_every_format(tmp_path):
    figures = extract_amounts(TEXTS)
    for suffix in ("csv", "parquet"):
        back = read_table(write_table(figures, tmp_path / f"f.{suffix}"))
        if suffix == "parquet":  # Parquet keeps the index as an index
            assert back.index.names == ["text", "match"]
            back = back.reset_index()
        assert back.columns[:2].tolist() == ["text", "match"]
        rows = back[["text", "match", "as_written"]].astype(str).values.tolist()
        assert rows == [["0", "0", "1819.5亿元"], ["2", "0", "约3千人"], ["2", "1", "5万人"]]
    sheet = openpyxl.load_workbook(write_table(figures, tmp_path / "f.xlsx")).active
    assert [c.value for c in sheet[1]][:3] == ["text", "match", "as_written"]
    assert [c.value for c in sheet[4]][:3] == [2, 1, "5万人"]


def test_named_levels_keep_their_names_and_false_still_drops(tmp_path):
    df = pd.DataFrame(
        {"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["g", None])
    )
    back = read_table(write_table(df, tmp_path / "t.csv"))
    assert back.columns.tolist() == ["g", "level_1", "v"]
    assert read_table(write_table(df, tmp_path / "u.csv", index=False)).columns.tolist() == ["v"]
    flat = pd.DataFrame({"v": [1]}, index=pd.Index([7], name="id"))
    assert read_table(write_table(flat, tmp_path / "w.csv")).columns.tolist() == ["v"]
