"""Units read from product texts: counts only where a sign or a count word says so.

Imports the cleaning layer's private ``cleaning._orders`` (``units_in_text``, the reader
``clean_orders`` uses when an export has no quantity column) to test it directly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce.cleaning import clean_orders
from microcommerce.cleaning._orders import units_in_text

TITLES = Path(__file__).parents[1] / "data" / "product_titles.csv"

#: Words around a model number in a title; none is a count word (件, 盒, 瓶 …).
WORDS = ["", "新款", "正品", "手机", "车模", "官方旗舰", "保护壳", "打印笔", "全网通", "礼盒装"]
WORDS += ["Pro"]
CN = "一二三四五六七八九"


def model_tokens() -> st.SearchStrategy[str]:
    """Model, spec, year and size tokens: X5, iPhone15, 3D, 5G, 500ml, 2024新款, 10*32 …"""
    n = st.integers(1, 9999).map(str)
    return st.one_of(
        # X5, Mate60Pro, E32C; not a lone x2 / X2, which after a name is how a count is written
        # (面膜x2, 面膜 X2): a model written so is tested by hand as a known limit
        st.from_regex(r"\A[A-Za-z]{1,6}[0-9]{1,4}[A-Za-z]{0,3}\Z").filter(
            lambda tok: re.fullmatch(r"[xX][0-9]+", tok) is None
        ),
        st.from_regex(r"\A[0-9]{1,4}[A-Za-z]{1,3}\Z"),  # 3D, 5G, 500ml, 270Hz
        st.tuples(st.sampled_from(["小米", "宝马X", "红米K", "荣耀", "iPhone "]), n).map("".join),
        st.tuples(st.integers(2000, 2030), st.sampled_from(["新款", "款", "年", "春季"])).map(
            lambda t: f"{t[0]}{t[1]}"
        ),
        st.tuples(n, st.sampled_from(["斤", "克", "ml", "L", "片装", "cm", "度", "寸", "g装"])).map(
            "".join
        ),
        st.tuples(n, st.sampled_from(["x", "*", "×", "+"]), n).map("".join),  # sizes: 10*32
    )


@st.composite
def titles(draw) -> str:
    """A product title around one model token, the parts glued or spaced."""
    token = draw(model_tokens())
    before, after = draw(st.sampled_from(WORDS)), draw(st.sampled_from(WORDS))
    glue = draw(st.sampled_from(["", " "]))
    if re.search(r"[A-Za-z0-9]\Z", before) and re.match(r"[0-9]+[x*×+]", token):
        glue = " "  # Pro1*1 has the shape of 宝马X5*2, a model then its count: a known limit
    return f"{before}{glue}{token}{glue}{after}".strip()


@given(titles())
def test_a_model_number_never_yields_a_unit_count(title):
    assert units_in_text(pd.Series([title])).isna().all(), title


@given(titles(), st.integers(1, 99), st.sampled_from(["×", "*", "x", "X", "+", "盒", "瓶"]))
def test_a_count_written_after_any_title_is_read_exactly(title, n, how):
    if how == "X" and re.search(r"[A-Za-z]\Z", title):
        how = "x"  # a capital X after a Latin word is a model's letter (vivo X20, Mate X2)
    text = f"{title} {n}{how}" if how in ("盒", "瓶") else f"{title} {how}{n}"
    assert units_in_text(pd.Series([text])).tolist() == [str(n)], text


@given(titles(), st.integers(1, 9))
def test_a_count_in_chinese_numerals_is_read(title, n):
    text = f"{title} {CN[n - 1]}件"
    assert units_in_text(pd.Series([text])).tolist() == [str(n)], text


def test_real_product_titles_give_the_units_they_state():
    rows = pd.read_csv(TITLES, dtype="str", keep_default_na=False)
    assert rows["source"].str.len().gt(0).all()  # every title says where it was found
    got = units_in_text(rows["title"]).fillna("")
    assert dict(zip(rows["title"], got, strict=True)) == dict(
        zip(rows["title"], rows["units"], strict=True)
    )


COUNTS_BY_HAND = [  # (text, units read, why)
    ("宝马X5", "-", "a capital X glued to a name: a model's letter"),
    ("宝马X5*2", "2", "a model, then its count"),
    ("李x2", "2", "a small x glued to a name is how a count is written"),
    ("面膜x2", "2", ""),
    ("土鸡蛋x10", "10", ""),
    ("面膜x2，眼霜x1", "3", "one count per product"),
    ("补水面膜5片装x2", "2", "a pack of five sheets, bought twice"),
    ("李X2盒", "2", "a capital X before a count word is a sign"),
    ("面膜 X2", "2", "an X standing apart after a name"),
    ("vivo X20", "-", "an x after a Latin word: a model"),
    ("华为 Mate X2", "-", ""),
    ("小米mix2", "-", ""),
    ("X5", "-", "an x with nothing before it names nothing bought"),
    ("10x20", "-", "a size"),
    ("手机 X5", "5", "known limit: a model written so reads as 面膜 X2 does"),
    ("小米14 X2", "2", "an X standing apart after a number"),
    ("Pro1*1", "1", "known limit: a size glued to a model reads as 宝马X5*2 does"),
    ("两件", "2", ""),
    ("两件套", "-", "a two-piece set is one unit"),
    ("第三件", "-", "the third one: an ordinal"),
    ("十二瓶装", "-", "a pack of twelve, bought once"),
    ("10*32", "-", "a size"),
    ("面膜【x2】", "2", "brackets around a count"),
    ("面膜（2盒装）", "-", "a pack of two boxes"),
    ("【3盒】面膜", "3", ""),
    ("十二瓶", "12", ""),
    ("三瓶装*2", "2", "a pack, bought twice"),
    ("面膜（2盒）", "2", ""),
]


@pytest.mark.parametrize(
    ("text", "units", "why"), COUNTS_BY_HAND, ids=[c[0] for c in COUNTS_BY_HAND]
)
def test_counts_by_hand(text, units, why):
    assert units_in_text(pd.Series([text], dtype="str")).fillna("-").tolist() == [units], why


def test_a_cleaned_export_takes_no_units_from_model_numbers():
    raw = pd.DataFrame(
        {
            "订单号": ["1", "2", "3"],
            "下单时间": ["2024-05-01 09:00"] * 3,
            "商品": ["宝马X5车模", "小米14 x2", "3D打印笔，耗材 3盒"],
            "实付金额": ["99.00", "7998.00", "150.00"],
        }
    )
    clean = clean_orders(raw, seller="s").clean
    assert clean["quantity"].tolist() == [pd.NA, 2, 3]
