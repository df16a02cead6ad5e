"""Periods of the analyses: labelling dates with their day, week, month, quarter or year.

:func:`period_label` maps dates to their period, labelled as pandas 3 labels
``resample``: by the end for ``"ME"``, ``"QE"``, ``"YE"`` and ``"W"`` (week ending
Sunday), by the start for ``"MS"``, ``"QS"`` and ``"YS"``; fiscal quarters and years
(``"QE-MAR"``, ``"YS-JUL"``) and days (``"D"``) too. :func:`period_categories` and
:func:`calendar` give every period between the first and the last date (or a window the
caller names with ``start``/``until``), and :func:`complete_calendar` gives every group a
row in each of them, so the analyses share one calendar, zeros included.

Examples
--------
>>> import pandas as pd
>>> dates = pd.Series(pd.to_datetime(["2015-02-15", "2015-03-01"])).astype("datetime64[us]")
>>> period_label(dates, "ME").dt.strftime("%Y-%m-%d").tolist()
['2015-02-28', '2015-03-31']
>>> period_label(dates, "QS").dt.strftime("%Y-%m-%d").tolist()
['2015-01-01', '2015-01-01']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from microcommerce.errors import FrequencyError, ParameterTypeError

__all__ = ["FREQS", "calendar", "complete_calendar", "period_categories", "period_label"]

#: The families of pandas frequency aliases the analyses accept: days, weeks (``"W"`` =
#: ``"W-SUN"``, any weekday), and months, quarters and years labelled by their end
#: (``"ME"``, ``"QE"``, ``"QE-MAR"``, ``"YE"``, ``"YE-JUN"`` …) or by their start
#: (``"MS"``, ``"QS"``, ``"QS-FEB"``, ``"YS"`` …).
FREQS: tuple[str, ...] = ("D", "W", "ME", "MS", "QE", "QS", "YE", "YS")
_DATETIME = "datetime64[us]"
_DAY_US = 86_400_000_000
_CHUNK = 1 << 16  # rows looked up at a time
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
    FrequencyError
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
    microcommerce.errors.FrequencyError: freq 'M': pandas 3 writes month end 'ME' (month start 'MS')
    >>> period_label(d, "quarter")
    Traceback (most recent call last):
    ...
    microcommerce.errors.FrequencyError: freq 'quarter': ... for quarters write 'QE' ...
    """
    codes, labels = _period_codes(dates, freq)
    out = np.full(len(codes), np.iinfo(np.int64).min)  # NaT
    present = codes >= 0
    out[present] = labels.view(np.int64)[codes[present]]
    return pd.Series(out.view(_DATETIME), index=dates.index, name=dates.name)


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
        raise ParameterTypeError(f"dates: expected a datetime Series, got dtype {dates.dtype}")
    raw = dates.to_numpy()
    if raw.dtype != np.dtype(_DATETIME):
        raw = raw.astype(_DATETIME)
    raw = raw.view(np.int64)
    missing = raw == np.iinfo(np.int64).min  # NaT
    has_missing = bool(missing.any())
    present = raw[~missing] if has_missing else raw
    if not len(present):
        return np.full(len(raw), -1, np.int64), np.zeros(0, _DATETIME)
    # work out the period once per day of the span, then look each row up
    lo = int(present.min()) // _DAY_US
    span = np.arange(lo, int(present.max()) // _DAY_US + 1).astype("datetime64[D]")
    periods = pd.DatetimeIndex(span.astype(_DATETIME)).to_period(period_alias)
    labels = (periods.start_time if label_start else periods.end_time.normalize()).to_numpy()
    labels = labels.astype("datetime64[D]").astype(np.int64)
    new = np.concatenate([[True], labels[1:] != labels[:-1]])
    # period number of each day of the span, in the narrowest integers that hold them (as a
    # categorical keeps its codes); rows looked up a chunk at a time, in the processor's cache
    narrow = next(t for t in (np.int8, np.int16, np.int32, np.int64) if np.iinfo(t).max >= len(new))
    table = (np.cumsum(new) - 1).astype(narrow)
    codes = np.empty(len(raw), narrow)
    for at in range(0, len(raw), _CHUNK):
        days = raw[at : at + _CHUNK] // _DAY_US
        np.subtract(days, lo, out=days)
        if has_missing:
            days[missing[at : at + _CHUNK]] = 0
        np.take(table, days, out=codes[at : at + _CHUNK])
    if has_missing:
        codes[missing] = -1
    return codes, labels[new].astype("datetime64[D]").astype(_DATETIME)


def _period_rule(freq: str) -> tuple[str, bool]:
    """Turn a frequency alias into a pandas period alias and whether labels are starts."""
    if freq == "M" or freq.startswith(("M-", "Q-", "A", "Y-")) or freq in ("Q", "Y"):
        raise FrequencyError(f"freq {freq!r}: pandas 3 writes month end 'ME' (month start 'MS')")
    try:
        offset = to_offset(freq)
    except ValueError:
        raise FrequencyError(
            f"freq {freq!r}: not a pandas frequency alias; {_suggest(freq)}"
        ) from None
    kind = type(offset).__name__
    months = {"QuarterBegin": getattr(offset, "startingMonth", 1)}
    months["YearBegin"] = getattr(offset, "month", 1)
    if offset.n != 1 or kind not in _PERIOD_KINDS:
        raise FrequencyError(
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


#: Words an analyst may write for a period → (its name, the end alias, the start alias).
_WORDS: dict[str, tuple[str, str, str]] = {
    "day": ("days", "D", "D"),
    "daily": ("days", "D", "D"),
    "week": ("weeks", "W", "W"),
    "weekly": ("weeks", "W", "W"),
    "month": ("months", "ME", "MS"),
    "monthly": ("months", "ME", "MS"),
    "quarter": ("quarters", "QE", "QS"),
    "quarterly": ("quarters", "QE", "QS"),
    "year": ("years", "YE", "YS"),
    "yearly": ("years", "YE", "YS"),
    "annual": ("years", "YE", "YS"),
}


def _suggest(freq: str) -> str:
    """Say which alias to write for ``freq`` (a word such as ``quarter``), or list them."""
    word = freq.strip().lower().rstrip("s") if isinstance(freq, str) else ""
    word = {"annually": "annual"}.get(word, word)
    if word in _WORDS:
        name, end, start = _WORDS[word]
        if end == start:
            return f"for {name} write {end!r}"
        single = name[:-1]
        return (
            f"for {name} write {end!r} (labelled by the {single}'s end) or {start!r} (by its start)"
        )
    return f"write one of {', '.join(FREQS)} (start- or end-anchored, e.g. 'QE-MAR', 'YS-JUL')"


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
