"""Candidate rows of the ``facts`` dataset, from the figures found in a pile of texts.

An analyst building a record of published figures reads reports and articles and, for
each figure, writes down the sentence it stands in, the figure as written, its value
and bounds, unit and qualifier, and the period it is about. :func:`facts_candidates`
does the reading: one row per figure, in the columns (and conventions) of
``microcommerce.datasets.load("facts")``, to be checked and completed by hand (topic,
metric, entity, producer, source), not retyped.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from microcommerce.parse._extract import SENTENCE_END, extract_amounts, extract_dates

_PERIOD_FORMAT = {
    "year": "{s.year}",
    "half": "{s.year}-H{half}",
    "quarter": "{s.year}Q{quarter}",
    "month": "{s.year}-{s.month:02d}",
    "day": "{s.year}-{s.month:02d}-{s.day:02d}",
}


def _sentence_ends(text: str) -> tuple[list[int], list[int], int]:
    """Where each sentence end of a text starts and ends, and the text's length."""
    found = [(m.start(), m.end()) for m in SENTENCE_END.finditer(text)]
    return [s for s, _ in found], [e for _, e in found], len(text)


def _sentence(ends: tuple[list[int], list[int], int], start: int, end: int) -> tuple[int, int]:
    """Find the bounds of the sentence holding ``text[start:end]``."""
    starts, stops, length = ends
    before = bisect.bisect_right(stops, start)
    after = bisect.bisect_left(starts, end)
    return (stops[before - 1] if before else 0), (stops[after] if after < len(stops) else length)


def _nearest(
    starts: list[int],
    periods: list[str],
    rows: np.ndarray,
    row: int,
    bounds: tuple[int, int, int],
) -> str | None:
    """Find the period of the last date before a figure in its sentence, else the first after."""
    first, at, last = bounds
    low, high = np.searchsorted(rows, row, "left"), np.searchsorted(rows, row, "right")
    inside = bisect.bisect_left(starts, first, low, high)
    before = bisect.bisect_left(starts, at, low, high)
    after = bisect.bisect_left(starts, last, low, high)
    if before > inside:
        return periods[before - 1]
    return periods[before] if after > before else None


def _period(start: pd.Timestamp, precision: str) -> str:
    """Write a date span the way ``facts.period`` does (2015, 2015-07, 2015Q3, 2015-H1)."""
    return _PERIOD_FORMAT[precision].format(
        s=start, half=(start.month - 1) // 6 + 1, quarter=(start.month - 1) // 3 + 1
    )


def _levels(index: pd.Index) -> list[pd.Index]:
    return [index.get_level_values(i) for i in range(index.nlevels)]


def facts_candidates(texts: pd.Series | str, *, ref_year: int | None = None) -> pd.DataFrame:
    """Turn the figures found in texts into candidate rows of the ``facts`` dataset.

    Parameters
    ----------
    texts : Series or str
        A Series of texts (articles, report summaries) or one text.
    ref_year : int, optional
        The year of dates written without one, passed to
        :func:`~microcommerce.parse.extract_dates`.

    Returns
    -------
    pandas.DataFrame
        One row per figure, indexed like :func:`~microcommerce.parse.extract_amounts`
        (text, match), with the ``facts`` columns ``period`` (the last date written
        before the figure in its sentence, else the first after it, in the
        ``facts`` forms ``2015``, ``2015-07``, ``2015Q3``, ``2015-H1``; missing when the
        sentence has none), ``value``, ``value_low``, ``value_high``, ``unit``,
        ``qualifier``, ``as_written`` and ``quote`` (the sentence), plus ``closed``.

    Examples
    --------
    >>> text = ("2015年微商行业总体市场规模为1819.5亿元,2016年将达到3607.3亿元。"
    ...         "截止2016年底,微商从业者近3000万人。")
    >>> facts_candidates(text)[["period", "value_low", "value_high", "unit", "as_written"]]
            period     value_low    value_high     unit as_written
      match
    0 0       2015  1.819500e+11  1.819500e+11      CNY  1819.5亿元
      1       2016  3.607300e+11  3.607300e+11      CNY  3607.3亿元
      2       2016           NaN  3.000000e+07  persons    近3000万人
    >>> facts_candidates(text)["quote"].iloc[2]
    '截止2016年底,微商从业者近3000万人。'
    """
    values = texts if isinstance(texts, pd.Series) else pd.Series([texts])
    plain = values.reset_index(drop=True)  # rows by position, whatever the index
    amounts = extract_amounts(plain)
    dates = extract_dates(plain, ref_year=ref_year)
    source = plain.to_numpy(dtype=object)
    rows = amounts.index.get_level_values(0).to_numpy()
    date_rows = dates.index.get_level_values(0).to_numpy()  # rows in order, dates in order
    date_starts = dates["char_start"].tolist()
    periods = [_period(s, p) for s, p in zip(dates["start"], dates["precision"], strict=True)]
    ends: dict[int, tuple[list[int], list[int], int]] = {}
    quotes, chosen = [], []
    for row, start, end in zip(rows, amounts["char_start"], amounts["char_end"], strict=True):
        if row not in ends:
            ends[row] = _sentence_ends(source[row])
        first, last = _sentence(ends[row], start, end)
        quotes.append(source[row][first:last].strip())
        chosen.append(_nearest(date_starts, periods, date_rows, row, (first, start, last)))
    return pd.DataFrame(
        {
            "period": pd.array(chosen, dtype="str"),
            "value": amounts["value"].to_numpy(),
            "value_low": amounts["low"].to_numpy(),
            "value_high": amounts["high"].to_numpy(),
            "unit": amounts["unit"].array,
            "qualifier": amounts["qualifier"].array,
            "as_written": amounts["as_written"].array,
            "quote": pd.array(quotes, dtype="str"),
            "closed": amounts["closed"].array,
        },
        index=pd.MultiIndex.from_arrays(
            [*_levels(values.index.take(rows)), amounts.index.get_level_values(-1)],
            names=[*values.index.names, "match"],
        ),
    )
