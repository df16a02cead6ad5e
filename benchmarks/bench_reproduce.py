"""Time the full ``microcommerce reproduce`` (all six notebooks, fresh kernels, HTML).

Two runs in the same process: the baseline one notebook at a time (``jobs=1``, as
``reproduce`` ran before), then the default (one notebook per core). It prints each
run's wall time, the ratio, and the load average, since the machine may be shared:
the issue's bar is the whole report in at most 25 s on a 2-core machine.

Run: ``python benchmarks/bench_reproduce.py``.
"""

from __future__ import annotations

import os
import tempfile
import time

from microcommerce.report import reproduce


def _timed(jobs: int | None) -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        runs = reproduce(out, progress=False, jobs=jobs)
        total = time.perf_counter() - start
    failed = [run.name for run in runs if not run.ok]
    assert not failed, f"notebooks failed: {failed}"
    return total


def main() -> None:
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
    baseline = _timed(jobs=1)
    parallel = _timed(jobs=None)
    print(f"one notebook at a time: {baseline:.1f} s")
    print(f"one notebook per core:  {parallel:.1f} s  ({parallel / baseline:.2f} × the baseline)")
    verdict = "meets" if parallel <= 25 else "MISSES"
    print(f"target ≤ 25 s on two cores: {verdict}; load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
