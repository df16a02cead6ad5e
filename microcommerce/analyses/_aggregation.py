"""One definition of an analysis that runs on pandas or, partition by partition, on Dask.

Every analysis that reads orders is written once, as an :class:`Aggregation`: a *partial*
that sums some rows into ``Totals``, and a
*finalise* step on the merged partials. :meth:`Aggregation.run` applies the pair to a pandas
frame (one partial of all rows) or to a Dask frame: one partial per partition on the
workers, merged in a tree (``combine_totals``) and
finalised on a worker, so only the small result reaches the calling process. Sums are of
whole numbers (fen, units, counts), so the order in which partitions are merged cannot
change a cent.

The options of an analysis (its ``freq``, ``by`` …) are bound into the two callables when
the aggregation is made (:func:`functools.partial`), so each step takes only the options it
uses.

Examples
--------
>>> import pandas as pd
>>> from microcommerce.analyses._group_arithmetic import totals
>>> count_units = Aggregation(
...     partial=lambda df: {"n": totals(df[["k"]], {"units": df["units"].to_numpy()})},
...     finalise=lambda parts: parts["n"].groups,
...     columns=("k", "units"), who="count_units")
>>> count_units.run(pd.DataFrame({"k": ["b", "a", "b"], "units": [1, 2, 3]}))
   k  units
0  a      2
1  b      4
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from microcommerce.analyses._group_arithmetic import Totals, combine_totals
from microcommerce.analyses._inputs import require_columns
from microcommerce.core._engine import import_dask, is_dask

__all__ = ["Aggregation", "merge_partials"]

_SPLIT_EVERY = 8  # partials merged at a time in the tree

Partials = dict[str, Totals]


@dataclass(frozen=True)
class Aggregation:
    """A partial aggregate of rows and the step that finishes the merged partials.

    Parameters
    ----------
    partial : callable
        ``partial(frame) -> {name: Totals}`` for some rows of the input.
    finalise : callable or None
        ``finalise({name: Totals}) -> result`` on the partials merged name by name;
        ``None`` returns the merged partials themselves (to merge them with the
        partials of another input before finishing, as ``channel_inventory`` does).
    columns : tuple of str
        The columns ``partial`` reads: checked before anything runs, and the only ones
        a Dask frame reads from its files.
    who : str
        Named in errors (the public function the aggregation serves).
    """

    partial: Callable[[pd.DataFrame], Partials]
    finalise: Callable[[Partials], Any] | None
    columns: tuple[str, ...]
    who: str

    def run(self, df: Any) -> Any:
        """Apply the aggregation to a pandas frame or, partition by partition, to a Dask frame.

        Parameters
        ----------
        df : DataFrame or dask.dataframe.DataFrame
            The rows to aggregate; must hold :attr:`columns`.

        Returns
        -------
        object
            What :attr:`finalise` returns (the merged partials when it is ``None``).

        Raises
        ------
        ValueError
            When ``df`` lacks one of :attr:`columns`.
        """
        require_columns(df, self.columns, self.who)
        finish = self.finalise or _unchanged
        if not is_dask(df):
            return finish(self.partial(df))
        dask = import_dask()
        from dask import delayed

        level = [delayed(self.partial)(part) for part in df[list(self.columns)].to_delayed()]
        while len(level) > 1:
            level = [
                delayed(merge_partials)(level[i : i + _SPLIT_EVERY])
                for i in range(0, len(level), _SPLIT_EVERY)
            ]
        (result,) = dask.compute(delayed(finish)(level[0]))
        return result


def merge_partials(parts: Sequence[Partials]) -> Partials:
    """Merge partial aggregates name by name.

    Parameters
    ----------
    parts : sequence of dict
        Partials with the same names, e.g. of two partitions or of two inputs.

    Returns
    -------
    dict
        One ``Totals`` per name.

    Examples
    --------
    >>> import pandas as pd
    >>> from microcommerce.analyses._group_arithmetic import totals
    >>> a = {"n": totals(pd.DataFrame({"k": ["x"]}), {"units": [2]})}
    >>> b = {"n": totals(pd.DataFrame({"k": ["x", "y"]}), {"units": [1, 5]})}
    >>> merge_partials([a, b])["n"].groups
       k  units
    0  x      3
    1  y      5
    """
    return {name: combine_totals([p[name] for p in parts]) for name in parts[0]}


def _unchanged(parts: Partials) -> Partials:
    return parts
