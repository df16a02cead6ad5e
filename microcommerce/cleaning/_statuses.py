"""Order statuses and refunds: what a shop's export says happened to each order.

Platforms write an order's state in their own words: 交易成功, 交易关闭, 等待买家付款,
买家已付款，等待卖家发货 (Taobao); 已签收, 已发货，退款成功 (Pinduoduo); 待付款, 已关闭
(人人商城) … and a second column often tells the after-sale state (售后状态: 无售后或售后取消,
售后处理中, 退款成功). Both map through an alias table shipped as data
(``cleaning/data/statuses.csv``: ``field, alias, status, note``) onto small vocabularies:

``field = order`` → :data:`~microcommerce.cleaning.STATUSES`
    ``unpaid``, ``paid``, ``shipped``, ``completed``, ``cancelled``, ``closed``,
    ``refunded``, ``partially_refunded``.
``field = after_sale`` → :data:`AFTER_SALE`
    ``none`` (no after-sale, or one withdrawn or refused), ``pending`` (under way: the
    order still counts as sold), ``refunded``, ``partially_refunded``.

ERP exports add states of their own: an order 被拆分 (split) or 被合并 (merged) is ``closed``,
because its goods and money live in the orders it became, which the export lists too; 异常 is a
paid order held for a problem and stays ``paid``.

Texts are matched on their key (width, case, spaces and punctuation ignored, so
``买家已付款,等待卖家发货`` is ``买家已付款，等待卖家发货``); a cell of punctuation only (``-``)
is empty. An unknown text is never guessed: :func:`normalize_statuses` reports it and the
cleaner rejects the row, naming ``aliases={'status': {TEXT: LABEL}}`` to map it
(:func:`alias_hint`); the command line names ``--alias status:TEXT=LABEL`` instead
(:func:`cli_hints`, :func:`unknown_status_hints`).

:func:`settle_statuses` then decides each row's status and refund from the order status,
the after-sale state, the refund amount and the amount paid.

Examples
--------
>>> raw = pd.Series(["交易成功", "买家已付款,等待卖家发货", "-", "售后审核中"])
>>> labels, unknown = normalize_statuses(raw, "order")
>>> labels.tolist(), unknown.tolist()
(['completed', 'paid', nan, nan], [False, False, False, True])
"""

from __future__ import annotations

import functools
import shlex
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning._headers import header_key
from microcommerce.cleaning._schema import SOLD_STATUSES, STATUS_DTYPE, STATUSES
from microcommerce.core._resources import read_packaged_csv
from microcommerce.errors import UnknownNameError

__all__ = [
    "AFTER_SALE",
    "FIELDS",
    "alias_hint",
    "cli_hints",
    "normalize_statuses",
    "settle_statuses",
    "status_aliases",
    "status_lines",
    "status_report",
    "unknown_status_hints",
]

#: After-sale states.
AFTER_SALE: tuple[str, ...] = ("none", "pending", "refunded", "partially_refunded")
#: The two status columns an export may have, with their vocabularies.
FIELDS: dict[str, tuple[str, ...]] = {"order": STATUSES, "after_sale": AFTER_SALE}


@functools.cache
def _table() -> pd.DataFrame:
    return read_packaged_csv(__package__, "data/statuses.csv")


def status_aliases(field: str = "order") -> pd.DataFrame:
    """Return the export texts known for ``field`` (``"order"`` or ``"after_sale"``).

    Parameters
    ----------
    field : {"order", "after_sale"}, default "order"
        ``"order"`` (订单状态) or ``"after_sale"`` (售后状态, 退款状态).

    Returns
    -------
    DataFrame
        Columns ``alias, status, note`` (the note names the platform where known).

    Raises
    ------
    UnknownNameError
        For another field (also a ``KeyError``).

    Examples
    --------
    >>> status_aliases().query("alias == '交易关闭'")["status"].tolist()
    ['closed']
    """
    if field not in FIELDS:
        raise UnknownNameError(
            f"unknown status field {field!r}; expected one of {', '.join(FIELDS)}",
            name=field,
            known=list(FIELDS),
        )
    t = _table()
    return t.loc[t["field"] == field, ["alias", "status", "note"]].reset_index(drop=True)


def _known(field: str, extra: Mapping[str, str] | None) -> dict[str, str]:
    allowed = FIELDS[field]
    known = {header_key(a): s for a, s in status_aliases(field)[["alias", "status"]].to_numpy()}
    known.update({header_key(s): s for s in allowed})
    for alias, label in (extra or {}).items():
        if label not in allowed:
            vocabulary = "status" if field == "order" else field  # its name in aliases / --alias
            raise UnknownNameError(
                f"{vocabulary} alias {alias!r} = {label!r}: {label!r} is not a {field} status; "
                f"expected one of {', '.join(allowed)}",
                name=label,
                known=list(allowed),
            )
        known[header_key(alias)] = label
    return known


def alias_hint(column: str, *, cli: bool = False) -> str:
    """How to map an unknown text of a status column: in Python, or on the command line.

    Parameters
    ----------
    column
        ``"status"`` or ``"after_sale"`` (the vocabulary's name in ``aliases=`` and ``--alias``).
    cli
        Give the command line's option rather than the Python argument.

    Returns
    -------
    str

    Examples
    --------
    >>> alias_hint("status")
    "aliases={'status': {TEXT: LABEL}}"
    >>> alias_hint("after_sale", cli=True)
    '--alias after_sale:TEXT=LABEL'
    """
    return f"--alias {column}:TEXT=LABEL" if cli else f"aliases={{{column!r}: {{TEXT: LABEL}}}}"


def cli_hints(text: str) -> str:
    """Rewrite the Python hints of a cleaning summary or message in the command line's form.

    Parameters
    ----------
    text
        A summary, a rejection reason or an error message.

    Returns
    -------
    str

    Examples
    --------
    >>> cli_hints("unknown order status (map it with aliases={'status': {TEXT: LABEL}})")
    'unknown order status (map it with --alias status:TEXT=LABEL)'
    """
    for column in ("status", "after_sale"):
        text = text.replace(alias_hint(column), alias_hint(column, cli=True))
    return text


_UNKNOWN = r"^(status|after_sale): '(.*)' — unknown "


def unknown_status_hints(rejected: pd.DataFrame, *, cli: bool = False) -> list[str]:
    """One line per status text not known, with the exact option that maps it.

    Parameters
    ----------
    rejected
        The rejected rows of a cleaning (``column``, ``reason`` …).
    cli
        Write the command line's ``--alias`` rather than Python's ``aliases=``.

    Returns
    -------
    list of str
        Empty when every status text was known.

    Examples
    --------
    >>> rejected = pd.DataFrame({"reason": [
    ...     "status: '待评价' — unknown order status (map it with …)", "date: '' — bad date"]})
    >>> print(unknown_status_hints(rejected, cli=True)[0].split(", LABEL")[0])
      status '待评价' is not known (1 row): --alias 'status:待评价=LABEL'
    >>> print(unknown_status_hints(rejected)[0].split(", LABEL")[0])
      status '待评价' is not known (1 row): aliases={'status': {'待评价': LABEL}}
    """
    found = rejected["reason"].astype("str").str.extract(_UNKNOWN).dropna()
    out = []
    for (column, text), n in found.groupby([0, 1], sort=False).size().items():
        field = "order" if column == "status" else column
        if cli:
            option = "--alias " + shlex.quote(f"{column}:{text}=LABEL")
        else:
            option = f"aliases={{{column!r}: {{{text!r}: LABEL}}}}"
        rows = "row" if n == 1 else "rows"
        out.append(
            f"  {column} {text!r} is not known ({n:,} {rows}): {option}, "
            f"LABEL one of {', '.join(FIELDS[field])}"
        )
    return out


def normalize_statuses(
    raw: pd.Series, field: str = "order", extra_aliases: Mapping[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Map status texts onto the ``field``'s vocabulary (each distinct text once).

    Parameters
    ----------
    raw
        The status cells as text (missing = no status).
    field
        ``"order"`` or ``"after_sale"``.
    extra_aliases
        ``{"export text": "status"}`` added to (and overriding) the table.

    Returns
    -------
    tuple of Series
        The labels (object; NaN where the cell is empty or unknown) and a boolean mask
        of the rows whose text is unknown.

    Raises
    ------
    UnknownNameError
        When ``extra_aliases`` maps a text to a label outside the vocabulary (also a
        ``ValueError`` and a ``KeyError``).

    Examples
    --------
    >>> labels, unknown = normalize_statuses(pd.Series(["退款成功", "无售后"]), "after_sale")
    >>> labels.tolist()
    ['refunded', 'none']
    """
    known = _known(field, extra_aliases)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    keys = [header_key(u) for u in uniques]
    labels = np.array([known.get(k, np.nan) for k in keys] + [np.nan], dtype=object)
    empty = np.array([not k for k in keys] + [True])
    picked = labels[codes]
    unknown = ~empty[codes] & pd.isna(picked)
    return pd.Series(picked, index=raw.index, dtype=object), pd.Series(unknown, index=raw.index)


def settle_statuses(
    order: pd.Series, after_sale: pd.Series, refund: pd.Series, amount: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Decide each row's status and refund.

    1. An after-sale state ``refunded`` or ``partially_refunded`` overrides the order status.
    2. A refund amount given (> 0) on an order that was paid makes it ``refunded`` when it
       covers the amount paid, ``partially_refunded`` when it does not.
    3. The refund is the amount given; without one, a ``refunded`` order's whole amount
       (and 0 otherwise).

    Parameters
    ----------
    order
        Order statuses (labels of :data:`~microcommerce.cleaning.STATUSES`; NaN = none).
    after_sale
        After-sale states (:data:`AFTER_SALE`; NaN = none).
    refund
        Refund amounts given by the export (NaN = none given).
    amount
        Amounts paid.

    Returns
    -------
    tuple of Series
        The status (categorical), the refund (float) and a mask of the rows
        ``partially_refunded`` with no refund amount (the net cannot be known).

    Examples
    --------
    >>> status, refund, unknown = settle_statuses(
    ...     pd.Series(["completed", "shipped", "completed"]),
    ...     pd.Series([None, "refunded", None]),
    ...     pd.Series([50.0, None, None]), pd.Series([299.0, 29.9, 138.0]))
    >>> status.tolist(), refund.tolist()
    (['partially_refunded', 'refunded', 'completed'], [50.0, 29.9, 0.0])
    """
    status = order.astype(object).mask(after_sale == "refunded", "refunded")
    status = status.mask(after_sale == "partially_refunded", "partially_refunded")
    given = (refund > 0).fillna(False).astype(bool)
    paid = status.isna() | status.isin((*SOLD_STATUSES, "refunded"))
    status = status.mask(given & paid & (refund >= amount), "refunded")
    status = status.mask(given & paid & (refund < amount), "partially_refunded")
    full = (status == "refunded").to_numpy(dtype=bool)
    value = refund.where(refund.notna(), pd.Series(np.where(full, amount, 0.0), index=refund.index))
    no_amount = (status == "partially_refunded") & ~given
    return status.astype(STATUS_DTYPE), value.astype("float64"), no_amount


def status_report(orders: pd.DataFrame, exported: bool = True) -> dict[str, Any]:
    """Orders and money by status, and the refunds deducted from the orders counted as sold.

    Parameters
    ----------
    orders
        Clean orders with ``order_id``, ``amount``, ``refund`` and ``status``.
    exported
        Whether the export had a status or refund column at all.

    Returns
    -------
    dict
        ``{"exported": bool, "by_status": {status: {"orders", "amount"}},
        "refunds_of_sold": float}`` (only ``exported`` when it is False); orders are
        counted once however many lines they have; ``"none"`` is the orders without status.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": ["a", "a", "b"], "amount": [10.0, 5.0, 8.0],
    ...     "refund": [2.0, 0.0, 8.0], "line": [1, 2, 1], "status": pd.Categorical(
    ...         ["partially_refunded", "partially_refunded", "refunded"])})
    >>> status_report(orders)["by_status"]
    {'refunded': {'orders': 1, 'amount': 8.0}, 'partially_refunded': {'orders': 1, 'amount': 15.0}}
    """
    if not exported:
        return {"exported": False}
    label = orders["status"].astype(object).fillna("none")
    first = orders["line"] == 1 if "line" in orders.columns else ~orders["order_id"].duplicated()
    counts = first.groupby(label, sort=False).sum()  # an order counted on its first line
    money = orders["amount"].groupby(label, sort=False).sum()
    sold = orders["status"].isna() | orders["status"].isin(SOLD_STATUSES)
    return {
        "exported": True,
        "by_status": {
            str(k): {"orders": int(counts[k]), "amount": round(float(money[k]), 2)}
            for k in sorted(counts.index, key=lambda k: (*STATUSES, "none").index(k))
        },
        "refunds_of_sold": round(float(orders.loc[sold, "refund"].sum()), 2),
    }


def status_lines(report: dict[str, Any] | None) -> list[str]:
    """Write the lines of a clean summary that show a :func:`status_report`.

    Parameters
    ----------
    report
        A :func:`status_report` (None: nothing to show).

    Returns
    -------
    list of str

    Examples
    --------
    >>> status_lines({"exported": False})
    ['  status: the export has no status column: every order counts as sold']
    """
    if report is None:
        return []
    if not report["exported"]:
        return ["  status: the export has no status column: every order counts as sold"]
    width = max([len("status"), *(len(str(s)) for s in report["by_status"])])
    out = [f"  {'status':<{width + 2}}  {'orders':>9}  {'amount':>18}"]
    for status, v in report["by_status"].items():
        counted = status in SOLD_STATUSES or status == "none"
        mark = "counted as sold" if counted else "left out of sales"
        # a space always separates the columns, whatever the width of a count
        out.append(f"    {status:<{width}}  {v['orders']:>9,}  ¥{v['amount']:>17,.2f}  {mark}")
    out.append(f"  refunds deducted from the orders sold: ¥{report['refunds_of_sold']:,.2f}")
    return out
