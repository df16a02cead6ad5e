"""Reading exports as text and writing tables atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcommerce import io as mio
from microcommerce.errors import (
    DecodeError,
    EmptyFileError,
    FileNotFoundInputError,
    InputError,
    UnsupportedFormatError,
)
from microcommerce.io import read_table, sniff_encoding, write_table

FRAME = pd.DataFrame(
    {
        "订单号": ["0012", "WX-2"],
        "下单时间": ["2014年3月5日", "2014/3/6"],
        "实付金额": ["¥1,280.00", "NA"],
        "备注": ["null", None],
    }
)
CSV_TEXT = (
    "订单号,下单时间,实付金额,备注\n"
    "0012,2014年3月5日,\"¥1,280.00\",null\n"
    "WX-2,2014/3/6,NA,\n"
)


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [("gb18030", b"", "gb18030"), ("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8-sig")],
)
def test_encodings_are_sniffed_and_read_identically(tmp_path, encoding, prefix, expected):
    path = tmp_path / "orders.csv"
    path.write_bytes(prefix + CSV_TEXT.encode(encoding))
    df = read_table(path)
    pd.testing.assert_frame_equal(df, FRAME.astype("str"))
    assert df.columns[0] == "订单号"  # no BOM leaking into the first header
    assert df.attrs["source"] == {"path": str(path), "format": "csv", "encoding": expected,
                                  "first_row": 2}  # fmt: skip


def test_text_stays_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,v\n0012,NA\n7,null\n", encoding="utf-8")
    df = read_table(path)
    assert df["id"].tolist() == ["0012", "7"] and df["v"].tolist() == ["NA", "null"]
    assert all(pd.api.types.is_string_dtype(t) for t in df.dtypes)


def test_blank_lines_are_kept_so_row_numbers_match_the_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n\n3,4\n", encoding="utf-8")
    df = read_table(path)
    assert len(df) == 3 and df.iloc[1].isna().all() and df.iloc[2].tolist() == ["3", "4"]


@pytest.mark.parametrize(("suffix", "sep"), [(".tsv", "\t"), (".txt", ";"), (".txt", "|")])
def test_delimiters(tmp_path, suffix, sep):
    path = tmp_path / f"t{suffix}"
    path.write_text(sep.join(["订单号", "金额"]) + "\n" + sep.join(["1", "2,5"]) + "\n",
                    encoding="utf-8")  # fmt: skip
    assert read_table(path).iloc[0].tolist() == ["1", "2,5"]


cells = st.text(
    alphabet=st.characters(codec="gb18030", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1, max_size=12,
).filter(lambda s: s.strip() == s and s not in ("",))  # fmt: skip


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=20))
def test_any_text_round_trips_through_csv(tmp_path, rows):
    df = pd.DataFrame(rows, columns=["甲", "乙"]).astype("str")
    path = write_table(df, tmp_path / "rt.csv")
    pd.testing.assert_frame_equal(read_table(path), df)


def test_xlsx_round_trip_sheets_and_missing_sheet(tmp_path):
    path = write_table(FRAME, tmp_path / "t.xlsx")
    pd.testing.assert_frame_equal(read_table(path), FRAME.astype("str"))
    pd.testing.assert_frame_equal(read_table(path, sheet="Sheet1"), FRAME.astype("str"))
    with pytest.raises(InputError, match=r"no sheet '库存'; the sheets are \['Sheet1'\]"):
        read_table(path, sheet="库存")


def test_parquet_round_trip_keeps_dtypes(tmp_path):
    df = pd.DataFrame({"d": pd.to_datetime(["2014-03-05"]), "n": pd.array([3], dtype="Int64"),
                       "c": pd.Categorical(["mask"]), "s": ["面膜"]})  # fmt: skip
    back = read_table(write_table(df, tmp_path / "t.parquet"))
    pd.testing.assert_frame_equal(back, df)


def test_errors_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundInputError, match=r"missing\.csv: no such file"):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(FileNotFoundError):  # also a builtin FileNotFoundError
        read_table(tmp_path / "missing.csv")
    with pytest.raises(UnsupportedFormatError, match=r"cannot read '\.doc' files; supported: .csv"):
        read_table(tmp_path / "x.doc")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(EmptyFileError, match=r"empty\.csv: the file is empty"):
        read_table(tmp_path / "empty.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes("订单号\n".encode("gb18030"))
    with pytest.raises(DecodeError, match=r"bad.csv: byte 0 \(0xb6\) is not valid utf-8") as info:
        read_table(bad, encoding="utf-8")
    assert info.value.offset == 0 and "gb18030" in str(info.value)
    (tmp_path / "fake.xlsx").write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match=r"fake\.xlsx: not a readable \.xlsx"):
        read_table(tmp_path / "fake.xlsx")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"broken\.parquet: not a readable Parquet"):
        read_table(tmp_path / "broken.parquet")


def test_sniff_encoding():
    assert sniff_encoding("面膜".encode("gb18030")) == "gb18030"
    assert sniff_encoding(b"\xef\xbb\xbfa") == "utf-8-sig"
    assert sniff_encoding(b"plain") == "utf-8"


# ---------------------------------------------------------------------------
# atomic writes
# ---------------------------------------------------------------------------


def _failing_writer(suffix, df, index):
    def write(target):
        Path(target).write_bytes(b"half a fi")  # some bytes reach the temp file ...
        raise OSError("disk full")  # ... then the writer dies

    return write


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch, suffix):
    target = tmp_path / f"t{suffix}"
    write_table(FRAME, target)
    before = target.read_bytes()
    monkeypatch.setattr(mio, "_writer", _failing_writer)
    with pytest.raises(OSError, match="disk full"):
        write_table(FRAME.head(1), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == [target.name]


def test_a_failed_first_write_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(mio, "_writer", _failing_writer)
    with pytest.raises(OSError):
        write_table(FRAME, tmp_path / "new.csv")
    assert os.listdir(tmp_path) == []


def test_unknown_output_extension_writes_nothing(tmp_path):
    with pytest.raises(UnsupportedFormatError, match=r"cannot write '\.json'"):
        write_table(FRAME, tmp_path / "t.json")
    assert os.listdir(tmp_path) == []


def test_csv_is_written_with_a_bom_for_excel(tmp_path):
    assert write_table(FRAME, tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
