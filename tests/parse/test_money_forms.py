"""Every written form of money: financial capitals, 角/分 and spoken 块/毛, letter suffixes,
ranges and bounds in words and signs (含/不含), and the bare units that must be refused.

Values are worked out by hand. Strings marked (source) are the forms a public page on how to
write sums in contracts gives as correct (php.sqjnqi.com/faq/1857060.html, hoausj.com/wai/
570565.html, hbxthbgs.com/rmb/256927.html, m.yinshua168.com.cn … /7503587); the others were
written for each class, covering the cases of the most complete Chinese money parser's own
test suite (JioNLP's test_money_parser.py) that use yuan, and more.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from floats import same
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.parse import CLOSED, format_chinese_number, parse_amount, parse_amounts

NAN = math.nan


def check(text, value, low, high, unit, qualifier, closed=None):
    got = parse_amount(text)
    assert got.error is None, (text, got)
    assert same(got.value, value) and same(got.low, low) and same(got.high, high), (text, got)
    assert (got.unit, got.qualifier, got.closed) == (unit, qualifier, closed), (text, got)


FINANCIAL = [
    ("肆佰叁拾萬圆整", 4_300_000),
    ("肆佰叁拾萬圆", 4_300_000),
    ("壹万贰仟叁佰元零伍分", 12_300.05),
    ("人民币壹佰贰拾叁元肆角伍分", 123.45),  # (source)
    ("人民币伍仟零捌拾元整", 5080),  # (source)
    ("人民币伍仟零捌元整", 5008),  # (source)
    ("人民币伍万零捌元整", 50_008),  # (source)
    ("人民币壹仟元伍角", 1000.5),  # (source)
    ("人民币壹仟零伍角", 1000.5),  # (source) 零 holds the yuan place
    ("人民币贰仟元零陆分", 2000.06),  # (source)
    ("人民币叁佰贰拾伍元零肆分", 325.04),  # (source)
    ("人民币捌仟元整", 8000),  # (source)
    ("人民币捌仟元伍角整", 8000.5),  # (source)
    ("捌仟元正", 8000),
    ("人民币壹拾捌万叁仟捌佰玖拾陆元整", 183_896),  # (source)
    # (source) The page gives this as 18,389.60, but 壹拾捌万 is 180,000: it is 183,889.6
    ("人民币壹拾捌万叁仟捌佰捌拾玖元陆角整", 183_889.6),
    ("壹萬貳仟叁佰肆拾伍圓陸角陸分", 12_345.66),  # (source) traditional forms
    ("伍萬貳仟圓整", 52_000),  # (source)
    ("人民币贰仟零壹元整", 2001),  # (source)
    ("人民币伍仟零贰元伍角整", 5002.5),  # (source)
    ("人民币壹拾万元整", 100_000),  # (source)
    ("陆角柒分", 0.67),
    ("叁角伍分", 0.35),
    ("3元5角", 3.5),
    ("3元5角2分", 3.52),
    ("¥12元5角", 12.5),
]


SPOKEN = [
    ("一百三十五块六角七分", 135.67),
    ("一百三十五块六角七分钱", 135.67),
    ("十块三毛", 10.3),
    ("六十四万零一百四十三元一角七分", 640_143.17),
    ("三块五", 3.5),  # a lone digit after 块 is 毛
    ("三毛五", 0.35),  # and after 毛 it is 分
    ("三块一", 3.1),
    ("五毛", 0.5),
    ("5毛钱", 0.5),
    ("7毛5分", 0.75),
    ("一毛", 0.1),
    ("两块八毛", 2.8),
    ("两块八", 2.8),
    ("十块零五分", 10.05),
    ("五分钱", 0.05),
    ("3元5角6", 3.56),
]


@pytest.mark.parametrize(("text", "value"), FINANCIAL + SPOKEN)
def test_financial_capitals_and_spoken_kuai_mao_with_jiao_and_fen(text, value):
    check(text, value, value, value, "CNY", "exact")


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "qualifier"),
    [
        ("3毛多钱", 0.3, 0.3, NAN, "over"),
        ("一两毛", 0.15, 0.1, 0.2, "range"),
        ("三块五六", 3.55, 3.5, 3.6, "range"),
        ("三块五左右", 3.5, 3.5, 3.5, "about"),
    ],
)
def test_spoken_money_with_qualifiers(text, value, low, high, qualifier):
    check(text, value, low, high, "CNY", qualifier)


LETTERS = [
    ("3k", 3000, 3000, 3000, None, "exact"),
    ("30w", 300_000, 300_000, 300_000, None, "exact"),
    ("3W", 30_000, 30_000, 30_000, None, "exact"),
    ("1.5kw", 15_000_000, 15_000_000, 15_000_000, None, "exact"),
    ("1kw人", 10_000_000, 10_000_000, 10_000_000, "persons", "exact"),
    ("2.5w元", 25_000, 25_000, 25_000, "CNY", "exact"),
    ("30w上下", 300_000, 300_000, 300_000, None, "about"),
    ("15k左右", 15_000, 15_000, 15_000, None, "about"),
    ("5w+", 50_000, 50_000, NAN, None, "over"),
    ("10~15k元", 12_500, 10_000, 15_000, "CNY", "range"),
    ("10k~15k", 12_500, 10_000, 15_000, None, "range"),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "qualifier"), LETTERS)
def test_letter_suffixes(text, value, low, high, unit, qualifier):
    check(text, value, low, high, unit, qualifier)


BOUNDS = [
    ("从8500到3万", 19_250, 8500, 30_000, None, "range", None),
    ("从3万到5万元", 40_000, 30_000, 50_000, "CNY", "range", None),
    ("1万元--5万元", 30_000, 10_000, 50_000, "CNY", "range", None),
    ("2——3万", 25_000, 20_000, 30_000, None, "range", None),
    ("十八至三十万", 240_000, 180_000, 300_000, None, "range", None),
    ("8%-10%", 9, 8, 10, "percent", "range", None),
    ("1.5元-2元", 1.75, 1.5, 2, "CNY", "range", None),
    ("至少九千块钱以上", 9000, 9000, NAN, "CNY", "over", None),
    ("至少500人", 500, 500, NAN, "persons", "over", None),
    ("不少于100盒", 100, 100, NAN, "boxes", "over", None),
    ("100元起", 100, 100, NAN, "CNY", "over", None),
    ("最多3年", 3, NAN, 3, "years", "under", None),
    ("不超过5万元", 50_000, NAN, 50_000, "CNY", "under", None),
    ("低于5%", 5, NAN, 5, "percent", "under", None),
    ("50万元（含）以上", 500_000, 500_000, NAN, "CNY", "over", "left"),
    ("50万元(不含)以上", 500_000, 500_000, NAN, "CNY", "over", "neither"),
    ("5万元以下(含)", 50_000, NAN, 50_000, "CNY", "under", "right"),
    ("5万元以下(不含本数)", 50_000, NAN, 50_000, "CNY", "under", "neither"),
    ("1万(含)-5万元", 30_000, 10_000, 50_000, "CNY", "range", "left"),
    ("1 万(含)-5 万元", 30_000, 10_000, 50_000, "CNY", "range", "left"),
    ("1万-5万元(含)", 30_000, 10_000, 50_000, "CNY", "range", "right"),
    ("1万(不含)-5万(含)", 30_000, 10_000, 50_000, None, "range", "right"),
    ("1万(含)-5万(含)", 30_000, 10_000, 50_000, None, "range", "both"),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "qualifier", "closed"), BOUNDS)
def test_ranges_and_bounds_in_words_and_signs(text, value, low, high, unit, qualifier, closed):
    check(text, value, low, high, unit, qualifier, closed)


REFUSED = [
    ("万", "bare"),
    ("亿", "bare"),
    ("万亿", "bare"),
    ("兆", "bare"),
    ("萬", "bare"),
    ("万元", "bare"),
    ("亿人", "bare"),
    ("w", "needs a number"),
    ("kw", "needs a number"),
    ("三角", "ambiguous"),  # a triangle
    ("八角", "ambiguous"),  # star anise
    ("十分", "ambiguous"),  # 'very'
    ("五分", "ambiguous"),
    ("壹佰贰拾叁元肆角伍毛", "twice"),  # (source) given as wrong: two tenths
    ("元角", "before the number"),
    ("5分3角", "after the unit"),
    ("3元5角6分7", "after the unit"),
    ("100元5盒", "conflicting units"),
    ("3元3.5角", "one digit"),
    ("3元12角", "one digit"),
    ("3块五毛六分七", "after the unit"),
    ("三个人来", "unexpected '来'"),
    ("50万元(含)", "marks a bound"),
    ("1万(含)(不含)-5万", "two 含/不含"),
    ("(含)50万", "before the number"),
    ("5人整", "sum of money"),
    ("5-3万", "reversed"),  # borrowing 万 reverses it, and 5 is no lower side of 3万
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refusals_refuse_with_a_reason(text, reason):
    got = parse_amount(text)
    assert math.isnan(got.value) and got.unit is None and got.closed is None, got
    assert got.error is not None and reason in got.error, got.error


def test_a_qualified_bare_unit_is_a_figure():
    check("近万人", 10_000, NAN, 10_000, "persons", "under")
    check("上万", 10_000, 10_000, NAN, None, "over")
    check("百万", 1e6, 1e6, 1e6, None, "exact")  # 百 is a number, as before


def test_the_column_parser_reads_the_new_forms_as_the_scalar_one():
    texts = [t for t, *_ in (*FINANCIAL, *SPOKEN, *LETTERS, *BOUNDS)] + [t for t, _ in REFUSED]
    out = parse_amounts(pd.Series([*texts, *texts], dtype="str"))
    for i, text in enumerate(texts * 2):
        a = parse_amount(text)
        row = out.iloc[i]
        assert same(row["value"], a.value) and same(row["low"], a.low), text
        for field in ("unit", "qualifier", "error", "closed"):
            want = getattr(a, field)
            assert (pd.isna(row[field]) and want is None) or row[field] == want, (text, field)
    assert list(out["closed"].cat.categories) == list(CLOSED)


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@given(st.integers(0, 10**12 - 1), st.integers(0, 9), st.integers(0, 9))
@settings(max_examples=300, deadline=None)
def test_financial_sums_round_trip(yuan, jiao, fen):
    """壹…元 + 角 + 分 written the way contracts write them reads back exactly."""
    text = format_chinese_number(yuan, financial=True) + "元"
    if jiao == fen == 0:
        text += "整"
    elif fen == 0:
        text += format_chinese_number(jiao, financial=True) + "角"
    else:
        text += ("零" if jiao == 0 else format_chinese_number(jiao, financial=True) + "角") + (
            format_chinese_number(fen, financial=True) + "分"
        )
    want = float(f"{yuan}.{jiao}{fen}")
    got = parse_amount(text)
    assert (got.value, got.unit, got.qualifier) == (want, "CNY", "exact"), text
    column = parse_amounts(pd.Series([text, "两三千"], dtype="str"))
    assert column["value"].iloc[0] == want


@given(
    st.integers(1, 10**6),
    st.integers(1, 10**6),
    st.sampled_from(["", "万", "元", "万元"]),
    st.sampled_from(["-", "--", "~", "至", "到"]),
    st.sampled_from(["(含)", "(不含)", ""]),
    st.sampled_from(["(含)", "(不含)", ""]),
)
@settings(max_examples=300, deadline=None)
def test_marked_ranges_keep_their_bounds_and_record_what_is_closed(a, b, unit, sep, m1, m2):
    low, high = min(a, b), max(a, b) + 1
    text = f"{low}{unit}{m1}{sep}{high}{unit}{m2}"
    got = parse_amount(text)
    scale = 10_000 if "万" in unit else 1
    assert (got.low, got.high, got.qualifier) == (low * scale, high * scale, "range"), text
    lo_in = {"(含)": True, "(不含)": False}.get(m1)
    hi_in = {"(含)": True, "(不含)": False}.get(m2)
    if lo_in is None and hi_in is None:
        assert got.closed is None
    else:
        lo_in = (not hi_in) if lo_in is None else lo_in
        hi_in = (not lo_in) if hi_in is None else hi_in
        assert (
            got.closed
            == {(1, 1): "both", (1, 0): "left", (0, 1): "right", (0, 0): "neither"}[(lo_in, hi_in)]
        )
    column = parse_amounts(pd.Series([text, "三块五"], dtype="str"))
    assert column["closed"].iloc[0] == got.closed or (
        pd.isna(column["closed"].iloc[0]) and got.closed is None
    )


@given(st.integers(1, 10**8), st.sampled_from(["w", "W", "kw", "k"]))
def test_letter_suffixes_scale_like_their_chinese_units(n, suffix):
    scale = {"w": 10**4, "kw": 10**7, "k": 10**3}[suffix.lower()]
    assert parse_amount(f"{n}{suffix}").value == float(n * scale)
    assert np.isnan(parse_amount(suffix).value)
