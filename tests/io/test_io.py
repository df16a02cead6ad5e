"""Reading exports as text and writing tables atomically.

Imports the io layer's private ``io._staging`` to test its machinery.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcommerce.errors import (
    DecodeError,
    EmptyFileError,
    FileNotFoundInputError,
    InputError,
    MicrocommerceError,
    OutputError,
    UnsupportedFormatError,
)
from microcommerce.io import SourceInfo, read_table, sniff_encoding, write_table
from microcommerce.io._staging import FAULT_ENV

FRAME = pd.DataFrame(
    {
        "订单号": ["0012", "WX-2"],
        "下单时间": ["2014年3月5日", "2014/3/6"],
        "实付金额": ["¥1,280.00", "NA"],
        "备注": ["null", None],
    }
).astype("str")
CSV_TEXT = '订单号,下单时间,实付金额,备注\n0012,2014年3月5日,"¥1,280.00",null\nWX-2,2014/3/6,NA,\n'


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------------------
# encodings
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [("gb18030", b"", "gb18030"), ("utf-8", b"", "utf-8"), ("utf-8", codecs.BOM_UTF8, "utf-8-sig")],
)
def test_encodings_are_sniffed_and_read_identically(tmp_path, encoding, prefix, expected):
    path = tmp_path / "orders.csv"
    path.write_bytes(prefix + CSV_TEXT.encode(encoding))
    df = read_table(path)
    pd.testing.assert_frame_equal(df, FRAME)
    assert df.columns[0] == "订单号"  # no BOM leaking into the first header
    assert df.attrs["source"] == SourceInfo(
        path=str(path),
        format="csv",
        encoding=expected,
        first_row=2,
    )


def test_gb18030_only_characters_are_read(tmp_path):
    # 𠮷 and € are outside GB2312/GBK's common range but inside GB18030
    path = _write(tmp_path / "t.csv", "商品,价\n𠮷野家€,3\n", "gb18030")
    assert read_table(path).iloc[0].tolist() == ["𠮷野家€", "3"]


def test_forced_encoding_is_used_and_recorded(tmp_path):
    path = _write(tmp_path / "t.csv", "商品\n面膜\n", "gbk")
    df = read_table(path, encoding="gbk")
    assert df["商品"].tolist() == ["面膜"] and df.attrs["source"].encoding == "gbk"
    with pytest.raises(InputError, match=r"t\.csv: unknown encoding 'klingon'"):
        read_table(path, encoding="klingon")


def test_forced_encoding_that_fails_names_offset_and_a_better_guess(tmp_path):
    bad = _write(tmp_path / "bad.csv", "sku\nA1\n订单号\n", "gb18030")  # 订 starts at byte 7
    with pytest.raises(DecodeError) as info:
        read_table(bad, encoding="utf-8")
    err = info.value
    assert isinstance(err, InputError) and isinstance(err, ValueError)
    assert (err.offset, err.encodings, err.path) == (7, ("utf-8",), str(bad))
    assert str(err).startswith(f"{bad}: byte 7 (0xb6) is not valid utf-8")
    assert "decodes as gb18030" in str(err)


def test_undecodable_in_every_candidate(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes("订单号\n".encode() + b"\xff\xfe\x80")
    with pytest.raises(DecodeError, match=r"bin\.csv: not text in any of utf-8, gb18030: byte 10 "):
        read_table(path)
    with pytest.raises(DecodeError) as info:
        sniff_encoding(path.read_bytes())
    assert info.value.offset == 10 and info.value.path is None


def test_bom_declares_utf8_and_offsets_count_the_bom(tmp_path):
    data = codecs.BOM_UTF8 + b"ab\xff"
    with pytest.raises(DecodeError) as info:
        sniff_encoding(data)  # not silently read as GB18030 mojibake
    assert info.value.offset == 5 and info.value.encodings == ("utf-8-sig",)
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(DecodeError, match=r"byte 5 \(0xff\) is not valid utf-8-sig"):
        read_table(path, encoding="utf-8-sig")


def test_sniff_encoding():
    assert sniff_encoding("面膜".encode("gb18030")) == "gb18030"
    assert sniff_encoding(codecs.BOM_UTF8 + b"a") == "utf-8-sig"
    assert sniff_encoding(b"plain") == "utf-8"
    assert sniff_encoding(b"") == "utf-8"


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_utf8_is_always_sniffed_as_utf8(text):
    assert sniff_encoding(text.encode()) == "utf-8"
    data = codecs.BOM_UTF8 + text.encode()
    assert data.decode(sniff_encoding(data)) == text


# ---------------------------------------------------------------------------
# text stays text
# ---------------------------------------------------------------------------


def test_text_stays_text(tmp_path):
    values = ["0012", "NA", "null", "N/A", "nan", "None", "-", "1e5", "TRUE", " 7 ", "#N/A"]
    path = _write(tmp_path / "t.csv", "v,w\n" + "".join(f"{v},x\n" for v in values))
    df = read_table(path)
    assert df["v"].tolist() == values
    assert all(pd.api.types.is_string_dtype(t) for t in df.dtypes)
    assert str(df["v"].dtype) == "str"


def test_empty_cells_are_missing_and_all_empty_columns_still_text(tmp_path):
    df = read_table(_write(tmp_path / "t.csv", "a,b\n1,\n,\n"))
    assert df["a"].isna().tolist() == [False, True] and df["b"].isna().all()
    assert str(df["b"].dtype) == "str"


def test_blank_lines_are_kept_so_row_numbers_match_the_file(tmp_path):
    df = read_table(_write(tmp_path / "t.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n"))
    assert len(df) == 3 and df.iloc[1].isna().all() and df.iloc[2].tolist() == ["3", "4"]
    # data row i is file row first_row + i
    assert df.attrs["source"].first_row + 2 == 4


@pytest.mark.parametrize(
    ("suffix", "sep"), [(".tsv", "\t"), (".txt", ";"), (".txt", "|"), (".txt", "\t")]
)
def test_delimiters(tmp_path, suffix, sep):
    text = "".join(sep.join(row) + "\n" for row in [("订单号", "金额"), ("1", "2,5"), ("2", "3")])
    df = read_table(_write(tmp_path / f"t{suffix}", text))
    assert df.columns.tolist() == ["订单号", "金额"] and df.iloc[0].tolist() == ["1", "2,5"]
    assert df.attrs["source"].format == suffix[1:]


@pytest.mark.parametrize(
    ("kw", "first_row", "first_value"),
    [
        ({}, 2, "1"),
        ({"header": None}, 1, "a"),
        ({"skiprows": 1}, 3, "3"),
        ({"header": 1}, 3, "3"),
        ({"skiprows": [1]}, None, "3"),
    ],
)
def test_first_row_follows_header_and_skiprows(tmp_path, kw, first_row, first_value):
    df = read_table(_write(tmp_path / "t.csv", "a,b\n1,2\n3,4\n"), **kw)
    assert df.attrs["source"].first_row == first_row
    assert df.iloc[0, 0] == first_value


def test_txt_with_quoted_commas_and_single_column(tmp_path):
    df = read_table(_write(tmp_path / "a.txt", 'a,b\n"1,5",2\n"3,5",4\n'))
    assert df["a"].tolist() == ["1,5", "3,5"]
    assert read_table(_write(tmp_path / "b.txt", "商品\n面膜\n"))["商品"].tolist() == ["面膜"]


def test_keywords_pass_through_to_pandas(tmp_path):
    path = _write(tmp_path / "t.txt", "a;b\n1;2\n3;4\n")
    assert read_table(path, sep=";", nrows=1).to_dict("list") == {"a": ["1"], "b": ["2"]}
    assert read_table(path, usecols=["b"]).columns.tolist() == ["b"]
    assert read_table(path, delimiter=",").columns.tolist() == ["a;b"]  # no clash with sniffed sep


_headers = st.text(
    alphabet=st.characters(codec="gb18030", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=6,
).filter(lambda s: not s.startswith("\ufeff"))  # pandas strips a leading BOM from any header
_cells = st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cs",)), max_size=12)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_any_text_round_trips_through_csv(tmp_path, data):
    """Written verbatim, quotes, commas, CR/LF, tabs, spaces and CJK all survive; only ""
    comes back missing (the guard against formulas is tested on its own below)."""
    columns = data.draw(st.lists(_headers, min_size=1, max_size=3, unique=True), label="columns")
    rows = data.draw(
        st.lists(st.tuples(*[_cells] * len(columns)), min_size=1, max_size=10), label="rows"
    )
    df = pd.DataFrame(rows, columns=columns, dtype="str")
    # sep given: a one-column file whose header holds ';' would otherwise be taken for a
    # ';'-separated one (DelimiterError), which is what a user should be asked about
    back = read_table(write_table(df, tmp_path / "rt.csv", safe=False), sep=",")
    pd.testing.assert_frame_equal(back, df.replace("", np.nan))


# ---------------------------------------------------------------------------
# xlsx and parquet
# ---------------------------------------------------------------------------


def test_xlsx_round_trip_sheets_and_missing_sheet(tmp_path):
    path = write_table(FRAME, tmp_path / "t.xlsx")
    df = read_table(path)
    pd.testing.assert_frame_equal(df, FRAME)
    assert df.attrs["source"] == SourceInfo(
        path=str(path),
        format="xlsx",
        encoding=None,
        first_row=2,
        sheet="Sheet1",
    )
    pd.testing.assert_frame_equal(read_table(path, sheet="Sheet1"), FRAME)
    with pytest.raises(InputError, match=r"t\.xlsx: no sheet '库存'; the sheets are \['Sheet1'\]"):
        read_table(path, sheet="库存")


def test_xlsx_sheet_by_name_and_position(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        FRAME.to_excel(xl, sheet_name="订单", index=False)
        pd.DataFrame({"sku": ["0012"], "qty": [3]}).to_excel(xl, sheet_name="库存", index=False)
    stock = read_table(path, sheet="库存")
    assert stock.to_dict("list") == {"sku": ["0012"], "qty": ["3"]}  # numbers read as text
    assert stock.attrs["source"].sheet == "库存"
    pd.testing.assert_frame_equal(read_table(path, sheet=1), stock)
    pd.testing.assert_frame_equal(read_table(path), FRAME)
    with pytest.raises(InputError, match=r"no sheet 2; the sheets are \['订单', '库存'\]"):
        read_table(path, sheet=2)


def test_parquet_round_trip_keeps_dtypes(tmp_path):
    df = pd.DataFrame(
        {
            "d": pd.to_datetime(["2014-03-05", None]),
            "n": pd.array([3, None], dtype="Int64"),
            "f": [1.5, np.nan],
            "c": pd.Categorical(["面膜", "保健品"]),
            "s": ["面膜", None],
        }
    )
    back = read_table(write_table(df, tmp_path / "t.parquet"))
    pd.testing.assert_frame_equal(back, df)
    assert back.attrs["source"].format == "parquet" and back.attrs["source"].encoding is None


def test_index_is_written_only_when_asked(tmp_path):
    df = pd.DataFrame({"a": ["x"]}, index=pd.Index(["k"], name="id"))
    assert read_table(write_table(df, tmp_path / "a.csv")).columns.tolist() == ["a"]
    with_index = read_table(write_table(df, tmp_path / "b.csv", index=True))
    assert with_index.columns.tolist() == ["id", "a"]
    back = read_table(write_table(df, tmp_path / "c.parquet", index=True))
    pd.testing.assert_frame_equal(back, df)


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundInputError, match=r"missing\.csv: no such file") as info:
        read_table(tmp_path / "missing.csv")
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, MicrocommerceError)
    assert info.value.path == str(tmp_path / "missing.csv")
    with pytest.raises(FileNotFoundError):
        read_table(str(tmp_path / "missing.parquet"))


def test_unsupported_extensions(tmp_path):
    (tmp_path / "x.doc").write_text("hi")
    expected = r"x\.doc: cannot read '\.doc' files; supported: \.csv, \.tsv, \.txt, \.xlsx"
    with pytest.raises(UnsupportedFormatError, match=expected):
        read_table(tmp_path / "x.doc")
    with pytest.raises(UnsupportedFormatError, match=r"cannot read '\(no extension\)'"):
        read_table(tmp_path / "README")


def test_empty_files(tmp_path):
    for name in ("empty.csv", "empty.xlsx", "empty.parquet"):
        (tmp_path / name).write_bytes(b"")
        with pytest.raises(EmptyFileError, match=rf"{name}: the file is empty"):
            read_table(tmp_path / name)
    (tmp_path / "bom.csv").write_bytes(codecs.BOM_UTF8 + b"\r\n \n")
    with pytest.raises(EmptyFileError, match=r"bom\.csv: the file has only blanks"):
        read_table(tmp_path / "bom.csv")
    _write(tmp_path / "short.csv", "a,b\n1,2\n")
    with pytest.raises(EmptyFileError, match=r"short\.csv: no columns to read"):
        read_table(tmp_path / "short.csv", skiprows=5)


def test_corrupt_files_and_folders(tmp_path):
    _write(tmp_path / "fake.xlsx", "a,b\n1,2\n")
    with pytest.raises(InputError, match=r"fake\.xlsx: text, not an \.xlsx workbook"):
        read_table(tmp_path / "fake.xlsx")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"broken\.parquet: not a readable Parquet file"):
        read_table(tmp_path / "broken.parquet")
    _write(tmp_path / "unclosed.csv", 'a,b\n1,2\n1,"2\n3,4\n')
    with pytest.raises(InputError, match=r"unclosed\.csv, row 3: a quoted cell opened on line 3"):
        read_table(tmp_path / "unclosed.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(InputError, match=r"dir\.csv: a folder, not a file"):
        read_table(tmp_path / "dir.csv")


# ---------------------------------------------------------------------------
# writing, atomically
# ---------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_crlf_for_excel(tmp_path):
    data = write_table(FRAME, tmp_path / "t.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + "订单号,".encode())
    assert data.count(b"\r\n") == 3 and data.decode("utf-8-sig").count("\n") == 3


def test_parent_folders_are_created_and_path_returned(tmp_path):
    target = tmp_path / "a" / "b" / "t.parquet"
    assert write_table(FRAME, str(target)) == target and target.is_file()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
@pytest.mark.parametrize("kind", ["enospc", "erofs"])
def test_a_failed_write_leaves_the_old_file_and_no_temp_files(tmp_path, monkeypatch, suffix, kind):
    target = write_table(FRAME, tmp_path / f"t{suffix}")
    before = target.read_bytes()
    monkeypatch.setenv(FAULT_ENV, f"1:{kind}")  # step 1: the temporary file is written
    cause = "no space left" if kind == "enospc" else "the file system is read-only"
    with pytest.raises(OutputError, match=rf"t\{suffix}: {cause}"):
        write_table(FRAME.head(1), target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == [target.name]


def test_an_interrupted_first_write_creates_nothing(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_table(FRAME, tmp_path / "new.csv")
    assert os.listdir(tmp_path) == []


def test_a_real_writer_error_keeps_the_old_file(tmp_path):
    target = write_table(FRAME, tmp_path / "t.xlsx")
    before = target.read_bytes()
    aware = pd.DataFrame({"t": pd.to_datetime(["2014-03-05"]).tz_localize("Asia/Shanghai")})
    with pytest.raises(ValueError, match="timezones"):  # Excel has no time zones
        write_table(aware, target)
    assert target.read_bytes() == before and os.listdir(tmp_path) == ["t.xlsx"]


def test_temp_file_is_synced_in_the_target_folder_then_renamed(tmp_path, monkeypatch):
    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", fd))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", Path(src)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    target = write_table(FRAME, tmp_path / "t.csv")
    assert events[0][0] == "fsync"
    replaced = next(src for kind, src in events if kind == "replace")
    assert replaced.parent == target.parent
    assert replaced.name.startswith(".t.csv.") and replaced.name.endswith(".tmp")
    assert read_table(target).equals(FRAME)


def test_unknown_output_extension_writes_nothing(tmp_path):
    expected = r"t\.json: cannot write '\.json' files; supported: \.csv, \.xlsx, \.parquet"
    with pytest.raises(UnsupportedFormatError, match=expected):
        write_table(FRAME, tmp_path / "sub" / "t.json")
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_permissions_are_the_usual_ones_and_kept_on_replace(tmp_path):
    umask = os.umask(0o022)
    try:
        target = write_table(FRAME, tmp_path / "t.csv")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600
        target.chmod(0o640)
        write_table(FRAME, target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_csv_can_be_written_in_gb18030_and_reads_back(tmp_path):
    frame = pd.DataFrame({"卖家": ["总代", "一级代理"], "金额": ["¥1,280.00", "0.128万"]})
    target = write_table(frame, tmp_path / "t.csv", encoding="gb18030")
    assert target.read_bytes().startswith("卖家".encode("gb18030"))  # no BOM
    back = read_table(target)
    assert back.attrs["source"].encoding == "gb18030"
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


# ---------------------------------------------------------------------------
# formula injection: safe=True quotes formula-like text in csv and xlsx
# ---------------------------------------------------------------------------

# cell as written -> cell as guarded (None: an empty cell)
TRICKY = {
    "=1+2": "'=1+2",
    "@SUM(A1)": "'@SUM(A1)",
    "+86 138 0000 0000": "'+86 138 0000 0000",
    "-": "'-",
    "\t=x": "'\t=x",
    "\r=x": "'\r=x",
    '=HYPERLINK("http://x.cn","点我")': '\'=HYPERLINK("http://x.cn","点我")',
    "-1,280": "'-1,280",  # not a plain number
    "--- 第2页 ---": "'--- 第2页 ---",
    "-12.5": "-12.5",  # plain numbers are left alone
    "+3": "+3",
    "-1e3": "-1e3",
    "-.5": "-.5",
    "a=b": "a=b",  # only the start counts
    "'=x": "'=x",  # already quoted: written as it is
    # a start hidden behind blanks, or written full width (SECURITY.md says where each is live)
    " =x": "' =x",
    "\u00a0=x": "'\u00a0=x",
    "\u3000@x": "'\u3000@x",
    "\ufeff+x": "'\ufeff+x",
    "\u200b-x": "'\u200b-x",
    "\n=x": "'\n=x",
    "＝1+2": "'＝1+2",
    "＋1": "'＋1",
    "－1": "'－1",
    "＠x": "'＠x",
    "a＝b": "a＝b",
    " 12": " 12",
    "": None,
}


def _tricky_frame() -> pd.DataFrame:
    n = len(TRICKY)
    return pd.DataFrame(
        {
            "=cmd": pd.Series(list(TRICKY), dtype="str"),
            "n": np.arange(n) - 2.5,  # numbers, some negative
            "kind": pd.Categorical(["-", "@x", "ok"] * (n // 3) + ["-"] * (n % 3)),
            "mixed": pd.Series([-5, "=A1"] * (n // 2), dtype=object),
        }
    )


def test_formula_like_cells_are_quoted_in_csv(tmp_path):
    df = _tricky_frame()
    before = df.copy()
    back = read_table(write_table(df, tmp_path / "t.csv"))
    pd.testing.assert_frame_equal(df, before)  # the caller's frame is not changed
    assert back.columns.tolist() == ["'=cmd", "n", "kind", "mixed"]
    assert back["'=cmd"].tolist() == [np.nan if v is None else v for v in TRICKY.values()]
    assert back["n"].tolist() == [str(v) for v in df["n"]]
    assert back["n"].iloc[0] == "-2.5"
    assert back["kind"].tolist()[:3] == ["'-", "'@x", "ok"]
    assert back["mixed"].tolist()[:2] == ["-5", "'=A1"]


def test_formula_like_cells_are_quoted_text_in_xlsx(tmp_path):
    df = _tricky_frame()
    sheet = openpyxl.load_workbook(write_table(df, tmp_path / "t.xlsx")).active
    rows = list(sheet.iter_rows())
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
    assert [c.value for c in rows[0]] == ["'=cmd", "n", "kind", "mixed"]
    # XML turns a stored carriage return into a line feed, whatever write_table does
    expected = [v.replace("\r", "\n") if v else None for v in TRICKY.values()]
    assert [row[0].value for row in rows[1:]] == expected
    assert {row[0].data_type for row in rows[1:] if row[0].value is not None} == {"s"}
    assert [row[1].value for row in rows[1:]] == df["n"].tolist()  # numbers stay numbers
    assert {row[1].data_type for row in rows[1:]} == {"n"}
    assert [c.value for c in rows[1][2:]] == ["'-", -5] and rows[1][3].data_type == "n"
    assert [c.value for c in rows[2][2:]] == ["'@x", "'=A1"]


def test_headers_and_index_are_quoted_when_written(tmp_path):
    df = pd.DataFrame({"+total": ["1"], "@who": ["a"]}, index=pd.Index(["=k"], name="-id"))
    assert read_table(write_table(df, tmp_path / "a.csv")).columns.tolist() == ["'+total", "'@who"]
    back = read_table(write_table(df, tmp_path / "b.csv", index=True))
    assert back.to_dict("list") == {"'-id": ["'=k"], "'+total": ["1"], "'@who": ["a"]}
    pairs = pd.MultiIndex.from_tuples([("=a", 1), ("b", -2)], names=["@x", "y"])
    sheet = openpyxl.load_workbook(
        write_table(pd.DataFrame({"v": ["-"] * 2}, index=pairs), tmp_path / "c.xlsx", index=True)
    ).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["'@x", "y", "v"],
        ["'=a", 1, "'-"],
        ["b", -2, "'-"],
    ]


def test_safe_false_writes_verbatim_and_parquet_is_never_changed(tmp_path):
    df = pd.DataFrame({"=h": ["=1+2", "-", "@x"]})
    assert read_table(write_table(df, tmp_path / "t.csv", safe=False)).equals(df)
    data = (tmp_path / "t.csv").read_bytes().decode("utf-8-sig")
    assert data == "=h\r\n=1+2\r\n-\r\n@x\r\n"
    sheet = openpyxl.load_workbook(write_table(df, tmp_path / "t.xlsx", safe=False)).active
    assert [(c.value, c.data_type) for c in sheet["A"]] == [
        ("=h", "f"),
        ("=1+2", "f"),
        ("-", "s"),
        ("@x", "s"),
    ]  # formulas, as asked
    pd.testing.assert_frame_equal(read_table(write_table(df, tmp_path / "t.parquet")), df)


_BLANK_LOOKING = " \t\r\n\u00a0\u3000\ufeff\u200b\u200c\u200d\u2060"
_TRIGGERS = "=+-@＝＋－＠"


def _guarded(cell: str) -> str:
    """The oracle: a trigger (ASCII or full width) first or behind blank-looking characters,
    or a tab, CR or LF first — except plain numbers."""
    number = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
    start = cell.lstrip(_BLANK_LOOKING)[:1]
    risky = cell[:1] in ("\t", "\r", "\n") or (start != "" and start in _TRIGGERS)
    if risky and not re.fullmatch(number, cell, re.ASCII):
        return "'" + cell
    return cell


_XLSX_ILLEGAL = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
_risky_cells = st.one_of(
    st.text(
        alphabet=st.characters(
            codec="gb18030", exclude_categories=("Cs",), exclude_characters=_XLSX_ILLEGAL
        ),
        max_size=8,
    ),
    st.tuples(
        st.text(alphabet=" \u00a0\u3000\ufeff\u200b\u2060\t\r\n", max_size=2),
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]),
        st.text(alphabet="=+-@()1A ,.e\t\r\n'\"面＝", max_size=6),
    ).map("".join),
    st.from_regex(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", fullmatch=True),
)
# header cells: no control characters (a lone header with a tab reads as tab-separated)
_risky_headers = st.one_of(
    _headers,
    st.tuples(st.sampled_from(["=", "+", "-", "@", "＝", " ＠", "\u3000-"]), _headers).map("".join),
    st.from_regex(r"[+-][0-9]{1,3}(\.[0-9])?", fullmatch=True),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_no_written_cell_is_a_formula_and_only_risky_cells_change(tmp_path, data):
    columns = data.draw(
        st.lists(_risky_headers, min_size=1, max_size=3, unique_by=_guarded), label="columns"
    )
    rows = data.draw(
        st.lists(st.tuples(*[_risky_cells] * len(columns)), min_size=1, max_size=8), label="rows"
    )
    df = pd.DataFrame(rows, columns=columns, dtype="str")
    sheet = openpyxl.load_workbook(write_table(df, tmp_path / "t.xlsx")).active
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    # sep given: a lone header such as "|" is not taken for another delimiter
    back = read_table(write_table(df, tmp_path / "t.csv"), sep=",")
    assert back.columns.tolist() == [_guarded(c) for c in columns]
    want = df.map(_guarded).replace("", np.nan).set_axis(back.columns, axis=1)
    pd.testing.assert_frame_equal(back, want)


# ---------------------------------------------------------------------------
# crash safety: a writer killed at any moment leaves the old or the new file
# ---------------------------------------------------------------------------

# Writes the two frames in turn onto t.csv and t.parquet until it is killed.
_WRITER = """
import sys
from microcommerce.io import read_table, write_table
folder = sys.argv[1]
frames = [read_table(f"{folder}/frames/{name}.parquet") for name in ("b", "a")]
print("ready", flush=True)
i = 0
while True:
    for suffix in (".csv", ".parquet"):
        write_table(frames[i % 2], f"{folder}/out/t{suffix}")
    i += 1
"""


def _frames(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = pd.Series(np.arange(n + 7)).astype("str")
    a = pd.DataFrame({"订单号": "WS" + ids[:n], "卖家": "A" + ids[:n], "金额": ids[:n] + "元"})
    b = pd.DataFrame({"订单号": "X" + ids, "卖家": "B" + ids, "金额": "¥" + ids})
    return a, b


def _temp_files(folder: Path) -> dict[str, int]:
    """Size of each leftover temporary file of a write_table target in ``folder``."""
    names = re.compile(r"\.t\.(csv|parquet)\.[0-9a-f]{8}\.tmp")
    sizes = {}
    for entry in os.scandir(folder):
        if names.fullmatch(entry.name):
            with contextlib.suppress(FileNotFoundError):  # renamed meanwhile
                sizes[entry.name] = entry.stat().st_size
    return sizes


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_writer_killed_at_any_moment_leaves_a_complete_file(tmp_path):
    a, b = _frames(120_000)  # a 3.4 MB csv
    (tmp_path / "frames").mkdir()
    write_table(a, tmp_path / "frames" / "a.parquet")
    write_table(b, tmp_path / "frames" / "b.parquet")
    out = tmp_path / "out"
    for suffix in (".csv", ".parquet"):
        write_table(a, out / f"t{suffix}")
    root = Path(__file__).parents[2]
    # when to kill, once the writer is ready: right away (as it starts writing), after a
    # delay, or while a temporary file (of at least so many bytes) exists: mid-write
    delay = float(np.random.default_rng(7).uniform(0.1, 0.6))  # into the first writes
    moments = [
        ("now", 0),
        ("delay", delay),
        ("temp .csv", 1),
        ("temp .csv", 1_500_000),
        ("temp .parquet", 1),
    ]
    left_mid_write = []
    for kind, value in moments:
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout.readline() == "ready\n", child.stderr.read()
            if kind == "delay":
                time.sleep(value)
            deadline = time.monotonic() + 20
            watched = kind.removeprefix("temp ")
            while kind.startswith("temp") and not any(
                name.startswith(f".t{watched}.") and size >= value
                for name, size in _temp_files(out).items()
            ):
                if child.poll() is not None or time.monotonic() > deadline:
                    child.kill()  # before reading stderr, which a live child never closes
                    child.wait()
                    pytest.fail(f"the writer stopped or never wrote: {child.stderr.read()}")
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
            child.stdout.close()
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL
        for suffix in (".csv", ".parquet"):
            got = read_table(out / f"t{suffix}")
            assert got.equals(a) or got.equals(b), (kind, value, suffix, len(got))
        leftovers = _temp_files(out)
        assert set(os.listdir(out)) == {"t.csv", "t.parquet", *leftovers}
        if kind.startswith("temp"):
            left_mid_write.append(any(n.startswith(f".t{watched}.") for n in leftovers))
    # killed in the middle of a write, the writer could not remove its temporary file
    assert left_mid_write == [True, True, True]


def test_safe_writing_copes_with_unhashable_cells_and_repeated_level_names(tmp_path):
    cells = pd.DataFrame({"a": [["=x"], "=y", None]})
    back = read_table(write_table(cells, tmp_path / "a.csv"))
    assert back["a"].fillna("∅").tolist() == ["['=x']", "'=y", "∅"]
    columns = pd.MultiIndex.from_tuples([("=a", "b"), ("c", "d")], names=["n", "n"])
    back = read_table(write_table(pd.DataFrame([[1, 2]], columns=columns), tmp_path / "b.csv"))
    assert back.columns.tolist() == ["'=a", "c"] and back.iloc[0].tolist() == ["b", "d"]
