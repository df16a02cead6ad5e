"""Repeated keys as pandas finds them (imports the core layer's private ``core._keys``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce.cleaning import CATEGORIES
from microcommerce.core._keys import fixed_width_codes, key_codes, repeated_keys


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


# text of one width (ids): coded by arithmetic on the bytes, as hashing codes it
_PIECES = ["a", "b", "z", "0", "9", "~", "é", "总", "\x00"]  # 1, 2 and 3 bytes in UTF-8


def _of_width(pieces: list[str], width: int) -> str:
    """The pieces that fit in ``width`` bytes of UTF-8, padded with x to exactly that."""
    text = ""
    for piece in pieces:
        if len((text + piece).encode()) <= width:
            text += piece
    return text + "x" * (width - len(text.encode()))


@given(
    st.integers(1, 4),
    st.lists(st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=4)), max_size=40),
    st.booleans(),
    st.integers(0, 3),
)
def test_text_of_one_width_is_coded_as_sorted_hashing_codes_it(width, rows, large, cut):
    values = [None if r is None else _of_width(r, width) for r in rows]
    kind = pa.large_string() if large else pa.string()
    whole = pa.array([_of_width(["a"], width), *values], kind)[1:]  # a slice: offset 1
    chunks = [whole[:cut], whole[cut:]]  # in two chunks (the first may be empty)
    s = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks, kind)))
    want_codes, want_values = pd.factorize(s, sort=True)
    codes, found = key_codes(s)
    assert codes.tolist() == want_codes.tolist()
    assert found.tolist() == list(want_values)
    assert found.dtype == s.dtype
    coded = fixed_width_codes(s, sort=False)
    if any(v is not None for v in values):
        unsorted_codes, unsorted_values = coded
        rebuilt = [None if c < 0 else unsorted_values.iloc[c] for c in unsorted_codes]
        assert rebuilt == values


@pytest.mark.parametrize(
    "values",
    [
        ["ab", "abc", "b"],  # widths differ
        [None, None],  # nothing present
        [],
    ],
)
def test_text_not_of_one_width_is_left_to_hashing(values):
    assert fixed_width_codes(pd.Series(values, dtype="str")) is None


def test_long_ids_numbered_in_order_are_coded_in_one_pass():
    ids = pd.Series([f"WS{i * 7_919_993:012d}" for i in range(5)] * 2, dtype="str")
    codes, values = fixed_width_codes(ids.sort_values(ignore_index=True))
    assert codes.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert values.tolist() == sorted(set(ids))
    codes, values = fixed_width_codes(ids, sort=False)  # not in order: numbers hashed
    assert [values.iloc[c] for c in codes] == ids.tolist()
