"""The vectorised date path: plain day forms of a whole column parsed at once.

:func:`parse_dates` factorises a column and reads the plain day forms
(``2013-07-09``, ``2013/7/9``, ``20130709``, ``2013年7月9日``, ``July 9, 2013``) of all
distinct texts with pyarrow and NumPy date arithmetic; every other text goes through
:func:`~microcommerce.parse.parse_date`, with the same result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from microcommerce.parse._columns import category, error_table, factorize, spread, text_array
from microcommerce.parse._dates import PRECISIONS, parse_date

_FAST_DATES = (
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
    r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]$",
)
# "July 22, 2015": full English month names as written, so the month is looked up
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_FAST_NAMED = r"^(?P<m>" + "|".join(_MONTH_NAMES) + r") (?P<d>\d{1,2}), (?P<y>\d{4})$"
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _fast_dates(uniques: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised parse of plain day forms; returns a mask and datetime64[us] days."""
    n = len(uniques)
    handled = np.zeros(n, dtype=bool)
    days = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    for pattern in (*_FAST_DATES, _FAST_NAMED):
        rest = np.flatnonzero(~handled)
        if len(rest) == 0:
            break
        parts = pc.extract_regex(uniques.take(pa.array(rest)), pattern)
        ok = parts.is_valid().to_numpy(zero_copy_only=False)
        if not ok.any():
            continue
        parts = parts.filter(pa.array(ok))
        y, d = (pc.cast(parts.field(k), pa.int32()).to_numpy() for k in ("y", "d"))
        if pattern is _FAST_NAMED:
            m = pc.index_in(parts.field("m"), value_set=pa.array(_MONTH_NAMES)).to_numpy() + 1
        else:
            m = pc.cast(parts.field("m"), pa.int32()).to_numpy()
        valid = (y >= 1900) & (y <= 2100) & (m >= 1) & (m <= 12) & (d >= 1)
        mi = np.clip(m, 1, 12) - 1
        leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
        valid &= d <= _DAYS_IN_MONTH[mi] + ((mi == 1) & leap)
        month = (y - 1970) * 12 + mi
        stamps = month.astype("datetime64[M]").astype("datetime64[D]") + (d - 1)
        rows = rest[ok][valid]
        handled[rows] = True
        days[rows] = stamps[valid].astype("datetime64[us]")
    return handled, days


def parse_dates(values: pd.Series, ref_year: int | None = None) -> pd.DataFrame:
    """Parse a column of dates; vectorised over distinct texts.

    Parameters
    ----------
    values : Series
        A Series of texts (Timestamps and missing values are accepted too).
    ref_year : int, optional
        Passed to :func:`parse_date` for texts without a year.

    Returns
    -------
    pandas.DataFrame
        Columns ``start`` and ``end`` (``datetime64[us]``), ``precision`` and
        ``error`` (category), with the input's index.

    Examples
    --------
    >>> parse_dates(pd.Series(["2013年7月9日", "2015Q3", "July 22nd"]), ref_year=2015)
           start        end precision error
    0 2013-07-09 2013-07-09       day   NaN
    1 2015-07-01 2015-09-30   quarter   NaN
    2 2015-07-22 2015-07-22       day   NaN
    """
    values = values if isinstance(values, pd.Series) else pd.Series(values)
    codes, uniques = factorize(values)
    n = len(uniques)
    start = np.full(n + 1, np.datetime64("NaT"), dtype="datetime64[us]")
    end = start.copy()
    precision = np.full(n + 1, -1, dtype=np.int8)
    errors: list[str | None] = [None] * (n + 1)
    errors[n] = "missing value"
    prec_code = {p: i for i, p in enumerate(PRECISIONS)}

    handled = np.zeros(n, dtype=bool)
    arrow = text_array(uniques) if n else None  # other cells (numbers, dates): scalar path
    if arrow is not None:
        handled, days = _fast_dates(arrow)
        start[:n][handled] = end[:n][handled] = days[handled]
        precision[:n][handled] = prec_code["day"]
    cells = uniques.to_numpy(dtype=object)  # indexing a list, not an Arrow-backed Index
    for i in np.flatnonzero(~handled):
        span = parse_date(cells[i], ref_year)
        if span.error is None:
            start[i] = span.start.to_datetime64()
            end[i] = span.end.to_datetime64()
            precision[i] = prec_code[span.precision]
        errors[i] = span.error

    error, error_names = error_table(errors)
    rows = spread({"start": start, "end": end, "precision": precision, "error": error}, codes)
    return pd.DataFrame(
        {
            "start": rows["start"],
            "end": rows["end"],
            "precision": category(rows["precision"], PRECISIONS),
            "error": category(rows["error"], error_names),
        },
        index=values.index,
        copy=False,  # the columns are fresh arrays: skip consolidating them into one block
    )
