"""Which engine runs a computation: pandas in memory, or Dask for data larger than memory.

The bottom of the package: it imports nothing from ``microcommerce`` and is used by
every layer that can take a Dask collection (partitioned datasets in :mod:`microcommerce.io`,
part-by-part cleaning, chunked simulation, the analyses). It tells a Dask collection from a
pandas one without importing Dask, imports Dask configured to give exactly what pandas gives,
and starts a ``distributed`` client.

Dask is optional: ``pip install "microcommerce[dask]"``. Without it, the pandas paths work
and the Dask paths say how to install it.

Examples
--------
>>> import pandas as pd
>>> is_dask(pd.DataFrame({"units": [1, 2]}))
False
>>> as_pandas(pd.Series([3, 4])).tolist()
[3, 4]
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from microcommerce.errors import OptionalDependencyError, ParameterError

__all__ = ["INSTALL_HINT", "as_pandas", "dask_client", "import_dask", "is_dask"]

#: What to run to get the Dask paths.
INSTALL_HINT = 'pip install "microcommerce[dask]"  (dask[dataframe] and distributed)'


def is_dask(obj: object) -> bool:
    """Whether ``obj`` is a Dask collection (checked without importing Dask).

    Parameters
    ----------
    obj : object
        Anything: a pandas or Dask DataFrame or Series, an array …

    Returns
    -------
    bool
        True for a Dask collection (its type comes from ``dask`` or ``dask_expr``).

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

    Returns
    -------
    module
        ``dask``, with ``dataframe.convert-string`` turned off.

    Raises
    ------
    OptionalDependencyError
        Naming the extra to install (also an ``ImportError``).

    Examples
    --------
    >>> import_dask().config.get("dataframe.convert-string")
    False
    """
    try:
        import dask
        import dask.dataframe  # the extra's other half
    except ImportError as exc:
        raise OptionalDependencyError(
            f"this needs Dask, which is not installed: {INSTALL_HINT}"
        ) from exc
    dask.config.set({"dataframe.convert-string": False})
    return dask


def as_pandas(df: Any) -> Any:
    """Compute a Dask collection into pandas; return anything else as it is.

    For small inputs (an inventory table already aggregated, a sell-through table).

    Parameters
    ----------
    df : DataFrame, Series or object
        A Dask collection, or anything else (a pandas frame, a number).

    Returns
    -------
    DataFrame, Series or object
        The computed pandas object for a Dask collection; ``df`` itself otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> as_pandas(pd.Series([1])).tolist()
    [1]
    """
    return df.compute() if is_dask(df) else df


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None, *, workers: int = 2, threads_per_worker: int = 1
) -> Iterator[Any]:
    """Open a Dask ``distributed`` client on ``scheduler``, or on a new local cluster.

    The local cluster runs ``workers`` processes of ``threads_per_worker`` threads
    (processes, because cleaning and parsing hold the GIL) without a dashboard, and
    is closed on exit. On a real cluster, pass its address (``tcp://host:8786``) and
    keep the data on storage every worker can read (a shared folder, S3 …).

    Start it under ``if __name__ == "__main__":`` in a script: worker processes
    import the main module.

    Parameters
    ----------
    scheduler : str, optional
        The address of a running scheduler (``tcp://host:8786``); default a new
        local cluster.
    workers : int, default 2
        Worker processes of the local cluster (ignored with ``scheduler``).
    threads_per_worker : int, default 1
        Threads in each worker process of the local cluster.

    Yields
    ------
    distributed.Client
        The client, the default scheduler of Dask computations until the block
        ends.

    Raises
    ------
    OptionalDependencyError
        When Dask or ``distributed`` is not installed.
    ParameterError
        For a local cluster of fewer than one worker.

    Examples
    --------
    ``with dask_client() as client:`` around the analyses of a partitioned
    dataset runs them on all cores. A cluster needs a worker:

    >>> with dask_client(workers=0):
    ...     pass
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: workers=0: expected at least 1
    """
    import_dask()
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask without distributed
        raise OptionalDependencyError(f"this needs dask.distributed: {INSTALL_HINT}") from exc
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    if workers < 1:
        raise ParameterError(f"workers={workers!r}: expected at least 1")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
