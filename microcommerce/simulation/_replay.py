"""Runs kept for re-use: what an interactive tool needs to answer a change quickly.

:class:`TruthCache` gives :func:`~microcommerce.simulation.simulate_truth`'s result for
parameters and a seed, doing as little work as it can: a setting seen before is
returned as it was; a setting that differs from one seen before only in the shock
(its date or strength) goes on from the month the shock first touches, from a copy
of the engine's state kept at that month, since until then the two runs are the same
run. Either way the result equals a fresh :func:`simulate_truth`.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict

from microcommerce.simulation._engine import Run, first_shock_month
from microcommerce.simulation._params import PyramidParams
from microcommerce.simulation._tables import SimulationTruth, truth_tables

__all__ = ["TruthCache"]

#: The parameters that act only from the shock on, set to "no shock".
_NO_SHOCK = {"shock": None, "shock_recruitment": 0.0, "shock_demand": 0.0}


class TruthCache:
    """Simulated truths by parameters and seed, re-used or resumed where they can be.

    Parameters
    ----------
    runs : int, default 12
        How many finished runs to keep (the oldest used goes first).
    states : int, default 6
        How many engine states to keep, each taken at the start of the month a
        shock first touches (about 80 bytes an agent each).

    Examples
    --------
    >>> from microcommerce.simulation import simulate_truth
    >>> cache = TruthCache()
    >>> params = PyramidParams(potential_agents=300, months=30)
    >>> first, how = cache.get(params, seed=1)
    >>> how
    'simulated'
    >>> later = dataclasses.replace(params, shock="2015-05-01")
    >>> moved, how = cache.get(later, seed=1)
    >>> how
    'resumed from 2015-02'
    >>> moved.truth.equals(simulate_truth(later, seed=1).truth)
    True
    >>> cache.get(params, seed=1)[1]
    'cached'
    """

    def __init__(self, runs: int = 12, states: int = 6) -> None:
        self.runs, self.states = runs, states
        self._runs: OrderedDict[tuple[PyramidParams, int], SimulationTruth] = OrderedDict()
        self._states: OrderedDict[tuple[PyramidParams, int, int], Run] = OrderedDict()

    def get(self, params: PyramidParams, seed: int) -> tuple[SimulationTruth, str]:
        """Return the truth of ``params`` and ``seed``, and how it was obtained.

        Parameters
        ----------
        params : PyramidParams
            The model.
        seed : int
            Seed of the random generator.

        Returns
        -------
        truth : SimulationTruth
            Equal to ``simulate_truth(params, seed=seed)``.
        how : str
            ``"cached"``, ``"resumed from YYYY-MM"`` (the month the run went on
            from) or ``"simulated"`` (from the first month).

        Examples
        --------
        >>> cache = TruthCache(runs=1)
        >>> params = PyramidParams(potential_agents=100, months=6)
        >>> [cache.get(params, seed=2)[1], cache.get(params, seed=2)[1]]
        ['simulated', 'cached']
        >>> cache.get(params, seed=3)[1], cache.get(params, seed=2)[1]  # one run kept
        ('simulated', 'simulated')
        """
        key = (params, seed)
        if key in self._runs:
            self._runs.move_to_end(key)
            return self._runs[key], "cached"
        before = dataclasses.replace(params, **_NO_SHOCK)  # what the run is until the shock
        first = first_shock_month(params)
        kept = [m for (b, s, m) in self._states if b == before and s == seed and m <= first]
        if kept:
            start = max(kept)
            run = self._states[before, seed, start].copy()
            run.params = params  # the shock's fields only: nothing derived from them
            how = f"resumed from {run.months[start]:%Y-%m}"
        else:
            start, run, how = 0, Run(params, seed), "simulated"
        for t in range(start, params.months):
            if t == first and t > start:
                self._keep(self._states, (before, seed, t), run.copy(), self.states)
            run.step(t, run.months[t])
        result = SimulationTruth(**truth_tables(run), params=params, seed=seed)
        self._keep(self._runs, key, result, self.runs)
        return result, how

    @staticmethod
    def _keep(store: OrderedDict, key: tuple, value: object, size: int) -> None:
        store[key] = value
        while len(store) > size:
            store.popitem(last=False)
