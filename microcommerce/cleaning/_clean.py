"""Turn messy seller, order and stock exports into the canonical tables.

``clean_orders``, ``clean_sellers`` and ``clean_inventory`` take the frame of text
that :func:`microcommerce.io.read_table` returns and give back a
:class:`CleanResult`: the canonical table (validated against
``cleaning._schema``), every row that could not be used with the source
row number, the column at fault and the reason, and a report of what was done.
Nothing is dropped silently::

    rows in = rows clean + rows rejected + exact duplicates removed

Steps, all vectorised over distinct values:

1. **Headers**: an order export laid out as a known shop or platform back office
   exports it (Taobao 订单报表, Pinduoduo, JD POP, 抖店, 有赞, 人人商城 …; see
   ``cleaning._layouts``) is recognised from its headers and read with
   that layout's columns (``layout=`` forces one). Other exports are matched to
   canonical columns through an alias table (``cleaning/data/headers.csv``: 订单号,
   下单时间, 实付金额, 代理级别 …). ``columns={"my header": "amount"}`` adds a mapping and
   ``columns={"订单类型": None}`` leaves a column out. If the first row is not the header
   (an export with a title row above it) the first rows are searched for it, and the
   rows above it are rejected as such. A required column that cannot be found is a
   :class:`~microcommerce.errors.MissingColumnsError` listing what was found and how
   to map it. A one-shop export names its seller with ``seller=``.
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
   with ``cleaning._taxonomy`` (an unknown label is rejected, with the hint
   to add it through ``aliases=``).
5. **Derived values**: a missing ``amount`` is ``quantity × unit_price``; a
   missing ``unit_price`` is ``amount ÷ quantity``; a missing order ``kind`` is
   ``retail`` when the buyer has no agent tier and ``sell_in`` otherwise. Orders get
   their ``status`` and ``refund`` (``cleaning._statuses``) and their
   lines numbered (``cleaning._lines``).
6. **Checks** of the schema (amount ≈ quantity × unit_price, buyer below seller
   for sell-in orders, dates in a sane window, unique keys …) reject the rows that
   fail them, naming the check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning import _display
from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._headers import header_aliases, missing_columns, missing_columns_error
from microcommerce.cleaning._layouts import ROLES, Layout, locate_header, map_columns, read_layouts
from microcommerce.cleaning._lines import (
    LineModel,
    continuation_model,
    fill_continuations,
    repeated_lines_model,
)
from microcommerce.cleaning._orders import (
    FROM_FILE,
    no_date_error,
    one_shop,
    price_from_paid,
    units_from_product,
)
from microcommerce.cleaning._reasons import first_reason, reason_counts, where_first_seen
from microcommerce.cleaning._roles import infer_roles, money_basis, paid_amount
from microcommerce.cleaning._rows import exact_duplicates, ragged_rows, totals_rows
from microcommerce.cleaning._statuses import status_lines, status_report
from microcommerce.cleaning._taxonomy import ladder_aliases
from microcommerce.cleaning._values import parse_columns, text_cells
from microcommerce.errors import MissingColumnsError
from microcommerce.io import source_of

__all__ = [
    "CleanReport",
    "CleanResult",
    "clean_inventory",
    "clean_orders",
    "clean_sellers",
    "header_aliases",
]


@dataclass(frozen=True)
class CleanReport:
    """What cleaning did to one export: counts, the columns found, the rows removed and why.

    Attributes
    ----------
    table : str
        The canonical table made (``orders``, ``sellers`` or ``inventory``).
    source, encoding : str or None
        The file read and its encoding (None for a frame made in memory).
    rows_in, rows_clean, rows_rejected, duplicates_removed : int
        Rows in, and where they went: ``rows_in = rows_clean + rows_rejected +
        duplicates_removed``.
    duplicates : DataFrame
        The exact repeats removed: ``row`` and the earlier ``same_as`` row.
    rejected_by_reason : dict of str to int
        Rejected rows by reason, the cell values taken out so that reasons group.
    header_row : int
        The source row of the header (1 unless a title sat above it).
    header_mapping : dict of str to str
        Each header used → its canonical column.
    unmapped_columns : list of str
        Headers left out.
    units_seen : dict
        Units written in amount cells, by column.
    derived : dict of str to int
        Values derived (``amount = quantity × unit_price`` …) and how many rows.
    layout, layout_name : str or None
        The export layout recognised from the headers, and its title.
    lines : str
        How the export writes a multi-line order (``order``, ``line_amounts`` …).
    statuses : dict or None
        Orders and money by status (orders only; see ``cleaning._statuses``).
    sheets, sheets_skipped : list, dict
        The sheets of a workbook read as one table, and those left out with why.
    line_model : str
        The line model and the evidence for it, in words.
    line_split : dict
        The rest of the line model (``split_amount``, ``refund_per_order``,
        ``order_cells``): with ``lines``, what
        ``line_model_of`` rebuilds.
    roles : dict of str to str
        Each canonical column → the header it was read from, how it was chosen and the
        share of sampled values that fit.
    left_out : dict of str to str
        Headers an alias or a header word suggested, left out because their values do not
        fit, and why.
    seller_from : str or None
        Where a one-shop file's seller came from (``seller=``, the file name).
    """

    table: str
    source: str | None
    encoding: str | None
    rows_in: int
    rows_clean: int
    rows_rejected: int
    duplicates_removed: int
    duplicates: pd.DataFrame = field(repr=False)
    rejected_by_reason: dict[str, int]
    header_row: int
    header_mapping: dict[str, str]
    unmapped_columns: list[str]
    units_seen: dict[str, Any]
    derived: dict[str, int]
    layout: str | None = None
    layout_name: str | None = None
    lines: str = "order"
    statuses: dict[str, Any] | None = None
    sheets: list[str] = field(default_factory=list)
    sheets_skipped: dict[str, str] = field(default_factory=dict)
    line_model: str = ""
    line_split: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    seller_from: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain values for JSON, the duplicates' rows left out.

        Returns
        -------
        dict
            Every field but ``duplicates``.
        """
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "duplicates"}

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        return _display.report_text(self)

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        return _display.report_html(self)


@dataclass(frozen=True)
class CleanResult:
    """What cleaning gives back.

    Attributes
    ----------
    clean
        The canonical table, validated against ``cleaning._schema``.
    rejected
        One row per source row that could not be used: ``row`` (1-based row of the
        source file, the header being row 1), ``column`` (the canonical column at
        fault), ``reason``, then the row's original cells as text.
    report
        A :class:`CleanReport`: counts by reason, duplicates removed (and which rows
        they repeat), the encoding read, the header mapping applied, the header row
        found, units seen, values derived, the layout and the statuses.
    """

    clean: pd.DataFrame
    rejected: pd.DataFrame
    report: CleanReport

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        return _display.result_text(self)

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        return _display.result_html(self)

    def summary(self) -> str:
        """Write a short human report (also what the ``clean`` command prints)."""
        r = self.report
        lines = [
            f"{r.table}: {r.rows_in:,} rows read from {r.source or 'a DataFrame'}"
            + (f" ({r.encoding})" if r.encoding else ""),
            f"  clean      {r.rows_clean:,}",
            f"  rejected   {r.rows_rejected:,}",
            f"  duplicates {r.duplicates_removed:,} (exact repeats of an earlier row, removed)",
        ]
        for reason, n in r.rejected_by_reason.items():
            lines.append(f"    {n:>8,}  {reason}")
        if r.header_row != 1:
            lines.append(f"  header found on row {r.header_row}")
        if len(r.sheets) > 1 or r.sheets_skipped:
            lines.append(f"  sheets read: {', '.join(r.sheets)} (rows numbered on through them)")
        for sheet, why in r.sheets_skipped.items():
            lines.append(f"  sheet skipped: {sheet} — {why}")
        if r.layout:
            lines.append(f"  layout: {r.layout} — {r.layout_name} (lines: {r.lines})")
        mapped = ", ".join(f"{k} → {v}" for k, v in r.header_mapping.items())
        lines.append(f"  columns: {mapped}")
        inferred = {c: how for c, how in r.roles.items() if "(header contains" in how}
        if inferred:
            lines.append("  inferred: " + "; ".join(f"{c} ← {h}" for c, h in inferred.items()))
        for header, why in r.left_out.items():
            lines.append(f"  left out: {header} — {why}")
        if r.unmapped_columns:
            lines.append(f"  ignored columns: {', '.join(r.unmapped_columns)}")
        if r.line_model:
            lines.append(f"  lines: {r.line_model}")
        if "amount" in r.roles:
            lines.append(f"  money basis: {money_basis(r.roles['amount'])}")
        if r.seller_from:
            lines.append(f"  seller: {r.seller_from}")
        for what, n in r.derived.items():
            if n:
                lines.append(f"  derived {what}: {n:,} rows")
        lines += status_lines(r.statuses)
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------


def _clean(
    raw: pd.DataFrame,
    table: str,
    *,
    columns: Mapping[str, str | None] | None,
    ref_year: int | None,
    aliases: Mapping[str, Mapping[str, str]] | None,
    layout: str | None = None,
    seller: str | None = None,
    tiers: Sequence[str] | None = None,
    date: str | None = None,
    layouts: object = None,
    lines: LineModel | None = None,
) -> CleanResult:
    if not isinstance(raw, pd.DataFrame):
        kind = type(raw).__name__
        raise TypeError(f"expected a DataFrame of text (see io.read_table), got {kind}")
    if tiers is not None:
        aliases = {
            **(aliases or {}),
            "tier": {**ladder_aliases(tiers), **(aliases or {}).get("tier", {})},
        }
    source = source_of(raw)
    raw = raw.set_axis(pd.RangeIndex(len(raw)))  # pd.concat without ignore_index repeats labels
    first_row = source.first_row or 2  # the header is row 1 of the file
    n_in = len(raw)
    rownum = pd.Series(np.arange(first_row, first_row + n_in), index=raw.index)
    raw_text = _as_text(raw)  # the cells as text, as the user sees them

    seller, seller_from = one_shop(table, seller, source.path)
    supplied = {"seller_id"} if seller is not None else set()
    supplied |= {"date"} if date is not None else set()
    try:
        extra = read_layouts(layouts) if layouts is not None else None
        found_layout, header_at = locate_header(raw, table, columns, layout, supplied, extra)
    except MissingColumnsError as err:
        raise no_date_error(err) from None
    pre_header = pd.Series(False, index=raw.index)
    headers = list(raw.columns)
    if header_at is not None:  # a title row stood above the header: use the header found
        headers = [
            h if pd.notna(h) else f"column {i + 1}" for i, h in enumerate(raw.iloc[header_at])
        ]
        raw_text = raw_text.set_axis(_unique_names(headers), axis=1)
        pre_header.iloc[: header_at + 1] = True
    given = map_columns(headers, table, columns, found_layout) if found_layout else None
    inferred = infer_roles(
        raw_text.iloc[(header_at + 1) if header_at is not None else 0 :],
        headers,
        table,
        columns,
        given,
        open_roles=set(ROLES) - set(given) if given is not None else None,
        aliases=aliases,
    )
    positions = inferred.positions
    if missing_columns(table, set(positions), supplied):
        title = found_layout.title if found_layout else None
        err = missing_columns_error(raw, table, set(positions), supplied, layout=title)
        raise no_date_error(err)
    if "seller_id" in positions and seller_from and seller_from.startswith(FROM_FILE):
        seller = seller_from = None  # the shop column names the sellers: no name made up
    mapping = {str(headers[i]): canon for canon, cols in positions.items() for i in cols}
    frame = pd.DataFrame(
        {canon: _coalesce(raw, cols) for canon, cols in positions.items()}, index=raw.index
    )

    reasons: dict[str, pd.Series] = {}  # first problem per row, in pipeline order
    filled = frame.notna().sum(axis=1)
    filled_anywhere = raw_text.notna().sum(axis=1)
    blank = (filled_anywhere == 0) & ~pre_header
    unmapped_only = (filled == 0) & (filled_anywhere > 0) & ~pre_header
    single = (filled_anywhere == 1) & (filled == 1) & ~pre_header & (raw_text.shape[1] > 1)
    key = frame[schema.TABLES[table].key[0]]
    label_in_key = key.isna() | totals_rows(key.to_frame())  # a valid order may sell "Total"
    totals = ~pre_header & ~blank & totals_rows(raw_text) & label_in_key
    early = pd.Series(np.nan, index=raw.index, dtype=object)
    early[pre_header] = "header or title row above the data"
    if header_at is not None:
        early.iloc[header_at] = "header row"
    early[blank] = "blank row"
    early[unmapped_only] = "nothing in the mapped columns (a note in another column?)"
    early[single] = "a single filled cell: a note or a junk line, not a record"
    early[totals] = "totals row (合计/total), not an order" if table == "orders" else "totals row"
    early = ragged_rows(early, source.ragged, pre_header)
    model = lines  # decided for the whole file (part-by-part cleaning), or from the values:
    if model is None and table == "orders":
        hint = found_layout.lines if found_layout else None
        model = continuation_model(frame, early.isna(), _ORDER_LEVEL, hint=hint)
    if (
        model is not None and model.lines == "continuation"
    ):  # goods rows under an order: the order's cells filled down
        cells = list(model.order_cells)
        frame, orphan = fill_continuations(frame, cells, early.isna())
        early[orphan] = "a goods row with no order above it (continuation row)"
        raw_text = raw_text.assign(**{f"\0{c}": frame[c] for c in cells if c in frame})
        key = frame["order_id"]
    frame = _constants(frame, table, seller, found_layout, date)
    frame, from_text = units_from_product(frame, table)
    # exact duplicates among the rows still in play
    live = early.isna()
    dup, report_dups = exact_duplicates(raw_text, live, key, rownum)
    raw_text = raw_text.drop(columns=[c for c in raw_text.columns if str(c).startswith("\0")])
    work = frame[live & ~dup]
    if model is None and table == "orders":
        model = repeated_lines_model(work, found_layout.lines if found_layout else None)
    model = model or LineModel("line_amounts" if "line" in work else "order")
    lines = "order_amount_repeated" if model.split_amount else model.lines

    typed, units, derived = parse_columns(
        work, table, ref_year, aliases, reasons, lines, refund_per_order=model.refund_per_order
    )
    if from_text is not None:
        derived["quantity from the product text (商品+2, ×2)"] = from_text.reindex(work.index)
    clean = _assemble(typed, table, work.index)
    row_reason, row_column = first_reason(reasons, work.index)

    # schema checks on the rows that parsed
    ok = row_reason.isna()
    if table == "orders" and paid_amount(headers, positions.get("amount")):
        clean, derived["unit_price = amount ÷ quantity (paid ≠ quantity × price)"] = (
            price_from_paid(clean, ok)
        )
    failures = schema.row_failures(clean[ok.to_numpy()], table)
    if not failures.empty:
        first = failures.drop_duplicates("row")
        first = where_first_seen(first, clean[ok.to_numpy()], rownum, table)
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
    report = dict(
        table=table,
        source=source.path,
        encoding=source.encoding,
        rows_in=n_in,
        rows_clean=n_clean,
        rows_rejected=n_rej,
        duplicates_removed=n_dup,
        duplicates=report_dups,
        rejected_by_reason=reason_counts(rejected),
        header_row=first_row - 1 + (header_at + 1 if header_at is not None else 0),
        header_mapping=mapping,
        unmapped_columns=[
            str(h)
            for i, h in enumerate(headers)
            if not any(i in cols for cols in positions.values())
        ],
        units_seen=units,
        derived=derived_counts,
        layout=found_layout.name if found_layout else None,
        layout_name=found_layout.title if found_layout else None,
        lines=model.lines,
        sheets=list(source.sheets),
        sheets_skipped=dict(source.sheets_skipped),
        line_model=model.describe() if table == "orders" else "",
        line_split={
            "split_amount": model.split_amount,
            "refund_per_order": model.refund_per_order,
            "order_cells": list(model.order_cells),
        },
        roles=inferred.described(),
        left_out=dict(inferred.left_out),
        seller_from=seller_from,
    )
    if table == "orders":
        exported = bool({"status", "after_sale", "refund"} & set(positions))
        report["statuses"] = status_report(clean, exported)
    return CleanResult(clean=clean, rejected=rejected, report=CleanReport(**report))


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


#: Order cells a continuation row leaves empty (filled from its order's first row).
_ORDER_LEVEL = ["order_id", "date", "seller_id", "status", "after_sale", "platform"]


def _coalesce(raw: pd.DataFrame, positions: list[int]) -> pd.Series:
    """Take the text of the first column with a value in each row (headers by priority)."""
    out = text_cells(raw.iloc[:, positions[0]])
    for i in positions[1:]:
        out = out.fillna(text_cells(raw.iloc[:, i]))
    return out


def _constants(
    frame: pd.DataFrame,
    table: str,
    seller: str | None,
    layout: Layout | None,
    date: str | None = None,
) -> pd.DataFrame:
    """Fill in ``seller=``, ``date=`` and the layout's platform where the export gives none."""
    fill = {}
    if table == "orders" and date is not None:
        given = frame["date"] if "date" in frame else pd.Series(np.nan, index=frame.index)
        fill["date"] = given.astype("str").fillna(str(date))
    if table == "orders" and seller is not None:
        given = (
            frame["seller_id"]
            if "seller_id" in frame
            else pd.Series(np.nan, index=frame.index, dtype="str")
        )
        fill["seller_id"] = given.fillna(str(seller))
    if layout is not None and "platform" not in frame:
        fill["platform"] = pd.Series(layout.platform, index=frame.index, dtype="str")
    return frame.assign(**fill) if fill else frame


def _assemble(typed: dict, table: str, index: pd.Index) -> pd.DataFrame:
    t = schema.TABLES[table]
    out = {}
    for c in t.columns:
        s = typed.get(c.name)
        if s is None:
            s = pd.Series(pd.NA if str(c.dtype).startswith("Int") else np.nan, index=index)
        out[c.name] = s.astype(c.dtype)
    return pd.DataFrame(out, index=index)


# ---------------------------------------------------------------------------
# Public wrappers
# ---------------------------------------------------------------------------

_COMMON_PARAMS = """
    Parameters
    ----------
    raw
        The export as text (``io.read_table``); ``raw.attrs["source"]`` (a
        :class:`~microcommerce.io.SourceInfo`) is reported.
    columns
        Extra header mappings, ``{"your header": "canonical column"}``; ``None`` as the
        column leaves that header out (``{"订单类型": None}``).
    ref_year
        Year for dates written without one (``7月22日``).
    aliases
        Extra label mappings by vocabulary: ``{"platform": {"抖音": "other"}}``,
        ``{"tier": {"特约": "2"}}``, ``{"category": {...}}``; for orders also
        ``{"status": {"待评价": "completed"}}`` and ``{"after_sale": {...}}``."""
_TIERS_PARAM = """
    tiers
        A brand's ladder of ranks, top first (``["联创", "总代", "省代", "市代", "特约"]``):
        each rank's tier is its position (see
        :func:`~microcommerce.cleaning.ladder_aliases`)."""
_ORDERS_PARAMS = """
    layout
        The export layout (:func:`~microcommerce.cleaning.export_layouts`); by
        default it is recognised from the headers, and an export that matches none is
        read through the generic header aliases.
    seller
        The seller of a one-shop export that names none (a shop-name column, when the
        export has one, wins; this fills its empty cells). A file with no shop column is
        one shop named after the file.
    date
        The day of every order (``"2024-05-01"``) of an export with no date column; a
        date is never guessed.
    layouts
        The user's own export layouts, in the packaged table's format: a CSV path, a
        DataFrame or :func:`~microcommerce.cleaning.read_layouts`' result; tried
        with the packaged ones.
    lines
        The line model (``line_model_of`` another part's
        report), to clean a part of
        a file as the whole file was judged; by default it is decided from the values."""
_RETURNS = """

    Returns
    -------
    CleanResult
"""


def clean_orders(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str | None] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    layout: str | None = None,
    seller: str | None = None,
    tiers: Sequence[str] | None = None,
    date: str | None = None,
    layouts: object = None,
    lines: LineModel | None = None,
) -> CleanResult:
    """Clean an order export into the canonical ``orders`` table.

    Each row is one line of an order, with its ``status`` (one of
    :data:`~microcommerce.cleaning.STATUSES`; empty when the export has no status
    column) and ``refund``; the analyses count only the orders sold, net of refunds
    (:func:`microcommerce.analyses.sold_orders`).

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
    >>> result.report.duplicates_removed
    1

    A shop's export: no seller tier, statuses, a refund.

    >>> shop = pd.DataFrame({"订单编号": ["T1", "T2", "T3"], "买家会员名": ["a", "b", "c"],
    ...     "订单创建时间": ["2023-03-01 10:00", "2023-03-02 11:00", "2023-03-03 12:00"],
    ...     "买家实际支付金额": ["276.00", "138.00", "299.00"], "宝贝总数量": ["2", "1", "1"],
    ...     "订单状态": ["交易成功", "交易关闭", "交易成功"], "退款金额": ["0", "138", "50"]})
    >>> result = clean_orders(shop, seller="蜜语")
    >>> result.report.layout
    'taobao_orders'
    >>> result.clean[["order_id", "seller_id", "seller_tier", "amount", "refund", "status"]]
      order_id seller_id  seller_tier  amount  refund              status
    0       T1        蜜语         <NA>   276.0     0.0           completed
    1       T2        蜜语         <NA>   138.0   138.0              closed
    2       T3        蜜语         <NA>   299.0    50.0  partially_refunded
    """
    return _clean(
        raw,
        "orders",
        columns=columns,
        ref_year=ref_year,
        aliases=aliases,
        layout=layout,
        seller=seller,
        tiers=tiers,
        date=date,
        layouts=layouts,
        lines=lines,
    )


def clean_sellers(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str | None] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    tiers: Sequence[str] | None = None,
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
    return _clean(raw, "sellers", columns=columns, ref_year=ref_year, aliases=aliases, tiers=tiers)


def clean_inventory(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str | None] | None = None,
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


_EXTRA_PARAMS = {
    clean_orders: _ORDERS_PARAMS + _TIERS_PARAM,
    clean_sellers: _TIERS_PARAM,
    clean_inventory: "",
}
for _f, _extra in _EXTRA_PARAMS.items():
    _f.__doc__ = _f.__doc__.replace(
        "\n    Examples", _COMMON_PARAMS + _extra + _RETURNS + "\n    Examples", 1
    )
del _f, _extra
