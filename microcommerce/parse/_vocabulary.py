"""The words of the amount grammar: units, qualifiers and English number words.

Every word the lexer of ``parse._amount`` knows is listed here with
what it means, so adding a unit or a qualifier is a change to data, not to code.
:func:`english` rewrites the English phrases of several words (``more than``,
``U.S. dollars``, ``between … and …``) into the single words the lexer reads.
"""

from __future__ import annotations

import re

from microcommerce.parse._numerals import Kind, Token

EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}

# Units written after the number (longest alternatives are matched first).
SUFFIX_UNITS = {
    "元人民币": "CNY",
    "人民币": "CNY",
    "块钱": "CNY",
    "元": "CNY",
    "块": "CNY",
    "yuan": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "renminbi": "CNY",
    "美元": "USD",
    "美金": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "人": "persons",
    "名": "persons",
    "位": "persons",
    "people": "persons",
    "persons": "persons",
    "person": "persons",
    "individuals": "persons",
    "个网店": "stores",
    "个店": "stores",
    "家店": "stores",
    "网店": "stores",
    "家": "stores",
    "stores": "stores",
    "store": "stores",
    "shops": "stores",
    "shop": "stores",
    "年": "years",
    "years": "years",
    "year": "years",
    "yrs": "years",
    "个月": "months",
    "months": "months",
    "month": "months",
    "盒": "boxes",
    "boxes": "boxes",
    "box": "boxes",
    "片": "pieces",
    "件": "pieces",
    "pieces": "pieces",
    "piece": "pieces",
    "pcs": "pieces",
    "%": "percent",
    "percent": "percent",
    "pct": "percent",
    "个品牌": "brands",
    "品牌": "brands",
    "brands": "brands",
    "个层级": "levels",
    "层级": "levels",
    "级": "levels",
    "层": "levels",
    "levels": "levels",
    "tiers": "levels",
}
# Units written before the number.
PREFIX_UNITS = {
    "¥": "CNY",
    "人民币": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "$": "USD",
    "usd": "USD",
    "百分之": "percent",
}
PREFIX_QUALIFIERS = {
    "约为": "about",
    "约合": "about",
    "大约": "about",
    "大概": "about",
    "约": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx": "about",
    "roughly": "about",
    "some": "about",
    "将近": "under",
    "接近": "under",
    "近": "under",
    "不到": "under",
    "不足": "under",
    "至多": "under",
    "最多": "under",
    "不超过": "under",
    "不多于": "under",
    "不高于": "under",
    "低于": "under",
    "少于": "under",
    "小于": "under",
    "nearly": "under",
    "almost": "under",
    "under": "under",
    "lessthan": "under",
    "upto": "under",
    "below": "under",
    "超过": "over",
    "超": "over",
    "逾": "over",
    "至少": "over",
    "最少": "over",
    "不少于": "over",
    "不低于": "over",
    "高于": "over",
    "大于": "over",
    "多于": "over",
    "over": "over",
    "morethan": "over",
    "atleast": "over",
    "above": "over",
    "exceeded": "over",  # news English: 'exceeded 240.2 billion yuan'
    "exceeding": "over",
}
SUFFIX_QUALIFIERS = {
    "左右": "about",
    "上下": "about",
    "来": "about",
    "以上": "over",
    "有余": "over",
    "多": "over",
    "余": "over",
    "起": "over",
    "plus": "over",
    "ormore": "over",
    "+": "over",
    "以下": "under",
    "以内": "under",
    "orless": "under",
}
SEPARATORS = {"-", "~", "至", "到", "to", "or"}
INNER_QUALIFIERS = {"多", "余", "来"}  # 3000多万, 十来万: may stand between digits and 万
CLASSIFIERS = {"个"}  # 300多个: a bare measure word, which names no unit
FILLERS = {"from", "and", "of", "the", "从"}
# The parts of a sum of money after the yuan: 角 and 毛 (tenths), 分 (hundredths).
SUBUNITS = {"角": Kind.JIAO, "毛": Kind.JIAO, "分": Kind.FEN}
MONEY_WORDS = {"钱", "整", "正"}  # 五分钱; 元整 and 元正 close a sum on invoices
# 含 (included) and 不含 (excluded) written after a bound: 50万元(含)以上.
MARKERS = {"(含)": True, "(含本数)": True, "(不含)": False, "(不含本数)": False}
# Chat shorthand: 30w = 30万, 1.5kw = 1.5千万 (k stays an English thousand).
LETTER_UNITS: dict[str, tuple[Token, ...]] = {
    "w": ((Kind.BIG, 10**4),),
    "kw": ((Kind.SMALL, 1000), (Kind.BIG, 10**4)),
}

_EN_PHRASES = re.compile(
    r"less than|fewer than|more than|in excess of|at least|up to|per cent|or more|or less"
    r"|u\.s\. dollars?|us dollars?|us\$|\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
)
_EN_PHRASE_SUB = {
    "less than": "lessthan ",
    "fewer than": "lessthan ",
    "more than": "morethan ",
    "in excess of": "morethan ",
    "at least": "atleast ",
    "up to": "upto ",
    "u.s. dollars": " usd",
    "u.s. dollar": " usd",
    "us dollars": " usd",
    "us dollar": " usd",
    "per cent": "percent ",
    "or more": " ormore",
    "or less": " orless",
    "us$": "usd ",
}
LATIN = re.compile(r"[a-z$]")


def english(s: str) -> str:
    """Rewrite English multi-word phrases into the single words the lexer reads."""
    s = _EN_PHRASES.sub(lambda m: _EN_PHRASE_SUB.get(m.group(0)) or m.group(1) + " ", s)
    if s.startswith("between ") and " and " in s:
        head, _, tail = s[len("between ") :].rpartition(" and ")
        s = f"{head} to {tail}"
    return s
