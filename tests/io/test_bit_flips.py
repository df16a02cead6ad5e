"""A bit flipped on disk in a Parquet file we wrote is an error naming the file, never
different figures: every page carries a CRC checksum and every read verifies it.

Before, 28 of 60 same-size flips in a dataset part read back as wrong data with no error
unless ``checksums=True`` re-hashed every file.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from microcommerce.errors import InputError
from microcommerce.io import read_dataset, read_parquet, read_table, write_dataset, write_table
from microcommerce.simulation import (
    PyramidParams,
    read_simulation,
    simulate_pyramid,
    write_simulation,
)

FLIPS = 60


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "order_id": [f"WS{i:08d}" for i in range(400)],
            "seller_id": pd.Series([f"S{i % 23}" for i in range(400)], dtype="str"),
            "amount": rng.integers(1, 50_000, 400) / 100,
            "quantity": rng.integers(1, 9, 400),
        }
    )


def _flip(path, rng: random.Random) -> bytes:
    """Flip one bit of ``path`` in place (same size); return the original bytes."""
    data = path.read_bytes()
    bad = bytearray(data)
    k = rng.randrange(len(bad))
    bad[k] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(bad))
    return data


def _flipped_reads(
    path, seed: int, flips: int, read, want: pd.DataFrame, named: str | None = None
) -> int:
    """Flip a bit of ``path`` ``flips`` times (restoring it after each) and ``read`` it each time:
    an :class:`InputError` (naming ``named``) or ``want`` itself. The number of errors."""
    rng, refused = random.Random(seed), 0
    for _ in range(flips):
        original = _flip(path, rng)
        try:
            got = read()
        except InputError as exc:
            assert named is None or named in str(exc)
            refused += 1
        else:
            pd.testing.assert_frame_equal(got, want)
        path.write_bytes(original)
    return refused


@pytest.mark.parametrize("reader", ["read_table", "read_parquet"])
def test_a_flipped_bit_in_a_parquet_file_is_an_error_or_changes_nothing(tmp_path, reader):
    table = _table()
    path = write_table(table, tmp_path / "orders.parquet")
    read = {"read_table": read_table, "read_parquet": read_parquet}[reader]
    # a read that is not refused met a flip in padding or unused bytes: the same table
    refused = _flipped_reads(path, 7, FLIPS, lambda: read(path), table, "orders.parquet")
    assert refused >= FLIPS // 2  # most bytes are data pages, which the checksums cover


def test_a_flipped_bit_in_a_dataset_part_is_an_error_or_changes_nothing(tmp_path):
    table = _table()
    write_dataset(table, tmp_path / "ds", partition_cols=())
    part = next((tmp_path / "ds").rglob("*.parquet"))
    refused = _flipped_reads(part, 11, FLIPS, lambda: read_dataset(tmp_path / "ds"), table)
    assert refused >= FLIPS // 2


def test_a_flipped_bit_in_a_simulated_table_is_an_error_or_changes_nothing(tmp_path):
    sim = simulate_pyramid(PyramidParams(potential_agents=300), seed=2)
    write_simulation(sim, tmp_path / "sim")
    whole = read_simulation(tmp_path / "sim")
    path = tmp_path / "sim" / "sellers.parquet"
    refused = _flipped_reads(
        path, 5, 20, lambda: read_simulation(tmp_path / "sim").sellers, whole.sellers
    )
    assert refused >= 10
