r"""Text as keys for matching: the one normalising that every alias table goes through.

Headers (``订单编号``, ``Order ID``), platforms, categories, tiers and order statuses are all
looked up in alias tables. They are matched on a key that ignores what people vary
without meaning anything by it: full-width and half-width forms (NFKC), case, zero-width
characters, runs of spaces (:func:`matching_key`) and, for the strict form, punctuation
and spaces altogether (:func:`compact_key`).

Examples
--------
>>> matching_key("  一级\u200b代理  ")
'一级代理'
>>> compact_key(matching_key("Order ID（元）"))
'orderid元'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["compact_key", "matching_key"]

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def matching_key(text: str) -> str:
    """Make the matching key: NFKC, casefold, zero-width characters dropped, spaces collapsed.

    Parameters
    ----------
    text : str
        A label as written.

    Returns
    -------
    str
        The key.

    Examples
    --------
    >>> matching_key("ＷeChat   Pay")
    'wechat pay'
    """
    text = unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", text))
    text = unicodedata.normalize("NFKC", text.casefold())
    return _SPACES.sub(" ", text).strip()


def compact_key(key: str) -> str:
    """Drop whitespace, punctuation, symbols and control characters from a key.

    Parameters
    ----------
    key : str
        A key made by :func:`matching_key`.

    Returns
    -------
    str
        Letters, digits and marks only.

    Examples
    --------
    >>> compact_key("下单-时间 (北京)")
    '下单时间北京'
    """
    return "".join(ch for ch in key if unicodedata.category(ch)[0] not in "PSZC")
