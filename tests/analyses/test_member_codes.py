"""The grouping machinery of the pandas engine against plain Python and pandas.

Members coded on two threads (long columns) give what one pass gives, missing ones too;
pairs sorted run by run or on two threads are counted as one sort counts them; sums
widened a chunk at a time equal ``groupby().sum()``.

Imports the analyses layer's private ``analyses._group_arithmetic`` to test its machinery.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce.analyses import _group_arithmetic as aggregate


@pytest.mark.parametrize(
    "members",
    [
        ["a", "b", "a", "c", None, None, None, None],  # a second half with no members
        [None, None, None, None, "a", "b", "a", "c"],  # a first half with none
        ["b", "a", "c", "a", "c", None, "d", "b"],
    ],
)
def test_distinct_members_in_two_halves_equal_one_pass(monkeypatch, members):
    keys = pd.DataFrame({"month": [1, 1, 1, 1, 2, 2, 2, 2]})
    series = pd.Series(members, dtype="str")
    whole = aggregate.totals(keys, {"rows": None}, members=series).distinct().tolist()
    monkeypatch.setattr(aggregate, "_PARALLEL_SORT", 4)  # as if ten million rows long
    halves = aggregate.totals(keys, {"rows": None}, members=series).distinct().tolist()
    assert halves == whole
    want = [len(set(members[:4]) - {None}), len(set(members[4:]) - {None})]
    assert whole == want


@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(-1, 40)), max_size=60),
    st.sampled_from([1, 4, 10**9]),  # rows from which the pairs sort on two threads
    st.sampled_from(["none", "ascending", "descending", "twice", "any"]),  # runs of a lead?
)
def test_pair_counts_count_each_distinct_pair_in_sorted_order(rows, parallel_from, order):
    lead = np.array([0, 0, 1, 1, 1, 2, 3])  # a number per group that does not decrease
    if order in ("ascending", "descending"):
        rows = sorted(rows, key=lambda row: lead[row[0]], reverse=order == "descending")
    if order == "twice":  # sellers' rows by date, then buyers' rows by date
        half = len(rows) // 2
        rows = [
            *sorted(rows[:half], key=lambda r: lead[r[0]]),
            *sorted(rows[half:], key=lambda r: lead[r[0]]),
        ]
    ids = np.array([g for g, _ in rows], np.int64)
    codes = np.array([c for _, c in rows], np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aggregate, "_PARALLEL_SORT", parallel_from)
        patch.setattr(aggregate, "_SHORTEST_RUN", 1)  # runs of any length sorted one by one
        groups, values, counts = aggregate.pair_counts(
            ids, codes, None if order == "none" else lead
        )
    want = sorted(Counter((g, c) for g, c in rows if c >= 0).items())
    assert list(zip(groups.tolist(), values.tolist(), strict=True)) == [p for p, _ in want]
    assert counts.tolist() == [n for _, n in want]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3), st.one_of(st.none(), st.integers(-2, 2)), st.integers(-50, 50)
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([2, 3, 1 << 16]),  # rows widened (and cells counted) at a time
)
def test_sums_by_chunks_equal_pandas_groupby(rows, chunk):
    keys = pd.DataFrame(
        {
            "cat": pd.Categorical([f"c{r[0]}" for r in rows], categories=["c3", "c0", "c1", "c2"]),
            "tier": pd.array([r[1] for r in rows], dtype="Int8"),
        }
    )
    value = np.array([r[2] for r in rows], np.int64)
    sums = {"n": None, "v64": value, "v8": value.astype(np.int8), "flag": value > 0}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aggregate, "_CHUNK", chunk)
        got = aggregate.totals(keys, sums).groups
    frame = keys.assign(v64=value, v8=value, flag=(value > 0).astype(np.int64))
    want = frame.groupby(["cat", "tier"], observed=True, dropna=False, sort=True)
    want = want.agg(n=("v64", "size"), v64=("v64", "sum"), v8=("v8", "sum"), flag=("flag", "sum"))
    want = want.reset_index()
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
