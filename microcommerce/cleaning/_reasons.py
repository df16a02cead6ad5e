"""Why rows were rejected: each row's first reason, counts by reason, where a key was first seen."""

from __future__ import annotations

import numpy as np
import pandas as pd

from microcommerce.cleaning import _schema as schema

__all__ = ["first_reason", "reason_counts", "where_first_seen"]


def reason_counts(rejected: pd.DataFrame) -> dict[str, int]:
    """Count rows by reason, with the cell values taken out so that reasons group.

    A reason reads ``column: 'value' — why``; the value may hold quotes and dashes
    of its own, the column and the why (ours) do not, so the value runs to the last
    quote followed by a dash. Where a reused key was first seen is left out too.
    """
    general = rejected["reason"].str.replace(r"(?s)^([^:']*): '.*' — ", r"\1: ", regex=True)
    general = general.str.replace(r" — key reused with other values, first seen.*$", "", regex=True)
    return {str(k): int(v) for k, v in general.value_counts().items()}


def where_first_seen(
    failures: pd.DataFrame, clean: pd.DataFrame, rownum: pd.Series, table: str
) -> pd.DataFrame:
    """Add to a repeated-key failure the source row where its key was first seen."""
    repeated = failures["check"].str.endswith(") is unique").to_numpy()
    if not repeated.any():
        return failures
    key = schema.key_of(clean, table)
    firsts = clean.loc[~clean.duplicated(key), key].assign(_first=lambda d: rownum[d.index])
    rows = failures.loc[repeated, "row"].to_numpy()
    found = clean.loc[rows, key].merge(firsts, on=key, how="left")["_first"].to_numpy()
    note = [
        f" — key reused with other values, first seen on row {int(r):,}" if pd.notna(r) else ""
        for r in found
    ]
    out = failures.copy()
    out.loc[repeated, "check"] = out.loc[repeated, "check"] + np.array(note, dtype=object)
    return out


def first_reason(reasons: dict[str, pd.Series], index: pd.Index):
    """Find the first problem of each row, in pipeline order (reasons are sparse)."""
    reason = pd.Series(np.nan, index=index, dtype=object)
    column = pd.Series(np.nan, index=index, dtype=object)
    for col, r in reasons.items():
        r = r[~r.index.duplicated()]
        fill = r.index[reason[r.index].isna().to_numpy()]
        reason[fill] = r[fill]
        column[fill] = col
    return reason, column
