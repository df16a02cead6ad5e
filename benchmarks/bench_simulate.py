"""Benchmark the pyramid simulator: scaling with the population, and ten million orders.

Measures in one run:

1. scaling — ``simulate_pyramid`` time for 200,000 potential agents ÷ the time for
   100,000 (same 48 months)                                          (target ≤ 2.3)
2. a run producing ≥ 10,000,000 order rows: simulation time ÷ the time to write
   its orders table to Parquet with pyarrow (``DataFrame.to_parquet``) in the same
   process                                                           (target ≤ 5)
   — reported without and with the schema validation ``simulate_pyramid`` runs
   by default, and the peak memory growth of the run.

Run: ``python benchmarks/bench_simulate.py [--agents N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from measure import PeakRSS, best_of, verdict

from microcommerce.cleaning import _schema as schema
from microcommerce.simulation import PyramidParams, simulate_pyramid


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--agents",
        type=int,
        default=1_150_000,
        help="potential agents of the large run (default gives > 10M orders)",
    )
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    def run(agents: int, validate: bool = True):
        return simulate_pyramid(PyramidParams(potential_agents=agents), seed=1, validate=validate)

    run(100_000)  # warm up: imports, first-touch memory
    small = best_of(args.repeat, lambda: run(100_000))
    large = best_of(args.repeat, lambda: run(200_000))
    ratio = large / small
    print(
        f"1. 200,000 agents {large:.2f} s ÷ 100,000 agents {small:.2f} s = {ratio:.2f} "
        f"({verdict(ratio, 2.3)})"
    )

    with PeakRSS() as mem:
        start = time.perf_counter()
        sim = run(args.agents, validate=False)
        simulated = time.perf_counter() - start
    rows = len(sim.orders)
    if rows < 10_000_000:
        raise SystemExit(f"only {rows:,} orders: raise --agents")
    start = time.perf_counter()
    for table in ("orders", "sellers", "inventory"):
        schema.validate(getattr(sim, table), table)
    validated = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.parquet"
        write = best_of(args.repeat, lambda: sim.orders.to_parquet(path, engine="pyarrow"))
        size = path.stat().st_size
    arrow = sim.orders.memory_usage(deep=True).sum()
    print(
        f"2. {rows:,} orders, {len(sim.inventory):,} stock counts, "
        f"{len(sim.sellers):,} agents; orders.parquet {size / 2**20:.0f} MiB"
    )
    r1 = simulated / write
    print(
        f"   simulation {simulated:.2f} s ÷ parquet write {write:.2f} s = {r1:.2f} "
        f"({verdict(r1, 5)})"
    )
    r2 = (simulated + validated) / write
    print(f"   with schema validation (+{validated:.2f} s, the default): {r2:.2f}")
    print(
        f"   peak memory growth {mem.growth / 2**30:.2f} GiB; the orders table in memory "
        f"{arrow / 2**30:.2f} GiB (ratio {mem.growth / arrow:.1f})"
    )


if __name__ == "__main__":
    main()
