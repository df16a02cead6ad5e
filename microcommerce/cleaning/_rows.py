"""Rows of an export that are no records: totals rows and ragged rows.

Examples
--------
>>> totals_rows(pd.DataFrame({"a": ["合计", "A1"], "b": ["12", "3"]})).tolist()
[True, False]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from microcommerce.io import RaggedRows

__all__ = ["exact_duplicates", "ragged_rows", "totals_rows"]

_TOTALS = r"^\s*(合计|总计|小计|汇总|总和|total|totals|sum|grand total)\s*[:：]?\s*$"


def ragged_rows(early: pd.Series, ragged: RaggedRows | None, pre_header: pd.Series) -> pd.Series:
    """``early`` with the reader's ragged rows (more cells than the header) rejected."""
    if not ragged or not len(ragged.rows):
        return early
    rows = ragged.rows
    cells = pd.Series(ragged.cells, index=early.index[rows]).astype("str")
    why = (
        "ragged row: " + cells + f" cells where the header has {ragged.width} "
        "(an unquoted delimiter inside a value? its surplus cells are in the last column)"
    )
    why = why[~pre_header.iloc[rows].to_numpy()]  # rows above a header found lower down
    return early.mask(early.index.isin(why.index), why)


def totals_rows(raw_text: pd.DataFrame) -> pd.Series:
    """Rows with a cell such as 合计 or Total (pyarrow's regex kernel, not a Python loop)."""
    hit = np.zeros(len(raw_text), dtype=bool)
    for col in raw_text.columns:
        cells = pa.array(raw_text[col].array)
        found = pc.match_substring_regex(cells, _TOTALS, ignore_case=True)
        hit |= pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return pd.Series(hit, index=raw_text.index)


def exact_duplicates(raw_text: pd.DataFrame, live: pd.Series, key: pd.Series, rownum: pd.Series):
    """Rows that repeat an earlier live row cell for cell, and which row each repeats.

    Exact repeats share their key value, so rows are first narrowed to those whose
    key occurs more than once (one hash pass over one column); whole rows are
    compared only among those.
    """
    candidates = live & key.duplicated(keep=False)
    sub = raw_text[candidates]
    dup = pd.Series(False, index=raw_text.index)
    dup[candidates] = sub.duplicated(keep="first")
    involved = sub.duplicated(keep=False)
    sub, rows = sub[involved], rownum[candidates][involved]
    group = sub.groupby(list(sub.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = rows.groupby(group).transform("first")
    repeat = rows != first
    pairs = pd.DataFrame(
        {"row": rows[repeat].astype("Int64"), "same_as_row": first[repeat].astype("Int64")}
    ).reset_index(drop=True)
    return dup, pairs
