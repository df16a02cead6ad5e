"""Tests for microcommerce.cleaning._taxonomy: alias tables and the normalise functions.

Imports the cleaning layer's private ``cleaning._taxonomy`` to test its machinery.
"""

from __future__ import annotations

import unicodedata
from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcommerce.cleaning import (
    CATEGORIES,
    PLATFORMS,
    TIERS,
    Normalized,
    aliases,
    normalize_category,
    normalize_platform,
    normalize_tier,
)
from microcommerce.cleaning import _taxonomy as taxonomy

NORMALIZERS = {
    "platform": normalize_platform,
    "category": normalize_category,
    "tier": normalize_tier,
}
VOCAB = {"platform": PLATFORMS, "category": CATEGORIES, "tier": TIERS}


def fullwidth(text: str) -> str:
    """ASCII letters/digits/punctuation to their full-width forms (space to U+3000)."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


def labels(func, raw: list) -> list:
    return func(pd.Series(raw, dtype=object)).values.tolist()


# ------------------------------------------------------------------ vocabularies


def test_vocabularies():
    assert PLATFORMS == ("wechat", "weidian", "taobao", "tmall", "jd", "paipai", "other")
    assert CATEGORIES[:7] == (
        "mask",
        "cosmetics",
        "daigou",
        "health_food",
        "apparel",
        "food",
        "maternal_baby",
    )
    assert "other" in CATEGORIES
    assert TIERS == ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "retail")


# --------------------------------------------------------------- hand-worked cases

PLATFORM_CASES = [
    ("微信", "wechat"),
    ("WeChat", "wechat"),
    ("WECHAT", "wechat"),
    (" wechat ", "wechat"),
    ("ｗｅｃｈａｔ", "wechat"),
    ("We Chat", "wechat"),
    ("Weixin", "wechat"),
    ("wei xin", "wechat"),
    ("朋友圈", "wechat"),
    ("微信朋友圈", "wechat"),
    ("微信(朋友圈)", "wechat"),
    ("Moments", "wechat"),
    ("WeChat  Moments", "wechat"),
    ("WeChat\u3000Moments", "wechat"),
    ("微信群", "wechat"),
    ("公众号", "wechat"),
    ("微信公众号", "wechat"),
    ("微信公眾號", "wechat"),
    ("小程序", "wechat"),
    ("微\u3000信", "wechat"),
    ("\u200b微信", "wechat"),
    ("微店", "weidian"),
    ("Weidian", "weidian"),
    ("口袋购物微店", "weidian"),
    ("淘宝", "taobao"),
    ("淘寶", "taobao"),
    ("TaoBao", "taobao"),
    ("淘宝网", "taobao"),
    ("Taobao.com", "taobao"),
    ("天猫", "tmall"),
    ("天貓", "tmall"),
    ("TMALL", "tmall"),
    ("淘宝商城", "tmall"),
    ("京东", "jd"),
    ("京東", "jd"),
    ("京东商城", "jd"),
    ("JD", "jd"),
    ("ＪＤ", "jd"),
    ("JD.com", "jd"),
    ("jd com", "jd"),
    ("Jingdong", "jd"),
    ("360buy", "jd"),
    ("拍拍", "paipai"),
    ("PaiPai", "paipai"),
    ("拍拍网", "paipai"),
    ("其他", "other"),
    ("其它", "other"),
    ("Other", "other"),
]


CATEGORY_CASES = [
    ("面膜", "mask"),
    ("补水面膜", "mask"),
    ("蚕丝面膜", "mask"),
    ("蠶絲面膜", "mask"),
    ("面膜贴", "mask"),
    ("Facial Mask", "mask"),
    ("MASK", "mask"),
    ("ｍａｓｋ", "mask"),
    ("补水保湿面膜 (10片)", "mask"),
    ("补水保湿面膜（10片）", "mask"),
    ("代购面膜", "mask"),
    ("化妆品", "cosmetics"),
    ("化妝品", "cosmetics"),
    ("护肤品", "cosmetics"),
    ("護膚品", "cosmetics"),
    ("彩妆", "cosmetics"),
    ("口红", "cosmetics"),
    ("Skincare", "cosmetics"),
    ("skin care", "cosmetics"),
    ("Cosmetics", "cosmetics"),
    ("玫瑰精华液 30ml", "cosmetics"),
    ("代购", "daigou"),
    ("代購", "daigou"),
    ("海外代购", "daigou"),
    ("代购商品", "daigou"),
    ("DAIGOU", "daigou"),
    ("韩国代购", "daigou"),
    ("保健品", "health_food"),
    ("保健食品", "health_food"),
    ("减肥茶", "health_food"),
    ("減肥茶", "health_food"),
    ("酵素", "health_food"),
    ("Health Food", "health_food"),
    ("health_food", "health_food"),
    ("Supplements", "health_food"),
    ("减肥茶 500g", "health_food"),
    ("保健食品礼盒", "health_food"),
    ("服装", "apparel"),
    ("服裝", "apparel"),
    ("女装", "apparel"),
    ("衣服", "apparel"),
    ("鞋包", "apparel"),
    ("Apparel", "apparel"),
    ("Clothing", "apparel"),
    ("夏季女装连衣裙", "apparel"),
    ("食品", "food"),
    ("零食", "food"),
    ("茶叶", "food"),
    ("茶葉", "food"),
    ("Food", "food"),
    ("Snacks", "food"),
    ("西湖龙井茶叶 250g", "food"),
    ("母婴", "maternal_baby"),
    ("母嬰", "maternal_baby"),
    ("奶粉", "maternal_baby"),
    ("纸尿裤", "maternal_baby"),
    ("紙尿褲", "maternal_baby"),
    ("Maternal and Baby", "maternal_baby"),
    ("maternal & baby", "maternal_baby"),
    ("荷兰进口奶粉 1段", "maternal_baby"),
    ("其他", "other"),
    ("other", "other"),
]


TIER_CASES = [
    ("总代", "0"),
    ("總代", "0"),
    ("总代理", "0"),
    ("全国总代", "0"),
    ("官方", "0"),
    ("联创", "0"),
    ("联合创始人", "0"),
    ("董事", "0"),
    ("执行董事", "0"),
    ("总裁", "0"),
    ("Top Agent", "0"),
    ("0", "0"),
    ("0级", "0"),
    ("零级", "0"),
    ("L0", "0"),
    ("一级代理", "1"),
    ("一级", "1"),
    ("一級", "1"),
    ("1级", "1"),
    ("１级", "1"),
    ("1级代理", "1"),
    ("level 1", "1"),
    ("Level1", "1"),
    ("LEVEL-1", "1"),
    ("L1", "1"),
    ("Ｌ１", "1"),
    ("L 1", "1"),
    ("lv.1", "1"),
    ("tier 1", "1"),
    ("level one", "1"),
    ("第一级", "1"),
    ("第1级代理", "1"),
    ("1", "1"),
    ("省代", "1"),
    ("二级", "2"),
    ("二级代理", "2"),
    ("二級代理", "2"),
    ("2级", "2"),
    ("市代", "2"),
    ("三级", "3"),
    ("三级代理商", "3"),
    ("县代", "3"),
    ("四级代理", "4"),
    ("五级", "5"),
    ("六级", "6"),
    ("七级", "7"),
    ("八级", "8"),
    ("九级", "9"),
    ("九级代理", "9"),
    ("level 9", "9"),
    ("L9", "9"),
    ("顾客", "retail"),
    ("消费者", "retail"),
    ("终端", "retail"),
    ("终端客户", "retail"),
    ("終端客戶", "retail"),
    ("零售", "retail"),
    ("End Customer", "retail"),
    ("end-customer", "retail"),
    ("Customer", "retail"),
    ("RETAIL", "retail"),
]


SPELLINGS = {"platform": PLATFORM_CASES, "category": CATEGORY_CASES, "tier": TIER_CASES}


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [(kind, raw, expected) for kind, cases in SPELLINGS.items() for raw, expected in cases],
)
def test_spellings_map_to_their_label(kind, raw, expected):
    res = NORMALIZERS[kind](pd.Series([raw]))
    assert res.values.tolist() == [expected]
    assert res.unmatched.empty


@pytest.mark.parametrize("raw", ["10级", "level 10", "L10", "十级", "特约", "分销", "合伙人", "一"])
def test_tier_non_matches_are_reported(raw):
    res = normalize_tier(pd.Series([raw]))
    assert res.values.isna().all()
    assert res.unmatched["value"].tolist() == [raw]


def test_tier_numeric_input():
    res = normalize_tier(pd.Series([0, 1, 9, 1]))
    assert res.values.tolist() == ["0", "1", "9", "1"]
    res = normalize_tier(pd.Series([1.0, np.nan, 3.0, 12.0]))
    assert res.values.tolist() == ["1", np.nan, "3", np.nan]
    assert res.unmatched["value"].tolist() == [12.0]


def test_tier_is_ordered():
    res = normalize_tier(pd.Series(["顾客", "总代", "三级", "一级"]))
    assert res.values.dtype.ordered
    assert list(res.values.cat.categories) == list(TIERS)
    assert res.values.min() == "0"
    assert res.values.max() == "retail"
    assert res.values.sort_values().tolist() == ["0", "1", "3", "retail"]


# ------------------------------------------------------------------- result shape


@pytest.mark.parametrize("kind", ["platform", "category", "tier"])
def test_result_dtype_index_and_name(kind):
    func = NORMALIZERS[kind]
    idx = pd.Index(["r9", "r3", "r3", "r1"], name="row")
    s = pd.Series([VOCAB[kind][0], None, "??", VOCAB[kind][-1]], index=idx, name="col")
    res = func(s)
    assert isinstance(res, Normalized)
    values, unmatched = res  # unpacks like a tuple
    assert isinstance(values.dtype, pd.CategoricalDtype)
    assert list(values.cat.categories) == list(VOCAB[kind])
    assert values.index.equals(s.index)
    assert values.name == "col"
    assert values.tolist() == [VOCAB[kind][0], np.nan, np.nan, VOCAB[kind][-1]]
    assert list(unmatched.columns) == ["value", "count"]


def test_unmatched_counts_sorted():
    raw = ["抖音", "微信", "快手", "抖音", "拼多多", "快手", "抖音", None, np.nan, "淘宝"]
    res = normalize_platform(pd.Series(raw))
    expected = pd.DataFrame({"value": ["抖音", "快手", "拼多多"], "count": [3, 2, 1]})
    pd.testing.assert_frame_equal(res.unmatched, expected, check_dtype=False)
    assert res.unmatched["count"].dtype == np.int64
    assert res.unmatched.index.equals(pd.RangeIndex(3))


def test_unmatched_ties_keep_first_appearance():
    res = normalize_category(pd.Series(["b?", "a?", "c?", "a?", "b?", "c?"]))
    assert res.unmatched["value"].tolist() == ["b?", "a?", "c?"]
    assert res.unmatched["count"].tolist() == [2, 2, 2]


def test_unmatched_raw_values_not_normalised():
    res = normalize_platform(pd.Series(["  抖音 ", "抖音", "ＴｉｋＴｏｋ"]))
    assert set(res.unmatched["value"]) == {"  抖音 ", "抖音", "ＴｉｋＴｏｋ"}


def test_missing_stays_missing_and_is_not_reported():
    s = pd.Series(["微信", None, np.nan, "淘宝"], dtype="str")
    res = normalize_platform(s)
    assert res.values.isna().tolist() == [False, True, True, False]
    assert res.unmatched.empty
    s = pd.Series(["微信", pd.NA], dtype="string")
    res = normalize_platform(s)
    assert res.values.tolist() == ["wechat", np.nan]
    assert res.unmatched.empty


def test_blank_strings_are_reported_not_missing():
    res = normalize_category(pd.Series(["", "  ", "面膜"]))
    assert res.values.tolist() == [np.nan, np.nan, "mask"]
    assert res.unmatched["value"].tolist() == ["", "  "]


def test_empty_and_all_missing_input():
    for s in (pd.Series([], dtype="str"), pd.Series([None, np.nan], dtype=object)):
        res = normalize_tier(s)
        assert len(res.values) == len(s)
        assert res.values.isna().all()
        assert res.unmatched.empty
        assert list(res.unmatched.columns) == ["value", "count"]


def test_categorical_and_object_input():
    s = pd.Series(["天猫", "x", "天猫"], dtype="category")
    res = normalize_platform(s)
    assert res.values.tolist() == ["tmall", np.nan, "tmall"]
    assert res.unmatched["value"].tolist() == ["x"]
    assert not isinstance(res.unmatched["value"].dtype, pd.CategoricalDtype)
    res = normalize_tier(pd.Series(["一级", 2, None, 3.0], dtype=object))
    assert res.values.tolist() == ["1", "2", np.nan, "3"]


def test_input_not_mutated():
    s = pd.Series(["ＪＤ ", "抖音", None], index=[3, 1, 2], name="p", dtype="str")
    before = s.copy()
    res = normalize_platform(s, extra_aliases={"抖音": "other"})
    pd.testing.assert_series_equal(s, before)
    assert res.values is not s


def test_idempotent():
    s = pd.Series([a for a, _ in TIER_CASES] + [None, "特约"])
    once = normalize_tier(s).values
    twice = normalize_tier(once)
    pd.testing.assert_series_equal(twice.values, once)
    assert twice.unmatched.empty


def test_not_a_series():
    with pytest.raises(TypeError, match="Series"):
        normalize_platform(["微信"])


# ---------------------------------------------------------------- extra_aliases


def test_extra_aliases_add_and_override():
    s = pd.Series(["省代", "有赞", "微店", "一级"])
    assert normalize_tier(s[[0, 3]]).values.tolist() == ["1", "1"]
    res = normalize_tier(s[[0, 3]], extra_aliases={"省代": "0"})
    assert res.values.tolist() == ["0", "1"]
    res = normalize_platform(s[[1, 2]], extra_aliases={"有赞": "other", "微店": "wechat"})
    assert res.values.tolist() == ["other", "wechat"]
    assert res.unmatched.empty


def test_extra_aliases_are_normalised_and_beat_contains():
    res = normalize_category(
        pd.Series(["面膜机", "面膜 机", "ＦＯＯ  bar", "foo bar"]),
        extra_aliases={"面膜机": "other", "FOO bar": "food"},
    )
    assert res.values.tolist() == ["other", "other", "food", "food"]


def test_extra_aliases_ambiguous_compact_key_is_not_guessed():
    extra = {"a b": "jd", "ab": "taobao"}
    res = normalize_platform(pd.Series(["a b", "AB", "a-b"]), extra_aliases=extra)
    assert res.values.tolist() == ["jd", "taobao", np.nan]
    assert res.unmatched["value"].tolist() == ["a-b"]


@pytest.mark.parametrize(
    ("func", "bad"),
    [
        (normalize_platform, "douyin"),
        (normalize_category, "Mask"),
        (normalize_tier, 1),
        (normalize_tier, "top"),
    ],
)
def test_extra_aliases_bad_canonical(func, bad):
    with pytest.raises(ValueError) as err:
        func(pd.Series(["x"]), extra_aliases={"x": bad})
    msg = str(err.value)
    assert repr(bad) in msg
    assert "allowed labels" in msg
    kind = {normalize_platform: PLATFORMS, normalize_category: CATEGORIES, normalize_tier: TIERS}
    assert all(repr(label) in msg for label in kind[func])


def test_extra_aliases_empty_alias():
    with pytest.raises(ValueError, match="empty alias"):
        normalize_platform(pd.Series(["x"]), extra_aliases={"  ": "jd"})


# ------------------------------------------------------------------ alias tables


@pytest.mark.parametrize("kind", ["platform", "category", "tier"])
def test_aliases_table(kind):
    t = aliases(kind)
    assert list(t.columns) == ["alias", "canonical", "match", "note"]
    assert len(t) > 10
    t.loc[:, "canonical"] = "zzz"  # a copy: the cached table is untouched
    assert set(aliases(kind)["canonical"]) <= set(VOCAB[kind])
    plural = {"platform": "platforms", "category": "categories", "tier": "tiers"}[kind]
    pd.testing.assert_frame_equal(aliases(kind), aliases(plural))


def test_aliases_unknown_kind():
    with pytest.raises(ValueError, match="unknown taxonomy kind"):
        aliases("brand")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(
    ("kind", "filename"),
    [("platform", "platforms.csv"), ("category", "categories.csv"), ("tier", "tiers.csv")],
)
def test_alias_csv_is_consistent(kind, filename):
    resource = files("microcommerce.cleaning") / "data" / filename
    with resource.open("rb") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False, encoding="utf-8")
    assert {"alias", "canonical"} <= set(raw.columns)
    assert set(raw["canonical"]) <= set(VOCAB[kind])
    assert set(raw.get("match", pd.Series(["exact"]))) <= {"exact", "contains"}
    assert (raw["alias"].str.strip() != "").all()
    if "match" not in raw.columns:
        raw["match"] = "exact"
    for _, group in raw.groupby("match"):
        keys = group.assign(key=group["alias"].map(_key))
        per_key = keys.groupby("key")["canonical"].nunique()
        assert (per_key == 1).all(), per_key[per_key > 1]
        # a canonical label used as an alias must map to itself
        own = keys[keys["key"].isin(VOCAB[kind])]
        assert (own["key"] == own["canonical"]).all()


@pytest.mark.parametrize("kind", ["platform", "category", "tier"])
def test_every_shipped_alias_maps_to_its_canonical(kind):
    t = aliases(kind)
    exact = t[t["match"] == "exact"]
    res = NORMALIZERS[kind](exact["alias"])
    assert res.unmatched.empty
    assert res.values.astype(str).tolist() == exact["canonical"].tolist()
    # and so does the full-width, upper-cased, padded spelling
    variant = exact["alias"].map(lambda a: "  " + fullwidth(a.upper()) + " ")
    res = NORMALIZERS[kind](variant)
    assert res.values.astype(str).tolist() == exact["canonical"].tolist()


def test_contains_keywords_map_alone_and_inside_text():
    t = aliases("category")
    kw = t[t["match"] == "contains"]
    res = normalize_category(kw["alias"])
    assert res.values.astype(str).tolist() == kw["canonical"].tolist()
    res = normalize_category("新款" + kw["alias"] + " (特价)")
    # the first keyword in file order wins, so a text may map to an earlier label
    assert res.unmatched.empty


def test_contains_precedence_is_file_order():
    t = aliases("category")
    kw = t.loc[t["match"] == "contains", "alias"].tolist()
    assert kw.index("面膜") < kw.index("代购")
    assert kw.index("减肥") < kw.index("茶叶")
    assert kw.index("保健") < kw.index("食品")


def test_package_data_lives_inside_the_package():
    root = files("microcommerce.cleaning") / "data"
    names = {p.name for p in root.iterdir()}
    assert {"platforms.csv", "categories.csv", "tiers.csv"} <= names


# ------------------------------------------------------------- property test

KNOWN = {
    "platform": [a for a, _ in PLATFORM_CASES],
    "category": [a for a, _ in CATEGORY_CASES],
    "tier": [a for a, _ in TIER_CASES],
}
EXPECTED = {
    "platform": dict(PLATFORM_CASES),
    "category": dict(CATEGORY_CASES),
    "tier": dict(TIER_CASES),
}


@st.composite
def alias_series(draw):
    kind = draw(st.sampled_from(sorted(KNOWN)))
    pool = KNOWN[kind] + ["未知", "???", None]
    raw = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=60))
    index = draw(
        st.lists(st.integers(-1000, 1000), min_size=len(raw), max_size=len(raw))
    )  # may hold duplicates
    return kind, pd.Series(raw, index=index, dtype=object)


@settings(max_examples=150, deadline=None)
@given(alias_series(), st.randoms(use_true_random=False))
def test_property_consistent_labels(case, rnd):
    kind, s = case
    func = NORMALIZERS[kind]
    res = func(s)
    assert res.values.index.equals(s.index)
    got = res.values.tolist()
    raw = s.tolist()
    seen: dict = {}
    for r, g in zip(raw, got, strict=True):
        if r is None:
            assert pd.isna(g)
            continue
        assert seen.setdefault(r, g) == g or (pd.isna(g) and pd.isna(seen[r]))
        if r in EXPECTED[kind]:
            assert g == EXPECTED[kind][r]
    # every non-missing value is either matched or reported with its exact count
    bad = dict(zip(res.unmatched["value"], res.unmatched["count"], strict=True))
    for r in set(raw) - {None}:
        n = raw.count(r)
        if pd.isna(seen[r]):
            assert bad[r] == n
        else:
            assert r not in bad
    assert sum(bad.values()) == int(res.values.isna().sum()) - raw.count(None)
    # a permutation of the rows permutes the labels
    order = list(range(len(s)))
    rnd.shuffle(order)
    shuffled = func(s.iloc[order])
    assert shuffled.values.tolist() == [got[i] for i in order]
    assert shuffled.values.index.equals(s.index[order])


# -------------------------------------------------------------------- scale


def test_million_rows_vectorised():
    rng = np.random.default_rng(42)
    pool = np.array([a for a, _ in CATEGORY_CASES] + ["未知品类", None], dtype=object)
    picks = rng.integers(0, len(pool), 1_000_000)
    s = pd.Series(pool[picks], dtype="str")
    res = normalize_category(s)
    assert len(res.values) == 1_000_000
    assert res.values.index.equals(s.index)
    expected = np.array([lab for _, lab in CATEGORY_CASES] + [np.nan, np.nan], dtype=object)[picks]
    got = res.values.to_numpy(dtype=object)
    both_na = pd.isna(got) & pd.isna(expected)
    assert ((got == expected) | both_na).all()
    assert res.unmatched["value"].tolist() == ["未知品类"]
    assert res.unmatched["count"].item() == int((picks == len(pool) - 2).sum())


def test_alias_tables_are_read_once(monkeypatch):
    taxonomy.normalize_tier(pd.Series(["总代"]))  # the tables are read (and cached) here
    reads = []
    monkeypatch.setattr(taxonomy, "read_packaged_csv", lambda *a, **k: reads.append(a))
    again = taxonomy.normalize_tier(pd.Series(["一级代理", "总代"]))
    assert reads == []  # served from the cache
    assert again.values.tolist() == ["1", "0"]
