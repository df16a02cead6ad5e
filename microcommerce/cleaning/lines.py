"""Multi-line orders: continuation rows, line numbers, an order amount split over its lines.

An order of several products appears in an export in one of four ways
(:data:`~microcommerce.cleaning.layouts.LINE_MODES`); the canonical ``orders`` table keeps
one row per line, numbered by ``line`` (1, 2 … in file order) under the same
``order_id``, each with its own product, units and amount, so the order's money is
counted once, as the sum of its lines:

- ``line_amounts``: each row already is a line with its amount (抖店's 子订单 rows).
- ``order_amount_repeated``: each row is a line but repeats the order's amount (JD POP):
  :func:`split_order_amount` shares the amount out over the lines.
- ``continuation``: rows after an order's first leave the order's cells empty (人人商城):
  :func:`fill_continuations` fills them from the order's first row.
- ``order``: one row per order; a repeated order id is an error, as before.

Examples
--------
>>> split_order_amount(pd.Series(["a", "a"]), pd.Series([238.0, 238.0]),
...                    pd.Series([138.0, 120.0]))[0].tolist()
[127.3, 110.7]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["fill_continuations", "number_lines", "split_order_amount"]


def fill_continuations(
    frame: pd.DataFrame, order_columns: list[str], live: pd.Series
) -> tuple[pd.DataFrame, pd.Series]:
    """Fill each continuation row's order cells from the first row of its order.

    A live row whose ``order_id`` is empty continues the nearest live row above it that
    has one. Rows that are not live (notes, totals …) neither start nor continue an order.

    Parameters
    ----------
    frame
        The mapped cells as text, with an ``order_id`` column.
    order_columns
        The columns that belong to the order, not to a line (id, date, status, seller …).
    live
        The rows still in play.

    Returns
    -------
    tuple
        The filled frame, and a mask of the continuation rows with no order above them.

    Examples
    --------
    >>> f = pd.DataFrame({"order_id": ["A", None, "B"], "product": ["x", "y", "z"]})
    >>> filled, orphan = fill_continuations(f, ["order_id"], pd.Series([True] * 3))
    >>> filled["order_id"].tolist(), orphan.any()
    (['A', 'A', 'B'], np.False_)
    """
    starts = live & frame["order_id"].notna()
    block = starts.cumsum()
    orphan = live & (block == 0)
    cols = [c for c in order_columns if c in frame.columns]
    rows = live & ~orphan
    filled = frame.loc[rows, cols].groupby(block[rows].to_numpy(), sort=False).ffill()
    out = frame.copy()
    out.loc[rows, cols] = filled
    return out, orphan


def number_lines(order_id: pd.Series) -> pd.Series:
    """Give the rows of each order line numbers 1, 2 … in file order.

    Parameters
    ----------
    order_id
        The order of each row.

    Returns
    -------
    Series
        ``Int32`` line numbers.

    Examples
    --------
    >>> number_lines(pd.Series(["a", "a", "b", "a"])).tolist()
    [1, 2, 1, 3]
    """
    lines = order_id.groupby(order_id.to_numpy(), sort=False).cumcount() + 1
    return lines.astype("Int32")


def split_order_amount(
    order_id: pd.Series, amount: pd.Series, weight: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Share out an order amount repeated on each of its lines, exactly to the fen.

    Each line gets ``amount × weight ÷ Σ weight`` over the order's lines (equal shares when
    the weights sum to 0), rounded down to the fen; the fen left over go one each to the
    lines with the largest remainders, so the lines add up to the order's amount.

    Parameters
    ----------
    order_id
        The order of each line.
    amount
        The order's amount, repeated on each of its lines.
    weight
        Each line's value (e.g. quantity × list price). Lines without an amount or a
        weight are left out (NaN).

    Returns
    -------
    tuple of Series
        The line amounts, and a mask of the lines of orders whose lines disagree on the
        order's amount (those are not split: their amount is NaN).

    Examples
    --------
    >>> amounts, differ = split_order_amount(pd.Series(["o", "o", "p", "p"]),
    ...     pd.Series([90.0, 90.0, 10.0, 12.0]), pd.Series([1.0, 1.0, 1.0, 1.0]))
    >>> amounts.tolist(), differ.tolist()
    ([45.0, 45.0, nan, nan], [False, False, True, True])
    """
    ok = amount.notna() & weight.notna()
    key = order_id[ok].to_numpy()
    fen = (amount[ok] * 100).round().astype("int64")
    w = weight[ok].astype("float64")
    differ = fen.groupby(key, sort=False).transform("nunique") > 1
    total = w.groupby(key, sort=False).transform("sum")
    equal = 1.0 / w.groupby(key, sort=False).transform("size")
    share = (w / total).where(total > 0, equal)
    exact = fen.astype("float64") * share
    base = np.floor(exact)
    left = (fen - base.groupby(key, sort=False).transform("sum")).round()
    rank = (exact - base).groupby(key, sort=False).rank(method="first", ascending=False)
    line_fen = (base + (rank <= left)).where(~differ)
    out = pd.Series(np.nan, index=amount.index)
    out[ok] = (line_fen / 100).to_numpy()
    bad = pd.Series(False, index=amount.index)
    bad[ok] = differ.to_numpy()
    return out, bad
