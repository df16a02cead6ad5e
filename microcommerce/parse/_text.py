"""Text normalising shared by the amount and date parsers, and the refusal both raise.

Everything a parser does to a text before reading it lives here: NFKC and the folds
NFKC leaves out (traditional forms, dash variants), digits of other scripts read as
ASCII digits, the length bound, and the inputs refused outright (lone surrogates,
superscript and circled numbers). :func:`missing` and :func:`kind_of` say how a
non-text input is treated and named.
"""

from __future__ import annotations

import numbers
import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

MAX_LEN = 256  # longer texts are not amounts or dates; bounding them bounds the parse time


class Reject(Exception):
    """Raised inside the parsers; turned into an ``error`` at the public boundary."""


# Traditional forms and dash variants that NFKC leaves alone.
FOLD = str.maketrans(
    {
        "萬": "万",
        "億": "亿",
        "兩": "两",
        "貳": "贰",
        "參": "叁",
        "陸": "陆",
        "圓": "元",
        "圆": "元",
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
        "錢": "钱",
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


def normalise(text: str) -> str:
    """Fold a text to the form the parsers read: NFKC, folds, ASCII digits, lower case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(FOLD)
        if _OTHER_DIGIT.search(text):
            text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    return text.strip().lower()


def _number_sign(text: str) -> str | None:
    """Find the first superscript, circled or fraction number (², ①, ½) in ``text``.

    NFKC would turn them into plain digits and silently misread the figure
    (10² as 102, ①② as 12), so they are refused instead.
    """
    if unicodedata.is_normalized("NFKC", text):  # NFKC changes every one of them
        return None
    return next((c for c in text if c > "\x7f" and unicodedata.category(c) == "No"), None)


def prepare(text: str, what: str) -> tuple[str, str | None]:
    """Normalised text, and why it cannot be parsed at all (empty, too long) or None."""
    s = normalise(text)
    if not s:
        return s, "empty text"
    if len(s) > MAX_LEN:  # bounds the parse time of any one text
        return s, f"text of {len(s)} characters is too long for {what}"
    if not text.isascii():
        if _SURROGATE.search(text):  # errors quote the text; keep them encodable
            return s, "not valid Unicode (a lone surrogate such as '\\udc80')"
        if sign := _number_sign(text):
            return s, f"'{sign}' is a superscript, circled or fraction number, not a digit"
    return s, None


class _CharFold(dict[int, str]):
    """``str.translate`` table folding one character to one character, built on demand.

    A character whose normal form is one other character (full-width ``１``, ``萬``,
    Arabic-Indic ``٣``, ``Ａ``) is replaced by it, lower-cased; every other character
    (superscripts, ligatures, characters whose folding changes the length) stays,
    so offsets into the folded text are offsets into the original.
    """

    def __missing__(self, code: int) -> str:
        c = chr(code)
        folded = c
        if unicodedata.category(c) != "No":  # ², ① and ½ must not become digits
            folded = unicodedata.normalize("NFKC", c).translate(FOLD)
            if len(folded) == 1 and _OTHER_DIGIT.match(folded):
                folded = str(unicodedata.decimal(folded))
            folded = folded.lower()
        self[code] = out = folded if len(folded) == 1 else c
        return out


_CHAR_FOLD = _CharFold()


def fold_in_place(text: str) -> str:
    """Fold ``text`` character by character, keeping its length (for offsets).

    Examples
    --------
    >>> fold_in_place("１２萬圓，ＵＳ$")
    '12万元,us$'
    """
    return text.lower() if text.isascii() else text.translate(_CHAR_FOLD)


_INEXACT = (float, complex, np.floating, np.complexfloating)


def missing(text: object) -> bool:
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


def kind_of(value: object) -> str:
    """Name a non-text input by its kind, for errors.

    By kind, so that a value and the NumPy scalar a column turns it into
    (``True``/``np.True_``, ``5``/``np.int64(5)``) read alike.
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
