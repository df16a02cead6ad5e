"""Readers on bad input: typed errors, ragged rows kept and rejected, chunked reading."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
from bad_inputs import BAD_FILES, HEADER, bytes_file, text_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcommerce.cleaning import clean_orders, clean_to_dataset
from microcommerce.cli import main
from microcommerce.errors import (
    DecodeError,
    HeaderOnlyError,
    InputError,
    SheetNotFoundError,
    UnsupportedFormatError,
)
from microcommerce.io import read_dataset, read_table, read_table_chunks, write_table


@pytest.mark.parametrize(
    ("name", "make", "error", "message"), BAD_FILES, ids=[case[0] for case in BAD_FILES]
)
def test_each_bad_file_is_a_typed_error_naming_the_file(tmp_path, name, make, error, message):
    path = tmp_path / name
    if make is not None:
        make(path)
    with pytest.raises(error, match=message) as info:
        read_table(path)
    assert isinstance(info.value, InputError)
    assert info.value.path == str(path) and str(info.value).startswith(f"{path}")
    if name.endswith((".csv", ".tsv", ".parquet")) and error is not UnsupportedFormatError:
        with pytest.raises(error, match=message):  # the same error when read in chunks
            list(read_table_chunks(path, 2))


def test_missing_sheet_and_header_only_sheet(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"a": ["1"]}).to_excel(book, sheet_name="订单", index=False)
        pd.DataFrame({"a": pd.Series([], dtype=str)}).to_excel(book, sheet_name="空", index=False)
    with pytest.raises(SheetNotFoundError, match=r"no sheet '库存'; the sheets are \['订单', '空"):
        read_table(path, sheet="库存")
    with pytest.raises(HeaderOnlyError, match=r"book\.xlsx, sheet '空': a header \(a\) but no"):
        read_table(path, sheet="空")
    with pytest.raises(UnsupportedFormatError, match="read whole"):
        read_table_chunks(path, 10)


def test_a_decode_error_points_at_the_first_bad_byte_in_chunked_reading_too(tmp_path):
    data = ("a,b\n" + "x,1\n" * 1000).encode() + b"\x80,2\n"
    path = bytes_file(tmp_path / "t.csv", data)
    for read in (read_table, lambda p, **kw: read_table_chunks(p, 100, **kw)):
        with pytest.raises(DecodeError) as info:
            read(path, encoding="utf-8")
        assert info.value.offset == len(data) - 4 and info.value.encodings == ("utf-8",)


# ---------------------------------------------------------------------------
# ragged rows
# ---------------------------------------------------------------------------


def test_ragged_rows_are_kept_in_place_with_their_surplus_in_the_last_cell(tmp_path):
    text = 'a,b,c\n1,2,3\n4,5,6,7\n\n8,9\n"1,0",x,y\n10,11,12,13,,14\n15,16,17,,\n'
    df = read_table(text_file(tmp_path / "t.csv", text))
    assert df.fillna("∅").to_dict("split")["data"] == [
        ["1", "2", "3"],
        ["4", "5", "6,7"],
        ["∅", "∅", "∅"],
        ["8", "9", "∅"],
        ["1,0", "x", "y"],
        ["10", "11", "12,13,,14"],
        ["15", "16", "17"],
    ]
    ragged = df.attrs["source"].ragged
    assert ragged.rows.tolist() == [1, 5] and ragged.cells.tolist() == [4, 6]
    assert ragged.width == 3 and df.attrs["source"].first_row == 2


def test_a_surplus_cell_on_the_first_data_row_does_not_become_the_index(tmp_path):
    # pandas alone takes the first column as the index here and shifts every row
    df = read_table(text_file(tmp_path / "t.csv", "a,b,c\n1,2,3,4\n5,6,7\n"))
    assert isinstance(df.index, pd.RangeIndex)
    assert df.to_dict("list") == {"a": ["1", "5"], "b": ["2", "6"], "c": ["3,4", "7"]}
    assert df.attrs["source"].ragged.rows.tolist() == [0]


def test_trailing_empty_cells_are_not_ragged(tmp_path):
    df = read_table(text_file(tmp_path / "t.csv", "a,b\n1,2,\n3,4,,\n"))
    assert df.to_dict("list") == {"a": ["1", "3"], "b": ["2", "4"]}
    assert df.attrs["source"].ragged is None


def test_cleaning_rejects_ragged_rows_by_row_and_keeps_the_good_ones(tmp_path):
    text = (
        HEADER + "\nA1,2014-03-05,s1,总代,10,1280\n"
        "A2,2014-03-06,s1,总代,2,1,280\nA3,2014-03-06,s1,总代,2,300\n"
    )
    result = clean_orders(read_table(text_file(tmp_path / "o.csv", text, "gb18030")))
    assert result.clean["order_id"].tolist() == ["A1", "A3"]
    assert result.clean["amount"].tolist() == [1280.0, 300.0]
    rejected = result.rejected.iloc[0]
    assert rejected["row"] == 3 and rejected["实付金额"] == "1,280"
    assert rejected["reason"].startswith("ragged row: 7 cells where the header has 6")
    assert result.report.rows_in == len(result.clean) + len(result.rejected) == 3


def test_a_title_line_read_as_the_header_is_hinted_at(tmp_path):
    text = "2015年3月订单导出\n" + HEADER + "\nA1,2014-03-05,s1,总代,10,1280\n"
    path = text_file(tmp_path / "o.csv", text)
    with pytest.raises(
        InputError,
        match=r"2 of 2 rows have more cells than the header \(1\): "
        r"if the first line is a title above the header, read the file with "
        r"skiprows=1",
    ):
        clean_orders(read_table(path))
    assert clean_orders(read_table(path, skiprows=1)).clean["order_id"].tolist() == ["A1"]


# ---------------------------------------------------------------------------
# chunked reading = whole reading
# ---------------------------------------------------------------------------

_cell = st.one_of(
    st.sampled_from(["", "1,280", '5" 屏', "面膜", "总代", "a\nb", " ", "合计", "=1+2"]),
    st.text(alphabet="0123456789.,¥万元 订单号", max_size=6),
)
_row = st.lists(_cell, min_size=0, max_size=5)


def _csv_line(cells: list[str]) -> str:
    out = []
    for cell in cells:
        needs = any(c in cell for c in ',"\n') or cell.startswith(" ")
        out.append('"' + cell.replace('"', '""') + '"' if needs else cell)
    return ",".join(out)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(_row, min_size=1, max_size=25),
    chunksize=st.integers(1, 30),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    ragged_every=st.integers(1, 9),
)
def test_chunks_read_the_same_rows_as_the_whole_file(
    tmp_path, rows, chunksize, encoding, ragged_every
):
    # three columns; now and then a row with a surplus cell
    lines = [
        _csv_line([*r, "", "", ""][:3] + (["x"] if i % ragged_every == 1 else []))
        for i, r in enumerate(rows)
    ]
    path = text_file(tmp_path / "t.csv", "c1,c2,c3\n" + "\n".join(lines) + "\n", encoding)
    whole = read_table(path)
    chunks = list(read_table_chunks(path, chunksize))
    assert all(0 < len(c) <= chunksize for c in chunks)
    together = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(together, whole, check_like=False)
    starts = [c.attrs["source"].first_row for c in chunks]
    assert starts == (2 + np.cumsum([0] + [len(c) for c in chunks[:-1]])).tolist()
    ragged = [
        c.attrs["source"].first_row - 2 + r
        for c in chunks
        if c.attrs["source"].ragged
        for r in c.attrs["source"].ragged.rows
    ]
    whole_ragged = whole.attrs["source"].ragged
    assert ragged == ([] if whole_ragged is None else whole_ragged.rows.tolist())
    assert {c.attrs["source"].encoding for c in chunks} == {whole.attrs["source"].encoding}


def test_parquet_chunks(tmp_path):
    df = pd.DataFrame({"a": range(7), "b": list("abcdefg")})
    chunks = list(read_table_chunks(write_table(df, tmp_path / "t.parquet"), 3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), df)
    with pytest.raises(ValueError, match="chunksize 0: expected a whole number"):
        read_table_chunks(tmp_path / "t.parquet", 0)


def _export(tmp_path, n: int = 400):
    """An orders export with every kind of trouble, ragged rows and repeats included."""
    rng = np.random.default_rng(7)
    lines = []
    for i in range(n):
        amount = f"{rng.integers(1, 900)}"
        day = f"2014-0{rng.integers(1, 9)}-1{rng.integers(0, 9)}"
        line = f"A{i % 350},{day},s{i % 7},总代,2,{amount}"
        if i % 53 == 5:
            line = f"A{i},{day},s1,总代,2,1,280"  # ragged
        elif i % 41 == 3:
            line = f"A{i},{day},s1,总代,2,约300"  # approximate: rejected
        elif i % 67 == 9:
            line = ""  # blank
        lines.append(line)
    lines += lines[10:30]  # exact repeats, some far from their originals
    return text_file(tmp_path / "orders.csv", HEADER + "\n" + "\n".join(lines) + "\n", "gb18030")


@pytest.mark.parametrize("chunksize", [13, 1000])
def test_chunked_cleaning_matches_whole_file_cleaning(tmp_path, chunksize):
    path = _export(tmp_path)
    whole = clean_orders(read_table(path))
    report = clean_to_dataset([path], tmp_path / "out", chunksize=chunksize)
    clean = read_dataset(tmp_path / "out" / "clean")
    assert report["rows_in"] == whole.report.rows_in == 420
    assert (
        report["rows_clean"]
        + report["rows_rejected"]
        + report["duplicates_removed"]
        + report["duplicates_across_parts"]
    ) == report["rows_in"]
    # the same rows come out clean; a repeat across chunks is counted as such
    pd.testing.assert_frame_equal(
        clean[whole.clean.columns].sort_values("order_id", ignore_index=True),
        whole.clean.sort_values("order_id", ignore_index=True),
        check_categorical=False,
    )
    assert (
        report["duplicates_removed"] + report["duplicates_across_parts"]
        == whole.report.duplicates_removed
    )
    rejected = pd.concat(
        [pd.read_csv(f, dtype=str) for f in sorted((tmp_path / "out" / "rejected").glob("*.csv"))]
    )
    # every rejected row keeps its row of the file, whichever chunk it was in
    assert sorted(rejected["row"].astype(int)) == sorted(whole.rejected["row"].astype(int))
    ragged = rejected[rejected["reason"].str.startswith("ragged row")]
    assert len(ragged) == 8 and set(ragged["实付金额"]) == {"1,280"}
    assert report["parts"] == -(-420 // chunksize)


def test_clean_command_with_chunksize_and_an_empty_part(tmp_path, capsys):
    path = _export(tmp_path, 120)
    folder = tmp_path / "raw"
    folder.mkdir()
    path.rename(folder / "a.csv")
    text_file(folder / "b.csv", HEADER + "\n")  # an export of an empty selection
    assert (
        main(
            [
                "clean",
                "orders",
                str(folder / "a.csv"),
                "--chunksize",
                "50",
                "-o",
                str(tmp_path / "one"),
            ]
        )
        == 0
    )
    assert "rows read from 3 part(s)" in capsys.readouterr().out
    assert (
        main(["clean", "orders", str(folder), "--chunksize", "50", "-o", str(tmp_path / "all")])
        == 0
    )
    report = json.loads((tmp_path / "all" / "report.json").read_text(encoding="utf-8"))
    empty = [p for p in report["per_part"] if p["rows_in"] == 0]
    assert [p["part"].endswith("b.csv") for p in empty] == [True]
    assert empty[0]["empty"].startswith("a header (订单号")
    assert main(["clean", "orders", str(folder / "b.csv"), "-o", str(tmp_path / "b.parquet")]) == 1
    assert "b.csv: a header (订单号" in capsys.readouterr().err


def test_a_malformed_row_far_into_a_chunked_file_stops_cleanly(tmp_path):
    lines = [f"A{i},2014-03-05,s1,总代,2,{100 + i}" for i in range(60)]
    path = text_file(tmp_path / "o.csv", HEADER + "\n" + "\n".join(lines) + '\nA99,"2014\n')
    chunks = read_table_chunks(path, 25)
    assert len(next(chunks)) == 25  # the first chunks read; the trouble is further in
    with pytest.raises(InputError, match=r"o\.csv, row 62: a quoted cell opened on line 62"):
        list(chunks)
    with pytest.raises(InputError, match="row 62"):
        clean_to_dataset([path], tmp_path / "out", chunksize=25)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv"]  # no half result, no leftover


def test_workbooks_are_parsed_through_defusedxml():
    # SECURITY.md relies on it: entity-expansion tricks in a workbook's XML are refused
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_user_options_still_shape_the_table(tmp_path):
    indexed = read_table(text_file(tmp_path / "i.csv", "id,a\nx,1\ny,2\n"), index_col=0)
    assert indexed.index.tolist() == ["x", "y"] and indexed["a"].tolist() == ["1", "2"]
    df = read_table(text_file(tmp_path / "d.txt", "a;b\n1;2\n3;4;5\n"), delimiter=";")
    assert df["b"].tolist() == ["2", "4;5"]
    assert df.attrs["source"].ragged.rows.tolist() == [1]
    with pytest.raises(InputError, match=r"not a well-formed table: Expected 2 fields"):
        read_table(text_file(tmp_path / "n.csv", "a,b\n1,2\n3,4,5\n"), names=["x", "y"])


def test_wide_ragged_rows_cost_one_more_pass_not_one_per_width(tmp_path):
    # a row of 3,000 trailing delimiters, then rows widening 39 times: once these took
    # minutes (every widening re-read the file, as wide as the widest row)
    good = "1,2,3\n" * 50_000
    path = text_file(
        tmp_path / "w.csv",
        "a,b,c\n"
        + good
        + "3,4"
        + "," * 3000
        + "\n"
        + "".join(",".join(["x"] * k) + "\n" for k in range(4, 43)),
    )
    start = time.perf_counter()
    df = read_table(path)
    assert time.perf_counter() - start < 10
    ragged = df.attrs["source"].ragged
    assert len(df) == 50_040 and ragged.rows.tolist() == list(range(50_001, 50_040))
    assert ragged.cells.tolist() == list(range(4, 43))
    # trailing empty cells are not surplus
    assert df.iloc[50_000, :2].tolist() == ["3", "4"] and pd.isna(df.iloc[50_000, 2])
    assert df.iloc[-1, 2] == ",".join(["x"] * 40)


def test_rows_of_parquet_chunks_and_odd_options(tmp_path):
    rows = [
        [f"A{i}", "2014-03-05", "s1", "总代", "2", "约300" if i % 2 else "100"] for i in range(6)
    ]
    frame = pd.DataFrame(rows, columns=HEADER.split(","))
    path = write_table(frame, tmp_path / "pq.parquet")
    clean_to_dataset([path], tmp_path / "out", chunksize=2)
    rejected = pd.concat(
        [pd.read_csv(f, dtype=str) for f in sorted((tmp_path / "out" / "rejected").glob("*.csv"))]
    )
    assert rejected["row"].astype(int).tolist() == [3, 5, 7]  # as clean_orders numbers them
    assert rejected["part"].nunique() == 3
    assert list(read_table_chunks(text_file(tmp_path / "n.csv", "a,b\n1,2\n"), 5, nrows=0)) == []


def test_delimiters_inside_quotes_and_ragged_txt_files(tmp_path):
    one = read_table(text_file(tmp_path / "q.csv", '"x;y"\n"1;2"\n"3;4"\n'))
    assert one.columns.tolist() == ["x;y"] and one["x;y"].tolist() == ["1;2", "3;4"]
    txt = read_table(text_file(tmp_path / "s.txt", "a;b;c\n1;2;3\n4;5;6;7\n8;9;10\n"))
    assert txt["c"].tolist() == ["3", "6;7", "10"]
    assert txt.attrs["source"].ragged.rows.tolist() == [1]
