"""Category inventory: the stock piled up in an agent pyramid, from the orders alone.

Every order moves boxes out of the seller's stock — into the buyer's stock (a
``sell_in`` order between agents) or out of the channel (``retail``). So the stock a
group of agents holds at a period end is what they have bought minus what they have
sold, summed from the start:

- :func:`channel_inventory` — per period and group (tier, category …).
- :func:`months_of_supply` — that stock ÷ the recent monthly sell-through.
- :func:`years_to_clear` — how long the stock lasts under stated demand scenarios,
  as a sensitivity table (the seed article's "five or six years" is one claim
  among these, not a fact).

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({
...     "date": pd.to_datetime(["2014-03-02", "2014-03-09", "2014-04-20"]),
...     "seller_id": ["top", "l1", "l1"], "buyer_id": ["l1", None, None],
...     "seller_tier": pd.array([0, 1, 1], dtype="Int8"),
...     "buyer_tier": pd.array([1, None, None], dtype="Int8"),
...     "kind": ["sell_in", "retail", "retail"], "category": ["mask"] * 3,
...     "quantity": [100, 5, 10], "amount": [4370.0, 690.0, 1380.0]})
>>> channel_inventory(orders, by=("seller_tier",))
      period  seller_tier  bought  sold  stock   value
0 2014-03-31            1     100     5     95  4151.5
1 2014-04-30            1       0    10     85  3714.5
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from microcommerce.analyses._aggregation import Aggregation, merge_partials
from microcommerce.analyses._calendar_doc import calendar_doc
from microcommerce.analyses._duckdb_engine import arrow_table, as_totals, grouped
from microcommerce.analyses._group_arithmetic import (
    BUYER_SIDE,
    Totals,
    group_numbers,
    stacked_totals,
    totals,
)
from microcommerce.analyses._inputs import (
    _refuse_missing,
    column_list,
    require_columns,
    require_dates,
    whole_fen,
)
from microcommerce.analyses._periods import calendar, period_categories
from microcommerce.analyses._status import sold_orders, with_status
from microcommerce.core._engine import as_pandas
from microcommerce.errors import ParameterError

if TYPE_CHECKING:  # a Dask DataFrame is accepted wherever orders are
    import dask.dataframe as dd

__all__ = [
    "DEMAND_SCENARIOS",
    "channel_inventory",
    "months_of_supply",
    "stranded_stock",
    "years_to_clear",
]

#: Default demand scenarios of :func:`years_to_clear`: name → change of demand a year.
DEMAND_SCENARIOS: dict[str, float] = {
    "demand +10 % a year": 0.10,
    "demand flat": 0.0,
    "demand −10 % a year": -0.10,
    "demand −25 % a year": -0.25,
    "demand −50 % a year": -0.50,
}
_KEYS = ("seller_tier", "seller_id", "category", "platform", "product")


@calendar_doc
def channel_inventory(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    by: str | Sequence[str] = (),
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    shipments: pd.DataFrame | dd.DataFrame | None = None,
    status: str = "sold",
    engine: str = "pandas",
) -> pd.DataFrame:
    """Measure the stock held in the channel at each period end: units bought − sold so far.

    ``by`` says who holds the stock, among ``seller_tier``, ``seller_id``, ``category``,
    ``platform`` and ``product``: an order adds its units to the buyer's group
    (``buyer_tier``, ``buyer_id``, the same category …) and takes them from the
    seller's; ``()`` is the whole channel. The stock is zero before the first order
    (or ``start``) and stays in the channel through periods without orders, up to
    ``until`` (the last months of a collapse).

    Parameters
    ----------
    {orders}
    {calendar}
    shipments : DataFrame, optional
        The brand's own sales to its top agents (``date, buyer_id, buyer_tier,
        category, quantity, amount``; the simulator's ``Simulation.shipments``).
        Orders cannot show them (the schema has no seller above tier 0). Without
        them, top agents' (tier 0) stock cannot be known and is left out: the
        result is the stock held **below the top agents**.
    {status}
    {engine}

    Returns
    -------
    DataFrame
        For every group, every period from the first to the last: ``period``, the
        ``by`` columns, ``bought`` and ``sold`` (units in the period, transfers
        between members of a group included), ``stock`` (units at its end) and
        ``value`` (CNY: each tier's stock at that tier's average purchase price so
        far, summed over the tiers in the group).

    Examples
    --------
    See the module docstring.
    """
    by = column_list(by)
    unknown = [k for k in by if k not in _KEYS]
    if unknown:
        raise ParameterError(
            f"channel_inventory: by={by}: cannot hold stock by {unknown}; "
            f"choose among {list(_KEYS)}"
        )
    # stock is valued per tier (a tier buys at one price), then summed to the groups asked for
    keys = by if {"seller_tier", "seller_id"} & set(by) else [*by, "seller_tier"]
    buyer_keys = [BUYER_SIDE.get(k, k) for k in keys]
    order_flows = Aggregation(
        partial=functools.partial(
            _order_flows, freq=freq, keys=keys, shipped=shipments is not None
        ),
        finalise=None,  # flows from orders and shipments are merged before finishing
        columns=tuple(
            dict.fromkeys(["date", "kind", "quantity", "amount", "seller_tier", *keys, *buyer_keys])
        ),
        who="channel_inventory (orders)",
        duckdb=functools.partial(
            _order_flows_duckdb, freq=freq, keys=keys, shipped=shipments is not None
        ),
    )
    orders = sold_orders(orders, status=status)
    parts = [order_flows.run(orders, engine)]
    if shipments is not None:
        shipment_flows = Aggregation(
            partial=functools.partial(_shipment_flows, freq=freq, keys=keys),
            finalise=None,
            columns=tuple(dict.fromkeys(["date", "quantity", "amount", *buyer_keys])),
            who="channel_inventory (shipments)",
        )
        parts.append(shipment_flows.run(shipments, engine))  # small: pandas on either engine
    result = _stock(merge_partials(parts), freq=freq, by=by, keys=keys, start=start, until=until)
    return with_status(result, orders)


def _flows(
    keys: pd.DataFrame,
    periods: pd.Series,
    bought: np.ndarray,
    sold: np.ndarray,
    paid_fen: np.ndarray,
    all_periods: pd.Series,
) -> dict[str, Totals]:
    """Sum units bought and sold and fen paid per (period, holder group).

    Every period seen is kept too (a month of top agents' retail alone still is a month).
    """
    frame = pd.DataFrame({"period": periods.reset_index(drop=True)})
    for column in keys.columns:
        frame[column] = keys[column].to_numpy()
        frame[column] = frame[column].astype(keys[column].dtype)
    return {
        "flows": totals(frame, {"bought": bought, "sold": sold, "paid_fen": paid_fen}),
        "periods": totals(all_periods.reset_index(drop=True).to_frame("period")),
    }


def _order_flows(orders: pd.DataFrame, *, freq: str, keys: list[str], shipped: bool):
    """Sum the flows of orders through the holders' stock.

    Out of a holder's stock: every order, on the seller's side (top agents only when the
    brand's shipments into their stock are known). Into it: sell-in orders, on the
    buyer's side. Both sides are summed over one numbering of (period, holder) cells
    (:func:`stacked_totals`: no copy of the orders per side), and groups no row of
    either side reached are dropped.
    """
    require_dates(orders["date"], "channel_inventory (orders)")
    periods = period_categories(orders["date"], freq).reset_index(drop=True)
    sells = None if shipped else (orders["seller_tier"] != 0).to_numpy(dtype=bool, na_value=True)
    buys = (orders["kind"] == "sell_in").to_numpy(dtype=bool, na_value=False)
    qty = orders["quantity"].to_numpy(dtype="int64", na_value=0)
    paid = whole_fen(orders["amount"], "channel_inventory", where=buys)
    sellers = {k: orders[k] for k in keys}
    buyers = [orders[BUYER_SIDE[k]] if k in BUYER_SIDE else sellers[k] for k in keys]
    flows = stacked_totals(
        ["period", *keys],
        [
            ([periods, *sellers.values()], sells, {"sold": qty}),
            ([periods, *buyers], buys, {"bought": qty, "paid_fen": paid}),
        ],
    )
    groups = flows.groups[["period", *keys, "bought", "sold", "paid_fen"]]
    return {
        "flows": dataclasses.replace(flows, groups=groups),
        "periods": _seen_periods(periods),
    }


def _seen_periods(periods: pd.Series) -> Totals:
    """List the first and last periods of the rows: all the calendar of :func:`_stock` needs.

    :func:`period_categories` runs from the first date's period to the last's, so both
    occur (dates are never missing here). A month of top agents' retail alone still counts.
    """
    last = len(periods.cat.categories) - 1
    ends = np.unique([0, last]) if len(periods) else np.zeros(0, np.int64)
    present = pd.Series(pd.Categorical.from_codes(ends, dtype=periods.dtype))
    return totals(present.to_frame("period"))


def _order_flows_duckdb(orders: pd.DataFrame, *, freq: str, keys: list[str], shipped: bool):
    """Sum the flows of :func:`_order_flows` on DuckDB, both sides in one query."""
    require_dates(orders["date"], "channel_inventory (orders)")
    periods = period_categories(orders["date"], freq)
    sells = (
        np.ones(len(orders), bool)
        if shipped
        else (orders["seller_tier"] != 0).to_numpy(dtype=bool, na_value=True)
    )
    buys = (orders["kind"] == "sell_in").to_numpy(dtype=bool, na_value=False)
    like = {"period": periods, **{k: orders[k] for k in keys}}
    columns = {
        **like,
        **{
            f"_buyer{i}": orders[BUYER_SIDE.get(k, k)].astype(orders[k].dtype)
            for i, k in enumerate(keys)
        },
        "qty": orders["quantity"].to_numpy(dtype="int64", na_value=0),
        "paid": whole_fen(orders["amount"], "channel_inventory", where=buys),  # 0: no purchase
        "sells": sells,
        "buys": buys,
    }
    seller_side = ", ".join(f'"{k}"' for k in like)
    buyer_side = ", ".join(['"period"', *(f"_buyer{i}" for i in range(len(keys)))])
    sql = (
        f"SELECT {seller_side}, 0::BIGINT AS bought, qty AS sold, 0::BIGINT AS paid "
        f"FROM t WHERE sells = 1 UNION ALL "
        f"SELECT {buyer_side}, qty, 0::BIGINT, paid FROM t WHERE buys = 1"
    )
    sums = {
        "bought": "sum(bought)::BIGINT",
        "sold": "sum(sold)::BIGINT",
        "paid_fen": "sum(paid)::BIGINT",
    }
    small = grouped(arrow_table(columns), list(like), sums, sql=sql)
    return {"flows": as_totals(small, like, list(sums)), "periods": _seen_periods(periods)}


def _shipment_flows(shipments: pd.DataFrame, *, freq: str, keys: list[str]):
    """Into the top agents' stock: the brand's shipments, on the buyer's side."""
    require_dates(shipments["date"], "channel_inventory (shipments)")
    periods = period_categories(shipments["date"], freq)
    holders = shipments[[BUYER_SIDE.get(k, k) for k in keys]].set_axis(keys, axis=1)
    qty = shipments["quantity"].to_numpy(dtype="int64", na_value=0)
    return _flows(
        holders,
        periods,
        bought=qty,
        sold=np.zeros(len(qty), np.int64),
        paid_fen=whole_fen(shipments["amount"], "channel_inventory (shipments)"),
        all_periods=periods,
    )


def _stock(
    parts: dict[str, Totals], *, freq: str, by: list[str], keys: list[str], start, until
) -> pd.DataFrame:
    """Cumulative sums of the flows along the calendar, valued per tier, summed to ``by``."""
    small = parts["flows"].groups
    periods = calendar(parts["periods"].groups["period"], freq, start=start, until=until)
    n_periods = len(periods)
    # one row per holder group, one column per period: cumulative sums along the calendar
    gid, holders = group_numbers(small, keys)
    cell = gid * n_periods + periods.get_indexer(small["period"])
    size = len(holders) * n_periods

    def grid(column: str) -> np.ndarray:
        values = small[column].to_numpy(dtype="float64")
        return np.bincount(cell, values, size).reshape(len(holders), n_periods)

    bought, sold = grid("bought"), grid("sold")
    stock = np.cumsum(bought - sold, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        average = np.cumsum(grid("paid_fen"), axis=1) / 100 / np.cumsum(bought, axis=1)
    value = np.where(stock == 0, 0.0, stock * average)
    # sum the tiers back into the groups asked for
    outer, groups = group_numbers(holders, by)
    rows = [np.zeros((len(groups), n_periods)) for _ in range(4)]
    for total, part in zip(rows, (bought, sold, stock, value), strict=True):
        np.add.at(total, outer, part)
    bought, sold, stock, value = rows

    # period-major rows: every period, then every group
    out = pd.DataFrame({"period": np.repeat(periods.to_numpy(), len(groups))})
    for k in by:
        out[k] = np.tile(groups[k].to_numpy(), n_periods)
        out[k] = out[k].astype(groups[k].dtype)
    out["bought"] = bought.T.ravel().round().astype(np.int64)
    out["sold"] = sold.T.ravel().round().astype(np.int64)
    out["stock"] = stock.T.ravel().round().astype(np.int64)
    out["value"] = np.round(value.T.ravel(), 2)
    return out


def months_of_supply(
    inventory: pd.DataFrame | dd.DataFrame,
    sell_through: pd.DataFrame | pd.Series | dd.DataFrame,
    *,
    window: int = 3,
    units: str = "retail_units",
    months_per_period: float | None = None,
) -> pd.DataFrame:
    """Stock ÷ the average monthly sell-through of the last ``window`` periods.

    Parameters
    ----------
    inventory : DataFrame
        :func:`channel_inventory` output (``period``, group columns, ``stock``).
    sell_through : DataFrame or Series
        Units sold to end customers per period: a Series indexed by period, or a
        frame with ``period``, group columns and ``units`` (such as
        :func:`microcommerce.analyses.market_size` output, whose ``retail_units`` is
        the default). The inventory is summed up to the groups ``sell_through`` has
        (by tier if both are by tier; the whole channel against a Series).
    window : int, default 3
        Periods averaged (a short window follows the collapse closely; 3 smooths
        monthly noise). Periods without sales count as zero.
    units : str, default "retail_units"
        The column of ``sell_through`` with the units.
    months_per_period : float, optional
        Length of a period in months (3 for quarters); read from the spacing of
        the inventory's periods when not given (1 if there is only one).

    Returns
    -------
    DataFrame
        ``period``, the shared group columns, ``stock`` (units),
        ``retail_units_per_month`` (units sold to end customers, the average a month
        over the window) and ``months_of_supply`` (infinite where stock is held
        but nothing sells; missing where there is neither).

    Examples
    --------
    >>> inv = pd.DataFrame({"period": pd.to_datetime(["2015-01-31", "2015-02-28", "2015-03-31"]),
    ...                     "stock": [1200, 1100, 1050]})
    >>> sales = pd.Series([100.0, 50.0, 0.0], index=inv["period"])
    >>> months_of_supply(inv, sales, window=2)
          period  stock  retail_units_per_month  months_of_supply
    0 2015-01-31   1200                   100.0              12.0
    1 2015-02-28   1100                    75.0         14.666667
    2 2015-03-31   1050                    25.0              42.0
    """
    if window < 1:
        raise ParameterError(f"months_of_supply: window={window!r}: expected at least 1 period")
    inventory, sell_through = as_pandas(inventory), as_pandas(sell_through)  # small tables
    require_columns(inventory, ["period", "stock"], "months_of_supply (inventory)")
    if isinstance(sell_through, pd.Series):
        sales = sell_through.rename("sell_through").rename_axis("period").reset_index()
        keys: list[str] = []
    else:
        _refuse_missing(
            sell_through, ["period", units], "months_of_supply (sell_through)", say_makers=False
        )
        keys = [
            c
            for c in inventory.columns
            if c in sell_through.columns and c not in ("period", "stock", units)
        ]
        sales = sell_through[["period", *keys, units]].rename(columns={units: "sell_through"})
        sales = sales.groupby(["period", *keys], observed=True, dropna=False, as_index=False)[
            "sell_through"
        ].sum()
    stock = inventory.groupby(["period", *keys], observed=True, dropna=False, as_index=False)[
        "stock"
    ].sum()
    sales["period"] = sales["period"].astype(stock["period"].dtype)
    merged = stock.merge(sales, on=["period", *keys], how="left")
    merged["sell_through"] = merged["sell_through"].fillna(0.0).astype("float64")
    merged = merged.sort_values([*keys, "period"], kind="stable")
    rolling = (
        merged.groupby(keys, observed=True, dropna=False)["sell_through"]
        if keys
        else merged["sell_through"]
    )
    merged["sell_through"] = (
        rolling.transform(lambda s: s.rolling(window, min_periods=1).mean())
        if keys
        else rolling.rolling(window, min_periods=1).mean()
    )
    if months_per_period is None:
        ends = pd.DatetimeIndex(merged["period"].drop_duplicates().sort_values())
        gaps = np.diff(ends.to_numpy()).astype("timedelta64[D]").astype(float)
        months_per_period = float(np.median(gaps)) / 30.436875 if len(gaps) else 1.0
        if months_per_period > 0.9:  # month, quarter, year: whole months
            months_per_period = float(round(months_per_period))
    merged["sell_through"] = merged["sell_through"] / months_per_period
    with np.errstate(divide="ignore", invalid="ignore"):
        merged["months_of_supply"] = merged["stock"] / merged["sell_through"]
    merged = merged.rename(columns={"sell_through": "retail_units_per_month"})
    return merged.sort_values(["period", *keys], kind="stable", ignore_index=True)


def years_to_clear(
    stock: float,
    demand: float | Mapping[str, float],
    scenarios: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """How many years ``stock`` lasts, across demand scenarios: a sensitivity table.

    Demand starts at ``demand`` units a month and changes by a steady share a year
    (compounded continuously), so after *T* years customers have bought
    ``12·d·((1+g)^T − 1) / ln(1+g)`` units (``12·d·T`` when ``g = 0``). The table
    solves that for the stock. When demand shrinks fast enough the stock never
    clears: customers would only ever buy ``12·d / −ln(1+g)`` units in all; the
    table says so (infinite years) instead of giving a number.

    Parameters
    ----------
    stock : float
        Units in the channel.
    demand : float or mapping of str to float
        Units sold to customers a month now: one figure, or several named ones
        (``{"low": …, "high": …}``) for a grid.
    scenarios : mapping of str to float, optional
        Name → yearly change of demand (−0.25 is a quarter less each year);
        default ``DEMAND_SCENARIOS``.

    Returns
    -------
    DataFrame
        One row per demand level and scenario: ``demand_level`` (only when
        several are given), ``monthly_demand``, ``scenario``, ``annual_change``,
        ``stock``, ``years_to_clear`` (infinite when the stock never clears),
        ``clears`` and ``ever_sold`` (all customers would ever buy; infinite
        unless demand shrinks).

    Raises
    ------
    ParameterError
        For a negative or missing ``stock``, a demand level not above zero, a
        yearly change of −100 % or less, or no demand level or scenario at all.

    Examples
    --------
    >>> table = years_to_clear(1200, 100, {"flat": 0.0, "halving": -0.5, "growing": 0.2})
    >>> table[["scenario", "annual_change", "years_to_clear", "clears"]]
      scenario  annual_change  years_to_clear  clears
    0     flat            0.0        1.000000    True
    1  halving           -0.5        1.704381    True
    2  growing            0.2        0.918596    True
    >>> years_to_clear(2000, 100, {"halving": -0.5})[["years_to_clear", "ever_sold"]]
       years_to_clear    ever_sold
    0             inf  1731.234049
    """
    if not stock >= 0:  # also refuses NaN
        raise ParameterError(f"years_to_clear: stock={stock!r}: expected units ≥ 0")
    levels = {"demand": float(demand)} if np.isscalar(demand) else dict(demand)  # type: ignore[arg-type]
    chosen = DEMAND_SCENARIOS if scenarios is None else dict(scenarios)
    if not chosen or not levels:
        raise ParameterError(
            f"years_to_clear: demand={demand!r}, scenarios={scenarios!r}: expected at least "
            "one demand level and one scenario"
        )
    rows = []
    for level, monthly in levels.items():
        if not monthly > 0:
            raise ParameterError(
                f"years_to_clear: demand {level!r} = {monthly!r}: expected units a month > 0"
            )
        for name, change in chosen.items():
            if not change > -1:
                raise ParameterError(
                    f"years_to_clear: scenario {name!r} = {change!r}: expected a yearly change "
                    "> -1 (a fall of 100 % or more leaves no demand)"
                )
            rate = math.log1p(change)
            yearly = 12 * monthly
            if rate == 0:
                years, ever = stock / yearly, math.inf
            else:
                ever = yearly / -rate if rate < 0 else math.inf
                inside = stock * rate / yearly  # log1p keeps tiny rates exact
                years = math.log1p(inside) / rate if inside > -1 else math.inf
            rows.append(
                {
                    "demand_level": level,
                    "monthly_demand": float(monthly),
                    "scenario": name,
                    "annual_change": float(change),
                    "stock": float(stock),
                    "years_to_clear": years,
                    "clears": math.isfinite(years),
                    "ever_sold": ever,
                }
            )
    table = pd.DataFrame(rows)
    return table if len(levels) > 1 else table.drop(columns="demand_level")


def stranded_stock(sellers: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    """Stock left with agents who quit, by tier: who is stranded, and with how much.

    An agent's stranded stock is its last stock count, taken at the end of the month it
    left (the ``inventory`` row for that month; a back office counts a leaver once more).

    Parameters
    ----------
    sellers : DataFrame
        One row per agent: ``seller_id``, ``tier`` and ``left`` (the date it quit;
        missing while it still trades), as the simulator's ``sellers`` table.
    inventory : DataFrame
        Stock counts: ``seller_id``, ``period`` (month ends) and ``units``, as the
        simulator's ``inventory`` table. A leaver without a count that month held
        nothing.

    Returns
    -------
    DataFrame
        Per tier: ``agents_left``, ``with_stock`` (left holding at least one unit),
        ``units`` (stranded in total) and ``median_units`` (per leaver with stock).

    Raises
    ------
    MissingColumnsError
        When ``sellers`` or ``inventory`` lacks one of the columns above.

    Examples
    --------
    >>> sellers = pd.DataFrame({"seller_id": ["a", "b", "c"], "tier": [1, 2, 2],
    ...     "left": pd.to_datetime(["2015-03-31", "2015-04-30", None])})
    >>> inventory = pd.DataFrame({"seller_id": ["a", "b", "c"],
    ...     "period": pd.to_datetime(["2015-03-31", "2015-04-30", "2015-04-30"]),
    ...     "units": [120, 5, 7]})
    >>> stranded_stock(sellers, inventory)
       tier  agents_left  with_stock  units  median_units
    0     1            1           1    120         120.0
    1     2            1           1      5           5.0
    """
    require_columns(sellers, ["seller_id", "tier", "left"], "stranded_stock (sellers)")
    require_columns(inventory, ["seller_id", "period", "units"], "stranded_stock (inventory)")
    gone = sellers.loc[sellers["left"].notna(), ["seller_id", "tier", "left"]]
    gone = gone.assign(
        period=gone["left"]
        .dt.to_period("M")
        .dt.to_timestamp(how="end")
        .dt.normalize()
        .astype(inventory["period"].dtype)
    )
    last = gone.merge(
        inventory[["seller_id", "period", "units"]], on=["seller_id", "period"], how="left"
    )
    units = last["units"].astype("float64").fillna(0.0)
    last = last.assign(units=units, holding=units > 0)
    table = last.groupby("tier", observed=True, sort=True).agg(
        agents_left=("seller_id", "size"), with_stock=("holding", "sum"), units=("units", "sum")
    )
    table["median_units"] = last[last["holding"]].groupby("tier", observed=True)["units"].median()
    table = table.astype({"with_stock": np.int64, "units": np.int64})
    return table.reset_index()
