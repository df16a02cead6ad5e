"""Benchmark cleaning a large export in chunks (``clean --chunksize``) against whole-file cleaning.

Writes messy back-office CSVs of N/2 and N rows (as ``bench_clean.py`` makes them:
GB18030, Chinese headers, mixed amount and date styles, repeats, junk lines), then
measures each run in a fresh process (peak resident memory above the process's
start, sampled every 2 ms):

1. whole file — ``read_table`` + ``clean_orders`` + writing the clean table;
2. in chunks — ``clean_to_dataset(chunksize=C)`` (what ``clean --chunksize C`` runs).

It prints, for the N-row file, chunked peak ÷ whole-file peak (target ≤ 0.5) and
chunked time ÷ whole-file time, and the chunked peak at N rows ÷ at N/2 rows: memory
bounded by the chunk means this stays near 1 while the whole-file peak doubles.

Run: ``python benchmarks/bench_chunks.py [--rows N] [--chunksize C]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_clean import messy_orders
from measure import PeakRSS, verdict

from microcommerce.cleaning import clean_orders, clean_to_dataset
from microcommerce.io import read_table, write_table


def child(mode: str, path: str, out: str, chunksize: int) -> None:
    """Run one way of cleaning and print its peak memory growth and time as JSON."""
    start = time.perf_counter()
    with PeakRSS() as peak:
        if mode == "whole":
            result = clean_orders(read_table(path))
            write_table(result.clean, Path(out) / "clean.parquet")
            rows = len(result.clean)
        else:
            rows = clean_to_dataset([path], out, chunksize=chunksize)["rows_clean"]
    print(
        json.dumps(
            {"peak": peak.growth, "seconds": time.perf_counter() - start, "rows_clean": rows}
        )
    )


def run(mode: str, path: Path, chunksize: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                mode,
                str(path),
                out,
                "--chunksize",
                str(chunksize),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--chunksize", type=int, default=200_000)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.chunksize)
        return
    with tempfile.TemporaryDirectory() as folder:
        measured = {}
        for rows in (args.rows // 2, args.rows):
            path = Path(folder) / f"orders-{rows}.csv"
            messy_orders(rows).to_csv(path, index=False, encoding="gb18030")
            size = path.stat().st_size
            for mode in ("whole", "chunks"):
                measured[rows, mode] = run(mode, path, args.chunksize)
                m = measured[rows, mode]
                print(
                    f"{rows:>10,} rows ({size / 2**20:,.0f} MiB)  {mode:<6}  peak "
                    f"+{m['peak'] / 2**20:,.0f} MiB  {m['seconds']:.1f} s  "
                    f"{m['rows_clean']:,} clean rows"
                )
    whole, chunks = measured[args.rows, "whole"], measured[args.rows, "chunks"]
    if whole["rows_clean"] != chunks["rows_clean"]:
        raise SystemExit("the two ways of cleaning disagree on the clean rows")
    ratio = chunks["peak"] / whole["peak"]
    print(
        f"\nchunked peak ÷ whole-file peak ({args.rows:,} rows): {ratio:.2f}  "
        f"({verdict(ratio, 0.5)})"
    )
    print(f"chunked time ÷ whole-file time: {chunks['seconds'] / whole['seconds']:.2f}")
    growth = chunks["peak"] / measured[args.rows // 2, "chunks"]["peak"]
    whole_growth = whole["peak"] / measured[args.rows // 2, "whole"]["peak"]
    print(
        f"peak at {args.rows:,} rows ÷ at {args.rows // 2:,}: chunked {growth:.2f}, "
        f"whole file {whole_growth:.2f}"
    )


if __name__ == "__main__":
    main()
