"""Parse the numbers and dates found in Chinese micro-business material.

Layer: text to values. Imports only :mod:`microcommerce.errors` and :mod:`microcommerce.core`;
every layer above (cleaning, datasets, analyses, the CLI) may import it. The code lives in
private modules behind this one (machinery, which may change without notice):
``_text`` (normalising shared by both parsers), ``_numerals`` (Chinese numerals both
ways), ``_vocabulary`` (the words of amounts), ``_amount`` (the amount grammar) and
``_amount_fast`` (its vectorised column path), ``_dates`` and ``_dates_fast``,
``_columns`` (distinct texts in, rows out), ``_extract`` (every figure or date in running
text) and ``_candidates`` (figures found turned into candidate ``facts`` rows).

Two scalar parsers, :func:`parse_amount` and :func:`parse_date`, read one text each
and never raise on bad input: what they do not understand comes back as a missing
value with an ``error`` that says why. Their column versions, :func:`parse_amounts`
and :func:`parse_dates`, factorise the column, parse each distinct text once (the
common plain forms through a vectorised pyarrow path) and broadcast the results back,
so a column of millions of rows costs about as much as ``pd.factorize``.
:func:`extract_amounts` and :func:`extract_dates` find every figure or date in running
text (one row per match, like ``Series.str.extractall``), and :func:`facts_candidates`
turns the figures into candidate rows of the ``facts`` dataset.

Amounts
-------
``value`` is in base units (亿 = 1e8, 万 = 1e4, 万亿 = 兆 = 1e12, English
million/billion/trillion); arithmetic is exact (decimal) and rounded to ``float``
once, so ``1819.5亿`` is exactly ``181950000000.0``.

============  ========================================  ===========================
qualifier     written as                                bounds
============  ========================================  ===========================
``exact``     a plain figure                            ``low = high = value``
``about``     约, 大约, 大概, 左右, 上下, 来 (十来万),  ``low = high = value``
              about, around
``over``      超过, 超, 逾, 多, 余, 以上, 上(百万),     ``low = value``, ``high`` NaN
              至少, 不少于, 不低于, 起, over, more
              than, at least, exceeded, plus, ``+``
``under``     近, 将近, 接近, 不到, 不足, 以下, 以内,   ``high = value``, ``low`` NaN
              至多, 最多, 不超过, 低于, nearly,
              almost, under, less than, up to
``range``     3-5万, 3~5万, 3至5万, 1万--5万, 从8500    ``low``/``high`` the bounds,
              到3万, 两三千, 五六年, 十几万, 几十万,    ``value`` the midpoint
              five or six, between 3 and 5 million
============  ========================================  ===========================

Bounds chosen for vague Chinese counts: 几 or 数 as a leading digit means 2–9
(几十万 = 200,000–900,000; 几万 = 20,000–90,000); 几 after 十 means 1–9
(十几万 = 110,000–190,000; 二十几 = 21–29). Two adjacent increasing digits are a
range (两三千 = 2,000–3,000; 三五 = 3–5; 十五六 = 15–16); three or more digits in a
row, or any 〇, are read digit by digit (二〇一三 = 2013). A trailing lone digit
after a unit abbreviates the next lower unit (一万二 = 12,000; 三千五 = 3,500).
The lower side of a range borrows the upper side's units larger than its own
(3-5万, 十八至三十万 = 180,000–300,000), unless that reverses a range whose lower
side as written is within a factor of ten (从8500到3万 = 8,500–30,000).

Money is read in all its written forms: financial capitals with 圆/元, 角, 分 and
整/正 (壹万贰仟叁佰元零伍分 = 12,300.05), spoken 块, 毛 and 分 with the lone digit after
块 or 毛 read as the next subunit (三块五 = 3.5, 三毛五 = 0.35), and chat shorthand
(30w = 300,000, 1.5kw = 15,000,000; k is a thousand). 含 and 不含 written after a
bound (``50万元(含)以上``, ``1万(含)-5万元``) are kept in ``closed`` (one of
:data:`CLOSED`, pandas Interval's words); an unmarked side of a marked range takes
the opposite (a table of bands: 1万(含)-5万 is [1万, 5万)). A bare 万 or 亿 with no
number or qualifier, and a lone 角 or 分 (三角, 八角, 十分), are refused.

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

from microcommerce.parse._amount import CLOSED, QUALIFIERS, UNITS, Amount, parse_amount
from microcommerce.parse._amount_fast import parse_amounts
from microcommerce.parse._candidates import facts_candidates
from microcommerce.parse._dates import PRECISIONS, DateSpan, parse_date
from microcommerce.parse._dates_fast import parse_dates
from microcommerce.parse._extract import extract_amounts, extract_dates
from microcommerce.parse._numerals import format_chinese_number

__all__ = [
    "CLOSED",
    "PRECISIONS",
    "QUALIFIERS",
    "UNITS",
    "Amount",
    "DateSpan",
    "extract_amounts",
    "extract_dates",
    "facts_candidates",
    "format_chinese_number",
    "parse_amount",
    "parse_amounts",
    "parse_date",
    "parse_dates",
]
