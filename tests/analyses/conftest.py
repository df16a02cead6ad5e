"""Fixtures of the analyses tests: the three orders of a box chain, typed as clean orders."""

from __future__ import annotations

import pandas as pd
import pytest


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
