"""Options several commands share: ``--wait``, and ``--engine``/``--workers``/``--scheduler``.

Each is added by the function that also reads it back, so an option and its use stay
together.
"""

from __future__ import annotations

import argparse
import contextlib
from typing import Any


def add_wait_option(p: argparse.ArgumentParser) -> None:
    """Add ``--wait``: wait for another run writing the same output instead of refusing."""
    p.add_argument(
        "--wait",
        action="store_true",
        help="when another run is writing the same output, wait for it to end instead of "
        "refusing at once (writers take a lock; a failure leaves the previous output whole)",
    )


def add_engine_options(
    p: argparse.ArgumentParser, what: str, default: str = "pandas", auto: bool = False
) -> None:
    """Add ``--engine``, ``--workers`` and ``--scheduler``, read by :func:`engine`."""
    p.add_argument(
        "--engine",
        choices=["auto", "pandas", "dask"] if auto else ["pandas", "dask"],
        default=default,
        help=f"pandas or dask (default {default}); {what}",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes of the local Dask cluster (default 2)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="use a running Dask cluster (tcp://host:8786) instead of a local one",
    )


def engine(args: argparse.Namespace) -> contextlib.AbstractContextManager[Any]:
    """Start a Dask client for ``--engine dask`` (local or ``--scheduler``), else nothing."""
    if args.engine != "dask":
        return contextlib.nullcontext()
    from microcommerce.core._engine import dask_client

    return dask_client(args.scheduler, workers=args.workers)
