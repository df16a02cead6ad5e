"""Parse the columns of an export: typed values, and a reason for each value that cannot be used.

Amounts and counts go through :func:`~microcommerce.parse.parse_amounts` (``¥1,280.00``,
``1.2万``; an approximate figure such as ``约1万`` or a foreign currency is refused), dates
through :func:`~microcommerce.parse.parse_dates`, platforms, categories and tiers through
``cleaning._taxonomy``, order statuses through
``cleaning._statuses``. Every parser works on the distinct values and
gives, besides the values, a sparse Series of reasons for the rows it cannot use, so the
cleaner can reject exactly those rows and say why.

Each kind of column (``COLUMN_KINDS``) has its
parser in :data:`PARSERS`; the reasons come with their codes
(:data:`~microcommerce.cleaning.REASON_CODES`).

Examples
--------
>>> parsed = parse_columns(pd.DataFrame({"seller_id": ["a", "b"], "period": ["2015-01",
...     "2015-02"], "category": ["面膜", "面膜"], "units": ["10", "约10"]}), "inventory", None,
...     None, "order")
>>> parsed.reasons["units"].values.tolist()
[["units: '约10' — not a whole count ≥ 0", 'bad_count']]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._headers import COLUMN_KINDS
from microcommerce.cleaning._orders import derive_orders, settle_orders
from microcommerce.cleaning._reasons import coded
from microcommerce.cleaning._statuses import alias_hint, normalize_statuses
from microcommerce.cleaning._taxonomy import normalize_category, normalize_platform, normalize_tier
from microcommerce.parse import parse_amounts, parse_dates

__all__ = ["PARSERS", "Parsed", "ParsedColumns", "kind_labels", "parse_columns", "text_cells"]

_KIND_ALIASES = {
    "sell_in": "sell_in",
    "sell in": "sell_in",
    "sell-in": "sell_in",
    "进货": "sell_in",
    "代理进货": "sell_in",
    "拿货": "sell_in",
    "批发": "sell_in",
    "补货": "sell_in",
    "retail": "retail",
    "零售": "retail",
    "终端": "retail",
    "终端零售": "retail",
    "消费者": "retail",
    "顾客": "retail",
}
_MAX_COUNT = 2**53  # the largest whole floats are exact below this


def _reasons(
    mask: pd.Series, column: str, raw: pd.Series, why: Callable | str, code: Callable | str
) -> pd.DataFrame:
    """Reasons and their codes for the failing rows only (a sparse frame indexed by those rows).

    ``why`` is a message or a function of the failing rows' index giving one message
    per row, so nothing is built for the rows that are fine; ``code`` likewise.
    """
    failing = mask[mask.to_numpy(dtype=bool)].index
    if len(failing) == 0:
        return coded(pd.Series([], index=raw.index[:0], dtype=object), "")
    shown = raw[failing].astype(object).where(raw[failing].notna(), "").astype(str)
    detail = why(failing) if callable(why) else why
    codes = code(failing) if callable(code) else code
    return coded((f"{column}: '" + shown + "' — " + detail).astype(object), codes)


class Parsed(NamedTuple):
    """What a parser gives for one column.

    The typed values, the reasons of the rows it cannot use
    (``coded``) and, for a tier, the end customers.
    """

    typed: pd.Series
    reasons: pd.DataFrame | None = None
    retail: pd.Series | None = None


@dataclass(frozen=True)
class _Context:
    """What parsers share: the year of dates without one, the user's aliases, units seen."""

    ref_year: int | None
    aliases: Mapping[str, Mapping[str, str]]
    units: dict[str, dict]


def _parse_money(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    p = parse_amounts(raw)
    ctx.units[column] = p["unit"].value_counts(dropna=False).rename(index=str).to_dict()
    present = raw.notna()
    parsed = present & p["error"].isna()
    approx = parsed & (p["qualifier"] != "exact")
    foreign = parsed & p["unit"].notna() & (p["unit"] != "CNY")
    bad = (present & p["error"].notna()) | approx | foreign

    def why(rows: pd.Index) -> pd.Series:
        q = p.loc[rows]
        return (
            q["error"]
            .astype(object)
            .where(
                q["error"].notna(),
                np.where(
                    q["qualifier"] != "exact",
                    "an approximate figure (" + q["qualifier"].astype(str) + ")",
                    "not in yuan (" + q["unit"].astype(str) + ")",
                ),
            )
        )

    def code(rows: pd.Index) -> np.ndarray:
        q = p.loc[rows]
        vague = np.where(q["qualifier"] != "exact", "approximate_amount", "not_yuan")
        return np.where(q["error"].notna(), "bad_amount", vague)

    return Parsed(p["value"].where(~bad), _reasons(bad, column, raw, why, code))


def _parse_count(raw: pd.Series, column: str, ctx: _Context, *, minimum: int = 1) -> Parsed:
    p = parse_amounts(raw)
    ctx.units[column] = p["unit"].value_counts(dropna=False).rename(index=str).to_dict()
    v = p["value"]
    ok_unit = p["unit"].isna() | p["unit"].isin(["boxes", "pieces"])
    huge = v >= _MAX_COUNT  # beyond exact whole floats (and far beyond any real count)
    bad = raw.notna() & (
        p["error"].notna()
        | (p["qualifier"] != "exact")
        | ~ok_unit
        | (v % 1 != 0)
        | (v < minimum)
        | huge
    )

    def why(rows: pd.Index) -> pd.Series:
        err = p.loc[rows, "error"].astype(object)
        err = err.where(err.notna() | ~huge[rows], f"count too large ({_MAX_COUNT:,} or more)")
        return err.where(err.notna(), f"not a whole count ≥ {minimum}")

    values = v.where(~bad).round().astype("Int64")
    return Parsed(values, _reasons(bad, column, raw, why, "bad_count"))


def _parse_stock(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    return _parse_count(raw, column, ctx, minimum=0)


def _parse_day(raw: pd.Series, column: str, ctx: _Context, *, month_end: bool = False) -> Parsed:
    p = parse_dates(raw, ref_year=ctx.ref_year)
    wanted = ["month", "day"] if month_end else ["day"]
    bad = raw.notna() & (p["error"].notna() | ~p["precision"].isin(wanted))

    def why(rows: pd.Index) -> pd.Series:
        q = p.loc[rows]
        coarse = "not precise enough (" + q["precision"].astype(str) + ")"
        return q["error"].astype(object).where(q["error"].notna(), coarse)

    def code(rows: pd.Index) -> np.ndarray:
        return np.where(p.loc[rows, "error"].notna(), "bad_date", "vague_date")

    if month_end:
        values = p["end"].dt.to_period("M").dt.to_timestamp(how="end").dt.normalize()
        values = values.astype(schema.DATETIME)
    else:
        values = p["start"]
    return Parsed(values.where(~bad), _reasons(bad, column, raw, why, code))


def _parse_month_end(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    return _parse_day(raw, column, ctx, month_end=True)


def _labels(raw: pd.Series, column: str, normalizer: Callable, extra: Mapping | None, code: str):
    labels, _unmatched = normalizer(raw, extra_aliases=extra)  # unmatched: reported per row
    bad = raw.notna() & labels.isna()
    why = "unknown label (map it with aliases= or --alias)"
    return Parsed(labels, _reasons(bad, column, raw, why, code))


def _parse_platform(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    extra = ctx.aliases.get("platform")
    return _labels(raw, column, normalize_platform, extra, "unknown_platform")


def _parse_category(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    extra = ctx.aliases.get("category")
    return _labels(raw, column, normalize_category, extra, "unknown_category")


def _parse_tier(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    labels, reason, _ = _labels(
        raw, column, normalize_tier, ctx.aliases.get("tier"), "unknown_tier"
    )
    codes = labels.cat.codes.to_numpy()  # categories "0" … "9", "retail"
    retail = pd.Series(codes == len(labels.cat.categories) - 1, index=raw.index)
    tiers = pd.array(np.where((codes >= 0) & ~retail.to_numpy(), codes, 0), dtype="Int8")
    tiers[(codes < 0) | retail.to_numpy()] = pd.NA
    if column != "buyer_tier" and retail.any():  # only a buyer may be an end customer
        why = "a seller cannot be an end customer"
        reason = pd.concat([reason, _reasons(retail, column, raw, why, "seller_is_customer")])
    return Parsed(pd.Series(tiers, index=raw.index), reason, retail)


def kind_labels(raw: pd.Series) -> pd.Series:
    """Map order-kind texts (进货, 零售, sell_in …) to ``sell_in`` / ``retail`` (NaN: unknown).

    Parameters
    ----------
    raw
        The cells as text.

    Returns
    -------
    Series

    Examples
    --------
    >>> kind_labels(pd.Series(["零售", "普通订单"])).tolist()
    ['retail', nan]
    """
    return raw.astype("str").str.strip().str.casefold().map(_KIND_ALIASES)


def _parse_kind(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    values = kind_labels(raw)
    bad = raw.notna() & values.isna()
    why = "not sell_in (进货) or retail (零售)"
    return Parsed(values, _reasons(bad, column, raw, why, "unknown_kind"))


def _parse_basis(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    """Read an amount basis (``paid``, ``goods``), as a cleaned table writes it."""
    values = raw.astype("str").str.strip().str.casefold()
    values = values.where(values.isin(schema.AMOUNT_BASES))
    bad = raw.notna() & values.isna()
    why = f"not an amount basis ({' or '.join(schema.AMOUNT_BASES)})"
    return Parsed(values, _reasons(bad, column, raw, why, "unknown_basis"))


def _parse_status(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    """Read an order status (``status``) or an after-sale status (``after_sale``)."""
    field_name, what = ("order", "order") if column == "status" else (column, "after-sale")
    values, unknown = normalize_statuses(raw, field_name, ctx.aliases.get(column))
    why = f"unknown {what} status (map it with {alias_hint(column)})"
    code = "unknown_status" if column == "status" else "unknown_after_sale"
    return Parsed(values, _reasons(unknown, column, raw, why, code))


def text_cells(raw: pd.Series) -> pd.Series:
    """Take cells as text, stripped, an empty cell missing.

    Parameters
    ----------
    raw : Series
        One column of an export.

    Returns
    -------
    Series
        ``str`` values; missing where the cell is empty or blank.

    Examples
    --------
    >>> text_cells(pd.Series([" A1 ", "", None])).tolist()
    ['A1', nan, nan]
    """
    s = raw.astype("str").str.strip()
    return s.where(s != "")


def _parse_id(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    """Ids as text, unwrapped from the ``="…"`` some exports write to keep Excel's hands off."""
    s = raw.astype("str")
    if s.str.startswith('="').any():
        s = s.str.replace(r'^="(.*)"$', r"\1", regex=True)
    return Parsed(s)


def _parse_text(raw: pd.Series, column: str, ctx: _Context) -> Parsed:
    return Parsed(raw.astype("str"))


#: How each kind of column (``COLUMN_KINDS``) is
#: parsed: ``parser(cells, column, context) -> Parsed``.
PARSERS: dict[str, Callable[[pd.Series, str, _Context], Parsed]] = {
    "id": _parse_id,
    "text": _parse_text,
    "status": _parse_status,
    "after_sale": _parse_status,
    "money": _parse_money,
    "count": _parse_count,
    "line": _parse_count,
    "stock": _parse_stock,
    "day": _parse_day,
    "month_end": _parse_month_end,
    "tier": _parse_tier,
    "platform": _parse_platform,
    "category": _parse_category,
    "kind": _parse_kind,
    "basis": _parse_basis,
}

#: The codes of the problems ``settle_orders`` finds.
_SETTLE_CODES = {"amount": "order_amount_differs", "refund": "refund_missing"}


class ParsedColumns(NamedTuple):
    """What :func:`parse_columns` gives.

    The typed columns, the reasons (``{column: coded reasons}``), the units seen per
    column and the masks of the rows whose value was derived.
    """

    typed: dict[str, pd.Series]
    reasons: dict[str, pd.DataFrame]
    units: dict[str, dict]
    derived: dict[str, pd.Series]


def parse_columns(
    work: pd.DataFrame,
    table: str,
    ref_year: int | None,
    aliases: Mapping[str, Mapping[str, str]] | None,
    lines: str,
    *,
    refund_per_order: bool = False,
) -> ParsedColumns:
    """Parse every mapped column of ``work``; give the problems of each column with codes.

    Parameters
    ----------
    work : DataFrame
        The rows in play, one text column per canonical column mapped.
    table : {"orders", "sellers", "inventory"}
        The canonical table.
    ref_year : int, optional
        Year for dates written without one.
    aliases : mapping, optional
        Extra label mappings by vocabulary (as ``clean_orders`` takes them).
    lines : str
        How the export writes a multi-line order (orders only; see
        ``settle_orders``).
    refund_per_order : bool
        Whether a refund repeated on each line is the order's one refund.

    Returns
    -------
    ParsedColumns
        The typed columns, ``{column: reasons}`` in pipeline order (each a sparse frame of
        ``reason`` and ``reason_code``), the units seen per column, and the masks of rows
        whose value was derived.

    Examples
    --------
    >>> work = pd.DataFrame({"seller_id": ["a"], "period": ["2015年1月"],
    ...                      "category": ["面膜"], "units": ["1.2万"]})
    >>> typed, reasons, units, derived = parse_columns(work, "inventory", None, None, "order")
    >>> typed["units"].tolist(), typed["period"].dt.date.tolist()
    ([12000], [datetime.date(2015, 1, 31)])
    """
    ctx = _Context(ref_year, aliases or {}, {})
    typed: dict[str, pd.Series] = {}
    reasons: dict[str, pd.DataFrame] = {}
    retail_buyer = None
    for column, kind in COLUMN_KINDS[table].items():
        if column not in work.columns:
            continue
        parsed = PARSERS[kind](work[column], column, ctx)
        typed[column] = parsed.typed
        if parsed.reasons is not None:
            reasons[column] = parsed.reasons
        if column == "buyer_tier":
            retail_buyer = parsed.retail
    derived: dict[str, pd.Series] = {}  # masks of the rows whose value was derived
    if table == "orders":
        if "quantity" not in typed:  # units unknown: money still counts
            typed["quantity"] = pd.Series(pd.NA, index=work.index, dtype="Int64")
        derived = derive_orders(typed, work.index, retail_buyer)
        price_given = ~derived["unit_price = amount ÷ quantity"]
        settled, problems = settle_orders(
            typed, work.index, lines, refund_per_order=refund_per_order, price_given=price_given
        )
        derived |= settled
        for column, why in problems.items():
            found = coded(column + ": " + why, _SETTLE_CODES[column])
            reasons[column] = pd.concat([reasons.get(column), found])
    return ParsedColumns(typed, reasons, ctx.units, derived)
