"""Benchmark the pyramid explorer: how fast a slider move is answered on a default-size brand.

The explorer (``microcommerce.report.pyramid_explorer``) starts from the
default ``PyramidParams()`` (100,000 potential agents, 48 months) and is sent a
series of slider moves, as a student would make them: each one changes the model
(deepest tier, an entry package, Bass q, the shock date, fatigue, the restock rule),
then one move back to a setting seen before (answered from the cache) and one
"compare with this run" (a redraw only). A move of the shock goes on from the month
the shock first touches; the others run the monthly engine from the start.

Measured in one run, for each move:

- the explorer's response: the time from setting the control to the new chart
  image, wall clock and CPU time of this process (CPU time does not count the
  time other processes take on a shared machine);
- the baseline in the same process: what the same answer costs without the
  explorer's shortcuts — ``simulate_pyramid`` (every table, validated) and a new
  figure of the same four charts drawn and rendered to PNG.

Reported: each move in ms, the median response ÷ the median baseline (target
≤ 0.5), and whether every model change is answered in under a second of CPU time
and of wall time (the issue's target, on two cores).

Run: ``python benchmarks/bench_explorer.py [--agents N]``.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure
from measure import verdict

from microcommerce.report import explorer_series, pyramid_explorer
from microcommerce.simulation import simulate_pyramid

#: The moves: control name → new value (applied in turn, each on top of the last).
MOVES: list[tuple[str, object]] = [
    ("max_tier", 6),
    ("entry_tier_1", 1_000.0),
    ("imitation", 0.6),
    ("shock", "2015-06-15"),
    ("fatigue_half_life", 9.0),
    ("restock", (2.0, 5.0)),
]


def _timed(fn) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _baseline(params, seed: int) -> bytes:
    """The explorer's answer the plain way: a full simulation and a new figure."""
    sim = simulate_pyramid(params, seed=seed)
    series = explorer_series(sim)
    by_tier = sim.stock_by_tier.pivot_table(
        index="period", columns="seller_tier", values="stock", aggfunc="sum", observed=True
    )
    figure = Figure(figsize=(10.5, 6.4), dpi=72)
    stock, flows, agents, stranded = figure.subplots(2, 2, sharex=True).flat
    stock.stackplot(by_tier.index, by_tier.to_numpy().T / 1e3, labels=list(by_tier.columns))
    stock.legend(fontsize=6, ncols=6)
    flows.plot(series["period"], series["retail_units"] / 1e3, label="sold to customers")
    flows.plot(series["period"], series["shipped_units"] / 1e3, label="shipped")
    agents.plot(series["period"], series["joined"], label="joining")
    agents.plot(series["period"], series["left"], label="leaving")
    stranded.plot(series["period"], series["stranded_share"], label="stranded share")
    for ax in (flows, agents, stranded):
        ax.legend(fontsize=7)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=None, help="potential agents (default 100,000)")
    args = ap.parse_args()
    size = {} if args.agents is None else {"potential_agents": args.agents}

    explorer = pyramid_explorer(seed=0, **size)  # warm: imports, fonts, first draw
    _baseline(explorer.params, 0)
    print(
        f"default-size brand: {explorer.params.potential_agents:,} potential agents, "
        f"{explorer.params.months} months; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print(f"{'move':<28} {'explorer wall':>14} {'CPU':>8} {'baseline wall':>14}")
    responses, baselines, cpus = [], [], []
    for name, value in MOVES:
        wall, cpu = _timed(lambda n=name, v=value: setattr(explorer.controls[n], "value", v))
        assert not explorer.timings["cached"], name
        how = explorer.timings["how"]
        base, _ = _timed(lambda: _baseline(explorer.params, 0))
        responses.append(wall)
        cpus.append(cpu)
        baselines.append(base)
        print(
            f"{name + ' → ' + str(value):<28} {wall * 1e3:>11.0f} ms {cpu * 1e3:>5.0f} ms "
            f"{base * 1e3:>11.0f} ms  ({how})"
        )
    # back to the restock rule of the move before: that run is in the cache
    again, _ = _timed(lambda: setattr(explorer.controls["restock"], "value", (1.0, 3.0)))
    assert explorer.timings["cached"] is True
    pin, _ = _timed(explorer.pin_baseline)
    print(f"{'a setting seen before':<28} {again * 1e3:>11.0f} ms (cache)")
    print(f"{'compare with this run':<28} {pin * 1e3:>11.0f} ms (redraw only)")
    ratio = statistics.median(responses) / statistics.median(baselines)
    print(
        f"median response {statistics.median(responses) * 1e3:.0f} ms ÷ median baseline "
        f"{statistics.median(baselines) * 1e3:.0f} ms = {ratio:.2f} ({verdict(ratio, 0.5)})"
    )
    print(
        f"slowest model change: {max(responses) * 1e3:.0f} ms wall, {max(cpus) * 1e3:.0f} ms "
        f"CPU — under a second: wall {'yes' if max(responses) < 1 else 'NO'}, "
        f"CPU {'yes' if max(cpus) < 1 else 'NO'}"
    )


if __name__ == "__main__":
    main()
