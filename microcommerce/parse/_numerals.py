"""Numerals: evaluating runs of Chinese or English number tokens, and writing Chinese ones.

:func:`eval_chinese` reads 一千二百万, 十万零一, 一万二, 壹仟贰佰 and Arabic figures
with Chinese units (1.2万) exactly, in ``int`` while it can and ``Decimal`` once a
decimal figure takes part. :func:`format_chinese_number` is its inverse, used in tests
and teaching.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from microcommerce.errors import ParameterError, ParameterTypeError
from microcommerce.parse._text import Reject

DIGITS = {
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
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10**4, "亿": 10**8, "兆": 10**12}
NUMERAL_CHARS = "".join([*DIGITS, *SMALL, *BIG])


class Kind(StrEnum):
    """The kinds of token the amount lexer emits.

    One letter each, so a part's kinds join into a string that patterns such as
    ``"DD"`` can be searched in.
    """

    NUMBER = "N"  #: an Arabic figure (Decimal)
    DIGIT = "D"  #: a Chinese digit (int)
    VAGUE = "V"  #: 几 or 数, a digit of unknown value
    SMALL = "U"  #: 十 百 千
    BIG = "B"  #: 万 亿 兆
    WORD = "W"  #: an English number word
    SCALE = "S"  #: an English scale word (thousand, million, k, bn …)
    HUNDRED = "H"  #: English "hundred"
    POINT = "P"  #: 点, the Chinese decimal point
    ARTICLE = "A"  #: "a"/"an" as in "a million"
    SEP = "-"  #: a range separator (-, ~, 至, 到, to, or)
    YUAN = "Y"  #: 元 or 块 with more of the sum after it (三块五, 壹仟元零伍分)
    JIAO = "J"  #: 角 or 毛, a tenth of a yuan (its value: which of the two)
    FEN = "F"  #: 分, a hundredth of a yuan


Token = tuple[Kind, Any]


def chinese_tokens(s: str) -> list[Token]:
    """Tokens of a text made only of Chinese numeral characters."""
    return [
        (Kind.DIGIT, DIGITS[c])
        if c in DIGITS
        else (Kind.SMALL, SMALL[c])
        if c in SMALL
        else (Kind.BIG, BIG[c])
        for c in s
    ]


def eval_chinese(part: list[Token]) -> Any:
    """Evaluate Chinese (and Arabic-with-Chinese-unit) numerals exactly."""
    kinds = "".join([k for k, _ in part])
    if len(part) > 1 and not kinds.strip(Kind.DIGIT):  # 二〇一三: read digit by digit
        if len(part) == 2 and part[1][1] != 0:  # 五四, 一一: a typo or a pair, not 54
            raise Reject("two digits in a row are ambiguous")
        return Decimal("".join(str(v) for _, v in part))
    if Kind.POINT in kinds:
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
        if kind in (Kind.DIGIT, Kind.NUMBER):
            if kind == Kind.DIGIT and v == 0:
                if number is not None:
                    raise Reject("'零' right after a digit")
                gap = True
                continue
            if number is not None:
                raise Reject("two numbers in a row")
            if kind == Kind.NUMBER and prev_unit is not None and fractional:
                raise Reject("a number after a decimal figure and its unit is ambiguous")
            number, chinese_digit = v, kind == Kind.DIGIT
            fractional = fractional or (kind == Kind.NUMBER and v != v.to_integral_value())
        elif kind == Kind.SMALL:
            if number is None:
                if v != 10 and was_started:
                    raise Reject("a unit such as 百 or 千 needs a digit before it")
                number = 1  # 十五 = 15; a leading 百万 or 千万 means one
            if last_small is not None and v >= last_small:
                raise Reject("units out of order (e.g. 百 before 千)")
            section += number * v
            number, last_small, prev_unit, gap = None, v, v, False
        elif kind == Kind.BIG:
            if groups and groups[-1][0] == v and number is None and section == 0:
                raise Reject("the same unit (万, 亿, 兆) twice in a row")
            acc = section + (number if number is not None else 0)
            popped = False
            while groups and groups[-1][0] < v:
                acc += groups.pop()[1]
                popped = True
            if number is None and last_small is None and not popped:
                if was_started:
                    raise Reject("万, 亿 or 兆 needs a number before it")
                acc = 1  # a leading 万 or 亿 means one of it
            if groups and groups[-1][0] == v:
                raise Reject("the same unit (万, 亿, 兆) appears twice")
            groups.append((v, acc * v))
            section, number, last_small, prev_unit, gap = 0, None, None, v, False
        else:
            raise Reject("mixed Chinese and English number words")
    abbreviated = number is not None and prev_unit is not None and prev_unit > 10
    if abbreviated and chinese_digit and not gap and number < 10:
        number *= prev_unit // 10  # 一万二 = 12000, 三千五 = 3500
    return sum(g for _, g in groups) + section + (number or 0)


def _eval_point(part: list[Token]) -> Decimal:
    """一点五万: integer part, 点, digits, then at most a multiplier."""
    i = next(j for j, (k, _) in enumerate(part) if k == Kind.POINT)
    head, tail = part[:i], part[i + 1 :]
    if not head:
        raise Reject("nothing before '点'")
    digits = []
    while tail and tail[0][0] == Kind.DIGIT:
        digits.append(str(tail.pop(0)[1]))
    if not digits:
        raise Reject("no digits after '点'")
    multiplier = 1
    for kind, v in tail:
        if kind not in (Kind.SMALL, Kind.BIG):
            raise Reject("unexpected text after the decimals")
        multiplier *= v
    whole = eval_chinese(head)
    return (whole + Decimal("0." + "".join(digits))) * multiplier


def split_vague(part: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """Expand 几/数 or an adjacent increasing digit pair into low and high token lists."""
    kinds = "".join([k for k, _ in part])
    if Kind.VAGUE not in kinds and "DD" not in kinds:
        return None
    vague = [i for i, (k, _) in enumerate(part) if k == Kind.VAGUE]
    end = kinds.find(Kind.POINT) if Kind.POINT in kinds else len(part)  # decimals after 点
    pairs = [
        i
        for i in range(end - 1)
        if part[i][0] == Kind.DIGIT
        and part[i + 1][0] == Kind.DIGIT
        and 0 < part[i][1] < part[i + 1][1]
        and (i == 0 or part[i - 1][0] != Kind.DIGIT)
        and (i + 2 == end or part[i + 2][0] != Kind.DIGIT)
    ]
    if len(vague) + len(pairs) > 1:
        raise Reject("more than one vague digit")
    if vague:
        i = vague[0]
        lo, hi = (1, 9) if i > 0 and part[i - 1] == (Kind.SMALL, 10) else (2, 9)
        return (
            [*part[:i], (Kind.DIGIT, lo), *part[i + 1 :]],
            [*part[:i], (Kind.DIGIT, hi), *part[i + 1 :]],
        )
    if pairs:
        i = pairs[0]
        return (
            [*part[:i], part[i], *part[i + 2 :]],
            [*part[:i], part[i + 1], *part[i + 2 :]],
        )
    return None


ENGLISH_KINDS = (Kind.WORD, Kind.SCALE, Kind.HUNDRED, Kind.ARTICLE)


def eval_english(part: list[Token]) -> Decimal:
    total = Decimal(0)
    current: Decimal | None = None
    last_scale = math.inf
    prev: Token | None = None
    for kind, v in part:
        if kind in (Kind.NUMBER, Kind.WORD, Kind.ARTICLE):
            if current is None:
                current = Decimal(v)
            elif (
                prev is not None
                and (
                    prev[0] == Kind.HUNDRED
                    or (prev[0] == Kind.WORD and prev[1] >= 20 and prev[1] % 10 == 0)
                )
                and kind == Kind.WORD
                and v < (100 if prev[0] == Kind.HUNDRED else 10)
            ):
                current += v  # two hundred five, twenty five
            else:
                raise Reject("two numbers in a row")
        elif kind == Kind.HUNDRED:
            if current is None:
                raise Reject("'hundred' needs a number before it")
            current *= 100
        elif kind == Kind.SCALE:
            if current is None:
                raise Reject("a scale word needs a number before it")
            if v >= last_scale:
                raise Reject("scale words out of order")
            total += current * v
            current, last_scale = None, v
        else:
            raise Reject("mixed Chinese and English number words")
        prev = (kind, v)
    return total + (current or 0)


def small_int(text: str) -> int:
    """'7' → 7, '七' → 7, '十二' → 12, '二十二' → 22, '三十一' → 31, '半' → 30 (minutes)."""
    if text.isdigit():
        return int(text)
    if text == "半":
        return 30
    return int(eval_chinese(chinese_tokens(text)))


_CN_OUT = "零一二三四五六七八九"
_CN_OUT_FIN = "零壹贰叁肆伍陆柒捌玖"


def format_chinese_number(n: int, *, financial: bool = False) -> str:
    """Write a non-negative integer below 10**16 in Chinese numerals.

    Parameters
    ----------
    n : int
        The integer, ``0 <= n < 10**16``.
    financial : bool, default False
        Use the anti-fraud forms 壹贰叁 … 拾佰仟 found on invoices and contracts.

    Returns
    -------
    str
        The numeral, inner zeros written as one 零 (十万零一), 一十 shortened to 十.

    Raises
    ------
    ParameterTypeError
        If ``n`` is not an integer (also a ``TypeError`` and a ``ValueError``).
    ParameterError
        If ``n`` is out of range (also a ``ValueError``).

    Examples
    --------
    >>> format_chinese_number(100001)
    '十万零一'
    >>> format_chinese_number(1200, financial=True)
    '壹仟贰佰'
    >>> from microcommerce.parse import parse_amount
    >>> parse_amount(format_chinese_number(9_876_543_210_123)).value
    9876543210123.0
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise ParameterTypeError(f"n={n!r}: expected an integer 0 <= n < 10**16")
    if not 0 <= n < 10**16:
        raise ParameterError(f"n={n!r}: expected an integer 0 <= n < 10**16")
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
