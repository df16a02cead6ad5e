"""Benchmark the five order analyses against DuckDB and Polars on ten million simulated orders.

Measures in one run, on the orders of a simulation with ≥ 10,000,000 rows, for each of
``market_size``, ``active_sellers``, ``entrants_exits``, ``cohort_survival`` and
``channel_inventory`` (monthly; by category × tier, by tier, by tier, all agents, by tier):

1. the first call and the best of ``--repeat`` later calls of ours on each of our engines
   (``engine="pandas"``, the default, and ``engine="duckdb"``), of the same work as one
   DuckDB SQL query over the same pandas frame, and as one Polars lazy query over the same
   rows (converted to Polars once, untimed; Polars reads pandas' Arrow buffers);
2. ours ÷ DuckDB and ours ÷ Polars, for each of our engines, for the first call and for
   the best of N (targets ≤ 1.2 and ≤ 1.5 for the best, ≤ 1.5 for the first calls);
3. peak memory growth during ``market_size`` ÷ the orders' memory
   (``DataFrame.memory_usage(deep=True)``; target ≤ 1), on each of our engines.

Our two engines' results are checked to be identical (``assert_frame_equal``), and
checked against the others: exactly (amounts to the cent) for DuckDB, on the columns
both compute; column totals for Polars. What the SQL computes is the same
work as ours (e.g. distinct agents per month and tier, each agent's first month), not a
copy of every column: ``entrants_exits``' exits and ``channel_inventory``'s stock value
are not in the queries.

Absolute times on a shared machine mean little: read the ratios, measured in the same
process, calls interleaved so every engine sees the same load (printed with each line).

Run: ``python benchmarks/bench_analyses.py [--agents N] [--repeat R] [--only NAME]``
(needs the ``bench`` extra: duckdb, polars).
"""

from __future__ import annotations

import argparse
import time

import duckdb
import numpy as np
import pandas as pd
import polars as pl
from measure import PeakRSS, verdict

from microcommerce.analyses import (
    active_sellers,
    channel_inventory,
    cohort_survival,
    entrants_exits,
    market_size,
)
from microcommerce.simulation import PyramidParams, simulate_pyramid

MARKET = """
select last_day(date)::timestamp as period, category, seller_tier,
       sum(case when kind = 'retail' then amount else 0 end) as sell_through,
       sum(case when kind = 'sell_in' then amount else 0 end) as sell_in,
       sum(amount) as turnover, count(*) as orders, sum(quantity) as units,
       sum(case when kind = 'retail' then quantity else 0 end) as retail_units,
       count(distinct seller_id) as active_sellers
from orders group by all order by all
"""
ACTIVE = """
select last_day(date)::timestamp as period, seller_tier, count(distinct seller_id) as active_sellers
from orders group by all order by all
"""
_ACTIVITY = """
with act as (select last_day(date)::timestamp as p, seller_tier as t, seller_id as a from orders
             union all
             select last_day(date)::timestamp, buyer_tier, buyer_id from orders
             where buyer_id is not null),
     pairs as (select distinct p, t, a from act),
     firsts as (select t, a, min(p) as p from pairs group by all)
"""
ENTRANTS = (
    _ACTIVITY
    + """
select period, seller_tier, active, coalesce(entrants, 0) as entrants
from (select p as period, t as seller_tier, count(*) as active from pairs group by all)
left join (select p as period, t as seller_tier, count(*) as entrants from firsts group by all)
using (period, seller_tier) order by all
"""
)
COHORTS = """
with act as (select last_day(date)::timestamp as p, seller_id as a from orders
             union all
             select last_day(date)::timestamp, buyer_id from orders where buyer_id is not null),
     pairs as (select distinct p, a from act),
     firsts as (select a, min(p) as cohort from pairs group by a)
select cohort, datediff('month', cohort, p) as age, count(*) as active
from pairs join firsts using (a) group by all order by all
"""
INVENTORY = """
with flows as (select last_day(date)::timestamp as p, seller_tier as t, 0::bigint as bought,
                      quantity as sold from orders where seller_tier <> 0
               union all
               select last_day(date)::timestamp, buyer_tier, quantity, 0 from orders
               where kind = 'sell_in')
select *, sum(bought - sold) over (partition by seller_tier order by period) as stock
from (select p as period, t as seller_tier, sum(bought) as bought, sum(sold) as sold
      from flows group by p, t) order by all
"""


def polars_queries() -> dict:
    """The same work as the SQL, as Polars lazy queries (each takes a LazyFrame)."""
    month = pl.col("date").dt.month_end().alias("period")
    retail = pl.col("kind") == "retail"

    def market(lf):
        return lf.group_by(month, "category", "seller_tier").agg(
            sell_through=pl.when(retail).then(pl.col("amount")).otherwise(0).sum(),
            sell_in=pl.when(pl.col("kind") == "sell_in").then(pl.col("amount")).otherwise(0).sum(),
            turnover=pl.col("amount").sum(),
            orders=pl.len(),
            units=pl.col("quantity").sum(),
            retail_units=pl.when(retail).then(pl.col("quantity")).otherwise(0).sum(),
            active_sellers=pl.col("seller_id").n_unique(),
        )

    def active(lf):
        return lf.group_by(month, "seller_tier").agg(active_sellers=pl.col("seller_id").n_unique())

    def pairs(lf, tier: bool):
        sold = lf.select(month, *(["seller_tier"] if tier else []), a=pl.col("seller_id"))
        bought = lf.filter(pl.col("buyer_id").is_not_null()).select(
            month,
            *([pl.col("buyer_tier").alias("seller_tier")] if tier else []),
            a=pl.col("buyer_id"),
        )
        return pl.concat([sold, bought]).unique()

    def entrants(lf):
        p = pairs(lf, True)
        firsts = p.group_by("seller_tier", "a").agg(pl.col("period").min())
        act = p.group_by("period", "seller_tier").agg(active=pl.len())
        ent = firsts.group_by("period", "seller_tier").agg(entrants=pl.len())
        return act.join(ent, on=["period", "seller_tier"], how="left")

    def cohorts(lf):
        p = pairs(lf, False)
        firsts = p.group_by("a").agg(cohort=pl.col("period").min())
        age = (pl.col("period").dt.year() - pl.col("cohort").dt.year()) * 12 + (
            pl.col("period").dt.month() - pl.col("cohort").dt.month()
        )
        return p.join(firsts, on="a").group_by("cohort", age.alias("age")).agg(active=pl.len())

    def inventory(lf):
        sells = lf.filter(pl.col("seller_tier") != 0).select(
            month, pl.col("seller_tier"), bought=pl.lit(0, pl.Int64), sold=pl.col("quantity")
        )
        buys = lf.filter(pl.col("kind") == "sell_in").select(
            month,
            pl.col("buyer_tier").alias("seller_tier"),
            bought=pl.col("quantity"),
            sold=pl.lit(0, pl.Int64),
        )
        flows = (
            pl.concat([sells, buys])
            .group_by("period", "seller_tier")
            .agg(pl.col("bought").sum(), pl.col("sold").sum())
        )
        stock = (pl.col("bought") - pl.col("sold")).cum_sum().over("seller_tier")
        return flows.sort("seller_tier", "period").with_columns(stock=stock)

    return {
        "market_size": market,
        "active_sellers": active,
        "entrants_exits": entrants,
        "cohort_survival": cohorts,
        "channel_inventory": inventory,
    }


#: Name → (analysis, its grouping, SQL, columns to check, columns of which one above 0
#: marks a row of ours the SQL has: the SQL has no rows for empty months).
_CASES = {
    "market_size": (
        market_size,
        {"by": ("category", "seller_tier")},
        MARKET,
        ("sell_through", "sell_in", "turnover", "orders", "units", "retail_units"),
        ("orders",),
    ),
    "active_sellers": (
        active_sellers,
        {"by": "seller_tier"},
        ACTIVE,
        ("active_sellers",),
        ("active_sellers",),
    ),
    "entrants_exits": (
        entrants_exits,
        {"by": "seller_tier"},
        ENTRANTS,
        ("active", "entrants"),
        ("active",),
    ),
    "cohort_survival": (cohort_survival, {}, COHORTS, ("active",), ("active",)),
    "channel_inventory": (
        channel_inventory,
        {"by": "seller_tier"},
        INVENTORY,
        ("bought", "sold", "stock"),
        ("bought", "sold"),
    ),
}


def cases(orders: pd.DataFrame) -> dict:
    """Name → (ours given an engine, SQL, columns to check, rows of ours the SQL has)."""
    out = {}
    for name, (analysis, by, sql, columns, counted) in _CASES.items():

        def run(engine, analysis=analysis, by=by):
            return analysis(orders, freq="ME", engine=engine, **by)

        def present(r, counted=counted):
            return r[(r[list(counted)] > 0).any(axis=1)]

        out[name] = (run, sql, columns, present)
    return out


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _load() -> str:
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def _check(name: str, ours: pd.DataFrame, duck: pd.DataFrame, polars, columns) -> None:
    """DuckDB exactly on the columns both compute; Polars by its column totals."""
    for column in columns:
        a, b = ours[column].to_numpy(), duck[column].to_numpy()
        assert len(a) == len(b), f"{name}: {len(a)} rows against DuckDB's {len(b)}"
        if a.dtype.kind == "f":
            assert np.allclose(a, b, rtol=0, atol=0.005), f"{name}.{column} (DuckDB)"
        else:
            assert (a == b).all(), f"{name}.{column} (DuckDB)"
        if column != "stock":  # a running total: its sum depends on the rows' calendar
            total = polars.get_column(column).sum()
            assert np.isclose(float(a.sum()), float(total), rtol=1e-12), f"{name}.{column} (Polars)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=1_150_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--only", action="append", help="an analysis to run (repeatable)")
    args = ap.parse_args()
    orders = simulate_pyramid(
        PyramidParams(potential_agents=args.agents), seed=1, validate=False
    ).orders
    size = int(orders.memory_usage(deep=True).sum())
    lazy = pl.from_pandas(orders).lazy()
    queries = polars_queries()
    print(f"{len(orders):,} orders ({size / 2**20:.0f} MiB); load average {_load()}")
    ours = ("pandas", "duckdb engine")
    for name, (run, sql, columns, present) in cases(orders).items():
        if args.only and name not in args.only:
            continue
        engines = {
            "pandas": lambda run=run: run("pandas"),
            "duckdb engine": lambda run=run: run("duckdb"),
            "duckdb": lambda sql=sql: duckdb.query_df(orders, "orders", sql).df(),
            "polars": lambda q=queries[name]: q(lazy).collect(),
        }
        first, results = {}, {}
        for engine, fn in engines.items():
            first[engine], results[engine] = _timed(fn)
        best = {engine: [] for engine in engines}
        for _ in range(args.repeat):  # interleaved, so every engine sees the same load
            for engine, fn in engines.items():
                best[engine].append(_timed(fn)[0])
        pd.testing.assert_frame_equal(results["duckdb engine"], results["pandas"])
        ours_rows = present(results["pandas"]).reset_index(drop=True)
        _check(name, ours_rows, results["duckdb"], results["polars"], columns)
        b = {engine: min(times) for engine, times in best.items()}
        print(
            f"{name}: pandas engine first {first['pandas']:.2f} s, best {b['pandas']:.2f} s | "
            f"duckdb engine {first['duckdb engine']:.2f} / {b['duckdb engine']:.2f} s | "
            f"DuckDB SQL {first['duckdb']:.2f} / {b['duckdb']:.2f} s | "
            f"Polars {first['polars']:.2f} / {b['polars']:.2f} s "
            f"(load {_load()}; results agree, both engines identical)"
        )
        for mine in ours:
            for engine, target in (("duckdb", 1.2), ("polars", 1.5)):
                r_best, r_first = b[mine] / b[engine], first[mine] / first[engine]
                print(
                    f"   {mine} ÷ {engine}: best {r_best:.2f} ({verdict(r_best, target)}), "
                    f"first {r_first:.2f} ({verdict(r_first, 1.5)})"
                )
    if not args.only or "market_size" in args.only:
        for engine in ("pandas", "duckdb"):
            with PeakRSS() as mem:
                market_size(orders, freq="ME", by=("category", "seller_tier"), engine=engine)
            ratio = mem.growth / size
            print(
                f"market_size (engine={engine!r}) peak memory growth {mem.growth / 2**20:.0f} MiB"
                f" ÷ orders {size / 2**20:.0f} MiB = {ratio:.2f} ({verdict(ratio, 1)})"
            )


if __name__ == "__main__":
    main()
