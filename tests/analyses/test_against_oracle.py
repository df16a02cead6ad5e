"""The five order analyses against plain pandas groupbys and DuckDB SQL on a simulated brand.

The fast paths (codes combined in place, pairs sorted in 32 bits, inventory sides summed
with weights) must give what the obvious computation gives. Rows are shuffled, so no
result leans on the simulator's date order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microcommerce.analyses import (
    active_sellers,
    channel_inventory,
    cohort_survival,
    entrants_exits,
    market_size,
)


@pytest.fixture(scope="module")
def orders(sim) -> pd.DataFrame:
    return sim.orders.sample(frac=1.0, random_state=3).reset_index(drop=True)


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.end_time.dt.normalize().astype("datetime64[us]")


def _activity(orders: pd.DataFrame, tier: bool) -> pd.DataFrame:
    """Distinct (period, [tier], agent) rows: sellers, and buyers that are agents."""
    sold = pd.DataFrame({"period": _month(orders["date"]), "agent": orders["seller_id"]})
    bought = pd.DataFrame({"period": _month(orders["date"]), "agent": orders["buyer_id"]})
    if tier:
        sold["tier"], bought["tier"] = orders["seller_tier"], orders["buyer_tier"]
    both = pd.concat([sold, bought[orders["buyer_id"].notna()]], ignore_index=True)
    return both.drop_duplicates()


def _compare(ours: pd.DataFrame, oracle: pd.DataFrame, keys: list[str]) -> None:
    ours = ours.set_index(keys).sort_index()
    oracle = oracle.set_index(keys).sort_index()
    ours = ours.loc[oracle.index]
    for column in oracle.columns:
        assert ours[column].to_numpy().tolist() == oracle[column].to_numpy().tolist(), column


def test_market_size_is_a_groupby(orders):
    ours = market_size(orders, freq="ME", by=("category", "seller_tier"))
    frame = orders.assign(
        period=_month(orders["date"]),
        fen=np.round(orders["amount"] * 100).astype("int64"),
        retail=orders["kind"] == "retail",
    )
    frame["through"] = frame["fen"].where(frame["retail"], 0)
    frame["retail_units"] = frame["quantity"].where(frame["retail"], 0)
    oracle = frame.groupby(["period", "category", "seller_tier"], observed=True).agg(
        through=("through", "sum"),
        orders=("fen", "size"),
        units=("quantity", "sum"),
        retail_units=("retail_units", "sum"),
        active_sellers=("seller_id", "nunique"),
    )
    oracle["sell_through"] = oracle.pop("through") / 100
    present = ours[ours["orders"] > 0]
    assert len(present) == len(oracle)
    _compare(present, oracle.reset_index(), ["period", "category", "seller_tier"])
    assert ours["active_sellers"].sum() == oracle["active_sellers"].sum()


def test_active_sellers_is_a_distinct_count(orders):
    ours = active_sellers(orders, freq="ME", by="seller_tier", min_orders=2)
    frame = orders.assign(period=_month(orders["date"]))
    per_seller = frame.groupby(["period", "seller_tier", "seller_id"], observed=True).size()
    oracle = (per_seller >= 2).groupby(level=["period", "seller_tier"]).sum()
    oracle = oracle[oracle > 0].rename("active_sellers").reset_index()
    _compare(ours[ours["active_sellers"] > 0], oracle, ["period", "seller_tier"])
    assert ours["active_sellers"].sum() == oracle["active_sellers"].sum()


def test_entrants_are_first_months_of_activity(orders):
    ours = entrants_exits(orders, freq="ME", by="seller_tier").rename(
        columns={"seller_tier": "tier"}
    )
    pairs = _activity(orders, tier=True)
    active = pairs.groupby(["period", "tier"]).size().rename("active")
    firsts = pairs.groupby(["tier", "agent"])["period"].min().reset_index()
    entrants = firsts.groupby(["period", "tier"]).size().rename("entrants")
    oracle = pd.concat([active, entrants], axis=1).fillna(0).astype("int64").reset_index()
    _compare(ours[ours["active"] > 0], oracle, ["period", "tier"])
    assert ours["entrants"].sum() == len(firsts)


def test_cohort_survival_counts_each_cohort_by_age(orders):
    ours = cohort_survival(orders, freq="ME")
    pairs = _activity(orders, tier=False)
    first = pairs.groupby("agent")["period"].min().rename("cohort")
    pairs = pairs.join(first, on="agent")
    pairs["age"] = (pairs["period"].dt.year - pairs["cohort"].dt.year) * 12 + (
        pairs["period"].dt.month - pairs["cohort"].dt.month
    )
    oracle = pairs.groupby(["cohort", "age"]).size().rename("active").reset_index()
    _compare(ours[ours["active"] > 0], oracle, ["cohort", "age"])


def test_channel_inventory_is_bought_minus_sold_so_far(orders):
    ours = channel_inventory(orders, freq="ME", by="seller_tier")
    period = _month(orders["date"])
    sells = orders["seller_tier"] != 0  # top agents' stock is unknown without shipments
    buys = orders["kind"] == "sell_in"
    flows = pd.concat(
        [
            pd.DataFrame(
                {"period": period[sells], "seller_tier": orders["seller_tier"][sells], "bought": 0}
            ).assign(sold=orders["quantity"][sells]),
            pd.DataFrame(
                {"period": period[buys], "seller_tier": orders["buyer_tier"][buys], "sold": 0}
            ).assign(bought=orders["quantity"][buys]),
        ]
    )
    oracle = flows.groupby(["seller_tier", "period"])[["bought", "sold"]].sum().reset_index()
    oracle["stock"] = (oracle["bought"] - oracle["sold"]).groupby(oracle["seller_tier"]).cumsum()
    oracle = oracle.astype({"bought": "int64", "sold": "int64", "stock": "int64"})
    _compare(ours, oracle, ["period", "seller_tier"])


def test_market_size_agrees_with_duckdb(orders):
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed (bench extra)")
    ours = market_size(orders, freq="ME", by=("category", "seller_tier"))
    sql = """
        select last_day(date)::timestamp as period, category, seller_tier,
               count(*) as orders, sum(quantity) as units,
               count(distinct seller_id) as active_sellers
        from orders group by all"""
    check = duckdb.query_df(orders, "orders", sql).df()
    check["period"] = check["period"].astype("datetime64[us]")
    check["category"] = check["category"].astype(orders["category"].dtype)
    check["seller_tier"] = check["seller_tier"].astype(orders["seller_tier"].dtype)
    check = check.astype({"orders": "int64", "units": "int64", "active_sellers": "int64"})
    _compare(ours[ours["orders"] > 0], check, ["period", "category", "seller_tier"])
