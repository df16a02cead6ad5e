"""``microcommerce simulate -o FOLDER``: a brand's agent pyramid, simulated, written to files.

Parquet tables and the ground truth by default, messy back-office exports with
``--messy``, or partitioned datasets written chunk by chunk with ``--dataset``.
"""

from __future__ import annotations

import argparse
import json

from microcommerce.cli._common import add_engine_options, add_wait_option, engine
from microcommerce.errors import ParameterError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``simulate`` command to the command line's subcommands."""
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
    add_engine_options(p, "dask: write the chunks on Dask workers (implies --dataset)")
    add_wait_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Simulate, write the tables and print what was simulated."""
    from microcommerce.simulation import PyramidParams, simulate_pyramid, write_simulation
    from microcommerce.simulation._messy import write_messy_export

    params = PyramidParams(
        potential_agents=args.agents,
        months=args.months,
        start=args.start,
        shock=args.shock_date if args.shock else None,
    )
    if args.messy and (args.dataset or args.engine == "dask"):
        raise ParameterError(
            "--messy writes one set of exports; it does not go with --dataset or --engine dask"
        )
    if args.dataset or args.engine == "dask":
        return _run_dataset(args, params)
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


def _run_dataset(args: argparse.Namespace, params) -> int:
    """``--dataset`` or ``--engine dask``: simulate chunk by chunk into partitioned datasets."""
    from microcommerce.simulation import simulate_to_dataset

    with engine(args):
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
