"""The accessor steps that close an inventory chain: months of supply, years to clear, readable."""

from __future__ import annotations

import pandas as pd
import pytest

import microcommerce  # noqa: F401  registers .mc
from microcommerce.analyses import months_of_supply, years_to_clear
from microcommerce.errors import InputError


def _inventory() -> pd.DataFrame:
    periods = pd.to_datetime(["2015-01-31", "2015-01-31", "2015-02-28", "2015-02-28"])
    return pd.DataFrame(
        {"period": periods, "seller_tier": [1, 2, 1, 2], "stock": [600, 600, 500, 700]}
    )


def test_months_of_supply_step_is_the_function():
    sales = pd.Series([100.0, 60.0], index=pd.to_datetime(["2015-01-31", "2015-02-28"]))
    inv = _inventory()
    got = inv.mc.months_of_supply(sales, window=1)
    pd.testing.assert_frame_equal(got, months_of_supply(inv, sales, window=1))
    assert got["months_of_supply"].tolist() == [12.0, 20.0]  # 1200/100, 1200/60


def test_years_to_clear_reads_the_last_period():
    supply = pd.DataFrame(
        {
            "period": pd.to_datetime(["2015-01-31", "2015-02-28", "2015-02-28"]),
            "stock": [5000, 700, 500],  # the last period holds 1,200 units
            "retail_units_per_month": [10.0, 60.0, 40.0],  # and sells 100 a month
        }
    )
    got = supply.mc.years_to_clear(scenarios={"flat": 0.0, "halving": -0.5})
    pd.testing.assert_frame_equal(
        got, years_to_clear(1200.0, 100.0, {"flat": 0.0, "halving": -0.5})
    )
    assert got.loc[got["scenario"] == "flat", "years_to_clear"].item() == pytest.approx(1.0)
    given = supply.mc.years_to_clear(200.0, {"flat": 0.0})
    assert given["years_to_clear"].item() == pytest.approx(0.5)


def test_years_to_clear_says_what_is_missing():
    with pytest.raises(InputError, match=r"no column retail_units_per_month.*months_of_supply"):
        _inventory().mc.years_to_clear()


def test_a_chain_reaches_readable():
    table = pd.DataFrame({"year": [2015], "value": [1.8195e11], "orders": [18368.0]})
    styled = table.mc.readable(money={"value": "亿元"}, counts=["orders"])
    assert styled.to_string(delimiter="|").splitlines() == [
        "year|value (亿元)|orders",
        "2015|1,819.50|18,368",
    ]
