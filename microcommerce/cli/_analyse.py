"""``microcommerce analyse ANALYSIS DATASET_FOLDER -o OUT``: an analysis' tables as CSV.

The analyses and how a folder is read are in :mod:`microcommerce.cli._folders`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from microcommerce.cli._common import add_engine_options, add_wait_option, engine
from microcommerce.cli._folders import ANALYSES, analyse_folder, choose_engine


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``analyse`` command to the command line's subcommands."""
    p = sub.add_parser(
        "analyse",
        help="market, practitioners or inventory tables from a (partitioned) orders dataset",
        description="Run an analysis over an orders dataset (a folder written by `simulate "
        "--dataset` or `clean` of a folder, or any folder of Parquet orders) and write its "
        "tables as CSV into OUT. The orders are read into memory with pandas when they fit "
        "(about half the free memory); otherwise, or with --engine dask, they are aggregated "
        "partition by partition on a local Dask cluster or --scheduler, never all in memory.",
    )
    p.add_argument("analysis", choices=sorted(ANALYSES))
    p.add_argument("dataset", metavar="DATASET_FOLDER")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="folder for the tables")
    p.add_argument(
        "--freq",
        default="ME",
        help="period: any pandas day, week, month, quarter or year alias "
        "(ME, MS, QE, QS, YE, YS, W, D, QE-MAR …; default ME, month end)",
    )
    add_engine_options(
        p, "auto: pandas when the orders fit in memory, else dask", default="auto", auto=True
    )
    add_wait_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the analysis and write its tables together (all of them, or none)."""
    from microcommerce.io import write_table
    from microcommerce.io._staging import staged_files

    if args.engine == "auto":
        args.engine = choose_engine(args.dataset)
    with engine(args):
        tables = analyse_folder(args.analysis, args.dataset, engine=args.engine, freq=args.freq)
    paths = [Path(args.output) / f"{name}.csv" for name in tables]
    with staged_files(paths, wait=args.wait) as staged_paths:  # the tables appear together
        for table, path in zip(tables.values(), staged_paths, strict=True):
            write_table(table, path)
    for table, path in zip(tables.values(), paths, strict=True):
        print(f"wrote {path} ({len(table):,} rows)")
    return 0
