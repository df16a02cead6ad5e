"""engine="duckdb": every order analysis gives exactly what the pandas engine gives.

Compared with ``pd.testing.assert_frame_equal`` (values, dtypes, index, column order,
period labels, ``attrs``) over every option the analyses take, on a simulated brand and
on orders made messy on purpose: several lines per order, statuses and refunds, missing
tiers, categories and buyers, object columns, empty inputs. Skipped where DuckDB is not
installed (the ``duckdb`` extra; the ``test`` extra includes it).
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.analyses import (
    active_sellers,
    channel_inventory,
    cohort_survival,
    entrants_exits,
    market_size,
)
from microcommerce.errors import OptionalDependencyError, ParameterError

pytest.importorskip("duckdb", reason="engine='duckdb' needs the duckdb extra")

FREQS = ("ME", "QS", "W", "YE-JUN")
WINDOWS = ({}, {"start": "2012-11-05", "until": "2017-02-01"})


def same(function, orders, **options) -> pd.DataFrame:
    """Run ``function`` on both engines and check that the results are identical."""
    ours = function(orders, **options)
    duck = function(orders, engine="duckdb", **options)
    pd.testing.assert_frame_equal(duck, ours, check_exact=True)
    assert duck.attrs == ours.attrs
    return ours


@pytest.fixture(scope="module")
def orders(sim) -> pd.DataFrame:
    return sim.orders.sample(frac=1.0, random_state=5).reset_index(drop=True)


@pytest.fixture(scope="module")
def messy(orders) -> pd.DataFrame:
    """Orders of several lines, with statuses, refunds and missing keys."""
    rng = np.random.default_rng(7)
    out = orders.head(6000).copy()
    n = len(out)
    line = rng.random(n) < 0.3  # a further line of the order above
    line[0] = False
    for column in ("order_id", "seller_id", "seller_tier", "category", "date"):
        out[column] = out[column].where(~line, out[column].shift(1))
    statuses = np.array(["paid", "completed", "cancelled", "refunded", "partially_refunded", None])
    out["status"] = pd.Series(rng.choice(statuses, n), dtype="str")
    out["refund"] = np.where(out["status"] == "partially_refunded", out["amount"] / 4, 0.0)
    out["seller_tier"] = out["seller_tier"].mask(rng.random(n) < 0.05)
    out["buyer_tier"] = out["buyer_tier"].mask(rng.random(n) < 0.05)
    out["category"] = out["category"].mask(rng.random(n) < 0.05)
    out["product"] = out["product"].mask(rng.random(n) < 0.05)
    return out


@pytest.mark.parametrize(
    ("freq", "by", "window"),
    list(
        itertools.product(FREQS, [(), "category", ("category", "seller_tier"), "product"], WINDOWS)
    ),
)
def test_market_size(orders, freq, by, window):
    same(market_size, orders, freq=freq, by=by, **window)


@pytest.mark.parametrize(
    ("by", "min_orders", "role"),
    list(
        itertools.product(
            [(), "seller_tier", ("category", "seller_tier")], [1, 3], ["seller", "any"]
        )
    ),
)
def test_active_sellers(orders, by, min_orders, role):
    for freq, window in zip(FREQS, [*WINDOWS, *WINDOWS], strict=True):
        same(active_sellers, orders, freq=freq, by=by, min_orders=min_orders, role=role, **window)


@pytest.mark.parametrize(
    ("by", "role", "churn_after"),
    list(
        itertools.product(
            [(), "seller_tier", ("category", "seller_tier")], ["any", "seller"], [1, 3]
        )
    ),
)
def test_entrants_exits(orders, by, role, churn_after):
    for freq, window in zip(FREQS, [*WINDOWS, *WINDOWS], strict=True):
        same(entrants_exits, orders, freq=freq, by=by, role=role, churn_after=churn_after, **window)


@pytest.mark.parametrize(
    ("by", "role"),
    list(itertools.product([(), "seller_tier", ("category", "platform")], ["any", "seller"])),
)
def test_cohort_survival(orders, by, role):
    for freq, window in zip(FREQS, [*WINDOWS, *WINDOWS], strict=True):
        same(cohort_survival, orders, freq=freq, by=by, role=role, **window)


@pytest.mark.parametrize(
    ("by", "shipped"),
    [
        *itertools.product(
            [(), "seller_tier", ("category", "seller_tier"), "seller_id"], [False, True]
        ),
        ("category", False),
        ("product", False),  # shipments have no product (nor platform): orders alone
    ],
)
def test_channel_inventory(sim, orders, by, shipped):
    shipments = sim.shipments if shipped else None
    for freq, window in zip(FREQS, [*WINDOWS, *WINDOWS], strict=True):
        same(channel_inventory, orders, freq=freq, by=by, shipments=shipments, **window)


@pytest.mark.parametrize("status", ["sold", "all"])
@pytest.mark.parametrize("by", [(), ("category", "seller_tier"), "product"])
def test_messy_orders_with_statuses_lines_and_missing_keys(messy, status, by):
    """Orders counted once over their lines, refunds netted, missing keys a group of their own."""
    out = same(market_size, messy, by=by, status=status)
    assert out["orders"].sum() < len(messy)  # several lines make one order
    same(channel_inventory, messy, by=[b for b in ("category", "seller_tier") if b in by])
    if status == "sold":  # the activity analyses read every order given
        tiers = "seller_tier" if by else ()
        same(active_sellers, messy, by=tiers, status=status, min_orders=2, role="any")
        same(entrants_exits, messy, by=tiers)
        same(cohort_survival, messy, by=tiers)


def test_object_and_text_columns(orders):
    """Keys held as object or plain text (not categories) come back in their own dtype."""
    plain = orders.head(5000).astype({"category": "str", "seller_id": object, "buyer_id": object})
    plain["product"] = plain["product"].astype(object)
    same(market_size, plain, by=("category", "product"))
    same(active_sellers, plain, by="category", role="any")
    same(cohort_survival, plain, by="category")
    same(channel_inventory, plain, by=("category", "seller_id"))


@pytest.mark.parametrize(
    "function", [market_size, active_sellers, entrants_exits, cohort_survival, channel_inventory]
)
def test_empty_orders(orders, function):
    """No orders: the same (empty or zero) table, or the same error where pandas gives one."""
    for window in WINDOWS:
        try:
            expected = function(orders.head(0), by="seller_tier", **window)
        except Exception as exc:  # entrants_exits has no first period to flag
            with pytest.raises(type(exc)):
                function(orders.head(0), by="seller_tier", engine="duckdb", **window)
            continue
        duck = function(orders.head(0), by="seller_tier", engine="duckdb", **window)
        pd.testing.assert_frame_equal(duck, expected, check_exact=True)


def test_a_hand_worked_example():
    """Two sellers, three months: the numbers a reader can check on paper."""
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2014-01-05", "2014-01-20", "2014-03-02", "2014-03-09"]),
            "order_id": ["o1", "o2", "o3", "o3"],
            "seller_id": ["a", "a", "b", "b"],
            "buyer_id": [None, "b", None, None],
            "seller_tier": pd.array([0, 0, 1, 1], dtype="Int8"),
            "buyer_tier": pd.array([None, 1, None, None], dtype="Int8"),
            "kind": ["retail", "sell_in", "retail", "retail"],
            "category": ["mask"] * 4,
            "quantity": [1, 10, 2, 1],
            "amount": [138.0, 380.0, 276.0, 138.0],
        }
    )
    market = same(market_size, orders)
    assert market["turnover"].tolist() == [518.0, 0.0, 414.0]
    assert market["orders"].tolist() == [2, 0, 1]  # o3's two lines are one order
    assert market["active_sellers"].tolist() == [1, 0, 1]
    assert same(active_sellers, orders, role="any")["active_sellers"].tolist() == [2, 0, 1]
    assert same(channel_inventory, orders)["stock"].tolist() == [10, 10, 7]
    ages = same(cohort_survival, orders)
    assert ages["active"].tolist() == [2, 0, 1]  # b bought in January, sold in March


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 400),  # day
            st.sampled_from(["a", "b", "c", "d"]),  # seller
            st.sampled_from(["a", "b", "c", "d", None]),  # buyer
            st.sampled_from([0, 1, 2, None]),  # tier
            st.sampled_from(["retail", "sell_in"]),
            st.sampled_from(["mask", "tea", None]),
            st.integers(1, 9),
            st.integers(0, 99_999),  # fen
        ),
        min_size=1,  # no orders: see test_empty_orders
        max_size=40,
    ),
    freq=st.sampled_from(FREQS),
)
def test_any_orders(rows, freq):
    day, seller, buyer, tier, kind, category, qty, fen = (
        zip(*rows, strict=True) if rows else [()] * 8
    )
    orders = pd.DataFrame(
        {
            "date": pd.Timestamp("2014-01-01") + pd.to_timedelta(list(day), unit="D"),
            "seller_id": pd.Series(seller, dtype="str"),
            "buyer_id": pd.Series(buyer, dtype="str"),
            "seller_tier": pd.array(tier, dtype="Int8"),
            "buyer_tier": pd.array(tier[::-1], dtype="Int8"),
            "kind": pd.Series(kind, dtype="str"),
            "category": pd.Series(category, dtype="category"),
            "quantity": np.asarray(qty, dtype=np.int64),
            "amount": np.asarray(fen, dtype=np.int64) / 100,
        }
    )
    for by in ((), "seller_tier", ("category", "seller_tier")):
        same(market_size, orders, freq=freq, by=by)
        same(active_sellers, orders, freq=freq, by=by, role="any", min_orders=2)
        same(entrants_exits, orders, freq=freq, by=by, churn_after=2)
        same(cohort_survival, orders, freq=freq, by=by)
        same(channel_inventory, orders, freq=freq, by=by)


def test_another_engine_is_refused(orders):
    with pytest.raises(ParameterError, match="engine='polars'; expected one of 'pandas', 'duckdb'"):
        market_size(orders, engine="polars")


def test_without_duckdb_the_error_names_the_extra(orders, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    with pytest.raises(OptionalDependencyError, match=r"microcommerce\[duckdb\]") as err:
        active_sellers(orders, engine="duckdb")
    assert isinstance(err.value, ImportError)
    assert active_sellers(orders)["active_sellers"].sum() > 0  # pandas needs no DuckDB


def test_importing_the_package_does_not_load_duckdb():
    code = "import sys, microcommerce; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_dask_frame_is_refused(orders):
    dd = pytest.importorskip("dask.dataframe")
    with pytest.raises(ParameterError, match="pandas frame"):
        market_size(dd.from_pandas(orders.head(100), npartitions=2), engine="duckdb")


def test_orders_numbered_in_order_count_once_per_line_group(orders):
    """Ascending order ids, none repeated: one order a row; a repeat falls back to hashing."""
    ordered = orders.sort_values("order_id", ignore_index=True)
    counted = same(market_size, ordered, by="category")
    assert counted["orders"].sum() == len(ordered)
    repeated = ordered.assign(order_id=ordered["order_id"].where(ordered.index % 2 == 0).ffill())
    repeated["seller_id"] = repeated["seller_id"].where(repeated.index % 2 == 0).ffill()
    halved = same(market_size, repeated)
    assert halved["orders"].sum() == (len(ordered) + 1) // 2
