"""Read exports as raw text and write tables atomically.

Layer: files to raw text frames and tables to files (formula-safe export, partitioned
datasets). Imports only :mod:`microcommerce.errors` and :mod:`microcommerce.core`; never
parses a value (that is cleaning's job).

:func:`read_table` reads ``.csv``, ``.tsv``, ``.txt``, ``.xlsx`` and ``.parquet``.
CSV-like and Excel files come back with **every column as text** (pandas ``str``),
empty cells missing and nothing else inferred — ``0012`` stays ``0012``, ``NA`` and
``null`` stay text — because deciding what a cell means is cleaning's job, done
with reasons. The encoding of a text file is sniffed among UTF-8 with a byte-order
mark, UTF-8 and GB18030 (the superset of GBK that Chinese Excel and back offices
write). ``df.attrs["source"]`` records the path, the format, the encoding used and
``first_row``, the source row of the first data row (the header being row 1).

Blank lines are **kept** as rows of missing values (``skip_blank_lines=False``), so
that data row ``i`` is always row ``first_row + i`` of the file and cleaning reports
can point at real rows (a multi-line quoted cell shifts the count, as in Excel).

:func:`write_table` writes ``.parquet``, ``.csv`` or ``.xlsx`` through a temporary
file in the same folder that is renamed onto the target only once complete and
flushed to disk: a crash never leaves half a file, and an earlier file stays intact.

Examples
--------
>>> import tempfile, pandas as pd
>>> folder = tempfile.mkdtemp()
>>> path = write_table(pd.DataFrame({"订单号": ["0012"], "金额": ["NA"]}), f"{folder}/o.csv")
>>> df = read_table(path)
>>> df.iloc[0].tolist(), df.attrs["source"]["encoding"]
(['0012', 'NA'], 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from microcommerce.errors import (
    CorruptFileError,
    DecodeError,
    DelimiterError,
    EmptyFileError,
    FileNotFoundInputError,
    HeaderOnlyError,
    InputError,
    SheetNotFoundError,
    UnsupportedFormatError,
)
from microcommerce.io.formulas import neutralise_formulas

__all__ = [
    "ENCODINGS",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "read_table",
    "read_table_chunks",
    "sniff_encoding",
    "write_table",
    "write_text",
]

#: Encodings tried, in order, for text files (see :func:`sniff_encoding`).
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")
#: Extensions :func:`read_table` reads.
READ_FORMATS: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".parquet")
#: Extensions :func:`write_table` writes.
WRITE_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".parquet")

_TEXT_OPTIONS: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""]}
_SNIFF_BYTES = 8192
_BLOCK_BYTES = 1 << 24  # blocks of a file read in a streaming pass

PathArg = str | os.PathLike[str]


# ---------------------------------------------------------------------------
# encodings
# ---------------------------------------------------------------------------


def sniff_encoding(data: bytes) -> str:
    """The first of :data:`ENCODINGS` that decodes all of ``data``.

    Bytes starting with a UTF-8 byte-order mark are ``utf-8-sig`` or nothing: the
    mark declares UTF-8, so GB18030 (which accepts almost any bytes) is not tried.
    Otherwise UTF-8 is tried before GB18030.

    Raises
    ------
    DecodeError
        If no candidate decodes; ``offset`` is the first bad byte for the first one.

    Examples
    --------
    >>> sniff_encoding("订单号".encode("gb18030")), sniff_encoding("订单号".encode())
    ('gb18030', 'utf-8')
    >>> sniff_encoding(codecs.BOM_UTF8 + b"a,b")
    'utf-8-sig'
    """
    return _encoding_of(data, None)


def _encoding_of(data: bytes, encoding: str | None, path: PathArg | None = None) -> str:
    """``encoding`` if it decodes ``data``, else the sniffed one; DecodeError otherwise."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=path) from None
    tried = (encoding,) if encoding else _candidates(data)
    for name in tried:
        if _first_bad_byte(data, name) is None:
            return name
    offset = _first_bad_byte(data, tried[0])
    other = (
        next((e for e in _candidates(data) if _first_bad_byte(data, e) is None), None)
        if len(tried) == 1
        else None
    )
    raise _decode_error(offset, None if offset is None else data[offset], tried, path, other)


def _candidates(data: bytes) -> tuple[str, ...]:
    return ENCODINGS[:1] if data.startswith(codecs.BOM_UTF8) else ENCODINGS[1:]


def _first_bad_byte(data: bytes, encoding: str) -> int | None:
    """Byte offset in ``data`` of the first byte ``encoding`` cannot decode, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the byte-order mark it has dropped
        dropped = codecs.lookup(encoding).name == "utf-8-sig" and data.startswith(codecs.BOM_UTF8)
        return exc.start + (len(codecs.BOM_UTF8) if dropped else 0)
    return None


def _decode_error(
    offset: int | None,
    value: int | None,
    tried: tuple[str, ...],
    path: PathArg | None,
    other: str | None = None,
) -> DecodeError:
    """The error for bytes that none of ``tried`` decodes: the first bad byte for the
    first of them (its ``offset`` and ``value``) and, for one forced encoding, the
    ``other`` that would decode them.
    """
    where = f"byte {offset} (0x{value:02x})" if offset is not None else "a byte"
    if len(tried) == 1:
        hint = f"; it decodes as {other} (leave encoding= unset to sniff)" if other else ""
        message = f"{where} is not valid {tried[0]}{hint}"
    else:
        message = f"not text in any of {', '.join(tried)}: {where} is not valid {tried[0]}"
    return DecodeError(message, offset=offset, encodings=tried, path=path)


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def read_table(
    path: PathArg,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    **kw: Any,
) -> pd.DataFrame:
    """Read an export: text columns for csv/tsv/txt/xlsx, typed columns for parquet.

    Parameters
    ----------
    path
        A ``.csv`` (comma), ``.tsv`` (tab), ``.txt`` (delimiter sniffed among
        ``, tab ; |``), ``.xlsx`` or ``.parquet`` file.
    sheet
        The sheet of an ``.xlsx`` workbook, by name or 0-based position (default:
        the first). Ignored for other formats.
    encoding
        Force an encoding for text files instead of sniffing one of
        :data:`ENCODINGS`. Ignored for ``.xlsx`` and ``.parquet``.
    **kw
        Passed on to :func:`pandas.read_csv`, :func:`pandas.read_excel` or
        :func:`pandas.read_parquet`; they override the text defaults
        (``dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False``).

    Returns
    -------
    pandas.DataFrame
        With ``attrs["source"]`` = ``{"path", "format", "encoding", "first_row"}``:
        the path as given, the extension without dot, the encoding used (None for
        xlsx and parquet) and the source row of the first data row (2 with the
        header on row 1; absent for parquet, and when list or callable
        ``header=``/``skiprows=`` make it unknowable). xlsx adds ``"sheet"``; a
        text file with ragged rows adds ``"ragged"`` (see Notes).

    Raises
    ------
    FileNotFoundInputError, UnsupportedFormatError, EmptyFileError, DecodeError
        As named; all are :class:`~microcommerce.errors.InputError`.
    HeaderOnlyError
        A csv/tsv/txt/xlsx with a header row and no data row.
    DelimiterError
        A ``.csv`` whose header has no comma but another delimiter (or a ``.tsv``
        without tabs): pass ``sep=`` or name it ``.txt`` to have it sniffed.
    CorruptFileError
        An ``.xlsx`` that is really a CSV, an old ``.xls`` or another zip; a
        damaged Parquet file.
    SheetNotFoundError
        No such sheet; the message lists the sheets.
    InputError
        Another malformed table (a quoted cell never closed), an unknown encoding.

    Notes
    -----
    **Ragged rows.** A row with more cells than the header — an unquoted comma in
    ``1,280``, a stray delimiter — does not fail the file: the row is kept in its
    place with its surplus cells joined (by the delimiter) into its last cell, so
    nothing is lost, and ``attrs["source"]["ragged"]`` lists it: ``{"rows":
    positions, "cells": cells found, "width": header width}`` (0-based data-row
    positions). Cleaning rejects such rows with their row number and the good rows
    are used. Extra cells that are empty (a trailing delimiter) are not counted.
    A row with *fewer* cells than the header reads with the missing cells empty,
    as a spreadsheet shows it.

    Excel cells are text as pandas renders the *stored* value, not the displayed
    format: a number cell ``12`` formatted ``0012`` reads as ``12``, a date cell as
    ``2014-03-05 00:00:00``. Only cells stored as text keep their leading zeros.

    Examples
    --------
    >>> read_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    microcommerce.errors.FileNotFoundInputError: no/such/file.csv: no such file
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = path.write_text("订单号,金额\\nA1,1280\\nA2,1,280\\n", encoding="utf-8")
    >>> df = read_table(path)
    >>> df["金额"].tolist(), df.attrs["source"]["ragged"]["rows"].tolist()
    (['1280', '1,280'], [1])
    """
    p = Path(path)
    suffix = _checked_file(p, path)
    if suffix == ".xlsx":
        df, source = _read_xlsx(p, path, sheet, **kw)
    elif suffix == ".parquet":
        df, source = _read_parquet(p, path, **kw)
    else:
        df, source = _read_text(p, path, encoding, **kw)
    df.attrs["source"] = {"path": os.fspath(path), "format": suffix[1:], **source}
    return df


def read_table_chunks(
    path: PathArg,
    chunksize: int,
    *,
    encoding: str | None = None,
    progress: bool = False,
    **kw: Any,
) -> Iterator[pd.DataFrame]:
    """Read a large ``.csv``/``.tsv``/``.txt`` or ``.parquet`` file ``chunksize`` rows at a time.

    Memory stays bounded by the chunk: the encoding is sniffed in one streaming pass
    (the same decision :func:`read_table` makes on the whole file), then the rows
    are parsed chunk by chunk. Each chunk is what :func:`read_table` would give for
    those rows — text columns, ragged rows kept and listed — with
    ``attrs["source"]["first_row"]`` the file row of its first row, so that
    cleaning each chunk reports true row numbers.

    Parameters
    ----------
    path
        The file. An ``.xlsx`` is refused: a sheet holds at most 1,048,576 rows,
        which :func:`read_table` reads whole.
    chunksize
        Rows per chunk (at least 1).
    encoding, **kw
        As for :func:`read_table`.
    progress
        Show a progress bar of the bytes read.

    Raises
    ------
    The errors of :func:`read_table`, before the first chunk is returned — except a
    malformed table found further in, raised when that chunk is reached.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = path.write_text("订单号,金额\\nA1,1\\nA2,2\\nA3,3\\n", encoding="utf-8")
    >>> [(len(c), c.attrs["source"]["first_row"]) for c in read_table_chunks(path, 2)]
    [(2, 2), (1, 4)]
    """
    p = Path(path)
    suffix = _checked_file(p, path)
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize {chunksize!r}: expected a whole number of rows, at least 1")
    if suffix == ".xlsx":
        raise UnsupportedFormatError(
            "an .xlsx workbook is read whole (a sheet holds at most "
            "1,048,576 rows): use read_table",
            path=path,
        )
    if suffix == ".parquet":
        return _parquet_chunks(p, path, chunksize, progress, **kw)
    encoding = _stream_encoding(p, encoding, path)
    with p.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    options = _text_options(suffix, head, encoding, kw, path)
    chunks = _text_chunks(p, path, encoding, options, chunksize, progress, suffix)
    first = next(chunks, None)  # a header-only file fails here, not at the first loop
    return itertools.chain([] if first is None else [first], chunks)


def _checked_file(p: Path, shown: PathArg) -> str:
    """The file's extension, once it is known to be a readable, non-empty file."""
    suffix = _checked_suffix(p, READ_FORMATS, "read", shown)
    if not p.exists():
        raise FileNotFoundInputError("no such file", path=shown)
    if not p.is_file():
        raise InputError("not a file", path=shown)
    if p.stat().st_size == 0:
        raise EmptyFileError("the file is empty (0 bytes)", path=shown)
    return suffix


def _read_text(
    p: Path, shown: PathArg, encoding: str | None, **kw: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    data = p.read_bytes()
    encoding = _encoding_of(data, encoding, shown)
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise EmptyFileError("the file has only blanks", path=shown)
    options = _text_options(p.suffix.lower(), data[:_SNIFF_BYTES], encoding, kw, shown)
    ((df, ragged),) = _text_frames(lambda: io.BytesIO(data), encoding, options, None, shown)
    if df.empty and "nrows" not in kw:
        raise _header_only(df, shown)
    return df, {"encoding": encoding, **_first_row(kw), **ragged}


def _text_chunks(
    p: Path,
    shown: PathArg,
    encoding: str,
    options: dict[str, Any],
    chunksize: int,
    progress: bool,
    suffix: str,
) -> Iterator[pd.DataFrame]:
    from tqdm.auto import tqdm

    handles: list[BinaryIO] = []

    def opener() -> BinaryIO:
        handles[:] = [p.open("rb")]
        return handles[0]

    first = _first_row(options)
    rows = 0
    with tqdm(
        total=p.stat().st_size, unit="B", unit_scale=True, desc=p.name, disable=not progress
    ) as bar:
        for df, ragged in _text_frames(opener, encoding, options, chunksize, shown):
            if df.empty:
                continue
            where = {"first_row": first["first_row"] + rows} if first else {}
            df.attrs["source"] = {
                "path": os.fspath(shown),
                "format": suffix[1:],
                "encoding": encoding,
                **where,
                **ragged,
            }
            rows += len(df)
            with contextlib.suppress(ValueError, OSError):  # a closed handle at the end
                bar.update(handles[0].tell() - bar.n)
            yield df
        bar.update(bar.total - bar.n)
    if rows == 0 and "nrows" not in options:
        columns = pd.read_csv(p, encoding=encoding, **{**options, "nrows": 0}).columns
        raise _header_only(pd.DataFrame(columns=columns), shown)


def _header_only(df: pd.DataFrame, shown: PathArg) -> HeaderOnlyError:
    names = ", ".join(map(str, df.columns[:6])) + (", …" if df.shape[1] > 6 else "")
    return HeaderOnlyError(f"a header ({names}) but no data rows", path=shown)


def _text_options(
    suffix: str, head: bytes, encoding: str, kw: dict[str, Any], shown: PathArg
) -> dict[str, Any]:
    """read_csv's options: the text defaults, the delimiter (checked), then ``kw``."""
    options = {**_TEXT_OPTIONS, "skip_blank_lines": False, **kw}
    if "sep" not in kw and "delimiter" not in kw:
        options["sep"] = _delimiter(suffix, head, encoding)
        if suffix in (".csv", ".tsv") and "skiprows" not in kw and "header" not in kw:
            _check_delimiter(options["sep"], head.decode(encoding, errors="ignore"), shown)
    return options


_DELIMITER_NAMES = {",": "','", "\t": "tab", ";": "';'", "|": "'|'"}
_QUOTED = re.compile(r'"[^"]*"')


def _delimiter_counts(line: str) -> dict[str, int]:
    """How many of each candidate delimiter ``line`` holds outside quoted cells."""
    unquoted = _QUOTED.sub("", line)
    return {c: unquoted.count(c) for c in _DELIMITER_NAMES}


def _check_delimiter(sep: str, head: str, shown: PathArg) -> None:
    """A DelimiterError when the header has none of ``sep`` but another delimiter, and
    the first data lines have at least as many of it (a ``;``-separated ``.csv``).
    """
    lines = [line for line in head.lstrip("\ufeff").splitlines()[:7] if line.strip()]
    if not lines:
        return
    counts = _delimiter_counts(lines[0])
    if counts[sep]:
        return
    found = {c: n for c, n in counts.items() if n}
    if not found:
        return
    other = max(found, key=found.__getitem__)
    if any(_delimiter_counts(line)[other] < found[other] for line in lines[1:6]):
        return  # the rows do not follow the header: one column with the character in it
    name = _DELIMITER_NAMES[other]
    raise DelimiterError(
        f"the header has no {_DELIMITER_NAMES[sep]} but {found[other]} {name}: the file looks "
        f"{name}-separated; read it with sep={other!r} (or name it .txt to have the delimiter "
        f"sniffed; sep={sep!r} if it really is one column)",
        path=shown,
    )


# read_csv options that shape the table themselves: with them a ragged file is an error
_SHAPING = {
    "header",
    "names",
    "index_col",
    "usecols",
    "nrows",
    "engine",
    "on_bad_lines",
    "skipfooter",
    "iterator",
    "chunksize",
    "converters",
}
_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _text_frames(
    opener: Callable[[], BinaryIO],
    encoding: str,
    options: dict[str, Any],
    chunksize: int | None,
    shown: PathArg,
):
    """``(frame, ragged)`` for the whole text (``chunksize`` None) or chunk by chunk.

    First pandas reads the file as usual (its fast C parser). A row with more cells
    than the header makes that fail (or, on the first data row, silently take the
    first column as the index): then the rest of the file, from the row where the
    first read stopped, is read again by pandas' Python parser, which hands each such
    row to :func:`_surplus_folder` — one more pass at most, whatever the rows' widths.
    ``ragged`` is ``{}`` or ``{"ragged": {...}}`` as :func:`read_table` documents.
    """
    done, recover = 0, False  # rows given so far; whether the ragged-row reading is on
    while True:
        try:
            with opener() as handle:
                for df, ragged in _parse_frames(
                    handle, encoding, options, chunksize, recover, done
                ):
                    yield df, ragged
                    done += len(df)
            return
        except pd.errors.EmptyDataError:
            raise EmptyFileError("no columns to read", path=shown) from None
        except pd.errors.ParserError as exc:
            message = str(exc).replace("Error tokenizing data. C error: ", "").strip()
            if recover or not _FIELDS.search(message) or _SHAPING & options.keys():
                raise _malformed(message, shown) from None
            recover = True
        except _ImplicitIndex:
            recover = True


_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")


def _malformed(message: str, shown: PathArg) -> InputError:
    unclosed = _UNCLOSED.search(message)
    if unclosed:  # pandas counts lines from 0
        line = int(unclosed.group(1)) + 1
        return InputError(
            f"a quoted cell opened on line {line} is never closed (a stray '\"'?)",
            path=shown,
            row=line,
        )
    return InputError(f"not a well-formed table: {message}", path=shown)


class _ImplicitIndex(Exception):
    """pandas took the first column as the index: the first data row has a surplus cell."""


def _parse_frames(
    handle: BinaryIO,
    encoding: str,
    options: dict[str, Any],
    chunksize: int | None,
    recover: bool,
    skip: int,
) -> Iterator[tuple[pd.DataFrame, dict]]:
    """The frames of one reading of ``handle``: pandas' own, or (``recover``) the one
    that keeps ragged rows, giving only what comes after the first ``skip`` data rows.
    """
    if not recover:
        reader = pd.read_csv(handle, encoding=encoding, chunksize=chunksize, **options)
        for df in [reader] if chunksize is None else reader:
            if "index_col" in options:
                yield df, {}
                continue
            if not isinstance(df.index, pd.RangeIndex):
                if _SHAPING & options.keys():
                    raise pd.errors.ParserError(
                        f"Expected {df.shape[1]} fields in line 2, saw {df.shape[1] + 1}"
                    )
                raise _ImplicitIndex
            yield df.set_axis(pd.RangeIndex(len(df))), {}
        return
    header = pd.read_csv(handle, encoding=encoding, **{**options, "nrows": 0}).columns
    handle.seek(0)
    sep = options.get("sep", options.get("delimiter"))
    mark = f"\x00{secrets.token_hex(6)}\x00"  # no cell of a real file starts with it
    # The header is read as the first row (header=None): pandas' implicit-index rule
    # only ever looks at the first row, so every data row reaches the folder.
    positional = {
        **options,
        "header": None,
        "names": range(len(header)),
        "index_col": False,
        "engine": "python",
        "on_bad_lines": _surplus_folder(len(header), sep, mark),
    }
    reader = pd.read_csv(handle, encoding=encoding, chunksize=chunksize, **positional)
    left = 1 + skip  # the header row, then the data rows given by the first reading
    for df in [reader] if chunksize is None else reader:
        cut = min(left, len(df))
        left -= cut
        if cut < len(df):
            yield _unmark(df.iloc[cut:], header, mark)


def _surplus_folder(width: int, sep: str, mark: str) -> Callable[[list[str]], list[str]]:
    """Pandas' ``on_bad_lines`` hook: a row's cells beyond ``width`` joined into its last
    one, behind ``mark`` and the count of cells; trailing empty cells are not surplus.
    """

    def fold(cells: list[str]) -> list[str]:
        end = len(cells)
        while end > width and not cells[end - 1]:
            end -= 1
        if end <= width:
            return cells[:width]
        return [*cells[: width - 1], f"{mark}{end}\x00{sep.join(cells[width - 1 : end])}"]

    return fold


def _unmark(df: pd.DataFrame, header: pd.Index, mark: str) -> tuple[pd.DataFrame, dict]:
    """Rows read with :func:`_surplus_folder` → the header's columns, and the ragged rows."""
    out = df.set_axis(header, axis=1).set_axis(pd.RangeIndex(len(df)))
    last = out.iloc[:, -1]
    rows = np.flatnonzero(last.str.startswith(mark, na=False).to_numpy())
    if not len(rows):
        return out, {}
    count, _, text = last.iloc[rows].str.slice(len(mark)).str.partition("\x00").T.to_numpy()
    folded = last.copy()
    folded.iloc[rows] = text
    out[header[-1]] = folded
    cells = count.astype(np.int64)
    return out, {"ragged": {"rows": rows, "cells": cells, "width": len(header)}}


def _stream_encoding(p: Path, encoding: str | None, shown: PathArg) -> str:
    """:func:`_encoding_of` for a file read in blocks: bounded memory, same decision."""
    if encoding is not None:
        _encoding_of(b"", encoding, shown)  # an unknown name is an InputError
    with p.open("rb") as f:
        start = f.read(len(codecs.BOM_UTF8))
    tried = (encoding,) if encoding else _candidates(start)
    failures = []
    for name in tried:
        bad, content = _scan_file(p, name)
        if bad is None:
            if not content:
                raise EmptyFileError("the file has only blanks", path=shown)
            return name
        failures.append(bad)
    raise _decode_error(*failures[0], tried, shown)


def _scan_file(p: Path, encoding: str) -> tuple[tuple[int, int] | None, bool]:
    """Decode the file in blocks: (offset and value of the first bad byte or None,
    whether anything but blanks and a byte-order mark is in it).
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    position, content = 0, False
    bom = codecs.lookup(encoding).name == "utf-8-sig"
    with p.open("rb") as f:
        while True:
            block = f.read(_BLOCK_BYTES)
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                # offsets are in pending + block; utf-8-sig's first call drops the mark first
                dropped = (
                    len(codecs.BOM_UTF8)
                    if bom and position == 0 and block.startswith(codecs.BOM_UTF8)
                    else 0
                )
                data = pending + block
                at = exc.start + dropped
                return (position - len(pending) + at, data[at] if at < len(data) else 0), content
            if not block:
                return None, content
            head = block.removeprefix(codecs.BOM_UTF8) if position == 0 else block
            content = content or bool(head.strip())
            position += len(block)


def _first_row(kw: dict[str, Any]) -> dict[str, int]:
    """``{"first_row": n}``: the source row of the first data row, when it is knowable.

    Row 2 by default (header on row 1); moved by integer ``header=``/``skiprows=``
    (``header=None``: no header row). Empty when they are lists or callables.
    """
    header, skip = kw.get("header", 0), kw.get("skiprows", 0)
    if type(skip) is not int or not (header is None or type(header) is int):
        return {}
    return {"first_row": skip + (1 if header is None else header + 2)}


def _delimiter(suffix: str, head: bytes, encoding: str) -> str:
    """``,`` for csv, tab for tsv; for txt sniffed on whole lines of ``head``."""
    if suffix == ".csv":
        return ","
    if suffix == ".tsv":
        return "\t"
    text = head.decode(encoding, errors="ignore")
    if len(head) == _SNIFF_BYTES and "\n" in text:
        text = text.rsplit("\n", 1)[0]  # drop the cut-off last line
    try:
        return csv.Sniffer().sniff(text, delimiters=",\t;|").delimiter
    except csv.Error:  # a single column, or rows that disagree (a ragged one in a few)
        counts = _delimiter_counts(text.lstrip("\ufeff").split("\n", 1)[0])
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats (.xls, .doc)


def _read_xlsx(
    p: Path, shown: PathArg, sheet: str | int | None, **kw: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    _check_workbook(p, shown)
    try:
        book = pd.ExcelFile(p, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorruptFileError(f"a damaged .xlsx workbook ({exc})", path=shown) from None
    with book:
        names = [str(name) for name in book.sheet_names]
        name = _sheet_name(names, 0 if sheet is None else sheet, shown)
        df = pd.read_excel(book, sheet_name=name, **{**_TEXT_OPTIONS, **kw})
    if df.empty and "nrows" not in kw:
        raise _header_only(df, f"{os.fspath(shown)}, sheet {name!r}")
    return df, {"encoding": None, **_first_row(kw), "sheet": name}


def _check_workbook(p: Path, shown: PathArg) -> None:
    """A CorruptFileError saying what the file is when it is not an .xlsx workbook."""
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


def _read_parquet(p: Path, shown: PathArg, **kw: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        df = pd.read_parquet(p, **kw)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None
    return df, {"encoding": None}


def _parquet_chunks(
    p: Path, shown: PathArg, chunksize: int, progress: bool, **kw: Any
) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq
    from tqdm.auto import tqdm

    try:
        parquet = pq.ParquetFile(p)
    except (OSError, ValueError) as exc:
        raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None

    def chunks() -> Iterator[pd.DataFrame]:
        with (
            parquet,
            tqdm(
                total=parquet.metadata.num_rows, unit="row", desc=p.name, disable=not progress
            ) as bar,
        ):
            rows = 0
            try:
                for batch in parquet.iter_batches(batch_size=chunksize, **kw):
                    df = batch.to_pandas()
                    # rows numbered as cleaning numbers a whole table: from 2
                    df.attrs["source"] = {
                        "path": os.fspath(shown),
                        "format": "parquet",
                        "encoding": None,
                        "first_row": 2 + rows,
                    }
                    rows += len(df)
                    bar.update(len(df))
                    yield df
            except (OSError, ValueError) as exc:
                raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None

    return chunks()


def _checked_suffix(p: Path, formats: tuple[str, ...], verb: str, shown: PathArg) -> str:
    suffix = p.suffix.lower()
    if suffix not in formats:
        raise UnsupportedFormatError(
            f"cannot {verb} '{p.suffix or '(no extension)'}' files; "
            f"supported: {', '.join(formats)}",
            path=shown,
        )
    return suffix


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


def write_table(
    df: pd.DataFrame,
    path: PathArg,
    *,
    index: bool = False,
    encoding: str = "utf-8-sig",
    safe: bool = True,
) -> Path:
    """Write ``df`` to ``.parquet``, ``.csv`` or ``.xlsx`` atomically; return the path.

    The table goes to a hidden temporary file in the target's folder
    (``.<name>.<random>.tmp``), which is flushed and fsynced to disk and then
    renamed onto the target with :func:`os.replace`, so readers see the old file
    or the complete new one, never a partial one. If anything fails the temporary
    file is removed and any earlier target is left untouched. Missing folders are
    created. A replaced file keeps its permission bits.

    A process killed outright (``SIGKILL``, power loss) cannot remove its temporary
    file: the target is still the old or the new complete file, but a stray
    ``.<name>.<random>.tmp`` may remain next to it. It is safe to delete once no
    write is running. Stray files are not swept automatically: that would cost a scan
    of the folder on every write (slow for folders of thousands of dataset parts),
    and could delete the file of a write still running elsewhere on a shared folder.

    Parameters
    ----------
    df
        The table.
    path
        Target; the extension picks the format:

        - ``.parquet`` (pyarrow): keeps dtypes; the way to store cleaned data.
        - ``.csv``: UTF-8 **with a byte-order mark** (``utf-8-sig``) and CRLF line
          ends. Excel on Chinese Windows reads a CSV without BOM as GBK and shows
          mojibake; the BOM makes it read UTF-8. CRLF (RFC 4180) also makes a cell
          with a bare carriage return get quoted, so it reads back intact.
        - ``.xlsx`` (openpyxl): one sheet, ``Sheet1``.
    index
        Write the index too.
    encoding
        Text encoding of a ``.csv`` (ignored for the other formats). The default
        suits Excel; ``"gb18030"`` writes what Chinese back-office tools export.
    safe
        Guard ``.csv`` and ``.xlsx`` files against formula injection (see Notes).
        Pass ``False`` only to write text verbatim for a program rather than a
        person, or to reproduce byte for byte what another tool exports (as
        :func:`microcommerce.simulation.messy.write_messy_export` does); never for text that
        came from outside and may be opened in a spreadsheet.

    Raises
    ------
    UnsupportedFormatError
        For another extension, before anything is written.

    Notes
    -----
    **Formula injection.** Excel, LibreOffice and WPS read a text cell starting with
    ``=``, ``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return
    can hide such a start; a seller name like ``=HYPERLINK(…)`` in an export could
    then run when the file is opened. With ``safe=True`` (the default), following
    the OWASP advice on CSV injection, every such text cell of a ``.csv`` or
    ``.xlsx`` file gets a single quote ``'`` in front, so the spreadsheet shows it
    as text. This covers text in object, ``str`` and categorical columns, the
    column names and, when written, the index and its names. Text that is a plain
    number — ``-12.5``, ``+3``, ``-1e3`` — is left alone (there is nothing to run);
    ``-1,280`` or ``+86 138 0000 0000`` are not plain numbers and are quoted.
    Numeric, date and boolean columns are never changed, and neither is ``df``.

    The rule is :func:`microcommerce.io.formulas.neutralise_formulas`, which can also be
    applied on its own (``df.pipe(neutralise_formulas)``). The quote is part of the
    written text: :func:`read_table` gives ``'=1+2`` back
    for a cell ``=1+2`` (so does Excel for an ``.xlsx`` cell), and a cell that
    already started with ``'`` cannot be told apart. Parquet files are written
    unchanged: they keep types and are not opened by spreadsheets.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> target = write_table(pd.DataFrame({"a": [1]}), f"{tempfile.mkdtemp()}/sub/t.parquet")
    >>> read_table(target)["a"].tolist()
    [1]
    >>> cells = pd.DataFrame({"note": ["=1+2", "-12.5", "-", "ok"], "n": [-1, 2, 3, 4]})
    >>> back = read_table(write_table(cells, f"{tempfile.mkdtemp()}/t.csv"))
    >>> back["note"].tolist(), back["n"].tolist()
    (["'=1+2", '-12.5', "'-", 'ok'], ['-1', '2', '3', '4'])
    """
    target = Path(path)
    suffix = _checked_suffix(target, WRITE_FORMATS, "write", path)
    if safe and suffix in _SPREADSHEET_FORMATS:
        df = neutralise_formulas(df, index=index)
    return _write_atomically(target, _writer(suffix, df, index, encoding))


def write_text(text: str, path: PathArg) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, as :func:`write_table` does; return the path.

    Examples
    --------
    >>> import tempfile
    >>> target = write_text('{"seed": 0}', f"{tempfile.mkdtemp()}/params.json")
    >>> target.read_text(encoding="utf-8")
    '{"seed": 0}'
    """
    data = text.encode("utf-8")
    return _write_atomically(Path(path), lambda f: f.write(data))


def _write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Run ``write`` on a temporary file next to ``target``, then rename it onto ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp, handle = _create_temp(target)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.is_file():
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return target


def _writer(
    suffix: str, df: pd.DataFrame, index: bool, encoding: str
) -> Callable[[BinaryIO], None]:
    """A function writing ``df`` in the format of ``suffix`` to a binary file."""
    if suffix == ".parquet":
        return lambda f: df.to_parquet(f, index=index, engine="pyarrow")
    if suffix == ".csv":
        return lambda f: df.to_csv(f, index=index, encoding=encoding, lineterminator="\r\n")
    return lambda f: df.to_excel(f, index=index, engine="openpyxl")


_SPREADSHEET_FORMATS = (".csv", ".xlsx")  # what a spreadsheet opens: neutralised


def _create_temp(target: Path) -> tuple[Path, BinaryIO]:
    """A new, empty, exclusively created file next to ``target``, opened for writing.

    Unlike :func:`tempfile.mkstemp` (mode 0600) the file gets the usual permissions
    for new files (0666 less the umask), which it keeps once renamed onto the target.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.fdopen(os.open(tmp, flags, 0o666), "wb")
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
