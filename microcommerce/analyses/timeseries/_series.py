"""Series helpers of the time-series models: clean input, time axes, breaks, growth."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from microcommerce.analyses._inputs import require_columns
from microcommerce.core._docstrings import fill_doc
from microcommerce.errors import DefinitionalBreakError, InputError, ParameterTypeError

#: ``breaks`` and ``allow_breaks`` of the functions that refuse a series straddling a
#: change of definition (numpydoc entries, put in by ``fill_doc``).
BREAKS = """\
breaks : iterable, optional
    The first periods of a new definition (years, dates, or the ``period``
    strings :func:`~microcommerce.analyses.timeseries.mark_breaks` marks). A
    series that straddles one is refused unless ``allow_breaks``.
allow_breaks : bool, default False
    Use the series across a break knowingly (two definitions mixed in one
    figure)."""

#: What the functions that take ``breaks`` raise for a series that is no good.
SERIES_RAISES = """\
ParameterTypeError
    When ``series`` is not a pandas Series, or its index cannot be read as time
    (dates, periods or years).
DefinitionalBreakError
    When the series straddles one of ``breaks`` and ``allow_breaks`` is False."""

breaks_doc = fill_doc(breaks=BREAKS, series_raises=SERIES_RAISES)

# ---------------------------------------------------------------------------
# time axis and breaks
# ---------------------------------------------------------------------------


def clean_series(series: pd.Series, who: str, minimum: int = 2) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise ParameterTypeError(
            f"{who}: series: expected a pandas Series, got {type(series).__name__}"
        )
    s = series.dropna().astype("float64").sort_index()
    if len(s) < minimum:
        raise InputError(f"{who}: needs at least {minimum} observations, got {len(s)}")
    return s


def index_years(index: pd.Index) -> np.ndarray:
    """Express the index in (fractional) years, for growth rates and curve time axes."""
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp(how="end")
    if isinstance(index, pd.DatetimeIndex):
        return (
            index.year + (index.day_of_year - 1) / np.where(index.is_leap_year, 366, 365)
        ).to_numpy(dtype="float64")
    try:
        return pd.to_numeric(index).to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise ParameterTypeError(
            f"cannot read the index as time: {index[:3].tolist()} …; expected dates, "
            "periods or years"
        ) from None


def _break_years(breaks: Iterable) -> np.ndarray:
    """Put breaks on the same axis of years as a series' index (years, dates or '2017')."""
    values = list(breaks)
    if not values:
        return np.zeros(0)
    if all(isinstance(b, pd.Timestamp | np.datetime64) for b in values):
        return index_years(pd.DatetimeIndex(values))
    return index_years(pd.Index(pd.to_numeric(pd.Index(values).astype(str))))


def check_breaks(series: pd.Series, breaks: Iterable | None, allow: bool, who: str) -> None:
    if breaks is None or allow:
        return
    t = index_years(series.index)
    inside = [
        b for b, y in zip(list(breaks), _break_years(breaks), strict=True) if t.min() < y <= t.max()
    ]
    if inside:
        raise DefinitionalBreakError(
            f"{who}: the series ({series.index.min()} … {series.index.max()}) straddles a change "
            f"of definition at {inside}; fit each side separately, or pass allow_breaks=True "
            "to fit across it knowingly"
        )


def mark_breaks(
    df: pd.DataFrame, *, period: str = "period", measure: Sequence[str] = ("entity", "metric")
) -> pd.DataFrame:
    r"""Mark the stretches of a series over which it measures the same thing.

    Sorts by ``period`` and adds ``segment`` (0, 1, … — a new one whenever the
    ``measure`` columns change) and ``break_before`` (True on the first row of every
    segment after the first). Pass ``df.loc[df.break_before, period]`` as
    ``breaks=`` to the fits.

    Parameters
    ----------
    df : DataFrame
        Observations of one series over time, such as rows of the ``facts``
        dataset.
    period : str, default "period"
        The column of the periods (years, dates or ``"2017"`` strings).
    measure : sequence of str, default ("entity", "metric")
        The columns that say what is measured: a change of any of them from one
        period to the next is a change of definition.

    Returns
    -------
    DataFrame
        A copy of ``df`` sorted by ``period`` (within a period, rows of the older
        definition first) with ``segment`` and ``break_before`` added.

    Raises
    ------
    MissingColumnsError
        When ``df`` lacks ``period`` or one of the ``measure`` columns.

    Examples
    --------
    >>> from microcommerce import datasets
    >>> facts = datasets.load("facts")
    >>> isc = facts[facts["fact_id"].str.match(r"isc_.*_market_\d{4}(_fcst)?$")]
    >>> mark_breaks(isc)[["period", "entity", "segment", "break_before"]]
      period             entity  segment  break_before
    0   2015  weishang_industry        0         False
    1   2016  weishang_industry        0         False
    2   2016  weishang_industry        0         False
    3   2017   social_ecommerce        1          True
    4   2018   social_ecommerce        1         False
    5   2018   social_ecommerce        1         False
    6   2019   social_ecommerce        1         False
    """
    require_columns(df, [period, *measure], "mark_breaks")
    key = df[list(measure)].astype(str).agg(" / ".join, axis=1)
    # within a period, rows of the older definition come first (overlaps do not flip back)
    since = df[period].groupby(key).transform("min")
    order = (
        pd.DataFrame({"p": df[period].to_numpy(), "s": since.to_numpy()})
        .sort_values(["p", "s"], kind="stable")
        .index
    )
    out = df.iloc[order].reset_index(drop=True)
    key = key.iloc[order].reset_index(drop=True)
    changed = key.ne(key.shift()) & (out.index > 0)
    out["segment"] = changed.cumsum().astype(np.int64)
    out["break_before"] = changed.to_numpy()
    return out


# ---------------------------------------------------------------------------
# growth
# ---------------------------------------------------------------------------


def growth(series: pd.Series, *, breaks: Iterable | None = None) -> pd.Series:
    """Growth over the previous observation (0.5 = +50 %); missing across a break.

    ``breaks`` are the first periods of a new definition (years, dates, or the
    ``period`` strings :func:`mark_breaks` marks); growth from an observation before
    a break to one on or after it is missing.

    Parameters
    ----------
    series : Series
        Observations indexed by time (years, dates or periods); sorted by the
        index first.
    breaks : iterable, optional
        The first periods of a new definition (years, dates, or the ``period``
        strings :func:`mark_breaks` marks); none by default.

    Returns
    -------
    Series
        The growth of each observation over the one before, named ``growth of
        <name>``; missing for the first and for each first after a break.

    Raises
    ------
    ParameterTypeError
        When ``breaks`` are given and the index cannot be read as time.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0, 6.0], index=[2015, 2016, 2017, 2018])
    >>> growth(s, breaks=[2017]).tolist()
    [nan, 1.0, nan, 1.0]
    """
    s = series.sort_index()
    out = s / s.shift() - 1
    if breaks is not None:  # no growth from one side of a break to the other
        t = index_years(s.index)
        crossed = np.zeros(len(s), bool)
        for b in _break_years(breaks):
            crossed[1:] |= (t[:-1] < b) & (b <= t[1:])
        out[crossed] = np.nan
    return out.rename(f"growth of {series.name}" if series.name is not None else "growth")


@breaks_doc
def cagr(
    series: pd.Series,
    start=None,
    end=None,
    *,
    breaks: Iterable | None = None,
    allow_breaks: bool = False,
) -> float:
    """Compound annual growth rate between ``start`` and ``end`` (default: first and last).

    Years between the two are read from the index (integer years, or dates: a
    monthly series gives fractional years).

    Parameters
    ----------
    series : Series
        Positive observations indexed by time (years, dates or periods); missing
        values are dropped.
    start, end : index label, optional
        The first and last observation to compare (a slice of the index, ends
        included); default the first and last of the series.
    {breaks}

    Returns
    -------
    float
        The yearly rate (0.5 = +50 % a year).

    Raises
    ------
    {series_raises}
    InputError
        When fewer than two observations lie between ``start`` and ``end``, the
        first is not positive, the last is negative, or they are the same year.

    Examples
    --------
    >>> s = pd.Series([1.2e12, 2.06058e12], index=[2018, 2019])
    >>> round(cagr(s), 4)
    0.7172
    """
    s = clean_series(series, "cagr")
    s = s.loc[start:end] if start is not None or end is not None else s
    if len(s) < 2:
        raise InputError(
            f"cagr: needs two observations between start={start!r} and end={end!r}, got {len(s)}"
        )
    check_breaks(s, breaks, allow_breaks, "cagr")
    t = index_years(s.index)
    years = t[-1] - t[0]
    if years <= 0 or s.iloc[0] <= 0 or s.iloc[-1] < 0:
        raise InputError(
            f"cagr: needs a positive start value and a later end; got {s.iloc[0]!r} at "
            f"{s.index[0]!r} and {s.iloc[-1]!r} at {s.index[-1]!r}"
        )
    return float((s.iloc[-1] / s.iloc[0]) ** (1 / years) - 1)


def summary_table(params: pd.DataFrame, statistics: dict[str, float]) -> pd.DataFrame:
    """Stack parameter rows and statistic rows into one tidy table indexed by ``term``.

    Parameters
    ----------
    params : DataFrame
        One row per parameter (``estimate`` and any intervals).
    statistics : dict
        Fit statistics by name.

    Returns
    -------
    DataFrame
        ``kind`` (``parameter`` or ``statistic``), then ``params``' columns.
    """
    top = params.assign(kind="parameter")
    bottom = pd.DataFrame(
        {"estimate": [float(v) for v in statistics.values()], "kind": "statistic"},
        index=list(statistics),
    )
    table = pd.concat([top, bottom])
    table.index.name = "term"
    return table[["kind", *[c for c in table.columns if c != "kind"]]]


def extend_index(index: pd.Index, horizon: int) -> pd.Index:
    """Extend the index by ``horizon`` further steps of the same spacing."""
    if horizon <= 0:
        return index
    if isinstance(index, pd.DatetimeIndex | pd.PeriodIndex):
        freq = index.freq or pd.infer_freq(index)
        if freq is None:
            raise InputError(
                f"cannot extend a date index without a regular frequency "
                f"({index[:3].tolist()} …): expected evenly spaced dates"
            )
        more = (
            pd.date_range(index[-1], periods=horizon + 1, freq=freq)[1:]
            if isinstance(index, pd.DatetimeIndex)
            else pd.period_range(index[-1], periods=horizon + 1, freq=freq)[1:]
        )
        return index.append(more)
    values = index.to_numpy()
    step = values[-1] - values[-2] if len(values) > 1 else 1
    return pd.Index(np.concatenate([values, values[-1] + step * np.arange(1, horizon + 1)]))
