"""Hostile files, bounded (issue 22, issue 16 item 7): refused before they are parsed or
expanded, in time and memory proportional to what is read, with short escaped errors."""

from __future__ import annotations

import os
import re
import time
import zipfile

import pandas as pd
import pytest

from microcommerce.cleaning import clean_to_dataset
from microcommerce.errors import FileNotFoundInputError, InputError
from microcommerce.io import Limits, read_table, read_table_chunks, write_table


def _wide(path, columns: int):
    path.write_bytes((",".join(f"c{i}" for i in range(columns)) + "\n1,2\n").encode())
    return path


def test_a_header_of_a_million_columns_is_refused_at_once(tmp_path):
    path = _wide(tmp_path / "wide.csv", 1_000_000)  # 7.9 MB
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"the header has more than 10,000 columns") as info:
        read_table(path)
    assert time.perf_counter() - start < 2  # it took minutes and gigabytes before the cap
    assert len(str(info.value)) < 300
    with pytest.raises(InputError, match="more than 10,000 columns"):
        next(read_table_chunks(path, 10))


def test_the_cap_counts_cells_outside_quotes_and_can_be_raised(tmp_path):
    quoted = tmp_path / "q.csv"  # 3 columns, one header holding 20,000 commas
    quoted.write_text('a,"' + "," * 20_000 + '",c\n1,2,3\n', encoding="utf-8")
    assert read_table(quoted).shape == (1, 3)
    path = _wide(tmp_path / "w.csv", 12_000)
    with pytest.raises(InputError, match="more than 10,000 columns"):
        read_table(path)
    assert read_table(path, limits=Limits(columns=20_000)).shape == (1, 12_000)
    title = tmp_path / "t.csv"  # the header below a title line is the one checked
    title.write_text("报表\n" + ",".join(f"c{i}" for i in range(50)) + "\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than 40 columns"):
        read_table(title, skiprows=1, limits=Limits(columns=40))


def test_a_file_of_nul_bytes_gets_a_short_escaped_error(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"\0" * 1_000_000)
    with pytest.raises(InputError) as info:
        read_table(path)
    message = str(info.value)
    assert len(message) < 300 and "\0" not in message and "\\x00" in message


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and symbolic links of POSIX")
def test_links_fifos_devices_and_folders_are_named_as_such(tmp_path):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "dir.csv").mkdir()
    expected = {
        "a.csv": "a symbolic link loop",
        "gone.csv": "a broken symbolic link (to '",
        "pipe.csv": "a FIFO (named pipe), not a file",
        "dir.csv": "a folder, not a file",
    }
    for name, what in expected.items():
        with pytest.raises(InputError, match=re.escape(f"{name}: {what}")):
            read_table(tmp_path / name)
    with pytest.raises(InputError, match=r"null\.csv: a device, not a file"):
        os.symlink("/dev/null", tmp_path / "null.csv")
        read_table(tmp_path / "null.csv")
    with pytest.raises(FileNotFoundInputError, match="no such file"):
        read_table(tmp_path / "missing.csv")


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and symbolic links of POSIX")
def test_a_folder_input_lists_every_entry_it_skipped_and_why(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "o.csv").write_text(
        "订单号,下单时间,卖家,代理级别,数量,实付金额\nA1,2014-03-05,s1,总代,1,9\n"
    )
    os.mkfifo(raw / "pipe.csv")
    (raw / "loop.csv").symlink_to(raw / "loop.csv")
    (raw / "notes.docx").write_text("x")
    (raw / ".hidden.csv").write_text("x")
    report = clean_to_dataset(raw, tmp_path / "out")
    empty = {part["part"].rsplit("/", 1)[-1]: part.get("empty") for part in report["per_part"]}
    assert empty == {
        "loop.csv": "a symbolic link loop",
        "o.csv": None,
        "pipe.csv": "a FIFO (named pipe), not a file: not read, as reading it could wait for ever",
    }
    assert report["rows_clean"] == 1
    assert report["skipped"] == {
        ".hidden.csv": "hidden",
        "notes.docx": "not an export (not one of .csv, .tsv, .txt, .xlsx, .parquet)",
    }


def _bomb(path, size: int):
    """A workbook whose one sheet inflates to ``size`` bytes of empty cells."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<c/>" * (1 << 16)
            for _ in range(size // len(block)):
                sheet.write(block)
    return path


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    bomb = _bomb(tmp_path / "bomb.xlsx", 64 << 20)  # 64 MiB of XML in 64 KiB on disk
    assert bomb.stat().st_size < 1 << 20
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"expands to 67,108,875 bytes, over the cap of 33,554"):
        read_table(bomb, limits=Limits(workbook_bytes=32 << 20))
    assert time.perf_counter() - start < 1  # the declared sizes are read, nothing inflated
    start = time.perf_counter()  # under the byte cap, the cells are counted, streamed
    with pytest.raises(InputError, match=r"holds more than 10,000,000 cells"):
        read_table(bomb, limits=Limits(workbook_cells=10_000_000))
    assert time.perf_counter() - start < 10


def test_a_real_workbook_within_the_caps_reads_and_past_them_does_not(tmp_path):
    df = pd.DataFrame({f"c{i}": [f"v{i}"] * 100 for i in range(10)})
    path = write_table(df, tmp_path / "t.xlsx")
    pd.testing.assert_frame_equal(read_table(path), df)
    assert read_table(path, limits=Limits(workbook_cells=1_010)).shape == (100, 10)
    with pytest.raises(InputError, match="more than 1,009 cells"):
        read_table(path, limits=Limits(workbook_cells=1_009))  # 100 rows + a header of 10
