"""The sample export in data/raw/ is small and is exactly what its documented command writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from microcommerce.cli import main
from microcommerce.io import read_table
from microcommerce.simulation import FILE_NAMES

ROOT = Path(__file__).parents[1]
RAW = ROOT / "data" / "raw"


def test_sample_is_small_and_documented():
    files = sorted(RAW.iterdir())
    assert sorted(p.name for p in files) == sorted(FILE_NAMES.values())
    assert sum(p.stat().st_size for p in files) <= 2 * 2**20
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "microcommerce simulate --agents 1000 --seed 2015 --messy -o data/raw" in readme


def test_documented_command_reproduces_the_sample(tmp_path):
    assert (
        main(
            ["simulate", "--agents", "1000", "--seed", "2015", "--messy", "-q", "-o", str(tmp_path)]
        )
        == 0
    )
    for name in FILE_NAMES.values():
        if name.endswith(".csv"):
            assert (tmp_path / name).read_bytes() == (RAW / name).read_bytes(), name
        else:  # xlsx files carry a creation time: compare the cells
            pd.testing.assert_frame_equal(read_table(tmp_path / name), read_table(RAW / name))
