"""The vectorised amount path: plain forms of a whole column parsed at once.

:func:`parse_amounts` factorises a column and parses each distinct text once. The
plain forms most columns hold (``¥1,280.00``, ``约3000多万人``, ``一千二百万``) are read
by pyarrow regular expressions and NumPy arithmetic over all texts together; every
other text goes through :func:`~microcommerce.parse.parse_amount`, so the
column gives row for row what the scalar parser gives.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from microcommerce.parse._amount import CLOSED, QUALIFIERS, UNITS, parse_amount
from microcommerce.parse._columns import category, error_table, factorize, spread, text_array
from microcommerce.parse._numerals import DIGITS, SMALL

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
_FAST_CN_RE = "^[" + "".join([*DIGITS, *SMALL, "万", "亿"]) + f"]{{1,{_FAST_CN_MAX}}}$"
_CN_CODEPOINTS = sorted(
    [(ord(c), 1, v) for c, v in DIGITS.items()]
    + [(ord(c), 2, v) for c, v in SMALL.items()]
    + [(ord("万"), 3, 10**4), (ord("亿"), 3, 10**8)]
)
_CN_CP = np.array([c for c, _, _ in _CN_CODEPOINTS], dtype=np.uint32)
_CN_KIND = np.array([k for _, k, _ in _CN_CODEPOINTS], dtype=np.int8)
_CN_VALUE = np.array([v for _, _, v in _CN_CODEPOINTS], dtype=np.int64)


def _fast_chinese_integers(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Evaluate plain Chinese integer numerals (一千二百万, 十万零一, 一万二) at once.

    The state machine of ``eval_chinese`` runs over
    character positions with NumPy, for all texts together. Texts it does not settle
    (digit pairs such as 两三, digit strings such as 二〇一三, anything the scalar
    parser rejects) are returned unhandled, so that parser reports them with its own words.
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
    bad |= (kind == 3).sum(axis=1) == length  # 万, 亿, 万亿 alone: a unit, not a figure

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
_CLOSED_CODE: dict[str | None, int] = {None: -1, **{c: i for i, c in enumerate(CLOSED)}}


def parse_amounts(values: pd.Series) -> pd.DataFrame:
    """Parse a column of amounts; vectorised over distinct texts.

    Parameters
    ----------
    values : Series
        A Series of texts (numbers and missing values are accepted too).

    Returns
    -------
    pandas.DataFrame
        Columns ``value, low, high`` (float64), ``unit`` and ``qualifier``
        (category over :data:`UNITS` / :data:`QUALIFIERS`), ``error``
        (category; NaN where the text was understood) and ``closed`` (category
        over :data:`CLOSED`; NaN where no 含/不含 is written), with the input's
        index.

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
    codes, uniques = factorize(values)
    n = len(uniques)
    value = np.full(n + 1, np.nan)
    low = np.full(n + 1, np.nan)
    high = np.full(n + 1, np.nan)
    unit = np.full(n + 1, -1, dtype=np.int8)
    qual = np.full(n + 1, -1, dtype=np.int8)
    closed = np.full(n + 1, -1, dtype=np.int8)  # the fast paths read no 含/不含
    errors: list[str | None] = [None] * (n + 1)
    errors[n] = "missing value"

    # One slot per distinct text, plus a last slot for missing values: factorize
    # codes them -1, and take(-1) reads the last slot, so no remapping pass.
    handled = np.zeros(n, dtype=bool)
    arrow = text_array(uniques) if n else None  # other cells (numbers, dates): scalar path
    if arrow is not None:
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
    cells = uniques.to_numpy(dtype=object)  # indexing a list, not an Arrow-backed Index
    for i in np.flatnonzero(~handled):
        a = parse_amount(cells[i])
        value[i], low[i], high[i] = a.value, a.low, a.high
        unit[i], qual[i] = _UNIT_CODE[a.unit], _QUAL_CODE[a.qualifier]
        closed[i] = _CLOSED_CODE[a.closed]
        errors[i] = a.error

    error, error_names = error_table(errors)
    tables = {"value": value, "low": low, "high": high, "unit": unit, "qualifier": qual}
    rows = spread({**tables, "error": error, "closed": closed}, codes)
    return pd.DataFrame(
        {
            "value": rows["value"],
            "low": rows["low"],
            "high": rows["high"],
            "unit": category(rows["unit"], UNITS),
            "qualifier": category(rows["qualifier"], QUALIFIERS),
            "error": category(rows["error"], error_names),
            "closed": category(rows["closed"], CLOSED),
        },
        index=values.index,
        copy=False,  # the columns are fresh arrays: skip consolidating them into one block
    )
