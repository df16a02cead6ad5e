"""Time the full ``microcommerce reproduce`` (all six notebooks, fresh kernels, HTML).

The issue's bar is an absolute one — the whole report in at most 120 s on this project's 2-core
machines — so this prints the wall time, per notebook and in total, rather than a ratio.

Run: ``python benchmarks/bench_reproduce.py``.
"""

from __future__ import annotations

import tempfile
import time

from microcommerce.report.reproduce import reproduce


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        runs = reproduce(out, progress=False)
        total = time.perf_counter() - start
    for run in runs:
        print(f"  {run.name:<26} {run.seconds:5.1f} s  {'ok' if run.ok else 'FAILED'}")
    verdict = "meets" if total <= 120 and all(r.ok for r in runs) else "MISSES"
    print(f"reproduce: {len(runs)} notebooks in {total:.1f} s (target ≤ 120 s: {verdict})")


if __name__ == "__main__":
    main()
