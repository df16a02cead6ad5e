"""The activity analyses on DuckDB: agents counted per group, or their lives tabled.

What ``engine="duckdb"`` computes for :func:`~microcommerce.analyses._practitioners.active_sellers`
(the agents with ``min_orders`` orders per period and group) and for
:func:`~microcommerce.analyses._practitioners.entrants_exits` and
:func:`~microcommerce.analyses._practitioners.cohort_survival` (each agent's first and last
active period per group, counted by period, first and last): small tables that the pandas
code of :mod:`microcommerce.analyses._practitioners` lays out, as it lays out its own.

Each order makes its seller active, and with ``role="any"`` its buyer too, in the buyer's
own group (``buyer_tier`` for ``seller_tier`` …, typed as the seller's column).

Examples
--------
>>> orders = pd.DataFrame({"seller_id": ["a", "b"], "buyer_id": ["b", None]})
>>> periods = pd.Series(pd.Categorical.from_codes([0, 0], ["2014-01-31"]))
>>> table, like, sql = _activity_sql(orders, periods, role="any", by=[])
>>> table.column_names, list(like)
(['period', '_agent', '_buyer'], ['period'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from microcommerce.analyses._duckdb_engine import arrow_table, as_totals, grouped, queries, restore
from microcommerce.analyses._group_arithmetic import BUYER_SIDE

__all__ = ["active_counts", "lives"]


def _activity_sql(orders: pd.DataFrame, periods: pd.Series, *, role: str, by: list[str]):
    """Give the orders as DuckDB reads them, and the query of one row per agent's activity.

    The query's rows are ``period`` (code), the ``by`` columns and ``agent``: each order's
    seller, and with ``role="any"`` its buyer too, in the buyer's own group.
    """
    like = {"period": periods, **{k: orders[k] for k in by}}
    columns = {**like, "_agent": orders["seller_id"]}
    keys = ", ".join(f'"{k}"' for k in like)
    sql = f"SELECT {keys}, _agent AS agent FROM t"
    if role == "any":
        for i, k in enumerate(by):  # the buyer in its own group, typed as the seller's
            columns[f"_buyer{i}"] = orders[BUYER_SIDE.get(k, k)].astype(orders[k].dtype)
        columns["_buyer"] = orders["buyer_id"]
        buyer_keys = ", ".join(['"period"', *(f"_buyer{i}" for i in range(len(by)))])
        sql += f" UNION ALL SELECT {buyer_keys}, _buyer FROM t WHERE _buyer IS NOT NULL"
    return arrow_table(columns), like, sql


def active_counts(
    orders: pd.DataFrame, periods: pd.Series, *, role: str, by: list[str], min_orders: int
) -> dict:
    """Count on DuckDB the agents with ``min_orders`` orders per group (:func:`active_sellers`)."""
    table, like, sql = _activity_sql(orders, periods, role=role, by=by)
    keys = list(like)
    if min_orders == 1:
        count = "count(DISTINCT agent)"
    else:
        listed = ", ".join(f'"{k}"' for k in keys)
        sql = f"SELECT {listed}, agent, count(*) AS n FROM ({sql}) GROUP BY ALL"
        count = f"count(*) FILTER (WHERE n >= {int(min_orders)})"
    small = grouped(table, keys, {"agents": count}, sql=sql)
    return {"activity": as_totals(small, like, [], {min_orders: "agents"})}


def lives(
    orders: pd.DataFrame, periods: pd.Series, *, role: str, by: list[str], cohorts: bool
) -> dict:
    """Table the agents' activity and lives on DuckDB (what :func:`_lifespans` lays out).

    ``pairs``: per (period, group[, first]) the agents active, ``n`` (``first``, the period
    they were first active in the group, only for ``cohorts``); ``lives``: per (group,
    first, last) the agents of the group first and last active then.
    """
    table, like, sql = _activity_sql(orders, periods, role=role, by=by)
    keys = ", ".join(f'"{k}"' for k in by)
    group = ", ".join(["agent", *(f'"{k}"' for k in by)])
    setup = [
        f"CREATE TEMP TABLE pairs AS SELECT DISTINCT * FROM ({sql})",
        f'CREATE TEMP TABLE lives AS SELECT {group}, min("period") AS "first", '
        f'max("period") AS "last" FROM pairs GROUP BY {group}',
    ]
    by_first = ", ".join([*(f'"{k}"' for k in by), '"first"', '"last"'])
    selects = [f"SELECT {by_first}, count(*) AS n FROM lives GROUP BY ALL"]
    if cohorts:
        same = " AND ".join(
            ["p.agent = l.agent", *(f'p."{k}" IS NOT DISTINCT FROM l."{k}"' for k in by)]
        )
        period_by = ", ".join(['p."period"', *(f'p."{k}"' for k in by)])
        selects.append(
            f'SELECT {period_by}, l."first", count(*) AS n FROM pairs p JOIN lives l ON {same} '
            "GROUP BY ALL"
        )
    else:
        selects.append(
            f'SELECT "period"{", " if by else ""}{keys}, count(*) AS n FROM pairs GROUP BY ALL'
        )
    tabled, pairs = queries(table, setup, selects)
    labels = pd.DatetimeIndex(like["period"].cat.categories).astype("datetime64[us]").to_numpy()
    out = []
    for frame in (tabled, pairs):
        frame = restore(frame, {k: like[k] for k in by})
        for column in ("period", "first", "last"):
            if column in frame.columns:
                codes = frame[column].to_numpy(dtype=np.int64)
                frame[column] = labels[codes]
        out.append(frame)
    return {"lives": out[0], "pairs": out[1]}
