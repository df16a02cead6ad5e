"""Periods and group numbers: the two primitives every analysis aggregates with.

:func:`period_label` maps dates to their period, labelled as pandas 3 labels
``resample``: by the end for ``"ME"``, ``"QE"``, ``"YE"`` and ``"W"`` (week ending
Sunday), by the start for ``"MS"``, ``"QS"`` and ``"YS"``; fiscal quarters and years
(``"QE-MAR"``, ``"YS-JUL"``) and days (``"D"``) too. :func:`group_numbers` gives each row the
number of its group over some key columns, with the groups as a small frame; sums
are then one :func:`numpy.bincount` per column, which is what makes the analyses
fast on tens of millions of orders without leaving pandas and NumPy.

Missing key values form a group of their own (nothing is dropped), so the groups
always add up to the total.

Examples
--------
>>> import pandas as pd
>>> dates = pd.Series(pd.to_datetime(["2015-02-15", "2015-03-01"])).astype("datetime64[us]")
>>> period_label(dates, "ME").dt.strftime("%Y-%m-%d").tolist()
['2015-02-28', '2015-03-31']
>>> period_label(dates, "QE").dt.strftime("%Y-%m-%d").tolist()
['2015-03-31', '2015-03-31']
>>> ids, groups = group_numbers(pd.DataFrame({"tier": [2, 1, 2, None]}), ["tier"])
>>> ids.tolist(), groups["tier"].tolist()
([1, 0, 1, 2], [1.0, 2.0, nan])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from microcommerce.core.engine import is_dask
from microcommerce.core.keys import dense_codes, key_codes

__all__ = [
    "BUYER_SIDE",
    "FREQS",
    "PRODUCED_BY",
    "Totals",
    "calendar",
    "column_list",
    "combine_totals",
    "complete_calendar",
    "distinct_count",
    "group_numbers",
    "pair_counts",
    "period_categories",
    "period_label",
    "require_columns",
    "require_dates",
    "totals",
    "whole_fen",
]

#: Columns describing an order's seller and the column describing its buyer the same way
#: (columns not listed, such as ``category``, describe both).
BUYER_SIDE: dict[str, str] = {"seller_tier": "buyer_tier", "seller_id": "buyer_id"}
#: The families of pandas frequency aliases the analyses accept: days, weeks (``"W"`` =
#: ``"W-SUN"``, any weekday), and months, quarters and years labelled by their end
#: (``"ME"``, ``"QE"``, ``"QE-MAR"``, ``"YE"``, ``"YE-JUN"`` …) or by their start
#: (``"MS"``, ``"QS"``, ``"QS-FEB"``, ``"YS"`` …).
FREQS: tuple[str, ...] = ("D", "W", "ME", "MS", "QE", "QS", "YE", "YS")
_DATETIME = "datetime64[us]"
_DAY_US = 86_400_000_000
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def period_label(dates: pd.Series, freq: str = "ME") -> pd.Series:
    """Label each date with its period, as ``datetime64[us]`` (missing stays missing).

    Parameters
    ----------
    dates : Series of datetime64
        The dates.
    freq : str, default "ME"
        A pandas frequency alias of a day, week, month, quarter or year (see
        :data:`FREQS`). End-anchored aliases (``"ME"``, ``"QE"``, ``"YE"``, ``"W"``)
        label a period by its last day, start-anchored ones (``"MS"``, ``"QS"``,
        ``"YS"``) by its first; ``"QE-MAR"`` and ``"YS-JUL"`` give fiscal quarters and
        years.

    Returns
    -------
    Series of datetime64[us]
        The label of each date's period, on ``dates``' index.

    Raises
    ------
    ValueError
        For an alias that is not a day, week, month, quarter or year (``"h"``,
        ``"BME"``, ``"2ME"``) or one pandas no longer accepts (``"M"``).

    Examples
    --------
    >>> d = pd.Series(pd.to_datetime(["2016-02-29 13:00", "2016-12-31 00:00"]))
    >>> period_label(d, "YE").dt.date.tolist()
    [datetime.date(2016, 12, 31), datetime.date(2016, 12, 31)]
    >>> period_label(d, "QS").dt.strftime("%Y-%m-%d").tolist()
    ['2016-01-01', '2016-10-01']
    >>> period_label(d, "YS-JUL").dt.strftime("%Y-%m-%d").tolist()
    ['2015-07-01', '2016-07-01']
    >>> period_label(d, "M")
    Traceback (most recent call last):
    ...
    ValueError: freq 'M': pandas 3 writes month end 'ME' (month start 'MS')
    """
    codes, labels = _period_codes(dates, freq)
    out = np.full(len(codes), np.iinfo(np.int64).min)  # NaT
    present = codes >= 0
    out[present] = labels.view(np.int64)[codes[present]]
    return pd.Series(out.view(_DATETIME), index=dates.index, name=dates.name)


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
    TypeError
        When an item is not a string.

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
        raise TypeError(f"{argument}={columns!r}: expected column names, got {wrong}")
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
    ValueError
        Naming the missing columns and the function that makes them, or a column of
        text where numbers or dates are needed (a raw export: clean it first).

    Examples
    --------
    >>> require_columns(pd.DataFrame({"date": []}), ["date", "amount"], "demo")
    Traceback (most recent call last):
    ...
    ValueError: demo needs the columns ['date', 'amount']; missing ['amount']; they come from...
    >>> raw = pd.DataFrame({"amount": ["¥276.00"]})
    >>> require_columns(raw, ["amount"], "demo")
    Traceback (most recent call last):
    ...
    ValueError: demo: column 'amount' holds text (e.g. '¥276.00'), not numbers: ...
    """
    columns = list(dict.fromkeys(columns))
    missing = [c for c in columns if c not in df.columns]
    if missing:
        makers = sorted({PRODUCED_BY[c] for c in missing if c in PRODUCED_BY})
        hint = f"; they come from {' and '.join(makers)}" if makers else ""
        raise ValueError(
            f"{who} needs the columns {columns}; missing {missing}{hint} "
            f"(the frame has {list(df.columns)})"
        )
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
            raise ValueError(
                f"{who}: column {column!r} holds {_kind_of(dtype)}{example}, not "
                f"{'numbers' if wants_number else 'dates'}: this looks like a raw export; "
                "clean it first with microcommerce.clean_orders (raw.mc.clean('orders'))"
            )


def _kind_of(dtype: object) -> str:
    return "text" if pd.api.types.is_string_dtype(dtype) else f"values of dtype {dtype}"


def require_dates(dates: pd.Series, who: str) -> None:
    """Raise a ValueError naming the rows whose date is missing.

    Cleaning should have caught them; an analysis would put their units in no period
    or a wrong one.

    Examples
    --------
    >>> require_dates(pd.Series(pd.to_datetime(["2015-01-01", None])), "demo")
    Traceback (most recent call last):
    ...
    ValueError: demo: the date is missing in 1 rows (first [1]); clean the table first
    """
    missing = dates.isna().to_numpy()
    if missing.any():
        rows = dates.index[missing][:5].tolist()
        raise ValueError(
            f"{who}: the date is missing in {int(missing.sum())} rows "
            f"(first {rows}); clean the table first"
        )


def period_categories(
    dates: pd.Series,
    freq: str = "ME",
    *,
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
) -> pd.Series:
    """Label dates with their periods, as an ordered categorical of every period in between.

    The categories include periods without any date (a month with no orders), so a
    grouping over them can show a complete calendar; grouping on the codes is also much
    faster than on the dates.

    Parameters
    ----------
    dates : Series of datetime64
        The dates.
    freq : str, default "ME"
        A frequency alias, as for :func:`period_label`.
    start, until : date-like, optional
        Extend the calendar back to the period holding ``start`` and on to the one
        holding ``until`` (a data window wider than the dates: a simulation's last
        month, even if nothing happened in it).

    Returns
    -------
    Series of category
        The periods' labels, ordered, on ``dates``' index.

    Examples
    --------
    >>> d = pd.Series(pd.to_datetime(["2015-03-09", "2015-01-20"]))
    >>> p = period_categories(d, "ME")
    >>> p.cat.codes.tolist(), p.cat.categories.strftime("%Y-%m-%d").tolist()
    ([2, 0], ['2015-01-31', '2015-02-28', '2015-03-31'])
    >>> period_categories(d, "MS", start="2014-12-05").cat.codes.tolist()
    [3, 1]
    """
    bounds = [pd.Timestamp(t) for t in (start, until) if t is not None]
    if bounds:  # extend the calendar to the periods holding the bounds
        extra = pd.Series(bounds, dtype=_DATETIME)
        both = pd.concat([dates.astype(_DATETIME), extra], ignore_index=True)
        codes, labels = _period_codes(both, freq)
        codes = codes[: len(dates)]
    else:
        codes, labels = _period_codes(dates, freq)
    dtype = pd.CategoricalDtype(pd.DatetimeIndex(labels), ordered=True)
    return pd.Series(
        pd.Categorical.from_codes(codes, dtype=dtype), index=dates.index, name=dates.name
    )


def calendar(
    dates: pd.Series,
    freq: str = "ME",
    *,
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
) -> pd.DatetimeIndex:
    """List every period label from the first date's period to the last's.

    Parameters
    ----------
    dates : Series of datetime64
        The dates (or period labels) the calendar must cover.
    freq : str, default "ME"
        A frequency alias, as for :func:`period_label`.
    start, until : date-like, optional
        Extend the calendar back to ``start``'s period and on to ``until``'s.

    Returns
    -------
    DatetimeIndex
        The labels, ``datetime64[us]``.

    Examples
    --------
    >>> ends = calendar(pd.Series(pd.to_datetime(["2015-03-31", "2015-01-31"])), until="2015-04-02")
    >>> ends.strftime("%m-%d").tolist(), str(ends.dtype)
    (['01-31', '02-28', '03-31', '04-30'], 'datetime64[us]')
    """
    categories = period_categories(dates, freq, start=start, until=until).cat.categories
    return pd.DatetimeIndex(categories).astype(_DATETIME)


def _period_codes(dates: pd.Series, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """Each date's period number (-1 if missing) and every period's label, first to last."""
    period_alias, label_start = _period_rule(freq)
    if not pd.api.types.is_datetime64_dtype(dates.dtype):
        raise TypeError(f"expected a datetime Series, got dtype {dates.dtype}")
    raw = dates.to_numpy()
    if raw.dtype != np.dtype(_DATETIME):
        raw = raw.astype(_DATETIME)
    raw = raw.view(np.int64)
    missing = raw == np.iinfo(np.int64).min  # NaT
    has_missing = bool(missing.any())
    days = raw // _DAY_US
    present = days[~missing] if has_missing else days
    if not len(present):
        return np.full(len(days), -1, np.int64), np.zeros(0, _DATETIME)
    # work out the period once per day of the span, then look each row up
    lo = int(present.min())
    span = np.arange(lo, int(present.max()) + 1).astype("datetime64[D]")
    periods = pd.DatetimeIndex(span.astype(_DATETIME)).to_period(period_alias)
    labels = (periods.start_time if label_start else periods.end_time.normalize()).to_numpy()
    labels = labels.astype("datetime64[D]").astype(np.int64)
    new = np.concatenate([[True], labels[1:] != labels[:-1]])
    table = np.cumsum(new) - 1  # period number of each day of the span
    codes = table[np.where(missing, 0, days - lo) if has_missing else days - lo]
    if has_missing:
        codes[missing] = -1
    return codes, labels[new].astype("datetime64[D]").astype(_DATETIME)


def _period_rule(freq: str) -> tuple[str, bool]:
    """Turn a frequency alias into a pandas period alias and whether labels are starts."""
    if freq == "M" or freq.startswith(("M-", "Q-", "A", "Y-")) or freq in ("Q", "Y"):
        raise ValueError(f"freq {freq!r}: pandas 3 writes month end 'ME' (month start 'MS')")
    try:
        offset = to_offset(freq)
    except ValueError as exc:
        raise ValueError(f"freq {freq!r}: not a pandas frequency alias ({exc})") from None
    kind = type(offset).__name__
    months = {"QuarterBegin": getattr(offset, "startingMonth", 1)}
    months["YearBegin"] = getattr(offset, "month", 1)
    if offset.n != 1 or kind not in _PERIOD_KINDS:
        raise ValueError(
            f"freq {freq!r}: expected a day, week, month, quarter or year alias such as "
            f"{', '.join(FREQS)} (start- or end-anchored, e.g. 'QE-MAR', 'YS-JUL')"
        )
    alias, label_start = _PERIOD_KINDS[kind]
    if kind == "Week":
        return f"W-{('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN')[offset.weekday]}", False
    if kind in ("QuarterEnd", "YearEnd"):
        month = offset.startingMonth if kind == "QuarterEnd" else offset.month
        return f"{alias}-{_MONTHS[month - 1]}", False
    if kind in months:  # a period starting in month m ends in month m - 1
        return f"{alias}-{_MONTHS[(months[kind] - 2) % 12]}", True
    return alias, label_start


#: pandas offset → (period alias, labelled by the start).
_PERIOD_KINDS: dict[str, tuple[str, bool]] = {
    "Day": ("D", False),
    "Week": ("W", False),
    "MonthEnd": ("M", False),
    "MonthBegin": ("M", True),
    "QuarterEnd": ("Q", False),
    "QuarterBegin": ("Q", True),
    "YearEnd": ("Y", False),
    "YearBegin": ("Y", True),
}


def complete_calendar(
    table: pd.DataFrame,
    by: Sequence[str],
    periods: pd.DatetimeIndex,
    fill: Mapping[str, object],
) -> pd.DataFrame:
    """Give every group of ``table`` a row in every period, the missing rows filled.

    Parameters
    ----------
    table : DataFrame
        One row per (``period``, group) that had something: ``period``, the ``by``
        columns and the figures.
    by : sequence of str
        The group columns; ``[]`` for one group.
    periods : DatetimeIndex
        The calendar (see :func:`calendar`).
    fill : mapping
        Column → value for the periods a group had nothing (0 for counts and sums);
        the column keeps its dtype.

    Returns
    -------
    DataFrame
        Every (period, group) pair, sorted by period then group.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2015-01-31", "2015-03-31"]),
    ...                   "tier": [1, 2], "orders": [4, 5]})
    >>> months = pd.date_range("2015-01-31", periods=3, freq="ME")
    >>> complete_calendar(t, ["tier"], months, {"orders": 0})["orders"].tolist()
    [4, 0, 0, 0, 0, 5]
    """
    by = list(by)
    frame = pd.DataFrame({"period": periods})
    if by:
        frame = frame.merge(table[by].drop_duplicates(), how="cross")
    table = table.assign(period=table["period"].astype(frame["period"].dtype))
    out = frame.merge(table, on=["period", *by], how="left")
    for column, value in fill.items():
        out[column] = out[column].fillna(value).astype(table[column].dtype)
    return out.sort_values(["period", *by], kind="stable", ignore_index=True)


def whole_fen(amount: pd.Series, who: str) -> np.ndarray:
    """Amounts (CNY) in whole fen, as int64: sums are then exact in any order of rows.

    Examples
    --------
    >>> whole_fen(pd.Series([1280.0, 0.1 + 0.2]), "demo").tolist()
    [128000, 30]
    >>> whole_fen(pd.Series([1.0, None]), "demo")
    Traceback (most recent call last):
    ...
    ValueError: demo: amount is missing in rows [1]; clean the table first
    """
    values = amount.to_numpy(dtype="float64", na_value=np.nan)
    if np.isnan(values).any():
        rows = amount.index[np.isnan(values)][:5].tolist()
        raise ValueError(f"{who}: amount is missing in rows {rows}; clean the table first")
    return np.round(values * 100).astype(np.int64)


def pair_counts(ids: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find the distinct (group, value) pairs among the rows, and how many rows each has.

    ``codes`` are the values' integer codes (``pd.factorize``; rows with −1, a
    missing value, are skipped). One sort of the pairs does it. Returns the pairs'
    groups, their values' codes and their row counts, in sorted order.

    Examples
    --------
    >>> groups, values, counts = pair_counts(np.array([1, 0, 1, 1]), np.array([5, 5, 5, 2]))
    >>> groups.tolist(), values.tolist(), counts.tolist()
    ([0, 1, 1], [5, 2, 5], [1, 1, 2])
    """
    ids = np.asarray(ids, dtype=np.int64)
    codes = np.asarray(codes, dtype=np.int64)
    if (codes < 0).any():
        keep = codes >= 0
        ids, codes = ids[keep], codes[keep]
    if not len(codes):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    width = int(codes.max()) + 1
    pairs = np.sort(ids * width + codes)
    starts = np.flatnonzero(np.concatenate([[True], pairs[1:] != pairs[:-1]]))
    unique = pairs[starts]
    return unique // width, unique % width, np.diff(np.append(starts, len(pairs)))


def distinct_count(ids: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """How many distinct values occur in each of the ``n`` groups numbered ``ids``.

    ``codes`` are the values' integer codes (``pd.factorize``; −1 for missing values,
    which are not counted); see :func:`pair_counts`.

    Examples
    --------
    >>> codes, _ = pd.factorize(pd.Series(["a", "b", "a", None]))
    >>> distinct_count(np.array([0, 0, 1, 0]), codes, 2).tolist()
    [2, 1]
    """
    groups, _, _ = pair_counts(ids, codes)
    return np.bincount(groups, minlength=n).astype(np.int64)


def _codes(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Sorted codes of a key column, missing values last, and the values they stand for."""
    codes, values = key_codes(s, sort=True)
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(values), codes)
        values = pd.concat([values, pd.Series([None], dtype=s.dtype)], ignore_index=True)
    return codes, values


def group_numbers(df: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Give each row the number of its group over ``keys``; return the numbers and groups.

    Groups are numbered in sorted key order (categories in their own order, missing
    values last); ``groups`` has one row per group that occurs, with the key columns
    in their original dtypes, so ``groups.iloc[ids]`` gives back each row's keys.

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["y", "x", "y"], "b": [1, 1, 2]})
    >>> ids, groups = group_numbers(df, ["a", "b"])
    >>> ids.tolist()
    [1, 0, 2]
    >>> groups
       a  b
    0  x  1
    1  y  1
    2  y  2
    """
    keys = list(keys)
    if not keys:
        return np.zeros(len(df), np.int64), pd.DataFrame(index=pd.RangeIndex(1 if len(df) else 0))
    coded = [_codes(df[k]) for k in keys]
    sizes = [len(values) for _, values in coded]
    if float(np.prod([s + 1 for s in sizes], dtype=float)) >= 2.0**62:
        raise ValueError(f"too many distinct key combinations over {keys} to number")
    combined = np.zeros(len(df), np.int64)
    for (codes, _), size in zip(coded, sizes, strict=True):
        combined = combined * size + codes
    ids, unique = dense_codes(combined)
    columns = {}
    rest = unique
    for k, (_, values), size in reversed(list(zip(keys, coded, sizes, strict=True))):
        columns[k] = values.take(rest % size).reset_index(drop=True)
        rest = rest // size
    return ids, pd.DataFrame({k: columns[k] for k in keys})


# ---------------------------------------------------------------------------
# Partial aggregates: the one definition of every analysis, for pandas and Dask
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """A partial aggregate: sums per group, and the distinct (group, member) pairs.

    Every analysis is written as *partial* (rows → :class:`Totals`) and *finalise*
    (:class:`Totals` → result). On a pandas frame the partial covers all rows; on
    a Dask frame each partition gives one and :func:`combine_totals` merges them,
    giving exactly what the partial of all rows would have given (sums are of whole
    numbers: fen, units, counts). Distinct counts — active sellers — are not
    additive across partitions, so the pairs themselves are carried and merged.

    Attributes
    ----------
    groups
        The key columns, then one column per sum; one row per group, in sorted key
        order (see :func:`group_numbers`).
    keys
        The key columns' names.
    pair_group, pair_member, pair_rows
        One entry per distinct (group, member) pair: the group's row in ``groups``,
        the member's position in ``members`` and how many rows the pair had.
    members
        The distinct members (e.g. seller ids) the pairs refer to.
    """

    groups: pd.DataFrame
    keys: tuple[str, ...]
    pair_group: np.ndarray
    pair_member: np.ndarray
    pair_rows: np.ndarray
    members: pd.Series

    def distinct(self, min_rows: int = 1) -> np.ndarray:
        """How many members each group has with at least ``min_rows`` rows."""
        busy = self.pair_group[self.pair_rows >= min_rows]
        return np.bincount(busy, minlength=len(self.groups)).astype(np.int64)


_NO_MEMBERS = pd.Series([], dtype="str")


def _summed(ids: np.ndarray, n: int, values: np.ndarray | None) -> np.ndarray:
    """Sum of ``values`` (row counts if None) per group; integers stay integers."""
    if values is None:
        return np.bincount(ids, minlength=n).astype(np.int64)
    total = np.bincount(ids, values, minlength=n)
    return total.astype(np.int64) if values.dtype.kind in "iub" else total


def totals(
    keys: pd.DataFrame,
    sums: Mapping[str, np.ndarray | None] | None = None,
    *,
    members: pd.Series | None = None,
) -> Totals:
    """Sum ``sums`` over the groups of ``keys``; pair each group with its ``members``.

    Parameters
    ----------
    keys
        One row per input row: the columns to group by. A categorical of dates
        (:func:`period_categories`: fast to group) comes back as dates, so that
        partials over different date ranges combine.
    sums
        Name → values per row (``None``: count the rows). Integer values are summed
        as integers (exact below 2**53), floats as floats — give money in whole fen.
    members
        Who each row belongs to (e.g. ``seller_id``); missing members are not paired.

    Examples
    --------
    >>> keys = pd.DataFrame({"month": [1, 1, 2]})
    >>> t = totals(keys, {"rows": None, "fen": np.array([100, 250, 75])},
    ...            members=pd.Series(["a", "b", "a"]))
    >>> t.groups
       month  rows  fen
    0      1     2  350
    1      2     1   75
    >>> t.distinct().tolist()
    [2, 1]
    """
    sums = dict(sums or {})
    with ThreadPoolExecutor(max_workers=1) as pool:
        # hashing the members (ten million seller ids) is the slowest step; Arrow does it
        # without holding the GIL, so it runs on a second thread while this one sums
        coded = pool.submit(pd.factorize, members) if members is not None else None
        ids, groups = group_numbers(keys, list(keys.columns))
        for column in groups.columns:  # periods coded on this part's calendar: back to dates
            dtype = groups[column].dtype
            if isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype.kind == "M":
                groups[column] = groups[column].astype(_DATETIME)
        n = len(groups)
        for name, values in sums.items():
            groups[name] = _summed(ids, n, None if values is None else np.asarray(values))
        if coded is None:
            return Totals(groups, tuple(keys.columns), *(np.zeros(0, np.int64),) * 3, _NO_MEMBERS)
        codes, uniques = coded.result()
    group, member, rows = pair_counts(ids, codes)
    values = pd.Series(uniques, dtype=members.dtype).reset_index(drop=True)
    return Totals(groups, tuple(keys.columns), group, member, rows, values)


def combine_totals(parts: Sequence[Totals]) -> Totals:
    """Merge partial aggregates of disjoint sets of rows into the aggregate of all of them.

    Sums of the same group are added, pairs of the same group and member merged
    (their row counts added), and groups come out in sorted key order, so the result
    equals :func:`totals` over all the rows at once.

    Examples
    --------
    >>> a = totals(pd.DataFrame({"k": ["x", "y"]}), {"n": None}, members=pd.Series(["s", "t"]))
    >>> b = totals(pd.DataFrame({"k": ["x"]}), {"n": None}, members=pd.Series(["t"]))
    >>> both = combine_totals([a, b])
    >>> both.groups["n"].tolist(), both.distinct().tolist()
    ([2, 1], [2, 1])
    """
    parts = list(parts)
    if not parts:
        raise ValueError("combine_totals needs at least one partial aggregate")
    if len(parts) == 1:
        return parts[0]
    keys = parts[0].keys
    if any(
        p.keys != keys or list(p.groups.columns) != list(parts[0].groups.columns) for p in parts
    ):
        raise ValueError("combine_totals: the partial aggregates have different columns")
    stacked = _concat([p.groups for p in parts])
    ids, groups = group_numbers(stacked, list(keys))
    n = len(groups)
    for name in stacked.columns.difference(list(keys), sort=False):
        groups[name] = _summed(ids, n, stacked[name].to_numpy())
    # members: one coding for all parts, then the pairs re-numbered and merged
    members = pd.concat([p.members for p in parts], ignore_index=True)
    member_codes, uniques = pd.factorize(members)
    group_at = np.cumsum([0] + [len(p.groups) for p in parts])
    member_at = np.cumsum([0] + [len(p.members) for p in parts])
    pair_group = np.concatenate([ids[group_at[i] + p.pair_group] for i, p in enumerate(parts)])
    pair_member = np.concatenate(
        [member_codes[member_at[i] + p.pair_member] for i, p in enumerate(parts)]
    )
    rows = np.concatenate([p.pair_rows for p in parts])
    if not len(rows):
        return Totals(groups, keys, *(np.zeros(0, np.int64),) * 3, _NO_MEMBERS)
    width = int(pair_member.max()) + 1
    pair = pair_group * width + pair_member
    order = np.argsort(pair, kind="stable")
    pair, rows = pair[order], rows[order]
    starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]]))
    unique = pair[starts]
    values = pd.Series(uniques, dtype=members.dtype).reset_index(drop=True)
    return Totals(
        groups,
        keys,
        unique // width,
        unique % width,
        np.add.reduceat(rows, starts).astype(np.int64),
        values,
    )


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack frames of the same columns, keeping each column's dtype where they agree."""
    out = pd.concat(frames, ignore_index=True)
    for column in out.columns:
        dtypes = {f[column].dtype for f in frames}
        if len(dtypes) == 1 and out[column].dtype != frames[0][column].dtype:
            out[column] = out[column].astype(frames[0][column].dtype)
    return out
