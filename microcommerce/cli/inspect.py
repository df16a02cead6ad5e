"""``microcommerce inspect FILE``: what the cleaner sees in an order export, before cleaning.

Registered by :func:`add_parser`; prints :func:`~microcommerce.cleaning.inspect_export`.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

__all__ = ["add_parser"]


def add_parser(sub: argparse._SubParsersAction, options: Callable) -> None:
    """Add the ``inspect`` command to the command line's subcommands.

    ``options`` turns the parsed ``--column``/``--ignore``/``--alias`` … into the
    cleaner's arguments (the ``clean`` command's own function).
    """
    p = sub.add_parser(
        "inspect",
        help="say what the cleaner sees in an order export and which options change it",
        description="Read the top of an order export and say: the sheet and header row, "
        "the layout matched or the roles inferred (with the header, how it was chosen and "
        "the share of values that fit), the columns left out, the line model, the statuses "
        "found and how each maps, and the options that would change each decision.",
    )
    p.add_argument("input", metavar="FILE", help="the order export")
    p.add_argument("--sheet", help="sheet of an .xlsx file (default: the first)")
    p.add_argument("--layout", metavar="NAME", help="read the export as this layout")
    p.add_argument(
        "--layouts", metavar="FILE.csv", help="your own layouts, in the packaged table's format"
    )
    p.add_argument("--seller", metavar="NAME", help="the seller of a one-shop export")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day of every order (no date column)")
    p.add_argument("--column", action="append", default=[], metavar="HEADER=COLUMN")
    p.add_argument("--ignore", action="append", default=[], metavar="HEADER")
    p.add_argument("--alias", action="append", default=[], metavar="VOCABULARY:ALIAS=LABEL")
    p.add_argument("--rows", type=int, default=20_000, help="rows read (default 20,000)")
    p.set_defaults(
        func=functools.partial(_cmd_inspect, options=options), table="orders", tiers=None
    )


def _cmd_inspect(args: argparse.Namespace, options: Callable) -> int:
    from microcommerce.cleaning._explain import inspect_export
    from microcommerce.errors import InputError

    try:
        columns, aliases, given = options(args)
        found = inspect_export(
            args.input,
            columns=columns,
            aliases=aliases,
            sheet=args.sheet,
            rows=args.rows,
            **given,
        )
    except (InputError, ValueError) as exc:
        print(f"microcommerce inspect: {exc}", file=sys.stderr)
        return 1
    print(found.text())
    return 0 if found.problem is None else 1
