"""Time the full ``microcommerce reproduce`` (all seven notebooks, HTML): warm kernels vs fresh.

Two runs in the same process, each the first of its kind: the default (one warm kernel
per worker, which imports the notebooks' modules once and is reset before each
notebook), then the way before (``fresh_kernels=True``: a new kernel per notebook, which
imports pandas, matplotlib, seaborn and scipy again). Both use one worker per core. It
prints each run's wall time, its CPU seconds (this process and the kernels) and its
notebooks' seconds, the ratios, the load average (the machine may be shared: the CPU
seconds ÷ 2 say what an idle 2-core machine would take), and checks the two reports
say the same: every page and every key-figure table identical (random element ids
aside). The target is the whole report in at most 30 s on a 2-core machine.

Run: ``python benchmarks/bench_reproduce.py``.
"""

from __future__ import annotations

import os
import re
import resource
import tempfile
import time
from pathlib import Path

from microcommerce.report import reproduce

TARGET = 30.0  # seconds, on two cores


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the kernels)."""
    own, kernels = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + kernels.ru_utime + kernels.ru_stime


def _timed(folder: Path, fresh_kernels: bool) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, CPU seconds (all processes) and each notebook's seconds of one run."""
    os.environ["MICROCOMMERCE_TABLES"] = str(folder / "tables")  # not the clone's
    cpu, start = _cpu(), time.perf_counter()
    runs = reproduce(folder / "report", progress=False, fresh_kernels=fresh_kernels)
    total, cpu = time.perf_counter() - start, _cpu() - cpu
    failed = [(run.name, run.error) for run in runs if not run.ok]
    assert not failed, f"notebooks failed: {failed}"
    return total, cpu, {run.name: run.seconds for run in runs}


def _contents(folder: Path) -> dict[str, str]:
    """The report's pages and tables, without what changes from run to run by design."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".html", ".csv"}:
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"T_[0-9a-f]{5}", "T_", text)  # pandas Styler's random table ids
            text = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "", text)  # widgets' ids
            texts[path.relative_to(folder).as_posix()] = re.sub(r", \d+ s\)", ")", text)
    return texts


def main() -> None:
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as scratch:
        warm_dir, fresh_dir = Path(scratch, "warm"), Path(scratch, "fresh")
        warm, warm_cpu, warm_each = _timed(warm_dir, fresh_kernels=False)
        print(f"load average between: {os.getloadavg()}")
        fresh, fresh_cpu, fresh_each = _timed(fresh_dir, fresh_kernels=True)
        same = _contents(warm_dir) == _contents(fresh_dir)
    print(f"{'notebook':28} {'warm s':>7} {'fresh s':>8}")
    for name in warm_each:
        print(f"{name:28} {warm_each[name]:7.1f} {fresh_each[name]:8.1f}")
    print(f"fresh kernel per notebook (before): {fresh:.1f} s wall, {fresh_cpu:.1f} s CPU")
    print(
        f"warm kernel per worker (now):       {warm:.1f} s wall ({warm / fresh:.2f} × before), "
        f"{warm_cpu:.1f} s CPU ({warm_cpu / fresh_cpu:.2f} × before)"
    )
    # the CPU seconds shared by two cores: the wall time of an otherwise idle 2-core machine
    print(f"CPU ÷ 2 cores: now {warm_cpu / 2:.1f} s, before {fresh_cpu / 2:.1f} s")
    print(f"pages and tables identical: {same}")
    verdict = "meets" if warm <= TARGET else "MISSES"
    print(f"target ≤ {TARGET:.0f} s on two cores: {verdict}; load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
