"""The ``microcommerce`` command.

Each subcommand is a thin layer over a public function of the package, so what the
command prints is what the function returns. Run ``microcommerce --help`` for the list.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from microcommerce import __version__
from microcommerce.cli import inspect as cli_inspect
from microcommerce.cli.folders import ANALYSES, analyse_folder, choose_engine
from microcommerce.errors import escape_invisible
from microcommerce.parse import parse_amount, parse_date


def _format_number(value: float) -> str:
    if math.isnan(value):
        return "—"
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _cmd_parse(args: argparse.Namespace) -> int:
    failed = 0
    records = []
    for text in args.texts:
        if args.date:
            span = parse_date(text, ref_year=args.ref_year)
            record = {
                "text": text,
                "start": None if span.error else span.start.isoformat(),
                "end": None if span.error else span.end.isoformat(),
                "precision": span.precision,
                "error": span.error,
            }
        else:
            amount = parse_amount(text)
            record = {"text": text, **amount._asdict()}
        failed += record["error"] is not None
        records.append(record)
    if args.json:
        clean = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in records
        ]
        print(json.dumps(clean, ensure_ascii=False, indent=2))
    else:
        for i, record in enumerate(records):
            if i:
                print()
            for key, value in record.items():
                shown = _format_number(value) if isinstance(value, float) else value
                print(f"{key:<10} {escape_invisible('—' if shown is None else shown)}")
    return 1 if failed else 0


def _pair(text: str, option: str, form: str) -> tuple[str, str]:
    left, sep, right = text.rpartition("=")
    if not sep or not left.strip() or not right.strip():
        raise ValueError(f"{option} {text!r}: expected {form}")
    return left.strip(), right.strip()


def _cmd_clean(args: argparse.Namespace) -> int:
    from microcommerce.cleaning import _clean as cleaning
    from microcommerce.errors import InputError, MissingColumnsError
    from microcommerce.io import read_table, write_table
    from microcommerce.io._staging import staged_files

    cleaner = {
        "orders": cleaning.clean_orders,
        "sellers": cleaning.clean_sellers,
        "inventory": cleaning.clean_inventory,
    }[args.table]
    source = Path(args.input)
    if source.is_dir() or args.engine == "dask" or args.chunksize:
        return _clean_parts(args)
    out = Path(args.output) if args.output else source.with_name(f"{source.stem}.clean.parquet")
    from tqdm.auto import tqdm

    # reading, then cleaning: a bar of the two steps on a terminal (none when piped)
    steps = tqdm(total=2, desc=f"reading {source.name}", unit="step", disable=None, leave=False)
    try:
        columns, aliases, options = _options(args)
        raw = read_table(source, **({"sheet": args.sheet} if args.sheet else {}))
        steps.set_description(f"cleaning {len(raw):,} rows")
        steps.update()
        result = cleaner(raw, columns=columns, ref_year=args.ref_year, aliases=aliases, **options)
    except MissingColumnsError as exc:
        steps.close()
        print(f"microcommerce clean: {escape_invisible(exc.cli_message)}", file=sys.stderr)
        return 1
    except (InputError, ValueError) as exc:
        steps.close()
        print(f"microcommerce clean: {escape_invisible(exc)}", file=sys.stderr)
        return 1
    steps.update()
    steps.close()
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


_VOCABULARIES = ("platform", "category", "tier", "status", "after_sale")


def _options(args: argparse.Namespace) -> tuple[dict, dict[str, dict[str, str]], dict]:
    """Turn the ``clean`` command's options into what ``clean_*`` takes.

    ``--column`` and ``--ignore`` give ``columns=``, ``--alias`` gives ``aliases=``, and
    ``--layout``, ``--seller`` and ``--tiers`` the cleaner's own options (orders only, but
    ``--tiers`` for agent lists too).
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
            raise ValueError(f"--alias {text!r}: the vocabulary is {', '.join(_VOCABULARIES)}")
        aliases.setdefault(kind, {})[alias] = label
    options: dict[str, object] = {}
    if args.tiers:
        options["tiers"] = [t.strip() for t in args.tiers.split(",")]
    for name in ("layout", "seller", "date", "layouts"):
        value = getattr(args, name, None)
        if value is not None and args.table != "orders":
            raise ValueError(f"--{name} is for order exports, not {args.table}")
        if value is not None:
            options[name] = value
    if "tiers" in options and args.table == "inventory":
        raise ValueError("--tiers is for order exports and agent lists, not inventory")
    return columns, aliases, options


def _clean_parts(args: argparse.Namespace) -> int:
    """Clean a folder of exports, a file in chunks or with ``--engine dask`` into a dataset."""
    from microcommerce.cleaning._bulk import clean_to_dataset
    from microcommerce.errors import InputError, MissingColumnsError
    from microcommerce.io import entry_problem

    source = Path(args.input)
    out = Path(args.output) if args.output else source.with_name(f"{source.name}.clean")
    if not source.is_dir() and (problem := entry_problem(source)) is not None:
        print(f"microcommerce clean: {source}: {problem}", file=sys.stderr)  # a FIFO …
        return 1
    try:
        columns, aliases, options = _options(args)
        read = {"sheet": args.sheet} if args.sheet else {}
        with _engine(args):
            report = clean_to_dataset(
                source if source.is_dir() else [source],  # a FIFO, a device: named as such
                out,
                args.table,
                engine=args.engine,
                progress=True,
                columns=columns,
                ref_year=args.ref_year,
                aliases=aliases,
                read_options=read,
                chunksize=args.chunksize,
                **options,
                wait=args.wait,
                source=args.source_by_file,
            )
    except MissingColumnsError as exc:
        print(f"microcommerce clean: {escape_invisible(exc.cli_message)}", file=sys.stderr)
        return 1
    except (InputError, ValueError, ImportError) as exc:
        print(f"microcommerce clean: {escape_invisible(exc)}", file=sys.stderr)
        return 1
    print(f"{report['table']}: {report['rows_in']:,} rows read from {report['parts']} part(s)")
    for key in ("rows_clean", "rows_rejected", "duplicates_removed", "duplicates_across_parts"):
        print(f"  {key.replace('_', ' '):<24} {report[key]:>12,}")
    from microcommerce.cleaning._statuses import cli_hints

    for reason, n in report["rejected_by_reason"].items():
        print(f"    {n:>8,}  {escape_invisible(cli_hints(reason))}")
    print(f"\nwrote {out / 'clean'} (dataset), {out / 'rejected'} and {out / 'report.json'}")
    return 0 if report["rows_clean"] else 1


def _engine(args: argparse.Namespace):
    """Start a Dask client for ``--engine dask`` (local or ``--scheduler``), else nothing."""
    import contextlib

    if args.engine != "dask":
        return contextlib.nullcontext()
    from microcommerce.core._engine import dask_client

    return dask_client(args.scheduler, workers=args.workers)


def _cmd_analyse(args: argparse.Namespace) -> int:
    if args.engine == "auto":
        args.engine = choose_engine(args.dataset)
    from microcommerce.errors import InputError
    from microcommerce.io import write_table
    from microcommerce.io._staging import staged_files

    try:
        with _engine(args):
            tables = analyse_folder(args.analysis, args.dataset, engine=args.engine, freq=args.freq)
    except (InputError, ValueError, ImportError, OSError) as exc:
        print(f"microcommerce analyse: {escape_invisible(exc)}", file=sys.stderr)
        return 1
    paths = [Path(args.output) / f"{name}.csv" for name in tables]
    with staged_files(paths, wait=args.wait) as staged_paths:  # the tables appear together
        for table, path in zip(tables.values(), staged_paths, strict=True):
            write_table(table, path)
    for table, path in zip(tables.values(), paths, strict=True):
        print(f"wrote {path} ({len(table):,} rows)")
    return 0


def _cmd_datasets(args: argparse.Namespace) -> int:
    import pandas as pd

    from microcommerce import datasets
    from microcommerce.io import write_table
    from microcommerce.io._staging import sweep_temps

    if args.action == "list":
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(datasets.list()[["name", "rows", "title"]].to_string(index=False))
        return 0
    try:
        df = datasets.load(args.name)
    except KeyError as exc:
        print(f"microcommerce datasets: {escape_invisible(exc.args[0])}", file=sys.stderr)
        return 1
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


def _cmd_simulate(args: argparse.Namespace) -> int:
    from microcommerce.simulation import (
        PyramidParams,
        simulate_pyramid,
        simulate_to_dataset,
        write_simulation,
    )
    from microcommerce.simulation._messy import write_messy_export

    try:
        params = PyramidParams(
            potential_agents=args.agents,
            months=args.months,
            start=args.start,
            shock=args.shock_date if args.shock else None,
        )
        if args.messy and (args.dataset or args.engine == "dask"):
            raise ValueError(
                "--messy writes one set of exports; it does not go with --dataset or --engine dask"
            )
        if args.dataset or args.engine == "dask":
            with _engine(args):
                paths = simulate_to_dataset(
                    params,
                    args.output,
                    seed=args.seed,
                    chunk_rows=args.chunk_rows,
                    progress=not args.quiet,
                    engine=args.engine,
                    wait=args.wait,
                )
            meta = json.loads(paths["params"].read_text(encoding="utf-8"))["meta"]
            print(
                f"simulated {meta['agents']:,} agents over {params.months} months "
                f"(seed {args.seed}): {meta['order_rows']:,} orders in {meta['chunks']} "
                "chunk(s)"
            )
            for path in paths.values():
                print(f"  wrote {path}")
            return 0
    except (ValueError, ImportError) as exc:
        print(f"microcommerce simulate: {escape_invisible(exc)}", file=sys.stderr)
        return 1
    sim = simulate_pyramid(params, seed=args.seed, progress=not args.quiet)
    if args.messy:
        paths = write_messy_export(sim, args.output, seed=args.seed, wait=args.wait)
    else:
        paths = write_simulation(sim, args.output, wait=args.wait)
    truth = sim.truth
    print(
        f"simulated {len(sim.sellers):,} agents over {params.months} months from "
        f"{params.start} (seed {args.seed}, shock {params.shock or 'none'}): "
        f"{len(sim.orders):,} orders, {len(sim.inventory):,} stock counts; "
        f"{int(truth['channel_units'].iloc[-1]):,} boxes left in the channel"
    )
    for path in paths.values():
        print(f"  wrote {path}")
    return 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from microcommerce.errors import OutputError
    from microcommerce.report._reproduce import notebooks_dir, reproduce, tables_destination

    try:
        runs = reproduce(
            args.out,
            only=args.only,
            timeout=args.timeout,
            progress=not args.quiet,
            jobs=args.jobs,
            wait=args.wait,
        )
    except OutputError:
        raise  # one line and exit 1, as for every command (see main)
    except (ValueError, OSError) as exc:  # bad options
        print(f"microcommerce reproduce: {escape_invisible(exc)}", file=sys.stderr)
        return 2
    print(f"notebooks from {notebooks_dir()}")
    for run in runs:
        status = "ok" if run.ok else f"FAILED at cell {run.cell}: {run.error}"
        print(f"  {run.name:<26} {run.seconds:5.1f} s  {status}")
    print(f"report: {Path(args.out).resolve() / 'index.html'}")
    print(f"tables: {tables_destination(Path(args.out).resolve())}")
    failed = [r.name for r in runs if not r.ok]
    if failed:
        print(
            f"microcommerce reproduce: {len(failed)} notebook(s) failed: {', '.join(failed)}",
            file=sys.stderr,
        )
    return 1 if failed else 0


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

    p = sub.add_parser(
        "parse",
        help="parse amounts (约2.5亿元, 近3000万人, 两三千) or dates (--date) and print the fields",
        description="Parse figures or dates as written in Chinese or English material.",
    )
    p.add_argument("texts", nargs="+", metavar="TEXT", help="the figure(s) or date(s) to parse")
    p.add_argument("--date", action="store_true", help="parse the texts as dates")
    p.add_argument("--ref-year", type=int, help="year for dates written without one")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser(
        "clean",
        help="clean an orders, sellers or inventory export into its canonical table",
        description="Read a CSV/TSV/XLSX/Parquet export, write the canonical table (parquet "
        "unless -o says otherwise) and OUT.rejected.csv beside it, and print a summary. "
        "Exits 1 only when nothing could be read.",
    )
    p.add_argument("table", choices=["orders", "sellers", "inventory"])
    p.add_argument("input", metavar="IN", help="the export to clean")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the clean table (.parquet, .csv or .xlsx); default IN.clean.parquet",
    )
    p.add_argument("--ref-year", type=int, help="year for dates written without one")
    p.add_argument("--sheet", help="sheet of an .xlsx file (default: the first)")
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
    _engine_options(
        p,
        "IN a folder of exports or --engine dask: clean part by part into "
        "OUT/clean/ (dataset), OUT/rejected/ and OUT/report.json",
    )
    _wait_option(p)
    p.set_defaults(func=_cmd_clean)
    cli_inspect.add_parser(sub, _options)

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
    p.set_defaults(func=_cmd_datasets)

    p = sub.add_parser(
        "simulate",
        help="simulate a brand's agent pyramid (simulated data) into Parquet or messy exports",
        description="Run the pyramid agent simulator (microcommerce.simulation) and write its "
        "canonical tables and ground truth as Parquet, or with --messy the Chinese back-office "
        "exports (GB18030 CSV and .xlsx) that `microcommerce clean` reads back.",
    )
    p.add_argument("-o", "--output", required=True, metavar="FOLDER", help="where to write")
    p.add_argument(
        "--agents",
        type=int,
        default=100_000,
        metavar="N",
        help="potential agents: people who could ever join (default 100000)",
    )
    p.add_argument(
        "--months", type=int, default=48, metavar="M", help="months to simulate (default 48)"
    )
    p.add_argument("--start", default="2013-01", help="first month (default 2013-01)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument(
        "--shock",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="apply the policy shock (default on)",
    )
    p.add_argument(
        "--shock-date",
        default="2015-02-15",
        help="date of the shock (default 2015-02-15, Tencent's rectification notice)",
    )
    p.add_argument(
        "--messy", action="store_true", help="write messy back-office exports instead of Parquet"
    )
    p.add_argument(
        "--dataset",
        action="store_true",
        help="write orders/ and inventory/ as partitioned datasets, chunk by chunk "
        "(bounded memory, for large runs)",
    )
    p.add_argument(
        "--chunk-rows",
        type=int,
        default=2_000_000,
        metavar="N",
        help="orders per chunk with --dataset (default 2000000)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _engine_options(p, "dask: write the chunks on Dask workers (implies --dataset)")
    _wait_option(p)
    p.set_defaults(func=_cmd_simulate)

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
    _engine_options(
        p, "auto: pandas when the orders fit in memory, else dask", default="auto", auto=True
    )
    _wait_option(p)
    p.set_defaults(func=_cmd_analyse)

    p = sub.add_parser(
        "reproduce",
        help="execute every study notebook into an HTML report",
        description="Execute the study notebooks offline, each in a fresh kernel, into an HTML "
        "report (OUT/index.html); key-figure tables go to data/processed/ in a clone. Exits 1 if "
        "a notebook fails (the others still run).",
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
    _wait_option(p)
    p.set_defaults(func=_cmd_reproduce)
    return parser


def _wait_option(p: argparse.ArgumentParser) -> None:
    """Add ``--wait``: wait for another run writing the same output instead of refusing."""
    p.add_argument(
        "--wait",
        action="store_true",
        help="when another run is writing the same output, wait for it to end instead of "
        "refusing at once (writers take a lock; a failure leaves the previous output whole)",
    )


def _engine_options(
    p: argparse.ArgumentParser, what: str, default: str = "pandas", auto: bool = False
) -> None:
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
    from microcommerce.errors import MicrocommerceError

    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except (MicrocommerceError, OSError) as exc:  # a full disk, a read-only folder, a lock …
        if args.debug:
            raise
        print(f"microcommerce {args.command}: {escape_invisible(_one_line(exc))}", file=sys.stderr)
        return 1


def _one_line(exc: BaseException) -> str:
    """Give the message of ``exc`` on one line (an OS error with its path and cause)."""
    if isinstance(exc, OSError) and not str(exc).startswith(str(exc.filename or "\0")):
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{(exc.strerror or str(exc)).lower()}"
    else:
        text = str(exc)
    return " ".join(text.split())
