"""Dates: the forms Chinese and English material writes, read into inclusive spans.

:func:`parse_date` tries a list of regular expressions, from the precise ISO and
Chinese day forms to quarters, halves and bare years, and turns the first that
matches into a :class:`DateSpan`. The vectorised column version lives in
``parse._dates_fast``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

import numpy as np
import pandas as pd

from microcommerce.parse._numerals import DIGITS, small_int
from microcommerce.parse._text import Reject, kind_of, missing, prepare

#: The precisions a :class:`DateSpan` can carry, finest first.
PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "half", "year")


class DateSpan(NamedTuple):
    """A parsed date: the inclusive span it covers, its precision and an error.

    Attributes
    ----------
    start, end : Timestamp
        The first and last day the text covers (the same day for a day, the
        quarter's first and last for ``2015Q3``); NaT when it could not be read.
    precision : str or None
        One of :data:`PRECISIONS`: ``"day"``, ``"month"``, ``"quarter"``,
        ``"half"`` or ``"year"``; None when the text could not be read.
    error : str or None
        Why the text could not be read, in words; None when it could.

    Examples
    --------
    >>> parse_date("2015Q3")  # doctest: +NORMALIZE_WHITESPACE
    DateSpan(start=Timestamp('2015-07-01 00:00:00'), end=Timestamp('2015-09-30 00:00:00'),
             precision='quarter', error=None)
    """

    start: pd.Timestamp
    end: pd.Timestamp
    precision: str | None
    error: str | None


_NAT = pd.NaT
MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MON = "(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_CN_SMALL_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_CN_YEAR = r"[0-9]{4}|[0-9]{2}|[〇零一二三四五六七八九]{4}|[〇零一二三四五六七八九]{2}"
_TIME = (
    r"(?:\s*(?P<ampm>上午|早上|早晨|凌晨|中午|下午|傍晚|晚上|夜里|am|pm)?\s*"
    r"(?P<hh>" + _CN_SMALL_NUM + r")\s*(?:[点时:]|(?=am|pm))\s*"
    r"(?:(?P<mm>[0-9]{1,2}|半|[一二三四五六七八九十]{1,3})\s*分?)?"
    r"(?::(?P<ss>[0-9]{2})(?:\.[0-9]+)?)?\s*(?P<ampm2>am|pm)?"
    r"\s*(?P<tz>z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_DATE_RES: list[tuple[str, re.Pattern[str]]] = [
    (
        "ymd",
        re.compile(
            r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?:t|\s+)?" + _TIME
        ),
    ),
    ("ymd", re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:t|\s+)?" + _TIME)),
    ("ym", re.compile(r"(?P<y>\d{4})(?P<m>\d{2})")),
    ("ym", re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})")),
    (
        "quarter",
        re.compile(
            r"(?P<y>\d{4})\s*-?\s*q(?P<q>[1-4])"
            r"|q(?P<q2>[1-4])\s*-?\s*(?P<y2>\d{4})"
        ),
    ),
    ("half", re.compile(r"(?P<y>\d{4})\s*-?\s*h(?P<h>[12])|h(?P<h2>[12])\s*-?\s*(?P<y2>\d{4})")),
    ("y", re.compile(r"(?P<y>\d{4})")),
    (
        "cn",
        re.compile(
            r"(?:(?P<y>" + _CN_YEAR + r")\s*年\s*)?"
            r"(?:(?P<half>上半年|下半年)"
            r"|第?\s*(?P<q>[1-4一二三四])\s*季度"
            r"|q(?P<q2>[1-4])"
            r"|h(?P<h3>[12])"
            r"|(?:(?P<m>" + _CN_SMALL_NUM + r")\s*月份?\s*"
            r"(?:(?P<d>" + _CN_SMALL_NUM + r")\s*[日号]\s*" + _TIME + r")?)?)"
        ),
    ),
    (
        "en_md",
        re.compile(_MON + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{4}))?" + _TIME),
    ),
    (
        "en_dm",
        re.compile(
            r"(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?"
            + _MON
            + r"(?:\s*,?\s*(?P<y>\d{4}))?"
            + _TIME
        ),
    ),
    ("en_my", re.compile(_MON + r"(?:\s*,?\s*(?P<y>\d{4}))?")),
]
_HALF = {"上半年": 1, "下半年": 2}


def _year(text: str) -> int:
    digits = text if text.isdigit() else "".join(str(DIGITS[c]) for c in text)
    year = int(digits)
    if len(digits) == 2:  # 15年 = 2015, as in exports; the POSIX %y pivot: 69–99 = 19xx
        year += 1900 if year >= 69 else 2000
    return year


def _span(y: int, m: int, d: int, precision: str, hh: int = 0, mi: int = 0, ss: int = 0):
    if not 1900 <= y <= 2100:
        raise Reject(f"year {y} is outside 1900–2100")
    if precision == "day":
        if not 1 <= m <= 12:
            raise Reject(f"month {m} is not between 1 and 12")
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            raise Reject(f"day {d} is not in {calendar.month_name[m]} {y}")
        if not (0 <= hh < 24 and 0 <= mi < 60 and 0 <= ss < 60):
            raise Reject(f"time {hh}:{mi:02d}:{ss:02d} is not a time of day")
        ts = pd.Timestamp(datetime(y, m, d, hh, mi, ss))
        return DateSpan(ts, ts, "day", None)
    first_month, n_months = {
        "month": (m, 1),
        "quarter": (3 * m - 2, 3),
        "half": (6 * m - 5, 6),
        "year": (1, 12),
    }[precision]
    if not 1 <= first_month <= 12:
        raise Reject(f"month {m} is not between 1 and 12")
    last_month = first_month + n_months - 1
    return DateSpan(
        pd.Timestamp(datetime(y, first_month, 1)),
        pd.Timestamp(datetime(y, last_month, calendar.monthrange(y, last_month)[1])),
        precision,
        None,
    )


def _time(g: dict[str, str | None]) -> tuple[int, int, int]:
    if not g.get("hh"):
        return 0, 0, 0
    hh = small_int(g["hh"])
    mi = small_int(g["mm"]) if g.get("mm") else 0
    ss = int(g["ss"]) if g.get("ss") else 0
    ampm = g.get("ampm") or g.get("ampm2")
    if ampm in ("下午", "傍晚", "晚上", "夜里", "pm") and hh < 12:
        hh += 12
    elif ampm in ("am", "凌晨") and hh == 12:
        hh = 0
    elif ampm in ("晚上", "夜里") and hh == 12:
        raise Reject("晚上12点 is midnight: write 0点 of the day it starts")
    return hh, mi, ss


_CHINA = timezone(timedelta(hours=8))


def _to_china_time(span: DateSpan, tz: str | None) -> DateSpan:
    """Convert a time written with an offset (Z, +00:00) to China time (UTC+8), naive."""
    if not tz or span.error:
        return span
    sign = -1 if tz.startswith("-") else 1
    digits = "0000" if tz == "z" else tz[1:].replace(":", "")
    offset = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    ts = span.start + pd.Timedelta(minutes=8 * 60 - offset)
    return DateSpan(ts, ts, span.precision, None)


def _year_or_ref(y: str | None, ref_year: int | None, shown: str) -> int:
    if y:
        return _year(y)
    if ref_year is None:
        raise Reject(f"no year in '{shown}': pass ref_year")
    return int(ref_year)


def _parse_date_text(s: str, ref_year: int | None, shown: str) -> DateSpan:
    # The patterns put several \s* next to each other (年\s* … \s*下午\s*3), so a long
    # run of spaces that fails to match is retried in every split between them:
    # "2015-07-09" + 120 spaces + "3点" + 120 spaces + "x" took 250 s. The patterns
    # only ask for \s* or \s+, so one space per run matches exactly what the run did.
    s = " ".join(s.split())  # str.split() splits on exactly what \s matches
    for form, regex in _DATE_RES:
        m = regex.fullmatch(s)
        if m is None:
            continue
        g = m.groupdict()
        if form == "ymd":
            day = _span(int(g["y"]), int(g["m"]), int(g["d"]), "day", *_time(g))
            return _to_china_time(day, g.get("tz"))
        if form == "ym":
            return _span(int(g["y"]), int(g["m"]), 1, "month")
        if form == "quarter":
            return _span(int(g["y"] or g["y2"]), int(g["q"] or g["q2"]), 1, "quarter")
        if form == "half":
            return _span(int(g["y"] or g["y2"]), int(g["h"] or g["h2"]), 1, "half")
        if form == "y":
            return _span(int(g["y"]), 1, 1, "year")
        if form == "cn":
            if not any(g.values()):
                continue
            y = _year_or_ref(g["y"], ref_year, shown)
            if g["half"] or g["h3"]:
                return _span(y, _HALF[g["half"]] if g["half"] else int(g["h3"]), 1, "half")
            if g["q"] or g["q2"]:
                q = g["q"] or g["q2"]
                return _span(y, int(q) if q.isdigit() else DIGITS[q], 1, "quarter")
            if g["d"]:
                return _span(y, small_int(g["m"]), small_int(g["d"]), "day", *_time(g))
            if g["m"]:
                return _span(y, small_int(g["m"]), 1, "month")
            return _span(y, 1, 1, "year")
        month = MONTHS[g["mon"]]
        y = _year_or_ref(g.get("y"), ref_year, shown)
        if form == "en_my":
            return _span(y, month, 1, "month")
        return _span(y, month, int(g["d"]), "day", *_time(g))
    raise Reject(f"not a date form we know: '{shown}'")


def date_error(message: str) -> DateSpan:
    """Make the :class:`DateSpan` of a text that could not be read, with the reason."""
    return DateSpan(_NAT, _NAT, None, message)


def parse_date(text: object, ref_year: int | None = None) -> DateSpan:
    """Parse one date as written in Chinese or English material.

    Parameters
    ----------
    text : str, date or Timestamp
        ``2013年7月9日``, ``2013-07-09``, ``2013/7/9``, ``2013.7.9``, ``20130709``,
        ``July 9, 2013``, ``9 July 2013``, ``2013年7月``, ``2015Q3``,
        ``2015年第三季度``, ``2015年上半年``, ``2015H1``, ``2015-H1``, ``2013年``,
        ``2015年7月22日下午3点`` … Chinese numerals are accepted
        (``二〇一三年七月九日``), and two-digit years before 年 follow
        ``strptime``'s ``%y`` (00–68 → 20xx, 69–99 → 19xx: ``15年7月1日``).
        A date, datetime or Timestamp is taken as it is (an aware one is converted
        to China time).
    ref_year : int, optional
        The year to use when the text has none (``July 22nd``, ``7月22日``,
        ``上半年``); without it such texts are an error.

    Returns
    -------
    DateSpan
        ``start`` and ``end`` (inclusive day bounds), ``precision`` (one of
        :data:`PRECISIONS`) and ``error``; never raises on bad input.

    Examples
    --------
    >>> parse_date("2015年上半年")  # doctest: +NORMALIZE_WHITESPACE
    DateSpan(start=Timestamp('2015-01-01 00:00:00'), end=Timestamp('2015-06-30 00:00:00'),
             precision='half', error=None)
    >>> parse_date("July 22nd", ref_year=2015).start
    Timestamp('2015-07-22 00:00:00')
    >>> parse_date("2015年7月22日下午3点").start
    Timestamp('2015-07-22 15:00:00')
    >>> parse_date("2013-02-30").error
    'day 30 is not in February 2013'
    """
    if missing(text):
        return date_error("missing value")
    if isinstance(text, date | np.datetime64):  # datetime and pd.Timestamp are dates too
        try:
            # microseconds, as the column version stores them: beyond year 294,276
            # they would overflow there, so they are refused here too
            ts = pd.Timestamp(text).as_unit("us")
        except (ValueError, OverflowError) as exc:  # OutOfBoundsDatetime is a ValueError
            return date_error(f"could not read the date: {exc}")
        if ts.tz is not None:  # an aware time: China time, naive, as for text with an offset
            ts = ts.tz_convert(_CHINA).tz_localize(None)
        return DateSpan(ts, ts, "day", None)
    if not isinstance(text, str):
        return date_error(f"expected text or a date, got {kind_of(text)}")
    s, problem = prepare(text, "a date")
    if problem:
        return date_error(problem)
    try:
        return _parse_date_text(s, ref_year, text.strip())
    except Reject as exc:
        return date_error(str(exc))
    except (ArithmeticError, ValueError, KeyError, OverflowError) as exc:
        return date_error(f"could not read the date: {exc}")
