"""Market size: sell-through, sell-in, turnover (流水) and how far apart they are.

A box of masks sold by a top agent to a level-1 agent, then to a level-2 agent, then
to a customer is one sale to a customer but three transactions. ``turnover`` (流水)
counts all three; ``sell_through`` only the last. Their ratio, the **inflation
factor**, is how much a study quoting 流水 as "market size" overstates what
customers bought.

- :func:`market_size` — per period and group, from canonical ``orders``.
- ``bottom_up_estimate`` and :func:`triangulate` — published top-down totals
  (``facts`` rows) against bottom-up arithmetic (sellers × orders × basket), as a
  low / mid / high range with every input shown.
- :func:`to_usd` and :func:`share_of_online_retail` — with the curated ``fx`` and
  ``online_retail`` datasets.

Amounts are summed in whole fen (integers), so totals do not depend on the order
of the rows and are exact to the cent.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({
...     "date": pd.to_datetime(["2014-03-02", "2014-03-09", "2014-03-20"]),
...     "seller_id": ["a", "b", "c"], "kind": ["sell_in", "sell_in", "retail"],
...     "category": ["mask", "mask", "mask"],
...     "quantity": [10, 10, 10], "amount": [380.0, 437.0, 1380.0]})
>>> market_size(orders)[["period", "sell_through", "sell_in", "turnover", "inflation_factor"]]
      period  sell_through  sell_in  turnover  inflation_factor
0 2014-03-31        1380.0    817.0    2197.0          1.592029
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from microcommerce import datasets
from microcommerce.analyses._aggregation import Aggregation
from microcommerce.analyses._calendar_doc import calendar_doc
from microcommerce.analyses._duckdb_engine import arrow_table, as_totals, grouped
from microcommerce.analyses._group_arithmetic import Totals, totals
from microcommerce.analyses._inputs import column_list, require_columns, whole_fen
from microcommerce.analyses._periods import calendar, complete_calendar, period_categories
from microcommerce.analyses._status import sold_orders, with_status
from microcommerce.errors import InputError, ParameterError

if TYPE_CHECKING:  # a Dask DataFrame is accepted wherever orders are
    import dask.dataframe as dd

__all__ = [
    "ESTIMATE_COLUMNS",
    "bottom_up_estimate",
    "market_size",
    "share_of_online_retail",
    "to_usd",
    "top_down_estimates",
    "triangulate",
]

#: Columns of an estimates table (see :func:`triangulate`).
ESTIMATE_COLUMNS: tuple[str, ...] = ("estimate", "approach", "low", "mid", "high", "inputs")


@calendar_doc
def market_size(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    by: str | Sequence[str] = (),
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    status: str = "sold",
    engine: str = "pandas",
) -> pd.DataFrame:
    """Measure sell-through, sell-in and turnover (流水) per period and group.

    Parameters
    ----------
    orders : DataFrame
        Canonical orders, pandas or Dask (aggregated partition by partition; the same
        result): at least ``date, seller_id, kind, quantity, amount`` and the ``by``
        columns.
    {calendar}
    {status}
    {engine}

    Returns
    -------
    DataFrame
        One row per period of the calendar and group, zeros where a group had no
        orders: ``period``, the ``by`` columns, ``sell_through`` (yuan from end
        customers), ``sell_in`` (yuan between agents), ``turnover`` (流水 = both,
        yuan), ``inflation_factor`` (turnover ÷ sell-through; NaN without retail),
        ``orders``, ``units`` (all units transacted), ``retail_units`` (units sold to
        end customers) and ``active_sellers`` (distinct sellers); ``orders`` counts an
        order of several lines once. ``attrs["status"]`` says what was left out by
        status (when the orders have statuses).

    Examples
    --------
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2014-03-02", "2014-03-09", "2014-04-20"]),
    ...     "seller_id": ["a", "a", "b"], "seller_tier": [0, 0, 1],
    ...     "kind": ["sell_in", "retail", "retail"],
    ...     "quantity": [10, 1, 2], "amount": [380.0, 138.0, 276.0]})
    >>> market_size(orders, by=("seller_tier",))[
    ...     ["period", "seller_tier", "turnover", "orders", "retail_units", "active_sellers"]]
          period  seller_tier  turnover  orders  retail_units  active_sellers
    0 2014-03-31            0     518.0       2             1               1
    1 2014-03-31            1       0.0       0             0               0
    2 2014-04-30            0       0.0       0             0               0
    3 2014-04-30            1     276.0       1             2               1
    """
    by = column_list(by)
    orders = sold_orders(orders, status=status)
    # an order counted once, when any of its lines sold (its first line may be refunded)
    lines = [c for c in ("order_id", "line") if c in orders.columns]
    result = Aggregation(
        partial=functools.partial(_market_partial, freq=freq, by=by),
        finalise=functools.partial(_market_finalise, by=by, freq=freq, start=start, until=until),
        columns=("date", "seller_id", "kind", "quantity", "amount", *lines, *by),
        who="market_size",
        duckdb=functools.partial(_market_duckdb, freq=freq, by=by),
    ).run(orders, engine)
    return with_status(result, orders)


def _market_partial(orders: pd.DataFrame, *, freq: str, by: list[str]) -> dict[str, Totals]:
    """Sum whole fen and units per (period, groups), with the sellers of each group."""
    keys = pd.DataFrame({"period": period_categories(orders["date"], freq)}, index=orders.index)
    for column in by:
        keys[column] = orders[column]
    fen = whole_fen(orders["amount"], "market_size")
    qty = orders["quantity"].to_numpy(dtype="int64", na_value=0)
    retail = (orders["kind"] == "retail").to_numpy(dtype=bool, na_value=False)
    sell_in = (orders["kind"] == "sell_in").to_numpy(dtype=bool, na_value=False)
    sums = {
        "through_fen": np.where(retail, fen, 0),
        "in_fen": np.where(sell_in, fen, 0),
        "orders": _first_sold_line(orders, by),
        "units": qty,
        "retail_units": np.where(retail, qty, 0),
    }
    return {"market": totals(keys, sums, members=orders["seller_id"])}


def _market_duckdb(orders: pd.DataFrame, *, freq: str, by: list[str]) -> dict[str, Totals]:
    """Compute :func:`_market_partial` on DuckDB: sums and distinct sellers per group."""
    periods = period_categories(orders["date"], freq)
    like = {"period": periods, **{k: orders[k] for k in by}}
    first = _first_sold_line(orders, by)
    columns = {
        **like,
        "fen": whole_fen(orders["amount"], "market_size"),
        "qty": orders["quantity"].to_numpy(dtype="int64", na_value=0),
        "retail": (orders["kind"] == "retail").to_numpy(dtype=bool, na_value=False),
        "sell_in": (orders["kind"] == "sell_in").to_numpy(dtype=bool, na_value=False),
        "seller": orders["seller_id"],
        **({"first": first} if first is not None else {}),
    }
    small = grouped(
        arrow_table(columns),
        list(like),
        {
            "through_fen": "sum(CASE WHEN retail = 1 THEN fen ELSE 0 END)::BIGINT",
            "in_fen": "sum(CASE WHEN sell_in = 1 THEN fen ELSE 0 END)::BIGINT",
            "orders": "sum(first)::BIGINT" if first is not None else "count(*)",
            "units": "sum(qty)::BIGINT",
            "retail_units": "sum(CASE WHEN retail = 1 THEN qty ELSE 0 END)::BIGINT",
            "sellers": "count(DISTINCT seller)",
        },
    )
    sums = ["through_fen", "in_fen", "orders", "units", "retail_units"]
    return {"market": as_totals(small, like, sums, {1: "sellers"})}


def _first_sold_line(orders: pd.DataFrame, by: list[str]) -> np.ndarray | None:
    """Mark one row per order (and group) among the lines sold; None: every row an order.

    An order is one ``order_id`` of one seller (and one ``source``, where exports of
    several shops were cleaned together); without that column, the rows numbered
    ``line == 1``.
    (Parts of a Dask frame each count their orders: an order's lines are kept in one part.)
    """
    if "order_id" in orders.columns:
        if _ascending_without_repeats(orders["order_id"]):  # each row its own order
            return None
        key = ["order_id", "seller_id", *(["source"] if "source" in orders.columns else [])]
        return (~orders.duplicated([*key, *(c for c in by if c not in key)])).to_numpy("int64")
    if "line" in orders.columns:
        return (orders["line"] == 1).to_numpy("int64")
    return None


def _ascending_without_repeats(ids: pd.Series) -> bool:
    """Whether Arrow text, none missing, strictly ascends: then no value repeats.

    Exports and the simulator number orders in order; two comparisons of neighbours tell
    it without hashing ten million ids (the first thousand show most unsorted columns).
    """
    if not isinstance(ids.array, pd.arrays.ArrowStringArray) or len(ids) < 2:
        return False
    text = pa.chunked_array(ids.array.__arrow_array__())
    if text.null_count:
        return False
    # the first thousand, then all: ChunkedArrays, compared without a copy
    return all(pc.all(pc.less(p[:-1], p[1:])).as_py() for p in (text.slice(0, 1024), text))


def _market_finalise(
    parts: dict[str, Totals], *, by: list[str], freq: str, start, until
) -> pd.DataFrame:
    market = parts["market"]
    sums = market.groups
    through_fen, in_fen = sums["through_fen"].to_numpy(), sums["in_fen"].to_numpy()
    out = sums[["period", *by]].copy()
    out["sell_through"] = through_fen / 100
    out["sell_in"] = in_fen / 100
    out["turnover"] = (through_fen + in_fen) / 100
    with np.errstate(divide="ignore", invalid="ignore"):
        out["inflation_factor"] = np.where(
            through_fen > 0, (through_fen + in_fen) / through_fen, np.nan
        )
    for column in ("orders", "units", "retail_units"):
        out[column] = sums[column].to_numpy()
    out["active_sellers"] = market.distinct()
    periods = calendar(out["period"], freq, start=start, until=until)
    counted = ("sell_through", "sell_in", "turnover", "orders", "units", "retail_units")
    return complete_calendar(out, by, periods, dict.fromkeys((*counted, "active_sellers"), 0))


# ---------------------------------------------------------------------------
# Triangulation
# ---------------------------------------------------------------------------


def _triple(x: float | Sequence[float], name: str) -> tuple[float, float, float]:
    values = (float(x),) * 3 if np.isscalar(x) else tuple(float(v) for v in x)  # type: ignore[arg-type]
    if len(values) != 3 or not values[0] <= values[1] <= values[2] or values[0] < 0:
        raise ParameterError(
            f"{name}={x!r}: expected a number or (low, mid, high) with 0 ≤ low ≤ mid ≤ high"
        )
    return values  # type: ignore[return-value]


def bottom_up_estimate(
    sellers: float | Sequence[float],
    orders_per_seller: float | Sequence[float],
    basket: float | Sequence[float],
    *,
    estimate: str = "bottom-up: sellers × orders a year × basket",
) -> pd.DataFrame:
    """Estimate market size bottom-up: sellers × orders per seller a year × yuan per order.

    Each input is a number or a ``(low, mid, high)`` triple; the result's low is the
    product of the lows and its high the product of the highs (the widest range the
    inputs allow).

    Parameters
    ----------
    sellers : float or (float, float, float)
        Active sellers (practitioners who take orders).
    orders_per_seller : float or (float, float, float)
        Orders one seller takes a year.
    basket : float or (float, float, float)
        Yuan per order.
    estimate : str, default "bottom-up: sellers × orders a year × basket"
        The estimate's name, in the ``estimate`` column (name the rows apart when
        concatenating several).

    Returns
    -------
    DataFrame
        One row with the columns of ``ESTIMATE_COLUMNS``: ``approach`` is
        ``"bottom_up"``, ``inputs`` spells out the figures multiplied.

    Raises
    ------
    ParameterError
        For an input that is neither a number nor a ``(low, mid, high)`` triple
        with ``0 ≤ low ≤ mid ≤ high``.

    Examples
    --------
    >>> est = bottom_up_estimate((8e6, 10e6, 12e6), (20, 40, 60), 150)
    >>> est[["approach", "low", "mid", "high"]]
        approach           low           mid           high
    0  bottom_up  2.400000e+10  6.000000e+10  1.080000e+11
    >>> est["inputs"].iloc[0]
    'sellers 8,000,000–12,000,000 (mid 10,000,000) × orders_per_seller 20–60 (mid 40) × basket 150'
    """
    parts = {"sellers": sellers, "orders_per_seller": orders_per_seller, "basket": basket}
    triples = {k: _triple(v, k) for k, v in parts.items()}
    low, mid, high = (float(np.prod([t[i] for t in triples.values()])) for i in range(3))

    def plain(v: float) -> str:  # 12,570,000 rather than 1.257e+07
        return f"{v:,.0f}" if v == round(v) else f"{v:,.6g}"

    def shown(name: str, t: tuple[float, float, float]) -> str:
        if t[0] == t[2]:
            return f"{name} {plain(t[1])}"
        return f"{name} {plain(t[0])}–{plain(t[2])} (mid {plain(t[1])})"

    inputs = " × ".join(shown(k, t) for k, t in triples.items())
    row = {
        "estimate": estimate,
        "approach": "bottom_up",
        "low": low,
        "mid": mid,
        "high": high,
        "inputs": inputs,
    }
    return pd.DataFrame([row], columns=list(ESTIMATE_COLUMNS))


def top_down_estimates(facts: pd.DataFrame) -> pd.DataFrame:
    """Turn published figures (rows of the ``facts`` dataset) into top-down estimates.

    A figure with a range keeps it; a point figure is its own low and high. The
    ``inputs`` column cites the fact: its id, producer and words as published.

    Parameters
    ----------
    facts : DataFrame
        Rows of the ``facts`` dataset (or any frame with its ``fact_id``,
        ``value``, ``value_low``, ``value_high``, ``as_written`` and ``producer``
        columns), each a published market size in yuan.

    Returns
    -------
    DataFrame
        One row per fact with the columns of ``ESTIMATE_COLUMNS``: ``estimate`` is
        the fact's id, ``approach`` ``"top_down"``.

    Raises
    ------
    MissingColumnsError
        When ``facts`` lacks one of the columns above.

    Examples
    --------
    >>> from microcommerce import datasets
    >>> facts = datasets.load("facts").set_index("fact_id")
    >>> est = top_down_estimates(facts.loc[["isc_weishang_market_2015"]].reset_index())
    >>> est[["estimate", "approach", "mid"]]
                       estimate  approach           mid
    0  isc_weishang_market_2015  top_down  1.819500e+11
    """
    needed = ["fact_id", "value", "value_low", "value_high", "as_written", "producer"]
    require_columns(facts, needed, "top_down_estimates")
    low = facts["value_low"].fillna(facts["value"]).to_numpy()
    high = facts["value_high"].fillna(facts["value"]).to_numpy()
    return pd.DataFrame(
        {
            "estimate": facts["fact_id"].to_numpy(),
            "approach": "top_down",
            "low": low,
            "mid": facts["value"].to_numpy(),
            "high": high,
            "inputs": (
                "fact "
                + facts["fact_id"]
                + ": "
                + facts["producer"]
                + ", '"
                + facts["as_written"]
                + "'"
            ).to_numpy(),
        },
        columns=list(ESTIMATE_COLUMNS),
    )


def triangulate(estimates: pd.DataFrame) -> pd.DataFrame:
    """Combine estimates into one low / mid / high range, with the inputs shown.

    ``estimates`` has the columns of ``ESTIMATE_COLUMNS`` (build the rows with
    ``top_down_estimates`` and ``bottom_up_estimate``, and concatenate).
    The result is the estimates followed by a ``triangulated`` row whose low is the
    lowest low, high the highest high, and mid the **geometric** mean of the mids —
    estimates of a market size differ by factors, not by amounts, so the geometric
    mean does not let one large figure dominate. ``spread`` is high ÷ low.

    Parameters
    ----------
    estimates : DataFrame
        One row per estimate, with the columns of ``ESTIMATE_COLUMNS`` (other
        columns are left out of the result).

    Returns
    -------
    DataFrame
        The estimates, then the ``triangulated`` row, with ``spread`` added.

    Raises
    ------
    MissingColumnsError
        When ``estimates`` lacks one of ``ESTIMATE_COLUMNS``.
    InputError
        When there are no estimates, or one has no positive ``mid``.

    Examples
    --------
    >>> est = pd.concat([bottom_up_estimate(1e7, 40, 150, estimate="busy"),
    ...                  bottom_up_estimate(1e7, 10, 150, estimate="cautious")])
    >>> triangulate(est)[["estimate", "low", "mid", "high", "spread"]]
           estimate           low           mid          high  spread
    0          busy  6.000000e+10  6.000000e+10  6.000000e+10     1.0
    1      cautious  1.500000e+10  1.500000e+10  1.500000e+10     1.0
    2  triangulated  1.500000e+10  3.000000e+10  6.000000e+10     4.0
    """
    require_columns(estimates, list(ESTIMATE_COLUMNS), "triangulate")
    if estimates.empty:
        raise InputError("triangulate: estimates has no rows: expected at least one estimate")
    rows = estimates.loc[:, list(ESTIMATE_COLUMNS)].reset_index(drop=True)
    mids = rows["mid"].to_numpy(dtype="float64")
    if (mids <= 0).any() or np.isnan(mids).any():
        bad = rows.loc[~(mids > 0), "estimate"].tolist()
        raise InputError(
            f"triangulate: the estimates {bad} have no positive mid value: expected mid > 0",
            column="mid",
        )
    summary = {
        "estimate": "triangulated",
        "approach": "+".join(sorted(set(rows["approach"]))),
        "low": rows["low"].min(),
        "mid": float(np.exp(np.log(mids).mean())),
        "high": rows["high"].max(),
        "inputs": f"{len(rows)} estimates above",
    }
    out = pd.concat([rows, pd.DataFrame([summary])], ignore_index=True)
    out["spread"] = out["high"] / out["low"]
    return out


# ---------------------------------------------------------------------------
# Currencies and context
# ---------------------------------------------------------------------------


def _years(df: pd.DataFrame, year: int | str, who: str) -> pd.Series:
    if isinstance(year, str):
        require_columns(df, [year], who)
        values = df[year]
        if pd.api.types.is_datetime64_dtype(values.dtype):
            values = values.dt.year
        return pd.to_numeric(values, errors="coerce").astype("Int64")
    return pd.Series(year, index=df.index, dtype="Int64")


def to_usd(df: pd.DataFrame, amount_cols: str | Sequence[str], year: int | str) -> pd.DataFrame:
    """Add ``<column>_usd`` for each amount column, at the year's average yuan rate.

    The rate used is added as ``cny_per_usd`` (from the ``fx`` dataset: annual
    averages, each row citing its source). A year the dataset lacks is an error.

    Parameters
    ----------
    df : DataFrame
        Any frame with amounts in CNY.
    amount_cols : str or sequence of str
        The column to convert, or several.
    year : int or str
        A year for every row, or the name of a column holding years (or dates).

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``cny_per_usd`` and a ``<column>_usd`` per amount
        column added.

    Raises
    ------
    MissingColumnsError
        When ``df`` lacks an amount column or the ``year`` column.
    InputError
        When a row's year is missing or not in the ``fx`` dataset.

    Examples
    --------
    >>> df = pd.DataFrame({"year": [2014, 2015], "sell_through": [6.1428e9, 6.2284e9]})
    >>> to_usd(df, ["sell_through"], "year")
       year  sell_through  cny_per_usd  sell_through_usd
    0  2014  6.142800e+09       6.1428      1.000000e+09
    1  2015  6.228400e+09       6.2284      1.000000e+09
    """
    amount_cols = column_list(amount_cols, "amount_cols")
    require_columns(df, amount_cols, "to_usd")
    years = _years(df, year, "to_usd")
    fx = datasets.load("fx").set_index("year")["cny_per_usd"]
    missing = sorted(int(y) for y in set(years.dropna()) - set(fx.index))
    if missing or years.isna().any():
        raise InputError(
            f"to_usd: no yuan rate for years {missing or ['(missing)']}; the fx "
            f"dataset covers {fx.index.min()}–{fx.index.max()}",
            column=year if isinstance(year, str) else None,
        )
    out = df.copy()
    out["cny_per_usd"] = years.map(fx).to_numpy(dtype="float64")
    for column in amount_cols:
        out[f"{column}_usd"] = out[column] / out["cny_per_usd"]
    return out


def share_of_online_retail(
    df: pd.DataFrame, *, value: str = "value", year: int | str = "year"
) -> pd.DataFrame:
    """Add the year's national online retail figure and ``value`` as a share of it (%).

    Bounds travel: a figure given as a bound (``qualifier`` ``over``, ``under`` or a
    ``range`` with ``value_low``/``value_high``, as in ``facts``) or a retail figure
    given as "over" (2018's 超过9万亿) makes the share a bound too, and the output says
    which.

    Parameters
    ----------
    df : DataFrame
        Figures in yuan, with a year for each row; optionally ``qualifier``,
        ``value_low`` and ``value_high``.
    value : str, default "value"
        The column of yuan.
    year : int or str, default "year"
        A year for every row, or the column holding years (or dates).

    Returns
    -------
    DataFrame
        ``df`` with ``online_retail`` (yuan; a lower bound where its qualifier is
        over), ``online_retail_qualifier``, ``online_retail_measure`` (which measure
        that year's figure is — they changed over the years), ``online_retail_fact``
        (the ``facts`` row), ``share_pct``, ``share_pct_low``, ``share_pct_high`` and
        ``share_qualifier`` (``exact``, ``about``, ``over``, ``under`` or ``range``).
        Years without a figure get missing values, not an error (the record has gaps,
        e.g. 2012).

    Examples
    --------
    >>> isc = pd.DataFrame({"year": [2017, 2018], "value": [6.8e11, 1.26e12]})
    >>> out = share_of_online_retail(isc)
    >>> out[["year", "online_retail_qualifier", "share_pct", "share_pct_high", "share_qualifier"]]
       year online_retail_qualifier  share_pct  share_pct_high share_qualifier
    0  2017                   exact   9.470752        9.470752           exact
    1  2018                    over  14.000000       14.000000           under
    """
    require_columns(df, [value], "share_of_online_retail")
    years = _years(df, year, "share_of_online_retail")
    retail = datasets.load("online_retail").set_index("year")
    out = df.copy()
    out["online_retail"] = years.map(retail["value"]).to_numpy(dtype="float64")
    retail_q = years.map(retail["qualifier"].astype(str)).to_numpy(dtype=object)
    out["online_retail_qualifier"] = retail_q
    out["online_retail_measure"] = years.map(retail["measure"].astype(str)).to_numpy(dtype=object)
    out["online_retail_fact"] = years.map(retail["fact_id"]).to_numpy(dtype=object)
    low, high, approximate = _bounds(df, value)
    denominator = out["online_retail"].to_numpy()
    over = retail_q == "over"  # the retail figure is a lower bound: the share an upper one
    den_high = np.where(over, np.inf, denominator)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_pct"] = 100 * df[value].to_numpy(dtype="float64") / denominator
        out["share_pct_low"] = 100 * low / den_high
        out["share_pct_high"] = 100 * high / denominator
    approximate = approximate | (retail_q == "about")
    out["share_qualifier"] = _qualifier(
        out["share_pct_low"].to_numpy(), out["share_pct_high"].to_numpy(), approximate
    )
    return out


def _bounds(df: pd.DataFrame, value: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Give each figure's low and high (a point is its own bounds), and which are 'about'."""
    point = df[value].to_numpy(dtype="float64")
    low, high = point.copy(), point.copy()
    qualifier = (
        df["qualifier"].astype(str).to_numpy() if "qualifier" in df else np.full(len(df), "exact")
    )
    if "value_low" in df:
        low = np.where(df["value_low"].isna(), low, df["value_low"].to_numpy(dtype="float64"))
    if "value_high" in df:
        high = np.where(df["value_high"].isna(), high, df["value_high"].to_numpy(dtype="float64"))
    low = np.where(qualifier == "under", 0.0, low)  # "nearly X": at most X
    high = np.where(qualifier == "over", np.inf, high)  # "over X": at least X
    return low, high, qualifier == "about"


def _qualifier(low: np.ndarray, high: np.ndarray, approximate: np.ndarray) -> np.ndarray:
    """Name what a pair of bounds says: exact, about, over, under or range (missing: NaN)."""
    out = np.full(len(low), "range", dtype=object)
    out[np.isinf(high)] = "over"
    out[(low == 0) & np.isfinite(high)] = "under"
    point = low == high
    out[point] = np.where(approximate[point], "about", "exact")
    out[np.isnan(low) | np.isnan(high)] = np.nan
    return out
