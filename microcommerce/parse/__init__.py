"""Parse the numbers and dates found in Chinese micro-business material.

Layer: text to values. Imports only :mod:`microcommerce.errors` and :mod:`microcommerce.core`;
every layer above (cleaning, datasets, analyses, the CLI) may import it.

Two scalar parsers, :func:`parse_amount` and :func:`parse_date`, read one text each
and never raise on bad input: what they do not understand comes back as a missing
value with an ``error`` that says why. Their column versions, :func:`parse_amounts`
and :func:`parse_dates`, factorise the column, parse each distinct text once (the
common plain forms through a vectorised pyarrow path) and broadcast the results back,
so a column of millions of rows costs about as much as ``pd.factorize``.

Amounts
-------
``value`` is in base units (亿 = 1e8, 万 = 1e4, 万亿 = 兆 = 1e12, English
million/billion/trillion); arithmetic is exact (decimal) and rounded to ``float``
once, so ``1819.5亿`` is exactly ``181950000000.0``.

============  ====================================================  ===========================
qualifier     written as                                            bounds
============  ====================================================  ===========================
``exact``     a plain figure                                        ``low = high = value``
``about``     约, 大约, 大概, 左右, 上下, 来 (十来万),              ``low = high = value``
              about, around
``over``      超过, 超, 逾, 多, 余, 以上, 上(百万),                 ``low = value``, ``high`` NaN
              over, more than, at least, plus, ``+``
``under``     近, 将近, 接近, 不到, 不足, 以下, 以内,               ``high = value``, ``low`` NaN
              nearly, almost, under, less than, up to
``range``     3-5万, 3~5万, 3至5万, 两三千, 五六年,                 ``low``/``high`` the bounds,
              十几万, 几十万, five or six, between                  ``value`` the midpoint
              3 and 5 million
============  ====================================================  ===========================

Bounds chosen for vague Chinese counts: 几 or 数 as a leading digit means 2–9
(几十万 = 200,000–900,000; 几万 = 20,000–90,000); 几 after 十 means 1–9
(十几万 = 110,000–190,000; 二十几 = 21–29). Two adjacent increasing digits are a
range (两三千 = 2,000–3,000; 三五 = 3–5; 十五六 = 15–16); three or more digits in a
row, or any 〇, are read digit by digit (二〇一三 = 2013). A trailing lone digit
after a unit abbreviates the next lower unit (一万二 = 12,000; 三千五 = 3,500).

Units are normalised to :data:`UNITS`; percentages stay in percent (``12%`` → 12).
English ``k``, ``m``/``mn``, ``bn`` and ``tn`` are thousand, million, billion and
trillion (``$10m``). Magnitude classes such as ``千万级`` are refused, not read as
a number of levels; two decreasing digits (``五四``) are refused as ambiguous.
On error every number is NaN and ``unit`` and ``qualifier`` are ``None``.

Dates
-----
:func:`parse_date` returns a :class:`DateSpan` with inclusive bounds: ``start`` is
the first moment of the span and ``end`` the last *day* it covers (at 00:00), so
``2015年上半年`` is 2015-01-01 … 2015-06-30 with ``precision="half"``. A time of
day (``2015年7月22日下午3点``) is kept in both ``start`` and ``end``; a time written with
an offset (``2015-07-22T15:30:00Z``, ``+00:00``) is converted to China time (UTC+8),
the clock of every naive time in Chinese exports. Years outside 1900–2100 are
rejected as probable typos.

Bad input
---------
The parsers never raise, and the column versions give row for row what the scalar
ones give. Texts longer than 256 characters (after normalisation) are refused, which
bounds the time any one text takes. Full-width forms (``１２３``, ``，``, ``．``, ``－``)
read as ASCII, and so do the decimal digits of every script (Arabic-Indic ``١٢٣``,
Devanagari ``१२३`` …); superscript, circled and fraction numbers (``²``, ``①``, ``½``)
are refused rather than misread (``10²`` is not 102). Amounts are finite and below
1e24 in size: ``1e400``, a 300-digit string or ``10**5000`` is "number too large".
Numbers passed as numbers (int, float, Decimal, NumPy) are exact amounts; NaN, None,
``pd.NA`` and NaT are "missing value"; booleans, bytes and other objects are refused
by kind. :func:`parse_date` takes dates and datetimes too (aware ones in China time).
The tests in ``tests/parse/test_fuzz.py`` hold the parsers to all of this.
"""

from __future__ import annotations

import calendar
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from decimal import Overflow as DecimalOverflow
from itertools import repeat
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "PRECISIONS",
    "QUALIFIERS",
    "UNITS",
    "Amount",
    "DateSpan",
    "format_chinese_number",
    "parse_amount",
    "parse_amounts",
    "parse_date",
    "parse_dates",
]

#: The qualifiers an :class:`Amount` can carry.
QUALIFIERS: tuple[str, ...] = ("exact", "about", "over", "under", "range")
#: The unit vocabulary every parser and dataset of the package uses.
UNITS: tuple[str, ...] = (
    "CNY",
    "USD",
    "persons",
    "stores",
    "years",
    "months",
    "boxes",
    "pieces",
    "percent",
    "brands",
    "levels",
)
#: The precisions a :class:`DateSpan` can carry, finest first.
PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "half", "year")

_MAX_LEN = 256  # longer texts are not amounts; bounding them bounds the parse time
# No amount is this large (a million 亿亿; world GDP is about 1e14 USD). Refusing
# such figures keeps every value far from float overflow, so sums and squares of
# parsed columns stay finite. Every figure the vectorised path reads is below it.
_MAX_AMOUNT = 1e24
_TOO_LARGE = "number too large (1e24 or more)"
_NAN = float("nan")


class Amount(NamedTuple):
    """A parsed amount: a value with bounds, a unit, a qualifier and an error.

    Examples
    --------
    >>> parse_amount("近3000万人")  # doctest: +NORMALIZE_WHITESPACE
    Amount(value=30000000.0, low=nan, high=30000000.0, unit='persons',
           qualifier='under', error=None)
    """

    value: float
    low: float
    high: float
    unit: str | None
    qualifier: str | None
    error: str | None


class DateSpan(NamedTuple):
    """A parsed date: the inclusive span it covers, its precision and an error.

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


class _Reject(Exception):
    """Raised inside the parsers; turned into an ``error`` at the public boundary."""


def _amount_error(message: str) -> Amount:
    return Amount(_NAN, _NAN, _NAN, None, None, message)


# ---------------------------------------------------------------------------
# Text normalisation shared by both parsers
# ---------------------------------------------------------------------------

# Traditional forms and dash variants that NFKC leaves alone.
_FOLD = str.maketrans(
    {
        "萬": "万",
        "億": "亿",
        "兩": "两",
        "貳": "贰",
        "參": "叁",
        "陸": "陆",
        "圓": "元",
        "塊": "块",
        "個": "个",
        "餘": "余",
        "將": "将",
        "約": "约",
        "過": "过",
        "幣": "币",
        "級": "级",
        "層": "层",
        "點": "点",
        "數": "数",
        "幾": "几",
        "號": "号",
        "時": "时",
        "—": "-",
        "–": "-",
        "−": "-",
        "﹣": "-",
        "〜": "~",
    }
)


# Decimal digits of other scripts (Arabic-Indic ٣, Devanagari ३ …) that NFKC leaves
# alone: read as the digits they are, so dates and amounts treat them alike.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")
# Half of a UTF-16 pair, left in a str by errors="surrogateescape": not text.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _normalise(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_FOLD)
        if _OTHER_DIGIT.search(text):
            text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    return text.strip().lower()


def _number_sign(text: str) -> str | None:
    """The first superscript, circled or fraction number (², ①, ½) in ``text``, if any.

    NFKC would turn them into plain digits and silently misread the figure
    (10² as 102, ①② as 12), so they are refused instead.
    """
    if unicodedata.is_normalized("NFKC", text):  # NFKC changes every one of them
        return None
    return next((c for c in text if c > "\x7f" and unicodedata.category(c) == "No"), None)


def _prepare(text: str, what: str) -> tuple[str, str | None]:
    """Normalised text, and why it cannot be parsed at all (empty, too long) or None."""
    s = _normalise(text)
    if not s:
        return s, "empty text"
    if len(s) > _MAX_LEN:  # bounds the parse time of any one text
        return s, f"text of {len(s)} characters is too long for {what}"
    if not text.isascii():
        if _SURROGATE.search(text):  # errors quote the text; keep them encodable
            return s, "not valid Unicode (a lone surrogate such as '\\udc80')"
        if sign := _number_sign(text):
            return s, f"'{sign}' is a superscript, circled or fraction number, not a digit"
    return s, None


_INEXACT = (float, complex, np.floating, np.complexfloating)


def _missing(text: object) -> bool:
    """None, pd.NA, NaT and NaN in any of their guises (NumPy, Decimal), as pandas sees them."""
    if isinstance(text, str):
        return False
    return (
        text is None
        or text is pd.NA
        or text is pd.NaT
        or (isinstance(text, _INEXACT) and bool(np.isnan(text)))  # complex NaN too
        or (isinstance(text, Decimal) and text.is_nan())
        or (isinstance(text, np.datetime64 | np.timedelta64) and bool(np.isnat(text)))
    )


def _kind(value: object) -> str:
    """How a non-text input is named in errors: by kind, so that a value and the NumPy
    scalar a column turns it into (``True``/``np.True_``, ``5``/``np.int64(5)``) read alike.
    """
    if isinstance(value, bool | np.bool_):
        return "a boolean"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return "a complex number"
    if isinstance(value, numbers.Number):
        return "a number"
    if isinstance(value, date | np.datetime64):
        return "a date"
    if isinstance(value, timedelta | np.timedelta64):
        return "a duration"
    return type(value).__name__


# ---------------------------------------------------------------------------
# Amounts: tokens
# ---------------------------------------------------------------------------

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10**4, "亿": 10**8, "兆": 10**12}
_EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}

# Units written after the number (longest alternatives are matched first).
_SUFFIX_UNITS = {
    "元人民币": "CNY",
    "人民币": "CNY",
    "块钱": "CNY",
    "元": "CNY",
    "块": "CNY",
    "yuan": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "renminbi": "CNY",
    "美元": "USD",
    "美金": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "人": "persons",
    "名": "persons",
    "位": "persons",
    "people": "persons",
    "persons": "persons",
    "person": "persons",
    "individuals": "persons",
    "个网店": "stores",
    "个店": "stores",
    "家店": "stores",
    "网店": "stores",
    "家": "stores",
    "stores": "stores",
    "store": "stores",
    "shops": "stores",
    "shop": "stores",
    "年": "years",
    "years": "years",
    "year": "years",
    "yrs": "years",
    "个月": "months",
    "months": "months",
    "month": "months",
    "盒": "boxes",
    "boxes": "boxes",
    "box": "boxes",
    "片": "pieces",
    "件": "pieces",
    "pieces": "pieces",
    "piece": "pieces",
    "pcs": "pieces",
    "%": "percent",
    "percent": "percent",
    "pct": "percent",
    "个品牌": "brands",
    "品牌": "brands",
    "brands": "brands",
    "个层级": "levels",
    "层级": "levels",
    "级": "levels",
    "层": "levels",
    "levels": "levels",
    "tiers": "levels",
}
# Units written before the number.
_PREFIX_UNITS = {
    "¥": "CNY",
    "人民币": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "$": "USD",
    "usd": "USD",
    "百分之": "percent",
}
_PREFIX_QUALIFIERS = {
    "约为": "about",
    "约合": "about",
    "大约": "about",
    "大概": "about",
    "约": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx": "about",
    "roughly": "about",
    "some": "about",
    "将近": "under",
    "接近": "under",
    "近": "under",
    "不到": "under",
    "不足": "under",
    "nearly": "under",
    "almost": "under",
    "under": "under",
    "lessthan": "under",
    "upto": "under",
    "below": "under",
    "超过": "over",
    "超": "over",
    "逾": "over",
    "over": "over",
    "morethan": "over",
    "atleast": "over",
    "above": "over",
}
_SUFFIX_QUALIFIERS = {
    "左右": "about",
    "上下": "about",
    "来": "about",
    "以上": "over",
    "有余": "over",
    "多": "over",
    "余": "over",
    "plus": "over",
    "ormore": "over",
    "+": "over",
    "以下": "under",
    "以内": "under",
    "orless": "under",
}
_SEPARATORS = {"-", "~", "至", "到", "to", "or"}
_INNER_QUALIFIERS = {"多", "余", "来"}  # 3000多万, 十来万: may stand between digits and 万
_NUMBER_GROUPS = frozenset({"num", "digit", "vague", "small", "big"})
_CLASSIFIERS = {"个"}  # 300多个: a bare measure word, which names no unit
_FILLERS = {"from", "and", "of", "the"}

_CJK_WORDS = sorted(
    {
        w
        for w in (*_SUFFIX_UNITS, *_PREFIX_UNITS, *_PREFIX_QUALIFIERS, *_SUFFIX_QUALIFIERS)
        if not w.isascii()
    }
    | {"至", "到", "点", "负", "上", *_CLASSIFIERS},
    key=len,
    reverse=True,
)
_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:,\d+)*(?:\.\d+)?(?:e[+-]?\d+)?)"
    r"|(?P<cjk>" + "|".join(map(re.escape, _CJK_WORDS)) + ")"
    r"|(?P<digit>[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖])"
    r"|(?P<vague>[几数])"
    r"|(?P<small>[十拾百佰千仟])"
    r"|(?P<big>[万亿兆])"
    r"|(?P<word>[a-z]+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.S,
)
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:e[+-]?\d+)?")
_EN_PHRASES = re.compile(
    r"less than|fewer than|more than|in excess of|at least|up to|per cent|or more|or less"
    r"|u\.s\. dollars?|us dollars?|us\$|\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
)
_EN_PHRASE_SUB = {
    "less than": "lessthan ",
    "fewer than": "lessthan ",
    "more than": "morethan ",
    "in excess of": "morethan ",
    "at least": "atleast ",
    "up to": "upto ",
    "u.s. dollars": " usd",
    "u.s. dollar": " usd",
    "us dollars": " usd",
    "us dollar": " usd",
    "per cent": "percent ",
    "or more": " ormore",
    "or less": " orless",
    "us$": "usd ",
}

# Token kinds: N number (Decimal), D Chinese digit (int), V vague digit (几/数),
# U small unit (十百千), B big unit (万亿兆), W English number word, S English scale,
# H hundred, P 点, SEP range separator, A "a"/"an".


_LATIN = re.compile(r"[a-z$]")


def _english(s: str) -> str:
    s = _EN_PHRASES.sub(lambda m: _EN_PHRASE_SUB.get(m.group(0)) or m.group(1) + " ", s)
    if s.startswith("between ") and " and " in s:
        head, _, tail = s[len("between ") :].rpartition(" and ")
        s = f"{head} to {tail}"
    return s


def _tokens(s: str) -> tuple[list[tuple[str, Any]], str | None, str | None, bool]:
    """Split normalised text into numeric tokens, a unit, a qualifier and a sign."""
    toks: list[tuple[str, Any]] = []
    unit: str | None = None
    qual: str | None = None
    negative = False
    seen_number = False
    closed = False  # a unit or a closing qualifier was read: no more digits unless a range

    def set_unit(u: str) -> None:
        nonlocal unit
        if unit is not None and unit != u:
            raise _Reject(f"conflicting units {unit} and {u}")
        unit = u

    def set_qual(q: str) -> None:
        nonlocal qual
        if qual is not None and qual != q and {qual, q} == {"over", "under"}:
            raise _Reject("conflicting qualifiers: both over and under")
        if qual is None or q != "about":  # over/under are more specific than about
            qual = q

    matches = list(_TOKEN_RE.finditer(s))
    for i, m in enumerate(matches):
        kind = m.lastgroup
        text = m.group()
        if kind == "space":
            continue
        if kind in _NUMBER_GROUPS and closed:
            raise _Reject(f"'{text}' after the unit; parse one figure at a time")
        if kind == "num":
            if "," in text and not _THOUSANDS_RE.fullmatch(text):
                raise _Reject(f"misplaced thousands separator in '{text}'")
            try:
                number = Decimal(text.replace(",", ""))
            except InvalidOperation:  # an exponent beyond Decimal's range: 1e999…9
                raise _Reject(
                    "number too small (exponent out of range)" if "e-" in text else _TOO_LARGE
                ) from None
            toks.append(("N", number))
            seen_number = True
        elif kind == "digit":
            toks.append(("D", _DIGITS[text]))
            seen_number = True
        elif kind == "vague":
            toks.append(("V", text))
            seen_number = True
        elif kind == "small":
            toks.append(("U", _SMALL[text]))
            seen_number = True
        elif kind == "big":
            toks.append(("B", _BIG[text]))
            seen_number = True
        elif kind in ("cjk", "word"):
            if text in _EN_NUMBERS:
                toks.append(("W", _EN_NUMBERS[text]))
                seen_number = True
            elif text in _EN_SCALES:
                toks.append(("S", _EN_SCALES[text]))
                seen_number = True
            elif text == "hundred":
                toks.append(("H", 100))
                seen_number = True
            elif text in ("a", "an") and not seen_number:
                toks.append(("A", 1))
                seen_number = True
            elif text == "点":
                toks.append(("P", None))
            elif text in _SEPARATORS:
                if not seen_number:
                    raise _Reject(f"'{text}' before any number")
                toks.append(("SEP", None))
                closed = False
            elif text == "负" and not seen_number:
                negative = True
            elif text == "上" and not seen_number:
                nxt = matches[i + 1].lastgroup if i + 1 < len(matches) else None
                if nxt not in ("small", "big"):
                    raise _Reject("'上' must be followed by 十, 百, 千, 万 or 亿")
                set_qual("over")
                toks.append(("D", 1))
            elif not seen_number and text in _PREFIX_UNITS:
                set_unit(_PREFIX_UNITS[text])
            elif not seen_number and text in _PREFIX_QUALIFIERS:
                set_qual(_PREFIX_QUALIFIERS[text])
            elif seen_number and text in _SUFFIX_UNITS:
                set_unit(_SUFFIX_UNITS[text])
                closed = True
            elif seen_number and text in _SUFFIX_QUALIFIERS:
                set_qual(_SUFFIX_QUALIFIERS[text])
                closed = closed or text not in _INNER_QUALIFIERS
            elif text in _FILLERS or (seen_number and text in _CLASSIFIERS):
                continue
            else:
                where = "after" if seen_number else "before"
                raise _Reject(f"unexpected '{text}' {where} the number")
        else:  # other single characters
            if text in ("-", "~"):
                if not seen_number and text == "-":
                    negative = True
                elif not seen_number:
                    raise _Reject(f"'{text}' before any number")
                else:
                    toks.append(("SEP", None))
                    closed = False
            elif text in ("¥", "$") and not seen_number:
                set_unit(_PREFIX_UNITS[text])
            elif text == "%" and seen_number:
                set_unit("percent")
                closed = True
            elif text == "+":
                if seen_number:
                    set_qual("over")  # 300+ means more than 300
                # a leading + is an explicit sign: +5%
            elif text == ".":
                raise _Reject("misplaced decimal point")
            elif text == "/":
                raise _Reject("'/' separates several figures; parse them one by one")
            else:
                raise _Reject(f"unexpected character '{text}'")
    if not seen_number:
        raise _Reject("no number found")
    return toks, unit, qual, negative


# ---------------------------------------------------------------------------
# Amounts: evaluation
# ---------------------------------------------------------------------------

_Tok = tuple[str, Any]


def _split_vague(part: list[_Tok]) -> tuple[list[_Tok], list[_Tok]] | None:
    """Expand 几/数 or an adjacent increasing digit pair into low and high token lists."""
    kinds = "".join([k for k, _ in part])
    if "V" not in kinds and "DD" not in kinds:
        return None
    vague = [i for i, (k, _) in enumerate(part) if k == "V"]
    end = kinds.find("P") if "P" in kinds else len(part)  # digits after 点 are decimals
    pairs = [
        i
        for i in range(end - 1)
        if part[i][0] == "D"
        and part[i + 1][0] == "D"
        and 0 < part[i][1] < part[i + 1][1]
        and (i == 0 or part[i - 1][0] != "D")
        and (i + 2 == end or part[i + 2][0] != "D")
    ]
    if len(vague) + len(pairs) > 1:
        raise _Reject("more than one vague digit")
    if vague:
        i = vague[0]
        lo, hi = (1, 9) if i > 0 and part[i - 1] == ("U", 10) else (2, 9)
        return (
            [*part[:i], ("D", lo), *part[i + 1 :]],
            [*part[:i], ("D", hi), *part[i + 1 :]],
        )
    if pairs:
        i = pairs[0]
        return (
            [*part[:i], part[i], *part[i + 2 :]],
            [*part[:i], part[i + 1], *part[i + 2 :]],
        )
    return None


def _eval_chinese(part: list[_Tok]) -> Any:
    """Evaluate Chinese (and Arabic-with-Chinese-unit) numerals exactly."""
    kinds = "".join([k for k, _ in part])
    if len(part) > 1 and not kinds.strip("D"):  # 二〇一三: read digit by digit
        if len(part) == 2 and part[1][1] != 0:  # 五四, 一一: a typo or a pair, not 54
            raise _Reject("two digits in a row are ambiguous")
        return Decimal("".join(str(v) for _, v in part))
    if "P" in kinds:
        return _eval_point(part)
    # Values stay int for Chinese integers (exact and fast) and become Decimal as
    # soon as an Arabic number with decimals takes part (exact as well).
    groups: list[tuple[int, Any]] = []  # (big unit, value) with units decreasing
    section: Any = 0
    number: Any = None
    last_small: int | None = None
    prev_unit: int | None = None  # unit right before the pending number, for 一万二
    gap = False  # a 零 since the last unit
    started = False
    chinese_digit = fractional = False
    for kind, v in part:
        was_started, started = started, True
        if kind in ("D", "N"):
            if kind == "D" and v == 0:
                if number is not None:
                    raise _Reject("'零' right after a digit")
                gap = True
                continue
            if number is not None:
                raise _Reject("two numbers in a row")
            if kind == "N" and prev_unit is not None and fractional:
                raise _Reject("a number after a decimal figure and its unit is ambiguous")
            number, chinese_digit = v, kind == "D"
            fractional = fractional or (kind == "N" and v != v.to_integral_value())
        elif kind == "U":
            if number is None:
                if v != 10 and was_started:
                    raise _Reject("a unit such as 百 or 千 needs a digit before it")
                number = 1  # 十五 = 15; a leading 百万 or 千万 means one
            if last_small is not None and v >= last_small:
                raise _Reject("units out of order (e.g. 百 before 千)")
            section += number * v
            number, last_small, prev_unit, gap = None, v, v, False
        elif kind == "B":
            if groups and groups[-1][0] == v and number is None and section == 0:
                raise _Reject("the same unit (万, 亿, 兆) twice in a row")
            acc = section + (number if number is not None else 0)
            popped = False
            while groups and groups[-1][0] < v:
                acc += groups.pop()[1]
                popped = True
            if number is None and last_small is None and not popped:
                if was_started:
                    raise _Reject("万, 亿 or 兆 needs a number before it")
                acc = 1  # a leading 万 or 亿 means one of it
            if groups and groups[-1][0] == v:
                raise _Reject("the same unit (万, 亿, 兆) appears twice")
            groups.append((v, acc * v))
            section, number, last_small, prev_unit, gap = 0, None, None, v, False
        else:
            raise _Reject("mixed Chinese and English number words")
    abbreviated = number is not None and prev_unit is not None and prev_unit > 10
    if abbreviated and chinese_digit and not gap and number < 10:
        number *= prev_unit // 10  # 一万二 = 12000, 三千五 = 3500
    return sum(g for _, g in groups) + section + (number or 0)


def _eval_point(part: list[_Tok]) -> Decimal:
    """一点五万: integer part, 点, digits, then at most a multiplier."""
    i = next(j for j, (k, _) in enumerate(part) if k == "P")
    head, tail = part[:i], part[i + 1 :]
    if not head:
        raise _Reject("nothing before '点'")
    digits = []
    while tail and tail[0][0] == "D":
        digits.append(str(tail.pop(0)[1]))
    if not digits:
        raise _Reject("no digits after '点'")
    multiplier = 1
    for kind, v in tail:
        if kind not in ("U", "B"):
            raise _Reject("unexpected text after the decimals")
        multiplier *= v
    whole = _eval_chinese(head)
    return (whole + Decimal("0." + "".join(digits))) * multiplier


def _eval_english(part: list[_Tok]) -> Decimal:
    total = Decimal(0)
    current: Decimal | None = None
    last_scale = math.inf
    prev: tuple[str, Any] | None = None
    for kind, v in part:
        if kind in ("N", "W", "A"):
            if current is None:
                current = Decimal(v)
            elif (
                prev is not None
                and (prev[0] == "H" or (prev[0] == "W" and prev[1] >= 20 and prev[1] % 10 == 0))
                and kind == "W"
                and v < (100 if prev[0] == "H" else 10)
            ):
                current += v  # two hundred five, twenty five
            else:
                raise _Reject("two numbers in a row")
        elif kind == "H":
            if current is None:
                raise _Reject("'hundred' needs a number before it")
            current *= 100
        elif kind == "S":
            if current is None:
                raise _Reject("a scale word needs a number before it")
            if v >= last_scale:
                raise _Reject("scale words out of order")
            total += current * v
            current, last_scale = None, v
        else:
            raise _Reject("mixed Chinese and English number words")
        prev = (kind, v)
    return total + (current or 0)


def _eval(part: list[_Tok]) -> Any:
    if not part:
        raise _Reject("empty side of a range")
    if any(k in ("W", "S", "H", "A") for k, _ in part):
        return _eval_english(part)
    return _eval_chinese(part)


def _trailing_units(part: list[_Tok]) -> list[_Tok]:
    i = len(part)
    while i > 0 and part[i - 1][0] in ("U", "B", "S", "H"):
        i -= 1
    return part[i:]


_CN_NUMERAL_CHARS = "".join([*_DIGITS, *_SMALL, *_BIG])


def _chinese_tokens(s: str) -> list[_Tok]:
    return [
        ("D", _DIGITS[c]) if c in _DIGITS else ("U", _SMALL[c]) if c in _SMALL else ("B", _BIG[c])
        for c in s
    ]


def _magnitude_class(toks: list[_Tok], unit: str | None) -> bool:
    """千万级, 百万级: 'of the order of ten million', a class rather than a figure."""
    return unit == "levels" and bool(toks) and toks[-1][0] in ("U", "B") and toks[-1][1] > 10


def _parse_amount_text(s: str) -> Amount:
    if not s.strip(_CN_NUMERAL_CHARS):  # only Chinese numerals: skip the tokenizer
        toks: list[_Tok] = _chinese_tokens(s)
        if _split_vague(toks) is None:  # a plain integer, the common case
            v = float(_eval_chinese(toks))
            if not abs(v) < _MAX_AMOUNT:
                raise _Reject(_TOO_LARGE)
            return Amount(v, v, v, None, "exact", None)
        unit = qual = None
        negative = False
    else:
        toks, unit, qual, negative = _tokens(s)
        if _magnitude_class(toks, unit):
            raise _Reject("an order of magnitude (千万级), not a figure")
    parts: list[list[_Tok]] = [[]]
    for tok in toks:
        if tok[0] == "SEP":
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) > 2:
        raise _Reject("more than one range separator (is this a date?)")
    if len(parts) == 2:
        lo_part, hi_part = parts
        # 3-5万, 十到二十万, two or three hundred: the upper side's trailing units that
        # the lower side lacks apply to it too; 5千-1万 shares nothing
        lo_units, hi_units = _trailing_units(lo_part), _trailing_units(hi_part)
        if hi_units[: len(lo_units)] == lo_units:
            lo_part = lo_part + hi_units[len(lo_units) :]
        if _split_vague(lo_part) or _split_vague(hi_part):
            raise _Reject("a vague figure inside a range")
        low, high = _eval(lo_part), _eval(hi_part)
    else:
        split = _split_vague(parts[0])
        if split is None:
            low = high = _eval(parts[0])
        else:
            low, high = _eval(split[0]), _eval(split[1])
            if low >= high:  # e.g. 五四 read as a pair when it is not one
                raise _Reject("ambiguous digits")
    if negative:
        if low != high:
            raise _Reject("a negative range is not supported")
        low = high = -low
    if low > high:
        raise _Reject("range bounds are reversed")
    lo_f, hi_f = float(low), float(high)
    if not (abs(lo_f) < _MAX_AMOUNT and abs(hi_f) < _MAX_AMOUNT):  # also inf
        raise _Reject(_TOO_LARGE)
    if low != high or len(parts) == 2:
        return Amount(float((low + high) / 2), lo_f, hi_f, unit, "range", None)
    if qual == "over":
        return Amount(lo_f, lo_f, _NAN, unit, "over", None)
    if qual == "under":
        return Amount(lo_f, _NAN, lo_f, unit, "under", None)
    return Amount(lo_f, lo_f, lo_f, unit, qual or "exact", None)


def parse_amount(text: object) -> Amount:
    """Parse one amount as written in Chinese or English market material.

    Parameters
    ----------
    text
        The figure alone, e.g. ``"约2.5亿元"``. Numbers are accepted as they are
        (below 1e24 in size); ``None`` and NaN give a "missing value" error.

    Returns
    -------
    Amount
        ``value``, ``low``, ``high`` (float, base units), ``unit`` (one of
        :data:`UNITS` or ``None``), ``qualifier`` (one of :data:`QUALIFIERS`, or
        ``None`` on error) and ``error`` (``None`` when the text was understood).
        It never raises on bad input.

    Examples
    --------
    >>> parse_amount("1,200万")  # doctest: +NORMALIZE_WHITESPACE
    Amount(value=12000000.0, low=12000000.0, high=12000000.0, unit=None,
           qualifier='exact', error=None)
    >>> parse_amount("两三千").qualifier, parse_amount("两三千").low, parse_amount("两三千").high
    ('range', 2000.0, 3000.0)
    >>> parse_amount("25 million 10 thousand yuan").value
    25010000.0
    >>> parse_amount("1..2万").error
    'misplaced decimal point'
    """
    if _missing(text):
        return _amount_error("missing value")
    if not isinstance(text, str):
        kind = _kind(text)
        if kind != "a number":  # int, float, Decimal, Fraction, NumPy numbers are read
            return _amount_error(f"expected text or a number, got {kind}")
        try:
            v = float(text)  # type: ignore[arg-type]
        except OverflowError:  # an int beyond float range: never repr it (10**5000)
            return _amount_error(_TOO_LARGE)
        if (isinstance(text, float | np.floating) and bool(np.isinf(text))) or (
            isinstance(text, Decimal) and text.is_infinite()
        ):
            return _amount_error(f"not a finite number: {v}")
        if not abs(v) < _MAX_AMOUNT:
            return _amount_error(_TOO_LARGE)
        return Amount(v, v, v, None, "exact", None)
    s, problem = _prepare(text, "an amount")
    if problem:
        return _amount_error(problem)
    if _LATIN.search(s):
        s = _english(s)
    try:
        return _parse_amount_text(s)
    except _Reject as exc:
        return _amount_error(str(exc))
    except DecimalOverflow:  # 1e99999999: beyond even Decimal's exponent range
        return _amount_error(_TOO_LARGE)
    except (ArithmeticError, InvalidOperation, ValueError, OverflowError) as exc:
        return _amount_error(f"could not compute the number: {exc}")


# ---------------------------------------------------------------------------
# Amounts: a column at a time
# ---------------------------------------------------------------------------

# The vectorised path reads the plain forms most columns hold; anything else goes
# through the scalar parser. Every option below means here what it means there.
_FAST_OPTIONS: dict[str, dict[str, Any]] = {
    "pre": {
        "": None,
        "约": "about",
        "大约": "about",
        "近": "under",
        "将近": "under",
        "接近": "under",
        "超过": "over",
        "逾": "over",
        "超": "over",
    },
    "cur": {"": None, "¥": "CNY", "￥": "CNY"},
    "mid": {"": None, "多": "over", "余": "over"},
    "mult": {
        "": 0,
        "十": 1,
        "百": 2,
        "千": 3,
        "万": 4,
        "十万": 5,
        "百万": 6,
        "千万": 7,
        "亿": 8,
        "万亿": 12,
    },
    "mid2": {"": None, "多": "over", "余": "over"},
    "unit": {
        "": None,
        "元": "CNY",
        "块": "CNY",
        "人": "persons",
        "名": "persons",
        "家": "stores",
        "盒": "boxes",
        "片": "pieces",
        "件": "pieces",
        "%": "percent",
        "年": "years",
    },
    "post": {"": None, "左右": "about", "以上": "over", "以下": "under"},
}


def _alternatives(name: str) -> str:
    options = sorted(_FAST_OPTIONS[name], key=len, reverse=True)
    return f"(?P<{name}>" + "|".join(map(re.escape, options)) + ")"


# At most 12 integer and 6 decimal digits, so the digits fit an int64 mantissa.
_FAST_AMOUNT = (
    "^"
    + _alternatives("pre")
    + _alternatives("cur")
    + r"(?P<int>[1-9]\d{0,2}(?:,\d{3}){1,3}|[1-9]\d{0,11}|0)(?:\.(?P<frac>\d{1,6}))?"
    + "".join(_alternatives(g) for g in ("mid", "mult", "mid2", "unit", "post"))
    + "$"
)


def _option_codes(parts: pa.StructArray, name: str) -> tuple[np.ndarray, list[Any]]:
    options = list(_FAST_OPTIONS[name])
    found = pc.index_in(parts.field(name), value_set=pa.array(options, type=pa.string()))
    return found.to_numpy(zero_copy_only=False).astype(np.intp), list(_FAST_OPTIONS[name].values())


def _fast_amounts(uniques: pa.Array) -> tuple[np.ndarray, ...]:
    """Vectorised parse of plain forms (``1280``, ``¥1,280.00``, ``约3000多万人``).

    Returns the mask of texts handled and, for those, value, low, high, unit and
    qualifier codes. The arithmetic is exact: a mantissa below 2**53 times or
    divided by a power of ten is rounded once, as ``float(Decimal)`` rounds in the
    scalar parser.
    """
    n = len(uniques)
    handled = np.zeros(n, dtype=bool)
    value = np.full(n, np.nan)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    unit = np.full(n, -1, dtype=np.int8)
    qual = np.full(n, -1, dtype=np.int8)
    parts = pc.extract_regex(uniques, _FAST_AMOUNT) if n else pa.array([], pa.null())
    ok = parts.is_valid().to_numpy(zero_copy_only=False) if n else handled
    if not ok.any():
        return handled, value, low, high, unit, qual
    idx = np.flatnonzero(ok)
    parts = parts.filter(pa.array(ok))
    int_s = pc.replace_substring(parts.field("int"), ",", "")
    frac_s = pc.fill_null(parts.field("frac"), "")
    digits = pc.binary_join_element_wise(int_s, frac_s, "")
    mantissa = pc.cast(digits, pa.int64()).to_numpy().astype(np.float64)
    mult_codes, mult_values = _option_codes(parts, "mult")
    exp = np.array(mult_values)[mult_codes] - pc.utf8_length(frac_s).to_numpy()
    # Both operands are exact floats (mantissa < 2**53, 10**k for k <= 22), so one
    # IEEE multiplication or division rounds the exact decimal value once.
    vals = np.where(
        exp >= 0, mantissa * 10.0 ** np.maximum(exp, 0), mantissa / 10.0 ** np.maximum(-exp, 0)
    )

    flags = {q: np.zeros(len(idx), dtype=bool) for q in ("about", "over", "under")}
    for name in ("pre", "mid", "mid2", "post"):
        codes, meanings = _option_codes(parts, name)
        for q, flag in flags.items():
            flag |= np.array([m == q for m in meanings])[codes]
    cur_codes, _ = _option_codes(parts, "cur")
    unit_codes, unit_names = _option_codes(parts, "unit")
    unit_of = np.array([_UNIT_CODE[u] for u in unit_names], dtype=np.int8)[unit_codes]
    has_cur = cur_codes > 0
    # ¥ with another unit (¥3人) and over-and-under (近3000多万) are conflicts the
    # scalar parser reports; leave those to it.
    agree = ~has_cur | (unit_of == -1) | (unit_of == _UNIT_CODE["CNY"])
    agree &= ~(flags["over"] & flags["under"])
    over, under, about = flags["over"], flags["under"], flags["about"]
    qc = _QUAL_CODE
    q = np.where(
        over, qc["over"], np.where(under, qc["under"], np.where(about, qc["about"], qc["exact"]))
    )

    handled[idx] = (mantissa < 2.0**53) & agree
    value[idx] = vals
    low[idx] = np.where(under, np.nan, vals)
    high[idx] = np.where(over, np.nan, vals)
    unit[idx] = np.where(has_cur, _UNIT_CODE["CNY"], unit_of)
    qual[idx] = q
    return handled, value, low, high, unit, qual


_FAST_CN_MAX = 24  # longer numerals go to the scalar parser
_FAST_CN_RE = "^[" + "".join([*_DIGITS, *_SMALL, "万", "亿"]) + f"]{{1,{_FAST_CN_MAX}}}$"
_CN_CODEPOINTS = sorted(
    [(ord(c), 1, v) for c, v in _DIGITS.items()]
    + [(ord(c), 2, v) for c, v in _SMALL.items()]
    + [(ord("万"), 3, 10**4), (ord("亿"), 3, 10**8)]
)
_CN_CP = np.array([c for c, _, _ in _CN_CODEPOINTS], dtype=np.uint32)
_CN_KIND = np.array([k for _, k, _ in _CN_CODEPOINTS], dtype=np.int8)
_CN_VALUE = np.array([v for _, _, v in _CN_CODEPOINTS], dtype=np.int64)


def _fast_chinese_integers(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Evaluate plain Chinese integer numerals (一千二百万, 十万零一, 一万二) at once.

    The state machine of :func:`_eval_chinese` runs over character positions with
    NumPy, for all texts together. Texts it does not settle (digit pairs such as
    两三, digit strings such as 二〇一三, anything the scalar parser rejects) are
    returned unhandled, so that parser reports them with its own words.
    """
    n = len(texts)
    cps = np.array(texts, dtype=f"<U{_FAST_CN_MAX}").view(np.uint32).reshape(n, _FAST_CN_MAX)
    pos = np.clip(np.searchsorted(_CN_CP, cps), 0, len(_CN_CP) - 1)
    known = _CN_CP[pos] == cps
    kind = np.where(known, _CN_KIND[pos], 0)
    val = np.where(known, _CN_VALUE[pos], 0)
    length = known.sum(axis=1)
    digit = kind == 1
    pair = digit[:, :-1] & digit[:, 1:] & (val[:, :-1] != 0)
    bad = pair.any(axis=1) | ((length > 1) & (digit.sum(axis=1) == length))

    g8, g4, section, last_small, prev_unit = (np.zeros(n, dtype=np.int64) for _ in range(5))
    number = np.full(n, -1, dtype=np.int64)  # -1: no pending digit
    has8, has4, gap, started = (np.zeros(n, dtype=bool) for _ in range(4))
    for j in range(int(length.max(initial=0))):
        k, v = kind[:, j], val[:, j]
        was_started = started.copy()
        started |= k > 0
        is_d, is_u, is_b = k == 1, k == 2, k == 3
        # a digit; 零 marks a gap
        bad |= is_d & (number >= 0)
        gap |= is_d & (v == 0)
        np.copyto(number, v, where=is_d & (v > 0))
        # 十 百 千: a missing digit is one before 十 or at the start (百万)
        implied = (v == 10) | ~was_started
        bad |= is_u & (((number < 0) & ~implied) | ((last_small > 0) & (v >= last_small)))
        np.copyto(section, section + np.where(number >= 0, number, 1) * v, where=is_u)
        # 万 亿: 亿 takes in a pending 万 group (一万二千亿)
        is_4, is_8 = is_b & (v == 10**4), is_b & (v == 10**8)
        popped = is_8 & has4
        acc = section + np.maximum(number, 0) + np.where(popped, g4, 0)
        lone = is_b & (number < 0) & (last_small == 0) & ~popped
        bad |= lone & was_started
        bad |= (is_4 & has4) | (is_8 & has8)  # the same unit twice
        np.copyto(acc, 1, where=lone)
        np.copyto(g4, 0, where=popped)
        has4 &= ~popped
        np.copyto(g4, acc * 10**4, where=is_4)
        np.copyto(g8, acc * 10**8, where=is_8)
        has4 |= is_4
        has8 |= is_8
        unit_read = is_u | is_b
        np.copyto(last_small, v, where=is_u)
        np.copyto(last_small, 0, where=is_b)
        np.copyto(prev_unit, v, where=unit_read)
        np.copyto(number, -1, where=unit_read)
        np.copyto(section, 0, where=is_b)
        gap &= ~unit_read
    abbreviated = (number > 0) & (prev_unit > 10) & ~gap
    number = np.where(abbreviated, number * (prev_unit // 10), number)
    total = g8 + g4 + section + np.maximum(number, 0)
    return ~bad, total.astype(np.float64)


_UNIT_CODE: dict[str | None, int] = {None: -1, **{u: i for i, u in enumerate(UNITS)}}
_QUAL_CODE: dict[str | None, int] = {None: -1, **{q: i for i, q in enumerate(QUALIFIERS)}}


# Cells pd.factorize can merge with a different number: True == 1, 1+0j == 1, and
# NumPy's float16/float32 compare with a float after rounding it to their precision
# (np.float32(0.0) == 1e-108). Each kind gets codes of its own.
_APART = {
    bool: 1,
    np.bool_: 1,
    complex: 2,
    np.complex64: 2,
    np.complex128: 2,
    np.clongdouble: 2,
    np.float16: 3,
    np.float32: 4,
}


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # an unhashable cell (list, bytearray) or Decimal("sNaN"): no dedup
        cells = values.to_numpy(dtype=object)
        missing = np.fromiter(map(_missing, cells), dtype=bool, count=len(cells))
        return np.where(missing, -1, np.arange(len(cells))), pd.Index(cells, dtype=object)
    cells = values.to_numpy(dtype=object) if values.dtype == object else None
    if cells is not None and not _APART.keys().isdisjoint(map(type, cells)):
        # factorize merges cells that compare equal (see _APART): keep kinds apart
        apart = np.fromiter(map(_APART.get, map(type, cells), repeat(0)), np.intp, len(cells))
        if apart[codes >= 0].any():  # (a float32 NaN is missing, and needs no code)
            rows = np.flatnonzero(codes >= 0)
            new, _ = pd.factorize(codes[rows] * 5 + apart[rows])
            codes = np.full(len(cells), -1, dtype=np.intp)
            codes[rows] = new
            first = np.empty(new.max() + 1, dtype=np.intp)
            first[new[::-1]] = rows[::-1]  # the first row of each code
            return codes, pd.Index(cells[first], dtype=object)
    return codes, pd.Index(uniques)


def _category(codes: np.ndarray, categories: pd.Index | tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(categories, dtype=str), validate=False
    )


def _error_category(errors: list[str | None], codes: np.ndarray) -> pd.Categorical:
    """Broadcast per-distinct error messages (None = no error) to the rows."""
    err_codes, err_uniques = pd.factorize(pd.Series(errors, dtype=object), use_na_sentinel=True)
    return _category(err_codes.take(codes), pd.Index(err_uniques, dtype=str))


def parse_amounts(values: pd.Series) -> pd.DataFrame:
    """Parse a column of amounts; vectorised over distinct texts.

    Parameters
    ----------
    values
        A Series of texts (numbers and missing values are accepted too).

    Returns
    -------
    pandas.DataFrame
        Columns ``value, low, high`` (float64), ``unit`` and ``qualifier``
        (category over :data:`UNITS` / :data:`QUALIFIERS`) and ``error``
        (category; NaN where the text was understood), with the input's index.

    Examples
    --------
    >>> s = pd.Series(["¥1,280.00", "1.2万", "约3万人", "abc"], index=[10, 11, 12, 13])
    >>> parse_amounts(s)[["value", "unit", "qualifier"]]
          value     unit qualifier
    10   1280.0      CNY     exact
    11  12000.0      NaN     exact
    12  30000.0  persons     about
    13      NaN      NaN       NaN
    """
    values = values if isinstance(values, pd.Series) else pd.Series(values)
    codes, uniques = _factorize(values)
    n = len(uniques)
    value = np.full(n + 1, np.nan)
    low = np.full(n + 1, np.nan)
    high = np.full(n + 1, np.nan)
    unit = np.full(n + 1, -1, dtype=np.int8)
    qual = np.full(n + 1, -1, dtype=np.int8)
    errors: list[str | None] = [None] * (n + 1)
    errors[n] = "missing value"

    # One slot per distinct text, plus a last slot for missing values: factorize
    # codes them -1, and take(-1) reads the last slot, so no remapping pass.
    handled = np.zeros(n, dtype=bool)
    if n and isinstance(uniques.dtype, pd.StringDtype):  # object columns: scalar path
        arrow = pa.array(uniques.to_numpy(dtype=object), type=pa.string())
        handled, *fast = _fast_amounts(arrow)
        for column, fast_column in zip((value, low, high, unit, qual), fast, strict=True):
            column[:n][handled] = fast_column[handled]
        rest = np.flatnonzero(~handled)
        numerals = pc.match_substring_regex(arrow.take(pa.array(rest)), _FAST_CN_RE)
        rest = rest[numerals.to_numpy(zero_copy_only=False)]
        if len(rest):
            ok, cn_values = _fast_chinese_integers(uniques[rest].tolist())
            done = rest[ok]
            handled[done] = True
            value[done] = low[done] = high[done] = cn_values[ok]
            qual[done] = _QUAL_CODE["exact"]
    for i in np.flatnonzero(~handled):
        a = parse_amount(uniques[i])
        value[i], low[i], high[i] = a.value, a.low, a.high
        unit[i], qual[i] = _UNIT_CODE[a.unit], _QUAL_CODE[a.qualifier]
        errors[i] = a.error

    return pd.DataFrame(
        {
            "value": value.take(codes),
            "low": low.take(codes),
            "high": high.take(codes),
            "unit": _category(unit.take(codes), UNITS),
            "qualifier": _category(qual.take(codes), QUALIFIERS),
            "error": _error_category(errors, codes),
        },
        index=values.index,
        copy=False,  # the columns are fresh arrays: skip consolidating them into one block
    )


# ---------------------------------------------------------------------------
# Chinese numerals out (the inverse of the parser, used in tests and teaching)
# ---------------------------------------------------------------------------

_CN_OUT = "零一二三四五六七八九"
_CN_OUT_FIN = "零壹贰叁肆伍陆柒捌玖"


def format_chinese_number(n: int, *, financial: bool = False) -> str:
    """Write a non-negative integer below 10**16 in Chinese numerals.

    Parameters
    ----------
    n
        The integer, ``0 <= n < 10**16``.
    financial
        Use the anti-fraud forms 壹贰叁 … 拾佰仟 found on invoices and contracts.

    Examples
    --------
    >>> format_chinese_number(100001)
    '十万零一'
    >>> format_chinese_number(1200, financial=True)
    '壹仟贰佰'
    >>> parse_amount(format_chinese_number(9_876_543_210_123)).value
    9876543210123.0
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 0 <= n < 10**16:
        raise ValueError(f"expected an integer 0 <= n < 10**16, got {n!r}")
    n = int(n)
    digits = _CN_OUT_FIN if financial else _CN_OUT
    small = ("", "拾", "佰", "仟") if financial else ("", "十", "百", "千")
    if n == 0:
        return digits[0]

    def four(x: int) -> str:  # 1 <= x < 10**4, inner zeros written as one 零
        out: list[str] = []
        zero = False
        for pos in (3, 2, 1, 0):
            d = x // 10**pos % 10
            if d == 0:
                zero = bool(out)
            else:
                out.append((digits[0] if zero else "") + digits[d] + small[pos])
                zero = False
        return "".join(out)

    def split(x: int, unit: int, name: str, below: Callable[[int], str]) -> str:
        high, low = divmod(x, unit)
        if high == 0:
            return below(low)
        text = below(high) + name
        if low == 0:
            return text
        return text + (digits[0] if low < unit // 10 else "") + below(low)

    def under_1e8(x: int) -> str:
        return split(x, 10**4, "万", four)

    text = split(n, 10**8, "亿", under_1e8)
    if not financial and text.startswith("一十"):
        text = text[1:]  # 一十五 is written 十五
    return text


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_NAT = pd.NaT
_MONTHS = {
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
_MON = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
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


def _small_int(text: str) -> int:
    """'7' → 7, '七' → 7, '十二' → 12, '二十二' → 22, '三十一' → 31."""
    if text.isdigit():
        return int(text)
    if text == "半":
        return 30
    return int(_eval_chinese(_chinese_tokens(text)))


def _year(text: str) -> int:
    digits = text if text.isdigit() else "".join(str(_DIGITS[c]) for c in text)
    year = int(digits)
    if len(digits) == 2:  # 15年 = 2015, as in exports; the POSIX %y pivot: 69–99 = 19xx
        year += 1900 if year >= 69 else 2000
    return year


def _span(y: int, m: int, d: int, precision: str, hh: int = 0, mi: int = 0, ss: int = 0):
    if not 1900 <= y <= 2100:
        raise _Reject(f"year {y} is outside 1900–2100")
    if precision == "day":
        if not 1 <= m <= 12:
            raise _Reject(f"month {m} is not between 1 and 12")
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            raise _Reject(f"day {d} is not in {calendar.month_name[m]} {y}")
        if not (0 <= hh < 24 and 0 <= mi < 60 and 0 <= ss < 60):
            raise _Reject(f"time {hh}:{mi:02d}:{ss:02d} is not a time of day")
        ts = pd.Timestamp(datetime(y, m, d, hh, mi, ss))
        return DateSpan(ts, ts, "day", None)
    first_month, n_months = {
        "month": (m, 1),
        "quarter": (3 * m - 2, 3),
        "half": (6 * m - 5, 6),
        "year": (1, 12),
    }[precision]
    if not 1 <= first_month <= 12:
        raise _Reject(f"month {m} is not between 1 and 12")
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
    hh = _small_int(g["hh"])
    mi = _small_int(g["mm"]) if g.get("mm") else 0
    ss = int(g["ss"]) if g.get("ss") else 0
    ampm = g.get("ampm") or g.get("ampm2")
    if ampm in ("下午", "傍晚", "晚上", "夜里", "pm") and hh < 12:
        hh += 12
    elif ampm in ("am", "凌晨") and hh == 12:
        hh = 0
    elif ampm in ("晚上", "夜里") and hh == 12:
        raise _Reject("晚上12点 is midnight: write 0点 of the day it starts")
    return hh, mi, ss


_CHINA = timezone(timedelta(hours=8))


def _to_china_time(span: DateSpan, tz: str | None) -> DateSpan:
    """Times with an offset (Z, +00:00) are converted to China time (UTC+8), kept naive."""
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
        raise _Reject(f"no year in '{shown}': pass ref_year")
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
                return _span(y, int(q) if q.isdigit() else _DIGITS[q], 1, "quarter")
            if g["d"]:
                return _span(y, _small_int(g["m"]), _small_int(g["d"]), "day", *_time(g))
            if g["m"]:
                return _span(y, _small_int(g["m"]), 1, "month")
            return _span(y, 1, 1, "year")
        month = _MONTHS[g["mon"]]
        y = _year_or_ref(g.get("y"), ref_year, shown)
        if form == "en_my":
            return _span(y, month, 1, "month")
        return _span(y, month, int(g["d"]), "day", *_time(g))
    raise _Reject(f"not a date form we know: '{shown}'")


def _date_error(message: str) -> DateSpan:
    return DateSpan(_NAT, _NAT, None, message)


def parse_date(text: object, ref_year: int | None = None) -> DateSpan:
    """Parse one date as written in Chinese or English material.

    Parameters
    ----------
    text
        ``2013年7月9日``, ``2013-07-09``, ``2013/7/9``, ``2013.7.9``, ``20130709``,
        ``July 9, 2013``, ``9 July 2013``, ``2013年7月``, ``2015Q3``,
        ``2015年第三季度``, ``2015年上半年``, ``2015H1``, ``2015-H1``, ``2013年``,
        ``2015年7月22日下午3点`` … Chinese numerals are accepted
        (``二〇一三年七月九日``), and two-digit years before 年 follow
        ``strptime``'s ``%y`` (00–68 → 20xx, 69–99 → 19xx: ``15年7月1日``).
        A date, datetime or Timestamp is taken as it is (an aware one is converted
        to China time).
    ref_year
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
    if _missing(text):
        return _date_error("missing value")
    if isinstance(text, date | np.datetime64):  # datetime and pd.Timestamp are dates too
        try:
            # microseconds, as the column version stores them: beyond year 294,276
            # they would overflow there, so they are refused here too
            ts = pd.Timestamp(text).as_unit("us")
        except (ValueError, OverflowError) as exc:  # OutOfBoundsDatetime is a ValueError
            return _date_error(f"could not read the date: {exc}")
        if ts.tz is not None:  # an aware time: China time, naive, as for text with an offset
            ts = ts.tz_convert(_CHINA).tz_localize(None)
        return DateSpan(ts, ts, "day", None)
    if not isinstance(text, str):
        return _date_error(f"expected text or a date, got {_kind(text)}")
    s, problem = _prepare(text, "a date")
    if problem:
        return _date_error(problem)
    try:
        return _parse_date_text(s, ref_year, text.strip())
    except _Reject as exc:
        return _date_error(str(exc))
    except (ArithmeticError, ValueError, KeyError, OverflowError) as exc:
        return _date_error(f"could not read the date: {exc}")


_FAST_DATES = (
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})$",
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
    r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]$",
)
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _fast_dates(uniques: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised parse of plain day forms; returns a mask and datetime64[us] days."""
    n = len(uniques)
    handled = np.zeros(n, dtype=bool)
    days = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    for pattern in _FAST_DATES:
        rest = np.flatnonzero(~handled)
        if len(rest) == 0:
            break
        parts = pc.extract_regex(uniques.take(pa.array(rest)), pattern)
        ok = parts.is_valid().to_numpy(zero_copy_only=False)
        if not ok.any():
            continue
        parts = parts.filter(pa.array(ok))
        y, m, d = (pc.cast(parts.field(k), pa.int32()).to_numpy() for k in ("y", "m", "d"))
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
    values
        A Series of texts (Timestamps and missing values are accepted too).
    ref_year
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
    codes, uniques = _factorize(values)
    n = len(uniques)
    start = np.full(n + 1, np.datetime64("NaT"), dtype="datetime64[us]")
    end = start.copy()
    precision = np.full(n + 1, -1, dtype=np.int8)
    errors: list[str | None] = [None] * (n + 1)
    errors[n] = "missing value"
    prec_code = {p: i for i, p in enumerate(PRECISIONS)}

    handled = np.zeros(n, dtype=bool)
    if n and isinstance(uniques.dtype, pd.StringDtype):  # object columns: scalar path
        arrow = pa.array(uniques.to_numpy(dtype=object), type=pa.string())
        handled, days = _fast_dates(arrow)
        start[:n][handled] = end[:n][handled] = days[handled]
        precision[:n][handled] = prec_code["day"]
    for i in np.flatnonzero(~handled):
        span = parse_date(uniques[i], ref_year)
        if span.error is None:
            start[i] = span.start.to_datetime64()
            end[i] = span.end.to_datetime64()
            precision[i] = prec_code[span.precision]
        errors[i] = span.error

    return pd.DataFrame(
        {
            "start": start.take(codes),
            "end": end.take(codes),
            "precision": _category(precision.take(codes), PRECISIONS),
            "error": _error_category(errors, codes),
        },
        index=values.index,
        copy=False,  # the columns are fresh arrays: skip consolidating them into one block
    )
