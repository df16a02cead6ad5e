"""The DuckDB engine of the order analyses: the same partial aggregates, grouped by DuckDB.

``engine="duckdb"`` on :func:`~microcommerce.analyses._market.market_size`,
:func:`~microcommerce.analyses._practitioners.active_sellers`,
:func:`~microcommerce.analyses._practitioners.entrants_exits`,
:func:`~microcommerce.analyses._practitioners.cohort_survival` and
:func:`~microcommerce.analyses._inventory.channel_inventory` hands the heavy grouping —
hashing ten million seller ids, counting distinct agents per group — to DuckDB, which
does it on every core. Everything else stays in pandas and NumPy, on the same code as the
pandas engine: periods are numbered by :func:`~microcommerce.analyses._periods.period_categories`,
yuan turned into whole fen by :func:`~microcommerce.analyses._inputs.whole_fen`, and the
small grouped result goes through :func:`~microcommerce.analyses._group_arithmetic.totals` again,
so key dtypes, group order and missing keys come out exactly as on pandas. DuckDB only
adds whole numbers and counts, so the results are identical.

The columns reach DuckDB as Arrow arrays without a copy: Arrow-backed text as it is,
categories as their integer codes, numbers as NumPy buffers.

DuckDB is optional (``pip install "microcommerce[duckdb]"``) and imported only when
``engine="duckdb"`` is asked for.

Examples
--------
>>> table = arrow_table({"kind": pd.Series(["retail", None], dtype="category"),
...                      "units": np.array([3, 4])})
>>> table.column("kind").to_pylist(), table.column("units").to_pylist()
([0, None], [3, 4])
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.analyses._group_arithmetic import Totals, totals
from microcommerce.errors import OptionalDependencyError, ParameterError

__all__ = [
    "ENGINES",
    "INSTALL_HINT",
    "arrow_table",
    "as_totals",
    "check_engine",
    "grouped",
    "import_duckdb",
    "queries",
    "restore",
]

#: The engines of the order analyses: ``"pandas"`` (default) and ``"duckdb"``.
ENGINES: tuple[str, ...] = ("pandas", "duckdb")

#: What to run to get the DuckDB engine.
INSTALL_HINT = 'pip install "microcommerce[duckdb]"'


def check_engine(engine: str, who: str) -> str:
    """Refuse an engine that is not one of :data:`ENGINES`.

    Examples
    --------
    >>> check_engine("pandas", "demo")
    'pandas'
    >>> check_engine("polars", "demo")
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: demo: engine='polars'; expected one of 'pandas', 'duckdb'
    """
    if engine not in ENGINES:
        expected = ", ".join(repr(e) for e in ENGINES)
        raise ParameterError(f"{who}: engine={engine!r}; expected one of {expected}")
    return engine


def import_duckdb(who: str = "engine='duckdb'") -> Any:
    """Import ``duckdb``, or say which extra installs it.

    Raises
    ------
    OptionalDependencyError
        Naming the extra (also an :class:`ImportError`).
    """
    try:
        import duckdb
    except ImportError as exc:
        raise OptionalDependencyError(
            f"{who} needs DuckDB, which is not installed: {INSTALL_HINT} "
            "(or run with engine='pandas', the default)"
        ) from exc
    return duckdb


@functools.cache
def _database() -> Any:
    """One in-memory DuckDB database per process (opening one takes a tenth of a second)."""
    return import_duckdb().connect()


def _arrow(values: pd.Series | np.ndarray) -> Any:
    """One column as Arrow, without copying: categories become their codes (null for −1)."""
    import pyarrow as pa

    if isinstance(values, np.ndarray):
        return pa.array(values.view(np.int8) if values.dtype == bool else values)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        missing = codes < 0
        return pa.array(codes, mask=missing if missing.any() else None)
    if values.dtype == bool:
        return pa.array(values.to_numpy().view(np.int8))
    array = values.array
    if hasattr(array, "__arrow_array__"):  # Arrow-backed text, nullable integers
        return array.__arrow_array__()
    return pa.array(values.to_numpy(), from_pandas=True)


def arrow_table(columns: Mapping[str, pd.Series | np.ndarray]) -> Any:
    """Gather columns of equal length into an Arrow table DuckDB scans in place.

    Series are read by position (their index is ignored).
    """
    import pyarrow as pa

    return pa.table({name: _arrow(values) for name, values in columns.items()})


def grouped(
    table: Any, keys: Sequence[str], aggregates: Mapping[str, str], *, sql: str = ""
) -> Any:
    """Run ``select keys, aggregates from (sql or the table) group by keys``; a pandas frame.

    Parameters
    ----------
    table
        An Arrow table (:func:`arrow_table`), scanned as ``t``.
    keys
        Columns to group by (missing values form a group, as in pandas).
    aggregates
        Output name → SQL aggregate over ``t`` (e.g. ``"sum(fen)::BIGINT"``).
    sql
        A query over ``t`` to group instead of ``t`` itself.

    Returns
    -------
    DataFrame
        One row per group, in no particular order.
    """
    import_duckdb()  # says which extra to install, every time
    con = _database().cursor()  # a connection of its own: calls may run on several threads
    try:
        con.register("t", table)
        columns = [
            *(f'"{k}"' for k in keys),
            *(f'{expr} AS "{name}"' for name, expr in aggregates.items()),
        ]
        source = f"({sql})" if sql else "t"
        group = f" GROUP BY {', '.join(chr(34) + k + chr(34) for k in keys)}" if keys else ""
        query = f"SELECT {', '.join(columns)} FROM {source}{group}"
        return con.sql(query).to_arrow_table().to_pandas()
    finally:
        con.close()


def queries(table: Any, setup: Sequence[str], selects: Sequence[str]) -> list[pd.DataFrame]:
    """Run ``setup`` statements (temporary tables) then ``selects`` over ``table`` (as ``t``).

    Returns
    -------
    list of DataFrame
        One per query of ``selects``.
    """
    import_duckdb()
    con = _database().cursor()  # its temporary tables are its own, gone when it closes
    try:
        con.register("t", table)
        for statement in setup:
            con.execute(statement)
        return [con.sql(query).to_arrow_table().to_pandas() for query in selects]
    finally:
        con.close()


def restore(small: pd.DataFrame, like: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Give the key columns of a grouped result back the dtypes of the columns they came from.

    Categories were sent as codes: they become categories again; other columns are cast.

    Examples
    --------
    >>> kinds = pd.Series(["retail", "sell_in"], dtype="category")
    >>> back = restore(pd.DataFrame({"kind": [1, 0]}), {"kind": kinds})
    >>> back["kind"].tolist(), back["kind"].dtype == kinds.dtype
    (['sell_in', 'retail'], True)
    """
    out = small.copy()
    for name, column in like.items():
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            codes = out[name].to_numpy(dtype="float64", na_value=np.nan)
            codes = np.where(np.isnan(codes), -1, codes).astype(np.int64)
            out[name] = pd.Categorical.from_codes(codes, dtype=dtype)
        else:
            out[name] = out[name].astype(dtype)
    return out


def as_totals(
    small: pd.DataFrame,
    like: Mapping[str, pd.Series],
    sums: Sequence[str],
    counted: Mapping[int, str] | None = None,
) -> Totals:
    """Turn a grouped result into the ``Totals`` of pandas.

    The keys get their dtypes back (:func:`restore`) and go through
    :func:`~microcommerce.analyses._group_arithmetic.totals` once more (one row per group), so the
    groups come out in the same order, dtypes and labels as on the pandas engine.

    Parameters
    ----------
    small
        One row per group: the key columns of ``like``, then whole-number sums.
    like
        Key name → a column of the input (its dtype is the key's).
    sums
        The columns of ``small`` that are sums, in output order.
    counted
        ``min_rows`` → the column of ``small`` counting members with that many rows.

    Examples
    --------
    >>> tiers = pd.Series([2, 1], dtype="Int8")
    >>> small = pd.DataFrame({"tier": [2.0, 1.0], "units": [5, 7], "n": [1, 2]})
    >>> t = as_totals(small, {"tier": tiers}, ["units"], {1: "n"})
    >>> t.groups
       tier  units
    0     1      7
    1     2      5
    >>> t.distinct().tolist()
    [2, 1]
    """
    counted = dict(counted or {})
    keys = restore(small[list(like)], like)
    columns = [*sums, *counted.values()]
    out = totals(keys, {name: small[name].to_numpy(dtype="int64") for name in columns})
    counts = {n: out.groups[name].to_numpy() for n, name in counted.items()}
    groups = out.groups.drop(columns=list(counted.values()))
    return Totals(
        groups, out.keys, out.pair_group, out.pair_member, out.pair_rows, out.members, counts
    )
