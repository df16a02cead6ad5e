"""The amount grammar: a lexer driven by a table of rules, and exact evaluation.

:func:`parse_amount` normalises a text, splits it into tokens (:class:`Kind`) with a
unit, a qualifier and a sign, cuts the tokens at a range separator, expands vague
digits (几, 两三) into bounds and evaluates each side exactly. The vectorised column
version lives in :mod:`microcommerce.parse._amount_fast`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from decimal import Overflow as DecimalOverflow
from typing import Any, NamedTuple

import numpy as np

from microcommerce.parse._numerals import (
    BIG,
    DIGITS,
    NUMERAL_CHARS,
    SMALL,
    Kind,
    Token,
    chinese_tokens,
    eval_chinese,
)
from microcommerce.parse._text import Reject, kind_of, missing, prepare
from microcommerce.parse._vocabulary import (
    CLASSIFIERS,
    EN_NUMBERS,
    EN_SCALES,
    FILLERS,
    INNER_QUALIFIERS,
    LATIN,
    PREFIX_QUALIFIERS,
    PREFIX_UNITS,
    SEPARATORS,
    SUFFIX_QUALIFIERS,
    SUFFIX_UNITS,
    english,
)

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

# No amount is this large (a million 亿亿; world GDP is about 1e14 USD). Refusing
# such figures keeps every value far from float overflow, so sums and squares of
# parsed columns stay finite. Every figure the vectorised path reads is below it.
MAX_AMOUNT = 1e24
TOO_LARGE = "number too large (1e24 or more)"
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


def amount_error(message: str) -> Amount:
    """Make the :class:`Amount` of a text that could not be read, with the reason."""
    return Amount(_NAN, _NAN, _NAN, None, None, message)


# ---------------------------------------------------------------------------
# The lexer: a table of rules
# ---------------------------------------------------------------------------

_CJK_WORDS = sorted(
    {
        w
        for w in (*SUFFIX_UNITS, *PREFIX_UNITS, *PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS)
        if not w.isascii()
    }
    | {"至", "到", "点", "负", "上", *CLASSIFIERS},
    key=len,
    reverse=True,
)
_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:,\d+)*(?:\.\d+)?(?:e[+-]?\d+)?)"
    r"|(?P<word>" + "|".join(map(re.escape, _CJK_WORDS)) + ")"
    r"|(?P<digit>[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖])"
    r"|(?P<vague>[几数])"
    r"|(?P<small>[十拾百佰千仟])"
    r"|(?P<big>[万亿兆])"
    r"|(?P<word_>[a-z]+)"
    r"|(?P<space>\s+)"
    r"|(?P<char>.)",
    re.S,
)
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:e[+-]?\d+)?")


@dataclass(slots=True)
class _Lexer:
    """What the rules read and write while a text is split into tokens."""

    toks: list[Token] = field(default_factory=list)
    unit: str | None = None
    qual: str | None = None
    negative: bool = False
    seen_number: bool = False
    closed: bool = False  # a unit or a closing qualifier was read: no digits unless a range

    def push(self, kind: Kind, value: Any = None) -> None:
        self.toks.append((kind, value))
        self.seen_number = self.seen_number or kind not in (Kind.POINT, Kind.SEP)

    def set_unit(self, u: str) -> None:
        if self.unit is not None and self.unit != u:
            raise Reject(f"conflicting units {self.unit} and {u}")
        self.unit = u

    def set_qual(self, q: str) -> None:
        if self.qual is not None and self.qual != q and {self.qual, q} == {"over", "under"}:
            raise Reject("conflicting qualifiers: both over and under")
        if self.qual is None or q != "about":  # over/under are more specific than about
            self.qual = q

    def separator(self, text: str) -> None:
        if not self.seen_number:
            raise Reject(f"'{text}' before any number")
        self.push(Kind.SEP)
        self.closed = False


def _arabic(lx: _Lexer, text: str, _: str | None) -> None:
    if "," in text and not _THOUSANDS_RE.fullmatch(text):
        raise Reject(f"misplaced thousands separator in '{text}'")
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:  # an exponent beyond Decimal's range: 1e999…9
        raise Reject(
            "number too small (exponent out of range)" if "e-" in text else TOO_LARGE
        ) from None
    lx.push(Kind.NUMBER, number)


def _leading_shang(lx: _Lexer, _: str, following: str | None) -> None:
    """上百万, 上千: 'as many as', read as over one of the unit that follows."""
    if following not in ("small", "big"):
        raise Reject("'上' must be followed by 十, 百, 千, 万 or 亿")
    lx.set_qual("over")
    lx.push(Kind.DIGIT, 1)


def _suffix_unit(lx: _Lexer, text: str, _: str | None) -> None:
    lx.set_unit(SUFFIX_UNITS[text])
    lx.closed = True


def _suffix_qualifier(lx: _Lexer, text: str, _: str | None) -> None:
    lx.set_qual(SUFFIX_QUALIFIERS[text])
    lx.closed = lx.closed or text not in INNER_QUALIFIERS


def _dash(lx: _Lexer, text: str, _: str | None) -> None:
    if lx.seen_number:
        lx.separator(text)
    elif text == "-":
        lx.negative = True
    else:
        raise Reject(f"'{text}' before any number")


def _refuse(message: str) -> Callable[[_Lexer, str, str | None], None]:
    def refuse(lx: _Lexer, text: str, _: str | None) -> None:
        raise Reject(message.format(text=text))

    return refuse


class _Rule(NamedTuple):
    """When a token of regex group ``group`` passes ``test``, ``apply`` consumes it."""

    group: str
    test: Callable[[_Lexer, str], bool]
    apply: Callable[[_Lexer, str, str | None], None]


def _always(lx: _Lexer, text: str) -> bool:
    return True


# The first rule whose group and test match a token consumes it. ``word`` covers the
# Chinese words and English letters; ``char`` any other single character.
_RULES: tuple[_Rule, ...] = (
    _Rule("num", _always, _arabic),
    _Rule("digit", _always, lambda lx, t, _: lx.push(Kind.DIGIT, DIGITS[t])),
    _Rule("vague", _always, lambda lx, t, _: lx.push(Kind.VAGUE, t)),
    _Rule("small", _always, lambda lx, t, _: lx.push(Kind.SMALL, SMALL[t])),
    _Rule("big", _always, lambda lx, t, _: lx.push(Kind.BIG, BIG[t])),
    _Rule(
        "word", lambda lx, t: t in EN_NUMBERS, lambda lx, t, _: lx.push(Kind.WORD, EN_NUMBERS[t])
    ),
    _Rule("word", lambda lx, t: t in EN_SCALES, lambda lx, t, _: lx.push(Kind.SCALE, EN_SCALES[t])),
    _Rule("word", lambda lx, t: t == "hundred", lambda lx, t, _: lx.push(Kind.HUNDRED, 100)),
    _Rule(
        "word",
        lambda lx, t: t in ("a", "an") and not lx.seen_number,
        lambda lx, t, _: lx.push(Kind.ARTICLE, 1),
    ),
    _Rule("word", lambda lx, t: t == "点", lambda lx, t, _: lx.push(Kind.POINT)),
    _Rule("word", lambda lx, t: t in SEPARATORS, lambda lx, t, _: lx.separator(t)),
    _Rule(
        "word",
        lambda lx, t: t == "负" and not lx.seen_number,
        lambda lx, t, _: setattr(lx, "negative", True),
    ),
    _Rule("word", lambda lx, t: t == "上" and not lx.seen_number, _leading_shang),
    _Rule(
        "word",
        lambda lx, t: not lx.seen_number and t in PREFIX_UNITS,
        lambda lx, t, _: lx.set_unit(PREFIX_UNITS[t]),
    ),
    _Rule(
        "word",
        lambda lx, t: not lx.seen_number and t in PREFIX_QUALIFIERS,
        lambda lx, t, _: lx.set_qual(PREFIX_QUALIFIERS[t]),
    ),
    _Rule("word", lambda lx, t: lx.seen_number and t in SUFFIX_UNITS, _suffix_unit),
    _Rule("word", lambda lx, t: lx.seen_number and t in SUFFIX_QUALIFIERS, _suffix_qualifier),
    _Rule(
        "word",
        lambda lx, t: t in FILLERS or (lx.seen_number and t in CLASSIFIERS),
        lambda lx, t, _: None,
    ),
    _Rule("char", lambda lx, t: t in ("-", "~"), _dash),
    _Rule(
        "char",
        lambda lx, t: t in ("¥", "$") and not lx.seen_number,
        lambda lx, t, _: lx.set_unit(PREFIX_UNITS[t]),
    ),
    _Rule("char", lambda lx, t: t == "%" and lx.seen_number, _suffix_unit),
    _Rule(
        "char",
        lambda lx, t: t == "+",  # 300+ is more than 300; a leading + is a sign
        lambda lx, t, _: lx.set_qual("over") if lx.seen_number else None,
    ),
    _Rule("char", lambda lx, t: t == ".", _refuse("misplaced decimal point")),
    _Rule(
        "char",
        lambda lx, t: t == "/",
        _refuse("'/' separates several figures; parse them one by one"),
    ),
    _Rule("char", _always, _refuse("unexpected character '{text}'")),
)
_RULES_BY_GROUP: dict[str, tuple[_Rule, ...]] = {
    g: tuple(r for r in _RULES if r.group == g) for g in dict.fromkeys(r.group for r in _RULES)
}
_GROUP = {"word_": "word"}  # English letters are words too
_NUMBER_GROUPS = frozenset({"num", "digit", "vague", "small", "big"})


def _tokens(s: str) -> _Lexer:
    """Split normalised text into numeric tokens, a unit, a qualifier and a sign."""
    lx = _Lexer()
    matches = list(_TOKEN_RE.finditer(s))
    for i, m in enumerate(matches):
        if m.lastgroup == "space":
            continue
        group = _GROUP.get(m.lastgroup, m.lastgroup)
        text = m.group()
        if group in _NUMBER_GROUPS and lx.closed:
            raise Reject(f"'{text}' after the unit; parse one figure at a time")
        following = matches[i + 1].lastgroup if i + 1 < len(matches) else None
        rule = next((r for r in _RULES_BY_GROUP[group] if r.test(lx, text)), None)
        if rule is None:  # only words fall through: every char ends at the last rule
            where = "after" if lx.seen_number else "before"
            raise Reject(f"unexpected '{text}' {where} the number")
        rule.apply(lx, text, following)
    if not lx.seen_number:
        raise Reject("no number found")
    return lx


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def _split_vague(part: list[Token]) -> tuple[list[Token], list[Token]] | None:
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


_ENGLISH_KINDS = (Kind.WORD, Kind.SCALE, Kind.HUNDRED, Kind.ARTICLE)


def _evalenglish(part: list[Token]) -> Decimal:
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


def _eval(part: list[Token]) -> Any:
    if not part:
        raise Reject("empty side of a range")
    if any(k in _ENGLISH_KINDS for k, _ in part):
        return _evalenglish(part)
    return eval_chinese(part)


def _trailing_units(part: list[Token]) -> list[Token]:
    i = len(part)
    while i > 0 and part[i - 1][0] in (Kind.SMALL, Kind.BIG, Kind.SCALE, Kind.HUNDRED):
        i -= 1
    return part[i:]


def _magnitude_class(toks: list[Token], unit: str | None) -> bool:
    """千万级, 百万级: 'of the order of ten million', a class rather than a figure."""
    return (
        unit == "levels"
        and bool(toks)
        and toks[-1][0] in (Kind.SMALL, Kind.BIG)
        and toks[-1][1] > 10
    )


def _parse_amount_text(s: str) -> Amount:
    if not s.strip(NUMERAL_CHARS):  # only Chinese numerals: skip the tokenizer
        toks: list[Token] = chinese_tokens(s)
        if _split_vague(toks) is None:  # a plain integer, the common case
            v = float(eval_chinese(toks))
            if not abs(v) < MAX_AMOUNT:
                raise Reject(TOO_LARGE)
            return Amount(v, v, v, None, "exact", None)
        unit = qual = None
        negative = False
    else:
        lx = _tokens(s)
        toks, unit, qual, negative = lx.toks, lx.unit, lx.qual, lx.negative
        if _magnitude_class(toks, unit):
            raise Reject("an order of magnitude (千万级), not a figure")
    parts: list[list[Token]] = [[]]
    for tok in toks:
        if tok[0] == Kind.SEP:
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) > 2:
        raise Reject("more than one range separator (is this a date?)")
    if len(parts) == 2:
        lo_part, hi_part = parts
        # 3-5万, 十到二十万, two or three hundred: the upper side's trailing units that
        # the lower side lacks apply to it too; 5千-1万 shares nothing
        lo_units, hi_units = _trailing_units(lo_part), _trailing_units(hi_part)
        if hi_units[: len(lo_units)] == lo_units:
            lo_part = lo_part + hi_units[len(lo_units) :]
        if _split_vague(lo_part) or _split_vague(hi_part):
            raise Reject("a vague figure inside a range")
        low, high = _eval(lo_part), _eval(hi_part)
    else:
        split = _split_vague(parts[0])
        if split is None:
            low = high = _eval(parts[0])
        else:
            low, high = _eval(split[0]), _eval(split[1])
            if low >= high:  # e.g. 五四 read as a pair when it is not one
                raise Reject("ambiguous digits")
    if negative:
        if low != high:
            raise Reject("a negative range is not supported")
        low = high = -low
    if low > high:
        raise Reject("range bounds are reversed")
    lo_f, hi_f = float(low), float(high)
    if not (abs(lo_f) < MAX_AMOUNT and abs(hi_f) < MAX_AMOUNT):  # also inf
        raise Reject(TOO_LARGE)
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
    if missing(text):
        return amount_error("missing value")
    if not isinstance(text, str):
        kind = kind_of(text)
        if kind != "a number":  # int, float, Decimal, Fraction, NumPy numbers are read
            return amount_error(f"expected text or a number, got {kind}")
        try:
            v = float(text)  # type: ignore[arg-type]
        except OverflowError:  # an int beyond float range: never repr it (10**5000)
            return amount_error(TOO_LARGE)
        if (isinstance(text, float | np.floating) and bool(np.isinf(text))) or (
            isinstance(text, Decimal) and text.is_infinite()
        ):
            return amount_error(f"not a finite number: {v}")
        if not abs(v) < MAX_AMOUNT:
            return amount_error(TOO_LARGE)
        return Amount(v, v, v, None, "exact", None)
    s, problem = prepare(text, "an amount")
    if problem:
        return amount_error(problem)
    if LATIN.search(s):
        s = english(s)
    try:
        return _parse_amount_text(s)
    except Reject as exc:
        return amount_error(str(exc))
    except DecimalOverflow:  # 1e99999999: beyond even Decimal's exponent range
        return amount_error(TOO_LARGE)
    except (ArithmeticError, InvalidOperation, ValueError, OverflowError) as exc:
        return amount_error(f"could not compute the number: {exc}")
