"""Export layouts of shop and platform back offices: which column is which, found from the headers.

A seller's back office exports its orders in its own layout: Taobao/Tmall's 订单报表
(``ExportOrderList``: 订单编号, 买家实际支付金额, 订单状态 …), Pinduoduo's (订单号,
用户实付金额(元), 售后状态 …), JD POP's (one row per SKU, 应付金额 repeated), 抖店's (one row
per 子订单), 有赞's item and order exports, WeChat distribution malls such as 人人商城 /
ewei_shopv2 (goods rows under an order), 微信小店 / 视频号小店, 快手小店, 小红书 千帆, the group-buy
tools 快团团 and 群接龙, and the ERPs 聚水潭 and 旺店通 that gather several shops in one file.
The layouts are data, ``cleaning/data/layouts.csv``, one row per layout with:

``signature``
    headers that must all be present for the layout to be recognised (``|``-separated);
    when several layouts match, the one with the longest signature wins.
``lines``
    how a multi-line order appears: ``order`` (one row per order), ``line_amounts`` (one
    row per line, each with its own amount), ``order_amount_repeated`` (one row per line,
    the order's amount repeated on each: split over the lines by value) or
    ``continuation`` (rows after an order's first leave the order's cells empty) or
    ``continuation_order_amount`` (the same, and the order's amount and refund, written once
    on its first row, are shared out over its lines by value like a repeated one).
one column per role
    ``order_id``, ``date``, ``amount``, ``unit_price``, ``quantity``, ``product``,
    ``status``, ``after_sale``, ``refund``, ``seller_id``: the headers that hold it, in
    priority order (``|``-separated; per row, the first non-empty one is used). For
    ``amount`` that is the order of preference 实付 > 应付 > 总金额 / 商品总价 > 商家实收.
``platform``, ``evidence``
    the platform label of its sales, and where the layout comes from (public code or
    documentation that reads or writes that export).

Examples
--------
>>> detect_layout(["订单号", "商品ID", "商品名称", "订购数量", "京东价", "应付金额"]).name
'jd_pop'
>>> detect_layout(["订单号", "下单时间", "实付金额"]) is None
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from microcommerce.cleaning._headers import (
    HEADER_SEARCH_ROWS,
    header_key,
    map_headers,
    missing_columns,
    missing_columns_error,
    user_columns,
)
from microcommerce.cleaning._roles import header_roles
from microcommerce.core._resources import read_packaged_csv
from microcommerce.errors import LayoutError, ParameterError, UnknownNameError

__all__ = [
    "LINE_MODES",
    "ROLES",
    "Layout",
    "detect_layout",
    "export_layouts",
    "get_layout",
    "locate_header",
    "map_columns",
    "read_layouts",
    "role_positions",
]

#: How a multi-line order appears in an export.
LINE_MODES: tuple[str, ...] = (
    "order",
    "line_amounts",
    "order_amount_repeated",
    "continuation",
    "continuation_order_amount",
)
#: The roles a layout assigns to its headers (canonical order columns and ``after_sale``).
ROLES: tuple[str, ...] = (
    "order_id",
    "date",
    "amount",
    "unit_price",
    "quantity",
    "product",
    "status",
    "after_sale",
    "refund",
    "seller_id",
)


@dataclass(frozen=True)
class Layout:
    """One export layout (a row of ``cleaning/data/layouts.csv``).

    Attributes
    ----------
    name : str
        Its key (``"taobao_orders"``, ``"jd_pop"``), as ``layout=`` takes it.
    title : str
        Its name in words (``淘宝/天猫 订单报表 (ExportOrderList)``).
    platform : str
        The platform label of its sales (``"taobao"``, ``"other"`` …).
    signature : tuple of str
        The headers that must all be present for the layout to be recognised.
    lines : str
        How a multi-line order appears: one of ``LINE_MODES``.
    roles : dict of str to tuple of str
        Role (``order_id``, ``amount`` …) → the headers that hold it, in priority
        order; roles the layout lacks are left out.
    evidence : str
        Where the layout comes from (public code or documentation that reads or
        writes that export).

    Examples
    --------
    >>> jd = get_layout("jd_pop")
    >>> jd.lines, jd.roles["amount"][0]
    ('order_amount_repeated', '应付金额')
    """

    name: str
    title: str
    platform: str
    signature: tuple[str, ...]
    lines: str
    roles: dict[str, tuple[str, ...]]
    evidence: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(h for h in (part.strip() for part in cell.split("|")) if h)


@functools.cache
def _layouts() -> dict[str, Layout]:
    return _from_table(read_packaged_csv(__package__, "data/layouts.csv"), "layouts.csv")


#: The user's own layouts (``layouts=`` / ``--layouts FILE.csv``), by name.
UserLayouts = Mapping[str, Layout]


def read_layouts(source: object) -> dict[str, Layout]:
    """Read a user's own layouts, in the format of the packaged ``layouts.csv``.

    Parameters
    ----------
    source : str, Path or DataFrame
        A CSV file (path) or a DataFrame with the columns of :func:`export_layouts`
        (``evidence`` and ``platform`` may be empty; missing role columns are empty).

    Returns
    -------
    dict
        ``{name: Layout}``; pass it (or the path) as ``layouts=`` to the cleaner.

    Raises
    ------
    LayoutError
        For a table without ``layout``, ``signature`` and ``lines`` columns, or with a
        ``lines`` value not in ``LINE_MODES``.

    Examples
    --------
    >>> mine = pd.DataFrame({"layout": ["my_erp"], "name": ["我的 ERP"],
    ...     "signature": ["系统单号|买家实付"], "lines": ["line_amounts"],
    ...     "order_id": ["系统单号"], "amount": ["买家实付"]})
    >>> read_layouts(mine)["my_erp"].roles
    {'order_id': ('系统单号',), 'amount': ('买家实付',)}
    """
    if isinstance(source, Mapping):
        return dict(source)
    if isinstance(source, pd.DataFrame):
        table, where = source, "layouts="
    else:
        table, where = pd.read_csv(source, dtype="str", keep_default_na=False), str(source)
    need = {"layout", "signature", "lines"} - set(table.columns)
    if need:
        raise LayoutError(f"{where}: a layouts table needs the columns {sorted(need)}")
    full = table.astype("str").reindex(columns=export_layouts().columns).astype("str").fillna("")
    full["platform"] = full["platform"].replace("", "other")
    return _from_table(full.astype("str"), where)


def _from_table(table: pd.DataFrame, where: str) -> dict[str, Layout]:
    out = {}
    for row in table.to_dict("records"):
        if row["lines"] not in LINE_MODES:
            raise LayoutError(
                f"{where}: layout {row['layout']!r}: lines {row['lines']!r} is not one of "
                f"{', '.join(LINE_MODES)}"
            )
        roles = {role: _split(row[role]) for role in ROLES if _split(row[role])}
        out[row["layout"]] = Layout(
            row["layout"],
            row["name"],
            row["platform"],
            _split(row["signature"]),
            row["lines"],
            roles,
            row["evidence"],
        )
    return out


def export_layouts() -> pd.DataFrame:
    """Return the known export layouts as a table (as shipped, one row per layout).

    Returns
    -------
    DataFrame
        Columns ``layout, name, platform, signature, lines``, one per role and
        ``evidence``.

    Examples
    --------
    >>> export_layouts()[["layout", "lines"]].head(3)
              layout                  lines
    0  taobao_orders                  order
    1            pdd                  order
    2         jd_pop  order_amount_repeated
    """
    return read_packaged_csv(__package__, "data/layouts.csv")


def get_layout(name: str, extra: UserLayouts | None = None) -> Layout:
    """Return the layout called ``name``.

    Parameters
    ----------
    name : str
        A name from :func:`export_layouts` (or of ``extra``).
    extra : mapping of str to Layout, optional
        The user's own layouts (:func:`read_layouts`).

    Returns
    -------
    Layout

    Raises
    ------
    UnknownNameError
        For an unknown name (the message lists the known ones and the closest); also a
        ``ValueError`` and a ``KeyError``.

    Examples
    --------
    >>> get_layout("douyin").roles["order_id"]
    ('主订单编号',)
    """
    known = {**_layouts(), **(extra or {})}
    try:
        return known[name]
    except KeyError:
        raise UnknownNameError(
            f"unknown export layout {name!r}; the layouts are {', '.join(known)}",
            name=name,
            known=list(known),
        ) from None


def detect_layout(headers: Sequence[object], extra: UserLayouts | None = None) -> Layout | None:
    """Recognise the layout whose signature headers are all among ``headers``.

    Parameters
    ----------
    headers
        An export's header cells.
    extra
        The user's own layouts (:func:`read_layouts`), tried with the packaged ones.

    Returns
    -------
    Layout or None
        The matching layout with the longest signature.

    Examples
    --------
    >>> detect_layout(["订单编号", "买家会员名", "买家实际支付金额", "订单状态"]).title
    '淘宝/天猫 订单报表 (ExportOrderList)'
    """
    present = {header_key(h) for h in headers if not pd.isna(h)}
    hits = [
        layout
        for layout in {**_layouts(), **(extra or {})}.values()
        if {header_key(h) for h in layout.signature} <= present
    ]
    return max(hits, key=lambda layout: len(layout.signature), default=None)


def role_positions(layout: Layout, headers: Sequence[object]) -> dict[str, list[int]]:
    """Positions of each role's headers present in ``headers``, in priority order.

    Parameters
    ----------
    layout
        The layout.
    headers
        The export's header cells.

    Returns
    -------
    dict
        ``{role: [position, …]}`` for the roles with at least one header present.

    Examples
    --------
    >>> role_positions(get_layout("jd_pop"), ["订单号", "订单金额", "应付金额"])
    {'order_id': [0], 'amount': [2, 1]}
    """
    where: dict[str, int] = {}
    for i, h in enumerate(headers):
        if not pd.isna(h):
            where.setdefault(header_key(h), i)
    found = {
        role: [where[header_key(h)] for h in names if header_key(h) in where]
        for role, names in layout.roles.items()
    }
    return {role: positions for role, positions in found.items() if positions}


def map_columns(
    headers: Sequence[object],
    table: str,
    columns: Mapping[str, str | None] | None,
    layout: Layout | None,
) -> dict[str, list[int]]:
    """Which header positions feed each canonical column, in priority order.

    Without a layout, the generic header aliases
    (``map_headers``).
    With one, the user's ``columns=`` first (``None`` leaves a header out), then the layout's
    roles; the generic aliases are not used, so a platform's own 订单类型 or 销售渠道 is not
    taken for ``kind`` or ``platform``.

    Parameters
    ----------
    headers
        The export's header cells.
    table
        The canonical table.
    columns
        The user's ``{"header": "column" or None}``.
    layout
        The export layout, or None.

    Returns
    -------
    dict
        ``{column: [position, …]}``.

    Examples
    --------
    >>> map_columns(["订单号", "订单类型", "应付金额"], "orders", None, get_layout("jd_pop"))
    {'order_id': [0], 'amount': [2]}
    >>> map_columns(["订单号", "订单类型"], "orders", {"订单类型": None}, None)
    {'order_id': [0]}
    """
    if layout is None:
        return {canon: [i] for i, canon in map_headers(list(headers), table, columns).items()}
    user = user_columns(table, columns)
    out: dict[str, list[int]] = {}
    taken: set[int] = set()
    for i, h in enumerate(headers):
        canon = None if pd.isna(h) else user.get(header_key(h), 0)
        if canon != 0 and not pd.isna(h):
            taken.add(i)
            if canon is not None and canon not in out:
                out[canon] = [i]
    for role, positions in role_positions(layout, headers).items():
        free = [i for i in positions if i not in taken]
        if role not in out and free:
            out[role] = free
    return out


def locate_header(
    raw: pd.DataFrame,
    table: str,
    columns: Mapping[str, str | None] | None,
    layout: str | None = None,
    supplied: set[str] = frozenset(),
    extra: UserLayouts | None = None,
) -> tuple[Layout | None, int | None]:
    """Find the export's layout and its header row.

    The frame's own header is tried first, then its first rows (a title above the
    header). An order export whose headers match a layout's signature is read with that
    layout; ``layout=`` forces one; otherwise the generic aliases are used.

    Parameters
    ----------
    raw
        The export as text.
    table
        The canonical table (layouts are for ``orders``).
    columns
        The user's ``{"header": "column" or None}``.
    layout
        A layout name to force, or None to detect.
    supplied
        Columns given otherwise (``seller=``).
    extra
        The user's own layouts (:func:`read_layouts`).

    Returns
    -------
    tuple
        The layout (None: generic aliases) and the header row (None: the frame's own
        header; else the row index of the header).

    Raises
    ------
    MissingColumnsError
        When no header row gives the required columns.
    UnknownNameError
        For an unknown layout name.
    ParameterError
        For a layout named for another table than orders.

    Examples
    --------
    >>> raw = pd.DataFrame({"订单号": ["1"], "商品ID": ["9"], "订购数量": ["1"],
    ...                     "京东价": ["9"], "应付金额": ["9"], "下单时间": ["2023-04-01"]})
    >>> found, row = locate_header(raw, "orders", None, supplied={"seller_id"})
    >>> found.name, row
    ('jd_pop', None)
    """
    forced = get_layout(layout, extra) if layout is not None else None
    if forced is not None and table != "orders":
        raise ParameterError(f"layout={layout!r}: export layouts are for orders, not {table}")
    rows = [None, *range(min(HEADER_SEARCH_ROWS, len(raw)))]
    first: tuple[Layout | None, set[str]] | None = None
    for at in rows:
        headers = list(raw.columns) if at is None else list(raw.iloc[at])
        found_layout = forced or (detect_layout(headers, extra) if table == "orders" else None)
        found = set(map_columns(headers, table, columns, found_layout))
        found |= header_roles(headers, table) if found_layout is None else set()
        if not missing_columns(table, found, supplied):
            return found_layout, at
        if first is None or (found_layout is not None and first[0] is None):
            first = (found_layout, found)
        if found_layout is not None and forced is None:
            break  # the layout's header row, short of a column the user must give
    found_layout, found = first if first is not None else (forced, set())
    raise missing_columns_error(
        raw, table, found, supplied, layout=found_layout.title if found_layout else None
    )
