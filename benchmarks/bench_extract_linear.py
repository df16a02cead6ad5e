"""Extraction time against text length, on hostile and on ordinary text.

For each text kind the script times ``extract_amounts`` + ``extract_dates`` on one
string of growing length and prints the time per character and the growth ratio of
each step (4 when each length is four times the last: linear work). The baseline is
the same call on the shortest text, in the same process.

Kinds: repetitions that once made the work grow as the cube of the length (``1万``,
``约1``, ``1w``), a mix of every building block, and ordinary prose (the ``facts``
quotes joined into one text), which also shows that long texts read in windows.

Run: ``python benchmarks/bench_extract_linear.py`` (``--max-chars 64000000`` for a 64 MB
text; peak memory is printed with each row).
"""

from __future__ import annotations

import argparse
import time

from measure import PeakRSS

from microcommerce.datasets import load
from microcommerce.parse import extract_amounts, extract_dates


def _texts(length: int) -> dict[str, str]:
    prose = "。".join(load("facts")["quote"].dropna())
    kinds = {
        "1万 repeated": "1万",
        "约1 repeated": "约1",
        "1w repeated": "1w",
        "blocks mixed": "约1,000万元至2.5亿元more than 3 million and 2015年7月22日10:30订单号12",
        "facts prose": prose,
    }
    return {k: (v * (length // len(v) + 1))[:length] for k, v in kinds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-chars", type=int, default=1_024_000)
    args = parser.parse_args()
    lengths = [2_000]
    while lengths[-1] * 4 <= args.max_chars:
        lengths.append(lengths[-1] * 4)
    print(f"{'text':<14} {'chars':>10} {'seconds':>9} {'µs/char':>8} {'growth':>7} {'peak MB':>8}")
    for kind in _texts(1):
        last = None
        for n in lengths:
            text = _texts(n)[kind]
            with PeakRSS() as peak:
                start = time.perf_counter()
                extract_amounts(text)
                extract_dates(text, ref_year=2016)
                took = time.perf_counter() - start
            growth = "" if last is None else f"{took / last:7.2f}"
            print(
                f"{kind:<14} {n:>10,} {took:9.3f} {took / n * 1e6:8.1f} {growth:>7} "
                f"{peak.growth / 2**20:8.0f}"
            )
            last = took


if __name__ == "__main__":
    main()
