"""Benchmark the Dask path: ``market_size`` over ≥ 50 million orders in partitioned Parquet.

Measures, in one run:

1. peak memory of this (the client) process while ``market_size`` runs via Dask on a
   ``LocalCluster`` (2 worker processes) over the whole dataset ÷ the dataset's Arrow
   size (the orders as one in-memory Arrow table would take)          (target ≤ 1/4)
2. Dask time ÷ pandas time for the same ``market_size`` on a subset of ≥ 10 million
   orders that fits in memory; pandas both with its Parquet read and without it
   (reported: on 2 cores Dask is not expected to win)

It also checks that the Dask result on the subset equals the pandas result exactly.

The dataset is simulated once into ``--data`` (default ``benchmarks/.scale-data``,
about 2 GB; git-ignored) by ``microcommerce simulate --dataset`` in a separate process,
so this process does not carry the simulation's memory. Later runs reuse it.

Run: ``python benchmarks/bench_scale.py [--agents N] [--data DIR] [--repeat R]``
(needs the ``dask`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
from measure import PeakRSS, best_of, rss_bytes, verdict

from microcommerce.analyses import market_size
from microcommerce.core import dask_client
from microcommerce.io import MANIFEST, dataset_files, read_dataset

BY = ("category", "seller_tier")
GIB = 2**30


def _simulate(folder: Path, agents: int) -> None:
    params = folder / "params.json"
    if params.is_file() and json.loads(params.read_text())["params"]["potential_agents"] == agents:
        return
    shutil.rmtree(folder, ignore_errors=True)
    print(f"simulating {agents:,} potential agents into {folder} (once) …", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "microcommerce.cli",
            "simulate",
            "--dataset",
            "--agents",
            str(agents),
            "--seed",
            "1",
            "--chunk-rows",
            "5000000",
            "-q",
            "-o",
            str(folder),
        ],
        check=True,
    )


def _arrow_size(files: list[Path]) -> tuple[int, int]:
    """Rows, and bytes of the files' tables in memory as Arrow (read one file at a time)."""
    rows = size = 0
    for f in files:
        table = pq.read_table(f)
        rows, size = rows + table.num_rows, size + table.nbytes
    return rows, size


def _subset(orders: Path, target_rows: int, folder: Path) -> int:
    """A dataset of the first files holding ≥ ``target_rows`` orders (links, not copies)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(orders / MANIFEST, folder / MANIFEST)
    rows = 0
    for f in dataset_files(orders):
        target = folder / f.relative_to(orders)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(f.resolve(), target)
        rows += pq.ParquetFile(f).metadata.num_rows
        if rows >= target_rows:
            break
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=int, default=5_800_000, help="potential agents simulated")
    ap.add_argument("--data", type=Path, default=Path(__file__).parent / ".scale-data")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--subset-rows", type=int, default=10_000_000)
    args = ap.parse_args()
    _simulate(args.data, args.agents)
    orders_dir = args.data / "orders"
    files = dataset_files(orders_dir)
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    print(f"dataset: {rows:,} orders in {len(files)} files")

    with dask_client(workers=2) as client:
        client.run(lambda: None)  # workers up before measuring
        before = rss_bytes()
        with PeakRSS() as mem:
            start = time.perf_counter()
            whole = market_size(read_dataset(orders_dir, engine="dask"), by=BY)
            t_whole = time.perf_counter() - start
        sub_dir = args.data / "subset-orders"
        sub_rows = _subset(orders_dir, args.subset_rows, sub_dir)
        lazy = read_dataset(sub_dir, engine="dask")
        t_dask = best_of(args.repeat, lambda: market_size(lazy, by=BY))
        via_dask = market_size(lazy, by=BY)
    # measured after the Dask run: reading every file once leaves this process larger
    _, arrow = _arrow_size(files)
    print(
        f"1. market_size via Dask over {rows:,} orders: {t_whole:.1f} s, "
        f"{len(whole):,} groups; client peak RSS {mem.peak / 2**20:.0f} MiB "
        f"(grew {mem.growth / 2**20:.0f} MiB from {before / 2**20:.0f} MiB)"
    )
    ratio = mem.peak / arrow
    print(
        f"   client peak RSS ÷ dataset Arrow size {arrow / GIB:.2f} GiB = {ratio:.3f} "
        f"({verdict(ratio, 0.25)}; the whole process, not only its growth)"
    )
    in_memory = read_dataset(sub_dir)
    t_pandas = best_of(args.repeat, lambda: market_size(in_memory, by=BY))
    t_read = best_of(1, lambda: read_dataset(sub_dir))
    same = via_dask.equals(market_size(in_memory, by=BY))
    print(
        f"2. subset of {sub_rows:,} orders: Dask {t_dask:.2f} s; pandas {t_pandas:.2f} s "
        f"in memory (+ {t_read:.2f} s to read the Parquet); results identical: {same}"
    )
    print(
        f"   Dask ÷ pandas = {t_dask / t_pandas:.2f} (compute only), "
        f"{t_dask / (t_pandas + t_read):.2f} (pandas including its read)"
    )
    if not same:
        raise SystemExit("the Dask result differs from pandas")


if __name__ == "__main__":
    main()
