"""Every exception the package raises on purpose, in one place.

``except MicrocommerceError`` catches all of them. Every error about an input file says
which file, and where known which row and column, so that a message can be acted on
without a debugger::

    MicrocommerceError
    ├── SchemaError (also a ValueError)  a table does not conform to its canonical schema
    ├── DefinitionalBreakError (also a ValueError)  a fit across a change of definition
    ├── MissingDependencyError (also an ImportError)  an optional package not installed
    ├── ParameterError (also a ValueError)  an argument breaks a rule of its function
    │   ├── FrequencyError            a freq= that is no period alias ('quarter': 'QE')
    │   └── MixedUnitsError           figures of several units where one was expected
    ├── OutputError (also an OSError)  a result not written: full disk, read-only …
    │   └── OutputBusyError          another run is writing the same result
    └── InputError (also a ValueError)
        ├── FileNotFoundInputError (also a FileNotFoundError)
        ├── UnsupportedFormatError   the extension is not one we read or write
        ├── CorruptFileError         the bytes are not what the extension says
        ├── SheetNotFoundError       no such sheet in the workbook
        ├── DecodeError              not text in the encodings tried
        ├── DelimiterError           a .csv separated by ';' (or a .tsv by commas)
        ├── ResultError              a result folder incomplete or changed
        └── EmptyFileError           nothing in the file
            └── HeaderOnlyError      a header, but no data rows

A row with more cells than the header (an unquoted comma in ``1,280``) is not an
error of the whole file: :func:`~microcommerce.io.read_table` keeps it, and
cleaning rejects it with its row number, so the good rows are still used.

Examples
--------
>>> str(InputError("expected a date", path="orders.csv", row=12, column="下单时间"))
"orders.csv, row 12, column '下单时间': expected a date"
>>> isinstance(FileNotFoundInputError("no such file"), FileNotFoundError)
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CorruptFileError",
    "DecodeError",
    "DefinitionalBreakError",
    "DelimiterError",
    "EmptyFileError",
    "FileNotFoundInputError",
    "FrequencyError",
    "HeaderOnlyError",
    "InputError",
    "LayoutError",
    "MicrocommerceError",
    "MissingColumnsError",
    "MissingDependencyError",
    "MixedUnitsError",
    "OutputBusyError",
    "OutputError",
    "ParameterError",
    "ResultError",
    "SchemaError",
    "SheetNotFoundError",
    "UnsupportedFormatError",
    "escape_invisible",
    "excerpt",
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


class MissingColumnsError(InputError):
    """An export lacks columns the table needs; the message says how to map them.

    Parameters
    ----------
    message
        The problem and the fix in Python syntax (``columns={...}``, ``seller=``).
    cli_message
        The same with the command line's options (``--column``, ``--seller``).
    missing
        The canonical columns not found.
    path
        The file, as for :class:`InputError`.

    Examples
    --------
    >>> err = MissingColumnsError(
    ...     "no seller_id: pass seller='…'", "no seller_id: use --seller NAME",
    ...     missing=["seller_id"])
    >>> err.missing, err.cli_message
    (['seller_id'], 'no seller_id: use --seller NAME')
    """

    def __init__(
        self,
        message: str,
        cli_message: str,
        *,
        missing: list[str],
        path: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(message, path=path)
        where = "" if self.path is None else f"{self.path}: "
        self.cli_message = where + cli_message
        self.missing = missing


class FileNotFoundInputError(InputError, FileNotFoundError):
    """The input file does not exist (catchable as the builtin ``FileNotFoundError`` too)."""


class UnsupportedFormatError(InputError):
    """The file's extension is not one the package reads or writes."""


class CorruptFileError(InputError):
    """The file's bytes are not what its extension says.

    An ``.xlsx`` that is a CSV, an old ``.xls`` or a zip of something else; a truncated or
    damaged Parquet file.
    """


class LayoutError(InputError):
    """A user's own table of export layouts (``layouts=``, ``--layouts``) is malformed."""


class SheetNotFoundError(InputError):
    """The workbook has no sheet of the name or position asked for (the message lists them)."""


class DelimiterError(InputError):
    """The file is separated by another delimiter than its extension implies.

    Examples
    --------
    >>> raise DelimiterError("the header has no ',' but 3 ';'", path="o.csv")
    Traceback (most recent call last):
    ...
    microcommerce.errors.DelimiterError: o.csv: the header has no ',' but 3 ';'
    """


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


class HeaderOnlyError(EmptyFileError):
    """The file has a header row but no data rows (an export of an empty selection)."""


class SchemaError(MicrocommerceError, ValueError):
    """A table does not conform to its schema; ``failures`` lists row by row why.

    Parameters
    ----------
    message : str
        What is wrong, check by check.
    failures : DataFrame, optional
        One row per failing row and check (empty when only columns or dtypes are wrong).
    """

    def __init__(self, message: str, failures: pd.DataFrame | None = None) -> None:
        import pandas as pd

        super().__init__(message)
        self.failures = failures if failures is not None else pd.DataFrame()


class DefinitionalBreakError(MicrocommerceError, ValueError):
    """A series straddles a change of definition; fitting across it would mislead."""


class MissingDependencyError(MicrocommerceError, ImportError):
    """An option needs an optional package that is not installed; the message names the extra.

    Examples
    --------
    >>> err = MissingDependencyError('needs DuckDB: pip install "microcommerce[duckdb]"')
    >>> isinstance(err, ImportError)
    True
    """


class ParameterError(MicrocommerceError, ValueError):
    """A parameter of a model breaks one of its rules; the message names the rule.

    Examples
    --------
    >>> isinstance(ParameterError("PyramidParams: expected months ≥ 1"), ValueError)
    True
    """


class FrequencyError(ParameterError):
    """A ``freq=`` that is not a day, week, month, quarter or year alias; the message suggests one.

    Examples
    --------
    >>> isinstance(FrequencyError("freq 'quarter': write 'QE' or 'QS'"), ValueError)
    True
    """


class MixedUnitsError(ParameterError):
    """Figures of several units were given where one measure was expected.

    Persons, yuan and percent shares on one axis, or in one comparison, invite reading
    one as the other. The message names the units found, with how many figures of each,
    and the argument that keeps them apart or together.

    Parameters
    ----------
    who
        The function refusing, named in the message.
    units
        Each unit found and how many figures are in it.
    option
        What to pass instead, e.g. ``"unit='persons' to keep one"``.

    Examples
    --------
    >>> err = MixedUnitsError("demo", {"persons": 3, "percent": 1}, option="unit='persons'")
    >>> str(err)
    "demo: the figures are in 2 units (persons: 3, percent: 1); pass unit='persons'"
    >>> err.units, isinstance(err, ParameterError)
    ({'persons': 3, 'percent': 1}, True)
    """

    def __init__(self, who: str, units: dict[str, int], *, option: str) -> None:
        self.units = dict(units)
        found = ", ".join(f"{unit}: {count}" for unit, count in self.units.items())
        super().__init__(
            f"{who}: the figures are in {len(self.units)} units ({found}); pass {option}"
        )


class OutputError(MicrocommerceError, OSError):
    """A result could not be written; whatever was there before is unchanged.

    Parameters
    ----------
    message
        What went wrong, e.g. ``"no space left on the device"``.
    path
        The result being written (a file or a folder).
    errno
        The operating system's error number, when one caused it.

    Examples
    --------
    >>> err = OutputError("the file system is read-only", path="out/o.parquet", errno=30)
    >>> str(err), err.errno, isinstance(err, OSError)
    ('out/o.parquet: the file system is read-only', 30, True)
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        errno: int | None = None,
    ) -> None:
        self.message = message
        shown = None if path is None else os.fspath(path)
        super().__init__(f"{shown}: {message}" if shown else message)
        self.errno = errno
        self.filename = shown
        self.path = shown

    def __str__(self) -> str:
        """Return the message, as for any exception (not OSError's ``[Errno n]`` form)."""
        return self.args[0]


class OutputBusyError(OutputError):
    """Another run is writing the same result (see ``wait=`` / ``--wait``)."""


class ResultError(InputError):
    """A result folder that is incomplete or does not match its manifest.

    A part missing, added or changed after it was written, or no manifest at all.
    """


# controls, zero-width and bidirectional marks, embeddings, overrides and isolates
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_INVISIBLE_BUT_LINES = re.compile(
    _INVISIBLE.pattern.replace("\\x00-\\x1f", "\\x00-\\x08\\x0b-\\x1f")
)


def excerpt(value: object, limit: int = 60) -> str:
    r"""Return ``value`` as a short, escaped excerpt to quote in an error message.

    Control and invisible characters are shown as escapes (``\x00``, ``\u200b``);
    text longer than ``limit`` characters is cut, saying how much was left out, so
    that a hostile file cannot flood a message.

    Parameters
    ----------
    value
        Text (or anything, by its ``str``).
    limit
        The most characters of it shown.

    Returns
    -------
    str
        The excerpt, without quotes.

    Examples
    --------
    >>> excerpt("订单号")
    '订单号'
    >>> print(excerpt("\x00" * 1_000_000, limit=4))
    \x00\x00\x00\x00… (999,996 more characters)
    """
    text = value if isinstance(value, str) else str(value)
    cut = text[:limit]
    shown = _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cut)
    more = len(text) - len(cut)
    return shown + (f"… ({more:,} more characters)" if more else "")


def escape_invisible(text: object) -> str:
    r"""Return ``text`` with control and invisible characters shown as escapes, for a terminal.

    Line ends and tabs stay; everything else :func:`excerpt` escapes does too —
    bidirectional overrides and isolates (U+202E, U+2066 …), which would reorder
    what a terminal shows, and zero-width characters (U+200B, U+2060 …), which
    would hide — whatever the length (nothing is cut).

    Parameters
    ----------
    text
        Text (or anything, by its ``str``).

    Returns
    -------
    str
        The text, safe to print.

    Examples
    --------
    >>> print(escape_invisible("amount: 'x\u202egnp.exe'\n\tnext\u2060line"))
    amount: 'x\u202egnp.exe'
        next\u2060line
    """
    shown = text if isinstance(text, str) else str(text)
    return _INVISIBLE_BUT_LINES.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), shown
    )
