"""The parsers' bounds (low, high) become the record's value_low, value_high in facts_candidates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from microcommerce.datasets import load
from microcommerce.parse import extract_amounts, facts_candidates, parse_amounts

TEXT = "2015年微商市场规模为1819.5亿元;2016年从业者近3000万人,超过2000家品牌。约五六千人。"


def test_facts_candidates_renames_the_bounds_to_the_records_names():
    figures = extract_amounts(pd.Series([TEXT]))
    rows = facts_candidates(TEXT)
    assert {"value_low", "value_high"} <= set(load("facts").columns)
    assert {"value_low", "value_high"} <= set(rows.columns) and "low" not in rows.columns
    np.testing.assert_array_equal(rows["value_low"].to_numpy(), figures["low"].to_numpy())
    np.testing.assert_array_equal(rows["value_high"].to_numpy(), figures["high"].to_numpy())


def test_the_parsers_share_one_spelling():
    parsed = parse_amounts(pd.Series(["近3000万人"]))
    assert {"low", "high"} <= set(parsed.columns)
    assert {"low", "high"} <= set(extract_amounts(pd.Series(["近3000万人"])).columns)
