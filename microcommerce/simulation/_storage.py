"""Storage of simulations: a run's tables as Parquet files, or a large run as datasets.

:func:`write_simulation` and :func:`read_simulation` keep a :class:`Simulation`
(every table, its parameters and seed); :func:`simulate_to_dataset` runs a
simulation too large for memory straight into partitioned ``orders/`` and
``inventory/`` datasets, chunk by chunk.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from microcommerce.cleaning import _schema as schema
from microcommerce.core._engine import import_dask
from microcommerce.errors import ParameterError
from microcommerce.io import PathArg, read_parquet, write_table, write_text
from microcommerce.io._partitioned import write_dataset
from microcommerce.io._staging import check_result, read_pinned, staged
from microcommerce.simulation._engine import Rows, Run, month_steps
from microcommerce.simulation._params import PyramidParams, make_params
from microcommerce.simulation._tables import (
    SIMULATION_TABLES,
    Lookup,
    Simulation,
    inventory_frame,
    orders_frame,
    seller_tables,
    stock_counts,
    truth_tables,
)

__all__ = ["read_simulation", "simulate_to_dataset", "write_simulation"]


def write_simulation(sim: Simulation, folder: PathArg, *, wait: bool = False) -> dict[str, Path]:
    """Write every table of ``sim`` as Parquet, and its parameters and seed as JSON.

    Files: ``orders.parquet``, ``sellers.parquet``, ``inventory.parquet``,
    ``shipments.parquet``, ``truth.parquet``, ``stock_by_tier.parquet`` and
    ``params.json``, built in a staging folder and swapped in for ``folder`` as one
    result (:func:`microcommerce.io.staged`; ``wait`` waits for another
    writer of it). :func:`read_simulation` reads them back.

    Parameters
    ----------
    sim : Simulation
        A simulated brand, as :func:`simulate_pyramid` returns it.
    folder : str or Path
        The folder of the result; an earlier simulation there is replaced in one
        step (readers see the old one or the new one, never a mix).
    wait : bool, default False
        When another run is writing ``folder``, wait for it instead of refusing.

    Returns
    -------
    dict of str to Path
        Table name → its Parquet file, and ``"params"`` → ``params.json``.

    Raises
    ------
    OutputBusyError
        When another run is writing ``folder`` and ``wait`` is False.
    OutputError
        When the folder cannot be written; an earlier simulation is then
        unchanged.

    Examples
    --------
    >>> import tempfile
    >>> from microcommerce.simulation import simulate_pyramid
    >>> sim = simulate_pyramid(PyramidParams(potential_agents=100, months=6), seed=4)
    >>> folder = tempfile.mkdtemp()
    >>> sorted(p.name for p in write_simulation(sim, folder).values())[:3]
    ['inventory.parquet', 'orders.parquet', 'params.json']
    >>> back = read_simulation(folder)
    >>> back.seed, back.params == sim.params, back.orders.equals(sim.orders)
    (4, True, True)
    """
    folder = Path(folder)
    record = {"seed": sim.seed, "params": dataclasses.asdict(sim.params), "meta": sim.meta}
    text = json.dumps(record, ensure_ascii=False, indent=2)
    with staged(folder, wait=wait) as stage:
        for name in SIMULATION_TABLES:
            write_table(getattr(sim, name), stage / f"{name}.parquet")
        write_text(text + "\n", stage / "params.json")
    return {name: folder / f"{name}.parquet" for name in SIMULATION_TABLES} | {
        "params": folder / "params.json"
    }


def simulate_to_dataset(
    params: PyramidParams | None = None,
    folder: PathArg = "simulation",
    *,
    seed: int = 0,
    chunk_rows: int = 2_000_000,
    progress: bool = False,
    validate: bool = True,
    engine: str = "pandas",
    wait: bool = False,
    **overrides: Any,
) -> dict[str, Path]:
    """Simulate as :func:`simulate_pyramid` does, writing orders and stock counts in chunks.

    For runs too large for memory (a hundred million orders): whenever
    ``chunk_rows`` orders have piled up, the month's integer rows are spilled to a
    hidden folder; at the end — when the agent count, and so the id width, is
    known — each chunk becomes a part of the partitioned datasets ``orders/`` and
    ``inventory/`` (by year; :func:`microcommerce.io.read_dataset`), one at
    a time. The tables are the same as :func:`simulate_pyramid`'s for the same
    parameters and seed, row for row. The small tables go to ``sellers.parquet``,
    ``shipments.parquet``, ``truth.parquet``, ``stock_by_tier.parquet`` and
    ``params.json``, as :func:`write_simulation` writes them.

    Parameters
    ----------
    params, seed, progress, **overrides : optional
        As for :func:`simulate_pyramid`.
    folder : str or Path, default "simulation"
        Where to write: a new or empty folder, or an earlier result, replaced whole.
    chunk_rows : int, default 2000000
        Orders per chunk: memory holds about one chunk's rows at a time.
    validate : bool, default True
        Check every chunk against ``cleaning._schema``.
    engine : {"pandas", "dask"}, default "pandas"
        ``"dask"`` converts and writes the chunks on the workers of the current
        Dask client (or Dask's local scheduler) while the others wait; the month
        steps themselves are sequential either way.
    wait : bool, default False
        When another run is writing ``folder``, wait for it instead of refusing.

    Returns
    -------
    dict
        Name → path written (``orders`` and ``inventory`` are folders). The whole
        result is built in a staging folder (the spilled chunks in it too) and
        swapped in for ``folder`` at the end, so an interrupted run leaves the
        earlier one whole (:func:`microcommerce.io.staged`).

    Examples
    --------
    >>> import tempfile
    >>> from microcommerce.io import read_dataset
    >>> from microcommerce.simulation import simulate_pyramid
    >>> params = PyramidParams(potential_agents=200, months=12)
    >>> paths = simulate_to_dataset(params, tempfile.mkdtemp(), seed=1, chunk_rows=500)
    >>> read_dataset(paths["orders"]).equals(simulate_pyramid(params, seed=1).orders)
    True
    """
    if chunk_rows < 1:
        raise ParameterError(f"chunk_rows={chunk_rows!r}: expected at least 1")
    if engine not in ("pandas", "dask"):
        raise ParameterError(f"engine={engine!r}: expected 'pandas' or 'dask'")
    params = make_params(params, **overrides)
    root = Path(folder)
    run = Run(params, seed)
    with staged(root, wait=wait) as stage:  # the earlier run stays whole until the swap
        written = _simulate_into(stage, run, chunk_rows, progress, validate, engine)
    return {name: root / path for name, path in written.items()}


def _simulate_into(
    root: Path, run: Run, chunk_rows: int, progress: bool, validate: bool, engine: str
) -> dict[str, Path]:
    """Run the months into the staging folder ``root``; the paths written, relative to it."""
    spill = root / ".spill"  # hidden: no part of the result, removed with the staging folder
    spill.mkdir()
    try:
        chunks: list[tuple[Path, int]] = []
        for t, month in enumerate(month_steps(run.months, progress)):
            run.step(t, month)
            if sum(map(len, run.orders.day)) >= chunk_rows or t == len(run.months) - 1:
                chunks.append(_spill(run, spill / f"chunk-{len(chunks):05d}.npz"))
        look = Lookup.of(run)
        total = sum(rows for _, rows in chunks)
        firsts = np.cumsum([0] + [rows for _, rows in chunks])[:-1].tolist()
        jobs = [
            (path, i, first)
            for i, ((path, _), first) in enumerate(zip(chunks, firsts, strict=True))
        ]
        write = functools.partial(_write_chunk, root=root, total=total, validate=validate)
        if engine == "dask":
            dask = import_dask()
            shared = dask.delayed(look)  # sent to each worker once, not once per chunk
            dask.compute(*[dask.delayed(write)(shared, *job) for job in jobs])
        else:
            for job in jobs:
                write(look, *job)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    small = seller_tables(run, look.agent_ids) | truth_tables(run)
    if validate:
        schema.validate(small["sellers"], "sellers")
    paths = {"orders": root / "orders", "inventory": root / "inventory"}
    paths |= {name: write_table(df, root / f"{name}.parquet") for name, df in small.items()}
    meta = {"agents": run.agents.n, "order_rows": total, "chunks": len(chunks)}
    record = {"seed": run.seed, "params": dataclasses.asdict(run.params), "meta": meta}
    text = json.dumps(record, ensure_ascii=False, indent=2)
    paths["params"] = write_text(text + "\n", root / "params.json")
    return {name: path.relative_to(root) for name, path in paths.items()}


def _spill(run: Run, path: Path) -> tuple[Path, int]:
    """Move the run's order rows and stock counts so far to ``path``; return it and the rows."""
    r = run.orders.arrays()
    counts = stock_counts(run.inventory)
    np.savez(path, **r, **{f"stock_{k}": v for k, v in counts.items()})
    run.orders, run.inventory = Rows(), []
    return path, len(r["day"])


def _write_chunk(
    look: Lookup, path: Path, part: int, first: int, *, root: Path, total: int, validate: bool
) -> None:
    """One spilled chunk into the ``orders`` and ``inventory`` datasets, as part ``part``."""
    with np.load(path) as saved:
        r = {k: saved[k] for k in ("seller", "buyer", "day", "qty", "fen")}
        counts = {k: saved[f"stock_{k}"] for k in ("who", "when", "units")}
    orders = orders_frame(look, r, first=first, total=total)
    inventory = inventory_frame(look, counts)
    if validate:
        schema.validate(orders, "orders")
        schema.validate(inventory, "inventory")
    # several workers append at once: the staged result's manifest is written at the end
    write_dataset(orders, root / "orders", mode="append", part=part, seal=False)
    write_dataset(inventory, root / "inventory", mode="append", part=part, seal=False)


def read_simulation(folder: PathArg) -> Simulation:
    """Read a simulation written by :func:`write_simulation` (see its example).

    Parameters
    ----------
    folder : str or Path
        The folder :func:`write_simulation` wrote.

    Returns
    -------
    Simulation
        Its tables, parameters, seed and counts.

    Raises
    ------
    ResultError
        When the folder is not a complete simulation: its files are not those of its
        manifest (``io._staging.check_result``). The tables all come
        from one run even while another run replaces the folder
        (``io._staging.read_pinned``).

    Examples
    --------
    :func:`write_simulation`'s example reads one back. A folder that holds no
    complete simulation is refused, not read in part:

    >>> import tempfile
    >>> read_simulation(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    microcommerce.errors.ResultError: ...: no _manifest.json: not a complete result ...
    """
    return read_pinned(folder, _read_simulation)  # every table from one run, or an error


def _read_simulation(folder: Path) -> Simulation:
    check_result(folder)  # every file it reads is in the manifest
    record = json.loads((folder / "params.json").read_text(encoding="utf-8"))
    raw = record["params"]
    tables = {name: read_parquet(folder / f"{name}.parquet") for name in SIMULATION_TABLES}
    return Simulation(
        **tables, params=PyramidParams(**raw), seed=record["seed"], meta=record.get("meta", {})
    )
