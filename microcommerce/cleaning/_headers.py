"""Which column of an export is which: header aliases, the header row, missing columns.

Headers are matched to the canonical columns of ``cleaning._schema``
through an alias table shipped as data (``cleaning/data/headers.csv``: 订单号, 下单时间,
实付金额, 代理级别 …) and the user's own ``columns=`` mapping, which wins. Matching ignores
case, width, spaces, punctuation and a bracketed unit that agrees with the column
(``金额(元)``, ``数量（件）``).

Examples
--------
>>> map_headers(["订单编号", "下单时间", "实付金额(元)", "备注"], "orders", None)
{0: 'order_id', 1: 'date', 2: 'amount'}
>>> header_key("Order ID（元）")
'orderid'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import pandas as pd

from microcommerce._quote import excerpt
from microcommerce.core._resources import read_packaged_csv
from microcommerce.core._text import compact_key, matching_key
from microcommerce.errors import MissingColumnsError, UnknownNameError
from microcommerce.io import source_of

__all__ = [
    "COLUMN_KINDS",
    "HEADER_SEARCH_ROWS",
    "OPTIONAL_COLUMNS",
    "header_aliases",
    "header_key",
    "map_headers",
    "missing_columns",
    "missing_columns_error",
    "required_columns",
]

_SHOWN_HEADERS = 20  # headers quoted in the error, at most
#: How many rows below a wrong header are searched for the real one (a title above it).
HEADER_SEARCH_ROWS = 10

#: How each canonical column is parsed, per table.
COLUMN_KINDS: dict[str, dict[str, str]] = {
    "orders": {
        "order_id": "id",
        "date": "day",
        "seller_id": "id",
        "buyer_id": "id",
        "seller_tier": "tier",
        "buyer_tier": "tier",
        "kind": "kind",
        "platform": "platform",
        "category": "category",
        "product": "text",
        "quantity": "count",
        "unit_price": "money",
        "amount": "money",
        "refund": "money",
        "status": "status",
        "after_sale": "after_sale",
        "line": "line",
        "amount_basis": "basis",
    },
    "sellers": {
        "seller_id": "id",
        "parent_id": "id",
        "tier": "tier",
        "joined": "day",
        "left": "day",
        "platform": "platform",
        "category": "category",
        "region": "text",
    },
    "inventory": {
        "seller_id": "id",
        "period": "month_end",
        "category": "category",
        "units": "stock",
        "value": "money",
    },
}
#: Columns that may be absent from a file (derived or optional), per table. An order
#: export still needs ``amount`` or ``unit_price`` (one is derived from the other).
OPTIONAL_COLUMNS: dict[str, set[str]] = {
    "orders": {
        "seller_tier",
        "refund",
        "status",
        "after_sale",
        "line",
        "amount_basis",
        "buyer_id",
        "buyer_tier",
        "kind",
        "platform",
        "category",
        "product",
        "unit_price",
        "amount",
        "quantity",
    },
    "sellers": {"parent_id", "left", "platform", "category", "region"},
    "inventory": {"value"},
}


_YUAN_OR_COUNT = re.compile(r"\((?:元|人民币|rmb|cny|¥|件|个|盒|片|pcs|单位:?元)\)", re.I)


def header_key(text: object) -> str:
    """Header key: NFKC, casefold, no spaces, underscores or punctuation.

    A bracketed unit that agrees with the column is dropped (``金额(元)``, ``数量（件）``);
    any other bracket (``金额(美元)``) stays part of the key, so it matches nothing.
    """
    return compact_key(_YUAN_OR_COUNT.sub("", matching_key(str(text))))


@functools.cache
def _alias_table() -> pd.DataFrame:
    return read_packaged_csv(__package__, "data/headers.csv")


def header_aliases(table: str) -> pd.DataFrame:
    """List the header aliases accepted for ``table`` (columns ``column, alias``).

    Parameters
    ----------
    table : {"orders", "sellers", "inventory"}
        The canonical table whose headers are wanted.

    Returns
    -------
    DataFrame
        One row per alias: ``column`` (the canonical column) and ``alias`` (a
        header an export may give it, such as ``实付金额`` for ``amount``).

    Raises
    ------
    UnknownNameError
        For a ``table`` that is not one of the canonical tables.

    Examples
    --------
    >>> header_aliases("orders").query("column == 'amount'")["alias"].tolist()[:3]
    ['实付金额', '金额', '订单金额']
    """
    if table not in COLUMN_KINDS:
        raise UnknownNameError(
            f"unknown table {table!r}; the tables are {', '.join(COLUMN_KINDS)}",
            name=table,
            known=list(COLUMN_KINDS),
        )
    t = _alias_table()
    return t.loc[t["table"] == table, ["column", "alias"]].reset_index(drop=True)


def user_columns(table: str, columns: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """Check the user's ``columns=`` and key them by header (``None``: leave a header out)."""
    for raw, canon in (columns or {}).items():
        if canon is not None and canon not in COLUMN_KINDS[table]:
            raise UnknownNameError(
                f"columns={{{raw!r}: {canon!r}}}: {canon!r} is not a column of {table}; "
                f"expected one of {', '.join(COLUMN_KINDS[table])} (or None to ignore it)",
                name=canon,
                known=list(COLUMN_KINDS[table]),
            )
    return {header_key(raw): canon for raw, canon in (columns or {}).items()}


def map_headers(
    headers: list[object], table: str, columns: Mapping[str, str | None] | None
) -> dict[int, str]:
    """Positions of the headers that name a canonical column (the first one wins).

    ``columns={"header": None}`` leaves that header out even where an alias names it.
    """
    known = {header_key(a): c for c, a in header_aliases(table).itertuples(index=False)}
    known.update({header_key(c): c for c in COLUMN_KINDS[table]})
    user = user_columns(table, columns)
    mapping: dict[int, str] = {}
    ignored = {
        i for i, h in enumerate(headers) if not pd.isna(h) and user.get(header_key(h), 0) is None
    }
    for table_of_names in (user, known):  # the user's columns= first: it overrides aliases
        for position, h in enumerate(headers):
            if pd.isna(h) or position in mapping or position in ignored:
                continue
            canon = table_of_names.get(header_key(h))
            if canon and canon not in mapping.values():
                mapping[position] = canon
    return dict(sorted(mapping.items()))


def required_columns(table: str) -> list[str]:
    """List the columns of ``table`` a file must have (the others are derived or optional).

    Orders also need ``amount`` or ``unit_price`` (see :func:`missing_columns`).

    Parameters
    ----------
    table : {"orders", "sellers", "inventory"}
        The canonical table.

    Returns
    -------
    list of str
        The required columns, in the table's order.

    Examples
    --------
    >>> required_columns("inventory")
    ['seller_id', 'period', 'category', 'units']
    """
    return [c for c in COLUMN_KINDS[table] if c not in OPTIONAL_COLUMNS[table]]


def missing_columns(table: str, found: set[str], supplied: set[str] = frozenset()) -> list[str]:
    """List the required columns neither ``found`` in the headers nor ``supplied`` otherwise.

    Orders need ``amount`` or ``unit_price``: when both lack, ``amount`` is named.

    Parameters
    ----------
    table : {"orders", "sellers", "inventory"}
        The canonical table.
    found : set of str
        The canonical columns the headers give.
    supplied : set of str
        Columns given another way (``seller=``).

    Returns
    -------
    list of str
        The missing columns (empty when nothing is missing).

    Examples
    --------
    >>> missing_columns("orders", {"order_id", "date", "quantity"}, {"seller_id"})
    ['amount']
    """
    have = found | supplied
    missing = [c for c in required_columns(table) if c not in have]
    if table == "orders" and not {"amount", "unit_price"} & have:
        missing.append("amount")
    return missing


def missing_columns_error(
    raw: pd.DataFrame,
    table: str,
    found: set[str],
    supplied: set[str] = frozenset(),
    layout: str | None = None,
) -> MissingColumnsError:
    """Build the error for an export lacking required columns, in Python and CLI syntax.

    Parameters
    ----------
    raw
        The export (its headers and ``attrs["source"]`` are quoted).
    table
        The canonical table.
    found
        The canonical columns the headers gave.
    supplied
        Columns given otherwise (``seller=``).
    layout
        The export layout recognised, if any (named in the message).

    Returns
    -------
    MissingColumnsError

    Examples
    --------
    >>> err = missing_columns_error(pd.DataFrame(columns=["单号", "时间"]), "orders", set())
    >>> "--column" in err.cli_message, "columns={" in str(err)
    (True, True)
    """
    missing = missing_columns(table, found, supplied)
    accepted = header_aliases(table)
    hints = "; ".join(
        f"{c} ({', '.join(accepted.loc[accepted['column'] == c, 'alias'].head(4))} …)"
        for c in missing
    )
    path = source_of(raw).path
    ragged = source_of(raw).ragged
    title = ""
    if ragged and len(ragged.rows) > len(raw) // 2:  # a title line read as the header?
        title = (
            f" {len(ragged.rows):,} of {len(raw):,} rows have more cells than the "
            f"header ({ragged.width}): if the first line is a title above the header, "
            "read the file with skiprows=1."
        )
    shown = [excerpt(h, 40) for h in raw.columns[:_SHOWN_HEADERS]]  # a hostile header is huge
    if len(raw.columns) > _SHOWN_HEADERS:
        shown.append(f"… and {len(raw.columns) - _SHOWN_HEADERS:,} more")
    what = f"the {layout} export" if layout else "the headers"
    head = (
        f"cannot find the required {table} column(s) {', '.join(missing)} in {what} "
        f"{shown} (nor in the first {HEADER_SEARCH_ROWS} rows). "
        f"Accepted headers: {hints}."
    )
    py = [f"Map yours with columns={{'your header': {missing[0]!r}}}"]
    cli = [f"Map yours with --column 'your header={missing[0]}'"]
    if table == "orders" and "seller_id" in missing:
        py.append("give a one-shop file its seller with seller='shop name'")
        cli.append("give a one-shop file its seller with --seller 'shop name'")
    if table == "orders" and layout is None:
        py.append("or name the export layout with layout='…' (export_layouts() lists them)")
        cli.append("or name the export layout with --layout NAME")
    return MissingColumnsError(
        f"{head} {'; '.join(py)}.{title}",
        f"{head} {'; '.join(cli)}.{title}",
        missing=missing,
        path=path,
    )
