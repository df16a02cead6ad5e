"""Run the analyses on data larger than memory, with Dask, giving what pandas gives.

Every analysis that reads orders is written once, as a *partial* aggregate of some
rows (:class:`microcommerce.aggregate.Totals`) and a *finalise* step on the merged
partials. :func:`aggregate_rows` runs that pair on a pandas frame (one partial of
all rows) or on a Dask frame: one partial per partition on the workers, merged in
a tree (:func:`~microcommerce.aggregate.combine_totals`), finalised on a worker, so
only the small result reaches the calling process. Sums are of whole numbers (fen,
units, counts), so the order in which partitions are merged cannot change a cent.

Dask is optional: ``pip install "microcommerce[dask]"``. Without it, the pandas
paths work as before and the Dask paths say how to install it.

Examples
--------
>>> import pandas as pd
>>> from microcommerce.aggregate import totals
>>> def partial(df):
...     return {"n": totals(df[["k"]], {"units": df["units"].to_numpy()})}
>>> def finalise(parts):
...     return parts["n"].groups
>>> aggregate_rows(pd.DataFrame({"k": ["b", "a", "b"], "units": [1, 2, 3]}),
...                partial, finalise, columns=["k", "units"])
   k  units
0  a      2
1  b      4
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.aggregate import Totals, combine_totals, require_columns

__all__ = [
    "ANALYSES",
    "INSTALL_HINT",
    "aggregate_rows",
    "analyse_folder",
    "as_pandas",
    "dask_client",
    "import_dask",
    "is_dask",
]

#: What to run to get the Dask paths.
INSTALL_HINT = 'pip install "microcommerce[dask]"  (dask[dataframe] and distributed)'
_SPLIT_EVERY = 8  # partials merged at a time in the tree
#: What :func:`analyse_folder` computes, by analysis.
ANALYSES: dict[str, tuple[str, ...]] = {
    "market": ("market_size",),
    "practitioners": ("active_sellers", "trading_agents", "entrants_exits"),
    "inventory": ("channel_inventory", "months_of_supply"),
}


def is_dask(obj: object) -> bool:
    """Whether ``obj`` is a Dask collection (checked without importing Dask).

    Examples
    --------
    >>> import pandas as pd
    >>> is_dask(pd.DataFrame())
    False
    """
    return type(obj).__module__.split(".")[0] in ("dask", "dask_expr")


def import_dask() -> Any:
    """Import ``dask`` configured for exact pandas results, or explain how to install it.

    Dask's default turns ``str`` columns into ``string[pyarrow]`` with ``pd.NA``;
    this keeps pandas' own ``str`` dtype, so results compare equal to pandas'.

    Raises
    ------
    ImportError
        Naming the extra to install.
    """
    try:
        import dask
        import dask.dataframe  # the extra's other half
    except ImportError as exc:
        raise ImportError(f"this needs Dask, which is not installed: {INSTALL_HINT}") from exc
    dask.config.set({"dataframe.convert-string": False})
    return dask


def as_pandas(df: Any) -> Any:
    """A pandas object: Dask collections are computed, anything else is returned as is.

    For small inputs (an inventory table already aggregated, a sell-through table).

    Examples
    --------
    >>> import pandas as pd
    >>> as_pandas(pd.Series([1])).tolist()
    [1]
    """
    return df.compute() if is_dask(df) else df


def aggregate_rows(
    df: Any,
    partial: Callable[..., dict[str, Totals]],
    finalise: Callable[..., Any],
    *,
    columns: Sequence[str],
    who: str = "the analysis",
    **options: Any,
) -> Any:
    """``finalise(partial(rows))`` over a pandas frame, or over a Dask frame's partitions.

    Parameters
    ----------
    df
        A pandas or Dask DataFrame.
    partial
        ``partial(frame, **options) -> {name: Totals}`` for some rows.
    finalise
        ``finalise({name: Totals}, **options) -> result`` on the merged partials.
    columns
        The columns ``partial`` reads: checked up front, and the only ones a Dask
        frame reads from its files.
    who
        Named in errors.
    options
        Passed to both ``partial`` and ``finalise``.
    """
    require_columns(df, columns, who)
    if not is_dask(df):
        return finalise(partial(df, **options), **options)
    dask = import_dask()
    from dask import delayed

    parts = df[list(dict.fromkeys(columns))].to_delayed()
    level = [delayed(partial)(part, **options) for part in parts]
    while len(level) > 1:
        level = [delayed(_merge)(level[i : i + _SPLIT_EVERY])
                 for i in range(0, len(level), _SPLIT_EVERY)]  # fmt: skip
    (result,) = dask.compute(delayed(finalise)(level[0], **options))
    return result


def _merge(parts: Sequence[dict[str, Totals]]) -> dict[str, Totals]:
    """Merge partials name by name."""
    return {name: combine_totals([p[name] for p in parts]) for name in parts[0]}


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None, *, workers: int = 2, threads_per_worker: int = 1
) -> Iterator[Any]:
    """A Dask ``distributed`` client: connected to ``scheduler``, or to a new local cluster.

    The local cluster runs ``workers`` processes of ``threads_per_worker`` threads
    (processes, because cleaning and parsing hold the GIL) without a dashboard, and
    is closed on exit. On a real cluster, pass its address (``tcp://host:8786``) and
    keep the data on storage every worker can read (a shared folder, S3 …).

    Start it under ``if __name__ == "__main__":`` in a script: worker processes
    import the main module.
    """
    import_dask()
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask without distributed
        raise ImportError(f"this needs dask.distributed: {INSTALL_HINT}") from exc
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    if workers < 1:
        raise ValueError(f"workers {workers!r}: expected at least 1")
    with (
        LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker, processes=True,
                     dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        yield client


def analyse_folder(
    kind: str, folder: str | os.PathLike[str], *, engine: str = "dask", freq: str = "ME"
) -> dict[str, pd.DataFrame]:
    """One of the three analyses over a dataset folder; the tables of :data:`ANALYSES`.

    ``folder`` is an orders dataset (:func:`~microcommerce.partitioned.write_dataset`)
    or a folder holding one as ``orders/`` — such as
    :func:`~microcommerce.simulate.simulate_to_dataset` writes, whose
    ``shipments`` then complete the top agents' stock. ``engine="dask"`` reads
    the orders lazily, one partition per file, and aggregates on the current Dask
    client; ``"pandas"`` reads them into memory.

    - ``market``: :func:`~microcommerce.market.market_size` by category and seller tier.
    - ``practitioners``: :func:`~microcommerce.practitioners.active_sellers` (agents
      who sold; and ``trading_agents``, who sold or bought) by tier, and
      :func:`~microcommerce.practitioners.entrants_exits`.
    - ``inventory``: :func:`~microcommerce.inventory.channel_inventory` by tier and
      :func:`~microcommerce.inventory.months_of_supply` against the retail units.
    """
    # the analyses import this module: import them when called
    from microcommerce.inventory import channel_inventory, months_of_supply
    from microcommerce.market import market_size
    from microcommerce.partitioned import read_dataset
    from microcommerce.practitioners import active_sellers, entrants_exits

    if kind not in ANALYSES:
        raise ValueError(f"analysis {kind!r}: expected one of {', '.join(ANALYSES)}")
    root = Path(folder)
    orders_at = root / "orders" if (root / "orders").is_dir() else root
    orders = read_dataset(orders_at, engine=engine)
    if kind == "market":
        return {"market_size": market_size(orders, freq=freq, by=("category", "seller_tier"))}
    if kind == "practitioners":
        return {
            "active_sellers": active_sellers(orders, freq=freq, by=("seller_tier",)),
            "trading_agents": active_sellers(orders, freq=freq, by=("seller_tier",), role="any"),
            "entrants_exits": entrants_exits(orders, freq=freq),
        }  # fmt: skip
    shipments = None
    if (root / "shipments").is_dir():
        shipments = read_dataset(root / "shipments", engine=engine)
    elif (root / "shipments.parquet").is_file():
        shipments = pd.read_parquet(root / "shipments.parquet")
    stock = channel_inventory(orders, freq=freq, by=("seller_tier",), shipments=shipments)
    sales = market_size(orders, freq=freq, by=("seller_tier",))
    return {"channel_inventory": stock,
            "months_of_supply": months_of_supply(stock, sales)}  # fmt: skip
