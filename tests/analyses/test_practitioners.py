"""Practitioner counts: hand-worked definitions, censoring, and the simulator's truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microcommerce.analyses import (
    active_sellers,
    agents_on_books,
    cohort_survival,
    entrants_exits,
    published_counts,
    tier_pyramid,
)
from microcommerce.simulation import PyramidParams, simulate_pyramid

T = pd.Timestamp


def hand_orders() -> pd.DataFrame:
    """Activity by month (s = sold, b = bought from the upline):

    Jan: a s, b b;  Feb: a s ×2, b s;  Mar: –;  Apr: c b, a s;  May: c s.
    """
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    "2014-01-03",
                    "2014-02-01",
                    "2014-02-11",
                    "2014-02-20",
                    "2014-04-02",
                    "2014-04-05",
                    "2014-05-30",
                ]
            ),
            "seller_id": ["a", "a", "a", "b", "a", "a", "c"],
            "buyer_id": ["b", None, None, None, "c", None, None],
            "seller_tier": pd.array([1, 1, 1, 2, 1, 1, 2], dtype="Int8"),
            "buyer_tier": pd.array([2, None, None, None, 2, None, None], dtype="Int8"),
        }
    )


def test_active_sellers_by_definition():
    sellers = active_sellers(hand_orders())
    ends = ["2014-01-31", "2014-02-28", "2014-03-31", "2014-04-30", "2014-05-31"]
    assert sellers["period"].tolist() == [T(e) for e in ends]
    assert sellers["active_sellers"].tolist() == [1, 2, 0, 1, 1]
    assert active_sellers(hand_orders(), role="any")["active_sellers"].tolist() == [2, 2, 0, 2, 1]
    assert active_sellers(hand_orders(), min_orders=2)["active_sellers"].tolist() == [0, 1, 0, 1, 0]
    by_tier = active_sellers(hand_orders(), role="any", by=("seller_tier",))
    jan = by_tier[by_tier["period"] == T("2014-01-31")].set_index("seller_tier")
    assert jan["active_sellers"].to_dict() == {1: 1, 2: 1}  # b counted in its own tier
    with pytest.raises(ValueError, match="role"):
        active_sellers(hand_orders(), role="buyer")


def test_entrants_exits_with_censoring():
    out = entrants_exits(hand_orders(), churn_after=2).set_index("period")
    assert out["active"].tolist() == [2, 2, 0, 2, 1]
    assert out["entrants"].tolist() == [2, 0, 0, 1, 0]  # a, b in Jan (left-censored); c in Apr
    # b last seen in Feb, then 2 quiet months seen → an exit in Feb; a last seen in Apr and
    # c in May: fewer than 2 months observed after → undetermined, not exits
    assert out["exits"].tolist() == [0, 1, 0, 0, 0]
    assert out["undetermined"].tolist() == [0, 0, 0, 1, 1]
    assert out["left_censored"].tolist() == [True, False, False, False, False]
    total = out["entrants"].sum()
    assert total == out["exits"].sum() + out["undetermined"].sum()  # every agent accounted for


def test_cohort_survival_exact():
    out = cohort_survival(hand_orders()).set_index(["cohort", "age"])
    jan = out.loc[T("2014-01-31")]
    assert jan["cohort_size"].iloc[0] == 2
    assert jan["active"].tolist() == [2, 2, 0, 1, 0]  # a and b; both; none; a; none
    assert jan["share"].tolist() == [1.0, 1.0, 0.0, 0.5, 0.0]
    apr = out.loc[T("2014-04-30")]
    assert apr["active"].tolist() == [1, 1]


def test_against_the_simulators_truth(sim):
    truth = sim.truth.set_index("period")
    selling = active_sellers(sim.orders).set_index("period")["active_sellers"]
    trading = active_sellers(sim.orders, role="any").set_index("period")["active_sellers"]
    expected_selling = truth["selling_agents"]
    assert (selling.reindex(truth.index, fill_value=0) == expected_selling).all()
    assert (trading.reindex(truth.index, fill_value=0) == truth["trading_agents"]).all()
    books = agents_on_books(sim.sellers).set_index("period")
    assert (books["agents"] == truth["active_agents"]).all()
    assert (books["joined"] == truth["joined"]).all()
    assert (books["left"] == truth["left"]).all()
    # definitions differ by design: selling agents never exceed agents on the books
    assert (expected_selling <= truth["active_agents"]).all()


def test_tier_pyramid_at_a_date(sim):
    at = T("2015-01-31")
    pyramid = tier_pyramid(sim.sellers, at=at)
    assert pyramid["agents"].sum() == sim.truth.set_index("period").loc[at, "active_agents"]
    assert pyramid["share"].sum() == pytest.approx(1.0)
    everyone = tier_pyramid(sim.sellers)
    assert everyone["agents"].sum() == len(sim.sellers)
    assert everyone["tier"].tolist() == list(range(10))


def test_cohorts_on_the_simulation_are_consistent(sim):
    out = cohort_survival(sim.orders)
    first = out[out["age"] == 0]
    assert (first["share"] == 1.0).all()
    entrants = entrants_exits(sim.orders).set_index("period")["entrants"]
    sizes = first.set_index("cohort")["cohort_size"]
    assert (sizes == entrants[sizes.index]).all()
    assert out["share"].between(0, 1).all()


def test_published_counts_show_definitions():
    counts = published_counts()
    assert {
        "isc_weishang_practitioners_2015",
        "iimedia_weishang_merchants_2014",
        "caict_wechat_jobs_2014",
    } <= set(counts["fact_id"])
    stores = counts.set_index("fact_id").loc["iimedia_weishang_merchants_2014"]
    assert stores["unit"] == "stores" and "not people" in stores["definition"]
    assert counts["definition"].str.len().gt(10).all()
    assert np.all(counts["value"] > 0)


def test_review_findings_missing_values_and_calendar_end():
    bad = hand_orders()
    bad.loc[1, "seller_id"] = None
    with pytest.raises(ValueError, match=r"seller_id is missing in rows \[1\]"):
        active_sellers(bad)
    bad = hand_orders()
    bad.loc[0, "date"] = pd.NaT
    for count in (active_sellers, entrants_exits, cohort_survival):
        with pytest.raises(ValueError, match="date is missing"):
            count(bad)
    # quiet months at the end of the window still count as observed
    later = entrants_exits(hand_orders(), churn_after=2, until="2014-07-31").set_index("period")
    assert later["exits"].tolist() == [0, 1, 0, 1, 1, 0, 0]  # a (Apr) and c (May) now known
    assert later["undetermined"].sum() == 0
    lone = simulate_pyramid(PyramidParams(potential_agents=3_000, max_tier=0), seed=6)
    books = agents_on_books(lone.sellers, until=lone.truth["period"].max())
    assert books["agents"].tolist() == lone.truth["active_agents"].tolist()
