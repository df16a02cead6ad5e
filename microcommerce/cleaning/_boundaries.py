"""Chunks of an order export regrouped so that no order is split or doubled at a boundary.

Cleaning a large file part by part (``--chunksize``) decides the file's columns and
line model once, on the head of its first chunk (:func:`decide`), and cleans every
chunk with them; the rows of the order a chunk ends on are held back and cleaned with
the next chunk (:func:`whole_orders`). The partitions of a Dask frame are cleaned with
the decisions taken on its head, each regrouped with its neighbours' edge rows
(:func:`whole_partition`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning._lines import line_model_of
from microcommerce.errors import InputError
from microcommerce.io import RaggedRows, source_of

__all__ = ["DECIDE_ROWS", "decide", "whole_orders", "whole_partition"]


#: Rows of a file's first chunk cleaned to decide its roles and line model.
DECIDE_ROWS = 5_000


def decide(chunk: pd.DataFrame, clean_one: Callable) -> tuple[dict[str, Any], str | None]:
    """Decide a file's columns and line model on the head of its first chunk.

    Returns the cleaner's options that fix them (``columns=`` naming every header;
    ``lines=`` unless no order id repeats in the head) and the header of the order id;
    nothing when the head cannot be cleaned (each chunk then says why) or its header is
    not the file's first row.
    """
    try:
        report = clean_one(chunk.head(DECIDE_ROWS)).report
    except InputError:
        return {}, None
    first_row = source_of(chunk).first_row
    if first_row is not None and report.header_row != first_row - 1:
        return {}, None
    columns = {str(h): report.header_mapping.get(str(h)) for h in chunk.columns}
    order = next((h for h, c in report.header_mapping.items() if c == "order_id"), None)
    decided: dict[str, Any] = {"columns": columns}
    if report.lines != "order":  # no order repeats in the head: each part's values decide
        decided["lines"] = line_model_of(report)
    return decided, order


def whole_orders(
    chunks: Iterable[pd.DataFrame], clean_one: Callable
) -> Iterator[tuple[pd.DataFrame, dict[str, Any]]]:
    """Regroup chunks so that each holds whole orders, with the file's decisions.

    The rows of the order a chunk ends on (its last order id and the rows after it: more
    lines of that order, or goods rows continuing it) go to the next chunk.
    """
    held: pd.DataFrame | None = None
    decided: dict[str, Any] = {}
    order: str | None = None
    chunks = iter(chunks)
    chunk = next(chunks, None)
    if chunk is not None:
        decided, order = decide(chunk, clean_one)
    while chunk is not None:
        following = next(chunks, None)  # the last chunk keeps its last order
        if held is not None:
            chunk = _join(held, chunk)
        held = None
        if not _order_goes_on(chunk, following, order, decided.get("lines")):
            yield chunk, decided
        else:
            lines = decided.get("lines")
            continued = lines is not None and lines.lines == "continuation"
            cut = _last_order_start(chunk[order], continued)
            held = _rows(chunk, cut, len(chunk))
            if cut:
                yield _rows(chunk, 0, cut), decided
        chunk = following


def _order_goes_on(
    chunk: pd.DataFrame, following: pd.DataFrame | None, order: str | None, lines: Any
) -> bool:
    """Whether the next chunk starts with more rows of this chunk's last order."""
    if following is None or order is None or order not in chunk or order not in following:
        return False
    if not len(chunk) or not len(following):
        return False
    nxt = str(following[order].iloc[0]).strip() if pd.notna(following[order].iloc[0]) else ""
    if not nxt:  # an empty order id: a continuation row, or a line with its id left out
        return True
    ids = chunk[order].astype("str").str.strip().dropna()
    ids = ids[ids != ""]
    return bool(len(ids)) and ids.iloc[-1] == nxt


def _last_order_start(ids: pd.Series, continuation: bool) -> int:
    """Position where the rows of the chunk's last order begin (0: the whole chunk)."""
    text = ids.astype("str").str.strip()
    present = (text.notna() & (text != "")).to_numpy()
    if not present.any():
        return 0
    last = int(np.flatnonzero(present)[-1])
    if continuation:
        return last
    same = ((text == text.iloc[last]).to_numpy(dtype=bool, na_value=False) | ~present)[::-1]
    tail = len(same) if same.all() else int(np.argmin(same))
    return len(ids) - tail


def _rows(chunk: pd.DataFrame, start: int, stop: int) -> pd.DataFrame:
    """Rows ``start:stop`` of a chunk, its source's first row and ragged rows moved along."""
    part = chunk.iloc[start:stop].copy(deep=False)
    info = source_of(chunk)
    ragged = info.ragged
    if ragged is not None and len(ragged.rows):
        keep = (ragged.rows >= start) & (ragged.rows < stop)
        ragged = RaggedRows(ragged.rows[keep] - start, ragged.cells[keep], ragged.width)
    first = info.first_row + start if info.first_row is not None else None
    part.attrs = {
        **chunk.attrs,
        "source": dataclasses.replace(info, first_row=first, ragged=ragged),
    }
    return part


def _join(held: pd.DataFrame, chunk: pd.DataFrame) -> pd.DataFrame:
    """Put the rows held back from the chunk before ahead of the chunk (one source, in order)."""
    both = pd.concat([held, chunk], ignore_index=True)
    a, b = source_of(held), source_of(chunk)
    ragged = [r for r in (a.ragged, b.ragged) if r is not None and len(r.rows)]
    if ragged:
        shift = [0 if r is a.ragged else len(held) for r in ragged]
        ragged = RaggedRows(
            np.concatenate([r.rows + k for r, k in zip(ragged, shift, strict=True)]),
            np.concatenate([r.cells for r in ragged]),
            ragged[0].width,
        )
    both.attrs = {
        **chunk.attrs,
        "source": dataclasses.replace(b, first_row=a.first_row, ragged=ragged or None),
    }
    return both


def _carried(before: pd.DataFrame, after: pd.DataFrame, order: str, lines: Any) -> int:
    """How many leading rows of ``after`` continue the last order of ``before``."""
    if not _order_goes_on(before, after, order, lines):
        return 0
    ids = before[order].astype("str").str.strip()
    named = ids[ids.notna() & (ids != "")]
    if named.empty:  # no order begins in ``before``: nothing of its own goes on
        return 0
    last = named.iloc[-1]
    head = after[order].astype("str").str.strip()
    goes_on = (head.isna() | (head == "") | (head == last)).to_numpy(dtype=bool, na_value=True)
    return len(goes_on) if goes_on.all() else int(np.argmin(goes_on))


def whole_partition(
    part: pd.DataFrame,
    before: pd.DataFrame | None,
    after: pd.DataFrame | None,
    order: str,
    lines: Any,
) -> pd.DataFrame:
    """One Dask partition regrouped to hold whole orders, given its neighbours.

    The rows at its top that continue the previous partition's last order go with that
    partition; the rows at the next partition's top that continue its own last order
    come to it. An order spread over more than two partitions is refused (make the
    partitions larger than any order), never cut.

    Examples
    --------
    >>> a = pd.DataFrame({"单号": ["A", "B"]})
    >>> b = pd.DataFrame({"单号": ["B", "C"]})
    >>> whole_partition(a, None, b, "单号", None)["单号"].tolist()
    ['A', 'B', 'B']
    >>> whole_partition(b, a, None, "单号", None)["单号"].tolist()
    ['C']
    """
    skip = _carried(before, part, order, lines) if before is not None else 0
    if skip == len(part) and after is not None and _carried(part, after, order, lines):
        raise InputError(
            f"order {before[order].dropna().iloc[-1]!r} runs over more than two partitions "
            "of the Dask frame: repartition it into larger parts than any order"
        )
    if after is None or skip == len(part):
        return part.iloc[skip:].reset_index(drop=True) if skip else part
    take = _carried(part, after, order, lines)
    return pd.concat([part.iloc[skip:], after.iloc[:take]], ignore_index=True)
