"""Which orders count as sales: paid and not cancelled, closed or fully refunded, net of refunds.

A shop's export lists every order it ever opened: unpaid ones, orders cancelled or closed,
orders refunded in full or in part. The market this package measures is what buyers
really paid for, so every analysis starts from :func:`sold_orders`:

- ``status="sold"`` (the default): orders whose ``status`` is one of
  :data:`~microcommerce.cleaning.SOLD_STATUSES` (paid, shipped, completed,
  partially refunded) or empty (the export had no status), with ``amount`` net of
  ``refund``;
- ``status="all"``: every order at its gross amount, the orders as given.

Orders without ``status`` and ``refund`` columns (the simulator's, tables cleaned before
these columns existed) all count and are returned unchanged. On pandas the result's
``attrs["status"]`` (see ``left_out``) says how many orders and how much money were left
out, by status, and how much was refunded on the orders kept; the analyses pass it on in
their own output's ``attrs["status"]``.

Examples
--------
>>> orders = pd.DataFrame({"order_id": ["a", "b", "c"], "amount": [100.0, 50.0, 80.0],
...     "refund": [0.0, 50.0, 30.0], "status": ["completed", "refunded", "partially_refunded"]})
>>> sold_orders(orders)[["order_id", "amount"]]
  order_id  amount
0        a   100.0
2        c    50.0
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from microcommerce.cleaning._schema import SOLD_STATUSES
from microcommerce.core._engine import is_dask
from microcommerce.errors import ParameterError

__all__ = ["STATUS_VIEWS", "left_out", "sold_orders", "with_status"]

#: The views of the orders an analysis can take: ``"sold"`` (default) and ``"all"``.
STATUS_VIEWS: tuple[str, ...] = ("sold", "all")


def sold_orders(orders: Any, *, status: str = "sold") -> Any:
    """Keep the orders that count as sales, with their amounts net of refunds.

    Parameters
    ----------
    orders : DataFrame or dask.dataframe.DataFrame
        Canonical orders. Without ``status`` and ``refund`` columns every order counts.
    status : {"sold", "all"}
        ``"sold"``: only the orders paid and not cancelled, closed or fully refunded
        (an empty status counts), ``amount`` minus ``refund``; ``"all"``: every order at
        its gross amount.

    Returns
    -------
    DataFrame or dask.dataframe.DataFrame
        The orders counted (a Dask frame stays lazy). A pandas result carries
        ``attrs["status"]``: ``left_out`` of ``orders``.

    Raises
    ------
    ParameterError
        For another ``status`` (also a ``ValueError``).

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": ["a", "b"], "amount": [100.0, 30.0],
    ...     "refund": [20.0, 0.0], "status": ["partially_refunded", "cancelled"]})
    >>> sold = sold_orders(orders)
    >>> sold["amount"].tolist(), sold.attrs["status"]["left_out"]
    ([80.0], {'cancelled': {'orders': 1, 'amount': 30.0}})
    >>> sold_orders(orders, status="all")["amount"].tolist()
    [100.0, 30.0]
    """
    if status not in STATUS_VIEWS:
        raise ParameterError(f"status={status!r}: expected one of {', '.join(STATUS_VIEWS)}")
    if status == "all" or not {"status", "refund"} & set(orders.columns):
        return orders
    sold = orders
    if "refund" in orders.columns:
        net = ((orders["amount"] - orders["refund"].fillna(0)) * 100).round() / 100
        sold = sold.assign(amount=net)
    if "status" in orders.columns:
        sold = sold[orders["status"].isna() | orders["status"].isin(SOLD_STATUSES)]
    if not is_dask(orders):
        sold.attrs["status"] = left_out(orders)
    return sold


def left_out(orders: pd.DataFrame) -> dict[str, Any]:
    """Count the orders and money left out of the sales by status, and the refunds deducted.

    Parameters
    ----------
    orders : DataFrame
        Canonical orders with ``status`` and/or ``refund``.

    Returns
    -------
    dict
        ``{"left_out": {status: {"orders": n, "amount": gross}}, "refunds_deducted": x}``
        (orders counted once however many lines they have; ``refunds_deducted`` is the
        money refunded on the orders kept).

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": ["a", "a", "b"], "amount": [60.0, 40.0, 30.0],
    ...     "refund": [10.0, 0.0, 0.0], "status": ["partially_refunded"] * 2 + ["unpaid"]})
    >>> left_out(orders)
    {'left_out': {'unpaid': {'orders': 1, 'amount': 30.0}}, 'refunds_deducted': 10.0}
    """
    status = orders["status"] if "status" in orders.columns else pd.Series(index=orders.index)
    refund = orders["refund"] if "refund" in orders.columns else pd.Series(0.0, orders.index)
    kept = status.isna() | status.isin(SOLD_STATUSES)
    out = orders[~kept.to_numpy(dtype=bool)]
    label = out["status"].astype(str)
    orders_by = out.groupby(label, sort=True)["order_id"].nunique()
    money_by = out.groupby(label, sort=True)["amount"].sum()
    return {
        "left_out": {
            str(k): {"orders": int(orders_by[k]), "amount": round(float(money_by[k]), 2)}
            for k in orders_by.index
        },
        "refunds_deducted": round(float(refund[kept.to_numpy(dtype=bool)].sum()), 2),
    }


def with_status(result: pd.DataFrame, orders: Any) -> pd.DataFrame:
    """Pass on what :func:`sold_orders` left out to an analysis' result.

    Parameters
    ----------
    result : DataFrame
        The analysis' output.
    orders : DataFrame or dask.dataframe.DataFrame
        The orders it ran on, as :func:`sold_orders` returned them.

    Returns
    -------
    DataFrame
        ``result``, with ``attrs["status"]`` when the orders carry one.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_id": ["a"], "amount": [5.0], "status": ["closed"]})
    >>> with_status(pd.DataFrame(), sold_orders(orders)).attrs["status"]["left_out"]
    {'closed': {'orders': 1, 'amount': 5.0}}
    """
    if not is_dask(orders) and "status" in orders.attrs:
        result.attrs["status"] = orders.attrs["status"]
    return result
