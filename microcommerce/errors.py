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
"""

from __future__ import annotations

from os import PathLike

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
    """A problem with a user's input; names the file, row (1-based) and column when known."""

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.row = row
        self.column = column
        where = []
        if self.path is not None:
            where.append(self.path)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class FileNotFoundInputError(InputError, FileNotFoundError):
    """The input file does not exist."""


class UnsupportedFormatError(InputError):
    """The file's extension is not one the package reads or writes."""


class DecodeError(InputError):
    """The file's bytes are not text in any encoding tried; ``offset`` is the first bad byte."""

    def __init__(self, message: str, *, offset: int | None = None, **where: object) -> None:
        self.offset = offset
        super().__init__(message, **where)  # type: ignore[arg-type]


class EmptyFileError(InputError):
    """The file has no content at all."""
