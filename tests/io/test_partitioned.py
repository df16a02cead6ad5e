"""Partitioned Parquet datasets: round trips, appends, overwrites, and clear errors.

Imports the io layer's private ``io._staging`` to test its machinery.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from microcommerce import cli
from microcommerce.errors import FileNotFoundInputError, InputError, ResultError
from microcommerce.io import MANIFEST, dataset_files, read_dataset, write_dataset
from microcommerce.io._staging import MANIFEST as RESULT_MANIFEST
from microcommerce.simulation import PyramidParams, simulate_pyramid


@pytest.fixture(scope="module")
def orders():
    return simulate_pyramid(PyramidParams(potential_agents=600, months=30), seed=2).orders


def test_round_trip_keeps_rows_order_and_dtypes(orders, tmp_path):
    files = write_dataset(orders, tmp_path)
    years = sorted({p.parent.name for p in files})
    assert years == [f"year={y}" for y in sorted(orders["date"].dt.year.unique())]
    back = read_dataset(tmp_path)
    pd.testing.assert_frame_equal(back, orders)
    # a file holds only some categories; the manifest's dtype comes back anyway
    one = pd.read_parquet(files[0])
    platform = read_dataset(tmp_path, columns=["platform"])["platform"]
    assert platform.dtype == orders["platform"].dtype
    assert len(one) < len(orders)


def test_chunks_appended_read_back_in_part_order(orders, tmp_path):
    chunks = [orders.iloc[i : i + 3000] for i in range(0, len(orders), 3000)]
    for chunk in chunks:
        write_dataset(chunk, tmp_path, mode="append")
    assert len({p.name for p in dataset_files(tmp_path)}) == len(chunks)
    pd.testing.assert_frame_equal(read_dataset(tmp_path), orders)


def test_overwrite_replaces_every_earlier_file(orders, tmp_path):
    write_dataset(orders, tmp_path)
    late = orders[orders["date"] >= "2014-06-01"].reset_index(drop=True)
    write_dataset(late, tmp_path)
    pd.testing.assert_frame_equal(read_dataset(tmp_path), late)
    assert not list(tmp_path.glob("year=2013"))  # emptied partitions are removed
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


def test_refusals_name_the_problem(orders, tmp_path):
    write_dataset(orders, tmp_path)
    with pytest.raises(ValueError, match="already holds a dataset"):
        write_dataset(orders, tmp_path, mode="error")
    with pytest.raises(ValueError, match="cannot append"):
        write_dataset(orders.astype({"seller_tier": "float64"}), tmp_path, mode="append")
    with pytest.raises(ValueError, match="no partition column"):
        write_dataset(orders, tmp_path, ("region",))
    with pytest.raises(ValueError, match="needs a 'year' column"):
        write_dataset(pd.DataFrame({"a": [1]}), tmp_path / "x")
    with pytest.raises(InputError, match=r"no column \['nope'\]"):
        read_dataset(tmp_path, columns=["nope"])
    with pytest.raises(FileNotFoundInputError, match="no Parquet dataset"):
        read_dataset(tmp_path / "missing")


def test_a_corrupt_part_is_named(orders, tmp_path):
    files = write_dataset(orders, tmp_path)
    files[1].write_bytes(b"PAR1 this is not parquet")
    name = files[1].relative_to(tmp_path).as_posix()
    with pytest.raises(ResultError, match=rf"{name} has 24 bytes, not [0-9,]+\. It was changed"):
        read_dataset(tmp_path)
    with pytest.raises(InputError, match="not a readable Parquet file") as info:
        read_dataset(tmp_path, verify=False)  # read as it is: the damaged file is named
    assert info.value.path == str(files[1])


def test_a_folder_without_manifest_reads_with_the_files_dtypes(orders, tmp_path):
    write_dataset(orders, tmp_path, ())
    (tmp_path / MANIFEST).unlink()  # the dtypes
    (tmp_path / RESULT_MANIFEST).unlink()  # the files: a folder another tool wrote
    with pytest.raises(ResultError, match=r"no _manifest\.json: not a complete result"):
        read_dataset(tmp_path)
    back = read_dataset(tmp_path, verify=False)
    assert len(back) == len(orders) and list(back.columns) == list(orders.columns)


def test_manifest_records_derived_year(orders, tmp_path):
    write_dataset(orders, tmp_path)
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["derived"] == ["year"] and "year" not in manifest["columns"]
    assert manifest["columns"]["kind"] == {"categories": ["sell_in", "retail"], "ordered": False}


def test_cli_simulate_dataset_then_analyse(tmp_path, capsys):
    sim_dir, out = tmp_path / "sim", tmp_path / "out"
    assert (
        cli.main(
            [
                "simulate",
                "--agents",
                "500",
                "--months",
                "18",
                "--seed",
                "4",
                "--dataset",
                "--chunk-rows",
                "3000",
                "-q",
                "-o",
                str(sim_dir),
            ]
        )
        == 0
    )
    assert cli.main(["analyse", "market", str(sim_dir), "-o", str(out), "--engine", "pandas"]) == 0
    table = pd.read_csv(out / "market_size.csv")
    sim = simulate_pyramid(PyramidParams(potential_agents=500, months=18), seed=4)
    assert round(table["sell_through"].sum(), 2) == round(
        sim.orders.loc[sim.orders["kind"] == "retail", "amount"].sum(), 2
    )
    assert (
        cli.main(
            ["analyse", "market", str(tmp_path / "nothing"), "-o", str(out), "--engine", "pandas"]
        )
        == 1
    )
    assert "no Parquet dataset" in capsys.readouterr().err
