"""What the analyses check of their inputs before they run, and how they read arguments.

Every analysis names the columns it reads; :func:`require_columns` refuses a frame that
lacks one (naming the function that makes it) or that holds raw text where numbers or
dates belong (a raw export: clean it first). :func:`column_list` reads every column-list
argument the same way, and :func:`whole_fen` turns yuan into whole fen, so sums are exact
in any order of rows.

Examples
--------
>>> import pandas as pd
>>> column_list("category")
['category']
>>> whole_fen(pd.Series([0.1 + 0.2]), "demo").tolist()
[30]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from microcommerce.core._engine import is_dask
from microcommerce.errors import (
    InputError,
    MissingColumnsError,
    ParameterTypeError,
    SchemaError,
)

__all__ = ["PRODUCED_BY", "column_list", "require_columns", "require_dates", "whole_fen"]


def column_list(columns: str | Sequence[str] | None, argument: str = "by") -> list[str]:
    """Read a column-list argument: one column name, a sequence of names, or none.

    Every argument of the package that names columns goes through this, so
    ``by="category"`` means what pandas users mean by it (not the letters of the word).

    Parameters
    ----------
    columns : str, sequence of str or None
        The argument as given.
    argument : str, default "by"
        The argument's name, for the error.

    Returns
    -------
    list of str
        The column names, in order, without repeats.

    Raises
    ------
    ParameterTypeError
        When an item is not a string (also a ``TypeError``).

    Examples
    --------
    >>> column_list("category"), column_list(("category", "seller_tier")), column_list(None)
    (['category'], ['category', 'seller_tier'], [])
    """
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    names = list(dict.fromkeys(columns))
    wrong = [c for c in names if not isinstance(c, str)]
    if wrong:
        raise ParameterTypeError(
            f"{argument}={columns!r}: expected column names (text), got {wrong}"
        )
    return names


#: Which public function makes a column the analyses read, for errors that say what to do.
PRODUCED_BY: dict[str, str] = {
    **dict.fromkeys(
        (
            "order_id",
            "date",
            "seller_id",
            "buyer_id",
            "seller_tier",
            "buyer_tier",
            "kind",
            "quantity",
            "unit_price",
            "amount",
        ),
        "clean_orders (or simulate_pyramid)",
    ),
    "stock": "channel_inventory",
    "retail_units": "market_size",
    "period": "an analysis (market_size, channel_inventory …)",
}
_CHUNK = 1 << 16  # rows of amounts converted at a time
_NUMERIC = ("quantity", "unit_price", "amount", "value", "stock", "retail_units")


def require_columns(df: pd.DataFrame, columns: Sequence[str], who: str) -> None:
    """Check that ``df`` has the columns ``who`` needs, typed as cleaning types them.

    Parameters
    ----------
    df : DataFrame
        The input of an analysis (pandas or Dask).
    columns : sequence of str
        The columns it reads.
    who : str
        The analysis, named in the error.

    Raises
    ------
    MissingColumnsError
        Naming the missing columns, the function that makes them and the columns the
        frame has (as cleaning does for an export that lacks a column).
    SchemaError
        For a column of text where numbers or dates are needed (a raw export: clean
        it first), in the words of :func:`~microcommerce.validate`.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"date": []}), ["date", "amount"], "demo")
    Traceback (most recent call last):
    ...
    microcommerce.errors.MissingColumnsError: demo: columns should include ['date', 'amount']; ...
    >>> try:
    ...     require_columns(pd.DataFrame({"date": []}), ["date", "amount"], "demo")
    ... except MissingColumnsError as err:
    ...     print(err.missing, err.available)
    ['amount'] ['date']
    >>> raw = pd.DataFrame({"amount": ["¥276.00"]})
    >>> require_columns(raw, ["amount"], "demo")
    Traceback (most recent call last):
    ...
    microcommerce.errors.SchemaError: demo: column 'amount' has dtype str (e.g. '¥276.00'), ...
    """
    columns = list(dict.fromkeys(columns))
    _refuse_missing(df, columns, who)
    for column in columns:
        dtype = df[column].dtype
        wants_number = column in _NUMERIC
        wants_date = column == "date"
        if not (wants_number or wants_date):
            continue
        ok = (
            pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
            if wants_number
            else pd.api.types.is_datetime64_any_dtype(dtype)
        )
        if not ok:
            sample = df[column].head(1).tolist() if not is_dask(df) else []
            example = f" (e.g. {sample[0]!r})" if sample else ""
            raise SchemaError(
                f"{who}: column {column!r} has dtype {dtype}{example}, expected "
                f"{'numbers' if wants_number else 'dates'}: this looks like a raw export; "
                "clean it first with microcommerce.clean_orders (raw.mc.clean('orders'))"
            )


def _refuse_missing(
    df: pd.DataFrame, columns: list[str], who: str, *, say_makers: bool = True
) -> None:
    """Raise a MissingColumnsError naming the ``columns`` that ``df`` lacks, if any.

    ``say_makers`` adds which public function makes them (from ``PRODUCED_BY``).
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        makers = sorted({PRODUCED_BY[c] for c in missing if c in PRODUCED_BY}) if say_makers else []
        hint = f"; they come from {' and '.join(makers)}" if makers else ""
        available = [str(c) for c in df.columns]
        raise MissingColumnsError(
            f"{who}: columns should include {columns}; missing {missing}{hint}; "
            f"the frame has {available}",
            missing=missing,
            available=available,
        )


def require_dates(dates: pd.Series, who: str) -> None:
    """Raise an InputError naming the rows whose date is missing.

    Cleaning should have caught them; an analysis would put their units in no period
    or a wrong one.

    Examples
    --------
    >>> require_dates(pd.Series(pd.to_datetime(["2015-01-01", None])), "demo")
    Traceback (most recent call last):
    ...
    microcommerce.errors.InputError: demo: the date is missing in 1 rows (first [1]); clean ...
    """
    missing = dates.isna().to_numpy()
    if missing.any():
        rows = dates.index[missing][:5].tolist()
        raise InputError(
            f"{who}: the date is missing in {int(missing.sum())} rows "
            f"(first {rows}); clean the table first"
        )


def whole_fen(amount: pd.Series, who: str, *, where: np.ndarray | None = None) -> np.ndarray:
    """Amounts (CNY) in whole fen, as int64: sums are then exact in any order of rows.

    ``where`` (a flag per row), if given, keeps the amounts of the flagged rows and gives
    the others 0 (their amounts may be missing). Rows are converted a chunk at a time,
    in the processor's cache: the int64 result is the only full-length array written.

    Examples
    --------
    >>> whole_fen(pd.Series([1280.0, 0.1 + 0.2]), "demo").tolist()
    [128000, 30]
    >>> whole_fen(pd.Series([1.5, None]), "demo", where=np.array([True, False])).tolist()
    [150, 0]
    >>> whole_fen(pd.Series([1.0, None]), "demo")
    Traceback (most recent call last):
    ...
    microcommerce.errors.InputError: demo: amount is missing in rows [1]; clean the table first
    """
    values = amount.to_numpy(dtype="float64", na_value=np.nan)  # may be the frame's own
    fen = np.empty(len(values), np.int64)
    scratch = np.empty(min(len(values), _CHUNK), np.float64)  # the input left as it is
    for at in range(0, len(values), _CHUNK):
        part = scratch[: len(values[at : at + _CHUNK])]
        np.multiply(values[at : at + _CHUNK], 100, out=part)
        if where is not None:
            np.copyto(part, 0.0, where=~where[at : at + _CHUNK])
        if not np.isfinite(part.sum()) and np.isnan(part).any():  # one pass when all is well
            missing = np.isnan(values) if where is None else np.isnan(values) & where
            rows = amount.index[missing][:5].tolist()
            raise InputError(f"{who}: amount is missing in rows {rows}; clean the table first")
        fen[at : at + _CHUNK] = np.rint(part, out=part)
    return fen
