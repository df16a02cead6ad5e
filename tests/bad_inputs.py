"""A catalogue of bad inputs, and what the package does with each.

The catalogue is deterministic (no randomness without a fixed seed), so its counts
are the same on every machine. :func:`outcomes` runs every input through the public
entry point it targets and sorts the outcome into one of

- **parsed** — read as a value / a row / a table;
- **rejected with reason** — a missing value or a rejected row, with the reason;
- **empty or repeat** — an empty input given back as missing (nothing to parse), or
  an exact repeat of an earlier row, removed and counted;
- **clear error** — a typed :class:`~microcommerce.errors.InputError` naming the file;
- **neutralised** — a cell written so that a spreadsheet shows it as text;
- **lost or crashed** — anything else: an exception from deep inside, a row that
  went nowhere, a formula in a written workbook. The promise is that this is 0.

``tests/io/test_bad_inputs.py`` checks the promise and that the table in the user
guide (``docs/guide/bad-input.md``) is this one. After changing the catalogue or the
package, refresh the page with::

    python tests/bad_inputs.py --update-docs
"""

from __future__ import annotations

import argparse
import codecs
import math
import os
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from microcommerce.cleaning import clean_orders
from microcommerce.errors import (
    CorruptFileError,
    DecodeError,
    DelimiterError,
    EmptyFileError,
    FileNotFoundInputError,
    HeaderOnlyError,
    InputError,
    UnsupportedFormatError,
)
from microcommerce.io import read_table, write_table
from microcommerce.parse import parse_amount, parse_date

PAGE = Path(__file__).resolve().parent.parent / "docs" / "guide" / "bad-input.md"
START, END = "<!-- bad-inputs:start -->", "<!-- bad-inputs:end -->"
OUTCOMES = (
    "parsed",
    "rejected with reason",
    "empty or repeat",
    "clear error",
    "neutralised",
    "lost or crashed",
)
HEADER = "订单号,下单时间,卖家,代理级别,数量,实付金额"

# ---------------------------------------------------------------------------
# texts
# ---------------------------------------------------------------------------

_FULL = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


def amount_texts() -> list[object]:
    """Figures as exports and reports write them, good and bad (about 400)."""
    values = ["0", "7", "12.5", "1280", "99000", "1234567.89", "250000000"]
    forms = [
        "{}",
        "{}元",
        "￥{}",
        "¥ {}",
        "RMB {}",
        "{}万",
        "{}亿",
        "约{}",
        "{}左右",
        "近{}",
        "超{}万",
        "{}-{}",
        "{}~{}万",
        "{}+",
        "-{}",
        "({})",
        "{}千",
        "$ {}",
        "{} USD",
        "{}%",
    ]
    texts: list[object] = []
    for value in values:
        grouped = (
            f"{float(value):,.2f}".rstrip("0").rstrip(".") if "." in value else f"{int(value):,}"
        )
        for form in forms:
            texts.append(form.format(value, value))
            texts.append(form.format(grouped, grouped))
        texts.append(value.translate(_FULL))  # full-width digits
        texts.append(grouped.translate(_FULL) + "元")
    texts += [
        "一千二百八十",
        "壹仟贰佰捌拾元整",
        "一万二",
        "两千五百万",
        "三点五亿",
        "十二万三千",
        "九千九百亿亿",
        "一亿亿亿",
        "1e400",
        "9e999万",
        "1" * 400,
        "9" * 30 + "亿",
        "١٢٨٠",
        "१२८०",
        "๑๒๘๐",
        "1\u200b280",
        "\u202e1280",
        "1280\u0301",
        "🙂",
        "1,28,0",
        "1..5",
        "--5",
        "5-",
        "面议",
        "待定",
        "N/A",
        "null",
        "NaN",
        "inf",
        "-inf",
        "免费",
        "=1+2",
        "@SUM(A1)",
        "+86 138 0000 0000",
        "\t1280",
        "\r1280",
        "1" * 100_000,
        "1," * 50_000,
        "万" * 100_000,
        "",
        " ",
        "\u3000",
        None,
        math.nan,
        1280,
        12.5,
        -3,
        True,
        b"1280",
        pd.NA,
        float("inf"),
    ]
    return texts


def date_texts() -> list[object]:
    """Dates as exports write them, good and bad (about 150)."""
    days = ["2014-03-05", "2015-02-15", "2016-12-31", "2019-01-01"]
    texts: list[object] = []
    for day in days:
        y, m, d = day.split("-")
        texts += [
            day,
            f"{y}/{int(m)}/{int(d)}",
            f"{y}年{int(m)}月{int(d)}日",
            f"{y}.{m}.{d}",
            f"{d}/{m}/{y}",
            f"{y}{m}{d}",
            f"{day} 13:45:00",
            f"{y}年{int(m)}月",
            f"{int(m)}月{int(d)}日",
            f"{y}-{m}",
            f"{y}Q{(int(m) + 2) // 3}",
            f"{y}年第{(int(m) + 2) // 3}季度",
            f"{y}年上半年",
            f"{y}年底",
            f"{y}年初",
            day.translate(_FULL),
            f"{y}年{int(m)}月{int(d)}号",
            f"{d}.{m}.{y[2:]}",
            f"{day}T13:45:00+08:00",
        ]
    texts += [
        "2015-02-30",
        "2015-13-01",
        "0000-00-00",
        "9999-12-31",
        "1899-12-31",
        "2015年2月30日",
        "去年",
        "昨天",
        "下个月",
        "42000",
        "42000.5",
        "1e400",
        "２０１５年２月１５日",
        "二〇一五年二月十五日",
        "2015-02-15" * 10_000,
        "-" * 100_000,
        "٢٠١٥-٠٢-١٥",
        "\u202e2015-02-15",
        "🙂",
        "=NOW()",
        "",
        " ",
        None,
        math.nan,
        20150215,
        2015.5,
        pd.Timestamp("2015-02-15"),
        pd.NaT,
        b"2015",
    ]
    return texts


def _text_outcome(result) -> str:
    value = getattr(result, "value", getattr(result, "start", None))
    missing = value is None or pd.isna(value)
    if not missing:
        finite = not isinstance(value, float) or math.isfinite(value)
        return "parsed" if result.error is None and finite else "lost or crashed"
    return "rejected with reason" if result.error else "empty or repeat"


def _run_texts(texts: list[object], parse: Callable) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        try:
            counts[_text_outcome(parse(text))] += 1
        except Exception:
            counts["lost or crashed"] += 1
    return counts


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


def bytes_file(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``; return the path."""
    path.write_bytes(data)
    return path


def text_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` in ``encoding``; return the path."""
    return bytes_file(path, text.encode(encoding))


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _symlink(path: Path, to: Path) -> Path:
    path.symlink_to(to)
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _bomb(path: Path) -> Path:
    """An .xlsx whose sheet declares 2 GiB (it is 2 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<c/>" * (1 << 18)
            for _ in range(2048):
                sheet.write(block)
    return path


def _crafted(rows: str, *, at: str = "worksheets/sheet1.xml", strings: int = 0):
    """Make an .xlsx of one sheet (stored at ``xl/<at>``) holding ``rows`` (issue 30)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def make(path: Path) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "xl/workbook.xml",
                f'<workbook xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
                "</sheets></workbook>",
            )
            archive.writestr(
                "xl/_rels/workbook.xml.rels",
                f'<Relationships><Relationship Id="rId1" Type="{rel}/worksheet" '
                f'Target="{at}"/></Relationships>',
            )
            archive.writestr(f"xl/{at}", f"<worksheet><sheetData>{rows}</sheetData></worksheet>")
            if strings:
                items = "<si><t>s</t></si>" * strings
                archive.writestr("xl/sharedStrings.xml", f"<sst>{items}</sst>")
        return path

    return make


_FAR = (  # one cell at the far corner, its tag split by a line end
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
    '<row r="1048576"><c\nr="XFD1048576"/></row>'
)


#: One bad file of each kind: (name, how to make it or None, error type, message regex).
BAD_FILES: list[tuple[str, Callable[[Path], Path] | None, type[InputError], str]] = [
    ("missing.csv", None, FileNotFoundInputError, "no such file"),
    ("empty.csv", lambda p: bytes_file(p, b""), EmptyFileError, "the file is empty"),
    (
        "blanks.csv",
        lambda p: bytes_file(p, codecs.BOM_UTF8 + b" \r\n\n"),
        EmptyFileError,
        "only blanks",
    ),
    (
        "header.csv",
        lambda p: text_file(p, HEADER + "\n"),
        HeaderOnlyError,
        r"a header \(订单号, 下单时间, 卖家, 代理级别, 数量, 实付金额\) but no data rows",
    ),
    (
        "semicolons.csv",
        lambda p: text_file(p, "a;b;c\n1;2;3\n"),
        DelimiterError,
        "the header has no ',' but 2 ';': the file looks ';'-separated; read it with sep=';'",
    ),
    (
        "commas.tsv",
        lambda p: text_file(p, "a,b\n1,2\n"),
        DelimiterError,
        "the header has no tab but 1 ','",
    ),
    (
        "latin.csv",
        lambda p: bytes_file(p, b"a,b\n1,2\n\xff\xfe,3\n"),
        DecodeError,
        r"not text in any of utf-8, gb18030: byte 8 \(0xff\)",
    ),
    (
        "csv.xlsx",
        lambda p: text_file(p, "a,b\n1,2\n"),
        CorruptFileError,
        r"text, not an \.xlsx workbook \(a CSV saved under an \.xlsx name\?\): name it \.csv",
    ),
    (
        "other.xlsx",
        lambda p: _zip(p, {"notes.txt": "hi"}),
        CorruptFileError,
        r"a zip archive without an Excel workbook in it \(it holds: notes\.txt\)",
    ),
    (
        "old.xlsx",
        lambda p: bytes_file(p, bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)),
        CorruptFileError,
        r"an old binary Excel \(\.xls\) file",
    ),
    (
        "cut.xlsx",
        lambda p: bytes_file(p, b"PK\x03\x04" + bytes(60)),
        CorruptFileError,
        "a damaged .xlsx workbook",
    ),
    (
        "broken.parquet",
        lambda p: bytes_file(p, b"PAR1 not really PAR1"),
        CorruptFileError,
        "not a readable Parquet file",
    ),
    (
        "unclosed.csv",
        lambda p: text_file(p, 'a,b\n1,2\n1,"2\n3,4\n'),
        InputError,
        "row 3: a quoted cell opened on line 3 is never closed",
    ),
    ("orders.xls", lambda p: bytes_file(p, b"x"), UnsupportedFormatError, "cannot read '.xls'"),
    # hostile files: refused before they are parsed or expanded (SECURITY.md)
    (
        "wide.csv",
        lambda p: text_file(p, ",".join(f"c{i}" for i in range(1_000_000)) + "\n1\n"),
        InputError,
        "the header has more than 10,000 columns",
    ),
    ("nuls.csv", lambda p: bytes_file(p, b"\0" * 1_000_000), InputError, r"a header \(\\x00"),
    ("loop.csv", lambda p: _symlink(p, p), InputError, "a symbolic link loop"),
    ("pipe.csv", _fifo, InputError, r"a FIFO \(named pipe\), not a file"),
    ("bomb.xlsx", _bomb, InputError, "over the cap of 1,073,741,824"),
    ("far-cell.xlsx", _crafted(_FAR), InputError, "reaches row 1,048,576 and column XFD"),
    (
        "sheet-elsewhere.xlsx",
        _crafted(_FAR, at="elsewhere/s.bin"),
        InputError,
        "reaches row 1,048,576 and column XFD",
    ),
    (
        "strings.xlsx",
        _crafted('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings=10_002),
        InputError,
        "10,002 shared strings for 1 cells",
    ),
]


#: Awkward files that must read: (name, how to make it, rows expected).
AWKWARD_FILES: list[tuple[str, Callable[[Path], Path], int]] = [
    ("ragged.csv", lambda p: text_file(p, "a,b\n1,2\n3,4,5\n"), 2),
    ("first-row-ragged.csv", lambda p: text_file(p, "a,b\n1,2,3\n4,5\n"), 2),
    ("trailing-commas.csv", lambda p: text_file(p, "a,b,\n1,2,\n"), 1),
    ("gbk.csv", lambda p: text_file(p, "订单号,金额\nA1,1280\n", "gb18030"), 1),
    ("bom-crlf.csv", lambda p: bytes_file(p, codecs.BOM_UTF8 + b"a,b\r\n1,2\r\n"), 1),
    ("quoted-newline.csv", lambda p: text_file(p, 'a,b\n"x\ny",2\n'), 1),
    ("blank-lines.csv", lambda p: text_file(p, "a,b\n\n1,2\n\n"), 3),
    ("semicolons.txt", lambda p: text_file(p, "a;b\n1;2\n"), 1),
    ("long-cell.csv", lambda p: text_file(p, "a,b\n" + "x" * 1_000_000 + ",2\n"), 1),
]


def _run_files() -> Counter:
    counts: Counter = Counter()
    with tempfile.TemporaryDirectory() as folder:
        for name, make, error, _ in BAD_FILES:
            path = Path(folder) / name
            if make is not None:
                make(path)
            try:
                read_table(path)
                counts["lost or crashed"] += 1  # it should not have read
            except error:
                counts["clear error"] += 1
            except Exception:
                counts["lost or crashed"] += 1
        for name, make, rows in AWKWARD_FILES:
            try:
                ok = len(read_table(make(Path(folder) / name))) == rows
            except Exception:
                ok = False
            counts["parsed" if ok else "lost or crashed"] += 1
    return counts


# ---------------------------------------------------------------------------
# rows of an export
# ---------------------------------------------------------------------------

_GOOD = "A{i},2014-03-{d:02d},s{s},总代,{q},{a}"
_TROUBLE = [
    "A{i},2014-03-05,s1,总代,2,1,280",  # unquoted thousands separator: ragged
    "A{i},2014-03-05,s1,总代,2,约300",  # approximate
    "A{i},2014-03-05,s1,总代,2,1e400",  # overflow
    "A{i},2014-03-05,s1,总代,2,=1+2",  # a formula
    "A{i},2015-02-30,s1,总代,2,300",  # no such day
    "A{i},2031-01-01,s1,总代,2,300",  # out of the window
    "A{i},2014-03-05,s1,总代,-2,300",  # negative quantity
    "A{i},2014-03-05,s1,特级,2,300",  # unknown tier
    "A{i},2014-03-05,s1,总代,２,３００",  # full-width: fine
    "A{i},2014-03-05,s1,总代,两,三百元",  # Chinese numerals: fine
    ",2014-03-05,s1,总代,2,300",  # no order id
    "合计,,,,,99999",  # totals
    "--- 导出结束 ---",  # a note
    "",  # blank
]


def export_lines() -> list[str]:
    """An orders export of 600 rows: good ones, every trouble above, and repeats."""
    lines = []
    for i in range(540):
        if i % 10 == 3:
            lines.append(_TROUBLE[(i // 10) % len(_TROUBLE)].format(i=i))
        else:
            lines.append(_GOOD.format(i=i, d=1 + i % 28, s=i % 9, q=1 + i % 5, a=100 + i))
    return lines + lines[100:160]  # exact repeats


def _run_rows() -> tuple[Counter, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = text_file(
            Path(folder) / "orders.csv", HEADER + "\n" + "\n".join(export_lines()) + "\n", "gb18030"
        )
        result = clean_orders(read_table(path))
    r = result.report
    counts = Counter(
        {
            "parsed": r.rows_clean,
            "rejected with reason": r.rows_rejected,
            "empty or repeat": r.duplicates_removed,
        }
    )
    reasons = result.rejected["reason"]
    unexplained = int((reasons.isna() | (reasons.str.len() == 0)).sum())
    counts["lost or crashed"] = (
        r.rows_in - r.rows_clean - r.rows_rejected - r.duplicates_removed
    ) + unexplained
    return counts, r.rows_in


# ---------------------------------------------------------------------------
# cells written
# ---------------------------------------------------------------------------

DANGEROUS_CELLS = [
    "=1+2",
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    "-",
    "+86 138 0000 0000",
    "\n=1",
    # full-width triggers, and triggers behind blanks a spreadsheet may skip (SECURITY.md)
    "＝1+2",
    "＋1+2",
    "－1+2",
    "＠SUM(A1)",
    " =1",
    "\u00a0=1",
    "\u3000=1",
    "\ufeff=1",
    "\u200b=1",
]
SAFE_CELLS = ["-12.5", "+3", "1e3", "面膜", "1,280", "A=B", "A＝B", "1 =1"]


def _run_cells() -> Counter:
    from openpyxl import load_workbook

    counts: Counter = Counter()
    cells = DANGEROUS_CELLS + SAFE_CELLS
    with tempfile.TemporaryDirectory() as folder:
        df = pd.DataFrame({"cell": cells})
        book = load_workbook(write_table(df, Path(folder) / "t.xlsx"))
        written = [c.value for c in book.active["A"][1:]]
        formulas = sum(c.data_type == "f" for c in book.active["A"])
        back = read_table(write_table(df, Path(folder) / "t.csv"))["cell"].tolist()
    for cell, xlsx, csv in zip(cells, written, back, strict=True):
        # a workbook's XML stores a carriage return as a line feed
        quoted = xlsx == ("'" + cell).replace("\r", "\n") and csv == "'" + cell
        kept = xlsx == cell and csv == cell
        if cell in DANGEROUS_CELLS:
            counts["neutralised" if quoted else "lost or crashed"] += 1
        else:
            counts["parsed" if kept else "lost or crashed"] += 1
    counts["lost or crashed"] += formulas
    return counts


# ---------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------


def outcomes() -> pd.DataFrame:
    """One row per category: inputs tried and how many ended in each outcome."""
    rows = {
        "amount texts (`parse_amount`)": _run_texts(amount_texts(), parse_amount),
        "date texts (`parse_date`)": _run_texts(date_texts(), parse_date),
        "export files (`read_table`)": _run_files(),
        "rows of a troubled export (`clean_orders`)": _run_rows()[0],
        "cells written (`write_table` csv + xlsx)": _run_cells(),
    }
    table = pd.DataFrame(
        [{o: counts.get(o, 0) for o in OUTCOMES} for counts in rows.values()],
        index=pd.Index(list(rows), name="inputs"),
    )
    return table.assign(tried=table.sum(axis=1))[["tried", *OUTCOMES]]


def markdown(table: pd.DataFrame) -> str:
    """The table as the user guide shows it."""
    head = ["inputs", *table.columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, row in table.iterrows():
        lines.append(f"| {name} | " + " | ".join(f"{int(v):,}" for v in row) + " |")
    return "\n".join(lines)


def docs_block() -> str:
    """The user guide's current table, between the markers."""
    text = PAGE.read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)].strip()


def update_docs(table: pd.DataFrame) -> None:
    text = PAGE.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    PAGE.write_text(f"{head}{START}\n{markdown(table)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help="write the table into docs/guide/bad-input.md between its markers",
    )
    args = parser.parse_args(argv)
    table = outcomes()
    print(markdown(table))
    if args.update_docs:
        update_docs(table)
        print(f"\nupdated {PAGE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
