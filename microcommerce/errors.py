"""Exceptions of the package: what went wrong with a user's input, and where.

Every error about an input file says which file, and where known which row and
column, so that a message can be acted on without a debugger::

    MicrocommerceError
    └── InputError (also a ValueError)
        ├── FileNotFoundInputError (also a FileNotFoundError)
        ├── UnsupportedFormatError
        ├── DecodeError
        └── EmptyFileError

Examples
--------
>>> str(InputError("expected a date", path="orders.csv", row=12, column="下单时间"))
"orders.csv, row 12, column '下单时间': expected a date"
>>> isinstance(FileNotFoundInputError("no such file"), FileNotFoundError)
True
"""

from __future__ import annotations

import os
from collections.abc import Sequence

__all__ = [
    "DecodeError",
    "EmptyFileError",
    "FileNotFoundInputError",
    "InputError",
    "MicrocommerceError",
    "UnsupportedFormatError",
]


class MicrocommerceError(Exception):
    """Base class of the package's own exceptions."""


class InputError(MicrocommerceError, ValueError):
    """A problem with a user's input file or data.

    Parameters
    ----------
    message
        What is wrong, e.g. ``"expected an amount, got '面议'"``.
    path
        The file as the user gave it; shown as given (``str(path)``).
    row
        The 1-based row of the source file (the header being row 1).
    column
        The column's name.

    Examples
    --------
    >>> err = InputError("expected an amount", row=3)
    >>> str(err), err.path, err.row
    ('row 3: expected an amount', None, 3)
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else os.fspath(path)
        self.row = row
        self.column = column
        where = [] if self.path is None else [self.path]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class FileNotFoundInputError(InputError, FileNotFoundError):
    """The input file does not exist (catchable as the builtin ``FileNotFoundError`` too)."""


class UnsupportedFormatError(InputError):
    """The file's extension is not one the package reads or writes."""


class DecodeError(InputError):
    """The file's bytes are not text in the encoding(s) tried.

    Parameters
    ----------
    message
        What failed; it should name the offset and the encodings tried.
    offset
        0-based byte offset, in the file, of the first byte that did not decode.
    encodings
        The encodings that were tried, in order.
    **where
        ``path``, ``row`` and ``column`` as for :class:`InputError`.

    Examples
    --------
    >>> err = DecodeError("byte 7 is not valid utf-8", offset=7, encodings=["utf-8"], path="a.csv")
    >>> str(err), err.offset, err.encodings
    ('a.csv: byte 7 is not valid utf-8', 7, ('utf-8',))
    """

    def __init__(
        self,
        message: str,
        *,
        offset: int | None = None,
        encodings: Sequence[str] = (),
        path: str | os.PathLike[str] | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.offset = offset
        self.encodings = tuple(encodings)
        super().__init__(message, path=path, row=row, column=column)


class EmptyFileError(InputError):
    """The file has no content at all (zero bytes, or only a byte-order mark and blanks)."""
