"""Timing and memory helpers shared by the benchmark scripts.

Benchmarks report ratios against a baseline measured in the same process, because
absolute times on these shared machines are not comparable between runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_PAGE = 4096


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def verdict(ratio: float, target: float) -> str:
    return f"target ≤ {target}: {'meets' if ratio <= target else 'MISSES'}"


def rss_bytes() -> int:
    """The process's resident set size (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE


class PeakRSS:
    """Sample the resident set size every 2 ms while a block runs; ``growth`` is the peak rise."""

    def __enter__(self) -> PeakRSS:
        self.start = self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, rss_bytes())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth(self) -> int:
        return self.peak - self.start
