"""``.xlsx`` workbooks read as text, after checks that they are one and not too big.

A file named ``.xlsx`` that is really a CSV, an old ``.xls`` or a zip of something
else is named as such. Before openpyxl expands anything, the workbook's declared
uncompressed size, its cell count, the farthest cell each sheet reaches and its
shared strings (every part's XML streamed in blocks) are checked against
:class:`Limits`, so that a zip bomb is refused in time proportional to what it
declares and memory of one block.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from microcommerce._quote import excerpt
from microcommerce.errors import CorruptFileError, InputError, SheetNotFoundError
from microcommerce.io._encoding import _encoding_of
from microcommerce.io._source import (
    _SNIFF_BYTES,
    _TEXT_OPTIONS,
    Limits,
    PathArg,
    _first_row,
    _header_only,
)

_CELL_BLOCK = 1 << 20  # bytes of sheet XML inflated at a time

_ZIP = b"PK\x03\x04"


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats (.xls, .doc)


def _read_xlsx(
    p: Path, shown: PathArg, sheet: str | int | None, limits: Limits, **kw: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    _check_workbook(p, shown)
    _check_expansion(p, shown, limits)
    try:
        book = pd.ExcelFile(p, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorruptFileError(f"a damaged .xlsx workbook ({exc})", path=shown) from None
    with book:
        names = [str(name) for name in book.sheet_names]
        name = _sheet_name(names, 0 if sheet is None else sheet, shown)
        try:
            df = pd.read_excel(book, sheet_name=name, **{**_TEXT_OPTIONS, **kw})
            more = _same_header_sheets(book, names, name, df, kw) if sheet is None else {}
        except (IndexError, KeyError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            # a shared string that is not there, a part missing: openpyxl's raw errors
            raise CorruptFileError(
                f"a damaged .xlsx workbook ({type(exc).__name__}: {excerpt(exc)})", path=shown
            ) from None
    if df.empty and "nrows" not in kw:
        raise _header_only(df, f"{os.fspath(shown)}, sheet {name!r}")
    read = [name, *(n for n, part in more.items() if isinstance(part, pd.DataFrame))]
    if len(read) > 1:  # one table over several sheets (Kuaishou writes them so)
        df = pd.concat([df, *(p for p in more.values() if isinstance(p, pd.DataFrame))])
        df = df.reset_index(drop=True)
    skipped = tuple((n, why) for n, why in more.items() if isinstance(why, str))
    several = sheet is None and len(names) > 1  # a workbook of several sheets, read whole
    info = {"encoding": None, **_first_row(kw), "sheet": name}
    info["sheets"] = tuple(read) if several else ()
    return df, {**info, "sheets_skipped": skipped}


def _same_header_sheets(
    book: pd.ExcelFile, names: list[str], first: str, df: pd.DataFrame, kw: dict
) -> dict[str, pd.DataFrame | str]:
    """Read the other sheets whose header is the first's; say why each other one is not."""
    out: dict[str, pd.DataFrame | str] = {}
    for name in names:
        if name == first:
            continue
        head = pd.read_excel(book, sheet_name=name, nrows=0, **{**_TEXT_OPTIONS, **kw})
        if [str(c) for c in head.columns] != [str(c) for c in df.columns]:
            out[name] = "its header differs from the first sheet's"
            continue
        out[name] = pd.read_excel(book, sheet_name=name, **{**_TEXT_OPTIONS, **kw})
    return out


def _check_workbook(p: Path, shown: PathArg) -> None:
    """Raise a CorruptFileError saying what the file is when it is not an .xlsx workbook."""
    with p.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    if head.startswith(_OLE2):
        raise CorruptFileError(
            "an old binary Excel (.xls) file, or another Office 97 "
            "document, named .xlsx: save it as .xlsx or .csv",
            path=shown,
        )
    if not head.startswith(_ZIP):
        try:
            head.decode(_encoding_of(head, None), errors="strict")
        except InputError:
            raise CorruptFileError(
                f"not an .xlsx workbook (it starts with bytes {head[:4].hex(' ')})", path=shown
            ) from None
        raise CorruptFileError(
            "text, not an .xlsx workbook (a CSV saved under an .xlsx name?): name it .csv",
            path=shown,
        )
    try:
        with zipfile.ZipFile(p) as archive:
            members = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"a damaged .xlsx workbook ({exc})", path=shown) from None
    if "xl/workbook.xml" not in members:
        listed = ", ".join(members[:5]) + (", …" if len(members) > 5 else "")
        raise CorruptFileError(
            f"a zip archive without an Excel workbook in it (it holds: {listed or 'nothing'})",
            path=shown,
        )


def _sheet_name(names: list[str], sheet: str | int, shown: PathArg) -> str:
    if isinstance(sheet, int) and -len(names) <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise SheetNotFoundError(f"no sheet {sheet!r}; the sheets are {names}", path=shown)


def _check_expansion(p: Path, shown: PathArg, limits: Limits) -> None:
    """Refuse a workbook that would expand past ``limits``, before it is expanded.

    By what it declares (the parts' uncompressed sizes) and what it holds, read block
    by block from *every* part (so a sheet stored anywhere the workbook's relationships
    may point is counted): cell tags whatever the whitespace in them, the farthest
    cell or row reference and declared dimension of each part (pandas pads every row
    to the widest and fills every row up to the last: a lone cell at ``XFD1048576``
    is 17 billion cells), and the shared strings (openpyxl holds them all, used or
    not: more of them than cells is refused).
    """
    with zipfile.ZipFile(p) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > limits.workbook_bytes:
            raise InputError(
                f"the workbook expands to {total:,} bytes, over the cap of "
                f"{limits.workbook_bytes:,} (a zip bomb, or an export to save as CSV); not "
                "read (raise the cap with limits=Limits(workbook_bytes=...))",
                path=shown,
            )
        cells = strings = 0
        sheets = _sheet_parts(archive, shown)
        for member in members:
            found = _count_cells(
                archive,
                member,
                cells,
                limits.workbook_cells,
                shown,
                posixpath.normpath(member.filename) in sheets,
            )
            cells, strings = found.cells, strings + found.strings
            rows, columns = found.extent
            if rows * columns > limits.workbook_cells:
                raise InputError(
                    f"part {excerpt(member.filename)} reaches row {rows:,} and column "
                    f"{_column_letters(columns)}: {rows:,} rows × {columns:,} columns or more "
                    f"once padded, over the cap of {limits.workbook_cells:,} cells; not read "
                    "(raise the cap with limits=Limits(workbook_cells=...))",
                    path=shown,
                )
    if strings > min(limits.workbook_cells, cells + _SPARE_STRINGS):
        raise InputError(
            f"the workbook holds {strings:,} shared strings for {cells:,} cells (openpyxl "
            "reads every one); not read (save it as CSV, or raise the cap with "
            "limits=Limits(workbook_cells=...))",
            path=shown,
        )


_SPARE_STRINGS = 10_000  # shared strings beyond the cell count a real workbook may keep
_TAIL = 64  # bytes kept from one block to the next: a tag or reference cut in two
_SPACES = bytes.maketrans(b"\t\n\r\f\v", b"     ")
_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# once blanks are folded (_normal), references read r="XFD7", r='7', ref="A1:XFD7"
_COLUMNS = {n: re.compile(rb"""r=["']\$?([A-Za-z]{%d})\$?[0-9]""" % n) for n in (3, 2)}
_COLUMN_FROM = [  # a one-letter column at or past letter i
    re.compile(rb"""r=["']\$?[%s%s]\$?[0-9]""" % (_LETTERS[i:], _LETTERS[i:].lower()))
    for i in range(26)
]
_RANGE = re.compile(rb"""\sref=["'][^"':]{0,32}:\$?([A-Za-z]{1,3})\$?([0-9]{1,10})["']""")


class _Found(NamedTuple):
    cells: int
    strings: int
    extent: tuple[int, int]  # the farthest row and column referenced


def _sheet_parts(archive: zipfile.ZipFile, shown: PathArg) -> set[str]:
    """Name every part a reader may take for a worksheet, wherever it is stored (normalised).

    The targets of every worksheet relationship (``xl/_rels/workbook.xml.rels`` and
    any other ``.rels``), the parts ``[Content_Types].xml`` declares worksheets, and
    anything under ``xl/worksheets/``.
    """
    names = set(archive.namelist())
    sheets = {posixpath.normpath(n) for n in names if n.startswith("xl/worksheets/")}
    listings = [n for n in names if n.endswith(".rels") or n == "[Content_Types].xml"]
    if too_big := [n for n in listings if archive.getinfo(n).file_size > _SMALL_PART]:
        raise InputError(
            f"part {excerpt(too_big[0])} of the workbook, which lists its parts, holds "
            f"{archive.getinfo(too_big[0]).file_size:,} bytes (a real one holds a few "
            "thousand); not read",
            path=shown,
        )
    for name in names:
        if name.endswith(".rels"):
            base = posixpath.dirname(posixpath.dirname(name))
            for tag in _RELATIONSHIP.findall(archive.read(name)):
                kind, target = _attribute(tag, b"Type"), _attribute(tag, b"Target")
                if kind.endswith(b"/worksheet") and target:
                    text = target.decode("utf-8", "replace")
                    joined = text[1:] if text.startswith("/") else posixpath.join(base, text)
                    sheets.add(posixpath.normpath(joined))
    if "[Content_Types].xml" in names:
        for tag in _RELATIONSHIP.findall(archive.read("[Content_Types].xml")):
            if b"worksheet" in _attribute(tag, b"ContentType"):
                name = _attribute(tag, b"PartName").decode("utf-8", "replace").lstrip("/")
                sheets.add(posixpath.normpath(name))
    return sheets


_SMALL_PART = 16 << 20  # relationships and content types past this are refused
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?(?:Relationship|Override)\s[^>]*>")


def _attribute(tag: bytes, name: bytes) -> bytes:
    found = re.search(rb"\s" + name + rb"""\s*=\s*["']([^"']*)["']""", tag)
    return found.group(1) if found else b""


def _count_cells(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    cells: int,
    cap: int,
    shown: PathArg,
    sheet: bool = True,
) -> _Found:
    """Add the cell tags of one part, inflated block by block, to ``cells``.

    Tags are counted by their whole name, ``<c`` or ``:c`` then a blank, ``>`` or
    ``/`` (whatever blanks follow); shared strings by ``<si``. For a ``sheet``, the
    farthest column its references reach, then (a second pass) whether a row is
    farther than the cap allows at that width. An InputError as soon as the count
    passes ``cap``.
    """
    strings, rows, columns = 0, 0, 0
    try:
        for data, tail in _blocks(archive, member):
            strings += _tags(data, b"si") - _tags(tail, b"si")
            if not sheet:
                continue
            cells += _tags(data, b"c") - _tags(tail, b"c")
            if cells > cap:
                raise InputError(
                    f"the workbook holds more than {cap:,} cells; not read (save it as "
                    "CSV, or raise the cap with limits=Limits(workbook_cells=...))",
                    path=shown,
                )
            columns = max(columns, _farthest_column(data))
            for letters, digits in _RANGE.findall(data):  # a declared dimension, a merge
                columns, rows = max(columns, _column_number(letters)), max(rows, int(digits))
        if sheet and rows * max(columns, 1) <= cap:
            rows = max(rows, _row_past(archive, member, cap // max(columns, 1)))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise CorruptFileError(f"a damaged .xlsx workbook ({exc})", path=shown) from None
    return _Found(cells, strings, (rows, max(columns, 1 if rows else 0)))


def _blocks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[tuple[bytes, bytes]]:
    """Yield a part in blocks, blanks folded, each with the tail of the one before at its start.

    Also yields the tail, so that what lies in it is not counted twice.
    """
    tail = b""
    with archive.open(member) as f:
        while block := f.read(_CELL_BLOCK):
            data = _normal(tail + block)
            yield data, tail
            tail = data[-_TAIL:]


def _normal(data: bytes) -> bytes:
    r"""Fold blanks: every run one space, none around ``=`` (``r \n = "A1"`` → ``r="A1"``)."""
    data = data.translate(_SPACES)
    while b"  " in data:  # halves every run: a few passes even for megabytes of blanks
        data = data.replace(b"    ", b" ").replace(b"  ", b" ")
    return data.replace(b" =", b"=").replace(b"= ", b"=")


_NAME_ENDS = (b" ", b">", b"/")  # what may follow a tag's whole name (blanks are folded)


def _tags(data: bytes, name: bytes) -> int:
    """Count the tags ``name`` in ``data``, with or without a namespace prefix.

    A tag's name ends at a blank, ``>`` or ``/``, so ``<col>`` and ``<cols>`` are no
    ``c`` cells, while ``<c r="A1">`` (blanks folded) is one.
    """
    return sum(data.count(p + name + end) for p in (b"<", b":") for end in _NAME_ENDS)


def _farthest_column(data: bytes) -> int:
    """Give the farthest column a cell reference in ``data`` names (0 if none)."""
    for pattern in _COLUMNS.values():  # three letters, then two: rare, exact
        if pattern.search(data):
            return max(map(_column_number, set(pattern.findall(data))))
    if not _COLUMN_FROM[0].search(data):
        return 0
    low, high = 0, 25  # one letter: the last present, by halving the alphabet
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if _COLUMN_FROM[middle].search(data) else (low, middle - 1)
    return low + 1


def _row_past(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> int:
    """Give the first row number past ``limit`` a reference names in the part (0 if none)."""
    pattern = re.compile(rb"""r=["']\$?[A-Za-z]{0,3}\$?0*(%s)["']""" % _greater_than(limit))
    for data, _ in _blocks(archive, member):
        if found := pattern.search(data):
            return int(found.group(1))
    return 0


def _greater_than(limit: int) -> bytes:
    """Give a pattern of the decimal numbers greater than ``limit`` (no leading zeros).

    >>> import re
    >>> numbers = (99, 100, 101, 109, 110, 999, 1000)
    >>> [n for n in numbers if re.fullmatch(_greater_than(100), b"%d" % n)]
    [101, 109, 110, 999, 1000]
    """
    text = str(limit).encode()
    options = [rb"[1-9][0-9]{%d,}" % len(text)]  # more digits
    for i, digit in enumerate(text):
        if digit < ord("9"):  # the same digits up to i, a greater one at i, any after
            rest = len(text) - i - 1
            options.append(text[:i] + rb"[%c-9][0-9]{%d}" % (digit + 1, rest))
    return b"|".join(options)


def _column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384; ``b""`` (a row's own reference) → 0."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letters(number: int) -> str:
    """16384 → ``"XFD"``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
