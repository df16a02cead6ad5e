"""The three analyses over a dataset folder, for ``microcommerce analyse``.

Only the command line imports this module: it is where files (a partitioned orders
dataset, and a simulation's shipments) meet the analyses, which never read files.
:data:`ANALYSES` runs, for each analysis of the command line, the analyses the registry
(:data:`microcommerce.analyses.ANALYSES`) assigns to it, so an analysis of orders
registered with ``command="market"`` is written by ``microcommerce analyse market``
without a change here; the few tables computed from others are listed in ``_DERIVED``.

Examples
--------
>>> sorted(ANALYSES)
['inventory', 'market', 'practitioners']
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.analyses import ANALYSES as REGISTERED
from microcommerce.analyses._inventory import months_of_supply
from microcommerce.analyses._market import market_size
from microcommerce.analyses._practitioners import active_sellers
from microcommerce.core._engine import import_dask
from microcommerce.errors import ParameterError
from microcommerce.io import read_parquet
from microcommerce.io._partitioned import read_dataset
from microcommerce.io._staging import MANIFEST, check_result, read_pinned

__all__ = ["ANALYSES", "analyse_folder", "choose_engine"]

Tables = dict[str, pd.DataFrame]


def _shipments(root: Path, engine: str) -> Any:
    """Read the simulation's shipments beside the orders (None when there are none)."""
    if (root / "shipments").is_dir():
        return read_dataset(root / "shipments", engine=engine)
    if (root / "shipments.parquet").is_file():
        return read_parquet(root / "shipments.parquet")
    return None


def _trading_agents(tables: Tables, orders: Any, freq: str) -> pd.DataFrame:
    return active_sellers(orders, freq=freq, by=("seller_tier",), role="any")


def _months_of_supply(tables: Tables, orders: Any, freq: str) -> pd.DataFrame:
    sales = market_size(orders, freq=freq, by=("seller_tier",))
    return months_of_supply(tables["channel_inventory"], sales)


#: Tables an analysis of the command line adds to its registered ones, computed from
#: them: ``(tables so far, orders, freq) -> table``.
_DERIVED: dict[str, dict[str, Callable[[Tables, Any, str], pd.DataFrame]]] = {
    "practitioners": {"trading_agents": _trading_agents},
    "inventory": {"months_of_supply": _months_of_supply},
}


def _run(command: str, orders: Any, root: Path, engine: str, freq: str) -> Tables:
    """Run every analysis registered for ``command``, grouped as registered, then its extras."""
    tables: Tables = {}
    for name, analysis in REGISTERED.items():
        if analysis.command != command:
            continue
        extra = {}
        if "shipments" in analysis.needs:
            extra["shipments"] = _shipments(root, engine)
        function = getattr(importlib.import_module(analysis.module), name)
        tables[name] = function(orders, freq=freq, by=analysis.by, **extra)
    for name, derive in _DERIVED.get(command, {}).items():
        tables[name] = derive(tables, orders, freq)
    return tables


#: What :func:`analyse_folder` computes: analysis name → function of
#: ``(orders, folder, engine, freq)`` returning its tables by name. One entry for each
#: ``command`` of the registry (:data:`microcommerce.analyses.ANALYSES`): an analysis
#: registered with a command is run by it, grouped ``by`` as registered.
ANALYSES: dict[str, Callable[[Any, Path, str, str], Tables]] = {
    command: functools.partial(_run, command)
    for command in dict.fromkeys(a.command for a in REGISTERED.values() if a.command)
}


#: How many times its Parquet size a dataset takes in memory once read (decompressed,
#: dictionary-encoded text expanded), and the share of free memory it may take.
_MEMORY_PER_BYTE, _MEMORY_SHARE = 6, 0.5


def choose_engine(folder: str | os.PathLike[str], *, free_memory: int | None = None) -> str:
    """Choose pandas when a dataset fits in memory, Dask when it does not (and is installed).

    Parameters
    ----------
    folder : path
        A dataset folder (or a folder holding one as ``orders/``).
    free_memory : int, optional
        Bytes of memory available; read from the system when not given.

    Returns
    -------
    {"pandas", "dask"}
        ``"dask"`` only when the dataset would take more than half the free memory and
        Dask can be imported; otherwise ``"pandas"``.

    Examples
    --------
    >>> import tempfile
    >>> choose_engine(tempfile.mkdtemp(), free_memory=1 << 30)
    'pandas'
    """
    root = Path(folder)
    size = sum(p.stat().st_size for p in root.rglob("*.parquet") if p.is_file())
    if free_memory is None:
        free_memory = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    if size * _MEMORY_PER_BYTE <= _MEMORY_SHARE * free_memory:
        return "pandas"
    try:
        import_dask()
    except ImportError:
        return "pandas"  # nothing else can run it; pandas may still manage
    return "dask"


def analyse_folder(
    kind: str, folder: str | os.PathLike[str], *, engine: str = "pandas", freq: str = "ME"
) -> Tables:
    """Run one of the three analyses over a dataset folder.

    - ``market``: :func:`~microcommerce.analyses.market_size` by category and
      seller tier.
    - ``practitioners``: :func:`~microcommerce.analyses.active_sellers`
      (agents who sold; and ``trading_agents``, who sold or bought) by tier, and
      :func:`~microcommerce.analyses.entrants_exits`.
    - ``inventory``: :func:`~microcommerce.analyses.channel_inventory` by tier
      and :func:`~microcommerce.analyses.months_of_supply` against the retail
      units; a simulation's ``shipments`` complete the top agents' stock.

    Parameters
    ----------
    kind : {"market", "practitioners", "inventory"}
        The analysis (a key of :data:`ANALYSES`).
    folder : path
        An orders dataset (:func:`~microcommerce.io.write_dataset`) or a
        folder holding one as ``orders/``, such as
        :func:`~microcommerce.simulation.simulate_to_dataset` writes.
    engine : {"pandas", "dask"}
        ``"pandas"`` reads the orders into memory; ``"dask"`` reads them lazily, one
        partition per file, and aggregates on the current Dask client (see
        :func:`choose_engine`).
    freq : str
        The period of the tables.

    Returns
    -------
    dict of str to DataFrame
        The analysis' tables by name.

    Raises
    ------
    ParameterError
        For an unknown analysis.
    InputError
        When the folder holds no readable dataset.
    """
    if kind not in ANALYSES:
        raise ParameterError(f"analysis {kind!r}: expected one of {', '.join(ANALYSES)}")
    # one result from start to end, even while another run replaces it
    return read_pinned(
        folder, lambda view: _analyse(kind, view, engine, freq), pin=engine == "pandas"
    )


def _analyse(kind: str, root: Path, engine: str, freq: str) -> Tables:
    if (root / MANIFEST).is_file():  # a whole result: every file it uses (shipments too)
        check_result(root)
    orders_at = root / "orders" if (root / "orders").is_dir() else root
    orders = read_dataset(orders_at, engine=engine)
    return ANALYSES[kind](orders, root, engine, freq)
