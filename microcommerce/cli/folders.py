"""The three analyses over a dataset folder, for ``microcommerce analyse``.

Only the command line imports this module: it is where files (a partitioned orders
dataset, and a simulation's shipments) meet the analyses, which never read files.
:data:`ANALYSES` is a registry — one function per analysis, each returning its named
tables — so adding an analysis is adding an entry, not a branch.

Examples
--------
>>> sorted(ANALYSES)
['inventory', 'market', 'practitioners']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.analyses._inventory import channel_inventory, months_of_supply
from microcommerce.analyses._market import market_size
from microcommerce.analyses._practitioners import active_sellers, entrants_exits
from microcommerce.core._engine import import_dask
from microcommerce.io import read_parquet
from microcommerce.io._partitioned import read_dataset
from microcommerce.io._staging import MANIFEST, check_result, read_pinned

__all__ = ["ANALYSES", "analyse_folder", "choose_engine"]

Tables = dict[str, pd.DataFrame]


def _market(orders: Any, root: Path, engine: str, freq: str) -> Tables:
    return {"market_size": market_size(orders, freq=freq, by=("category", "seller_tier"))}


def _practitioners(orders: Any, root: Path, engine: str, freq: str) -> Tables:
    return {
        "active_sellers": active_sellers(orders, freq=freq, by=("seller_tier",)),
        "trading_agents": active_sellers(orders, freq=freq, by=("seller_tier",), role="any"),
        "entrants_exits": entrants_exits(orders, freq=freq),
    }


def _inventory(orders: Any, root: Path, engine: str, freq: str) -> Tables:
    shipments = None
    if (root / "shipments").is_dir():
        shipments = read_dataset(root / "shipments", engine=engine)
    elif (root / "shipments.parquet").is_file():
        shipments = read_parquet(root / "shipments.parquet")
    stock = channel_inventory(orders, freq=freq, by=("seller_tier",), shipments=shipments)
    sales = market_size(orders, freq=freq, by=("seller_tier",))
    return {"channel_inventory": stock, "months_of_supply": months_of_supply(stock, sales)}


#: What :func:`analyse_folder` computes: analysis name → function of
#: ``(orders, folder, engine, freq)`` returning its tables by name.
ANALYSES: dict[str, Callable[[Any, Path, str, str], Tables]] = {
    "market": _market,
    "practitioners": _practitioners,
    "inventory": _inventory,
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
    ValueError
        For an unknown analysis.
    InputError
        When the folder holds no readable dataset.
    """
    if kind not in ANALYSES:
        raise ValueError(f"analysis {kind!r}: expected one of {', '.join(ANALYSES)}")
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
