"""The simulator's parameters as an analyst meets them: documented, by tier, as keywords."""

from __future__ import annotations

import dataclasses
import pydoc

import numpy as np
import pandas as pd
import pytest

from microcommerce.errors import MicrocommerceError, ParameterError
from microcommerce.io import read_dataset
from microcommerce.simulation import (
    TIERED,
    PyramidParams,
    describe_params,
    make_params,
    read_simulation,
    simulate_pyramid,
    simulate_to_dataset,
    simulate_truth,
    write_simulation,
)

SMALL = {"potential_agents": 400, "months": 18}


def test_help_lists_every_field_with_its_meaning_unit_default_and_source():
    text = pydoc.render_doc(PyramidParams, renderer=pydoc.plaintext)
    flat = " ".join(text.replace(" | ", " ").split())  # help() wraps and indents with "|"
    for f in dataclasses.fields(PyramidParams):
        assert f"{f.name} : " in text, f.name
        assert f"default {f.default!r}" in flat, f.name
        assert f"[{f.metadata['unit']}]" in flat, f.name
        assert f"Source: {f.metadata['source']}" in flat, f.name
    table = describe_params()
    assert list(table.columns) == ["parameter", "value", "unit", "default", "meaning", "source"]
    assert table.set_index("parameter").loc["retail_price", "unit"] == "yuan a box"


def test_a_number_is_broadcast_to_every_tier():
    p = PyramidParams(entry_package_yuan=4_000)
    assert p.entry_package_yuan == 4_000.0
    np.testing.assert_array_equal(p.by_tier("entry_package_yuan"), np.full(10, 4_000.0))
    # 4000 ÷ 38 = 105.3, ÷ 43.70 = 91.5, ÷ 50.26 = 79.6 boxes, rounded up
    assert p.entry_units()[:3].tolist() == [106, 92, 80]
    assert PyramidParams(cover=4).by_tier("cover").tolist() == [4.0] * 10


def test_a_short_sequence_repeats_its_last_value_for_the_deeper_tiers():
    p = PyramidParams(max_tier=4, restock_min_share=(0.8, 0.2))
    assert p.by_tier("restock_min_share").tolist() == [0.8, 0.2, 0.2, 0.2, 0.2]
    assert PyramidParams(max_tier=2).by_tier("entry_package_yuan").tolist() == [
        40_000.0,
        3_188.0,
        3_188.0,
    ]  # the default's fourth value is not used by three tiers


def test_more_values_than_tiers_are_refused_with_a_clear_message():
    with pytest.raises(ParameterError, match=r"6 values for the 4 tiers 0–3 \(max_tier=3\)"):
        PyramidParams(max_tier=3, entry_package_yuan=(9e4, 9e3, 900, 90, 9, 1))
    with pytest.raises(ParameterError, match="cover has 3 values for the 2 tiers"):
        PyramidParams(max_tier=1, entry_package_yuan=1_000, cover=(3, 3, 3))
    with pytest.raises(ParameterError, match="expected a number or a sequence"):
        PyramidParams(cover="3")
    with pytest.raises(ParameterError, match="reorder_below ≤ cover"):
        PyramidParams(reorder_below=(1.0, 4.0), cover=3.0)


def test_a_by_tier_value_repeated_is_the_same_model_as_the_number():
    one = simulate_pyramid(PyramidParams(**SMALL, cover=3.0), seed=5)
    each = simulate_pyramid(PyramidParams(**SMALL, cover=(3.0,) * 10), seed=5)
    pd.testing.assert_frame_equal(one.orders, each.orders)
    pd.testing.assert_frame_equal(one.truth, each.truth)


def test_a_larger_minimum_restock_at_one_tier_moves_more_stock_to_it():
    base = simulate_truth(**SMALL, seed=2)
    heavy = simulate_truth(**SMALL, restock_min_share=(0.5, 3.0, 0.5), seed=2)
    bought = {name: run.stock_by_tier.query("seller_tier == 1")["stock"].sum()
              for name, run in (("base", base), ("heavy", heavy))}  # fmt: skip
    assert bought["heavy"] > bought["base"]


def test_parameters_are_accepted_as_keywords():
    direct = simulate_pyramid(potential_agents=300, months=12, seed=3)
    wrapped = simulate_pyramid(PyramidParams(potential_agents=300, months=12), seed=3)
    pd.testing.assert_frame_equal(direct.orders, wrapped.orders)
    assert direct.params == wrapped.params
    # keywords change the given parameters
    assert simulate_truth(PyramidParams(months=12), potential_agents=50, seed=1).params == (
        PyramidParams(months=12, potential_agents=50)
    )
    assert make_params(PyramidParams(months=6)) == PyramidParams(months=6)


def test_simulate_to_dataset_takes_keywords_too(tmp_path):
    paths = simulate_to_dataset(folder=tmp_path, seed=1, chunk_rows=300, **SMALL)
    expected = simulate_pyramid(seed=1, **SMALL)
    assert read_dataset(paths["orders"]).equals(expected.orders)


def test_an_unknown_keyword_names_the_closest_field():
    with pytest.raises(ParameterError, match=r"no field 'potential_agent' .*'potential_agents'"):
        simulate_pyramid(potential_agent=2_000)
    with pytest.raises(ParameterError, match="no field 'colour'; the fields are"):
        simulate_truth(colour="red")


def test_refused_parameters_are_the_packages_errors():
    with pytest.raises(MicrocommerceError):
        PyramidParams(months=0)
    with pytest.raises(ValueError, match="months ≥ 1"):
        PyramidParams(months=0)


def test_simulate_truth_equals_the_full_simulations_truth():
    fast = simulate_truth(**SMALL, seed=8)
    full = simulate_pyramid(**SMALL, seed=8)
    pd.testing.assert_frame_equal(fast.truth, full.truth)
    pd.testing.assert_frame_equal(fast.stock_by_tier, full.stock_by_tier)
    assert (fast.params, fast.seed) == (full.params, full.seed)


def test_by_tier_parameters_survive_writing_and_reading(tmp_path):
    sim = simulate_pyramid(**SMALL, cover=(4.0, 3.0), restock_min_share=0.25, seed=1)
    write_simulation(sim, tmp_path)
    back = read_simulation(tmp_path)
    assert back.params == sim.params
    assert back.params.cover == (4.0, 3.0) and back.params.restock_min_share == 0.25
    assert set(TIERED) == {"entry_package_yuan", "restock_min_share", "reorder_below", "cover"}


def test_the_tables_use_the_analyses_column_names():
    run = simulate_truth(**SMALL, seed=4)
    assert run.truth.columns[0] == "period"
    assert list(run.stock_by_tier.columns) == ["period", "seller_tier", "stock"]
    total = run.stock_by_tier.groupby("period")["stock"].sum()
    assert total.tolist() == run.truth["channel_units"].tolist()
