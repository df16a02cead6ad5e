"""Dask paths: every analysis on a Dask frame over partitioned Parquet equals pandas exactly.

A real ``distributed.LocalCluster`` (2 worker processes, as the issue asks) is started
once for the module; the simulated data is small, written in several parts.

Imports the analyses layer's private ``analyses._group_arithmetic`` to test its machinery.
"""

from __future__ import annotations

import itertools
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
    months_of_supply,
)
from microcommerce.analyses._group_arithmetic import combine_totals, totals
from microcommerce.cleaning import clean_orders, clean_to_dataset
from microcommerce.cli.folders import analyse_folder
from microcommerce.core import dask_client, import_dask, is_dask
from microcommerce.io import read_dataset, read_table, write_dataset
from microcommerce.simulation import (
    PyramidParams,
    simulate_pyramid,
    simulate_to_dataset,
    write_messy_export,
)

pytest.importorskip("distributed")

PARAMS = PyramidParams(potential_agents=4000, months=36)


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def sim():
    return simulate_pyramid(PARAMS, seed=11)


@pytest.fixture(scope="module")
def stored(sim, tmp_path_factory):
    """The same run written in parts by simulate_to_dataset (about 8 chunks, by year)."""
    folder = tmp_path_factory.mktemp("sim")
    simulate_to_dataset(PARAMS, folder, seed=11, chunk_rows=len(sim.orders) // 8)
    return folder


@pytest.fixture(scope="module")
def shipments(sim, tmp_path_factory):
    """The run's shipments as a dataset of their own (a result is not added to once written)."""
    folder = tmp_path_factory.mktemp("shipments") / "shipments"
    write_dataset(sim.shipments, folder)
    return folder


@pytest.fixture(scope="module")
def dorders(stored, client):
    return read_dataset(stored / "orders", engine="dask")


def test_simulate_to_dataset_gives_the_in_memory_tables(sim, stored):
    pd.testing.assert_frame_equal(read_dataset(stored / "orders"), sim.orders)
    pd.testing.assert_frame_equal(read_dataset(stored / "inventory"), sim.inventory)
    for name in ("sellers", "shipments", "truth", "stock_by_tier"):
        pd.testing.assert_frame_equal(
            pd.read_parquet(stored / f"{name}.parquet"), getattr(sim, name)
        )


def test_simulate_to_dataset_on_dask_workers_writes_the_same(sim, client, tmp_path):
    simulate_to_dataset(PARAMS, tmp_path, seed=11, chunk_rows=len(sim.orders) // 5, engine="dask")
    pd.testing.assert_frame_equal(read_dataset(tmp_path / "orders"), sim.orders)
    pd.testing.assert_frame_equal(read_dataset(tmp_path / "inventory"), sim.inventory)


def test_the_dask_frame_has_several_partitions_and_the_schema_dtypes(sim, dorders):
    assert is_dask(dorders) and dorders.npartitions >= 8
    assert dict(dorders.dtypes) == dict(sim.orders.dtypes)


@pytest.mark.parametrize("freq", ["ME", "QE"])
@pytest.mark.parametrize("by", [(), ("category", "seller_tier"), ("platform",)])
def test_market_size_on_dask_equals_pandas(sim, dorders, freq, by):
    expected = market_size(sim.orders, freq=freq, by=by)
    pd.testing.assert_frame_equal(
        market_size(dorders, freq=freq, by=by), expected, check_exact=True
    )


@pytest.mark.parametrize("role", ["seller", "any"])
@pytest.mark.parametrize("min_orders", [1, 3])
def test_active_sellers_on_dask_equals_pandas(sim, dorders, role, min_orders):
    kw = {"role": role, "min_orders": min_orders, "by": ("seller_tier",), "until": "2016-03-31"}
    pd.testing.assert_frame_equal(active_sellers(dorders, **kw), active_sellers(sim.orders, **kw))


@pytest.mark.parametrize("role", ["seller", "any"])
def test_entrants_exits_and_cohorts_on_dask_equal_pandas(sim, dorders, role):
    pd.testing.assert_frame_equal(
        entrants_exits(dorders, role=role, churn_after=2),
        entrants_exits(sim.orders, role=role, churn_after=2),
    )
    pd.testing.assert_frame_equal(
        cohort_survival(dorders, role=role), cohort_survival(sim.orders, role=role)
    )


def test_channel_inventory_and_months_of_supply_on_dask_equal_pandas(sim, shipments, dorders):
    ship = read_dataset(shipments, engine="dask")
    for kw in ({"by": ("seller_tier",)}, {"by": ("seller_id",)}, {"by": ()}):
        pd.testing.assert_frame_equal(
            channel_inventory(dorders, **kw), channel_inventory(sim.orders, **kw)
        )
    stock = channel_inventory(dorders, shipments=ship, by=("seller_tier",))
    pd.testing.assert_frame_equal(
        stock, channel_inventory(sim.orders, shipments=sim.shipments, by=("seller_tier",))
    )
    # ground truth: the channel holds what the simulator says, month by month
    whole = stock.groupby("period")["stock"].sum().to_numpy()
    assert (whole == sim.truth["channel_units"].to_numpy()[-len(whole) :]).all()
    sales = market_size(sim.orders, by=("seller_tier",))
    lazy_stock = pd.DataFrame(stock)
    import dask.dataframe as dd

    got = months_of_supply(dd.from_pandas(lazy_stock, npartitions=3), sales)
    pd.testing.assert_frame_equal(got, months_of_supply(stock, sales))


def test_partition_order_cannot_change_a_cent(sim, dorders, client):
    """Reversed partitions, and rows shuffled inside each: the same result to the cent."""
    import dask.dataframe as dd

    shuffled = dd.from_delayed(
        [d for d in reversed(dorders.to_delayed())], meta=dorders._meta, verify_meta=False
    ).map_partitions(lambda df: df.sample(frac=1.0, random_state=1), meta=dorders._meta)
    by = ("category", "seller_tier")
    pd.testing.assert_frame_equal(
        market_size(shuffled, by=by), market_size(sim.orders, by=by), check_exact=True
    )


def test_analyse_folder_equals_the_functions(sim, stored, client):
    market = analyse_folder("market", stored, engine="dask")["market_size"]
    pd.testing.assert_frame_equal(market, market_size(sim.orders, by=("category", "seller_tier")))
    inv = analyse_folder("inventory", stored, engine="pandas")["channel_inventory"]
    pd.testing.assert_frame_equal(
        inv, channel_inventory(sim.orders, shipments=sim.shipments, by=("seller_tier",))
    )


# ---------------------------------------------------------------------------
# partial aggregates: combining parts = aggregating the whole
# ---------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from("abcde"), st.integers(-50, 50)),
        min_size=1,
        max_size=40,
    ),
    st.lists(st.integers(1, 40), max_size=4),
)
def test_combined_partials_equal_the_partial_of_all_rows(rows, cuts):
    df = pd.DataFrame(rows, columns=["group", "member", "value"])
    bounds = sorted({0, len(df), *(c for c in cuts if c < len(df))})
    parts = [df.iloc[a:b] for a, b in itertools.pairwise(bounds)]

    def partial(frame):
        return totals(
            frame[["group"]].reset_index(drop=True),
            {"rows": None, "value": frame["value"].to_numpy()},
            members=frame["member"].reset_index(drop=True),
        )

    whole, combined = partial(df), combine_totals([partial(p) for p in parts])
    pd.testing.assert_frame_equal(combined.groups, whole.groups)
    for rows_needed in (1, 2):
        assert combined.distinct(rows_needed).tolist() == whole.distinct(rows_needed).tolist()
    expected = df.groupby("group")["member"].nunique().to_numpy()
    assert combined.distinct().tolist() == expected.tolist()


def test_without_dask_the_dask_paths_say_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError, match=r"microcommerce\[dask\]"):
        import_dask()


# ---------------------------------------------------------------------------
# cleaning part by part
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export_parts(tmp_path_factory):
    """One messy export split into 4 files, each repeating the last 40 rows of the one
    before (overlapping downloads), plus one order id reused with another amount."""
    small = simulate_pyramid(PyramidParams(potential_agents=1000, months=24), seed=3)
    folder = tmp_path_factory.mktemp("exports")
    write_messy_export(small, folder, seed=3)
    raw = read_table(folder / "订单导出.csv")
    pieces = np.array_split(np.arange(len(raw)), 4)
    parts = folder / "parts"
    parts.mkdir()
    for i, idx in enumerate(pieces):
        if i:
            idx = np.concatenate([pieces[i - 1][-40:], idx])
        part = raw.iloc[idx].copy()
        if i == 3:  # a different order under an id already used in the first file
            reused = raw.iloc[[pieces[0][5]]].copy()
            reused.iloc[0, reused.columns.get_loc("商品名称")] = "另一款面膜"
            part = pd.concat([part, reused])
        part.to_csv(parts / f"part{i}.csv", index=False)
    return raw, parts


@pytest.mark.parametrize("engine", ["pandas", "dask"])
def test_clean_to_dataset_keeps_every_row_accounted_for(export_parts, tmp_path, engine, client):
    raw, parts = export_parts
    report = clean_to_dataset(parts, tmp_path, engine=engine)
    got = read_dataset(tmp_path / "clean")
    whole = clean_orders(raw)
    # the overlap and the repeats split across files are duplicates, as in the whole file
    pd.testing.assert_frame_equal(got, whole.clean)
    assert report["rows_in"] == len(raw) + 3 * 40 + 1
    assert report["rows_in"] == (
        report["rows_clean"]
        + report["rows_rejected"]
        + report["duplicates_removed"]
        + report["duplicates_across_parts"]
    )
    for part in report["per_part"]:
        assert part["rows_in"] == (
            part["rows_clean"]
            + part["rows_rejected"]
            + part["duplicates_removed"]
            + part["duplicates_across_parts"]
        )
    assert report["duplicates_across_parts"] >= 3 * 40
    assert (
        report["rejected_by_reason"][
            "fails check: key repeats a row of an earlier part, with other values"
        ]
        == 1
    )
    rejected = pd.concat([pd.read_csv(p) for p in sorted((tmp_path / "rejected").glob("*.csv"))])
    assert len(rejected) == report["rows_rejected"]
    assert set(rejected["part"]) <= {str(p) for p in sorted(parts.glob("*.csv"))}


def test_clean_to_dataset_takes_a_dask_frame_of_raw_text(export_parts, tmp_path, client):
    import dask.dataframe as dd

    raw, _ = export_parts
    report = clean_to_dataset(dd.from_pandas(raw, npartitions=3), tmp_path)
    pd.testing.assert_frame_equal(read_dataset(tmp_path / "clean"), clean_orders(raw).clean)
    assert report["parts"] == 3
    assert report["rows_in"] == len(raw)
