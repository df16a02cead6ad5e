"""Extraction in time proportional to the text: adversarial repetitions of every pattern's
building blocks, long texts read window by window without losing a figure at a cut, and
facts_candidates over many figures in one text.

Imports the parse layer's private ``parse._extract`` to test its machinery."""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcommerce.parse._extract as extract_module
from microcommerce.datasets import load
from microcommerce.parse import extract_amounts, extract_dates, facts_candidates
from microcommerce.parse._extract import MAX_SPAN, WINDOW, windows

# The pieces each pattern is built from: numbers and numerals, units, qualifiers, range
# separators, 含/不含, English number words and phrases, verbs of change, and what the
# masks read (dates, times, phones, labelled ids). Repeating any of them, or any mix,
# must not make the work grow faster than the text.
BLOCKS = (
    "1", "12", "1,000", "1.5", "万", "亿", "万亿", "1万", "约1", "1w", "1k", "3kw", "约", "近",
    "超", "逾", "多", "以上", "左右", "元", "块", "毛", "角", "分", "%", "-", "--", "~", "至",
    "到", "从", "增长到", "由", "两", "二", "十", "百", "千", "几", "数", "点", "壹", "拾",
    "一千二百", "(含)", "(不含)", "$", "¥", "us$", " ", "more than ", "million ", "and ",
    "between ", "one ", "two hundred ", "to ", "or ", "from ", "grew ", "2015年", "7月",
    "22日", "2015-07-22", "2015/7", "q3", "10:30", "订单号", "13812345678", "第", "上", "。",
    ",", "，", ".", "a", "x",
)  # fmt: skip
PER_CHAR = 1e-3  # seconds a character may take at most: about 25x the slowest block here


def _seconds(text: str) -> float:
    """Best of two: extracting figures and dates from ``text``."""
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        extract_amounts(text)
        extract_dates(text, ref_year=2015)
        best = min(best, time.perf_counter() - start)
    return best


def _repeat(block: str, length: int) -> str:
    return (block * (length // len(block) + 1))[:length]


@pytest.mark.parametrize("block", BLOCKS)
def test_repeating_a_building_block_costs_time_linear_in_length(block):
    short, long = _seconds(_repeat(block, 1_000)), _seconds(_repeat(block, 4_000))
    assert long <= 4_000 * PER_CHAR, (block, long)
    # linear work gives about 4; the cubic blow-up this replaced gave 50 and more
    assert long <= 10 * short + 0.05, (block, short, long)


@settings(max_examples=40)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=6))
def test_any_mix_of_blocks_is_read_within_the_time_bound(mix):
    text = _repeat("".join(mix), 2_000)
    assert _seconds(text) <= 2_000 * PER_CHAR, mix
    out = extract_amounts(text)
    spans = out["char_end"] - out["char_start"]
    assert (spans <= MAX_SPAN).all()
    written = [text[s:e] for s, e in zip(out["char_start"], out["char_end"], strict=True)]
    assert written == out["as_written"].tolist()


# ---------------------------------------------------------------------------
# windows: a long text gives what its sentences give one by one
# ---------------------------------------------------------------------------

QUOTES = [q.rstrip("。") for q in load("facts")["quote"].dropna() if "\n" not in q]


def _alone_then_shifted(sentences: list[str], extract, **options) -> pd.DataFrame:
    """Each sentence extracted alone, offsets moved to where it stands in the joined text."""
    out = extract(pd.Series(sentences), **options)
    rows = out.index.get_level_values(0).to_numpy()
    offsets = np.cumsum([0] + [len(s) + 1 for s in sentences])[rows]
    return out.reset_index(drop=True).assign(
        char_start=out["char_start"].to_numpy() + offsets,
        char_end=out["char_end"].to_numpy() + offsets,
    )


@pytest.mark.parametrize("extract", [extract_amounts, extract_dates], ids=["amounts", "dates"])
def test_a_long_text_read_in_windows_finds_what_its_sentences_find(extract):
    sentences = QUOTES * 4
    text = "。".join(sentences)
    assert len(text) > 3 * WINDOW and len(windows(text)) > 3  # the cuts are really made
    options = {"ref_year": 2016} if extract is extract_dates else {}
    together = extract(text, **options).reset_index(drop=True)
    alone = _alone_then_shifted(sentences, extract, **options)
    pd.testing.assert_frame_equal(together, alone)


@given(st.text(alphabet="1万约w,，。 .a", min_size=0, max_size=3 * WINDOW))
def test_windows_join_back_to_the_text_and_each_fits(text):
    parts = windows(text)
    assert "".join(w for _, w in parts) == text
    assert all(len(w) <= WINDOW for _, w in parts[:-1]) and len(parts[-1][1]) <= WINDOW
    assert [o for o, _ in parts] == [sum(len(w) for _, w in parts[:k]) for k in range(len(parts))]


def test_a_window_never_cuts_a_thousands_separator_or_a_decimal_point():
    text = "的" * (WINDOW - 2) + "1,000万元与2.5亿元" + "是" * WINDOW
    out = extract_amounts(text)
    assert out["as_written"].tolist() == ["1,000万元", "2.5亿元"]


def test_facts_candidates_time_is_linear_in_the_number_of_figures():
    sentence = "2015年微商市场规模约1819.5亿元,从业者近1257万人。"

    def seconds(n: int) -> float:
        text = sentence * n
        start = time.perf_counter()
        out = facts_candidates(text)
        took = time.perf_counter() - start
        assert len(out) == 2 * n and (out["quote"] == sentence).all()
        assert (out["period"] == "2015").all()
        return took

    short, long = seconds(200), seconds(1_600)
    assert long <= 8 * 3 * short + 0.1, (short, long)  # linear: 8; quadratic: 64


@pytest.mark.slow
def test_memory_held_does_not_grow_with_a_text_without_figures(monkeypatch):
    monkeypatch.setattr(extract_module, "_BATCH", 4_096)

    def peak(length: int) -> int:
        tracemalloc.start()
        try:
            extract_amounts(_repeat("1w", length))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # the pieces of every window held at once grew by about 100 bytes a character
    assert peak(64_000) <= 1.5 * peak(16_000)
