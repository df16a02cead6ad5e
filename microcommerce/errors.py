"""Every exception the package raises on purpose, in one place.

``except MicrocommerceError`` catches all of them. Every error about an input file says
which file, and where known which row and column, so that a message can be acted on
without a debugger. Each class is also the builtin exception that code catching the
builtin expects (``except ValueError``, ``except KeyError`` …), shown in brackets where a
class adds one, so a program written against an earlier version keeps working:

>>> print(error_tree())
MicrocommerceError (Exception)
├── DefinitionalBreakError (ValueError)
├── InputError (ValueError)
│   ├── CorruptFileError
│   ├── DecodeError
│   ├── DelimiterError
│   ├── EmptyFileError
│   │   └── HeaderOnlyError
│   ├── FileNotFoundInputError (FileNotFoundError)
│   ├── FitError
│   ├── LayoutError
│   ├── MissingColumnsError
│   ├── ResultError
│   ├── SheetNotFoundError
│   └── UnsupportedFormatError
├── OptionalDependencyError (ImportError)
├── OutputError (OSError)
│   └── OutputBusyError
├── ParameterError (ValueError)
│   ├── FrequencyError
│   ├── MixedUnitsError
│   ├── ParameterTypeError (TypeError)
│   └── UnknownNameError (KeyError)
│       └── UnknownDatasetError
└── SchemaError (ValueError)
InternalError (AssertionError)

In short: a bad argument is a :class:`ParameterError` (of the wrong type, a
:class:`ParameterTypeError`; an unknown name, an :class:`UnknownNameError`); a bad file
or table is an :class:`InputError` (a missing column, a :class:`MissingColumnsError`);
a table that breaks its schema is a :class:`SchemaError`; a result not written is an
:class:`OutputError`. :class:`InternalError` (an ``AssertionError``) is outside the tree
on purpose: it is a broken invariant of the package, a bug to report, never something
the input did.

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

import difflib
import os
import warnings
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
    "FitError",
    "FrequencyError",
    "HeaderOnlyError",
    "InputError",
    "InternalError",
    "LayoutError",
    "MicrocommerceError",
    "MissingColumnsError",
    "MixedUnitsError",
    "OptionalDependencyError",
    "OutputBusyError",
    "OutputError",
    "ParameterError",
    "ParameterTypeError",
    "ResultError",
    "SchemaError",
    "SheetNotFoundError",
    "UnknownDatasetError",
    "UnknownNameError",
    "UnsupportedFormatError",
    "error_tree",
]


class MicrocommerceError(Exception):
    """Base class of the package's own exceptions.

    Every one pickles and unpickles whole — message and attributes — so that an error
    raised in a Dask worker reaches the caller as it was raised.

    Examples
    --------
    >>> import pickle
    >>> err = MissingColumnsError("demo: missing ['amount']", missing=["amount"])
    >>> again = pickle.loads(pickle.dumps(err))
    >>> type(again).__name__, str(again), again.missing
    ('MissingColumnsError', "demo: missing ['amount']", ['amount'])
    """

    def __reduce__(self) -> tuple:
        """Rebuild from the message and attributes, not by calling ``__init__`` again."""
        state = dict(vars(self))
        if isinstance(self, OSError):  # errno and filename live outside __dict__
            slots = {"errno": self.errno, "filename": self.filename}
            state.update({k: v for k, v in slots.items() if v is not None})
        return _restore, (type(self), self.args, state)


def _restore(cls: type[MicrocommerceError], args: tuple, state: dict) -> MicrocommerceError:
    new = OSError.__new__ if issubclass(cls, OSError) else cls.__new__  # the C layout's own
    err = new(cls, *args)
    err.args = args
    for name, value in state.items():
        setattr(err, name, value)
    return err


class InputError(MicrocommerceError, ValueError):
    """A problem with a user's input file or data.

    Parameters
    ----------
    message : str
        What is wrong, e.g. ``"expected an amount, got '面议'"``.
    path : str or Path, optional
        The file as the user gave it; shown as given (``str(path)``).
    row : int, optional
        The 1-based row of the source file (the header being row 1).
    column : str, optional
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
    """A table lacks columns that its cleaning or an analysis needs; the message says how to fix it.

    Cleaning raises it for an export whose headers give no required column, an
    analysis for a frame without a column it reads (naming the function that makes it).

    Parameters
    ----------
    message : str
        The problem and the fix in Python syntax (``columns={...}``, ``seller=``).
    cli_message : str, optional
        The same with the command line's options (``--column``, ``--seller``); by
        default the message itself.
    missing : list of str
        The columns not found.
    available : list of str, optional
        The columns the table has, when the message lists them.
    path : str or Path, optional
        The file, as for :class:`InputError`.

    Examples
    --------
    >>> err = MissingColumnsError(
    ...     "no seller_id: pass seller='…'", "no seller_id: use --seller NAME",
    ...     missing=["seller_id"])
    >>> err.missing, err.cli_message
    (['seller_id'], 'no seller_id: use --seller NAME')
    >>> err = MissingColumnsError("demo: missing ['amount']", missing=["amount"],
    ...                           available=["date"])
    >>> err.cli_message, err.available, isinstance(err, ValueError)
    ("demo: missing ['amount']", ['date'], True)
    """

    def __init__(
        self,
        message: str,
        cli_message: str | None = None,
        *,
        missing: list[str],
        available: list[str] | None = None,
        path: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(message, path=path)
        where = "" if self.path is None else f"{self.path}: "
        self.cli_message = where + (message if cli_message is None else cli_message)
        self.missing = missing
        self.available = available


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
    message : str
        What failed; it should name the offset and the encodings tried.
    offset : int, optional
        0-based byte offset, in the file, of the first byte that did not decode.
    encodings : sequence of str, default ()
        The encodings that were tried, in order.
    path, row, column : optional
        As for :class:`InputError`.

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
    who : str
        The function refusing, named in the message.
    units : dict of str to int
        Each unit found and how many figures are in it.
    option : str
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


class ParameterTypeError(ParameterError, TypeError):
    """An argument of the wrong type: a list where a DataFrame was expected, a number as a name.

    Also a ``TypeError`` (what Python raises for a wrong type), so ``except TypeError``
    still catches it.

    Examples
    --------
    >>> err = ParameterTypeError("raw=[1, 2]: expected a DataFrame, got list")
    >>> isinstance(err, TypeError), isinstance(err, ValueError)
    (True, True)
    """


class UnknownNameError(ParameterError, KeyError):
    """A name that is not one of the known ones (a table, a layout, a column …).

    Also a ``KeyError`` (a failed look-up), so ``except KeyError`` still catches it; the
    message is shown as written, without the quotes ``KeyError`` adds, and ends with
    the known names closest to the one given.

    Parameters
    ----------
    message : str
        What was looked up and where, e.g. ``"unknown table 'order'; the tables are …"``.
    name : object, optional
        The name given.
    known : sequence of str, default ()
        The names that would have been accepted; the closest are suggested.

    Examples
    --------
    >>> err = UnknownNameError("unknown table 'order'", name="order",
    ...                        known=["orders", "sellers", "inventory"])
    >>> str(err)
    "unknown table 'order'; did you mean 'orders'?"
    >>> err.close, isinstance(err, KeyError), isinstance(err, ValueError)
    (('orders',), True, True)
    """

    def __init__(self, message: str, *, name: object = None, known: Sequence[str] = ()) -> None:
        self.name = name
        self.known = tuple(known)
        text = name if isinstance(name, str) else None
        self.close = tuple(difflib.get_close_matches(text, self.known, n=3)) if text else ()
        hint = " or ".join(repr(c) for c in self.close)
        super().__init__(f"{message}; did you mean {hint}?" if hint else message)

    def __str__(self) -> str:
        """Return the message as written (``KeyError`` would quote it)."""
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class UnknownDatasetError(UnknownNameError):
    """No dataset of the name given; the message lists the datasets and the closest names.

    Examples
    --------
    >>> from microcommerce import datasets
    >>> datasets.load("fact")
    Traceback (most recent call last):
    ...
    microcommerce.errors.UnknownDatasetError: no dataset 'fact'; the datasets are ...'facts'?
    """


class OptionalDependencyError(MicrocommerceError, ImportError):
    """A feature needs an optional library that is not installed; the message names the extra.

    Also an ``ImportError``, so ``except ImportError`` still catches it.

    Examples
    --------
    >>> err = OptionalDependencyError("this needs Dask: pip install 'microcommerce[dask]'")
    >>> isinstance(err, ImportError), str(err)
    (True, "this needs Dask: pip install 'microcommerce[dask]'")
    """


class FitError(InputError):
    """The data do not determine a model's parameters: too few points, no convergence, a flat curve.

    Examples
    --------
    >>> isinstance(FitError("fit_logistic: the fit did not converge"), ValueError)
    True
    """


class InternalError(AssertionError):
    """A broken invariant of the package itself: a bug to report, never a fault of the input.

    It is deliberately not a :class:`MicrocommerceError`: ``except MicrocommerceError``
    is for what a user can correct, and a bug should not be reported as one.

    Examples
    --------
    >>> issubclass(InternalError, MicrocommerceError), issubclass(InternalError, AssertionError)
    (False, True)
    """


class OutputError(MicrocommerceError, OSError):
    """A result could not be written; whatever was there before is unchanged.

    Parameters
    ----------
    message : str
        What went wrong, e.g. ``"no space left on the device"``.
    path : str or Path, optional
        The result being written (a file or a folder).
    errno : int, optional
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


class KernelError(MicrocommerceError, RuntimeError):
    """A notebook's Jupyter kernel could not be started or set up (``reproduce``).

    ``reproduce`` reports it as that notebook's failure and gives the next one a new kernel.
    """


class ResultError(InputError):
    """A result folder that is incomplete or does not match its manifest.

    A part missing, added or changed after it was written, or no manifest at all.
    """


def error_tree() -> str:
    """Draw the package's exception classes as a tree, each with the builtins it also is.

    A class shows the builtin exceptions it adds to those of its parent, so each line
    says what ``except`` clause written for a builtin catches it.

    Returns
    -------
    str
        One line per class, :class:`MicrocommerceError`'s tree first, then
        :class:`InternalError`.

    Examples
    --------
    >>> print(error_tree().splitlines()[0])
    MicrocommerceError (Exception)
    >>> [line for line in error_tree().splitlines() if "UnknownNameError" in line]
    ['│   └── UnknownNameError (KeyError)']
    """
    own = {name: globals()[name] for name in __all__ if name[0].isupper()}
    mine = set(own.values())

    def label(cls: type) -> str:
        inherited = {b for parent in cls.__bases__ if parent in mine for b in parent.__mro__}
        added = [b.__name__ for b in cls.__bases__ if b not in mine and b not in inherited]
        return f"{cls.__name__} ({', '.join(added)})" if added else cls.__name__

    def branch(cls: type, indent: str) -> list[str]:
        children = sorted(
            (c for c in own.values() if c.__bases__[0] is cls), key=lambda c: c.__name__
        )
        lines = []
        for i, child in enumerate(children):
            last = i == len(children) - 1
            lines.append(f"{indent}{'└── ' if last else '├── '}{label(child)}")
            lines.extend(branch(child, indent + ("    " if last else "│   ")))
        return lines

    roots = sorted(
        (c for c in own.values() if c.__bases__[0] not in mine),
        key=lambda c: c is not MicrocommerceError,
    )
    return "\n".join(line for root in roots for line in [label(root), *branch(root, "")])


def __getattr__(name: str) -> object:
    """Give ``excerpt`` and ``escape_invisible``, private since 0.1, with a warning.

    Examples
    --------
    >>> import warnings
    >>> from microcommerce import errors
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     shown = errors.excerpt("订单号")
    >>> print(shown, caught[0].category.__name__)
    订单号 DeprecationWarning
    """
    if name in ("excerpt", "escape_invisible"):
        from microcommerce import _quote

        warnings.warn(
            f"microcommerce.errors.{name} is private now (microcommerce._quote.{name}) "
            "and will be removed; quote text with your own function",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(_quote, name)
    raise AttributeError(f"module 'microcommerce.errors' has no attribute {name!r}")
