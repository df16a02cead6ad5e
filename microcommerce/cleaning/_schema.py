"""The canonical tables: columns, dtypes and checks, defined once.

Cleaning produces these tables, the simulator writes them and the analyses read
them, so each is described here a single time:

``orders``
    one transaction between a seller and a buyer (another agent, ``sell_in``, or an
    end customer, ``retail``), one row per line of the order. A seller may be a shop
    outside any agent pyramid (``seller_tier`` empty). Four columns are *optional*: a
    table may leave them out and then means their default — ``refund`` (money paid
    back, 0), ``status`` (one of :data:`STATUSES`; empty: the export gave none),
    ``line`` (1, 2 … within a multi-line order; the key is ``(order_id, line)``) and
    ``amount_basis`` (:data:`AMOUNT_BASES`; ``goods`` by default: the amount is
    quantity × unit price, and is checked against it; ``paid``: what the buyer paid for
    the line, shipping included and after discounts, so ``amount − quantity ×
    unit_price`` is the line's share of the shipping less discounts, never checked).
    Cleaned exports always carry them; the simulator's orders (every order a paid
    sale, one line each, at its list price) do not.
``sellers``
    one agent of a brand's pyramid, with its parent and tier (0 = top agent … 9).
``inventory``
    one seller's stock of one category at a period end.

Why not pandera? It imports cleanly with pandas 3, but its dtype checks are loose
(``str`` accepts object columns; ``datetime64[us]`` and ``[ns]`` are not told apart)
and cleaning needs each failing row and reason *as data* to build its rejected-rows
table. A few dozen lines of our own give exact dtypes, readable messages and
``row_failures`` for the cleaner.

Examples
--------
>>> import pandas as pd
>>> orders = empty("orders")
>>> list(orders.columns)[:4]
['order_id', 'date', 'seller_id', 'buyer_id']
>>> validate(orders, "orders").shape
(0, 17)
>>> validate(orders.drop(columns=["refund", "status", "line", "amount_basis"]), "orders").shape
(0, 13)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from microcommerce.cleaning._taxonomy import CATEGORY_DTYPE, PLATFORM_DTYPE
from microcommerce.core._keys import repeated_keys
from microcommerce.errors import SchemaError, UnknownNameError

__all__ = [
    "AMOUNT_BASES",
    "BASIS_DTYPE",
    "KINDS",
    "KIND_DTYPE",
    "SOLD_STATUSES",
    "STATUSES",
    "STATUS_DTYPE",
    "TABLES",
    "Check",
    "Column",
    "Table",
    "describe",
    "empty",
    "key_of",
    "row_failures",
    "validate",
]

#: Order kinds: between agents (``sell_in``) or to an end customer (``retail``).
KINDS: tuple[str, ...] = ("sell_in", "retail")
KIND_DTYPE = pd.CategoricalDtype(pd.Index(KINDS), ordered=False)
#: Order statuses (see ``cleaning._statuses`` for the export texts).
STATUSES: tuple[str, ...] = (
    "unpaid",
    "paid",
    "shipped",
    "completed",
    "cancelled",
    "closed",
    "refunded",
    "partially_refunded",
)
#: The statuses of orders that count as sales (paid and not cancelled, closed or fully
#: refunded); an order with no status (the export had none) counts too.
SOLD_STATUSES: tuple[str, ...] = ("paid", "shipped", "completed", "partially_refunded")
STATUS_DTYPE = pd.CategoricalDtype(pd.Index(STATUSES), ordered=False)
#: What an order line's amount is: ``goods`` (quantity × unit price, checked against it)
#: or ``paid`` (what the buyer paid for the line, shipping included, after discounts).
AMOUNT_BASES: tuple[str, ...] = ("goods", "paid")
BASIS_DTYPE = pd.CategoricalDtype(pd.Index(AMOUNT_BASES), ordered=False)
DATETIME = "datetime64[us]"
#: Dates outside this window are taken to be typos (WeChat launched in 2011).
DATE_WINDOW = (pd.Timestamp("2000-01-01"), pd.Timestamp("2035-12-31"))
#: Tolerance of ``amount ≈ quantity × unit_price``: one fen, or 0.5 % of the amount.
AMOUNT_ABS_TOL, AMOUNT_REL_TOL = 0.01, 0.005


@dataclass(frozen=True)
class Column:
    """One column: name, exact dtype, nullability and value bounds.

    Attributes
    ----------
    name : str
        The canonical column name.
    dtype : str or CategoricalDtype
        The exact dtype a clean table holds (``"datetime64[us]"``, ``"Int64"``, a
        categorical of the allowed labels …).
    description : str
        What the column holds, for the data dictionary.
    nullable : bool, default False
        Whether a value may be missing.
    min, max : float, optional
        Bounds of the values, both included; none by default.
    unique : bool, default False
        Whether each value may appear once only.
    unit : str, optional
        The unit of the values (``"CNY"``, ``"units"``), when they have one.
    optional : bool, default False
        Whether a table may leave the column out (then it means its default: no
        refund, no status given, one line per order).

    Examples
    --------
    >>> TABLES["orders"].column("amount").dtype
    'float64'
    """

    name: str
    dtype: str | pd.CategoricalDtype
    description: str
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    unique: bool = False
    unit: str | None = None
    #: A table may leave an optional column out (then it means its default: no refund,
    #: no status given, one line per order); when present it sits where the schema puts it.
    optional: bool = False


@dataclass(frozen=True)
class Check:
    """A rule across columns; ``rule(df)`` is True for the rows that pass.

    The first of ``columns`` is the one reported as at fault when a row fails; ``code``
    names the check in a rejected row's ``reason_code`` (``check:<code>``).

    Attributes
    ----------
    name : str
        The check in words, as error messages show it.
    columns : tuple of str
        The columns the rule reads, the one at fault first.
    rule : callable
        ``rule(df)`` → boolean Series, True for the rows that pass.
    code : str, default ""
        A short name for ``reason_code``.

    Examples
    --------
    >>> [(check.columns, check.code) for check in TABLES["inventory"].checks]
    [(('period',), 'period_in_window')]
    """

    name: str
    columns: tuple[str, ...]
    rule: Callable[[pd.DataFrame], pd.Series]
    code: str = ""


@dataclass(frozen=True)
class Table:
    """A canonical table: its columns in order, its key and its row checks.

    Attributes
    ----------
    name : str
        ``"orders"``, ``"sellers"`` or ``"inventory"``.
    columns : tuple of Column
        The columns, in the order a clean table holds them.
    key : tuple of str
        The columns that identify a row.
    checks : tuple of Check, default ()
        The rules across columns every row must pass.
    trailing : tuple of Column, default ()
        Columns that may follow the table's own and then join its key (the
        ``source`` of an order when several exports are cleaned together).

    Examples
    --------
    >>> TABLES["orders"].key
    ('order_id', 'line')
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    checks: tuple[Check, ...] = field(default=())
    #: Columns that may follow the table's own, and then join its key: the ``source``
    #: of an order when several exports are cleaned together (each numbers its orders
    #: from its own start, so an order id is unique only within its source).
    trailing: tuple[Column, ...] = field(default=())

    def column(self, name: str) -> Column:
        """Return the column called ``name``.

        Parameters
        ----------
        name : str
            A column of the table (not of ``trailing``).

        Returns
        -------
        Column
            Its name, dtype, bounds and description.

        Raises
        ------
        UnknownNameError
            If the table has no such column (also a ``KeyError``); the message names
            the closest columns it has.

        Examples
        --------
        >>> TABLES["orders"].column("quantity").min
        1
        >>> TABLES["orders"].column("qty")
        Traceback (most recent call last):
        ...
        microcommerce.errors.UnknownNameError: ...
        """
        found = next((c for c in self.columns if c.name == name), None)
        if found is None:
            raise UnknownNameError(
                f"the {self.name} table has no column {name!r}",
                name=name,
                known=[c.name for c in self.columns],
            )
        return found


def _dates_in_window(col: str) -> Check:
    lo, hi = DATE_WINDOW
    return Check(
        f"{col} between {lo.date()} and {hi.date()}",
        (col,),
        lambda df: df[col].isna() | df[col].between(lo, hi),
        f"{col}_in_window",
    )


def _amount_matches(df: pd.DataFrame) -> pd.Series:
    expected = df["quantity"].astype("float64") * df["unit_price"]

    def close(amount: pd.Series) -> pd.Series:
        gap = (amount - expected).abs()
        return gap <= np.maximum(AMOUNT_ABS_TOL, AMOUNT_REL_TOL * amount.abs())

    ok = close(df["amount"])
    if "refund" in df.columns:  # a price cut refunded after the sale: the net amount agrees
        ok = ok | close(df["amount"] - df["refund"])
    if "amount_basis" in df.columns:  # what was paid holds shipping and discounts too
        ok = ok | (df["amount_basis"] == "paid").fillna(False).astype(bool)
    return (ok | expected.isna()).fillna(True)  # a missing price or count cannot disagree


def _refund_within_amount(df: pd.DataFrame) -> pd.Series:
    if "refund" not in df.columns:
        return pd.Series(True, index=df.index)
    return (df["refund"] <= df["amount"] + AMOUNT_ABS_TOL / 2).fillna(True)


def _buyer_below_seller(df: pd.DataFrame) -> pd.Series:
    sell_in = df["kind"] == "sell_in"
    ok = (df["buyer_tier"] > df["seller_tier"]).fillna(False)
    return ~sell_in | ok


def _retail_has_no_buyer_tier(df: pd.DataFrame) -> pd.Series:
    return (df["kind"] != "retail") | df["buyer_tier"].isna()


def _left_after_joined(df: pd.DataFrame) -> pd.Series:
    return df["left"].isna() | (df["left"] >= df["joined"])


def _top_has_no_parent(df: pd.DataFrame) -> pd.Series:
    return (df["tier"] == 0) == df["parent_id"].isna()


def _parent_above(df: pd.DataFrame) -> pd.Series:
    """Check a parent listed in the same table sits above the agent in the tier ladder."""
    tiers = df.drop_duplicates("seller_id").set_index("seller_id")["tier"]
    parent_tier = df["parent_id"].map(tiers).astype("Float64")
    return (parent_tier < df["tier"]).fillna(True).astype(bool)


ORDERS = Table(
    "orders",
    (
        Column("order_id", "str", "order number as exported"),
        Column("date", DATETIME, "when the order was placed"),
        Column("seller_id", "str", "the selling agent"),
        Column("buyer_id", "str", "the buying agent; empty for an end customer", nullable=True),
        Column(
            "seller_tier",
            "Int8",
            "seller's tier: 0 = top agent … 9; empty for a shop outside any agent pyramid",
            nullable=True,
            min=0,
            max=9,
        ),
        Column(
            "buyer_tier",
            "Int8",
            "buyer's tier; empty for an end customer",
            nullable=True,
            min=1,
            max=9,
        ),
        Column("kind", KIND_DTYPE, "sell_in (between agents) or retail (to end customers)"),
        Column("platform", PLATFORM_DTYPE, "where the sale happened", nullable=True),
        Column("category", CATEGORY_DTYPE, "product category", nullable=True),
        Column("product", "str", "product name as exported", nullable=True),
        Column(
            "quantity",
            "Int64",
            "units sold (empty: not in the export)",
            nullable=True,
            min=1,
            unit="units",
        ),
        Column("unit_price", "float64", "price per unit", nullable=True, min=0, unit="CNY"),
        Column("amount", "float64", "amount paid (gross of any refund)", min=0, unit="CNY"),
        Column(
            "refund",
            "float64",
            "money paid back to the buyer (0 ≤ refund ≤ amount)",
            min=0,
            unit="CNY",
            optional=True,
        ),
        Column(
            "status",
            STATUS_DTYPE,
            "order status (STATUSES); empty when the export gives none",
            nullable=True,
            optional=True,
        ),
        Column("line", "Int32", "line of a multi-line order (1, 2 …)", min=1, optional=True),
        Column(
            "amount_basis",
            BASIS_DTYPE,
            "goods: amount = quantity × unit_price; paid: what the buyer paid for the line, "
            "shipping included, after discounts (amount − quantity × unit_price is its share "
            "of the shipping less discounts)",
            nullable=True,
            optional=True,
        ),
    ),
    key=("order_id", "line"),
    trailing=(
        Column(
            "source",
            "str",
            "the export an order came from (its file name, or as named) when several are "
            "cleaned together: order ids are unique within a source",
            optional=True,
        ),
    ),
    checks=(
        _dates_in_window("date"),
        Check(
            "amount ≈ quantity × unit_price",
            ("amount", "quantity", "unit_price"),
            _amount_matches,
            "amount_matches",
        ),
        Check("refund ≤ amount", ("refund", "amount"), _refund_within_amount, "refund_within"),
        Check(
            "buyer_tier > seller_tier for sell_in",
            ("buyer_tier", "seller_tier", "kind"),
            _buyer_below_seller,
            "buyer_below_seller",
        ),
        Check(
            "no buyer_tier for retail",
            ("buyer_tier", "kind"),
            _retail_has_no_buyer_tier,
            "retail_no_tier",
        ),
    ),
)

SELLERS = Table(
    "sellers",
    (
        Column("seller_id", "str", "the agent", unique=True),
        Column("parent_id", "str", "the agent it buys from; empty for top agents", nullable=True),
        Column("tier", "Int8", "0 = top agent … 9", min=0, max=9),
        Column("joined", DATETIME, "when it joined"),
        Column("left", DATETIME, "when it stopped; empty while active", nullable=True),
        Column("platform", PLATFORM_DTYPE, "main platform", nullable=True),
        Column("category", CATEGORY_DTYPE, "main category", nullable=True),
        Column("region", "str", "province or region", nullable=True),
    ),
    key=("seller_id",),
    checks=(
        _dates_in_window("joined"),
        _dates_in_window("left"),
        Check("left ≥ joined", ("left", "joined"), _left_after_joined, "left_after_joined"),
        Check(
            "parent_id empty exactly for tier 0",
            ("parent_id", "tier"),
            _top_has_no_parent,
            "top_has_no_parent",
        ),
        Check(
            "parent's tier above the agent's", ("parent_id", "tier"), _parent_above, "parent_above"
        ),
    ),
)

INVENTORY = Table(
    "inventory",
    (
        Column("seller_id", "str", "the agent holding the stock"),
        Column("period", DATETIME, "period end (a month end) the stock is counted at"),
        Column("category", CATEGORY_DTYPE, "product category"),
        Column("units", "Int64", "units in stock", min=0, unit="units"),
        Column(
            "value",
            "float64",
            "stock at the seller's purchase price",
            nullable=True,
            min=0,
            unit="CNY",
        ),
    ),
    key=("seller_id", "period", "category"),
    checks=(_dates_in_window("period"),),
)

#: The canonical tables by name.
TABLES: dict[str, Table] = {t.name: t for t in (ORDERS, SELLERS, INVENTORY)}


def _table(table: str | Table) -> Table:
    if isinstance(table, Table):
        return table
    try:
        return TABLES[table]
    except KeyError:
        raise UnknownNameError(
            f"unknown table {table!r}; the tables are {', '.join(TABLES)}",
            name=table,
            known=list(TABLES),
        ) from None


def empty(table: str | Table) -> pd.DataFrame:
    """Make an empty frame with the table's columns and exact dtypes.

    Examples
    --------
    >>> empty("inventory").dtypes.astype(str).tolist()
    ['str', 'datetime64[us]', 'category', 'Int64', 'float64']
    """
    t = _table(table)
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in t.columns})


def describe(table: str | Table) -> pd.DataFrame:
    """Describe the table's columns: name, dtype, nullable, optional, bounds, unit, meaning.

    Examples
    --------
    >>> describe("sellers").loc[:, ["column", "dtype", "nullable"]].head(3)
          column  dtype  nullable
    0  seller_id    str     False
    1  parent_id    str      True
    2       tier   Int8     False
    """
    t = _table(table)
    return pd.DataFrame(
        {
            "column": [c.name for c in t.columns],
            "dtype": [str(c.dtype) if isinstance(c.dtype, str) else "category" for c in t.columns],
            "nullable": [c.nullable for c in t.columns],
            "optional": [c.optional for c in t.columns],
            "min": [c.min for c in t.columns],
            "max": [c.max for c in t.columns],
            "unit": [c.unit for c in t.columns],
            "description": [c.description for c in t.columns],
        }
    )


def _present(df: pd.DataFrame, t: Table) -> list[Column]:
    """List the columns ``df`` has to hold: all but the optional ones it leaves out."""
    own = [c for c in t.columns if not c.optional or c.name in df.columns]
    return own + [c for c in t.trailing if c.name in df.columns]


def key_of(df: pd.DataFrame, table: str | Table) -> list[str]:
    """List the key columns of ``table`` that ``df`` has (``source`` joins them when present).

    Examples
    --------
    >>> key_of(empty("orders"), "orders")
    ['order_id', 'line']
    >>> key_of(empty("orders").assign(source=pd.Series(dtype="str")), "orders")
    ['order_id', 'line', 'source']
    """
    t = _table(table)
    every = [*t.key, *(c.name for c in t.trailing)]
    return [k for k in every if k in df.columns]


def _dtype_problems(df: pd.DataFrame, t: Table) -> list[str]:
    expected = [c.name for c in _present(df, t)]
    if list(df.columns) != expected:
        missing = [c for c in expected if c not in df.columns]
        extra = [c for c in df.columns if c not in expected]
        return [
            f"columns should be {expected}"
            + (f"; missing {missing}" if missing else "")
            + (f"; unexpected {extra}" if extra else "")
            + ("; order differs" if not missing and not extra else "")
        ]
    problems = []
    for c in _present(df, t):
        got = df[c.name].dtype
        ok = got == c.dtype if isinstance(c.dtype, pd.CategoricalDtype) else str(got) == c.dtype
        if not ok:
            problems.append(f"column {c.name!r} has dtype {got}, expected {c.dtype}")
    return problems


def row_failures(df: pd.DataFrame, table: str | Table) -> pd.DataFrame:
    """Every failing (row, check) pair: columns ``row, column, check, value, code``.

    ``row`` is the frame's index label. Column checks (missing values, bounds,
    uniqueness of the key) and the table's row checks are run; the frame must
    already have the table's columns and dtypes (see :func:`validate`). ``code`` is
    the failure's reason code (:data:`microcommerce.cleaning.REASON_CODES`):
    ``missing_id``, ``missing_value``, ``out_of_range``, ``duplicate_key`` or
    ``check:<the check's code>``.

    Examples
    --------
    >>> sellers = empty("sellers")
    >>> bad = pd.concat([sellers, pd.DataFrame({"seller_id": ["a"], "tier": [12],
    ...     "joined": [pd.Timestamp("2014-03-05")]}).astype({"tier": "Int8",
    ...     "joined": "datetime64[us]"})])
    >>> row_failures(bad, "sellers")[["row", "column", "check", "code"]]
       row     column                                check                     code
    0    0       tier                            tier ≤ 9             out_of_range
    1    0  parent_id  parent_id empty exactly for tier 0  check:top_has_no_parent
    """
    t = _table(table)
    parts: list[pd.DataFrame] = []

    def add(mask: pd.Series, column: str, check: str, code: str) -> None:
        failing = mask[mask].index
        if len(failing):
            values = df.loc[mask, column] if column in df.columns else None
            parts.append(
                pd.DataFrame(
                    {
                        "row": failing,
                        "column": column,
                        "check": check,
                        "value": values.astype(object).to_numpy() if values is not None else None,
                        "code": code,
                    }
                )
            )

    for c in _present(df, t):
        s = df[c.name]
        if not c.nullable:
            missing = "missing_id" if c.name.endswith("_id") else "missing_value"
            add(s.isna(), c.name, f"{c.name} is required", missing)
        if c.min is not None:
            too_small = (s < c.min).fillna(False).astype(bool)
            add(too_small, c.name, f"{c.name} ≥ {c.min:g}", "out_of_range")
        if c.max is not None:
            too_large = (s > c.max).fillna(False).astype(bool)
            add(too_large, c.name, f"{c.name} ≤ {c.max:g}", "out_of_range")
    key = key_of(df, t)
    at = [k for k in t.key if k in df.columns][-1]  # the table's own key's last column
    add(repeated_keys(df, key), at, f"({', '.join(key)}) is unique", "duplicate_key")
    for check in t.checks:
        # a missing value leaves a check undecided (NA): the required-column check above
        # reports it, so the row check does not fail it a second time
        passed = check.rule(df).fillna(True).astype(bool)
        add(~passed, check.columns[0], check.name, f"check:{check.code}")
    if not parts:
        return pd.DataFrame({"row": [], "column": [], "check": [], "value": [], "code": []}).astype(
            {"column": "str", "check": "str", "value": object, "code": "str"}
        )
    return pd.concat(parts, ignore_index=True)


def validate(
    df: pd.DataFrame, table: str | Table, *, rows: bool = True, max_rows: int = 10
) -> pd.DataFrame:
    """Return ``df`` unchanged if it is a valid ``table``; raise ``SchemaError`` if not.

    The error message lists each failing check with the number of rows, the first
    ``max_rows`` row labels and their values; ``error.failures`` has them all.
    ``rows=False`` checks the columns and dtypes only (for callers that have just
    run ``row_failures`` on the same rows).

    Parameters
    ----------
    df : DataFrame
        The table to check.
    table : {"orders", "sellers", "inventory"} or Table
        The canonical table it should be, by name or as a schema.
    rows : bool, default True
        Also check every row against the columns' bounds and the table's checks;
        ``False`` checks the columns and dtypes only.
    max_rows : int, default 10
        How many failing rows the message shows per check.

    Returns
    -------
    DataFrame
        ``df`` itself, unchanged, when it is valid.

    Raises
    ------
    SchemaError
        When a column is missing, extra, out of order or of another dtype, or
        (with ``rows``) a row fails a check; ``failures`` lists every failing row
        and check.
    UnknownNameError
        For a ``table`` name that is not a canonical table.

    Examples
    --------
    >>> orders = empty("orders")
    >>> validate(orders.drop(columns="amount"), "orders")
    Traceback (most recent call last):
    ...
    microcommerce.errors.SchemaError: orders: columns should be [...]; missing ['amount']
    """
    t = _table(table)
    problems = _dtype_problems(df, t)
    if problems:
        raise SchemaError(f"{t.name}: " + "; ".join(problems))
    if not rows:
        return df
    failures = row_failures(df, t)
    if failures.empty:
        return df
    lines = [f"{t.name}: {failures['row'].nunique()} of {len(df)} rows fail validation"]
    for check, group in failures.groupby("check", sort=False):
        shown = ", ".join(
            f"{row} ({value!r})"
            for row, value in zip(group["row"][:max_rows], group["value"][:max_rows], strict=True)
        )
        more = f" … and {len(group) - max_rows} more" if len(group) > max_rows else ""
        lines.append(f"  ✗ {check}: {len(group)} rows — {shown}{more}")
    raise SchemaError("\n".join(lines), failures)
