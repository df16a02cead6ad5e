"""``microcommerce datasets list|show|export``: the curated datasets and their provenance."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``datasets`` command and its three actions to the command line's subcommands."""
    p = sub.add_parser(
        "datasets",
        help="list, show or export the curated datasets (facts, events, online_retail, fx …)",
        description="The curated datasets shipped with the package, with their provenance.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="one line per dataset")
    show = actions.add_parser("show", help="metadata, then the first rows")
    show.add_argument("name")
    show.add_argument("--rows", type=int, default=5, help="how many rows to show (default 5)")
    export = actions.add_parser("export", help="write a dataset to .csv, .parquet or .xlsx")
    export.add_argument("name")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """List the datasets, or show or export the one named."""
    import pandas as pd

    from microcommerce import datasets
    from microcommerce.io import write_table
    from microcommerce.io._staging import sweep_temps

    if args.action == "list":
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(datasets.catalog()[["name", "rows", "title"]].to_string(index=False))
        return 0
    df = datasets.load(args.name)  # an unknown name: UnknownDatasetError, exit 1
    if args.action == "export":
        sweep_temps(args.output)  # what a killed export left beside its target
        path = write_table(df, args.output)
        print(f"wrote {path} ({len(df):,} rows)")
        return 0
    meta = datasets.describe(args.name)
    print(f"{meta.title}\n\n{meta.description.strip()}\n")
    print(f"producers: {'; '.join(meta.producers)}")
    print(f"licence:   {meta.license}\naccessed:  {meta.accessed}\n\ncolumns:")
    for column, spec in meta.columns.items():
        unit = f" [{spec.unit}]" if spec.unit else ""
        print(f"  {column:<18} {spec.dtype:<10} {spec.description}{unit}")
    with pd.option_context("display.max_colwidth", 40, "display.width", 200):
        print(f"\nfirst rows of {len(df):,}:\n{df.head(args.rows).to_string()}")
    return 0
