"""The amount grammar: a lexer driven by a table of rules, and exact evaluation.

:func:`parse_amount` normalises a text, splits it into tokens (:class:`Kind`) with a
unit, a qualifier and a sign, cuts the tokens at a range separator, expands vague
digits (几, 两三) into bounds and evaluates each side exactly. The vectorised column
version lives in ``parse._amount_fast``.
"""

from __future__ import annotations

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
    ENGLISH_KINDS,
    NUMERAL_CHARS,
    SMALL,
    Kind,
    Token,
    chinese_tokens,
    eval_chinese,
    eval_english,
    split_vague,
)
from microcommerce.parse._text import Reject, kind_of, missing, prepare
from microcommerce.parse._vocabulary import (
    CLASSIFIERS,
    EN_NUMBERS,
    EN_SCALES,
    FILLERS,
    INNER_QUALIFIERS,
    LATIN,
    LETTER_UNITS,
    MARKERS,
    MONEY_WORDS,
    PREFIX_QUALIFIERS,
    PREFIX_UNITS,
    SEPARATORS,
    SUBUNITS,
    SUFFIX_QUALIFIERS,
    SUFFIX_UNITS,
    english,
)

#: The qualifiers an :class:`Amount` can carry.
QUALIFIERS: tuple[str, ...] = ("exact", "about", "over", "under", "range")
#: Which bounds of an :class:`Amount` a written 含 (included) / 不含 (excluded) closes,
#: in the words of :class:`pandas.Interval` (a missing bound counts as open).
CLOSED: tuple[str, ...] = ("both", "left", "right", "neither")
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

    ``closed`` says which bounds a written 含 or 不含 closes (one of :data:`CLOSED`),
    ``None`` when the text marks none.

    Attributes
    ----------
    value : float
        The figure in base units (万 and 亿 multiplied out): the number written,
        or a range's midpoint; NaN when the text could not be read.
    low, high : float
        The bounds the text gives: both the value for an exact or approximate
        figure, one of them NaN for an open bound (超过 has no high, 近 no low).
    unit : str or None
        One of :data:`UNITS` (``"CNY"``, ``"persons"`` …), or None when the text
        names none.
    qualifier : str or None
        One of :data:`QUALIFIERS`: ``"exact"``, ``"about"``, ``"over"``,
        ``"under"`` or ``"range"``; None when the text could not be read.
    error : str or None
        Why the text could not be read, in words; None when it could.
    closed : str or None, default None
        Which bounds the text closes: one of :data:`CLOSED`, or None.

    Examples
    --------
    >>> parse_amount("近3000万人")  # doctest: +NORMALIZE_WHITESPACE
    Amount(value=30000000.0, low=nan, high=30000000.0, unit='persons',
           qualifier='under', error=None, closed=None)
    >>> parse_amount("1万(含)-5万元").closed
    'left'
    """

    value: float
    low: float
    high: float
    unit: str | None
    qualifier: str | None
    error: str | None
    closed: str | None = None


def amount_error(message: str) -> Amount:
    """Make the :class:`Amount` of a text that could not be read, with the reason."""
    return Amount(_NAN, _NAN, _NAN, None, None, message)


# ---------------------------------------------------------------------------
# The lexer: a table of rules
# ---------------------------------------------------------------------------

_CJK_WORDS = sorted(
    {
        w
        for w in (*SUFFIX_UNITS, *PREFIX_UNITS, *PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS, *FILLERS)
        if not w.isascii()
    }
    | {"至", "到", "点", "负", "上", *CLASSIFIERS, *SUBUNITS, *MONEY_WORDS, *MARKERS},
    key=len,
    reverse=True,
)
_TOKEN_RE = re.compile(
    r"(?P<num>\d+(?:,\d+)*(?:\.\d+)?(?:e[+-]?\d+)?)"
    r"|(?P<run>-{2,}|~{2,})"
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
    money_named: bool = False  # 元, 块, 钱, ¥ or 人民币 was written (not only 角 or 分)
    marks: list[tuple[int, bool]] = field(default_factory=list)  # (side, included)

    def push(self, kind: Kind, value: Any = None) -> None:
        self.toks.append((kind, value))
        self.seen_number = self.seen_number or kind not in (Kind.POINT, Kind.SEP)

    def set_unit(self, u: str, *, named: bool = True) -> None:
        if self.unit is not None and self.unit != u:
            raise Reject(f"conflicting units {self.unit} and {u}")
        self.unit = u
        self.money_named = self.money_named or (named and u == "CNY")

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


def _yuan_if_more(lx: _Lexer, text: str, following: str | None) -> None:
    """End the figure at 元 or 块, unless more of the sum follows (三块五, 壹仟元零伍分)."""
    if following not in ("num", "digit"):
        _suffix_unit(lx, text, following)
        return
    lx.set_unit("CNY")
    lx.push(Kind.YUAN)


def _subunit(lx: _Lexer, text: str, _: str | None) -> None:
    lx.set_unit("CNY", named=False)
    lx.push(SUBUNITS[text], text)
    lx.closed = text == "分"  # 三毛五: a digit may follow 角 or 毛, never 分


def _money_word(lx: _Lexer, text: str, _: str | None) -> None:
    if text != "钱" and lx.unit != "CNY":
        raise Reject(f"'{text}' ends a sum of money (元{text}), not a figure in {lx.unit}")
    lx.set_unit("CNY")
    lx.closed = True


def _marker(lx: _Lexer, text: str, _: str | None) -> None:
    side = sum(k == Kind.SEP for k, _ in lx.toks)
    lx.marks.append((side, MARKERS[text]))


def _letter_unit(lx: _Lexer, text: str, _: str | None) -> None:
    if not lx.seen_number:
        raise Reject(f"'{text}' needs a number before it")
    for tok in LETTER_UNITS[text]:
        lx.push(*tok)


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
    _Rule("word", lambda lx, t: t in LETTER_UNITS, _letter_unit),
    _Rule("word", lambda lx, t: lx.seen_number and t in SUBUNITS, _subunit),
    _Rule("word", lambda lx, t: lx.seen_number and t in MONEY_WORDS, _money_word),
    _Rule("word", lambda lx, t: lx.seen_number and t in MARKERS, _marker),
    _Rule("word", lambda lx, t: lx.seen_number and t in ("元", "块"), _yuan_if_more),
    _Rule("word", lambda lx, t: lx.seen_number and t in SUFFIX_UNITS, _suffix_unit),
    _Rule(
        "word",
        # 十来万 and 1000来人 are about; in 三个人来 (after a unit) 来 is 'come'
        lambda lx, t: lx.seen_number and t in SUFFIX_QUALIFIERS and not (t == "来" and lx.closed),
        _suffix_qualifier,
    ),
    _Rule(
        "word",
        lambda lx, t: t in FILLERS or (lx.seen_number and t in CLASSIFIERS),
        lambda lx, t, _: None,
    ),
    _Rule("char", lambda lx, t: t in ("-", "~"), _dash),
    _Rule("run", _always, lambda lx, t, _: lx.separator(t)),
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


_MONEY_KINDS = (Kind.YUAN, Kind.JIAO, Kind.FEN)


def _subunit_digit(part: list[Token], i: int) -> int:
    """Read the one digit written before the 角, 毛 or 分 at ``part[i]``."""
    name = "分" if part[i][0] == Kind.FEN else "角 or 毛"
    if i == 0 or part[i - 1][0] not in (Kind.DIGIT, Kind.NUMBER):
        raise Reject(f"{name} needs a digit before it")
    v = part[i - 1][1]
    if not (0 <= v <= 9 and v == int(v)):
        raise Reject(f"{name} takes one digit (0 to 9), not {v}")
    return int(v)


def _eval_money(part: list[Token]) -> Any:
    """Yuan, then 角 (or 毛) and 分 of one digit each: 壹仟元零伍分, 三块五, 七毛5分."""
    rest = list(part)
    if rest[-1][0] not in _MONEY_KINDS:  # 三块五 = 3.5, 三毛五 = 0.35: the next subunit
        last = max(i for i, (k, _) in enumerate(rest) if k in _MONEY_KINDS)
        if len(rest) - last != 2:
            raise Reject("only one digit may follow 元, 块, 角 or 毛 (三块五, 三毛五)")
        rest.append((Kind.JIAO if rest[last][0] == Kind.YUAN else Kind.FEN, None))
    cents = Decimal(0)
    for kind, scale in ((Kind.FEN, Decimal("0.01")), (Kind.JIAO, Decimal("0.1"))):
        at = [i for i, (k, _) in enumerate(rest) if k == kind]
        if not at:
            continue
        if len(at) > 1 or at[0] != len(rest) - 1:
            name = "分" if kind == Kind.FEN else "角 or 毛"
            raise Reject(f"{name} written twice or out of place")
        cents += _subunit_digit(rest, at[0]) * scale
        rest = rest[: at[0] - 1]
        if rest and rest[-1] == (Kind.DIGIT, 0):  # 元零伍分, 壹仟零伍角: 零 holds a place
            rest.pop()
    if rest and rest[-1][0] == Kind.YUAN:
        rest.pop()
    if any(k in _MONEY_KINDS for k, _ in rest):
        raise Reject("元 or 块 written twice or out of place")
    return (_eval(rest) if rest else 0) + cents


def _eval(part: list[Token]) -> Any:
    if not part:
        raise Reject("empty side of a range")
    if any(k in _MONEY_KINDS for k, _ in part):
        return _eval_money(part)
    if any(k in ENGLISH_KINDS for k, _ in part):
        return eval_english(part)
    return eval_chinese(part)


_UNIT_KINDS = (Kind.SMALL, Kind.BIG, Kind.SCALE, Kind.HUNDRED)


def _trailing_units(part: list[Token]) -> list[Token]:
    i = len(part)
    while i > 0 and part[i - 1][0] in _UNIT_KINDS:
        i -= 1
    return part[i:]


def _range_sides(lo_part: list[Token], hi_part: list[Token]) -> tuple[Any, Any]:
    """Evaluate both sides of a range, the lower one borrowing the units it lacks.

    3-5万, 十到二十万, 十八至三十万, two or three hundred: the upper side's trailing
    units larger than any the lower side has apply to it too; 5千-1万 shares nothing.
    When borrowing would reverse the bounds but the lower side as written is within
    a factor of ten of the upper one (从8500到3万), it is read as written.
    """
    lo_units, hi_units = _trailing_units(lo_part), _trailing_units(hi_part)
    high = _eval(hi_part)
    if hi_units[: len(lo_units)] != lo_units:
        return _eval(lo_part), high
    largest = max((v for k, v in lo_part if k in _UNIT_KINDS), default=0)
    extra = hi_units[len(lo_units) :]
    while extra and extra[0][1] <= largest:
        extra = extra[1:]
    low = _eval(lo_part + extra)
    if extra and low > high:
        as_written = _eval(lo_part)
        if as_written <= high < as_written * 10:
            return as_written, high
    return low, high


def _closed(marks: list[tuple[int, bool]], qualifier: str) -> str | None:
    """Tell which bounds the written 含/不含 close.

    An unmarked side of a range takes the opposite of the marked one, as in a table
    of bands (1万(含)-5万, 5万(含)-10万).
    """
    if not marks:
        return None
    sides: dict[int, bool] = {}
    for side, included in marks:
        if side in sides:
            raise Reject("two 含/不含 marks on one bound")
        sides[side] = included
    if qualifier == "range":
        lo, hi = sides.get(0), sides.get(1)
        lo = (not hi) if lo is None else lo
        hi = (not lo) if hi is None else hi
    elif qualifier == "over":
        lo, hi = sides[0], False
    elif qualifier == "under":
        lo, hi = False, sides[0]
    else:
        raise Reject("含 or 不含 marks a bound: write it with 以上, 以下 or a range")
    return CLOSED[2 * (not lo) + (not hi)]


def _check_figure(parts: list[list[Token]], lx: _Lexer) -> None:
    """Refuse what has the look of a figure but names none (万, 三角, 十分)."""
    if lx.qual is None and any(p and all(k == Kind.BIG for k, _ in p) for p in parts):
        raise Reject("a bare 万 or 亿 is a unit, not a figure")
    subunits = {v for k, v in lx.toks if k in (Kind.JIAO, Kind.FEN)}
    if subunits in ({"角"}, {"分"}) and not lx.money_named:
        raise Reject(
            f"'{subunits.pop()}' alone is ambiguous (三角, 八角, 十分): "
            "write 元, 钱, or both 角 and 分"
        )


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
        _check_figure([toks], _Lexer(toks=toks))
        if split_vague(toks) is None:  # a plain integer, the common case
            v = float(eval_chinese(toks))
            if not abs(v) < MAX_AMOUNT:
                raise Reject(TOO_LARGE)
            return Amount(v, v, v, None, "exact", None)
        lx = _Lexer(toks=toks)
    else:
        lx = _tokens(s)
        toks = lx.toks
        if _magnitude_class(toks, lx.unit):
            raise Reject("an order of magnitude (千万级), not a figure")
    unit, qual, negative = lx.unit, lx.qual, lx.negative
    parts: list[list[Token]] = [[]]
    for tok in toks:
        if tok[0] == Kind.SEP:
            parts.append([])
        else:
            parts[-1].append(tok)
    if len(parts) > 2:
        raise Reject("more than one range separator (is this a date?)")
    _check_figure(parts, lx)
    if len(parts) == 2:
        lo_part, hi_part = parts
        if split_vague(lo_part) or split_vague(hi_part):
            raise Reject("a vague figure inside a range")
        low, high = _range_sides(lo_part, hi_part)
    else:
        split = split_vague(parts[0])
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
        closed = _closed(lx.marks, "range")
        return Amount(float((low + high) / 2), lo_f, hi_f, unit, "range", None, closed)
    closed = _closed(lx.marks, qual or "exact")
    if qual == "over":
        return Amount(lo_f, lo_f, _NAN, unit, "over", None, closed)
    if qual == "under":
        return Amount(lo_f, _NAN, lo_f, unit, "under", None, closed)
    return Amount(lo_f, lo_f, lo_f, unit, qual or "exact", None)


def parse_amount(text: object) -> Amount:
    """Parse one amount as written in Chinese or English market material.

    Parameters
    ----------
    text : str or float
        The figure alone, e.g. ``"约2.5亿元"``, ``"壹万贰仟叁佰元零伍分"``, ``"三块五"``,
        ``"30w上下"`` or ``"50万元(含)以上"``. Numbers are accepted as they are
        (below 1e24 in size); ``None`` and NaN give a "missing value" error.

    Returns
    -------
    Amount
        ``value``, ``low``, ``high`` (float, base units), ``unit`` (one of
        :data:`UNITS` or ``None``), ``qualifier`` (one of :data:`QUALIFIERS`, or
        ``None`` on error), ``error`` (``None`` when the text was understood) and
        ``closed`` (one of :data:`CLOSED` when the text writes 含 or 不含, else
        ``None``). It never raises on bad input.

    Examples
    --------
    >>> parse_amount("1,200万")  # doctest: +NORMALIZE_WHITESPACE
    Amount(value=12000000.0, low=12000000.0, high=12000000.0, unit=None,
           qualifier='exact', error=None, closed=None)
    >>> parse_amount("一百三十五块六角七分").value, parse_amount("1.5kw").value
    (135.67, 15000000.0)
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
