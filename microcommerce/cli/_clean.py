"""``microcommerce clean TABLE IN``: an export into its canonical table and its rejected rows.

One file is cleaned in memory (:func:`run`); a folder, ``--chunksize`` or ``--engine dask``
clean part by part into a dataset (:func:`_run_parts`). :func:`cleaner_options` turns the
header and label options into the cleaner's arguments, for ``inspect`` too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from microcommerce._quote import escape_invisible
from microcommerce.cli._common import add_engine_options, add_wait_option, engine
from microcommerce.errors import InputError, ParameterError

#: The vocabularies ``--alias`` can add labels to.
_VOCABULARIES = ("platform", "category", "tier", "status", "after_sale")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``clean`` command to the command line's subcommands."""
    p = sub.add_parser(
        "clean",
        help="clean an orders, sellers or inventory export into its canonical table",
        description="Read a CSV/TSV/XLSX/Parquet export, write the canonical table (parquet "
        "unless -o says otherwise) and OUT.rejected.csv beside it, and print a summary. "
        "Exits 1 only when nothing could be read.",
    )
    from microcommerce.cleaning import CLEANERS

    p.add_argument("table", choices=list(CLEANERS))
    p.add_argument("input", metavar="IN", help="the export to clean")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the clean table (.parquet, .csv or .xlsx); default IN.clean.parquet",
    )
    p.add_argument("--ref-year", type=int, help="year for dates written without one")
    p.add_argument("--sheet", help="sheet of an .xlsx file (default: the first)")
    _add_mapping_options(p)
    p.add_argument(
        "--source-by-file",
        action="store_true",
        help="a folder of order exports from different shops or brands: each file's name "
        "becomes its source, which joins the order key (equal order numbers of two exports "
        "never collide)",
    )
    p.add_argument(
        "--chunksize",
        type=int,
        metavar="N",
        help="clean a large csv/tsv/txt/parquet file N rows at a time (memory "
        "bounded by N; a progress bar of the bytes read) into OUT/clean/ "
        "(dataset), OUT/rejected/ and OUT/report.json",
    )
    add_engine_options(
        p,
        "IN a folder of exports or --engine dask: clean part by part into "
        "OUT/clean/ (dataset), OUT/rejected/ and OUT/report.json",
    )
    add_wait_option(p)
    p.set_defaults(func=run)


def _add_mapping_options(p: argparse.ArgumentParser) -> None:
    """Add the options :func:`cleaner_options` reads (headers, labels, layout, seller …)."""
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=COLUMN",
        help="map a header the alias table does not know, e.g. 单据编号=order_id (repeatable)",
    )
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="VOCABULARY:ALIAS=LABEL",
        help="add a label mapping, e.g. platform:抖音=other, tier:特约=2 or "
        "status:待评价=completed (repeatable)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="HEADER",
        help="leave a column out, e.g. 订单类型 (repeatable)",
    )
    p.add_argument(
        "--layout",
        metavar="NAME",
        help="read the export as this shop/platform layout (orders; default: recognised "
        "from the headers): taobao_orders, pdd, jd_pop, douyin, youzan_items, youzan_orders, "
        "ewei_shopv2, wechat_shop, kuaishou, xiaohongshu, kuaituantuan, qunjielong, jushuitan, "
        "wangdiantong",
    )
    p.add_argument(
        "--seller",
        metavar="NAME",
        help="the seller of a one-shop order export that names none, e.g. the shop's name",
    )
    p.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the day of every order of an export with no date column (never guessed)",
    )
    p.add_argument(
        "--layouts",
        metavar="FILE.csv",
        help="your own export layouts, in the packaged layouts table's format",
    )
    p.add_argument(
        "--tiers",
        metavar="RANK,RANK,…",
        help="a brand's ladder of ranks, top first, e.g. 联创,总代,省代,市代,特约 (tiers 0, 1 …)",
    )


def cleaner_options(args: argparse.Namespace) -> tuple[dict, dict[str, dict[str, str]], dict]:
    """Turn the ``clean`` command's options into what ``clean_*`` takes.

    ``--column`` and ``--ignore`` give ``columns=``, ``--alias`` gives ``aliases=``, and
    ``--layout``, ``--seller`` and ``--tiers`` the cleaner's own options (orders only, but
    ``--tiers`` for agent lists too).

    Raises
    ------
    ParameterError
        For an option not written as its form says, or given for the wrong table.
    """
    columns: dict[str, str | None] = dict(
        _pair(text, "--column", "HEADER=COLUMN") for text in args.column
    )
    columns |= dict.fromkeys(args.ignore)
    aliases: dict[str, dict[str, str]] = {}
    for text in args.alias:
        kind, _, rest = text.partition(":")
        alias, label = _pair(rest, "--alias", "VOCABULARY:ALIAS=LABEL")
        if kind not in _VOCABULARIES:
            raise ParameterError(f"--alias {text!r}: the vocabulary is {', '.join(_VOCABULARIES)}")
        aliases.setdefault(kind, {})[alias] = label
    options: dict[str, object] = {}
    if args.tiers:
        options["tiers"] = [t.strip() for t in args.tiers.split(",")]
    for name in ("layout", "seller", "date", "layouts"):
        value = getattr(args, name, None)
        if value is not None and args.table != "orders":
            raise ParameterError(f"--{name} is for order exports, not {args.table}")
        if value is not None:
            options[name] = value
    if "tiers" in options and args.table == "inventory":
        raise ParameterError("--tiers is for order exports and agent lists, not inventory")
    return columns, aliases, options


def _pair(text: str, option: str, form: str) -> tuple[str, str]:
    left, sep, right = text.rpartition("=")
    if not sep or not left.strip() or not right.strip():
        raise ParameterError(f"{option} {text!r}: expected {form}")
    return left.strip(), right.strip()


def run(args: argparse.Namespace) -> int:
    """Clean one export in memory; exit 1 when no row of it is clean."""
    from tqdm.auto import tqdm

    from microcommerce.cleaning import CLEANERS
    from microcommerce.io import read_table, write_table
    from microcommerce.io._staging import staged_files

    source = Path(args.input)
    if source.is_dir() or args.engine == "dask" or args.chunksize:
        return _run_parts(args)
    cleaner = CLEANERS[args.table]
    out = Path(args.output) if args.output else source.with_name(f"{source.stem}.clean.parquet")
    columns, aliases, options = cleaner_options(args)
    # reading, then cleaning: a bar of the two steps on a terminal (none when piped)
    desc = f"reading {source.name}"
    with tqdm(total=2, desc=desc, unit="step", disable=None, leave=False) as steps:
        raw = read_table(source, **({"sheet": args.sheet} if args.sheet else {}))
        steps.set_description(f"cleaning {len(raw):,} rows")
        steps.update()
        result = cleaner(raw, columns=columns, ref_year=args.ref_year, aliases=aliases, **options)
        steps.update()
    rejected_path = out.with_name(f"{out.stem}.rejected.csv")
    with staged_files([out, rejected_path], wait=args.wait) as (clean_at, rejected_at):
        write_table(result.clean, clean_at)  # the pair appears together, or not at all
        write_table(result.rejected, rejected_at)
    from microcommerce.cleaning._statuses import cli_hints, unknown_status_hints

    # hints in --alias form, not Python's aliases=; a cell's U+202E must not reorder the terminal
    print(escape_invisible(cli_hints(result.summary())))
    for line in unknown_status_hints(result.rejected, cli=True):
        print(escape_invisible(line))
    print(
        f"\nwrote {out} ({len(result.clean):,} rows) and {rejected_path} "
        f"({len(result.rejected):,} rows)"
    )
    return 0 if len(result.clean) else 1


def _run_parts(args: argparse.Namespace) -> int:
    """Clean a folder of exports, a file in chunks or with ``--engine dask`` into a dataset."""
    from microcommerce.cleaning._bulk import clean_to_dataset
    from microcommerce.io import entry_problem

    source = Path(args.input)
    out = Path(args.output) if args.output else source.with_name(f"{source.name}.clean")
    if not source.is_dir() and (problem := entry_problem(source)) is not None:
        raise InputError(problem, path=source)  # a FIFO, a missing file …
    columns, aliases, options = cleaner_options(args)
    with engine(args):
        report = clean_to_dataset(
            source if source.is_dir() else [source],  # a FIFO, a device: named as such
            out,
            args.table,
            engine=args.engine,
            progress=True,
            columns=columns,
            ref_year=args.ref_year,
            aliases=aliases,
            read_options={"sheet": args.sheet} if args.sheet else {},
            chunksize=args.chunksize,
            **options,
            wait=args.wait,
            source=args.source_by_file,
        )
    print(f"{report['table']}: {report['rows_in']:,} rows read from {report['parts']} part(s)")
    for key in ("rows_clean", "rows_rejected", "duplicates_removed", "duplicates_across_parts"):
        print(f"  {key.replace('_', ' '):<24} {report[key]:>12,}")
    from microcommerce.cleaning._statuses import cli_hints

    if report["rejected_by_code"]:
        print("  rejected by code:")
    for code, n in report["rejected_by_code"].items():
        print(f"    {n:>8,}  {code}")
    if report["rejected_by_reason"]:
        print("  rejected by reason:")
    for reason, n in report["rejected_by_reason"].items():
        print(f"    {n:>8,}  {escape_invisible(cli_hints(reason))}")
    print(f"\nwrote {out / 'clean'} (dataset), {out / 'rejected'} and {out / 'report.json'}")
    return 0 if report["rows_clean"] else 1
