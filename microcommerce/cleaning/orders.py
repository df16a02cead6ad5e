"""The steps of cleaning that only orders have, once each column is parsed.

- amount and unit price derived from each other, ``kind`` from the buyer's tier
  (:func:`derive_orders`);
- the lines of multi-line orders numbered, or an order amount repeated on each line
  split over them, and each row's status and refund settled (:func:`settle_orders`).

Both take the parsed columns (``typed``: column → Series over the rows in play) and
change them in place, returning masks of the rows derived or the reasons of the rows
that cannot be used, for :mod:`microcommerce.cleaning.clean` to report.

Examples
--------
>>> idx = pd.RangeIndex(2)
>>> typed = {"quantity": pd.Series([2, 1], dtype="Int64"), "amount": pd.Series([10.0, 5.0])}
>>> sorted(k for k, v in derive_orders(typed, idx, None).items() if v.any())
['kind from buyer_tier', 'unit_price = amount ÷ quantity']
>>> typed["kind"].tolist(), typed["unit_price"].tolist()
(['retail', 'retail'], [5.0, 5.0])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from microcommerce.cleaning.lines import number_lines, split_order_amount
from microcommerce.cleaning.statuses import settle_statuses

__all__ = ["derive_orders", "settle_orders"]


def derive_orders(
    typed: dict[str, pd.Series], index: pd.Index, retail_buyer: pd.Series | None
) -> dict[str, pd.Series]:
    """Fill ``amount``, ``unit_price`` and ``kind`` where the export leaves them out.

    A missing amount is quantity × unit price, a missing unit price amount ÷ quantity; a
    missing kind is ``retail`` when the buyer has no agent tier, ``sell_in`` otherwise.

    Parameters
    ----------
    typed
        The parsed columns (changed in place).
    index
        The rows in play.
    retail_buyer
        Rows whose buyer tier said "end customer" (None when there is no buyer tier).

    Returns
    -------
    dict
        ``{what was derived: mask of the rows}``.
    """
    derived: dict[str, pd.Series] = {}
    qty = typed["quantity"].astype("float64")
    price = typed.get("unit_price", pd.Series(np.nan, index=index))
    amount = typed.get("amount", pd.Series(np.nan, index=index))
    need_amount = amount.isna() & qty.notna() & price.notna()
    need_price = price.isna() & qty.notna() & amount.notna() & (qty > 0)
    typed["amount"] = amount.where(~need_amount, (qty * price).round(2))
    typed["unit_price"] = price.where(~need_price, amount / qty)
    derived["amount = quantity × unit_price"] = need_amount
    derived["unit_price = amount ÷ quantity"] = need_price
    buyer_tier = typed.get("buyer_tier", pd.Series(pd.NA, index=index, dtype="Int8"))
    kind = typed.get("kind", pd.Series(np.nan, index=index, dtype=object))
    inferred = np.where(buyer_tier.notna(), "sell_in", "retail")
    need_kind = kind.isna()
    typed["kind"] = kind.where(~need_kind, inferred)
    derived["kind from buyer_tier"] = need_kind
    if retail_buyer is not None:
        typed["buyer_tier"] = buyer_tier
    return derived


def settle_orders(
    typed: dict[str, pd.Series], index: pd.Index, lines: str, *, refund_per_order: bool = False
) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Settle lines, statuses and refunds: number lines, split repeated order amounts.

    Parameters
    ----------
    typed
        The parsed columns (changed in place: ``amount``, ``unit_price``, ``refund``,
        ``status`` and ``line`` are set).
    index
        The rows in play.
    lines
        How the export writes a multi-line order
        (:data:`~microcommerce.cleaning.layouts.LINE_MODES`); a ``line`` column, when
        mapped, numbers the lines itself.
    refund_per_order
        Whether the refund on each line is the order's one refund, repeated: it is then
        split over the lines in proportion to their amounts.

    Returns
    -------
    tuple of dict
        ``{what was derived: mask}`` and ``{column: reason per failing row}``.

    Examples
    --------
    >>> typed = {"order_id": pd.Series(["J1", "J1"]), "quantity": pd.Series([2, 1]),
    ...          "unit_price": pd.Series([69.0, 120.0]), "amount": pd.Series([238.0, 238.0])}
    >>> derived, problems = settle_orders(typed, pd.RangeIndex(2), "order_amount_repeated")
    >>> typed["amount"].tolist(), typed["unit_price"].tolist(), typed["line"].tolist()
    ([127.3, 110.7], [63.65, 110.7], [1, 2])
    """
    derived: dict[str, pd.Series] = {}
    problems: dict[str, pd.Series] = {}
    order_id = typed["order_id"]
    if "line" not in typed:
        multi = lines != "order"
        typed["line"] = (
            number_lines(order_id) if multi else pd.Series(1, index=index, dtype="Int32")
        )
    if lines == "order_amount_repeated":
        qty = typed["quantity"].astype("float64")
        price = typed.get("unit_price", pd.Series(np.nan, index=index))
        weight = qty.fillna(1.0) * price.where(price.notna(), 1.0)
        amount, differ = split_order_amount(order_id, typed["amount"], weight)
        problems["amount"] = _why(
            differ, "order amount differs between the lines of the order (one amount per order)"
        )
        split = amount.notna() & (amount != typed["amount"])
        typed["amount"] = amount.where(~differ, typed["amount"])
        typed["unit_price"] = (typed["amount"] / qty).where(qty > 0)
        derived["amount: the order's amount split over its lines"] = split
    nothing = pd.Series(np.nan, index=index, dtype=object)
    refund_given = typed.get("refund", pd.Series(np.nan, index=index))
    if refund_per_order and "refund" in typed:
        weight = typed["amount"].fillna(0.0)
        split, differ = split_order_amount(order_id, refund_given.fillna(0.0), weight)
        refund_given = split.where(~differ & refund_given.notna(), refund_given)
        derived["refund: the order's refund split over its lines"] = (
            refund_given.notna() & (refund_given != typed["refund"])
        ).fillna(False)
    status, refund, no_amount = settle_statuses(
        typed.get("status", nothing),
        typed.pop("after_sale", nothing),
        refund_given,
        typed["amount"],
    )
    problems["refund"] = _why(
        no_amount, "partially refunded but the export gives no refund amount (map it: refund)"
    )
    derived["refund = amount (refunded in full)"] = refund_given.isna() & (status == "refunded")
    typed["status"], typed["refund"] = status, refund
    return derived, problems


def _why(mask: pd.Series, reason: str) -> pd.Series:
    failing = mask[mask.to_numpy(dtype=bool)].index
    return pd.Series(reason, index=failing, dtype=object)
