"""Fixtures shared by the test files: one simulated brand, built once per session, and the
three hand-made orders of a box chain (``box_chain``) the analyses tests read."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import settings

from microcommerce.simulation import PyramidParams, Simulation, simulate_pyramid

# Property tests check results, not speed: a busy machine must not fail them on time.
# (Tests that bound time, such as the fuzz tests, set their own deadline.)
settings.register_profile("microcommerce", deadline=None)
settings.load_profile("microcommerce")

#: The small brand most tests use: 3,000 potential agents over the default calendar.
SMALL_BRAND = PyramidParams(potential_agents=3_000)


@pytest.fixture(scope="session")
def sim() -> Simulation:
    """The small simulated brand (seed 11); its tables must not be changed in place."""
    return simulate_pyramid(SMALL_BRAND, seed=11)


@pytest.fixture
def box_chain() -> pd.DataFrame:
    """March: top → l1 (10 boxes) and l1 → a customer (4); May: l1 → a customer (2).

    April is quiet; turnover 380 + 552 + 276 = 1208 yuan.
    """
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2014-03-01", "2014-03-09", "2014-05-02"]).astype(
                "datetime64[us]"
            ),
            "seller_id": ["top", "l1", "l1"],
            "buyer_id": ["l1", None, None],
            "seller_tier": pd.array([0, 1, 1], dtype="Int8"),
            "buyer_tier": pd.array([1, None, None], dtype="Int8"),
            "kind": ["sell_in", "retail", "retail"],
            "category": ["mask", "mask", "mask"],
            "quantity": pd.array([10, 4, 2], dtype="Int64"),
            "amount": [380.0, 552.0, 276.0],
        }
    )
