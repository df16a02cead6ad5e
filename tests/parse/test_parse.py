"""Tests of the parsing core: hand-worked examples, properties and column parity."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from floats import same
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.parse import (
    PRECISIONS,
    QUALIFIERS,
    UNITS,
    Amount,
    format_chinese_number,
    parse_amount,
    parse_amounts,
    parse_date,
    parse_dates,
)

NAN = math.nan


def check(text: str, value: float, low: float, high: float, unit: str | None, qualifier: str):
    got = parse_amount(text)
    assert got.error is None, (text, got)
    assert same(got.value, value), (text, got)
    assert same(got.low, low), (text, got)
    assert same(got.high, high), (text, got)
    assert got.unit == unit, (text, got)
    assert got.qualifier == qualifier, (text, got)


# ---------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------

EXACT = [
    # Arabic, separators, decimals
    ("12000", 12000.0, None),
    ("1,280", 1280.0, None),
    ("¥1,280.00", 1280.0, "CNY"),
    ("￥1,280.00", 1280.0, "CNY"),
    ("1,234,567.5元", 1234567.5, "CNY"),
    ("0.5", 0.5, None),
    ("１２３", 123.0, None),  # full-width digits
    ("９９万", 990000.0, None),
    ("１，２００万", 12000000.0, None),  # full-width comma
    # mixed Arabic + Chinese multipliers
    ("1.2万", 12000.0, None),
    ("2.5亿", 250000000.0, None),
    ("2.5亿元", 250000000.0, "CNY"),
    ("3千万", 30000000.0, None),
    ("1,200万", 12000000.0, None),
    ("0.5亿", 50000000.0, None),
    ("1819.5亿元", 181950000000.0, "CNY"),
    ("3607.3亿元", 360730000000.0, "CNY"),
    ("1.14万亿", 1140000000000.0, None),
    ("7.18萬億元人民幣", 7180000000000.0, "CNY"),
    ("3兆8773億元", 3877300000000.0, "CNY"),
    ("1亿2000万", 120000000.0, None),
    ("2万5千", 25000.0, None),
    ("1257万人", 12570000.0, "persons"),
    ("914万家", 9140000.0, "stores"),
    # Chinese numerals
    ("一千二百万", 12000000.0, None),
    ("一千零一", 1001.0, None),
    ("十万零一", 100001.0, None),
    ("一亿零五万", 100050000.0, None),
    ("十五", 15.0, None),
    ("一百一十", 110.0, None),
    ("两", 2.0, None),
    ("两千", 2000.0, None),
    ("零", 0.0, None),
    ("壹仟贰佰", 1200.0, None),
    ("贰拾万元", 200000.0, "CNY"),
    ("一万二", 12000.0, None),
    ("三千五", 3500.0, None),
    ("两百五", 250.0, None),
    ("一亿二", 120000000.0, None),
    ("一点五万", 15000.0, None),
    ("三点一四", 3.14, None),
    ("二〇一三", 2013.0, None),
    ("一万二千亿", 1.2e12, None),
    ("百万", 1000000.0, None),
    ("九级", 9.0, "levels"),
    # English
    ("2 billion", 2e9, None),
    ("1.5 million", 1.5e6, None),
    ("25 million 10 thousand", 25010000.0, None),
    ("25 million 10 thousand yuan", 25010000.0, "CNY"),
    ("ten thousand", 10000.0, None),
    ("twenty-five", 25.0, None),
    ("two hundred and fifty thousand", 250000.0, None),
    ("a million", 1e6, None),
    ("twenty three million five", 23000005.0, None),
    ("0万", 0.0, None),
    ("1.14 trillion yuan", 1.14e12, "CNY"),
    ("10,632.4 billion yuan", 10632.4e9, "CNY"),
    ("$1.5 million", 1.5e6, "USD"),
    ("US$1,552 bn", 1552e9, "USD"),
    ("RMB 100", 100.0, "CNY"),
    ("100 RMB", 100.0, "CNY"),
    # percents and units
    ("12%", 12.0, "percent"),
    ("12.5%", 12.5, "percent"),
    ("１２％", 12.0, "percent"),
    ("14 percent", 14.0, "percent"),
    ("百分之十二", 12.0, "percent"),
    ("3000美元", 3000.0, "USD"),
    ("280元", 280.0, "CNY"),
    ("100块", 100.0, "CNY"),
    ("100盒", 100.0, "boxes"),
    ("10片", 10.0, "pieces"),
    ("3个月", 3.0, "months"),
    ("300个品牌", 300.0, "brands"),
    ("5 stores", 5.0, "stores"),
    ("-5", -5.0, None),
    ("负三千", -3000.0, None),
]


@pytest.mark.parametrize(("text", "value", "unit"), EXACT)
def test_exact_figures(text, value, unit):
    check(text, value, value, value, unit, "exact")


QUALIFIED = [
    ("约2.5亿元", 2.5e8, 2.5e8, 2.5e8, "CNY", "about"),
    ("大约1.85万亿元", 1.85e12, 1.85e12, 1.85e12, "CNY", "about"),
    ("3000万左右", 3e7, 3e7, 3e7, None, "about"),
    ("5年上下", 5.0, 5.0, 5.0, "years", "about"),
    ("about 10000000 people", 1e7, 1e7, 1e7, "persons", "about"),
    ("around 5 million", 5e6, 5e6, 5e6, None, "about"),
    ("approximately 3%", 3.0, 3.0, 3.0, "percent", "about"),
    ("超过3000万", 3e7, 3e7, NAN, None, "over"),
    ("逾1000万人", 1e7, 1e7, NAN, "persons", "over"),
    ("3000多万", 3e7, 3e7, NAN, None, "over"),
    ("1000余万", 1e7, 1e7, NAN, None, "over"),
    ("3万多元", 3e4, 3e4, NAN, "CNY", "over"),
    ("3000万人以上", 3e7, 3e7, NAN, "persons", "over"),
    ("超百万", 1e6, 1e6, NAN, None, "over"),
    ("上百万", 1e6, 1e6, NAN, None, "over"),
    ("300多个", 300.0, 300.0, NAN, None, "over"),
    ("more than 30 million people", 3e7, 3e7, NAN, "persons", "over"),
    ("over a million", 1e6, 1e6, NAN, None, "over"),
    ("at least 9 levels", 9.0, 9.0, NAN, "levels", "over"),
    ("300+", 300.0, 300.0, NAN, None, "over"),
    ("近3000万人", 3e7, NAN, 3e7, "persons", "under"),
    ("将近2亿", 2e8, NAN, 2e8, None, "under"),
    ("接近50%", 50.0, NAN, 50.0, "percent", "under"),
    ("不到100人", 100.0, NAN, 100.0, "persons", "under"),
    ("100人以下", 100.0, NAN, 100.0, "persons", "under"),
    ("nearly 30 million", 3e7, NAN, 3e7, None, "under"),
    ("almost 2 billion yuan", 2e9, NAN, 2e9, "CNY", "under"),
    ("less than 5%", 5.0, NAN, 5.0, "percent", "under"),
    ("up to 40,000 yuan", 4e4, NAN, 4e4, "CNY", "under"),
]


@pytest.mark.parametrize(("text", "value", "low", "high", "unit", "qualifier"), QUALIFIED)
def test_qualified_figures(text, value, low, high, unit, qualifier):
    check(text, value, low, high, unit, qualifier)


RANGES = [
    ("3-5万", 3e4, 5e4, None),
    ("3~5万", 3e4, 5e4, None),
    ("3～5万", 3e4, 5e4, None),
    ("3至5万", 3e4, 5e4, None),
    ("3到5万元", 3e4, 5e4, "CNY"),
    ("3万-5万", 3e4, 5e4, None),
    ("1000-2000万人", 1e7, 2e7, "persons"),
    ("1.5-2亿", 1.5e8, 2e8, None),
    ("3-5%", 3.0, 5.0, "percent"),
    ("两三千", 2000.0, 3000.0, None),
    ("一两千", 1000.0, 2000.0, None),
    ("三四十万", 300000.0, 400000.0, None),
    ("五六年", 5.0, 6.0, "years"),
    ("三五", 3.0, 5.0, None),
    ("十五六", 15.0, 16.0, None),
    ("一千二三百", 1200.0, 1300.0, None),
    ("十几万", 110000.0, 190000.0, None),
    ("二十几", 21.0, 29.0, None),
    ("几十万", 200000.0, 900000.0, None),
    ("几万", 20000.0, 90000.0, None),
    ("数百万", 2e6, 9e6, None),
    ("five or six years", 5.0, 6.0, "years"),
    ("5 or 6 years", 5.0, 6.0, "years"),
    ("between 3 and 5 million", 3e6, 5e6, None),
    ("3 to 5 million", 3e6, 5e6, None),
    ("2 million or 3 million people", 2e6, 3e6, "persons"),
    ("from 10 million to 20 million", 1e7, 2e7, None),
    ("约3-5万", 3e4, 5e4, None),  # a range stays a range when also called approximate
]


@pytest.mark.parametrize(("text", "low", "high", "unit"), RANGES)
def test_ranges(text, low, high, unit):
    check(text, (low + high) / 2, low, high, unit, "range")


BAD = [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "unexpected"),
    ("零点点", "点"),
    ("1..2万", "decimal point"),
    ("1.2.3", "decimal point"),
    ("1,2000", "thousands separator"),
    ("3万-1万", "reversed"),
    ("2013-07-09", "range separator"),
    ("63/73/88/138元/盒", "/"),
    ("1e400", "too large"),
    ("九千九百亿亿", "twice"),
    ("三百五千", "out of order"),
    ("¥100美元", "conflicting units"),
    ("超过近100", "conflicting qualifiers"),
    ("元100", "before the number"),
    ("3万人5", "after"),
    ("x" * 10_000, "too long"),
    ("five three", "two numbers"),
    ("5 million 3 billion", "out of order"),
]


@pytest.mark.parametrize(("text", "reason"), BAD)
def test_bad_text_gives_nan_and_a_reason(text, reason):
    got = parse_amount(text)
    assert math.isnan(got.value) and math.isnan(got.low) and math.isnan(got.high)
    assert got.unit is None and got.qualifier is None
    assert got.error is not None and reason in got.error, got.error


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "missing"), (NAN, "missing"), (pd.NA, "missing"), (True, "boolean"), ([1], "list")],
)
def test_non_text_inputs_never_raise(value, expected):
    assert expected in parse_amount(value).error


def test_numbers_pass_through_and_infinities_are_rejected():
    assert parse_amount(12) == Amount(12.0, 12.0, 12.0, None, "exact", None)
    assert parse_amount(np.float64(2.5)).value == 2.5
    assert "finite" in parse_amount(float("inf")).error


def test_decimal_arithmetic_is_exact():
    # 3607.3 * 1e8 in binary floating point is not 360730000000.0 in general;
    # the parser computes in decimal and rounds once.
    assert parse_amount("3607.3亿").value == 360_730_000_000.0
    assert parse_amount("0.1万").value == 1000.0
    assert parse_amount("1.23456万").value == 12345.6  # cn2an truncates this to 12345


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**16 - 1))
@settings(max_examples=500)
def test_chinese_numerals_round_trip(n):
    # float cannot hold every integer above 2**53, so compare with float(n):
    # the parser's exact integer arithmetic rounds once, like float(n) does.
    assert parse_amount(format_chinese_number(n)).value == float(n)
    assert parse_amount(format_chinese_number(n, financial=True)).value == float(n)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (10010, "一万零一十"),
        (100001, "十万零一"),
        (10**8, "一亿"),
        (10**12, "一万亿"),
        (1_0000_0001, "一亿零一"),
        (2501_0000, "二千五百零一万"),
        (1_0001_0000_0000, "一万零一亿"),
        (10_0500, "十万零五百"),
        (1_2000_0000_0000, "一万二千亿"),
    ],
)
def test_format_chinese_number_examples(n, text):
    assert format_chinese_number(n) == text


@pytest.mark.parametrize("bad", [-1, 10**16, 1.5, "3", True])
def test_format_chinese_number_rejects_out_of_range(bad):
    with pytest.raises(ValueError, match="integer"):
        format_chinese_number(bad)


@given(st.text(max_size=60))
@settings(max_examples=400)
def test_any_text_never_raises(text):
    a = parse_amount(text)
    assert (a.error is None) != math.isnan(a.value)
    if a.error is None:
        assert math.isfinite(a.value) and not a.low > a.high
    assert a.unit is None or a.unit in UNITS
    assert a.qualifier is None or a.qualifier in QUALIFIERS
    d = parse_date(text)
    assert (d.error is None) == (d.precision in PRECISIONS)


@given(
    st.lists(
        st.text(alphabet="0123456789.,万亿千百十约近多-元人%一二三四五六七八九零两几 ", max_size=8),
        max_size=40,
    )
)
@settings(max_examples=200)
def test_column_parse_matches_scalar_parse(texts):
    s = pd.Series(texts, index=np.arange(len(texts)) * 3 + 7, dtype="str")
    out = parse_amounts(s)
    assert out.index.equals(s.index)
    for i, text in zip(s.index, texts, strict=True):
        a = parse_amount(text)
        row = out.loc[i]
        assert same(row["value"], a.value) and same(row["low"], a.low) and same(row["high"], a.high)
        for col in ("unit", "qualifier", "error"):
            want = getattr(a, col)
            assert (pd.isna(row[col]) and want is None) or row[col] == want


@given(
    st.integers(0, 10**12 - 1),
    st.integers(0, 6),
    st.sampled_from(["", "万", "亿", "千", "十万", "万亿", "元", "万人", "%"]),
    st.booleans(),
)
def test_fast_path_agrees_with_decimal_parser(whole, decimals, suffix, commas):
    frac = f"{whole % 10**decimals:0{decimals}d}" if decimals else ""
    number = f"{whole:,}" if commas and whole < 10**12 else str(whole)
    text = number + ("." + frac if frac else "") + suffix
    col = parse_amounts(pd.Series([text, text]))
    a = parse_amount(text)
    assert same(col["value"].iloc[0], a.value) and same(col["value"].iloc[1], a.value)
    assert (pd.isna(col["unit"].iloc[0]) and a.unit is None) or col["unit"].iloc[0] == a.unit


# ---------------------------------------------------------------------------
# columns
# ---------------------------------------------------------------------------


def test_parse_amounts_dtypes_index_and_missing_values():
    s = pd.Series(["1.2万", None, "约3万人", "abc", "1.2万", np.nan], index=list("abcdef"))
    out = parse_amounts(s)
    assert list(out.columns) == ["value", "low", "high", "unit", "qualifier", "error", "closed"]
    assert out.index.equals(s.index)
    assert out["value"].dtype == np.float64 and out["low"].dtype == np.float64
    assert isinstance(out["unit"].dtype, pd.CategoricalDtype)
    assert list(out["unit"].cat.categories) == list(UNITS)
    assert list(out["qualifier"].cat.categories) == list(QUALIFIERS)
    assert out["value"].tolist()[0] == 12000.0 and out["value"].tolist()[4] == 12000.0
    assert out.loc["b", "error"] == "missing value" and out.loc["f", "error"] == "missing value"
    assert out.loc["c", "unit"] == "persons" and out.loc["c", "qualifier"] == "about"
    assert "unexpected" in out.loc["d", "error"]
    assert out["error"].isna().sum() == 3


def test_parse_amounts_accepts_object_columns_with_numbers():
    s = pd.Series([1280, "1.2万", 2.5, None], dtype=object)
    assert parse_amounts(s)["value"].tolist()[:3] == [1280.0, 12000.0, 2.5]


def test_parse_amounts_empty_series():
    out = parse_amounts(pd.Series([], dtype="str"))
    assert len(out) == 0 and out.columns[0] == "value"


def test_parse_amounts_does_not_mutate_input():
    s = pd.Series(["1.2万", "abc"])
    before = s.copy()
    parse_amounts(s)
    pd.testing.assert_series_equal(s, before)


# ---------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------

T = pd.Timestamp

DATES = [
    ("2013年7月9日", None, "2013-07-09", "2013-07-09", "day"),
    ("2013年7月9号", None, "2013-07-09", "2013-07-09", "day"),
    ("二〇一三年七月九日", None, "2013-07-09", "2013-07-09", "day"),
    ("2013年7月", None, "2013-07-01", "2013-07-31", "month"),
    ("2013年", None, "2013-01-01", "2013-12-31", "year"),
    ("2013-07-09", None, "2013-07-09", "2013-07-09", "day"),
    ("2013/7/9", None, "2013-07-09", "2013-07-09", "day"),
    ("2013.7.9", None, "2013-07-09", "2013-07-09", "day"),
    ("20130709", None, "2013-07-09", "2013-07-09", "day"),
    ("２０１３－０７－０９", None, "2013-07-09", "2013-07-09", "day"),
    ("July 9, 2013", None, "2013-07-09", "2013-07-09", "day"),
    ("9 July 2013", None, "2013-07-09", "2013-07-09", "day"),
    ("Jul. 9 2013", None, "2013-07-09", "2013-07-09", "day"),
    ("the 9th of July, 2013", None, "2013-07-09", "2013-07-09", "day"),
    ("July 22nd", 2015, "2015-07-22", "2015-07-22", "day"),
    ("7月22日", 2015, "2015-07-22", "2015-07-22", "day"),
    ("July 2013", None, "2013-07-01", "2013-07-31", "month"),
    ("2015-07", None, "2015-07-01", "2015-07-31", "month"),
    ("2016年2月", None, "2016-02-01", "2016-02-29", "month"),
    ("2015年上半年", None, "2015-01-01", "2015-06-30", "half"),
    ("2015年下半年", None, "2015-07-01", "2015-12-31", "half"),
    ("2015H1", None, "2015-01-01", "2015-06-30", "half"),
    ("2015-H2", None, "2015-07-01", "2015-12-31", "half"),
    ("下半年", 2015, "2015-07-01", "2015-12-31", "half"),
    ("2015Q3", None, "2015-07-01", "2015-09-30", "quarter"),
    ("Q4 2015", None, "2015-10-01", "2015-12-31", "quarter"),
    ("2015年第三季度", None, "2015-07-01", "2015-09-30", "quarter"),
    ("2015年一季度", None, "2015-01-01", "2015-03-31", "quarter"),
    ("2015", None, "2015-01-01", "2015-12-31", "year"),
    ("2015年7月22日下午3点", None, "2015-07-22 15:00", "2015-07-22 15:00", "day"),
    ("2015年7月22日上午10点半", None, "2015-07-22 10:30", "2015-07-22 10:30", "day"),
    ("2015年7月22日晚上8点15分", None, "2015-07-22 20:15", "2015-07-22 20:15", "day"),
    ("2015-07-22 15:30:05", None, "2015-07-22 15:30:05", "2015-07-22 15:30:05", "day"),
    ("2015/7/22 8:05", None, "2015-07-22 08:05", "2015-07-22 08:05", "day"),
]


@pytest.mark.parametrize(("text", "ref_year", "start", "end", "precision"), DATES)
def test_dates(text, ref_year, start, end, precision):
    got = parse_date(text, ref_year=ref_year)
    assert got.error is None, got
    assert (got.start, got.end, got.precision) == (T(start), T(end), precision)


BAD_DATES = [
    ("July 22nd", "ref_year"),
    ("上半年", "ref_year"),
    ("2013-02-30", "day 30 is not in February 2013"),
    ("2015-02-29", "not in February 2015"),
    ("2013-13-01", "month 13"),
    ("3013-01-01", "outside 1900"),
    ("2015Q5", "not a date form"),
    ("13/7/9", "not a date form"),
    ("abc", "not a date form"),
    ("", "empty"),
    ("2015年7月22日下午25点", "not a time of day"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_DATES)
def test_bad_dates(text, reason):
    got = parse_date(text)
    assert got.start is pd.NaT and got.end is pd.NaT and got.precision is None
    assert reason in got.error


def test_parse_dates_column():
    s = pd.Series(["2013年7月9日", None, "2015Q3", "nonsense", "2013-07-09"], index=[5, 6, 7, 8, 9])
    out = parse_dates(s)
    assert out.index.equals(s.index)
    assert str(out["start"].dtype) == "datetime64[us]"
    starts = out["start"].tolist()
    assert starts[0] == T("2013-07-09") and starts[4] == T("2013-07-09")
    assert out.loc[7, "end"] == T("2015-09-30") and out.loc[7, "precision"] == "quarter"
    assert out.loc[6, "error"] == "missing value"
    assert out.loc[8, "error"].startswith("not a date form")
    assert list(out["precision"].cat.categories) == list(PRECISIONS)


@given(
    st.dates(min_value=T("1900-01-01").date(), max_value=T("2100-12-31").date()),
    st.sampled_from(
        [
            "{y}-{m:02d}-{d:02d}",
            "{y}/{m}/{d}",
            "{y}.{m}.{d}",
            "{y}{m:02d}{d:02d}",
            "{y}年{m}月{d}日",
            "{y}年{m}月{d}号",
        ]
    ),
)
def test_date_fast_path_agrees_with_scalar(day, fmt):
    text = fmt.format(y=day.year, m=day.month, d=day.day)
    col = parse_dates(pd.Series([text, "2015Q1"]))  # mixed so both paths run
    assert col["start"].iloc[0] == T(day) == parse_date(text).start
    assert col["precision"].iloc[0] == "day"


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(29, 31))
def test_impossible_days_rejected_on_both_paths(y, m, d):
    text = f"{y}-{m:02d}-{d:02d}"
    col = parse_dates(pd.Series([text]))
    scalar = parse_date(text)
    assert (scalar.error is None) == pd.notna(col["start"].iloc[0])
    if scalar.error is not None:
        assert col["error"].iloc[0] == scalar.error


@given(
    st.sampled_from(["", "约", "大约", "近", "将近", "接近", "超过", "逾", "超", "¥", "约¥", "￥"]),
    st.integers(0, 10**9),
    st.sampled_from(["", "多", "余"]),
    st.sampled_from(["", "万", "亿", "千万", "万亿"]),
    st.sampled_from(["", "多", "元", "人", "多元", "%", "年"]),
    st.sampled_from(["", "左右", "以上", "以下"]),
)
def test_fast_path_agrees_with_scalar_on_qualified_forms(pre, number, mid, mult, unit, post):
    text = f"{pre}{number}{mid}{mult}{unit}{post}"
    col = parse_amounts(pd.Series([text, "两三千"]))  # the second text takes the scalar path
    a = parse_amount(text)
    row = col.iloc[0]
    assert same(row["value"], a.value) and same(row["low"], a.low) and same(row["high"], a.high)
    for field in ("unit", "qualifier", "error"):
        want = getattr(a, field)
        assert (pd.isna(row[field]) and want is None) or row[field] == want, (text, field)


@given(
    st.lists(
        st.text(alphabet="零〇一二两三四五六七八九壹贰拾佰仟十百千万亿", min_size=1, max_size=26),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=300)
def test_vectorised_chinese_numerals_agree_with_scalar(texts):
    col = parse_amounts(pd.Series(texts, dtype="str"))
    for i, text in enumerate(texts):
        a = parse_amount(text)
        assert same(col["value"].iloc[i], a.value), text
        err = col["error"].iloc[i]
        assert (pd.isna(err) and a.error is None) or err == a.error, text


@given(st.integers(0, 10**16 - 1))
def test_vectorised_chinese_numerals_round_trip(n):
    text = format_chinese_number(n)
    assert parse_amounts(pd.Series([text, text]))["value"].iloc[1] == float(n)


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit", "qualifier"),
    [
        ("十来万", 1e5, 1e5, 1e5, None, "about"),
        ("1000来人", 1e3, 1e3, 1e3, "persons", "about"),
        ("+5%", 5.0, 5.0, 5.0, "percent", "exact"),
        ("五千余人", 5e3, 5e3, NAN, "persons", "over"),
        ("约合人民币3亿元", 3e8, 3e8, 3e8, "CNY", "about"),
        ("1-2千万", 1.5e7, 1e7, 2e7, None, "range"),
    ],
)
def test_forms_found_in_review(text, value, low, high, unit, qualifier):
    check(text, value, low, high, unit, qualifier)


def test_two_digit_years_in_chinese_dates_are_this_century():
    assert parse_date("15年7月1日").start == T("2015-07-01")
    assert parse_date("98年").start == T("1998-01-01")
    assert parse_date("2015年7月上旬").error.startswith("not a date form")  # 上旬 is not guessed


@pytest.mark.parametrize("text", ["1" * 100_000, "一" * 100_000, "(" * 100_000, "万" * 300])
def test_huge_texts_are_refused_quickly_not_parsed(text):
    import time

    start = time.perf_counter()
    assert "too long" in parse_amount(text).error and "too long" in parse_date(text).error
    assert time.perf_counter() - start < 1.0  # generous: bounded work, not a timing benchmark


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("十到二十万", 1e5, 2e5),
        ("两千到三千万", 2e7, 3e7),
        ("2千至3千万元", 2e7, 3e7),
        ("3百-5百万", 3e6, 5e6),
        ("5千-1万", 5e3, 1e4),
        ("two or three hundred", 200, 300),
        ("two to three hundred thousand", 2e5, 3e5),
    ],
)
def test_range_sides_share_only_the_units_the_lower_side_lacks(text, low, high):
    a = parse_amount(text)
    assert (a.low, a.high, a.qualifier) == (low, high, "range")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("千万级", "order of magnitude"),
        ("五四", "ambiguous"),
        ("一一", "ambiguous"),
        ("1.5万5", "ambiguous"),
    ],
)
def test_silently_wrong_readings_found_in_review_are_refused(text, reason):
    assert reason in parse_amount(text).error


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1万05", 10005.0, None),
        ("$10m", 1e7, "USD"),
        ("170 billion U.S. dollars", 1.7e11, "USD"),
        ("1.5 billion US dollars", 1.5e9, "USD"),
    ],
)
def test_more_forms_found_in_review(text, value, unit):
    a = parse_amount(text)
    assert (a.value, a.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("2015-07-22 15:30:00.000", "2015-07-22 15:30", "day"),
        ("2015-07-22T15:30:00Z", "2015-07-22 23:30", "day"),
        ("2015-07-22T15:30:00+08:00", "2015-07-22 15:30", "day"),
        ("20150701 08:00", "2015-07-01 08:00", "day"),
        ("201507", "2015-07-01", "month"),
        ("2015年H1", "2015-01-01", "half"),
        ("一五年七月", "2015-07-01", "month"),
    ],
)
def test_date_forms_found_in_review(text, start, precision):
    got = parse_date(text)
    assert (got.start, got.precision) == (T(start), precision)


def test_evening_twelve_is_not_noon():
    assert "midnight" in parse_date("2015年7月22日晚上12点").error


def test_a_one_item_tuple_is_not_taken_for_its_item():
    """pd.factorize codes (4,) as 4; the column parser keeps them apart, as the scalar does."""
    out = parse_amounts(pd.Series([np.int64(4), (4,)], dtype=object))
    assert out["value"].iloc[0] == 4.0
    assert np.isnan(out["value"].iloc[1])
    assert out["error"].iloc[1] == parse_amount((4,)).error
