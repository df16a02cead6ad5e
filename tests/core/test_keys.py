"""Repeated keys as pandas finds them (imports the core layer's private ``core._keys``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce.cleaning import CATEGORIES
from microcommerce.core._keys import repeated_keys


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(["a", "b", "总代", ""])),
            st.one_of(st.none(), st.integers(-2, 2)),
            st.one_of(st.none(), st.sampled_from([0.5, -1.0, 1e300])),
            st.one_of(st.none(), st.integers(0, 3)),
            st.sampled_from(["mask", "cosmetics", None]),
        ),
        max_size=40,
    ),
    st.lists(st.sampled_from(["s", "i", "f", "d", "c"]), min_size=1, max_size=3, unique=True),
)
def test_repeated_keys_agree_with_pandas_duplicated(rows, key):
    df = pd.DataFrame(rows, columns=["s", "i", "f", "d", "c"]).astype(
        {"s": "str", "i": "Int8", "f": "float64", "c": pd.CategoricalDtype(CATEGORIES)}
    )
    df["d"] = pd.to_datetime(df["d"].astype("float64") * 86400, unit="s").astype("datetime64[us]")
    df.index = df.index * 3 + 7  # labels are kept
    want = df.duplicated(key, keep="first") & df[key].notna().all(axis=1)
    pd.testing.assert_series_equal(repeated_keys(df, key), want)


@pytest.mark.parametrize(
    "column",
    [
        pd.array([2**53, 2**53 + 1, None, 2**53 + 1], dtype="Int64"),  # above float precision
        np.array([2**63, 2**63 + 5, 2**63, 7], dtype=np.uint64),
        pd.to_datetime(["2015-01-02", None, "2015-01-01", "2015-01-02"]).tz_localize("UTC"),
    ],
)
def test_repeated_keys_on_review_cases(column):
    df = pd.DataFrame({"a": column})
    want = df.duplicated(["a"]) & df["a"].notna()
    pd.testing.assert_series_equal(repeated_keys(df, ["a"]), want)
