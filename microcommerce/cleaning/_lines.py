"""Multi-line orders: continuation rows, line numbers, an order amount split over its lines.

An order of several products appears in an export in one of the ways below
(``LINE_MODES``), read from the values
(:func:`continuation_model`, :func:`repeated_lines_model`; a layout's entry is a hint
used when the values cannot tell); the canonical ``orders`` table keeps
one row per line, numbered by ``line`` (1, 2 … in file order) under the same
``order_id``, each with its own product, units and amount, so the order's money is
counted once, as the sum of its lines:

- ``line_amounts``: each row already is a line with its amount (抖店's 子订单 rows).
- ``order_amount_repeated``: each row is a line but repeats the order's amount (JD POP):
  :func:`split_order_amount` shares the amount out over the lines.
- ``continuation``: rows after an order's first leave the order's cells empty (人人商城):
  :func:`fill_continuations` fills them from the order's first row; where the money is
  left empty too (``continuation_order_amount``), the order's amount is split as above.
- ``order``: one row per order; a repeated order id is rejected (and ids repeated on
  different days, or under a layout of one row per order, are read this way).

Examples
--------
>>> split_order_amount(pd.Series(["a", "a"]), pd.Series([238.0, 238.0]),
...                    pd.Series([138.0, 120.0]))[0].tolist()
[127.3, 110.7]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning._statuses import normalize_statuses
from microcommerce.parse import parse_amounts, parse_dates

__all__ = [
    "MODEL_ROWS",
    "LineModel",
    "continuation_model",
    "fill_continuations",
    "line_model_of",
    "number_lines",
    "refund_reading",
    "repeated_lines_model",
    "split_order_amount",
]


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
    # each row's own value where it has one, else its order's first row's: never a value
    # copied down from another goods row (a refund on one line is that line's alone)
    own = frame.loc[rows, cols]
    blocks = block[rows].to_numpy()
    is_first = starts[rows].to_numpy()
    heads = own[is_first].set_axis(blocks[is_first])  # one row per order, by its block
    first = heads.reindex(blocks).set_axis(own.index)
    out = frame.copy()
    out.loc[rows, cols] = own.fillna(first)
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


#: Share of the evidence that must agree before the values decide a line model.
_AGREE = 0.8
#: Rows of a file looked at to decide its line model.
MODEL_ROWS = 50_000


@dataclass(frozen=True)
class LineModel:
    """How an export writes a multi-line order, decided from its values.

    Attributes
    ----------
    lines
        One of ``LINE_MODES``.
    split_amount
        Whether each line's amount is the order's (repeated, or filled down from the
        order's first row) and is split over the lines.
    refund_per_order
        Whether a refund repeated on every line of an order is the order's one refund
        (split over the lines like the amount).
    order_cells
        The columns a continuation row leaves empty, filled from its order's first row.
    why
        The evidence, in words (shown in the summary).
    """

    lines: str
    split_amount: bool = False
    refund_per_order: bool = False
    order_cells: tuple[str, ...] = ()
    why: str = ""

    def describe(self) -> str:
        """Say the model and its evidence in one line."""
        what = {
            "order": "one row per order",
            "line_amounts": "one row per line, each with its own amount",
            "order_amount_repeated": "one row per line, the order's amount on each",
            "continuation": "goods rows under the order's first row, order cells empty",
        }[self.lines]
        money = []
        if self.split_amount:
            money.append("the order amount split over its lines")
        if self.refund_per_order:
            money.append("one refund per order, split over its lines")
        tail = f"; {', '.join(money)}" if money else ""
        return f"{self.lines} ({what}{tail}) — {self.why}"


def continuation_model(
    frame: pd.DataFrame,
    live: pd.Series,
    order_level: list[str],
    *,
    rows: int = MODEL_ROWS,
    hint: str | None = None,
) -> LineModel | None:
    """Decide whether rows with an empty order id continue the order above them.

    They do when such rows carry goods (a product, a quantity, a price or an amount) and
    also leave the order's date empty (rows of this kind before any order are rejected),
    and there are at least two of them, or they leave the amount empty too, or the layout
    says its goods rows continue their order: one stray row with money of its own is
    rejected, not added to the order above it. Money left
    empty on those rows belongs to the order (filled down and split over the lines).

    Parameters
    ----------
    frame
        The mapped cells as text, with ``order_id``.
    live
        The rows still in play.
    order_level
        The columns that belong to an order (id, date, status, seller …).
    rows
        Rows looked at, from the top.
    hint
        A layout's ``lines`` entry (``continuation…``: one such row is enough).

    Returns
    -------
    LineModel or None
        None when the file has no continuation rows.

    Examples
    --------
    >>> f = pd.DataFrame({"order_id": ["A", None, None, "B"],
    ...     "date": ["2024-01-02", None, None, "2024-01-03"],
    ...     "product": ["x", "y", "w", "z"], "amount": ["30", None, None, "9"]})
    >>> continuation_model(f, pd.Series([True] * 4), ["order_id", "date"]).order_cells
    ('order_id', 'date', 'amount')
    >>> stray = f.drop(index=2).assign(amount=["30", "500", "9"])  # one row, its own money
    >>> continuation_model(stray, pd.Series([True] * 3), ["order_id", "date"]) is None
    True
    """
    head = frame.iloc[:rows][live.iloc[:rows].to_numpy(dtype=bool)]  # no copy of the rest
    goods = [c for c in ("product", "quantity", "unit_price", "amount") if c in head]
    if head.empty or not goods:
        return None
    no_id = head["order_id"].isna() & head[goods].notna().any(axis=1)
    hinted = hint is not None and hint.startswith("continuation")
    moneyless = "amount" in head and head.loc[no_id, "amount"].isna().all()
    if not no_id.any() or (no_id.sum() < 2 and not hinted and not moneyless):
        return None
    if "date" in head and head.loc[no_id, "date"].notna().mean() > 1 - _AGREE:
        return None
    cont = head[no_id]
    money = [c for c in ("amount", "refund") if c in cont and cont[c].isna().mean() >= _AGREE]
    cells = tuple(c for c in order_level if c in frame) + tuple(money)
    why = (
        f"{int(no_id.sum()):,} goods rows with the order id and date empty follow an order's "
        "first row"
    )
    if money:
        why += f"; {' and '.join(money)} empty on them, so order-level"
    return LineModel("continuation", "amount" in money, "refund" in money, cells, why)


def repeated_lines_model(
    work: pd.DataFrame,
    hint: str | None = None,
    *,
    rows: int = MODEL_ROWS,
    refund_header: str | None = None,
) -> LineModel:
    """Decide from the values how an export whose order ids repeat writes its money.

    Rows sharing an order id on different days are no lines of one order (the ``order``
    model: a repeated id is rejected). Among the orders of several rows: when each row's
    amount is its quantity × unit
    price (most of them), the rows carry line amounts; otherwise, when the amount is the
    same text on every row of (most) orders, it is the order's amount repeated; otherwise
    line amounts (discounted lines). Whose refund a refund column holds is read by
    :func:`refund_reading`.

    Parameters
    ----------
    work
        The mapped cells as text, one column per canonical column.
    hint
        A layout's ``lines`` entry, used when the values cannot tell.
    rows
        Rows looked at, from the top.
    refund_header
        The header(s) the refund was read from (its words can say whose refund it is).

    Returns
    -------
    LineModel

    Examples
    --------
    >>> w = pd.DataFrame({"order_id": ["A", "A", "B"], "amount": ["90", "90", "10"],
    ...                   "quantity": ["1", "2", "1"], "unit_price": ["30", "30", "10"]})
    >>> m = repeated_lines_model(w)
    >>> m.lines, m.split_amount
    ('order_amount_repeated', True)
    """
    head = work.iloc[:rows]
    ids = head["order_id"]
    multi = ids.notna() & ids.duplicated(keep=False)
    if "line" in head:
        return LineModel("line_amounts", why="a line-number column numbers the lines")
    if not multi.any():
        if hint in _HINTED:
            return _hinted(hint, "no order repeats")
        return LineModel("order", why="no order id repeats")
    if hint == "order":  # the layout writes one row per order: a repeat is a conflict
        return LineModel(
            "order", why="the layout writes one row per order (a repeated id is rejected)"
        )
    sub = head[multi]
    key = sub["order_id"].to_numpy()
    n_orders = int(sub["order_id"].nunique())
    one_day = _same_day(sub, key)
    if one_day is not None and one_day < _AGREE:  # conflicting records, not lines
        why = (
            f"order ids repeat, but on different days for {1 - one_day:.0%} of them: "
            "not the lines of one order (a repeated id is rejected)"
        )
        return LineModel("order", why=why)
    same = _same_on_every_line(sub, "amount", key)
    priced = _priced_share(sub)
    if priced is not None and priced >= _AGREE:
        why = (
            f"{priced:.0%} of the lines of {n_orders:,} orders of several rows: "
            "amount = quantity × price"
        )
        model = LineModel("line_amounts", why=why)
    elif same is not None and same >= _AGREE:
        why = (
            f"the amount is the same on every row of {same:.0%} of {n_orders:,} orders "
            "of several rows"
        )
        model = LineModel("order_amount_repeated", True, why=why)
    elif hint and (same is None or same > 1 - _AGREE):  # the values cannot tell: the layout can
        why = f"the layout's hint ({hint}); the amount is the same on every row of {same or 0:.0%}"
        model = _hinted(hint, why)
    else:
        shown = "no amounts" if same is None else f"the same on every row of only {same:.0%}"
        why = (
            f"order ids repeat over {n_orders:,} orders and the amounts differ between rows "
            f"({shown})"
        )
        model = LineModel("line_amounts", why=why)
    per_order, note = refund_reading(sub, key, model.split_amount, refund_header)
    why = f"{model.why}; {note}" if note else model.why
    return dataclasses.replace(model, refund_per_order=per_order, why=why)


#: A layout's ``lines`` hint as a model: an amount written once for the order (repeated,
#: or above its goods rows) is split over the lines.
_HINTED = {
    "order_amount_repeated": ("order_amount_repeated", True),
    "continuation_order_amount": ("order_amount_repeated", True),
    "line_amounts": ("line_amounts", False),
    "continuation": ("continuation", False),
}


def _hinted(hint: str, why: str) -> LineModel:
    """Give the model a layout's hint names, when the values cannot tell."""
    lines, split = _HINTED.get(hint, ("line_amounts", False))
    return LineModel(lines, split, why=why)


def _same_day(sub: pd.DataFrame, key: np.ndarray) -> float | None:
    """Share of the repeated ids whose rows all fall on one day (lines of one order do)."""
    if "date" not in sub or sub["date"].isna().all():
        return None
    day = parse_dates(sub["date"])["start"].dt.floor("D")
    per_order = day.groupby(key, sort=False)
    return float((per_order.min() == per_order.max()).mean())


def _same_on_every_line(sub: pd.DataFrame, column: str, key: np.ndarray) -> float | None:
    if column not in sub or sub[column].isna().all():
        return None
    text = sub[column].fillna("").str.strip().groupby(key, sort=False)
    return float((text.min() == text.max()).mean())


def _priced_share(sub: pd.DataFrame) -> float | None:
    if not {"amount", "quantity", "unit_price"} <= set(sub.columns):
        return None
    amount = parse_amounts(sub["amount"])["value"]
    expected = parse_amounts(sub["quantity"])["value"] * parse_amounts(sub["unit_price"])["value"]
    both = amount.notna() & expected.notna()
    if not both.any():
        return None
    return float(((amount - expected).abs() <= 0.01 + 0.005 * amount.abs())[both].mean())


#: Words of a refund header that say a goods line's refund (checked first: 子订单 holds 订单).
_LINE_REFUND_WORDS = ("商品", "子订单", "明细", "sku", "单品", "宝贝")
#: Words of a refund header that say the order's refund.
_ORDER_REFUND_WORDS = ("订单",)


def refund_reading(
    sub: pd.DataFrame, key: np.ndarray, amount_repeated: bool, header: str | None = None
) -> tuple[bool, str]:
    """Decide whether the refund on each line of an order is the order's one refund, repeated.

    Only the refunded orders of several rows tell. A refund that differs between the
    lines of any of them is each line's own (an order's refund, repeated, is the same on
    every line). Where every one has the same refund on each line, the evidence, in turn:

    1. the refund header's words: 商品已退款金额, 子订单退款 are a line's; 订单退款金额 the order's;
    2. a refund no line could carry alone — above a line's own amount, or, with the order's
       amount on each line, above the amount over the lines — is the order's;
    3. a line with no after-sale beside one with (one line 退款成功, the other 无售后):
       the refund on the line without one is the order's;
    4. every line refunded in full by the after-sale state or the order's status, with
       each line's refund its own amount: each line's own.

    Otherwise the file cannot tell: the refund is read as the order's (split over its
    lines), and the note says so.

    Parameters
    ----------
    sub
        The mapped cells (text) of the orders of several rows.
    key
        The order of each row.
    amount_repeated
        Whether the amount on each row is the order's (not the line's).
    header
        The refund's header(s), if known.

    Returns
    -------
    tuple
        Whether the refund is one per order, and the evidence in words ("" when no
        order of several rows was refunded).

    Examples
    --------
    >>> sub = pd.DataFrame({"amount": ["50", "80", "40", "40"], "refund": ["50", "50", "5", "0"]})
    >>> refund_reading(sub, np.array(["A", "A", "B", "B"]), False)
    (False, "refunds differ between the lines of 1 of 2 refunded orders: each line's own")
    >>> refund_reading(sub.iloc[:2], np.array(["A", "A"]), False, "订单退款金额")[0]
    True
    >>> refund_reading(sub.iloc[:2], np.array(["A", "A"]), False)[1][:45]
    'the refund is the same on every line of 1 ref'
    """
    if "refund" not in sub:
        return False, ""
    value = parse_amounts(sub["refund"])["value"].fillna(0.0).set_axis(key)
    per_order = value.groupby(level=0, sort=False)
    top = per_order.max()
    refunded = top[top > 0].index
    if refunded.empty:
        return False, ""
    n = len(refunded)
    differ = (per_order.min() != top)[refunded]
    if differ.any():
        return False, (
            f"refunds differ between the lines of {int(differ.sum()):,} of {n:,} refunded "
            "orders: each line's own"
        )
    said = _refund_said(header)
    if said is not None:
        whose = "the order's refund, repeated" if said else "each line's own"
        return said, f"the refund header {header} says whose refund it is: {whose}"
    evidence = _refund_evidence(sub.set_axis(key), value, refunded, amount_repeated)
    if evidence is not None:
        return evidence
    return True, (
        f"the refund is the same on every line of {n:,} refunded orders of several rows "
        "and nothing in the file tells whether it is the order's one refund or each "
        "line's own of the same sum: read as the order's (split over its lines); if "
        "each line was refunded on its own, these refunds are undercounted (a refund "
        "header that says 商品退款 or 订单退款 decides it)"
    )


def _refund_said(header: str | None) -> bool | None:
    """Whose refund the header says: True the order's, False a line's, None it does not say."""
    words = (header or "").lower()
    if any(w in words for w in _LINE_REFUND_WORDS):
        return False
    if any(w in words for w in _ORDER_REFUND_WORDS):
        return True
    return None


def _refund_evidence(
    sub: pd.DataFrame, value: pd.Series, refunded: pd.Index, amount_repeated: bool
) -> tuple[bool, str] | None:
    """Weigh the values' evidence on a refund the same on every line (``sub`` by order)."""
    key = sub.index
    rows = key.isin(refunded)
    refund = value.to_numpy(dtype="float64")
    amount = None
    if "amount" in sub:
        amount = parse_amounts(sub["amount"])["value"].to_numpy(dtype="float64")
        lines = pd.Series(1, index=key).groupby(level=0, sort=False).transform("size")
        room = amount / lines.to_numpy() if amount_repeated else amount  # one line's most
        if (rows & (refund > room + 0.005)).any():  # NaN room: no evidence
            return True, "a refund above what one line could carry: the order's refund, repeated"
    if "after_sale" in sub:  # a line with no after-sale carries the refund too
        labels, _ = normalize_statuses(sub["after_sale"], "after_sale")
        none = pd.Series((sub["after_sale"].isna() | labels.eq("none")).to_numpy(), index=key)
        per_order = none[rows].groupby(level=0, sort=False)
        if (per_order.any() & ~per_order.all()).any():
            return True, (
                "a line with no after-sale carries the same refund as its refunded sibling: "
                "the order's refund, repeated"
            )
    full = _refunded_in_full(sub)
    if amount is not None and not amount_repeated and full is not None:
        own = pd.Series((np.abs(refund - amount) <= 0.005) & full, index=key)[rows]
        if own.groupby(level=0, sort=False).all().all():
            return False, (
                "each line of the refunded orders is refunded in full and its refund is its "
                "own amount: each line's own"
            )
    return None


def _refunded_in_full(sub: pd.DataFrame) -> np.ndarray | None:
    """Rows whose after-sale state or order status says refunded in full (None: no column)."""
    found = None
    for column, field in (("after_sale", "after_sale"), ("status", "order")):
        if column in sub:
            labels, _ = normalize_statuses(sub[column], field)
            full = labels.eq("refunded").fillna(False).to_numpy(dtype=bool)
            found = full if found is None else found | full
    return found


def line_model_of(report: Any) -> LineModel:
    """Rebuild the line model a clean report names (to clean other parts the same way).

    Parameters
    ----------
    report
        A :class:`~microcommerce.cleaning.CleanReport` of orders.

    Returns
    -------
    LineModel

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> line_model_of(SimpleNamespace(lines="order_amount_repeated", line_split={
    ...     "split_amount": True, "refund_per_order": False, "order_cells": []})).split_amount
    True
    """
    split = dict(report.line_split)
    split["order_cells"] = tuple(split.get("order_cells", ()))
    return LineModel(report.lines, **split, why="decided for the whole file")
