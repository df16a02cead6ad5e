"""Text from a file, quoted safely in a message: short, and with invisible characters shown.

Private: the error messages of :mod:`microcommerce.io`, :mod:`microcommerce.cleaning` and
the command line quote what a file holds through these two functions, so that a hostile
file can neither flood a message nor hide or reorder what a terminal shows. They were
public in ``microcommerce.errors`` until 0.1; that import still works, with a
:class:`DeprecationWarning`.
"""

from __future__ import annotations

import re

# Every control (Cc), format mark (Cf) and line or paragraph separator (Zl, Zp) of
# Unicode 15: zero-width characters, bidirectional marks, embeddings, overrides and
# isolates, the soft hyphen, and the tag characters (U+E0020–U+E007F), which carry
# invisible ASCII. tests/test_quote.py checks the list against the running Python's
# Unicode database, so a character a later version adds is caught there.
_INVISIBLE = re.compile(
    "["
    r"\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f"
    "]"
)
_INVISIBLE_BUT_LINES = re.compile(
    _INVISIBLE.pattern.replace("\\x00-\\x1f", "\\x00-\\x08\\x0b-\\x1f")
)


def excerpt(value: object, limit: int = 60) -> str:
    r"""Return ``value`` as a short, escaped excerpt to quote in an error message.

    Control and invisible characters are shown as escapes (``\x00``, ``\u200b``);
    text longer than ``limit`` characters is cut, saying how much was left out, so
    that a hostile file cannot flood a message.

    Parameters
    ----------
    value
        Text (or anything, by its ``str``).
    limit
        The most characters of it shown.

    Returns
    -------
    str
        The excerpt, without quotes.

    Examples
    --------
    >>> excerpt("订单号")
    '订单号'
    >>> print(excerpt("\x00" * 1_000_000, limit=4))
    \x00\x00\x00\x00… (999,996 more characters)
    """
    text = value if isinstance(value, str) else str(value)
    cut = text[:limit]
    shown = _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cut)
    more = len(text) - len(cut)
    return shown + (f"… ({more:,} more characters)" if more else "")


def escape_invisible(text: object) -> str:
    r"""Return ``text`` with control and invisible characters shown as escapes, for a terminal.

    Line ends and tabs stay; everything else :func:`excerpt` escapes does too —
    bidirectional overrides and isolates (U+202E, U+2066 …), which would reorder
    what a terminal shows, and zero-width characters (U+200B, U+2060 …), which
    would hide — whatever the length (nothing is cut).

    Parameters
    ----------
    text
        Text (or anything, by its ``str``).

    Returns
    -------
    str
        The text, safe to print.

    Examples
    --------
    >>> print(escape_invisible("amount: 'x\u202egnp.exe'\n\tnext\u2060line"))
    amount: 'x\u202egnp.exe'
        next\u2060line
    """
    shown = text if isinstance(text, str) else str(text)
    return _INVISIBLE_BUT_LINES.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), shown
    )
