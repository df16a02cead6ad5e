"""Benchmark ``market_size`` against DuckDB's GROUP BY on ten million simulated orders.

Measures in one run, on the orders of a simulation with ≥ 10,000,000 rows:

1. ``market_size(orders, freq="ME", by=("category", "seller_tier"))`` time ÷ the
   time DuckDB takes for the same aggregates (sell-through, sell-in, turnover,
   orders, units, retail units, distinct sellers) by month × category × tier over
   the same pandas frame, both returning a pandas DataFrame   (target ≤ 1.2)
2. peak memory growth during ``market_size`` ÷ the orders table's Arrow size
   (``pyarrow.Table.from_pandas(orders).nbytes``)             (target ≤ 3)

It also checks that the two results agree (to the cent on the amounts).

Run: ``python benchmarks/bench_analyses.py [--agents N] [--repeat R]`` (needs the
``bench`` extra for duckdb).
"""

from __future__ import annotations

import argparse

import duckdb
import numpy as np
import pyarrow as pa
from measure import PeakRSS, best_of, verdict

from microcommerce.analyses.market import market_size
from microcommerce.simulation import PyramidParams, simulate_pyramid

QUERY = """
select last_day(date) as period, category, seller_tier,
       sum(case when kind = 'retail' then amount else 0 end) as sell_through,
       sum(case when kind = 'sell_in' then amount else 0 end) as sell_in,
       sum(amount) as turnover,
       count(*) as orders,
       sum(quantity) as units,
       sum(case when kind = 'retail' then quantity else 0 end) as retail_units,
       count(distinct seller_id) as active_sellers
from orders group by all order by all
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=1_150_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    orders = simulate_pyramid(
        PyramidParams(potential_agents=args.agents), seed=1, validate=False
    ).orders
    arrow = pa.Table.from_pandas(orders, preserve_index=False).nbytes

    def ours():
        return market_size(orders, freq="ME", by=("category", "seller_tier"))

    def duck():
        return duckdb.query_df(orders, "orders", QUERY).df()

    ours(), duck()  # warm up
    t_ours, t_duck = [], []
    for _ in range(args.repeat):  # interleaved, so both see the same machine load
        t_ours.append(best_of(1, ours))
        t_duck.append(best_of(1, duck))
    with PeakRSS() as mem:
        result = ours()
    check = duck()
    result = result[result["orders"] > 0].reset_index(drop=True)  # the calendar's empty groups
    for column in ("sell_through", "sell_in", "turnover"):
        assert np.allclose(result[column], check[column], rtol=0, atol=0.005), column
    for column in ("orders", "units", "retail_units", "active_sellers"):
        assert (result[column].to_numpy() == check[column].to_numpy()).all(), column
    ratio = min(t_ours) / min(t_duck)
    print(
        f"{len(orders):,} orders → {len(result):,} groups (month × category × tier); "
        f"the results agree"
    )
    print(
        f"1. market_size {min(t_ours):.2f} s ÷ DuckDB {min(t_duck):.2f} s = {ratio:.2f} "
        f"({verdict(ratio, 1.2)})"
    )
    mratio = mem.growth / arrow
    print(
        f"2. peak memory growth {mem.growth / 2**20:.0f} MiB ÷ orders Arrow size "
        f"{arrow / 2**20:.0f} MiB = {mratio:.2f} ({verdict(mratio, 3)})"
    )


if __name__ == "__main__":
    main()
