"""``.xlsx`` workbooks read as text, after checks that they are one and not too big.

A file named ``.xlsx`` that is really a CSV, an old ``.xls`` or a zip of something
else is named as such. Before openpyxl expands anything, the workbook's declared
uncompressed size and its cell count (its sheets' XML streamed in blocks, ``<c>``
tags counted) are checked against :class:`Limits`, so that a zip bomb is refused in
time proportional to what it declares and memory of one block.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

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

_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b":c/>")  # prefixed: <x:c …>
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
        df = pd.read_excel(book, sheet_name=name, **{**_TEXT_OPTIONS, **kw})
        more = _same_header_sheets(book, names, name, df, kw) if sheet is None else {}
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
    """Refuse a workbook that would expand past ``limits``, before it is expanded."""
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
        cells = 0
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                cells = _count_cells(archive, member, cells, limits.workbook_cells, shown)


def _count_cells(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, cells: int, cap: int, shown: PathArg
) -> int:
    """Add the cell tags of one sheet's XML, inflated block by block, to ``cells``.

    An InputError as soon as the count passes ``cap``. Tags are counted with
    ``bytes.count`` (a few other tags starting the same way count too: an upper bound).
    """
    tail = b""
    try:
        with archive.open(member) as f:
            while block := f.read(_CELL_BLOCK):
                data = tail + block
                tail = data[-4:]  # searched again with the next block: a tag cut in two
                cells += _cell_tags(data) - _cell_tags(tail)
                if cells > cap:
                    raise InputError(
                        f"the workbook holds more than {cap:,} cells; not read (save it as "
                        "CSV, or raise the cap with limits=Limits(workbook_cells=...))",
                        path=shown,
                    )
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptFileError(f"a damaged .xlsx workbook ({exc})", path=shown) from None
    return cells + _cell_tags(tail)


def _cell_tags(data: bytes) -> int:
    """Count the cell tags (``<c …>``, ``<c>``, ``<c/>``, with or without a prefix)."""
    return sum(data.count(tag) for tag in _CELL_TAGS)
