"""Tables for reading: money in 亿元 or 万元, counts as integers, shares as percent.

pandas shows a float column in scientific notation as soon as one value is large
(``9.520000e+10`` beside ``99273312.52``). :func:`readable` formats a table for a
reader instead and returns a pandas ``Styler`` (what a notebook displays): money
scaled to the unit named for it, with thousands separators; counts as whole numbers;
shares as percent; every other number in fixed notation; missing values as a dash.
The column headers say the unit. The data are not changed: ``styler.data`` is the
table as given (with the renamed headers).

:data:`TABLE_CSS` is the stylesheet the report pages carry for all their tables: a
wide table scrolls inside its output cell instead of spilling over the page, and a
long text cell is cut to one line, the whole text shown on hover — each row stays
one line high. :func:`clip_cells` marks those cells in a page's HTML.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"year": [2015, 2016], "value": [1.8195e11, 3.6073e11],
...                    "sellers": [12_570_000.0, 15_350_000.0], "share": [0.047, 0.07]})
>>> print(readable(df, money={"value": "亿元"}, counts=["sellers"], shares=["share"],
...                fmt="{:,.1f}").to_string(delimiter=" | "))
year | value (亿元) | sellers | share
2015 | 1,819.5 | 12,570,000 | 4.7%
2016 | 3,607.3 | 15,350,000 | 7.0%
<BLANKLINE>
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from microcommerce.errors import UnknownNameError

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = ["MONEY_UNITS", "TABLE_CSS", "clip_cells", "readable"]

#: The money units :func:`readable` knows, and how many yuan (or dollars) each is.
MONEY_UNITS: dict[str, float] = {
    "元": 1.0,
    "万元": 1e4,
    "亿元": 1e8,
    "USD": 1.0,
    "万美元": 1e4,
    "亿美元": 1e8,
}

#: CSS for the report's tables: wide ones scroll in their cell, a cell is one line
#: (long text cut, :func:`clip_cells`), the headers wrap.
TABLE_CSS = (
    ".jp-OutputArea-output{overflow-x:auto;max-width:100%}"
    ".jp-RenderedHTMLCommon table{table-layout:auto}"
    ".jp-RenderedHTMLCommon th{white-space:normal}"
    ".jp-RenderedHTMLCommon td{white-space:nowrap}"
    ".jp-RenderedHTMLCommon td.mc-text{text-align:left}"
    ".mc-clip{max-width:20em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}"
)

#: A table cell holding plain text (no markup) of ``{min}`` characters or more.
_CELL = r"<(td|th)((?:\s[^>]*)?)>([^<]{%d,})</\1>"
_THEAD = re.compile(r"(<thead\b.*?</thead>)", re.S)


def clip_cells(page: str, *, longer_than: int = 24) -> str:
    """Cut long text cells of the tables in ``page`` to one line, the whole text on hover.

    Every body cell (``td``, or a row header ``th``) whose plain text has more than
    ``longer_than`` characters gets its text in a ``<div class="mc-clip">`` (one line,
    20 em at most, an ellipsis where cut: :data:`TABLE_CSS`) and the whole text in its
    ``title`` attribute. Column headers (in ``<thead>``), cells with markup and cells
    that have a title already are left as they are.

    Parameters
    ----------
    page
        HTML: a page or a table.
    longer_than
        Cells with at most this many characters are not touched.

    Returns
    -------
    str
        The HTML with long cells marked.

    Examples
    --------
    >>> print(clip_cells("<td class='x'>中国互联网协会微商工作组 (inferred from the page)</td>"))
    ... # doctest: +NORMALIZE_WHITESPACE
    <td class='x' title="中国互联网协会微商工作组 (inferred from the page)"><div
    class="mc-clip">中国互联网协会微商工作组 (inferred from the page)</div></td>
    >>> clip_cells("<td>1.14 trillion yuan</td><td><b>bold, marked up, left alone</b></td>")
    '<td>1.14 trillion yuan</td><td><b>bold, marked up, left alone</b></td>'
    >>> clip_cells("<thead><tr><th>a column header that is rather long</th></tr></thead>")
    '<thead><tr><th>a column header that is rather long</th></tr></thead>'
    """
    cell = re.compile(_CELL % (longer_than + 1))

    def mark(match: re.Match[str]) -> str:
        tag, attributes, text = match.groups()
        if "title=" in attributes or not text.strip():
            return match.group(0)
        title = html.escape(html.unescape(text), quote=True)
        return f'<{tag}{attributes} title="{title}"><div class="mc-clip">{text}</div></{tag}>'

    parts = _THEAD.split(page)
    return "".join(p if p.startswith("<thead") else cell.sub(mark, p) for p in parts)


_DASH = "—"


def _date(when: pd.Timestamp) -> str:
    return (
        when.strftime("%Y-%m-%d")
        if (when.hour, when.minute, when.second) == (0, 0, 0)
        else str(when)
    )


def _missing(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    unknown = [c for c in columns if c not in df.columns]
    if unknown:
        raise UnknownNameError(
            f"{what}: no column {unknown} in the table; it has {list(df.columns)}",
            name=unknown[0],
            known=[str(c) for c in df.columns],
        )


def readable(
    df: pd.DataFrame,
    *,
    money: Mapping[str, str] | None = None,
    counts: Sequence[str] = (),
    shares: Sequence[str] = (),
    percent: Sequence[str] = (),
    fmt: str = "{:,.2f}",
    index: bool = False,
) -> Styler:
    """Format ``df`` for reading: units in the headers, no scientific notation.

    Parameters
    ----------
    df : DataFrame
        The table; it is not changed.
    money : mapping of str to str, optional
        Columns of amounts in yuan (or US dollars) and the unit to show each in, one of
        ``MONEY_UNITS`` (``{"value": "亿元"}``); the header gets the unit.
    counts : sequence of str, default ()
        Columns of counts, shown as whole numbers with thousands separators (other
        integer columns, such as years and tiers, are shown as they are).
    shares : sequence of str, default ()
        Columns of fractions (0.25), shown as percent (``25.0%``).
    percent : sequence of str, default ()
        Columns already in percent (25.0), shown with a ``%`` sign.
    fmt : str, default "{:,.2f}"
        The format of money and of every other float column. Dates at midnight are
        shown as dates (``2015-03-31``), without the time.
    index : bool, default False
        Show the index (hidden by default: a row number says nothing to a reader).

    Returns
    -------
    pandas.io.formats.style.Styler
        The formatted table; text columns are left-aligned and wrap.

    Raises
    ------
    UnknownNameError
        A named column is not in the table, or a money unit is not one of
        ``MONEY_UNITS`` (also a ``KeyError`` and a ``ValueError``).

    Examples
    --------
    >>> df = pd.DataFrame({"tier": [1, 2], "units": [89590.0, np.nan], "mean": [2.5e7, 0.25],
    ...                    "period": pd.to_datetime(["2015-03-31", "2015-06-30"])})
    >>> print(readable(df, counts=["units"]).to_string(delimiter=" | "))
    tier | units | mean | period
    1 | 89,590 | 25,000,000.00 | 2015-03-31
    2 | — | 0.25 | 2015-06-30
    <BLANKLINE>
    >>> readable(df, money={"units": "千元"})
    Traceback (most recent call last):
    ...
    microcommerce.errors.UnknownNameError: money={'units': '千元'}: unit '千元' is not one of ...
    """
    money = dict(money or {})
    for what, columns in [
        ("money", list(money)),
        ("counts", counts),
        ("shares", shares),
        ("percent", percent),
    ]:
        _missing(df, columns, what)
    for column, unit in money.items():
        if unit not in MONEY_UNITS:
            raise UnknownNameError(
                f"money={{{column!r}: {unit!r}}}: unit {unit!r} is not one of "
                f"{', '.join(MONEY_UNITS)}",
                name=unit,
                known=list(MONEY_UNITS),
            )
    shown = df.assign(**{c: df[c] / MONEY_UNITS[u] for c, u in money.items()})
    shown = shown.rename(columns={c: f"{c} ({u})" for c, u in money.items()})
    formats: dict[str, str] = {}
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            formats[column] = fmt
        elif pd.api.types.is_datetime64_any_dtype(shown[column]):
            formats[column] = _date
    formats.update({c: "{:,.0f}" for c in counts})
    formats.update({c: "{:.1%}" for c in shares})
    formats.update({c: "{:.1f}%" for c in percent})
    styler = shown.style.format(formats, na_rep=_DASH)
    text = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
    if text:
        styler = styler.set_td_classes(
            pd.DataFrame(
                np.where(shown.columns.isin(text), "mc-text", "")[None, :].repeat(len(shown), 0),
                index=shown.index,
                columns=shown.columns,
            )
        )
    return styler if index else styler.hide(axis="index")
