"""CSV, TSV and delimited TXT exports read as text, ragged rows kept and listed.

Blank lines are kept as rows of missing values, so data row ``i`` is row
``first_row + i`` of the file. A header wider than :data:`MAX_COLUMNS` is refused
before pandas parses anything (:func:`_check_width` reads the header in blocks).

A row with more cells than the header is read again by pandas' Python parser, whose
``on_bad_lines`` hook folds its surplus cells into its last cell
(:func:`_surplus_folder`), so nothing is lost; :class:`RaggedRows` lists such rows.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from microcommerce.errors import DelimiterError, EmptyFileError, InputError
from microcommerce.io._encoding import _encoding_of
from microcommerce.io._source import (
    _SNIFF_BYTES,
    _TEXT_OPTIONS,
    Limits,
    PathArg,
    RaggedRows,
    SourceInfo,
    _first_row,
    _header_only,
)

_WIDTH_BLOCK = 1 << 20  # bytes of the header read at a time by _check_width


def _read_text(
    p: Path, shown: PathArg, encoding: str | None, limits: Limits, **kw: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    data = p.read_bytes()
    encoding = _encoding_of(data, encoding, shown)
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise EmptyFileError("the file has only blanks", path=shown)
    options = _text_options(p.suffix.lower(), data[:_SNIFF_BYTES], encoding, kw, shown)
    _check_width(lambda: io.BytesIO(data), encoding, options, limits.columns, shown)
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
    line_bytes: int = 64 << 20,
) -> Iterator[pd.DataFrame]:
    from tqdm.auto import tqdm

    handles: list[BinaryIO] = []

    def opener() -> BinaryIO:
        handles[:] = [p.open("rb")]
        return _LineCap(handles[0], line_bytes, shown)  # type: ignore[return-value]

    first = _first_row(options)
    rows = 0
    with tqdm(
        total=p.stat().st_size, unit="B", unit_scale=True, desc=p.name, disable=not progress
    ) as bar:
        for df, ragged in _text_frames(opener, encoding, options, chunksize, shown):
            if df.empty:
                continue
            where = {"first_row": first["first_row"] + rows} if first else {}
            df.attrs["source"] = SourceInfo(
                os.fspath(shown), suffix[1:], encoding, **where, **ragged
            )
            rows += len(df)
            with contextlib.suppress(ValueError, OSError):  # a closed handle at the end
                bar.update(handles[0].tell() - bar.n)
            yield df
        bar.update(bar.total - bar.n)
    if rows == 0 and "nrows" not in options:
        columns = pd.read_csv(p, encoding=encoding, **{**options, "nrows": 0}).columns
        raise _header_only(pd.DataFrame(columns=columns), shown)


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
    """Raise a DelimiterError when the header has none of ``sep`` but another delimiter.

    Only when the first data lines have at least as many of it (a ``;``-separated
    ``.csv``): otherwise it is one column with the character in it.
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
    ``ragged`` is ``{}`` or ``{"ragged": RaggedRows(...)}``.
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
    """Yield the frames of one reading of ``handle``.

    Pandas' own reading, or (``recover``) the one that keeps ragged rows, giving only
    what comes after the first ``skip`` data rows.
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
    """Make pandas' ``on_bad_lines`` hook that folds a row's surplus cells.

    A row's cells beyond ``width`` are joined into its last one, behind ``mark`` and
    the count of cells; trailing empty cells are not surplus.
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
    return out, {"ragged": RaggedRows(rows, cells, len(header))}


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


class _LineCap(io.RawIOBase):
    """A binary file that refuses a line longer than ``cap`` bytes as it is read.

    pandas' parser holds a whole line (a record, or a quoted cell) in memory: a
    file of one 10 GB line would take all of it whatever the chunk size. The line
    lengths are found with ``bytes.find`` on each block read, so the cost is a scan.
    """

    def __init__(self, raw: BinaryIO, cap: int, shown: PathArg) -> None:
        super().__init__()
        self.raw, self.cap, self.shown = raw, cap, shown
        self.run = self.line = 0  # bytes since the last line end; lines ended so far

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        if not n:
            return n or 0
        block = bytes(memoryview(buffer)[:n])
        first = block.find(b"\n")
        longest = self.run + (n if first < 0 else first)
        if longest > self.cap:
            raise InputError(
                f"line {self.line + 1:,} is longer than {self.cap:,} bytes (pandas would "
                "hold it whole); not read (raise the cap with limits=Limits(line_bytes=...))",
                path=self.shown,
            )
        if first >= 0:
            self.line += block.count(b"\n")
            self.run = n - block.rfind(b"\n") - 1
        else:
            self.run += n
        return n

    def seekable(self) -> bool:
        return self.raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move as the file does; lines are counted afresh from the start (seek(0))."""
        self.run = self.line = 0
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()
        super().close()


def _check_width(
    opener: Callable[[], BinaryIO], encoding: str, options: dict[str, Any], cap: int, shown: PathArg
) -> None:
    """Refuse a header record with more than ``cap`` cells, before anything is parsed.

    The record checked is the first, or the one ``skiprows=``/``header=`` point at.

    Cells are counted outside quoted text, in blocks of 1 MiB, stopping once past the
    cap: time is proportional to the header records, memory to one block.
    """
    sep = options.get("sep", options.get("delimiter")) or ","
    if len(sep) != 1:  # a regular expression: pandas' Python parser, slow but bounded
        return
    skip, header = options.get("skiprows", 0), options.get("header", 0)
    records = 1 + (skip if type(skip) is int else 0) + (header if type(header) is int else 0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    inside, cells, seen = False, 1, 0
    with opener() as f:
        while block := f.read(_WIDTH_BLOCK):
            for j, part in enumerate(decoder.decode(block).split('"')):
                inside = inside != (j > 0)
                if inside:
                    continue
                for k, line in enumerate(part.split("\n")):
                    if k:  # a record ended: start counting the next one
                        seen += 1
                        if seen == records:
                            return
                        cells = 1
                    cells += line.count(sep)
                    if cells > cap:
                        raise InputError(
                            f"the header has more than {cap:,} columns (an export has dozens); "
                            "not read (raise the cap with limits=Limits(columns=...))",
                            path=shown,
                        )
