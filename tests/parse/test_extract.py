"""Figures and dates found in running text: the facts quotes, real sentences from public pages,
false matches that must not happen, and properties (offsets, inserted figures found again)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.datasets import load
from microcommerce.parse import (
    extract_amounts,
    extract_dates,
    facts_candidates,
    format_chinese_number,
)

FACTS = load("facts")


def found(text: str) -> list[tuple]:
    out = extract_amounts(text)
    return [
        (r.as_written, r.value, None if pd.isna(r.unit) else r.unit, r.qualifier)
        for r in out.itertuples()
    ]


# ---------------------------------------------------------------------------
# every facts quote
# ---------------------------------------------------------------------------

IN_QUOTE = [
    (r.fact_id, r.quote, r.as_written, r.value)
    for r in FACTS.itertuples()
    if isinstance(r.quote, str) and r.as_written in r.quote
]


def test_most_facts_quotes_hold_their_figure_as_written():
    assert len(IN_QUOTE) >= 40  # the test below is not vacuous


@pytest.mark.parametrize(("fact_id", "quote", "as_written", "value"), IN_QUOTE)
def test_extraction_finds_every_facts_figure_in_its_quote(fact_id, quote, as_written, value):
    out = extract_amounts(quote)
    hits = out[(out["as_written"] == as_written) & (out["value"] == value)]
    assert len(hits) >= 1, (fact_id, out[["as_written", "value"]].values.tolist())
    start, end = hits["char_start"].iloc[0], hits["char_end"].iloc[0]
    assert quote[start:end] == as_written


def test_all_quotes_at_once_give_what_each_gives_alone():
    quotes = FACTS["quote"]
    together = extract_amounts(quotes)
    for label, quote in quotes.items():
        alone = extract_amounts(quote) if isinstance(quote, str) else None
        if alone is None or alone.empty:
            assert label not in together.index.get_level_values(0)
            continue
        mine = together.xs(label, level=0)
        assert mine["as_written"].tolist() == alone["as_written"].tolist()
        assert mine["value"].tolist() == alone["value"].tolist()


# ---------------------------------------------------------------------------
# real sentences (the address of each page is given; read in 2026-12)
# ---------------------------------------------------------------------------

CNY, PCT, PERSONS, USD, YEARS = "CNY", "percent", "persons", "USD", "years"
REAL = [
    # hnkcm.com/2016/industry_0627/1248.html (ISC report on 2015, as reported)
    (
        "2015年微商行业总体市场规模为1819.5亿元,2016年将达到3607.3亿元,增长98.3%;全国微商从业"
        "规模为1257万人,预计2016年将达到1535万人,增长率为22.1%。",
        [
            ("1819.5亿元", 181_950_000_000, CNY, "exact"),
            ("3607.3亿元", 360_730_000_000, CNY, "exact"),
            ("98.3%", 98.3, PCT, "exact"),
            ("1257万人", 12_570_000, PERSONS, "exact"),
            ("1535万人", 15_350_000, PERSONS, "exact"),
            ("22.1%", 22.1, PCT, "exact"),
        ],
    ),
    ("6月21至23日,第十五届中国互联网大会在北京国际会议中心举行。", []),  # dates, an ordinal
    (
        "北京、浙江、山东的微商最为活跃;26~30岁的微商从业者最多,占比达54.6%;微商从业者以女性居多,"
        "占比72.3%",
        [
            ("26~30", 28, None, "range"),
            ("54.6%", 54.6, PCT, "exact"),
            ("72.3%", 72.3, PCT, "exact"),
        ],
    ),
    (
        "在微商所售卖的产品中,食品和化妆品、护肤品最多,分别占比40.9%和36.3%。",
        [("40.9%", 40.9, PCT, "exact"), ("36.3%", 36.3, PCT, "exact")],
    ),
    # chaxiaohao.com/read-1752051899l6242337.html
    (
        "头部从业者月入可达10万元以上,而普通代理月均收入约3000-5000元。",
        [("10万元以上", 100_000, CNY, "over"), ("约3000-5000元", 4000, CNY, "range")],
    ),
    (
        "2024年市场规模达3600亿元,从业人数约1500万。",
        [("3600亿元", 360_000_000_000, CNY, "exact"), ("约1500万", 15_000_000, None, "about")],
    ),
    (
        "头部品牌如韩束曾创下月销1亿元的纪录,但多数传统品牌在微商渠道难以持续,例如三九集团、江中集团"
        "等产品均在短期内退出市场。",
        [("1亿元", 100_000_000, CNY, "exact")],  # 三九 is a brand, not 3 to 9
    ),
    (
        "美妆品类占比超60%,生鲜食品增长迅速达37.24%份额。值得注意的是,53.19%的经营者面临获客难题",
        [
            ("超60%", 60, PCT, "over"),
            ("37.24%", 37.24, PCT, "exact"),
            ("53.19%", 53.19, PCT, "exact"),
        ],
    ),
    (
        "预计未来五年该模式将保持8%-10%的年均增速。",
        [("五年", 5, YEARS, "exact"), ("8%-10%", 9, PCT, "range")],
    ),
    # m.021xiongfeng.com/article/5138.html
    (
        "数据显示全国微商从业者规模突破6000万人,单季度交易额达1432亿元",
        [("6000万人", 60_000_000, PERSONS, "exact"), ("1432亿元", 143_200_000_000, CNY, "exact")],
    ),
    (
        "她代理的进口美妆产品通过12个微信群实现日均销售额1.2万元。",
        [("12个", 12, None, "exact"), ("1.2万元", 12_000, CNY, "exact")],
    ),
    (
        "2025年第一季度新增微商账号287万个,短视频平台带货主播数量同比增长62%。",
        [("287万个", 2_870_000, None, "exact"), ("62%", 62, PCT, "exact")],
    ),
    # www.08gf.com/news/jie-mi-quan-guo-wei-shang-xian-zhuang-….html
    (
        "截至2019年,全国微商从业者数量已超过2000万人。",
        [("超过2000万人", 20_000_000, PERSONS, "over")],
    ),
    # m.fx361.cc/news/2022/0213/10721704.html
    (
        "2020年中国电子商务规模达到1.7万亿美元,是美国的2.25倍。",
        [("1.7万亿美元", 1_700_000_000_000, USD, "exact"), ("2.25", 2.25, None, "exact")],
    ),
    # php.sqjnqi.com/faq/1857060.html (how contracts write sums)
    (
        "¥123.45 → 正确:人民币壹佰贰拾叁元肆角伍分",
        [("¥123.45", 123.45, CNY, "exact"), ("人民币壹佰贰拾叁元肆角伍分", 123.45, CNY, "exact")],
    ),
    # hbxthbgs.com/rmb/256927.html
    (
        "人民币壹拾捌万叁仟捌佰玖拾陆元整(¥183,896.00)",
        [
            ("人民币壹拾捌万叁仟捌佰玖拾陆元整", 183_896, CNY, "exact"),
            ("¥183,896.00", 183_896, CNY, "exact"),
        ],
    ),
    # m.yinshua168.com.cn/wenda/detail/nofollow/xt/7503587: the page's capitals and figures
    # disagree (52,000 against 52,500); extraction shows both
    (
        "合同中約定合同價人民幣大寫伍萬貳仟圓整(小寫¥52500.00)",
        [("伍萬貳仟圓整", 52_000, CNY, "exact"), ("¥52500.00", 52_500, CNY, "exact")],
    ),
    # 78we.com/1374538747/blog/1376958086 (market prices, spoken forms)
    (
        "大车西瓜只卖5毛钱一斤,有的干脆论个头卖,2元,3元,5元一个的随你挑选,算一算也就合3毛多钱一斤",
        [
            ("5毛钱", 0.5, CNY, "exact"),
            ("2元", 2, CNY, "exact"),
            ("3元", 3, CNY, "exact"),
            ("5元", 5, CNY, "exact"),  # not 5.1: 一个 is 'each'
            ("3毛多钱", 0.3, CNY, "over"),
        ],
    ),
    (
        "绿油油的水果黄瓜竟也有5毛的,7毛5分的,顶好的才1元,绿皮冬瓜8毛",
        [
            ("5毛", 0.5, CNY, "exact"),
            ("7毛5分", 0.75, CNY, "exact"),
            ("1元", 1, CNY, "exact"),
            ("8毛", 0.8, CNY, "exact"),
        ],
    ),
    # pixot.net/photo/20141015_5788.html
    (
        "博洛鋪大白菜——便宜了,三毛五一斤。今年大白菜的起價還不算高,大菜市進入尾聲時很可能一毛一斤。",
        [("三毛五", 0.35, CNY, "exact"), ("一毛", 0.1, CNY, "exact")],
    ),
    # twblogs.net/a/63ff2ea1fdd3fb722302c8ec
    ("菜心7塊錢一斤,馬蘭頭25一斤。", [("7塊錢", 7, CNY, "exact"), ("25", 25, None, "exact")]),
    ("原本,最剛開始上市也不過兩三塊一斤。", [("兩三塊", 2.5, CNY, "range")]),
    ("到那個時候,一塊錢一斤都賣不掉。", [("一塊錢", 1, CNY, "exact")]),
    # haomeiwen.com/subject/llgemktx.html
    (
        "它的价格是1.5元-2元一斤,包括下雨天也不会出现太大的波动,最多在2.5元左右波动一两毛。",
        [
            ("1.5元-2元", 1.75, CNY, "range"),
            ("2.5元左右", 2.5, CNY, "about"),
            ("一两毛", 0.15, CNY, "range"),
        ],
    ),
    (
        "哪怕26、27、28元一斤。一斤猪肝,才14元,比吃两斤花菜划算。",
        [
            ("26", 26, None, "exact"),
            ("27", 27, None, "exact"),
            ("28元", 28, CNY, "exact"),
            ("14元", 14, CNY, "exact"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), REAL)
def test_real_sentences(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------------------
# what is not a figure
# ---------------------------------------------------------------------------

NOT_FIGURES = [
    "订单号 202311150012345678 已发货",
    "订单编号:E20231115-0042",
    "客服电话 400-820-8820,手机13812345678,座机0755-83765566",
    "型号XR-2000,SKU: A1203-5,iPhone12",
    "2015-07-09 10:30 下单,2013年7月9日付款,7月22日到货",
    "千万不要相信万一的事情",
    "三星和九阳都是品牌,一家公司有一人负责",
    "这件事十分重要",
    "第3名,第十五届",
    "珠三角和八角",
    "版本1.2.3,5G网络,10km",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_codes_phones_ids_dates_ordinals_and_words_are_not_figures(text):
    assert found(text) == []


def test_a_figure_next_to_codes_and_dates_is_still_found():
    text = "订单号 202311150012345678,2015年7月9日付款2999元,型号XR-2000售价5999元"
    assert found(text) == [("2999元", 2999, CNY, "exact"), ("5999元", 5999, CNY, "exact")]


def test_from_x_to_y_after_a_verb_of_change_is_two_figures():
    text = 'the number of WeChat "traders" has grown from 10 million to 20 million this year'
    assert [f[:2] for f in found(text)] == [("10 million", 1e7), ("20 million", 2e7)]
    assert found("薪资从8500到3万") == [("8500到3万", 19_250, None, "range")]


def test_english_number_words_and_years():
    text = "more than 30 million people will work in it in 2018, 50.2 percent more than 2017"
    assert found(text) == [
        ("more than 30 million people", 3e7, PERSONS, "over"),
        ("50.2 percent", 50.2, PCT, "exact"),
    ]
    assert found("it takes five or six years; up to level nine")[0][:2] == (
        "five or six years",
        5.5,
    )


def test_marked_bounds_in_text_record_what_they_close():
    out = extract_amounts(
        "报账金额在1 万(含)-5 万元之间的交由上级批复,10万元(含)以上的由董事会批准"
    )
    assert out["as_written"].tolist() == ["1 万(含)-5 万元", "10万元(含)以上"]
    assert out["closed"].tolist() == ["left", "left"]
    assert out["low"].tolist() == [10_000, 100_000]


# ---------------------------------------------------------------------------
# shape: like Series.str.extractall
# ---------------------------------------------------------------------------


def test_series_in_extractall_shape_out():
    s = pd.Series(
        ["约3万人,近5000家", None, 12, "没有数字", "1.2万元"],
        index=pd.Index(list("abcde"), name="doc"),
    )
    out = extract_amounts(s)
    assert out.index.names == ["doc", "match"]
    assert out.index.tolist() == [("a", 0), ("a", 1), ("e", 0)]
    assert out.columns.tolist() == [
        "as_written",
        "char_start",
        "char_end",
        "value",
        "low",
        "high",
        "unit",
        "qualifier",
        "closed",
    ]
    assert out["char_start"].tolist() == [0, 5, 0]
    assert out["value"].tolist() == [30_000, 5000, 12_000]
    assert str(out["as_written"].dtype) == "str"
    assert isinstance(out["unit"].dtype, pd.CategoricalDtype)


def test_scalar_and_empty_inputs():
    assert extract_amounts("1.2万元").index.tolist() == [(0, 0)]
    empty = extract_amounts(pd.Series([], dtype="str"))
    assert empty.empty and empty.index.names == [None, "match"]
    assert extract_dates(pd.Series([None, 3])).empty


def test_repeated_texts_are_read_once_and_given_to_every_row():
    s = pd.Series(["销售额3607.3亿元"] * 3 + ["近3000万人"], index=[7, 8, 9, 10])
    out = extract_amounts(s)
    assert out.index.tolist() == [(7, 0), (8, 0), (9, 0), (10, 0)]
    assert out["value"].tolist() == [360_730_000_000] * 3 + [30_000_000]


# ---------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------


def test_extract_dates():
    text = (
        "2015年上半年的销售额为3万元,7月22日开会;In July 2015, about 10000000 people, since 2013."
    )
    out = extract_dates(text, ref_year=2015)
    assert out["as_written"].tolist() == ["2015年上半年", "7月22日", "July 2015", "2013"]
    assert out["precision"].tolist() == ["half", "day", "month", "year"]
    assert out["start"].tolist() == [
        pd.Timestamp(d) for d in ("2015-01-01", "2015-07-22", "2015-07-01", "2013-01-01")
    ]
    assert str(out["start"].dtype) == "datetime64[us]"
    starts, ends = out["char_start"].to_numpy(), out["char_end"].to_numpy()
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == out["as_written"].tolist()
    assert extract_dates(text)["as_written"].tolist() == ["2015年上半年", "July 2015", "2013"]


def test_dates_with_times_and_quarters():
    out = extract_dates("2025年第一季度报告于2025-07-09 17:04:59发布,15年7月1日生效")
    assert out["as_written"].tolist() == ["2025年第一季度", "2025-07-09 17:04:59", "15年7月1日"]
    assert out["end"].tolist()[0] == pd.Timestamp("2025-03-31")
    assert out["start"].tolist()[1] == pd.Timestamp("2025-07-09 17:04:59")


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

FILLERS = ["据统计,市场规模为", "。其中", ";预计今年", ",同比", "的销售额", " and ", "。"]


def _figure(kind: int, n: int) -> tuple[str, float]:
    """A figure as written and its value."""
    written, value = [
        (f"{n}万元", n * 10_000),
        (f"约{n}人", n),
        (f"{n / 10}亿", n * 10_000_000),
        (format_chinese_number(n, financial=True) + "元整", n),
        (f"{n}%", n),
        (f"¥{n:,}", n),
        (format_chinese_number(n % 9989 + 11) + "万", (n % 9989 + 11) * 10_000),
        (f"{n}w", n * 10_000),
    ][kind]
    return written, float(value)


@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(11, 10**6)), min_size=1, max_size=5),
    st.lists(st.sampled_from(FILLERS), min_size=6, max_size=6),
)
@settings(max_examples=100, deadline=None)
def test_figures_put_into_text_are_found_again_with_their_offsets(figures, fillers):
    text, want = fillers[0], []
    for (kind, n), filler in zip(figures, fillers[1:], strict=False):
        written, value = _figure(kind, n)
        want.append((len(text), written, value))
        text += written + filler
    out = extract_amounts(pd.Series([text, text]))
    first = out.xs(0, level=0)
    got = list(zip(first["char_start"], first["as_written"], first["value"], strict=True))
    assert got == want, text
    assert out.xs(1, level=0)["value"].tolist() == [v for *_, v in want]


@given(st.text(max_size=80))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_matches_that_are_slices_of_it(text):
    for extract in (extract_amounts, extract_dates):
        out = extract(text)
        for s, e, w in zip(out["char_start"], out["char_end"], out["as_written"], strict=True):
            assert 0 <= s < e <= len(text) and text[s:e] == w
    amounts = extract_amounts(text)
    assert np.isfinite(amounts["value"]).all()
    assert not math.isnan(amounts["value"].sum())


# ---------------------------------------------------------------------------
# candidate facts rows
# ---------------------------------------------------------------------------


def test_facts_candidates_have_the_facts_columns_and_conventions():
    text = (
        "2015年微商行业总体市场规模为1819.5亿元,2016年将达到3607.3亿元,增长98.3%。"
        "截止2016年底,微商从业者近3000万人。In 2019, China's online retail sales reached "
        "10,632.4 billion yuan. 第三季度的销售额为5万元(含)以上"
    )
    out = facts_candidates(pd.Series([text], index=pd.Index(["isc"], name="source")))
    facts_columns = ["period", "value", "value_low", "value_high", "unit", "qualifier"]
    assert {*facts_columns, "as_written", "quote"} <= set(FACTS.columns)
    assert out.columns.tolist() == [*facts_columns, "as_written", "quote", "closed"]
    assert out.index.names == ["source", "match"]
    assert out["period"].tolist()[:5] == ["2015", "2016", "2016", "2016", "2019"]
    assert pd.isna(out["period"].iloc[5])  # 第三季度 of no year
    assert out["as_written"].tolist() == [
        "1819.5亿元",
        "3607.3亿元",
        "98.3%",
        "近3000万人",
        "10,632.4 billion yuan",
        "5万元(含)以上",
    ]
    assert out["quote"].tolist()[3:5] == [
        "截止2016年底,微商从业者近3000万人。",
        "In 2019, China's online retail sales reached 10,632.4 billion yuan.",
    ]
    last = out.iloc[-1]
    assert (last["value_low"], last["qualifier"], last["closed"]) == (50_000, "over", "left")
    assert pd.isna(last["value_high"])


def test_facts_candidates_periods_in_facts_forms():
    out = facts_candidates(
        "2015年第三季度:3万元;2015年上半年:5万元;2015年7月:6万元;2015-07-09:7万元"
    )
    assert out["period"].tolist() == ["2015Q3", "2015-H1", "2015-07", "2015-07-09"]


def test_facts_candidates_rebuild_the_facts_rows_from_their_quotes():
    """Each facts row with its figure in its quote comes back with its value and bounds."""
    rows = FACTS[
        [
            isinstance(q, str) and a in q
            for q, a in zip(FACTS["quote"], FACTS["as_written"], strict=True)
        ]
    ]
    out = facts_candidates(rows["quote"])
    for label, row in rows.iterrows():
        mine = out.xs(label, level=0)
        hit = mine[mine["as_written"] == row["as_written"]].iloc[0]
        assert hit["value"] == row["value"]
        for bound in ("value_low", "value_high"):
            assert (pd.isna(hit[bound]) and pd.isna(row[bound])) or hit[bound] == row[bound]
