"""Runs re-used and resumed: always the same tables as a fresh simulation."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from microcommerce.simulation import PyramidParams, TruthCache, simulate_truth

BASE = PyramidParams(potential_agents=1_500, months=36)


def _same_as_fresh(run, params, seed):
    fresh = simulate_truth(params, seed=seed)
    pd.testing.assert_frame_equal(run.truth, fresh.truth)
    pd.testing.assert_frame_equal(run.stock_by_tier, fresh.stock_by_tier)
    assert (run.params, run.seed) == (params, seed)


@pytest.mark.parametrize(
    ("change", "how"),
    [
        ({"shock": "2015-09-20"}, "resumed from 2015-02"),  # later
        ({"shock_demand": 0.9}, "resumed from 2015-02"),  # stronger, same date
        ({"shock_recruitment": 0.0, "shock_demand": 0.0}, "resumed from 2015-02"),
        ({"shock": None}, "resumed from 2015-02"),  # no shock: the same run to the end
        ({"shock": "2014-06-01"}, "simulated"),  # earlier: no state kept that early
        ({"imitation": 0.5}, "simulated"),  # not a shock field
    ],
)
def test_a_changed_shock_resumes_from_the_month_it_first_touches(change, how):
    cache = TruthCache()
    _, first = cache.get(BASE, seed=3)
    assert first == "simulated"
    params = dataclasses.replace(BASE, **change)
    run, got = cache.get(params, seed=3)
    assert got == how
    _same_as_fresh(run, params, 3)


def test_states_kept_at_earlier_months_serve_later_moves():
    cache = TruthCache()
    early = dataclasses.replace(BASE, shock="2014-10-10")
    cache.get(early, seed=5)  # keeps the state at the start of 2014-10
    cache.get(BASE, seed=5)  # resumes from 2014-10, keeps 2015-02 too
    between = dataclasses.replace(BASE, shock="2014-12-24")
    run, how = cache.get(between, seed=5)
    assert how == "resumed from 2014-10"
    _same_as_fresh(run, between, 5)
    assert cache.get(between, seed=5)[1] == "cached"
    assert cache.get(between, seed=6)[1] == "simulated"  # another seed is another run


def test_the_cache_keeps_at_most_what_it_is_told():
    cache = TruthCache(runs=2, states=1)
    for day in ("2015-01-10", "2015-03-10", "2015-05-10"):
        cache.get(dataclasses.replace(BASE, shock=day), seed=1)
    assert cache.get(dataclasses.replace(BASE, shock="2015-01-10"), seed=1)[1] != "cached"
    run, how = cache.get(dataclasses.replace(BASE, shock="2015-06-10"), seed=1)
    assert how.startswith("resumed from")
    _same_as_fresh(run, dataclasses.replace(BASE, shock="2015-06-10"), 1)
