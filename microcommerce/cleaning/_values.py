"""Parse the columns of an export: typed values, and a reason for each value that cannot be used.

Amounts and counts go through :func:`~microcommerce.parse.parse_amounts` (``¥1,280.00``,
``1.2万``; an approximate figure such as ``约1万`` or a foreign currency is refused), dates
through :func:`~microcommerce.parse.parse_dates`, platforms, categories and tiers through
``cleaning._taxonomy``, order statuses through
``cleaning._statuses``. Every parser works on the distinct values and
gives, besides the values, a sparse Series of reasons for the rows it cannot use, so the
cleaner can reject exactly those rows and say why.

Examples
--------
>>> reasons = {}
>>> typed, _, _ = parse_columns(pd.DataFrame({"seller_id": ["a", "b"], "period": ["2015-01",
...     "2015-02"], "category": ["面膜", "面膜"], "units": ["10", "约10"]}), "inventory", None,
...     None, reasons, "order")
>>> reasons["units"].tolist()
["units: '约10' — not a whole count ≥ 0"]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._headers import COLUMN_KINDS
from microcommerce.cleaning._orders import derive_orders, settle_orders
from microcommerce.cleaning._statuses import alias_hint, normalize_statuses
from microcommerce.cleaning._taxonomy import normalize_category, normalize_platform, normalize_tier
from microcommerce.parse import parse_amounts, parse_dates

__all__ = ["kind_labels", "parse_columns", "text_cells"]

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


def _reasons(mask: pd.Series, column: str, raw: pd.Series, why: Callable | str) -> pd.Series:
    """Reason strings for the failing rows only (a sparse Series indexed by those rows).

    ``why`` is a message or a function of the failing rows' index giving one message
    per row, so nothing is built for the rows that are fine.
    """
    failing = mask[mask.to_numpy(dtype=bool)].index
    if len(failing) == 0:
        return pd.Series([], index=raw.index[:0], dtype=object)
    shown = raw[failing].astype(object).where(raw[failing].notna(), "").astype(str)
    detail = why(failing) if callable(why) else why
    return (f"{column}: '" + shown + "' — " + detail).astype(object)


def _parse_money(raw: pd.Series, column: str, units: dict) -> tuple[pd.Series, pd.Series]:
    p = parse_amounts(raw)
    units[column] = p["unit"].value_counts(dropna=False).rename(index=str).to_dict()
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

    return p["value"].where(~bad), _reasons(bad, column, raw, why)


def _parse_count(raw: pd.Series, column: str, units: dict, *, minimum: int) -> tuple:
    p = parse_amounts(raw)
    units[column] = p["unit"].value_counts(dropna=False).rename(index=str).to_dict()
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

    return v.where(~bad).round().astype("Int64"), _reasons(bad, column, raw, why)


def _parse_day(raw: pd.Series, column: str, ref_year: int | None, *, month_end: bool = False):
    p = parse_dates(raw, ref_year=ref_year)
    wanted = ["month", "day"] if month_end else ["day"]
    bad = raw.notna() & (p["error"].notna() | ~p["precision"].isin(wanted))

    def why(rows: pd.Index) -> pd.Series:
        q = p.loc[rows]
        coarse = "not precise enough (" + q["precision"].astype(str) + ")"
        return q["error"].astype(object).where(q["error"].notna(), coarse)

    if month_end:
        values = p["end"].dt.to_period("M").dt.to_timestamp(how="end").dt.normalize()
        values = values.astype(schema.DATETIME)
    else:
        values = p["start"]
    return values.where(~bad), _reasons(bad, column, raw, why)


def _parse_label(raw: pd.Series, column: str, normalizer: Callable, extra: Mapping | None):
    labels, _unmatched = normalizer(raw, extra_aliases=extra)  # unmatched: reported per row
    bad = raw.notna() & labels.isna()
    return labels, _reasons(bad, column, raw, "unknown label (map it with aliases= or --alias)")


def _parse_tier(raw: pd.Series, column: str, extra: Mapping | None):
    labels, reason = _parse_label(raw, column, normalize_tier, extra)
    codes = labels.cat.codes.to_numpy()  # categories "0" … "9", "retail"
    retail = pd.Series(codes == len(labels.cat.categories) - 1, index=raw.index)
    tiers = pd.array(np.where((codes >= 0) & ~retail.to_numpy(), codes, 0), dtype="Int8")
    tiers[(codes < 0) | retail.to_numpy()] = pd.NA
    return pd.Series(tiers, index=raw.index), reason, retail


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


def _parse_kind(raw: pd.Series, column: str):
    values = kind_labels(raw)
    bad = raw.notna() & values.isna()
    return values, _reasons(bad, column, raw, "not sell_in (进货) or retail (零售)")


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


def _id_text(raw: pd.Series) -> pd.Series:
    """Ids as text, unwrapped from the ``="…"`` some exports write to keep Excel's hands off."""
    s = raw.astype("str")
    if s.str.startswith('="').any():
        s = s.str.replace(r'^="(.*)"$', r"\1", regex=True)
    return s


def parse_columns(
    work: pd.DataFrame,
    table: str,
    ref_year: int | None,
    aliases: Mapping[str, Mapping[str, str]] | None,
    reasons: dict[str, pd.Series],
    lines: str,
    *,
    refund_per_order: bool = False,
) -> tuple[dict[str, pd.Series], dict[str, dict], dict[str, pd.Series]]:
    """Parse every mapped column of ``work``; record the first problem per column.

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
    reasons : dict
        Filled in place: ``{column: reason per failing row}``.
    lines : str
        How the export writes a multi-line order (orders only; see
        ``settle_orders``).
    refund_per_order : bool
        Whether a refund repeated on each line is the order's one refund.

    Returns
    -------
    tuple
        The typed columns, the units seen per column, and the masks of rows whose value
        was derived.

    Examples
    --------
    >>> work = pd.DataFrame({"seller_id": ["a"], "period": ["2015年1月"],
    ...                      "category": ["面膜"], "units": ["1.2万"]})
    >>> reasons = {}
    >>> typed, units, derived = parse_columns(work, "inventory", None, None, reasons, "order")
    >>> typed["units"].tolist(), typed["period"].dt.date.tolist()
    ([12000], [datetime.date(2015, 1, 31)])
    """
    aliases = aliases or {}
    typed: dict[str, pd.Series] = {}
    units: dict[str, dict] = {}
    retail_buyer = None
    for column, kind in COLUMN_KINDS[table].items():
        if column not in work.columns:
            continue
        raw = work[column]
        if kind == "id":
            typed[column] = _id_text(raw)
            continue
        if kind == "text":
            typed[column] = raw.astype("str")
            continue
        if kind in ("status", "after_sale"):
            field_name = "order" if kind == "status" else kind
            typed[column], unknown = normalize_statuses(raw, field_name, aliases.get(column))
            what = "order status" if kind == "status" else "after-sale status"
            reasons[column] = _reasons(
                unknown, column, raw, f"unknown {what} (map it with {alias_hint(column)})"
            )
            continue
        if kind == "money":
            typed[column], reasons[column] = _parse_money(raw, column, units)
        elif kind in ("count", "stock", "line"):
            minimum = 0 if kind == "stock" else 1
            typed[column], reasons[column] = _parse_count(raw, column, units, minimum=minimum)
        elif kind in ("day", "month_end"):
            typed[column], reasons[column] = _parse_day(
                raw, column, ref_year, month_end=kind == "month_end"
            )
        elif kind == "tier":
            typed[column], reasons[column], retail = _parse_tier(raw, column, aliases.get("tier"))
            if column == "buyer_tier":
                retail_buyer = retail
            elif retail.any():
                seller_retail = _reasons(retail, column, raw, "a seller cannot be an end customer")
                reasons[column] = pd.concat([reasons[column], seller_retail])
        elif kind == "platform":
            typed[column], reasons[column] = _parse_label(
                raw, column, normalize_platform, aliases.get("platform")
            )
        elif kind == "category":
            typed[column], reasons[column] = _parse_label(
                raw, column, normalize_category, aliases.get("category")
            )
        elif kind == "kind":
            typed[column], reasons[column] = _parse_kind(raw, column)
    derived: dict[str, pd.Series] = {}  # masks of the rows whose value was derived
    if table == "orders" and "quantity" not in typed:  # units unknown: money still counts
        typed["quantity"] = pd.Series(pd.NA, index=work.index, dtype="Int64")
    if table == "orders":
        derived = derive_orders(typed, work.index, retail_buyer)
        settled, problems = settle_orders(
            typed, work.index, lines, refund_per_order=refund_per_order
        )
        derived |= settled
        for column, why in problems.items():
            reasons[column] = pd.concat([reasons.get(column), column + ": " + why])
    return typed, units, derived
