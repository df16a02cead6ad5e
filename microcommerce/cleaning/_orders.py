"""The steps of cleaning that only orders have, once each column is parsed.

- amount and unit price derived from each other, ``kind`` from the buyer's tier
  (:func:`derive_orders`);
- the lines of multi-line orders numbered, or an order amount repeated on each line
  split over them, and each row's status and refund settled (:func:`settle_orders`).

Both take the parsed columns (``typed``: column → Series over the rows in play) and
change them in place, returning masks of the rows derived or the reasons of the rows
that cannot be used, for ``cleaning._clean`` to report.

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

import re
from pathlib import Path

import numpy as np
import pandas as pd

from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._lines import number_lines, split_order_amount
from microcommerce.cleaning._statuses import settle_statuses
from microcommerce.errors import MissingColumnsError
from microcommerce.parse._numerals import small_int

__all__ = [
    "amount_basis",
    "derive_orders",
    "no_date_error",
    "one_shop",
    "settle_orders",
    "units_from_product",
    "units_in_text",
]


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
    typed: dict[str, pd.Series],
    index: pd.Index,
    lines: str,
    *,
    refund_per_order: bool = False,
    price_given: pd.Series | None = None,
) -> tuple[dict[str, pd.Series], dict[str, pd.Series]]:
    """Settle lines, statuses and refunds: number lines, split repeated order amounts.

    A line's unit price stays the export's where it gives one: an order's amount split
    over its lines (shipping included, after discounts) changes the lines' amounts only,
    and the price of a line without one becomes its amount ÷ quantity.

    Parameters
    ----------
    typed
        The parsed columns (changed in place: ``amount``, ``unit_price``, ``refund``,
        ``status`` and ``line`` are set).
    index
        The rows in play.
    lines
        How the export writes a multi-line order
        (``LINE_MODES``); a ``line`` column, when
        mapped, numbers the lines itself.
    refund_per_order
        Whether the refund on each line is the order's one refund, repeated (the line
        model's reading, ``_lines.refund_reading``): it is then split over the lines in
        proportion to their amounts; otherwise each line keeps its own.
    price_given
        The rows whose unit price the export gave (None: every price present); the others
        were derived from the amount before it was split.

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
    ([127.3, 110.7], [69.0, 120.0], [1, 2])
    """
    derived: dict[str, pd.Series] = {}
    problems: dict[str, pd.Series] = {}
    order_id = typed["order_id"]
    if "line" not in typed:
        multi = lines != "order"
        typed["line"] = (
            number_lines(order_id) if multi else pd.Series(1, index=index, dtype="Int32")
        )
    shared_refund = False
    if lines in ("order_amount_repeated", "continuation_order_amount"):
        derived, differ = _split_repeated_amounts(
            typed, index, share_refund=refund_per_order, price_given=price_given
        )
        problems["amount"] = _why(
            differ, "order amount differs between the lines of the order (one amount per order)"
        )
        shared_refund = "refund" in typed
    nothing = pd.Series(np.nan, index=index, dtype=object)
    refund_given = typed.get("refund", pd.Series(np.nan, index=index))
    if refund_per_order and "refund" in typed and not shared_refund:  # not shared twice
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


def _split_repeated_amounts(
    typed: dict[str, pd.Series],
    index: pd.Index,
    *,
    share_refund: bool = False,
    price_given: pd.Series | None = None,
) -> tuple[dict[str, pd.Series], pd.Series]:
    """Split an order's amount written on each line (and its refund, if so read) over its lines.

    Changes ``typed`` in place (``amount``, ``unit_price``, ``refund``); returns the masks
    of the rows derived and of the orders whose lines give different amounts. The refund
    is shared only when the line model read it as the order's (``share_refund``): a refund
    the same on every line may be each line's own (``_lines.refund_reading``).
    """
    derived: dict[str, pd.Series] = {}
    order_id = typed["order_id"]
    qty = typed["quantity"].astype("float64")
    price = typed.get("unit_price", pd.Series(np.nan, index=index))
    given = price.notna() if price_given is None else price.notna() & price_given
    weight = _line_weights(order_id, typed["amount"], qty.fillna(1.0), price.where(given))
    amount, differ = split_order_amount(order_id, typed["amount"], weight)
    split = amount.notna() & (amount != typed["amount"])
    typed["amount"] = amount.where(~differ, typed["amount"])
    if "refund" in typed:
        derived.update(_share_refunds(typed, weight, share_refund))
    typed["unit_price"] = price.where(given, (typed["amount"] / qty).where(qty > 0))
    derived["amount: the order's amount split over its lines"] = split
    return derived, differ


def _line_weights(
    order_id: pd.Series, amount: pd.Series, qty: pd.Series, price: pd.Series
) -> pd.Series:
    """Each line's share of its order's amount: its goods at the export's own price.

    A line whose price the export does not give takes what the order's amount leaves
    after the priced lines, shared by quantity (170 over 2 × 50 and one line unpriced: 70
    for it); where nothing is left, the order's mean price. An order with no price at all
    is shared by quantity. A price derived from the repeated amount is never a weight (it
    is the whole order's amount over one line's quantity).
    """
    key = order_id.to_numpy()
    known = price.notna()
    goods = (qty * price).where(known, 0.0)
    by_order = pd.DataFrame(
        {"goods": goods, "qty": qty.where(known, 0.0), "open": qty.where(~known, 0.0)}
    ).groupby(key, sort=False)
    total = by_order.transform("sum")
    left = (amount - total["goods"]).where(lambda x: x > 0)
    mean_price = (total["goods"] / total["qty"]).where(total["qty"] > 0)
    open_price = (left / total["open"]).fillna(mean_price).fillna(1.0)
    return goods.where(known, qty * open_price)


def _share_refunds(
    typed: dict[str, pd.Series], weight: pd.Series, share_refund: bool
) -> dict[str, pd.Series]:
    """Share an order's refund written on each line over its lines, where it is the order's.

    It is where the file was read so (``share_refund``), and, whatever the file's reading,
    in an order whose refund, the same on every line, is more than one of its lines was
    split (no line can be refunded more than it cost): 170 refunded on each line of an
    order of 170 split 94.44 + 75.56 is the order's. Changes ``typed["refund"]``.
    """
    order_id, given = typed["order_id"], typed["refund"]
    key = order_id.to_numpy()
    uniform = given.fillna(-1.0).groupby(key, sort=False).transform("nunique") == 1
    share = uniform & given.notna()
    if not share_refund:
        above = (given > typed["amount"]).fillna(False)
        share &= above.groupby(key, sort=False).transform("any")
    shared, _ = split_order_amount(order_id, given.where(share), weight)
    typed["refund"] = shared.where(share, given)
    what = "refund: the order's refund shared over its lines" + (
        "" if share_refund else " (more than a line cost)"
    )
    return {what: (typed["refund"].ne(given) & given.notna()).fillna(False)}


def _why(mask: pd.Series, reason: str) -> pd.Series:
    failing = mask[mask.to_numpy(dtype=bool)].index
    return pd.Series(reason, index=failing, dtype=object)


#: How the summary starts the seller line of a file named after its shop.
FROM_FILE = "one shop, named after the file"


def one_shop(table: str, seller: str | None, path: str | None) -> tuple[str | None, str | None]:
    """Name a one-shop file's seller: ``seller=``, else the file's name (orders only)."""
    if table != "orders":
        return seller, None
    if seller is not None:
        return seller, f"{seller} (given; a shop-name column wins where it has a value)"
    if path is None:
        return None, None
    name = Path(str(path)).stem
    return name, f"{FROM_FILE}: {name} (--seller NAME / seller= to name it)"


def no_date_error(err: MissingColumnsError) -> MissingColumnsError:
    """Refuse an order export without any date column in one line (never guess a date)."""
    if err.missing != ["date"]:
        return err
    # path= puts the file in front (once)
    head = "no date column (下单时间, 支付时间, 日期 …): a date is never guessed; "
    return MissingColumnsError(
        head + "give the day of every order with date='YYYY-MM-DD'",
        head + "give the day of every order with --date YYYY-MM-DD",
        missing=["date"],
        path=err.path,
    )


def units_from_product(frame: pd.DataFrame, table: str) -> tuple[pd.DataFrame, pd.Series | None]:
    """Read a missing quantity from the product text where the export writes it there."""
    if table != "orders" or "quantity" in frame or "product" not in frame:
        return frame, None
    units = units_in_text(frame["product"])
    if units.isna().all():
        return frame, None
    return frame.assign(quantity=units), units.notna()


def amount_basis(clean: pd.DataFrame, paid: bool) -> pd.DataFrame:
    """Say what each line's amount is: ``paid`` (what the buyer paid) or ``goods``.

    An export that states what was paid (a paid-amount column, or an order's amount
    split over its lines) keeps its unit prices: the amount may then differ from
    quantity × unit price by the shipping and the discounts, which the schema does not
    check on ``paid`` lines. A ``goods`` amount is checked against quantity × unit price.
    A basis the table already gives (a cleaned table cleaned again) is kept.

    Examples
    --------
    >>> clean = pd.DataFrame({"quantity": [2], "unit_price": [99.0], "amount": [208.0]})
    >>> amount_basis(clean, True)["amount_basis"].tolist()
    ['paid']
    """
    basis = clean.get("amount_basis")  # a cleaned table's own, when cleaned again
    whole = pd.Series("paid" if paid else "goods", index=clean.index, dtype=schema.BASIS_DTYPE)
    return clean.assign(amount_basis=whole if basis is None else basis.fillna(whole))


#: Count words (量词) that say how many were bought: 2盒, 三瓶, 两件. Measures are not
#: counts (斤, 克, ml, 片 …: a pack's content or weight), nor are model names (宝马X5), nor
#: is a count word closed by 装: 三瓶装 names a pack of three, bought once (an agent's order
#: list records 佛初草三瓶装 with ProductNumber 1: tests/data/product_titles.csv).
_COUNT_WORDS = "件个盒瓶罐袋包箱支条套双只台份提听杯"
_CN_COUNT = "一二两三四五六七八九十"
#: A product text's parts: one product each (苹果×3，香蕉*1).
_PARTS = re.compile(r"[,，;；、/|\n]")
#: Brackets around a count (【x2】, （2盒）) and the end of a part after it.
_END = r"[\s)）\]】]*$"
#: A count after a sign at the end of a part: ×2, *2, +2, x2, with a count word or brackets
#: after it (面膜x2盒, 面膜【x2】). Whether an x is a sign is decided by :func:`_x_is_sign`.
_MARKED = re.compile(rf"([×*＊+＋xX])\s*(\d{{1,5}})\s*([{_COUNT_WORDS}])?{_END}")
#: A bare figure ending the text before a sign: the sign is a size's (10*32, 1+1), not a count's.
_FIGURE_BEFORE = re.compile(r"(?:^|[^0-9A-Za-z.])[0-9.]+$")
#: A number with a count word, standing as a word of its own: 2盒, 三瓶, 面膜 2盒 补水, （2盒）
#: — never 两件套 (a two-piece set), 三瓶装 (a pack), 假两件, 第三件, X5盒, 3D or 500ml.
_COUNTED = re.compile(
    rf"(?<![0-9A-Za-z.第{_CN_COUNT}])(\d{{1,4}}|[{_CN_COUNT}]{{1,3}})\s*[{_COUNT_WORDS}]"
    r"(?=[\s)）\]】]|$)"
)


def _x_is_sign(part: str, at: int, counted: bool) -> bool:
    """Whether the x at ``part[at]`` says how many (面膜x2, 小米14 x2) or names a model.

    An x glued to a Latin word or a figure is a model's or a size's (mix2, iPhoneX5, 10x20);
    a capital X after a Latin word (vivo X20, Mate X2) or glued to a name (宝马X5) is a
    model's letter, unless a count word follows (李X2盒); an x with nothing before it names
    nothing bought. A small x after a name, or any x standing apart after a name or a
    number (面膜 X2, 小米14 X2), is a sign.
    """
    before = part[:at].rstrip()
    if not before:
        return False
    glued = len(before) == at
    last = before[-1]
    if glued and last.isascii() and (last.isalnum() or last == "."):
        return False
    if part[at] == "x" or counted:
        return True
    letter = last.isascii() and last.isalpha()
    return not letter and not (glued and last not in "(（[【")


def _units_of(text: str) -> int | None:
    """Sum the units one product text states over its parts (None: none stated)."""
    found = None
    for part in _PARTS.split(text):
        part = part.strip()
        marked = _MARKED.search(part)
        if marked and marked[1] in "xX" and not _x_is_sign(part, marked.start(), bool(marked[3])):
            marked = None
        if marked and not _FIGURE_BEFORE.search(part[: marked.start()]):
            count = int(marked[2])
        else:
            counted = _COUNTED.search(part)
            if counted is None:
                continue
            count = small_int(counted.group(1))
        found = (found or 0) + count
    return found


def units_in_text(product: pd.Series) -> pd.Series:
    """Read the units written in product texts (``商品+2``, ``×2``, ``*2``, ``2盒``, ``三瓶``).

    A count is read only where a sign or a count word says so: after ×, *, + (or an x
    standing apart), or a number with a count word (件, 盒, 瓶 …) standing as a word of its
    own. A number glued to letters (宝马X5, 3D, 5G, iPhone15), a year (2024新款), a measure
    (500ml, 5斤, 10片装), a pack (三瓶装, 2盒装: one pack bought) or a size (10×20) is never
    a count. A cell listing several products (``苹果+2，香蕉+1``) counts them all, one count
    per product (a sign wins over a count word: ``三瓶装*2`` is 2); a cell with no count
    written gives no units (missing, not 1).

    Parameters
    ----------
    product
        Product cells as text.

    Returns
    -------
    Series
        Units as text (missing where none is written), for the count parser.

    Examples
    --------
    >>> units_in_text(pd.Series(["土鸡蛋+2", "苹果×3，香蕉*1", "面膜 x2盒", "茶叶"])).tolist()
    ['2', '4', '2', nan]
    >>> texts = ["佛初草 三瓶", "佛初草三瓶装", "宝马X5", "iPhone 15", "2024新款", "500ml"]
    >>> units_in_text(pd.Series(texts)).tolist()
    ['3', nan, nan, nan, nan, nan]
    """
    codes, uniques = pd.factorize(product)
    per_unique = np.array(
        [np.nan if (n := _units_of(str(u))) is None else str(n) for u in uniques] + [np.nan],
        dtype=object,
    )  # the last: code -1, an empty cell
    return pd.Series(per_unique[codes], index=product.index, dtype="str")
