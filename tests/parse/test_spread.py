"""The per-distinct tables taken at the rows' codes: block by block, on mapped pages.

Imports the parse layer's private ``parse._columns`` to test its machinery.
"""

from __future__ import annotations

import gc
import pickle

import numpy as np
import pandas as pd
import pytest

from microcommerce.parse import parse_amounts
from microcommerce.parse._columns import factorize, spread


@pytest.mark.parametrize("rows", [0, 1, 5, 70_000, 1_000_003])
@pytest.mark.parametrize("code_type", [np.int32, np.intp])
def test_spread_is_take(rows, code_type):
    """Every column equals NumPy's take; -1 reads the last slot (the missing values')."""
    rng = np.random.default_rng(rows)
    codes = rng.integers(-1, 50, rows).astype(code_type)
    tables = {"x": rng.random(51), "tier": rng.integers(0, 9, 51).astype(np.int8)}
    out = spread(tables, codes)
    for name, table in tables.items():
        assert out[name].dtype == table.dtype
        np.testing.assert_array_equal(out[name], table.take(codes.astype(np.intp)))
        assert out[name].flags.writeable


def test_large_columns_outlive_their_neighbours():
    """A column of a large result stays valid, writable and picklable on its own."""
    texts = pd.Series(np.tile(["¥1,280.00", "1.2万", "abc", None], 300_000), dtype="str")
    value = parse_amounts(texts)["value"]
    gc.collect()
    assert value.iloc[:4].tolist()[:2] == [1280.0, 12000.0]
    assert pickle.loads(pickle.dumps(value)).equals(value)
    changed = value.copy()
    changed.iloc[0] = 5.0
    assert value.iloc[0] == 1280.0 and changed.iloc[0] == 5.0


def test_factorize_arrow_text_keeps_first_appearance_and_missing():
    codes, uniques = factorize(pd.Series(["b", None, "a", "b"], dtype="str"))
    assert codes.tolist() == [0, -1, 1, 0]
    assert uniques.tolist() == ["b", "a"] and str(uniques.dtype) == "str"
