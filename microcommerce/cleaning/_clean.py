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

Each step is a small function applied in turn to the state of the cleaning (the
``STEPS`` list of the private module ``cleaning._steps``), and every rejected row gets
a ``reason_code`` beside its reason in words
(:data:`~microcommerce.cleaning.REASON_CODES`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

from microcommerce.cleaning import _display, _steps
from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._headers import header_aliases
from microcommerce.cleaning._lines import LineModel
from microcommerce.cleaning._reasons import code_counts, code_lines, reason_counts
from microcommerce.cleaning._statuses import status_lines, status_report
from microcommerce.cleaning._taxonomy import ladder_aliases
from microcommerce.core._docstrings import fill_doc
from microcommerce.errors import InternalError, ParameterTypeError

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
    rejected_by_code : dict of str to int
        Rejected rows by reason code
        (:data:`~microcommerce.cleaning.REASON_CODES`), most frequent first; the
        counts add up to ``rows_rejected``.
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
    rejected_by_code: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain values for JSON, the duplicates' rows left out.

        Returns
        -------
        dict
            Every field but ``duplicates``.

        Examples
        --------
        >>> raw = pd.DataFrame({"代理编号": ["a", "b", "b"], "上级": [None, "a", "a"],
        ...                     "级别": [0, 1, 1], "加入时间": ["2015-01-02"] * 3})
        >>> report = clean_sellers(raw).report.as_dict()
        >>> report["rows_in"], report["duplicates_removed"], "duplicates" in report
        (3, 1, False)
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
    clean : DataFrame
        The canonical table, validated against ``cleaning._schema``.
    rejected : DataFrame
        One row per source row that could not be used: ``row`` (1-based row of the
        source file, the header being row 1), ``column`` (the canonical column at
        fault), ``reason`` (in words, for people), ``reason_code`` (one of
        :data:`~microcommerce.cleaning.REASON_CODES`, for programs), then the
        row's original cells as text.
    report : CleanReport
        A :class:`CleanReport`: counts by reason code and by reason, duplicates
        removed (and which rows they repeat), the encoding read, the header mapping
        applied, the header row found, units seen, values derived, the layout and the
        statuses.
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
        """Write a short human report (also what the ``clean`` command prints).

        Returns
        -------
        str
            Lines of text: rows read, clean, rejected (by code, with the reasons)
            and removed as duplicates, then the header mapping and what was
            decided or derived on the way.

        Examples
        --------
        >>> raw = pd.DataFrame({"代理编号": ["a", "b"], "上级": [None, "a"],
        ...                     "级别": [0, 1], "加入时间": ["2015-01-02", "2015-02-03"]})
        >>> print(clean_sellers(raw).summary())
        sellers: 2 rows read from a DataFrame
          clean      2
          rejected   0
          duplicates 0 (exact repeats of an earlier row, removed)
          columns: 代理编号 → seller_id, 上级 → parent_id, 级别 → tier, 加入时间 → joined
        """
        r = self.report
        lines = [
            f"{r.table}: {r.rows_in:,} rows read from {r.source or 'a DataFrame'}"
            + (f" ({r.encoding})" if r.encoding else ""),
            f"  clean      {r.rows_clean:,}",
            f"  rejected   {r.rows_rejected:,}",
            f"  duplicates {r.duplicates_removed:,} (exact repeats of an earlier row, removed)",
        ]
        if len(self.rejected):
            lines += ["  rejected by code (reasons in words below each):"]
            lines += code_lines(self.rejected)
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
        lines += _display.decision_lines(
            r.left_out,
            r.unmapped_columns,
            r.line_model,
            r.roles.get("amount"),
            r.seller_from,
            ignored_as="ignored columns",
        )
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
    aliases: Mapping[str, Mapping[str, str]] | None,
    tiers: Sequence[str] | None = None,
    **options: Any,
) -> CleanResult:
    """Clean ``raw`` into ``table``; ``options`` are the other fields of ``_steps.Options``."""
    if not isinstance(raw, pd.DataFrame):
        kind = type(raw).__name__
        raise ParameterTypeError(f"raw: expected a DataFrame of text (see read_table), got {kind}")
    if tiers is not None:
        aliases = {
            **(aliases or {}),
            "tier": {**ladder_aliases(tiers), **(aliases or {}).get("tier", {})},
        }
    state = _steps.start(raw, _steps.Options(table, aliases=aliases, **options))
    return _result(_steps.run(state))


def _result(state: _steps.Cleaning) -> CleanResult:
    """Read the clean table, the rejected rows and the report off the last state."""
    keep = pd.Series(~state.clean.index.isin(state.rejected.index), index=state.clean.index)
    clean = state.clean[keep.to_numpy()].reset_index(drop=True)
    schema.validate(clean, state.table, rows=False)  # the rows were checked by check_rows
    why = state.rejected.reindex(state.raw.index).dropna(subset="reason")
    rejected = pd.concat(
        [
            pd.DataFrame(
                {
                    "row": state.rownum[why.index].astype("Int64"),
                    "column": why["column"].astype("str"),
                    "reason": why["reason"].astype("str"),
                    "reason_code": why["reason_code"].astype("str"),
                }
            ),
            state.text.loc[why.index],
        ],
        axis=1,
    ).reset_index(drop=True)
    n_in, n_clean, n_rej = len(state.raw), len(clean), len(rejected)
    n_dup = int(state.duplicate.sum())
    if n_clean + n_rej + n_dup != n_in:  # pragma: no cover - a bug, never user error
        raise InternalError(f"row accounting broke: {n_in} in, {n_clean}+{n_rej}+{n_dup} out")
    derived = {what: int((mask & keep).sum()) for what, mask in state.derived.items()}
    report = _report(state, n_clean, n_dup, rejected, derived)
    if state.table == "orders":
        exported = bool({"status", "after_sale", "refund"} & set(state.roles.positions))
        report["statuses"] = status_report(clean, exported)
    return CleanResult(clean=clean, rejected=rejected, report=CleanReport(**report))


def _report(
    state: _steps.Cleaning, n_clean: int, n_dup: int, rejected: pd.DataFrame, derived: dict
) -> dict[str, Any]:
    """Gather the fields of the :class:`CleanReport` (its statuses aside)."""
    source, model, at = state.source, state.model, state.header_at
    positions = state.roles.positions
    headers = state.headers
    layout = state.layout
    return dict(
        table=state.table,
        source=source.path,
        encoding=source.encoding,
        rows_in=len(state.raw),
        rows_clean=n_clean,
        rows_rejected=len(rejected),
        duplicates_removed=n_dup,
        duplicates=state.duplicates,
        rejected_by_reason=reason_counts(rejected),
        rejected_by_code=code_counts(rejected),
        header_row=(source.first_row or 2) - 1 + (at + 1 if at is not None else 0),
        header_mapping={str(headers[i]): c for c, cols in positions.items() for i in cols},
        unmapped_columns=[
            str(h)
            for i, h in enumerate(headers)
            if not any(i in cols for cols in positions.values())
        ],
        units_seen=state.units,
        derived=derived,
        layout=layout.name if layout else None,
        layout_name=layout.title if layout else None,
        lines=model.lines,
        sheets=list(source.sheets),
        sheets_skipped=dict(source.sheets_skipped),
        line_model=model.describe() if state.table == "orders" else "",
        line_split={
            "split_amount": model.split_amount,
            "refund_per_order": model.refund_per_order,
            "order_cells": list(model.order_cells),
        },
        roles=state.roles.described(),
        left_out=dict(state.roles.left_out),
        seller_from=state.seller_from,
    )


# ---------------------------------------------------------------------------
# Public wrappers
# ---------------------------------------------------------------------------

_COMMON_PARAMS = """\
raw : DataFrame
    The export as text (``io.read_table``); ``raw.attrs["source"]`` (a
    :class:`~microcommerce.io.SourceInfo`) is reported.
columns : mapping of str to str or None, optional
    Extra header mappings, ``{"your header": "canonical column"}``; ``None`` as the
    column leaves that header out (``{"订单类型": None}``).
ref_year : int, optional
    Year for dates written without one (``7月22日``).
aliases : mapping of str to mapping, optional
    Extra label mappings by vocabulary: ``{"platform": {"抖音": "other"}}``,
    ``{"tier": {"特约": "2"}}``, ``{"category": {...}}``; for orders also
    ``{"status": {"待评价": "completed"}}`` and ``{"after_sale": {...}}``."""
_TIERS_PARAM = """\
tiers : sequence of str, optional
    A brand's ladder of ranks, top first (``["联创", "总代", "省代", "市代", "特约"]``):
    each rank's tier is its position (see
    :func:`~microcommerce.cleaning.ladder_aliases`)."""
_ORDERS_PARAMS = """\
layout : str, optional
    The export layout (:func:`~microcommerce.cleaning.export_layouts`); by
    default it is recognised from the headers, and an export that matches none is
    read through the generic header aliases.
seller : str, optional
    The seller of a one-shop export that names none (a shop-name column, when the
    export has one, wins; this fills its empty cells). A file with no shop column is
    one shop named after the file.
date : str, optional
    The day of every order (``"2024-05-01"``) of an export with no date column; a
    date is never guessed.
layouts : str, Path, DataFrame or mapping, optional
    The user's own export layouts, in the packaged table's format: a CSV path, a
    DataFrame or :func:`~microcommerce.cleaning.read_layouts`' result; tried
    with the packaged ones.
lines : LineModel, optional
    The line model (``line_model_of`` another part's report), to clean a part of a
    file as the whole file was judged; by default it is decided from the values."""
_clean_doc = fill_doc(common=_COMMON_PARAMS, tiers=_TIERS_PARAM, orders=_ORDERS_PARAMS)


@_clean_doc
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

    Parameters
    ----------
    {common}
    {orders}
    {tiers}

    Returns
    -------
    CleanResult

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


@_clean_doc
def clean_sellers(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str | None] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    tiers: Sequence[str] | None = None,
) -> CleanResult:
    """Clean an agent list into the canonical ``sellers`` table.

    Parameters
    ----------
    {common}
    {tiers}

    Returns
    -------
    CleanResult

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


@_clean_doc
def clean_inventory(
    raw: pd.DataFrame,
    *,
    columns: Mapping[str, str | None] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> CleanResult:
    """Clean a stock count into the canonical ``inventory`` table (period = month end).

    Parameters
    ----------
    {common}

    Returns
    -------
    CleanResult

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
