"""What a table read from a file records about it, and the checks made before reading.

:class:`SourceInfo` is ``df.attrs["source"]`` of every table :func:`read_table` gives.
Before a file is opened it is checked to be a regular, non-empty file of a known
extension, whose writing is not half done (``pending_write``):
a symbolic-link loop, a broken link, a FIFO, a device or a folder is named as such.
The caps on hostile files are :class:`Limits`.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from microcommerce._quote import excerpt
from microcommerce.errors import (
    EmptyFileError,
    FileNotFoundInputError,
    HeaderOnlyError,
    InputError,
    UnsupportedFormatError,
)
from microcommerce.io._durable import pending_write

#: What a path argument may be: a string or any path-like object.
PathArg = str | os.PathLike[str]

#: Extensions :func:`read_table` reads.
READ_FORMATS: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".parquet")
#: Extensions :func:`write_table` writes.
WRITE_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".parquet")
_TEXT_OPTIONS: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""]}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Limits:
    """Caps on hostile files, checked before a file is parsed or expanded.

    A file past a cap is refused with an :class:`~microcommerce.errors.InputError`
    saying which, in time and memory proportional to the part of the file read to
    find out (the header; the workbook's declared sizes and its sheets' XML, streamed).

    Attributes
    ----------
    columns : int, default 10000
        The widest header of a text file (real exports have dozens of columns).
    workbook_bytes : int, default 1073741824
        The most an ``.xlsx`` workbook may expand to: all its parts, uncompressed, as
        the zip declares them (Python's zipfile never inflates a part past its declared
        size, so a lie ends in an error, not in memory).
    workbook_cells : int, default 20000000
        The most cells (empty ones written in the XML included) in all the sheets of an
        ``.xlsx`` workbook; openpyxl holds every cell in memory.
    line_bytes : int, default 67108864
        The longest line of a text file read in chunks
        (:func:`~microcommerce.io.read_table_chunks`): pandas holds a whole line, so a
        file of one 10 GB line would take all memory whatever the chunk size.

    Examples
    --------
    >>> Limits().columns, Limits(columns=50_000).columns
    (10000, 50000)
    """

    columns: int = 10_000
    workbook_bytes: int = 1 << 30
    workbook_cells: int = 20_000_000
    line_bytes: int = 64 << 20


@dataclass(frozen=True, eq=False)
class RaggedRows:
    """Rows with more cells than the header; their surplus cells are in the last one.

    Attributes
    ----------
    rows : ndarray of int
        0-based positions of the rows among the data rows read.
    cells : ndarray of int
        How many cells each of them had.
    width : int
        The header's width.
    """

    rows: np.ndarray
    cells: np.ndarray
    width: int

    def __eq__(self, other: object) -> bool:
        """Equal when the positions, cell counts and width are."""
        return (
            isinstance(other, RaggedRows)
            and self.width == other.width
            and np.array_equal(self.rows, other.rows)
            and np.array_equal(self.cells, other.cells)
        )

    __hash__ = None  # type: ignore[assignment]  # arrays inside: not hashable


@dataclass(frozen=True)
class SourceInfo:
    """Where a table came from: ``df.attrs["source"]`` of what :func:`read_table` gives.

    Attributes
    ----------
    path : str, optional
        The file as the caller gave it (or a name, for a part that is not a file).
    format : str, optional
        The extension without its dot (``"csv"``, ``"xlsx"`` …).
    encoding : str, optional
        The text encoding used; None for ``.xlsx`` and ``.parquet``.
    first_row : int, optional
        The source row of the first data row: 2 with the header on row 1; None when
        list or callable ``header=``/``skiprows=`` make it unknowable, and for Parquet
        read whole.
    sheet : str, optional
        The sheet read from an ``.xlsx`` workbook.
    ragged : RaggedRows, optional
        The rows that had more cells than the header, if any.
    sheets : tuple of str, default ()
        Every sheet of a workbook read into the table, in order (the sheets whose header
        is the first sheet's; rows run on from one sheet to the next).
    sheets_skipped : tuple of (str, str), default ()
        ``(sheet, why)`` for the sheets of a workbook left out.

    Examples
    --------
    >>> import dataclasses
    >>> info = SourceInfo("o.csv", "csv", "utf-8", first_row=2)
    >>> dataclasses.replace(info, first_row=5).first_row, info.sheet
    (5, None)
    """

    path: str | None = None
    format: str | None = None
    encoding: str | None = None
    first_row: int | None = None
    sheet: str | None = None
    ragged: RaggedRows | None = None
    sheets: tuple[str, ...] = ()
    sheets_skipped: tuple[tuple[str, str], ...] = ()


def source_of(df: pd.DataFrame) -> SourceInfo:
    """Return the :class:`SourceInfo` of a table read by :func:`read_table`, or an empty one.

    Parameters
    ----------
    df : DataFrame
        A table, read from a file or built in memory.

    Returns
    -------
    SourceInfo
        ``df.attrs["source"]``, or ``SourceInfo()`` (all fields None) when it is missing.

    Examples
    --------
    >>> source_of(pd.DataFrame({"a": [1]}))  # doctest: +ELLIPSIS
    SourceInfo(path=None, format=None, encoding=None, first_row=None, sheet=None, ragged=None, ...)
    """
    info = df.attrs.get("source")
    return info if isinstance(info, SourceInfo) else SourceInfo()


def entry_problem(path: PathArg) -> str | None:
    """Why ``path`` cannot be read as a file, or None when it is a regular file.

    Parameters
    ----------
    path : str or Path
        A path as given.

    Returns
    -------
    str or None
        ``"no such file"``, ``"a symbolic link loop"``, ``"a broken symbolic link (to
        …)"``, ``"a folder, not a file"``, ``"a FIFO (named pipe) …"``, ``"a device …"``,
        ``"a socket …"``, or None.

    Examples
    --------
    >>> entry_problem("no/such/file.csv"), entry_problem(".")
    ('no such file', 'a folder, not a file')
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return f"a broken symbolic link (to '{excerpt(os.readlink(path))}')"
        return "no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"cannot be opened ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file: not read, as reading it could wait for ever"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def _checked_file(p: Path, shown: PathArg) -> str:
    """Return the file's extension, once it is known to be a readable, non-empty file."""
    suffix = _checked_suffix(p, READ_FORMATS, "read", shown)
    problem = entry_problem(p)
    if problem == "no such file":
        raise FileNotFoundInputError(problem, path=shown)
    if problem is not None:
        raise InputError(problem, path=shown)
    if pending_write(p):
        raise InputError(
            "its writing was interrupted while it and the files written with it were "
            "being put in place (a .pending marker is beside it): write it again",
            path=shown,
        )
    if p.stat().st_size == 0:
        raise EmptyFileError("the file is empty (0 bytes)", path=shown)
    return suffix


def _checked_suffix(p: Path, formats: tuple[str, ...], verb: str, shown: PathArg) -> str:
    suffix = p.suffix.lower()
    if suffix not in formats:
        raise UnsupportedFormatError(
            f"cannot {verb} '{excerpt(p.suffix or '(no extension)')}' files; "
            f"supported: {', '.join(formats)}",
            path=shown,
        )
    return suffix


def _header_only(df: pd.DataFrame, shown: PathArg) -> HeaderOnlyError:
    names = ", ".join(excerpt(c, 30) for c in df.columns[:6]) + (", …" if df.shape[1] > 6 else "")
    return HeaderOnlyError(f"a header ({names}) but no data rows", path=shown)


def _first_row(kw: dict[str, Any]) -> dict[str, int]:
    """``{"first_row": n}``: the source row of the first data row, when it is knowable.

    Row 2 by default (header on row 1); moved by integer ``header=``/``skiprows=``
    (``header=None``: no header row). Empty when they are lists or callables.
    """
    header, skip = kw.get("header", 0), kw.get("skiprows", 0)
    if type(skip) is not int or not (header is None or type(header) is int):
        return {}
    return {"first_row": skip + (1 if header is None else header + 2)}
