"""Reason codes over messy exports: every row accounted for, every rejection coded once.

The exports are :mod:`microcommerce.simulation._messy`'s (notes, page breaks, a totals
row, repeated rows), spoiled further by hypothesis: cells overwritten with texts a back
office writes (approximate amounts, impossible dates, unknown labels …) and rows repeated.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.cleaning import REASON_CODES, clean_inventory, clean_orders, clean_sellers
from microcommerce.io import read_table
from microcommerce.simulation import PyramidParams, simulate_pyramid, write_messy_export

CLEANERS = {"orders": clean_orders, "sellers": clean_sellers, "inventory": clean_inventory}
#: Cells a back office writes that cleaning cannot use, or that make a row no record.
SPOILERS = [
    "",
    "约300",
    "$5",
    "-3",
    "1.5",
    "合计",
    "2014年13月1日",
    "2015年3月",
    "待评价",
    "特约",
    "抖音",
    "批发零售",
    "--- 导出结束 ---",
]
ROWS = 80  # rows of each export spoiled and cleaned


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    sim = simulate_pyramid(PyramidParams(potential_agents=400), seed=3)
    files = write_messy_export(sim, tmp_path_factory.mktemp("messy"), seed=5)
    return {table: read_table(files[table]).iloc[:ROWS] for table in CLEANERS}


@st.composite
def spoiled(draw, exports):
    table = draw(st.sampled_from(sorted(CLEANERS)))
    raw = exports[table].copy()
    edits = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(raw) - 1),
                st.integers(0, raw.shape[1] - 1),
                st.sampled_from(SPOILERS) | st.text(max_size=5),
            ),
            max_size=12,
        )
    )
    for row, column, text in edits:
        raw.iloc[row, column] = text if text else None
    repeats = draw(st.lists(st.integers(0, len(raw) - 1), max_size=4))
    raw = pd.concat([raw, raw.iloc[repeats]], ignore_index=True)
    raw.attrs = exports[table].attrs  # the source (its rows numbered as in the file)
    return table, raw


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_rows_add_up_and_every_rejected_row_has_one_known_code(exports, data):
    table, raw = data.draw(spoiled(exports))
    result = CLEANERS[table](raw)
    r = result.report
    assert r.rows_in == len(raw) == r.rows_clean + r.rows_rejected + r.duplicates_removed
    assert len(result.rejected) == r.rows_rejected == sum(r.rejected_by_code.values())
    assert result.rejected["reason_code"].isin(list(REASON_CODES)).all()
    assert result.rejected["reason"].str.len().gt(0).all()  # the prose stays, for people
    counts = result.rejected["reason_code"].value_counts().to_dict()
    assert r.rejected_by_code == counts
    assert list(r.rejected_by_code.values()) == sorted(counts.values(), reverse=True)
    assert sum(r.rejected_by_reason.values()) == r.rows_rejected
