"""The ``microcommerce`` command.

Each subcommand is a thin layer over a public function of the package, so what the
command prints is what the function returns. Run ``microcommerce --help`` for the list.

One private module per command, each declaring its options next to the code that reads
them (an ``add_parser(subparsers)`` and a ``run(args)``):

=============  ==================  ==========================================================
command        module              over
=============  ==================  ==========================================================
``parse``      ``_parse``          :func:`~microcommerce.parse.parse_amount`, ``parse_date``
``clean``      ``_clean``          ``clean_orders``, ``clean_sellers``, ``clean_inventory``
``inspect``    ``_inspect``        ``cleaning.explain.inspect_export``
``datasets``   ``_datasets``       :mod:`microcommerce.datasets`
``simulate``   ``_simulate``       :mod:`microcommerce.simulation`
``analyse``    ``_analyse``        :func:`analyse_folder` (``_folders``: the analyses by name)
``reproduce``  ``_reproduce``      ``report.reproduce.reproduce``
=============  ==================  ==========================================================

``_common`` holds the options several commands share (``--wait``, ``--engine`` …).

A command returns its exit status, or raises; :func:`main` alone turns what it raises
into an exit status (:data:`EXIT_CODES`): a user's error — a missing or unreadable file, a
bad option value, a full disk, a missing optional library — is one line on stderr and
exit 1; an interrupt is 130; exit 2 is only for usage errors, which ``argparse`` reports
itself. Anything else is a bug and keeps its traceback (as does everything with ``--debug``).
"""

from __future__ import annotations

import argparse
import sys
import types
from collections.abc import Sequence

from microcommerce import __version__
from microcommerce._quote import escape_invisible
from microcommerce.cli import (
    _analyse,
    _clean,
    _datasets,
    _inspect,
    _parse,
    _reproduce,
    _simulate,
)
from microcommerce.cli._folders import ANALYSES, analyse_folder, choose_engine
from microcommerce.errors import MicrocommerceError, MissingColumnsError

__all__ = ["ANALYSES", "EXIT_CODES", "analyse_folder", "build_parser", "choose_engine", "main"]

#: The commands, in the order ``--help`` lists them: each module adds its own parser.
COMMANDS: tuple[types.ModuleType, ...] = (
    _parse,
    _clean,
    _inspect,
    _datasets,
    _simulate,
    _analyse,
    _reproduce,
)

#: What :func:`main` does with an exception a command raises: the first class it is an
#: instance of gives the exit status. The package's own errors (``InputError``,
#: ``ParameterError`` …) are ``ValueError``\s, as are the bad values its parsers refuse.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (KeyboardInterrupt, 130),
    (MicrocommerceError, 1),
    (OSError, 1),  # a file not found, a full disk, a read-only folder, a lock …
    (ImportError, 1),  # an optional library (Dask) not installed: the message says how
    (ValueError, 1),  # a value refused (the package's errors are ValueErrors, and pandas')
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``microcommerce`` command."""
    parser = argparse.ArgumentParser(
        prog="microcommerce",
        description="Study WeChat micro-business (微商) markets: parse, clean, analyse.",
    )
    parser.add_argument("--version", action="version", version=f"microcommerce {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the traceback of an error instead of its one-line message",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples
    --------
    >>> main(["parse", "约2.5亿元"])
    text       约2.5亿元
    value      250,000,000
    low        250,000,000
    high       250,000,000
    unit       CNY
    qualifier  about
    error      —
    closed     —
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except tuple(kind for kind, _ in EXIT_CODES) as exc:
        if args.debug:
            raise
        print(f"microcommerce {args.command}: {escape_invisible(_one_line(exc))}", file=sys.stderr)
        return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))


def _one_line(exc: BaseException) -> str:
    """Give the message of ``exc`` on one line (an OS error with its path and cause).

    Examples
    --------
    >>> _one_line(FileNotFoundError(2, "No such file or directory", "a.csv"))
    'a.csv: no such file or directory'
    >>> from microcommerce.errors import FileNotFoundInputError
    >>> _one_line(FileNotFoundInputError("no Parquet dataset here", path="d"))
    'd: no Parquet dataset here'
    >>> _one_line(KeyError("no dataset 'x'")), _one_line(KeyboardInterrupt())
    ("no dataset 'x'", 'interrupted')
    """
    if isinstance(exc, MissingColumnsError):
        text = exc.cli_message  # the fix as --column/--seller, not Python's columns=
    elif (
        isinstance(exc, OSError)
        and not isinstance(exc, MicrocommerceError)  # the package's messages are written whole
        and not str(exc).startswith(str(exc.filename or "\0"))
    ):
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{(exc.strerror or str(exc)).lower()}"
    elif isinstance(exc, KeyError) and exc.args:
        text = str(exc.args[0])  # str() of a KeyError is its repr, quotes and all
    else:
        text = str(exc) or ("interrupted" if isinstance(exc, KeyboardInterrupt) else repr(exc))
    return " ".join(text.split())
