"""Rich displays for result objects: a compact HTML card for Jupyter, a short text for the rest.

Every result object of the package (a cleaning result, a simulation, a fit, a
dataset's metadata …) builds its ``_repr_html_`` and ``__repr__`` from these few
pieces, so they look alike: a title line with the key numbers first, then
collapsible sections (``<details>``), frames as small tables with their size.

The HTML is self-contained (one ``<style>`` scoped to the card's class, no
scripts), every text is escaped, and the colours inherit the notebook's own so a
card reads in light and dark themes alike.

Examples
--------
>>> html = card("Fit", [("model", "logistic"), ("n", "10")], [section("notes", text("a < b"))])
>>> "a &lt; b" in html and "<script" not in html
True
>>> print(plain("Fit", [("model", "logistic"), ("n", "10")]))
<Fit model=logistic n=10>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

import pandas as pd

__all__ = ["CSS", "card", "frame", "frame_shape", "pairs", "plain", "section", "text"]

#: The card's style: borders and shades are grey with transparency and the text
#: colour is inherited, so the card reads on a light or a dark background.
CSS = """
.mc-card{font-family:var(--jp-content-font-family,system-ui,sans-serif);font-size:13px;
line-height:1.4;color:inherit;max-width:56em;border:1px solid rgba(128,128,128,.45);
border-radius:4px;padding:.4em .7em;margin:.2em 0;background:transparent}
.mc-card .mc-title{font-weight:600;font-size:14px}
.mc-card .mc-facts{margin:.3em 0;display:flex;flex-wrap:wrap;gap:.2em 1.2em}
.mc-card .mc-fact b{font-weight:600}
.mc-card .mc-name{opacity:.75;margin-right:.3em}
.mc-card details{margin:.15em 0;border-top:1px solid rgba(128,128,128,.25);padding-top:.15em}
.mc-card summary{cursor:pointer;font-weight:600}
.mc-card summary .mc-note{font-weight:400;opacity:.75;margin-left:.5em}
.mc-card table{border-collapse:collapse;margin:.3em 0;font-size:12px;color:inherit;
background:transparent}
.mc-card th,.mc-card td{border:1px solid rgba(128,128,128,.3);padding:.1em .45em;
text-align:right;vertical-align:top;max-width:28em;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap;color:inherit;background:transparent}
.mc-card .mc-pairs td{text-align:left;white-space:normal}
.mc-card th{background:rgba(128,128,128,.14);text-align:left}
.mc-card tbody tr:nth-child(odd){background:rgba(128,128,128,.06)}
.mc-card .mc-text{white-space:pre-wrap;margin:.2em 0}
.mc-card code{font-size:12px;background:rgba(128,128,128,.14);padding:0 .25em;border-radius:3px}
"""


def text(value: object) -> str:
    r"""Return ``value`` as escaped text in a paragraph that keeps its line breaks.

    Examples
    --------
    >>> text("<b>x</b>\\ny")
    '<div class="mc-text">&lt;b&gt;x&lt;/b&gt;\\ny</div>'
    """
    return f'<div class="mc-text">{escape(str(value))}</div>'


def frame_shape(df: pd.DataFrame | pd.Series) -> str:
    """Say a frame's size in words: ``"1,234 rows × 5 columns"``.

    Examples
    --------
    >>> frame_shape(pd.DataFrame({"a": range(1234)}))
    '1,234 rows × 1 column'
    """
    rows = len(df)
    cols = 1 if isinstance(df, pd.Series) else df.shape[1]
    return f"{rows:,} row{'' if rows == 1 else 's'} × {cols:,} column{'' if cols == 1 else 's'}"


def frame(df: pd.DataFrame | pd.Series, *, rows: int = 8, index: bool = True) -> str:
    """Render the first ``rows`` rows of a frame as a small escaped HTML table.

    Examples
    --------
    >>> html = frame(pd.DataFrame({"a": ["<x>", "y", "z"]}), rows=2)
    >>> "&lt;x&gt;" in html, html.count("<tr>")
    (True, 3)
    """
    if isinstance(df, pd.Series):
        df = df.to_frame()
    head = df.head(rows)
    table = head.to_html(border=0, index=index, escape=True, max_cols=12, na_rep="—")
    more = len(df) - len(head)
    tail = f'<div class="mc-name">… {more:,} more rows</div>' if more > 0 else ""
    return table.replace(' class="dataframe"', "").replace(' style="text-align: right;"', "") + tail


def pairs(items: Mapping[str, object] | Iterable[tuple[str, object]]) -> str:
    """Render name → value pairs as a two-column table (values escaped).

    Examples
    --------
    >>> pairs({"a": 1}).count("<td>")
    2
    """
    rows = items.items() if isinstance(items, Mapping) else items
    body = "".join(f"<tr><td>{escape(str(k))}</td><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="mc-pairs"><tbody>{body}</tbody></table>'


def section(title: str, body: str, *, note: str = "", open: bool = False) -> str:
    """Wrap ``body`` (HTML already made safe) in a collapsible section.

    ``note`` (escaped) follows the title, e.g. a frame's size.

    Examples
    --------
    >>> section("clean", "<p>x</p>", note="3 rows", open=True)[:29]
    '<details open><summary>clean<'
    """
    extra = f'<span class="mc-note">{escape(note)}</span>' if note else ""
    return (
        f"<details{' open' if open else ''}><summary>{escape(title)}{extra}</summary>"
        f"{body}</details>"
    )


def card(title: str, facts: Sequence[tuple[str, object]], sections: Sequence[str] = ()) -> str:
    """Assemble a card: the title, the key numbers, then the sections.

    Parameters
    ----------
    title
        What the object is (escaped).
    facts
        The key numbers, ``(name, value)``, shown first (both escaped).
    sections
        Sections made by :func:`section`.

    Examples
    --------
    >>> html = card("T", [("rows", "3")])
    >>> html.count("<style>"), "mc-card" in html
    (1, True)
    """
    shown = "".join(
        f'<span class="mc-fact"><span class="mc-name">{escape(str(k))}</span>'
        f"<b>{escape(str(v))}</b></span>"
        for k, v in facts
    )
    return (
        f'<div class="mc-card"><style>{CSS}</style>'
        f'<div class="mc-title">{escape(title)}</div>'
        f'<div class="mc-facts">{shown}</div>{"".join(sections)}</div>'
    )


def plain(title: str, facts: Sequence[tuple[str, object]], lines: Sequence[str] = ()) -> str:
    """Write the short text form: ``<Title name=value …>`` and a few indented lines.

    Examples
    --------
    >>> print(plain("Sim", [("seed", 1)], ["orders: 3 rows × 2 columns"]))
    <Sim seed=1>
      orders: 3 rows × 2 columns
    """
    head = f"<{title}" + "".join(f" {k}={v}" for k, v in facts) + ">"
    return "\n".join([head, *(f"  {line}" for line in lines)])
