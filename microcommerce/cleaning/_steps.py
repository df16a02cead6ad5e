"""The cleaning pipeline as named steps, each taking and giving back a :class:`Cleaning`.

:func:`microcommerce.cleaning.clean_orders` and friends make a :class:`Cleaning`
of the export and apply :data:`STEPS` in order (as pandera's ``validate`` applies its
checks), then read the result off the last state. A step is a small function of the
state: it reads the fields it needs and returns a new state (``dataclasses.replace``)
with the fields it sets; nothing rides in the frames but the export's own cells. Rows a
step rejects join ``rejected`` with their column, reason and reason code; a row keeps
the first reason found (:func:`reject`).

The steps, in order:

``locate_header``
    the export layout and the header row (a title may stand above it).
``map_roles``
    each canonical column's header, the required ones checked; the canonical columns
    taken as text (``frame``).
``reject_non_records``
    blank rows, notes, totals rows, ragged rows and the rows above the header.
``fill_continuations``
    goods rows under an order (continuation rows) given their order's cells.
``fill_constants``
    ``seller=``, ``date=``, the layout's platform, quantities written in the product text.
``drop_duplicates``
    exact repeats of an earlier row, removed and counted.
``settle_line_model``
    how the export writes a multi-line order.
``parse_values``
    every column parsed to its canonical type; values that cannot be used rejected.
``amount_basis``
    what each line's amount is: what the buyer paid (a paid-amount column, or an order's
    amount split over its lines: shipping and discounts included, the unit price the
    export's) or the goods value, checked against quantity × unit price (orders).
``check_rows``
    the schema's checks; the rows that fail are rejected, naming the check.

Examples
--------
>>> [name for name, _ in STEPS][:3]
['locate_header', 'map_roles', 'reject_non_records']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning import _orders as order_rules
from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._headers import missing_columns, missing_columns_error
from microcommerce.cleaning._layouts import ROLES, Layout, map_columns, read_layouts
from microcommerce.cleaning._layouts import locate_header as find_header
from microcommerce.cleaning._lines import LineModel, continuation_model, repeated_lines_model
from microcommerce.cleaning._lines import fill_continuations as fill_down
from microcommerce.cleaning._orders import FROM_FILE, no_date_error, one_shop, units_from_product
from microcommerce.cleaning._reasons import coded, first_reason, where_first_seen
from microcommerce.cleaning._roles import Roles, infer_roles, paid_amount
from microcommerce.cleaning._rows import exact_duplicates, ragged_rows, totals_rows
from microcommerce.cleaning._values import parse_columns, text_cells
from microcommerce.errors import MissingColumnsError
from microcommerce.io import SourceInfo, source_of

__all__ = ["STEPS", "Cleaning", "Options", "reject", "run", "start"]

#: Order cells a continuation row leaves empty (filled from its order's first row).
_ORDER_LEVEL = ["order_id", "date", "seller_id", "status", "after_sale", "platform"]
#: The columns of the rejections a state carries (indexed by the row rejected).
_REJECTED = ["column", "reason", "reason_code"]


@dataclass(frozen=True)
class Options:
    """What the caller asked for (see ``clean_orders``); ``tiers=`` already in ``aliases``."""

    table: str
    columns: Mapping[str, str | None] | None = None
    ref_year: int | None = None
    aliases: Mapping[str, Mapping[str, str]] | None = None
    layout: str | None = None
    seller: str | None = None
    date: str | None = None
    layouts: object = None
    lines: LineModel | None = None


@dataclass(frozen=True)
class Cleaning:
    """The state of one export's cleaning, as the steps leave it.

    ``raw`` and ``text`` keep every row (numbered ``0 … n-1``; ``rownum`` gives the
    source row); ``frame`` holds the canonical columns as text, ``clean`` the typed rows
    that reached the parser; ``rejected`` the rows rejected so far with ``column``,
    ``reason`` and ``reason_code``.
    """

    options: Options
    raw: pd.DataFrame
    text: pd.DataFrame
    rownum: pd.Series
    source: SourceInfo
    rejected: pd.DataFrame
    seller: str | None = None
    seller_from: str | None = None
    layout: Layout | None = None
    header_at: int | None = None
    headers: list[str] = field(default_factory=list)
    roles: Roles | None = None
    frame: pd.DataFrame | None = None
    model: LineModel | None = None
    filled: pd.DataFrame | None = None
    from_text: pd.Series | None = None
    duplicate: pd.Series | None = None
    duplicates: pd.DataFrame | None = None
    clean: pd.DataFrame | None = None
    units: dict[str, Any] = field(default_factory=dict)
    derived: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def table(self) -> str:
        """Name the canonical table being made."""
        return self.options.table

    def live(self) -> pd.Series:
        """Say which rows are still in play: not rejected (and not removed as repeats)."""
        live = pd.Series(~self.raw.index.isin(self.rejected.index), index=self.raw.index)
        return live if self.duplicate is None else live & ~self.duplicate


def no_rejections() -> pd.DataFrame:
    """Make the empty rejections a state starts with."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _REJECTED})


def reject(rejected: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Add rows found at fault, keeping the reason already given to a row rejected before.

    Examples
    --------
    >>> before = coded(pd.Series(["blank row"], index=[1]), "blank_row").assign(column=np.nan)
    >>> new = coded(pd.Series(["x", "y"], index=[1, 2]), "bad_amount").assign(column="amount")
    >>> reject(before, new)[["reason", "reason_code"]]
          reason reason_code
    1  blank row   blank_row
    2          y  bad_amount
    """
    found = found.reindex(columns=_REJECTED)
    found = found[~found.index.isin(rejected.index) & ~found.index.duplicated()]
    return pd.concat([rejected, found]) if len(found) else rejected


def start(raw: pd.DataFrame, options: Options) -> Cleaning:
    """Make the first state of cleaning ``raw``: its rows numbered, its cells as text."""
    source = source_of(raw)
    raw = raw.set_axis(pd.RangeIndex(len(raw)))  # pd.concat without ignore_index repeats labels
    first_row = source.first_row or 2  # the header is row 1 of the file
    rownum = pd.Series(np.arange(first_row, first_row + len(raw)), index=raw.index)
    seller, seller_from = one_shop(options.table, options.seller, source.path)
    return Cleaning(
        options=options,
        raw=raw,
        text=_as_text(raw),  # the cells as text, as the user sees them
        rownum=rownum,
        source=source,
        rejected=no_rejections(),
        seller=seller,
        seller_from=seller_from,
        headers=list(raw.columns),
    )


def _supplied(state: Cleaning) -> set[str]:
    """Name the required columns the caller supplies (``seller=``, ``date=``)."""
    supplied = {"seller_id"} if state.seller is not None else set()
    return supplied | ({"date"} if state.options.date is not None else set())


def locate_header(state: Cleaning) -> Cleaning:
    """Find the export layout and the header row (a title may stand above it)."""
    o = state.options
    try:
        extra = read_layouts(o.layouts) if o.layouts is not None else None
        found, at = find_header(state.raw, o.table, o.columns, o.layout, _supplied(state), extra)
    except MissingColumnsError as err:
        raise no_date_error(err) from None
    if at is None:
        return dataclasses.replace(state, layout=found)
    headers = [h if pd.notna(h) else f"column {i + 1}" for i, h in enumerate(state.raw.iloc[at])]
    text = state.text.set_axis(_unique_names(headers), axis=1)
    return dataclasses.replace(state, layout=found, header_at=at, headers=headers, text=text)


def map_roles(state: Cleaning) -> Cleaning:
    """Choose each canonical column's header; take the canonical columns as text."""
    o, layout, at = state.options, state.layout, state.header_at
    given = map_columns(state.headers, o.table, o.columns, layout) if layout else None
    roles = infer_roles(
        state.text.iloc[(at + 1) if at is not None else 0 :],
        state.headers,
        o.table,
        o.columns,
        given,
        open_roles=set(ROLES) - set(given) if given is not None else None,
        aliases=o.aliases,
    )
    positions = roles.positions
    if missing_columns(o.table, set(positions), _supplied(state)):
        title = layout.title if layout else None
        err = missing_columns_error(
            state.raw, o.table, set(positions), _supplied(state), layout=title
        )
        raise no_date_error(err)
    seller, seller_from = state.seller, state.seller_from
    if "seller_id" in positions and seller_from and seller_from.startswith(FROM_FILE):
        seller = seller_from = None  # the shop column names the sellers: no name made up
    frame = pd.DataFrame(
        {canon: _coalesce(state.raw, cols) for canon, cols in positions.items()},
        index=state.raw.index,
    )
    return dataclasses.replace(
        state, roles=roles, frame=frame, seller=seller, seller_from=seller_from
    )


def reject_non_records(state: Cleaning) -> Cleaning:
    """Reject blank rows, notes, totals rows, ragged rows and the rows above the header.

    A later rule wins over an earlier one for the same row (a single cell 合计 is a
    totals row; a ragged row is ragged whatever it holds), as the list below is ordered.
    """
    frame, text, index = state.frame, state.text, state.raw.index
    pre_header = pd.Series(False, index=index)
    if state.header_at is not None:
        pre_header.iloc[: state.header_at + 1] = True
    filled, anywhere = frame.notna().sum(axis=1), text.notna().sum(axis=1)
    blank = (anywhere == 0) & ~pre_header
    key = frame[schema.TABLES[state.table].key[0]]
    label_in_key = key.isna() | totals_rows(key.to_frame())  # a valid order may sell "Total"
    totals = "totals row (合计/total), not an order" if state.table == "orders" else "totals row"
    header = pd.Series(index.isin([state.header_at]), index=index)
    rules = [  # (rows, reason, code); a later rule wins
        (pre_header, "header or title row above the data", "above_header"),
        (header, "header row", "header_row"),
        (blank, "blank row", "blank_row"),
        (
            (filled == 0) & (anywhere > 0) & ~pre_header,
            "nothing in the mapped columns (a note in another column?)",
            "no_mapped_values",
        ),
        (
            (anywhere == 1) & (filled == 1) & ~pre_header & (text.shape[1] > 1),
            "a single filled cell: a note or a junk line, not a record",
            "note_row",
        ),
        (~pre_header & ~blank & totals_rows(text) & label_in_key, totals, "totals_row"),
    ]
    why = pd.Series(np.nan, index=index, dtype=object)
    code = pd.Series(np.nan, index=index, dtype=object)
    for rows, reason, c in rules:
        why, code = why.mask(rows, reason), code.mask(rows, c)
    ragged = ragged_rows(
        pd.Series(np.nan, index=index, dtype=object), state.source.ragged, pre_header
    )
    why, code = why.mask(ragged.notna(), ragged), code.mask(ragged.notna(), "ragged_row")
    found = coded(why[why.notna()], code[why.notna()]).assign(column=np.nan)
    return dataclasses.replace(state, rejected=reject(state.rejected, found))


def fill_continuations(state: Cleaning) -> Cleaning:
    """Give goods rows under an order (continuation rows) their order's cells.

    The line model is the caller's (a part of a file cleaned as the whole file was
    judged) or, for orders, decided here when the export writes goods rows under their
    order; a goods row with no order above it is rejected.
    """
    model = state.options.lines
    if model is None and state.table == "orders":
        hint = state.layout.lines if state.layout else None
        model = continuation_model(state.frame, state.live(), _ORDER_LEVEL, hint=hint)
    if model is None or model.lines != "continuation":
        return dataclasses.replace(state, model=model)
    cells = list(model.order_cells)
    frame, orphan = fill_down(state.frame, cells, state.live())
    why = pd.Series("a goods row with no order above it (continuation row)", index=frame.index)
    found = coded(why[orphan], "orphan_line").assign(column=np.nan)
    filled = frame[[c for c in cells if c in frame]]  # compared with the row for repeats
    rejected = reject(state.rejected, found)
    return dataclasses.replace(state, model=model, frame=frame, filled=filled, rejected=rejected)


def fill_constants(state: Cleaning) -> Cleaning:
    """Fill in ``seller=``, ``date=``, the layout's platform and quantities in product texts."""
    frame = _constants(state.frame, state.table, state.seller, state.layout, state.options.date)
    frame, from_text = units_from_product(frame, state.table)
    return dataclasses.replace(state, frame=frame, from_text=from_text)


def drop_duplicates(state: Cleaning) -> Cleaning:
    """Find the exact repeats of an earlier row among the rows still in play.

    A continuation row is compared with its order's cells filled in, so two goods rows
    under different orders are never taken for repeats.
    """
    compare = state.text
    if state.filled is not None:
        compare = pd.concat([state.text, state.filled], axis=1, ignore_index=True)
    key = state.frame[schema.TABLES[state.table].key[0]]
    dup, pairs = exact_duplicates(compare, state.live(), key, state.rownum)
    return dataclasses.replace(state, duplicate=dup, duplicates=pairs)


def settle_line_model(state: Cleaning) -> Cleaning:
    """Decide how the export writes a multi-line order, from the rows in play."""
    model = state.model
    if model is None and state.table == "orders":
        hint = state.layout.lines if state.layout else None
        at = state.roles.positions.get("refund", []) if state.roles else []
        refund_header = "|".join(state.headers[i] for i in at) or None
        model = repeated_lines_model(state.frame[state.live()], hint, refund_header=refund_header)
    model = model or LineModel("line_amounts" if "line" in state.frame else "order")
    return dataclasses.replace(state, model=model)


def parse_values(state: Cleaning) -> Cleaning:
    """Parse every column of the rows in play; reject the values that cannot be used."""
    work = state.frame[state.live()]
    model = state.model
    lines = "order_amount_repeated" if model.split_amount else model.lines
    o = state.options
    typed, reasons, units, derived = parse_columns(
        work, o.table, o.ref_year, o.aliases, lines, refund_per_order=model.refund_per_order
    )
    if state.from_text is not None:
        derived["quantity from the product text (商品+2, ×2)"] = state.from_text.reindex(work.index)
    clean = _assemble(typed, o.table, work.index)
    rejected = reject(state.rejected, first_reason(reasons))
    return dataclasses.replace(state, clean=clean, units=units, derived=derived, rejected=rejected)


def amount_basis(state: Cleaning) -> Cleaning:
    """Say what each order line's amount is: what the buyer paid, or the goods value."""
    if state.table != "orders":
        return state
    paid = state.model.split_amount or paid_amount(
        state.headers, state.roles.positions.get("amount")
    )
    return dataclasses.replace(state, clean=order_rules.amount_basis(state.clean, paid))


def check_rows(state: Cleaning) -> Cleaning:
    """Reject the parsed rows that fail a check of the schema, naming the check."""
    parsed = state.clean[~state.clean.index.isin(state.rejected.index)]
    failures = schema.row_failures(parsed, state.table)
    if failures.empty:
        return state
    first = failures.drop_duplicates("row")
    first = where_first_seen(first, parsed, state.rownum, state.table)
    why = pd.Series("fails check: " + first["check"].to_numpy(), index=first["row"].to_numpy())
    found = coded(why, first["code"].to_numpy()).assign(column=first["column"].to_numpy())
    return dataclasses.replace(state, rejected=reject(state.rejected, found))


#: The steps of cleaning, in order: ``(name, step)``.
STEPS: list[tuple[str, Callable[[Cleaning], Cleaning]]] = [
    ("locate_header", locate_header),
    ("map_roles", map_roles),
    ("reject_non_records", reject_non_records),
    ("fill_continuations", fill_continuations),
    ("fill_constants", fill_constants),
    ("drop_duplicates", drop_duplicates),
    ("settle_line_model", settle_line_model),
    ("parse_values", parse_values),
    ("amount_basis", amount_basis),
    ("check_rows", check_rows),
]


def run(
    state: Cleaning, steps: Sequence[tuple[str, Callable[[Cleaning], Cleaning]]] | None = None
) -> Cleaning:
    """Apply the steps (by default :data:`STEPS`) in order."""
    for _name, step in STEPS if steps is None else steps:
        state = step(state)
    return state


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
