"""The pyramid simulator: determinism, conservation, structure, the shock, provenance."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from microcommerce import datasets
from microcommerce.cleaning import validate
from microcommerce.simulation import (
    SIMULATION_TABLES,
    PyramidParams,
    describe_params,
    read_simulation,
    simulate_pyramid,
    write_simulation,
)

SMALL = PyramidParams(potential_agents=3_000)


@pytest.fixture(scope="module")
def month_end():
    return lambda dates: dates.dt.to_period("M").dt.to_timestamp(how="end").dt.normalize()


def test_tables_validate_against_the_schema(sim):
    for table in ("orders", "sellers", "inventory"):
        validate(getattr(sim, table), table)


def test_same_seed_gives_identical_tables_and_different_seeds_differ(sim):
    again = simulate_pyramid(SMALL, seed=11)
    for name in SIMULATION_TABLES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(sim, name))
    other = simulate_pyramid(SMALL, seed=12)
    assert not other.orders.equals(sim.orders)
    assert not other.truth.equals(sim.truth)


def test_units_are_conserved_every_month(sim):
    t = sim.truth
    # shipped by the brand = in agents' stock (also of agents who left) + sold to customers
    np.testing.assert_array_equal(
        t["shipped_units"].cumsum(), t["channel_units"] + t["retail_units"].cumsum()
    )
    by_tier = sim.stock_by_tier.groupby("period")["stock"].sum()
    np.testing.assert_array_equal(by_tier.to_numpy(), t["channel_units"].to_numpy())
    assert (sim.stock_by_tier["stock"] >= 0).all()


def test_truth_agrees_with_the_tables(sim, month_end):
    o, t = sim.orders, sim.truth.set_index("period")
    months = month_end(o["date"])
    retail = o[o["kind"] == "retail"].groupby(months)["quantity"].sum()
    sell_in = o[o["kind"] == "sell_in"].groupby(months)["amount"].sum()
    shipped = sim.shipments.groupby(month_end(sim.shipments["date"]))["quantity"].sum()
    pd.testing.assert_series_equal(
        retail.reindex(t.index, fill_value=0).astype("int64"), t["retail_units"], check_names=False
    )
    np.testing.assert_allclose(
        sell_in.reindex(t.index, fill_value=0), t["sell_in_amount"], rtol=1e-12
    )
    pd.testing.assert_series_equal(
        shipped.reindex(t.index, fill_value=0).astype("int64"),
        t["shipped_units"],
        check_names=False,
    )
    assert (t["end_demand_units"] >= t["retail_units"]).all()


def test_stock_counts_equal_each_agents_flows_and_never_go_negative(sim, month_end):
    """Inventory = cumulative units bought − units sold, per agent, at every month end."""
    o = sim.orders
    flows = pd.concat(
        [
            pd.DataFrame({"seller_id": o["buyer_id"], "date": o["date"], "units": o["quantity"]}),
            pd.DataFrame({"seller_id": o["seller_id"], "date": o["date"], "units": -o["quantity"]}),
            pd.DataFrame(
                {
                    "seller_id": sim.shipments["buyer_id"],
                    "date": sim.shipments["date"],
                    "units": sim.shipments["quantity"],
                }
            ),
        ]
    ).dropna(subset=["seller_id"])
    flows["period"] = month_end(flows["date"])
    net = flows.groupby(["seller_id", "period"])["units"].sum()
    inv = sim.inventory.set_index(["seller_id", "period"])["units"]
    # cumulative flows up to each counted period (agents with no flow in a month still count)
    full = net.reindex(net.index.union(inv.index), fill_value=0).groupby(level=0).cumsum()
    pd.testing.assert_series_equal(
        full.reindex(inv.index), inv.astype("int64"), check_names=False, check_dtype=False
    )
    assert (full >= 0).all()


def test_pyramid_structure(sim):
    s = sim.sellers.set_index("seller_id")
    child = s[s["parent_id"].notna()]
    parent = s.loc[child["parent_id"]]
    np.testing.assert_array_equal(child["tier"].to_numpy(), parent["tier"].to_numpy() + 1)
    assert (child["joined"].to_numpy() >= parent["joined"].to_numpy()).all()
    assert int(s["tier"].max()) == SMALL.max_tier  # the default run reaches the ninth level
    assert (s.loc[s["tier"] == 0, "left"].isna()).all()  # top agents stay


def test_sell_in_flows_down_the_upline(sim):
    """Every agent buys from an ancestor: its parent, or the nearest active one above."""
    parent = sim.sellers.set_index("seller_id")["parent_id"]
    sell_in = sim.orders[sim.orders["kind"] == "sell_in"]
    ancestor = sell_in["buyer_id"].map(parent)
    found = ancestor == sell_in["seller_id"]
    for _ in range(9):
        ancestor = ancestor.map(parent)
        found |= (ancestor == sell_in["seller_id"]).fillna(False)
    assert found.all()
    assert (sell_in["buyer_tier"] > sell_in["seller_tier"]).all()
    prices = SMALL.tier_prices()
    np.testing.assert_array_equal(sell_in["unit_price"], prices[sell_in["buyer_tier"]])


def test_active_agents_match_the_seller_table(sim):
    s = sim.sellers
    for month, active in sim.truth[["period", "active_agents"]].itertuples(index=False):
        alive = (s["joined"] <= month) & (s["left"].isna() | (s["left"] > month))
        assert alive.sum() == active, month


def test_depth_never_exceeds_the_configured_maximum():
    shallow = simulate_pyramid(PyramidParams(potential_agents=2_000, max_tier=3), seed=5)
    assert int(shallow.sellers["tier"].max()) == 3
    assert int(shallow.orders["buyer_tier"].max()) == 3
    assert shallow.stock_by_tier["seller_tier"].max() == 3


def test_the_shock_lowers_recruitment_and_demand_after_2015_02_15():
    with_shock = simulate_pyramid(SMALL, seed=3)
    without = simulate_pyramid(dataclasses.replace(SMALL, shock=None), seed=3)
    a, b = with_shock.truth.set_index("period"), without.truth.set_index("period")
    before = a.index < "2015-02-01"
    # identical up to the shock: same seed, same draws
    pd.testing.assert_frame_equal(a[before], b[before])
    after = a.index >= "2015-02-01"
    assert a.loc[after, "joined"].sum() < 0.6 * b.loc[after, "joined"].sum()
    assert a.loc[after, "end_demand_units"].sum() < b.loc[after, "end_demand_units"].sum()


def test_boom_then_bust_and_stock_piles_up(sim):
    t = sim.truth.set_index("period")
    peak = t["active_agents"].idxmax()
    assert pd.Timestamp("2014-01-01") < peak < pd.Timestamp("2015-12-31")
    assert t["active_agents"].iloc[-1] < 0.2 * t["active_agents"].max()
    turnover = t["retail_amount"] + t["sell_in_amount"]
    assert turnover.sum() > 2 * t["retail_amount"].sum()  # 流水 overstates sell-through
    # at the end, the channel holds years of what customers now buy
    assert t["channel_units"].iloc[-1] > 24 * t["retail_units"].iloc[-1]


def test_write_and_read_back(sim, tmp_path):
    write_simulation(sim, tmp_path)
    back = read_simulation(tmp_path)
    for name in SIMULATION_TABLES:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(sim, name))
    assert back.params == sim.params and back.seed == sim.seed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_tier": 10}, "max_tier"),
        ({"top_agents": 0}, "top_agents"),
        ({"platform_shares": (("wechat", 0.5),)}, "platform shares"),
        ({"platform_shares": (("douyin", 1.0),)}, "unknown platform"),
        ({"tier_markup": 0.5}, "retail_price"),
        ({"start": "spring"}, "start"),
        # found in review: each of these used to run and fail (or wrap around) at the end
        ({"start": "1990-01", "months": 600}, "must lie within"),
        ({"start": "2035-12", "months": 2}, "must lie within"),
        ({"top_price": 0.004, "retail_price": 1.0}, "one fen"),
        ({"entry_package_yuan": (1e11, 3188.0)}, "billion boxes"),
        ({"shock": "2015-13-45"}, "not a date"),
        ({"shock": "2015-02-15T00:00+08:00"}, "time zone"),
        ({"product": " pad "}, "spaces"),
        ({"product": ""}, "spaces"),
    ],
)
def test_bad_parameters_are_refused_with_the_rule(change, message):
    with pytest.raises(ValueError, match=message):
        simulate_pyramid(dataclasses.replace(PyramidParams(potential_agents=10), **change))


def test_zero_potential_agents_is_just_the_top_agents():
    lone = simulate_pyramid(PyramidParams(potential_agents=0, months=6), seed=1)
    assert len(lone.sellers) == PyramidParams().top_agents
    assert (lone.orders["kind"] == "retail").all()


def test_defaults_cite_the_facts_they_use():
    facts = datasets.load("facts").set_index("fact_id")["value"]
    events = datasets.load("events").set_index("event_id")["date"]
    p = PyramidParams()
    assert p.factory_cost == facts["agent_price_chain_b_1"]
    assert p.top_price == facts["agent_price_chain_b_2"]
    assert p.retail_price == facts["agent_price_chain_a_4"]
    assert p.max_tier == facts["seed_agent_levels"]
    packages = sorted(facts[[f"sibu_agent_entry_tiers_{i}" for i in (1, 2, 3)]], reverse=True)
    assert sorted(set(p.entry_package_yuan), reverse=True) == packages
    assert pd.Timestamp(p.shock) == events["wechat_illegal_distribution_notice_2015"]
    table = describe_params(p)
    assert list(table["parameter"]) == [f.name for f in dataclasses.fields(p)]
    assert table["meaning"].str.len().gt(0).all()
    cited = table["source"].str.extractall(r"facts? ([a-z0-9_]+)")[0]
    ids = set(cited)
    assert ids <= set(facts.index), ids - set(facts.index)


def test_tier_prices_rise_to_below_retail():
    prices = PyramidParams().tier_prices()
    assert prices[0] == 38.0
    assert (np.diff(prices) > 0).all() and prices[-1] < 138.0


def test_retail_sales_never_exceed_the_stock_on_hand(sim, month_end):
    """Customers are served from the stock counted at the previous month end."""
    o = sim.orders[sim.orders["kind"] == "retail"]
    sold = o.groupby([o["seller_id"], month_end(o["date"]).rename("period")])["quantity"].sum()
    inv = sim.inventory.set_index(["seller_id", "period"])["units"]
    previous = inv.rename(lambda p: p + pd.offsets.MonthEnd(1), level="period")
    on_hand = previous.reindex(sold.index, fill_value=0)
    assert (sold <= on_hand).all()
    assert (sold == on_hand).any()  # some agents sell out: the bound binds


def test_large_but_valid_packages_do_not_overflow():
    """Review finding: quantities were int32 and a big tier-0 package wrapped negative."""
    big = PyramidParams(potential_agents=50, months=3, entry_package_yuan=(1e10, 3188.0))
    sim = simulate_pyramid(big, seed=2)
    assert int(sim.shipments["quantity"].min()) > 0
    assert int(sim.shipments["quantity"].sum()) == int(sim.truth["shipped_units"].sum())
