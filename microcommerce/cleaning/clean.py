"""Turn messy seller, order and stock exports into the canonical tables.

``clean_orders``, ``clean_sellers`` and ``clean_inventory`` take the frame of text
that :func:`microcommerce.io.read_table` returns and give back a
:class:`CleanResult`: the canonical table (validated against
:mod:`microcommerce.cleaning.schema`), every row that could not be used with the source
row number, the column at fault and the reason, and a report of what was done.
Nothing is dropped silently::

    rows in = rows clean + rows rejected + exact duplicates removed

Steps, all vectorised over distinct values:

1. **Headers** are matched to canonical columns through an alias table
   (``cleaning/data/headers.csv``: 订单号, 下单时间, 实付金额, 代理级别 …; extend it with
   ``columns={"my header": "amount"}``). If the first row is not the header (an
   export with a title row above it) the first rows are searched for it, and the
   rows above it are rejected as such. A required column that cannot be found is
   an :class:`~microcommerce.errors.InputError` listing what was found.
2. **Blank rows**, lines with a **single filled cell** (notes, ``--- 导出结束 ---``),
   **totals rows** (合计, 总计, 小计, total) and **ragged rows** (more cells than the
   header: an unquoted comma in ``1,280``; see :func:`microcommerce.io.read_table`)
   are rejected as such.
3. **Exact duplicates** of an earlier row (every cell equal) are removed and
   counted; the report lists which row each repeats.
4. **Values** are parsed: amounts and counts with
   :func:`~microcommerce.parse.parse_amounts` (``¥1,280.00``, ``1.2万``; an
   approximate figure such as ``约1万`` or a foreign currency is rejected), dates
   with :func:`~microcommerce.parse.parse_dates`, platforms, categories and tiers
   with :mod:`microcommerce.cleaning.taxonomy` (an unknown label is rejected, with the hint
   to add it through ``aliases=``).
5. **Derived values**: a missing ``amount`` is ``quantity × unit_price``; a
   missing ``unit_price`` is ``amount ÷ quantity``; a missing order ``kind`` is
   ``retail`` when the buyer has no agent tier and ``sell_in`` otherwise.
6. **Checks** of the schema (amount ≈ quantity × unit_price, buyer below seller
   for sell-in orders, dates in a sane window, unique keys …) reject the rows that
   fail them, naming the check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from microcommerce.cleaning import schema
from microcommerce.cleaning.headers import (
    COLUMN_KINDS,
    find_header_row,
    header_aliases,
    map_headers,
    missing_columns_error,
)
from microcommerce.cleaning.taxonomy import normalize_category, normalize_platform, normalize_tier
from microcommerce.io import RaggedRows, source_of
from microcommerce.parse import parse_amounts, parse_dates

__all__ = ["CleanResult", "clean_inventory", "clean_orders", "clean_sellers", "header_aliases"]

_TOTALS = r"^\s*(合计|总计|小计|汇总|总和|total|totals|sum|grand total)\s*[:：]?\s*$"
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


@dataclass(frozen=True)
class CleanResult:
    """What cleaning gives back.

    Attributes
    ----------
    clean
        The canonical table, validated against :mod:`microcommerce.cleaning.schema`.
    rejected
        One row per source row that could not be used: ``row`` (1-based row of the
        source file, the header being row 1), ``column`` (the canonical column at
        fault), ``reason``, then the row's original cells as text.
    report
        Counts by reason, duplicates removed (and which rows they repeat), the
        encoding read, the header mapping applied, the header row found, units
        seen, values derived.
    """

    clean: pd.DataFrame
    rejected: pd.DataFrame
    report: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """Write a short human report (also what the ``clean`` command prints)."""
        r = self.report
        lines = [
            f"{r['table']}: {r['rows_in']:,} rows read from {r.get('source') or 'a DataFrame'}"
            + (f" ({r['encoding']})" if r.get("encoding") else ""),
            f"  clean      {r['rows_clean']:,}",
            f"  rejected   {r['rows_rejected']:,}",
            f"  duplicates {r['duplicates_removed']:,} (exact repeats of an earlier row, removed)",
        ]
        for reason, n in r["rejected_by_reason"].items():
            lines.append(f"    {n:>8,}  {reason}")
        if r.get("header_row", 1) != 1:
            lines.append(f"  header found on row {r['header_row']}")
        mapped = ", ".join(f"{k} → {v}" for k, v in r["header_mapping"].items())
        lines.append(f"  columns: {mapped}")
        if r["unmapped_columns"]:
            lines.append(f"  ignored columns: {', '.join(r['unmapped_columns'])}")
        for what, n in r["derived"].items():
            if n:
                lines.append(f"  derived {what}: {n:,} rows")
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Parsing one column: typed values and a reason where a value is unusable
# ---------------------------------------------------------------------------


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


def _parse_kind(raw: pd.Series, column: str):
    values = raw.str.strip().str.casefold().map(_KIND_ALIASES)
    bad = raw.notna() & values.isna()
    return values, _reasons(bad, column, raw, "not sell_in (进货) or retail (零售)")


def _text(raw: pd.Series) -> pd.Series:
    s = raw.astype("str").str.strip()
    return s.where(s != "")


# ---------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------


def _clean(
    raw: pd.DataFrame,
    table: str,
    *,
    columns: Mapping[str, str] | None,
    ref_year: int | None,
    aliases: Mapping[str, Mapping[str, str]] | None,
) -> CleanResult:
    if not isinstance(raw, pd.DataFrame):
        kind = type(raw).__name__
        raise TypeError(f"expected a DataFrame of text (see io.read_table), got {kind}")
    source = source_of(raw)
    raw = raw.set_axis(pd.RangeIndex(len(raw)))  # pd.concat without ignore_index repeats labels
    first_row = source.first_row or 2  # the header is row 1 of the file
    n_in = len(raw)
    rownum = pd.Series(np.arange(first_row, first_row + n_in), index=raw.index)
    raw_text = _as_text(raw)  # the cells as text, as the user sees them

    header_at = find_header_row(raw, table, columns)
    if header_at == -1:
        raise missing_columns_error(raw, table, columns)
    pre_header = pd.Series(False, index=raw.index)
    headers = list(raw.columns)
    if header_at is not None:  # a title row stood above the header: use the header found
        headers = [
            h if pd.notna(h) else f"column {i + 1}" for i, h in enumerate(raw.iloc[header_at])
        ]
        raw_text = raw_text.set_axis(_unique_names(headers), axis=1)
        pre_header.iloc[: header_at + 1] = True
    positions = map_headers(headers, table, columns)
    mapping = {str(headers[i]): canon for i, canon in positions.items()}
    frame = pd.DataFrame(
        {canon: _text(raw.iloc[:, i]) for i, canon in positions.items()}, index=raw.index
    )

    reasons: dict[str, pd.Series] = {}  # first problem per row, in pipeline order
    filled = frame.notna().sum(axis=1)
    filled_anywhere = raw_text.notna().sum(axis=1)
    blank = (filled_anywhere == 0) & ~pre_header
    unmapped_only = (filled == 0) & (filled_anywhere > 0) & ~pre_header
    single = (filled_anywhere == 1) & (filled == 1) & ~pre_header & (raw_text.shape[1] > 1)
    key = frame[schema.TABLES[table].key[0]]
    label_in_key = key.isna() | _totals_rows(key.to_frame())  # a valid order may sell "Total"
    totals = ~pre_header & ~blank & _totals_rows(raw_text) & label_in_key
    early = pd.Series(np.nan, index=raw.index, dtype=object)
    early[pre_header] = "header or title row above the data"
    if header_at is not None:
        early.iloc[header_at] = "header row"
    early[blank] = "blank row"
    early[unmapped_only] = "nothing in the mapped columns (a note in another column?)"
    early[single] = "a single filled cell: a note or a junk line, not a record"
    early[totals] = "totals row (合计/total), not an order" if table == "orders" else "totals row"
    early = _ragged_rows(early, source.ragged, pre_header)
    # exact duplicates among the rows still in play
    live = early.isna()
    dup, report_dups = _exact_duplicates(raw_text, live, key, rownum)
    work = frame[live & ~dup]

    typed, units, derived = _parse_columns(work, table, ref_year, aliases, reasons)
    clean = _assemble(typed, table, work.index)
    row_reason, row_column = _first_reason(reasons, work.index)

    # schema checks on the rows that parsed
    ok = row_reason.isna()
    failures = schema.row_failures(clean[ok.to_numpy()], table)
    if not failures.empty:
        first = failures.drop_duplicates("row")
        row_reason[first["row"].to_numpy()] = "fails check: " + first["check"].to_numpy()
        row_column[first["row"].to_numpy()] = first["column"].to_numpy()
    keep = row_reason.isna()
    clean = clean[keep.to_numpy()].reset_index(drop=True)
    derived_counts = {what: int((mask & keep).sum()) for what, mask in derived.items()}
    schema.validate(clean, table, rows=False)  # the rows were checked just above

    reason_all = early.copy()
    column_all = pd.Series(np.nan, index=raw.index, dtype=object)
    reason_all[row_reason.index] = row_reason
    column_all[row_column.index] = row_column
    rejected_mask = reason_all.notna()
    rejected = pd.concat(
        [
            pd.DataFrame(
                {
                    "row": rownum[rejected_mask].astype("Int64"),
                    "column": column_all[rejected_mask].astype("str"),
                    "reason": reason_all[rejected_mask].astype("str"),
                }
            ),
            raw_text[rejected_mask],
        ],
        axis=1,
    ).reset_index(drop=True)

    n_clean, n_rej, n_dup = len(clean), int(rejected_mask.sum()), int(dup.sum())
    if n_clean + n_rej + n_dup != n_in:  # pragma: no cover - a bug, never user error
        raise AssertionError(f"row accounting broke: {n_in} in, {n_clean}+{n_rej}+{n_dup} out")
    report = {
        "table": table,
        "source": source.path,
        "encoding": source.encoding,
        "rows_in": n_in,
        "rows_clean": n_clean,
        "rows_rejected": n_rej,
        "duplicates_removed": n_dup,
        "duplicates": report_dups,
        "rejected_by_reason": _reason_counts(rejected),
        "header_row": first_row - 1 + (header_at + 1 if header_at is not None else 0),
        "header_mapping": mapping,
        "unmapped_columns": [str(h) for i, h in enumerate(headers) if i not in positions],
        "units_seen": units,
        "derived": derived_counts,
    }
    return CleanResult(clean=clean, rejected=rejected, report=report)


def _ragged_rows(early: pd.Series, ragged: RaggedRows | None, pre_header: pd.Series) -> pd.Series:
    """``early`` with the reader's ragged rows (more cells than the header) rejected."""
    if not ragged or not len(ragged.rows):
        return early
    rows = ragged.rows
    cells = pd.Series(ragged.cells, index=early.index[rows]).astype("str")
    why = (
        "ragged row: " + cells + f" cells where the header has {ragged.width} "
        "(an unquoted delimiter inside a value? its surplus cells are in the last column)"
    )
    why = why[~pre_header.iloc[rows].to_numpy()]  # rows above a header found lower down
    return early.mask(early.index.isin(why.index), why)


def _as_text(raw: pd.DataFrame) -> pd.DataFrame:
    """Every column as ``str`` (read_table's frames already are), with unique names."""
    if not all(isinstance(t, pd.StringDtype) for t in raw.dtypes):
        raw = raw.astype("str")
    return raw.set_axis(_unique_names(raw.columns), axis=1)


def _unique_names(names: Sequence[object]) -> list[str]:
    """Make header names unique the way pandas' readers do it: 金额, 金额.1, …."""
    seen: dict[str, int] = {}
    out = []
    for name in map(str, names):
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _totals_rows(raw_text: pd.DataFrame) -> pd.Series:
    """Rows with a cell such as 合计 or Total (pyarrow's regex kernel, not a Python loop)."""
    hit = np.zeros(len(raw_text), dtype=bool)
    for col in raw_text.columns:
        cells = pa.array(raw_text[col].array)
        found = pc.match_substring_regex(cells, _TOTALS, ignore_case=True)
        hit |= pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return pd.Series(hit, index=raw_text.index)


def _exact_duplicates(raw_text: pd.DataFrame, live: pd.Series, key: pd.Series, rownum: pd.Series):
    """Rows that repeat an earlier live row cell for cell, and which row each repeats.

    Exact repeats share their key value, so rows are first narrowed to those whose
    key occurs more than once (one hash pass over one column); whole rows are
    compared only among those.
    """
    candidates = live & key.duplicated(keep=False)
    sub = raw_text[candidates]
    dup = pd.Series(False, index=raw_text.index)
    dup[candidates] = sub.duplicated(keep="first")
    involved = sub.duplicated(keep=False)
    sub, rows = sub[involved], rownum[candidates][involved]
    group = sub.groupby(list(sub.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = rows.groupby(group).transform("first")
    repeat = rows != first
    pairs = pd.DataFrame(
        {"row": rows[repeat].astype("Int64"), "same_as_row": first[repeat].astype("Int64")}
    ).reset_index(drop=True)
    return dup, pairs


def _reason_counts(rejected: pd.DataFrame) -> dict[str, int]:
    """Count rows by reason, with the cell values taken out so that reasons group."""
    general = rejected["reason"].str.replace(r"'[^']*' — ", "", regex=True)
    return {str(k): int(v) for k, v in general.value_counts().items()}


def _parse_columns(work, table, ref_year, aliases, reasons):
    """Parse every mapped column of ``work``; record the first problem per column."""
    aliases = aliases or {}
    typed: dict[str, pd.Series] = {}
    units: dict[str, dict] = {}
    retail_buyer = None
    for column, kind in COLUMN_KINDS[table].items():
        if column not in work.columns:
            continue
        raw = work[column]
        if kind in ("id", "text"):
            typed[column] = raw.astype("str")
            continue
        if kind == "money":
            typed[column], reasons[column] = _parse_money(raw, column, units)
        elif kind in ("count", "stock"):
            minimum = 1 if kind == "count" else 0
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
    if table == "orders":
        _derive_orders(typed, work.index, retail_buyer, derived)
    return typed, units, derived


def _derive_orders(typed: dict, index: pd.Index, retail_buyer, derived: dict) -> None:
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


def _assemble(typed: dict, table: str, index: pd.Index) -> pd.DataFrame:
    t = schema.TABLES[table]
    out = {}
    for c in t.columns:
        s = typed.get(c.name)
        if s is None:
            s = pd.Series(pd.NA if c.dtype in ("Int8", "Int64") else np.nan, index=index)
        out[c.name] = s.astype(c.dtype)
    return pd.DataFrame(out, index=index)


def _first_reason(reasons: dict[str, pd.Series], index: pd.Index):
    """Find the first problem of each row, in pipeline order (reasons are sparse)."""
    reason = pd.Series(np.nan, index=index, dtype=object)
    column = pd.Series(np.nan, index=index, dtype=object)
    for col, r in reasons.items():
        r = r[~r.index.duplicated()]
        fill = r.index[reason[r.index].isna().to_numpy()]
        reason[fill] = r[fill]
        column[fill] = col
    return reason, column


# ---------------------------------------------------------------------------
# Public wrappers
# ---------------------------------------------------------------------------

_COMMON_DOC = """
    Parameters
    ----------
    raw
        The export as text (``io.read_table``); ``raw.attrs["source"]`` (a
        :class:`~microcommerce.io.SourceInfo`) is reported.
    columns
        Extra header mappings, ``{"your header": "canonical column"}``.
    ref_year
        Year for dates written without one (``7月22日``).
    aliases
        Extra label mappings by vocabulary: ``{"platform": {"抖音": "other"}}``,
        ``{"tier": {"特约": "2"}}``, ``{"category": {...}}``.

    Returns
    -------
    CleanResult
"""


def clean_orders(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> CleanResult:
    """Clean an order export into the canonical ``orders`` table.

    Examples
    --------
    >>> raw = pd.DataFrame({
    ...     "订单号": ["A1", "A2", "A2", "合计"],
    ...     "下单时间": ["2014年3月5日", "2014/3/6", "2014/3/6", None],
    ...     "卖家": ["s1", "s1", "s1", None], "代理级别": ["总代", "总代", "总代", None],
    ...     "数量": ["10", "2", "2", "12"],
    ...     "实付金额": ["¥1,280.00", "约300", "约300", "1580"]})
    >>> result = clean_orders(raw)
    >>> result.clean[["order_id", "date", "seller_tier", "kind", "quantity", "amount"]]
      order_id       date  seller_tier    kind  quantity  amount
    0       A1 2014-03-05            0  retail        10  1280.0
    >>> result.rejected[["row", "column", "reason"]]
       row  column                                              reason
    0    3  amount  amount: '约300' — an approximate figure (about)
    1    5     NaN               totals row (合计/total), not an order
    >>> result.report["duplicates_removed"]
    1
    """
    return _clean(raw, "orders", columns=columns, ref_year=ref_year, aliases=aliases)


def clean_sellers(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> CleanResult:
    """Clean an agent list into the canonical ``sellers`` table.

    Examples
    --------
    >>> raw = pd.DataFrame({"代理编号": ["a", "b"], "上级": [None, "a"],
    ...                     "级别": ["总代", "一级代理"],
    ...                     "授权时间": ["2014-03-05", "2014年4月1日"]})
    >>> clean_sellers(raw).clean[["seller_id", "parent_id", "tier", "joined"]]
      seller_id parent_id  tier     joined
    0         a       NaN     0 2014-03-05
    1         b         a     1 2014-04-01
    """
    return _clean(raw, "sellers", columns=columns, ref_year=ref_year, aliases=aliases)


def clean_inventory(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> CleanResult:
    """Clean a stock count into the canonical ``inventory`` table (period = month end).

    Examples
    --------
    >>> raw = pd.DataFrame({"代理编号": ["a", "a"], "月份": ["2015年1月", "2015-02"],
    ...                     "品类": ["面膜", "面膜"], "库存": ["1,200", "1.2万"]})
    >>> clean_inventory(raw).clean[["seller_id", "period", "category", "units"]]
      seller_id     period category  units
    0         a 2015-01-31     mask   1200
    1         a 2015-02-28     mask  12000
    """
    return _clean(raw, "inventory", columns=columns, ref_year=ref_year, aliases=aliases)


for _f in (clean_orders, clean_sellers, clean_inventory):
    _f.__doc__ = _f.__doc__.replace("\n    Examples", _COMMON_DOC + "\n    Examples", 1)
del _f
