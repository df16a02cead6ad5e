"""``microcommerce reproduce``: execute the study notebooks into an HTML report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from microcommerce.cli._common import add_wait_option


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``reproduce`` command to the command line's subcommands."""
    p = sub.add_parser(
        "reproduce",
        help="execute every study notebook into an HTML report",
        description="Execute the study notebooks offline, each top to bottom in its own "
        "state, into an HTML report (OUT/index.html); key-figure tables go to data/processed/ "
        "in a clone. Exits 1 if a notebook fails (the others still run).",
    )
    p.add_argument(
        "--out", default="report", metavar="DIR", help="report folder (default ./report)"
    )
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only these notebooks")
    p.add_argument(
        "--timeout",
        type=int,
        default=600,
        metavar="S",
        help="seconds allowed for one cell (default 600)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks run at once, each in its own kernel (default: one per core)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_wait_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the notebooks and print one line each; exit 1 when one of them failed."""
    from microcommerce.report._reproduce import notebooks_dir, reproduce, tables_destination

    runs = reproduce(
        args.out,
        only=args.only,
        timeout=args.timeout,
        progress=not args.quiet,
        jobs=args.jobs,
        wait=args.wait,
    )
    print(f"notebooks from {notebooks_dir()}")
    for notebook in runs:
        status = "ok" if notebook.ok else f"FAILED at cell {notebook.cell}: {notebook.error}"
        print(f"  {notebook.name:<26} {notebook.seconds:5.1f} s  {status}")
    print(f"report: {Path(args.out).resolve() / 'index.html'}")
    print(f"tables: {tables_destination(Path(args.out).resolve())}")
    failed = [r.name for r in runs if not r.ok]
    if failed:
        print(
            f"microcommerce reproduce: {len(failed)} notebook(s) failed: {', '.join(failed)}",
            file=sys.stderr,
        )
    return 1 if failed else 0
