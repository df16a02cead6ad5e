"""Platforms, product categories and agent tiers: alias tables and normalisers.

Analysts' exports spell the same thing in many ways: ``微信``, ``WeChat``,
``ｗｅｃｈａｔ``, ``朋友圈`` and ``公眾號`` are all WeChat; ``一级代理``, ``1级``,
``L1`` and ``Level 1`` are all agent tier 1. This module maps such raw values
onto three small vocabularies of canonical labels:

=============  ==============================================================
vocabulary     canonical labels
=============  ==============================================================
platform       ``PLATFORMS`` ``wechat, weidian, taobao, tmall, jd, paipai, other``
category       ``CATEGORIES`` ``mask, cosmetics, daigou, health_food, apparel,
               food, maternal_baby, other``
tier           ``TIERS`` ``"0"`` (top agents) ... ``"9"``, ``"retail"``
               (end customers); an *ordered* categorical
=============  ==============================================================

The alias tables are data, not code: ``cleaning/data/platforms.csv``,
``categories.csv`` and ``tiers.csv`` inside the package, with columns
``alias, canonical, match, note``. :func:`aliases` shows them. Users add or
override mappings with ``extra_aliases``.

Matching
--------
Every raw value is turned into a *key*: Unicode NFKC (full-width letters and
digits become half-width), casefold, strip, internal whitespace collapsed to
one space; the table aliases get the same treatment. A value is then matched
by the first rule that applies:

1. missing input (``NaN``/``None``/``pd.NA``) stays missing and is **not**
   reported as unmatched;
2. ``extra_aliases`` (exact key);
3. the canonical labels themselves and the table's ``exact`` rows (exact key);
4. the *compact* key (key with all whitespace, punctuation and symbols removed,
   so ``JD.com``, ``jd com`` and ``JD-com`` agree), ``extra_aliases`` first;
5. tiers only: patterns ``N级``, ``N级代理``, ``第N级``, ``level N``, ``L N``,
   ``lv N``, ``tier N`` with N a digit ``0``-``9``, a Chinese numeral
   ``零/〇/一 … 九`` (also ``壹 … 玖``) before ``级``/``級``, or an English
   number word after ``level``; ``0`` means tier ``"0"`` (top agents);
6. categories only: the table's ``contains`` rows, **in file order**; the first
   keyword found inside the compact key wins (product keywords such as ``面膜``
   come before the channel keyword ``代购``, so ``代购面膜`` is a mask);
7. anything else is *unmatched*: ``NaN`` in the result and listed, with its row
   count, in :attr:`Normalized.unmatched`. Blank strings are values, not missing
   data, so they are reported too.

Traditional characters (``淘寶``, ``天貓``, ``京東``, ``公眾號``, ``一級``) are
handled by explicit rows in the tables, not by a character converter.

Tier 0
------
Tier ``"0"`` is every agent who buys from the brand itself: ``总代``/``总代理``,
``全国总代``, and the ranks some brands put above the general agent (``联创``,
``联合创始人``, ``董事``, ``执行董事``, ``总裁``) which the schema does not
separate. ``官方`` (the brand or its official account selling directly) is also
``"0"`` because the schema has no level above it. ``省代`` (provincial agent)
is ``"1"``: in the ``全国总代 > 省代 > 市代 > 县代`` ladder it buys from a tier-0
agent, and tier numbers count purchase steps below the brand; by the same
logic ``市代`` is ``"2"`` and ``县代`` is ``"3"``. All of these are data rows;
override them with ``extra_aliases={"省代": "0"}``. Ranks whose position varies
too much between brands (``特约``, ``分销``, ``合伙人``, ``大区``) are left
unmatched on purpose, so they show up in the report.

Speed
-----
The input is factorised (:func:`pandas.factorize`); only the distinct values
are normalised and matched, and the labels are broadcast back with
:meth:`pandas.Categorical.from_codes`. A million rows with a few hundred
distinct spellings take a few hundredths of a second.

Examples
--------
>>> import pandas as pd
>>> from microcommerce.cleaning import normalize_platform
>>> res = normalize_platform(pd.Series(["微信", "淘寶", "ＪＤ", "抖音", None]))
>>> res.values.tolist()
['wechat', 'taobao', 'jd', nan, nan]
>>> res.unmatched
  value  count
0    抖音      1
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

import numpy as np
import pandas as pd

from microcommerce.core._docstrings import fill_doc
from microcommerce.core._resources import read_packaged_csv
from microcommerce.core._text import compact_key, matching_key
from microcommerce.errors import InputError, ParameterError, ParameterTypeError, UnknownNameError

__all__ = [
    "CATEGORIES",
    "CATEGORY_DTYPE",
    "PLATFORMS",
    "PLATFORM_DTYPE",
    "TIERS",
    "TIER_DTYPE",
    "Normalized",
    "aliases",
    "ladder_aliases",
    "normalize_category",
    "normalize_platform",
    "normalize_tier",
]


PLATFORMS: tuple[str, ...] = ("wechat", "weidian", "taobao", "tmall", "jd", "paipai", "other")
"""Canonical platform labels."""

CATEGORIES: tuple[str, ...] = (
    "mask",
    "cosmetics",
    "daigou",
    "health_food",
    "apparel",
    "food",
    "maternal_baby",
    "other",
)
"""Canonical product-category labels."""

TIERS: tuple[str, ...] = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "retail")
"""Canonical agent tiers, top first: ``"0"`` top agents … ``"9"``, ``"retail"`` end customers."""

PLATFORM_DTYPE = pd.CategoricalDtype(pd.Index(PLATFORMS), ordered=False)
"""Categorical dtype of normalised platforms."""
CATEGORY_DTYPE = pd.CategoricalDtype(pd.Index(CATEGORIES), ordered=False)
"""Categorical dtype of normalised categories."""
TIER_DTYPE = pd.CategoricalDtype(pd.Index(TIERS), ordered=True)
"""Ordered categorical dtype of normalised tiers (``"0" < "1" < … < "9" < "retail"``)."""

_VOCAB: dict[str, tuple[str, ...]] = {
    "platform": PLATFORMS,
    "category": CATEGORIES,
    "tier": TIERS,
}
_DTYPE: dict[str, pd.CategoricalDtype] = {
    "platform": PLATFORM_DTYPE,
    "category": CATEGORY_DTYPE,
    "tier": TIER_DTYPE,
}
_FILE = {"platform": "platforms.csv", "category": "categories.csv", "tier": "tiers.csv"}
_KIND_NAMES = {
    "platform": "platform",
    "platforms": "platform",
    "category": "category",
    "categories": "category",
    "tier": "tier",
    "tiers": "tier",
}
_MATCH_KINDS = ("exact", "contains")


class Normalized(NamedTuple):
    """Result of a ``normalize_*`` function.

    Attributes
    ----------
    values : pandas.Series
        Canonical labels, dtype ``category`` with the full vocabulary as
        categories, same index and name as the input. Missing and unmatched
        input are ``NaN``.
    unmatched : pandas.DataFrame
        The distinct raw values that matched nothing, columns ``value`` (as in
        the input) and ``count`` (rows holding that value), sorted by ``count``
        descending, ties in order of first appearance. Missing input is never
        listed. Empty when everything matched.
    """

    values: pd.Series
    unmatched: pd.DataFrame


# --------------------------------------------------------------------------- keys


def _to_text(value: object) -> str:
    """Text of one distinct raw value; integral numbers lose any ``.0`` (``1.0`` → ``"1"``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------------- tables


def _kind(kind: str) -> str:
    try:
        return _KIND_NAMES[kind]
    except (KeyError, TypeError):
        raise UnknownNameError(
            f"unknown taxonomy kind {kind!r}; use one of 'platform', 'category', 'tier'",
            name=kind,
            known=list(_KIND_NAMES),
        ) from None


@functools.cache
def _table(kind: str) -> pd.DataFrame:
    """Read the shipped alias table of *kind* once, and check it."""
    name = f"data/{_FILE[kind]}"
    table = read_packaged_csv(__package__, name)
    missing = {"alias", "canonical"} - set(table.columns)
    if missing:
        raise InputError(
            f"missing column(s) {sorted(missing)}; expected alias, canonical (match, note)",
            path=name,
        )
    if "match" not in table.columns:
        table["match"] = "exact"
    if "note" not in table.columns:
        table["note"] = ""
    table = table[["alias", "canonical", "match", "note"]]
    table = table.assign(match=table["match"].str.strip().str.lower().replace("", "exact"))
    vocab = _VOCAB[kind]
    for row, (alias, canonical, match) in enumerate(
        zip(table["alias"], table["canonical"], table["match"], strict=True), start=2
    ):
        checks = (  # (fails, column, message), the first failing one is raised
            (
                canonical not in vocab,
                "canonical",
                f"{canonical!r} is not a {kind} label; allowed labels: {', '.join(vocab)}",
            ),
            (match not in _MATCH_KINDS, "match", f"expected 'exact' or 'contains', not {match!r}"),
            (not compact_key(matching_key(alias)), "alias", "empty alias"),
        )
        for fails, column, message in checks:
            if fails:
                raise InputError(message, path=name, row=row, column=column)
    return table


@dataclass(frozen=True)
class _Rules:
    exact: Mapping[str, int]
    compact: Mapping[str, int]
    contains: tuple[tuple[str, int], ...] = ()


def _build(pairs: list[tuple[str, int]], source: str, *, strict: bool) -> _Rules:
    """Exact and compact lookups from ``(key, code)`` pairs.

    Conflicting exact keys raise. Conflicting compact keys raise when *strict*
    (the shipped tables), otherwise they are dropped (ambiguous).
    """
    exact: dict[str, int] = {}
    for key, code in pairs:
        if exact.setdefault(key, code) != code:
            raise _conflict(source, f"alias {key!r} is mapped to two different labels")
    compact: dict[str, int] = {}
    ambiguous: set[str] = set()
    for key, code in exact.items():
        ckey = compact_key(key)
        if compact.setdefault(ckey, code) != code:
            if strict:
                raise _conflict(
                    source,
                    f"aliases that differ only in spacing/punctuation ({ckey!r}) "
                    "are mapped to different labels",
                )
            ambiguous.add(ckey)
    for ckey in ambiguous:
        del compact[ckey]
    compact.pop("", None)
    return _Rules(exact=exact, compact=compact)


def _conflict(source: str, message: str) -> ParameterError | InputError:
    """Make the error for a conflict: a ParameterError in ``extra_aliases``, else an InputError."""
    if source == "extra_aliases":
        return ParameterError(f"extra_aliases: {message}")
    return InputError(message, path=source)


@functools.cache
def _rules(kind: str) -> _Rules:
    """Compiled shipped rules of *kind* (canonical labels map to themselves)."""
    table = _table(kind)
    vocab = _VOCAB[kind]
    code_of = {label: i for i, label in enumerate(vocab)}
    pairs = [(matching_key(label), i) for i, label in enumerate(vocab)]
    is_exact = table["match"] == "exact"
    pairs += [
        (matching_key(a), code_of[c])
        for a, c in zip(table.loc[is_exact, "alias"], table.loc[is_exact, "canonical"], strict=True)
    ]
    rules = _build(pairs, f"data/{_FILE[kind]}", strict=True)
    keywords = table.loc[~is_exact, ["alias", "canonical"]]
    contains = tuple(
        (compact_key(matching_key(a)), code_of[c])
        for a, c in zip(keywords["alias"], keywords["canonical"], strict=True)
    )
    return _Rules(exact=rules.exact, compact=rules.compact, contains=contains)


def _extra_rules(kind: str, extra_aliases: Mapping[str, str] | None) -> _Rules | None:
    if not extra_aliases:
        return None
    vocab = _VOCAB[kind]
    pairs = []
    for alias, canonical in extra_aliases.items():
        if not isinstance(canonical, str) or canonical not in vocab:
            raise UnknownNameError(
                f"extra_aliases maps {alias!r} to {canonical!r}, which is not a {kind} label; "
                f"allowed labels: {', '.join(repr(v) for v in vocab)}",
                name=canonical,
                known=vocab,
            )
        key = matching_key(_to_text(alias))
        if not key:
            raise ParameterError(
                f"extra_aliases has an empty alias {alias!r} (for {canonical!r}): expected "
                "a name with letters or digits"
            )
        pairs.append((key, vocab.index(canonical)))
    return _build(pairs, "extra_aliases", strict=False)


def aliases(kind: str) -> pd.DataFrame:
    """Show the shipped alias table of one vocabulary.

    Parameters
    ----------
    kind : {"platform", "category", "tier"}
        Which table (plural spellings are accepted too).

    Returns
    -------
    pandas.DataFrame
        A copy of the table, columns ``alias, canonical, match, note``, in file
        order (the order of ``contains`` rows is their precedence). The
        canonical labels themselves always match and are not listed.

    Examples
    --------
    >>> t = aliases("platform")
    >>> list(t.columns)
    ['alias', 'canonical', 'match', 'note']
    >>> t.loc[t["alias"] == "淘宝商城", "canonical"].item()
    'tmall'
    >>> aliases("category").query("match == 'contains'")["alias"].iloc[0]
    '面膜'
    """
    return _table(_kind(kind)).copy()


# ----------------------------------------------------------------------- matching

_CN_DIGITS = {
    **{str(i): i for i in range(10)},
    **dict.fromkeys("零〇", 0),
    **{ch: i + 1 for i, ch in enumerate("一二三四五六七八九")},
    **{ch: i + 1 for i, ch in enumerate("壹贰叁肆伍陆柒捌玖")},
    "貳": 2,
    "參": 3,
    "陸": 6,
}
_EN_DIGITS = {
    w: i
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    )
}
_TIER_CN = re.compile(
    "^第?(?P<n>[" + "".join(_CN_DIGITS) + "])[级級]"
    "(?:代理商?|代理人|代|经销商?|經銷商?|分销商?|分銷商?)?$"
)
_TIER_EN = re.compile(
    r"^(?:level|lvl|lv|l|tier)(?P<n>[0-9]|" + "|".join(_EN_DIGITS) + r")(?:agents?)?$"
)


def _tier_pattern(ckey: str) -> int:
    """Tier code from a compact key like ``一级代理``/``第3级``/``level2``/``l5``, else -1."""
    m = _TIER_CN.match(ckey)
    if m:
        return _CN_DIGITS[m["n"]]
    m = _TIER_EN.match(ckey)
    if m:
        n = m["n"]
        return int(n) if n.isdigit() else _EN_DIGITS[n]
    return -1


def _match_keys(keys: list[str], kind: str, extra: _Rules | None) -> np.ndarray:
    """Vocabulary code (or -1) for each distinct key, applying the rules in order."""
    rules = _rules(kind)
    lookups = [r for r in (extra, rules) if r is not None]
    out = np.full(len(keys), -1, dtype=np.intp)
    compacts = [compact_key(k) for k in keys]
    for i, (key, ckey) in enumerate(zip(keys, compacts, strict=True)):
        code = next((r.exact[key] for r in lookups if key in r.exact), -1)
        if code < 0:
            code = next((r.compact[ckey] for r in lookups if ckey in r.compact), -1)
        if code < 0 and kind == "tier":
            code = _tier_pattern(ckey)
        out[i] = code
    if rules.contains:
        todo = np.flatnonzero(out < 0)
        if todo.size:
            remaining = pd.Series([compacts[i] for i in todo], dtype="str")
            open_ = np.ones(todo.size, dtype=bool)
            for keyword, code in rules.contains:
                hit = remaining.str.contains(keyword, regex=False).to_numpy(dtype=bool) & open_
                out[todo[hit]] = code
                open_ &= ~hit
                if not open_.any():
                    break
    return out


def _normalize(values: pd.Series, kind: str, extra_aliases: Mapping[str, str] | None) -> Normalized:
    if not isinstance(values, pd.Series):
        raise ParameterTypeError(f"values: expected a pandas Series, got {type(values).__name__}")
    extra = _extra_rules(kind, extra_aliases)
    codes, uniques = pd.factorize(values)  # missing -> -1
    if isinstance(uniques, pd.CategoricalIndex):
        uniques = uniques.astype(uniques.categories.dtype)
    texts = uniques.tolist() if pd.api.types.is_string_dtype(uniques.dtype) else None
    if texts is None or any(not isinstance(t, str) for t in texts):
        texts = [_to_text(u) for u in uniques]
    labels = _match_keys([matching_key(t) for t in texts], kind, extra)
    # take(-1) picks the appended -1, so missing input stays missing
    out_codes = np.append(labels, -1).take(codes)
    result = pd.Series(
        pd.Categorical.from_codes(out_codes, dtype=_DTYPE[kind]),
        index=values.index,
        name=values.name,
    )
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    bad = np.flatnonzero(labels < 0)
    bad = bad[np.argsort(-counts[bad], kind="stable")]
    unmatched = pd.DataFrame(
        {"value": pd.Series(uniques.take(bad)), "count": counts[bad].astype(np.int64)}
    )
    return Normalized(values=result, unmatched=unmatched)


_SECTIONS = """\
Parameters
----------
values : pandas.Series
    {values} (any dtype; not modified).
extra_aliases : mapping of str to str, optional
    Extra exact ``alias -> canonical`` rows, normalised like the input and taking
    precedence over the shipped table (``aliases("{kind}")``).{extra}

Returns
-------
Normalized
    ``values``: {ordered}categorical Series (dtype ``{dtype}``) with the input's index
    and name; ``unmatched``: distinct unmatched raw values with their row counts.

Raises
------
ParameterTypeError
    If *values* is not a Series (also a ``TypeError``).
UnknownNameError
    If ``extra_aliases`` maps to a label outside ``{vocab}`` (also a ``ValueError``)."""
_NAMES = {
    "platform": ("PLATFORMS", "PLATFORM_DTYPE"),
    "category": ("CATEGORIES", "CATEGORY_DTYPE"),
    "tier": ("TIERS", "TIER_DTYPE"),
}
_F = TypeVar("_F", bound=Callable[..., Normalized])


def _sections(kind: str, values: str, extra: str = "") -> Callable[[_F], _F]:
    """Fill ``{sections}``: the Parameters, Returns and Raises the normalisers share."""
    vocab, dtype = _NAMES[kind]
    ordered = "ordered " if _DTYPE[kind].ordered else ""
    text = _SECTIONS.format(
        values=values, kind=kind, extra=extra, ordered=ordered, dtype=dtype, vocab=vocab
    )
    return fill_doc(sections=text)


@_sections("platform", "Raw platform names")
def normalize_platform(
    values: pd.Series, *, extra_aliases: Mapping[str, str] | None = None
) -> Normalized:
    """Map raw platform names onto ``PLATFORMS``.

    {sections}

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["朋友圈", "WeChat Moments", "微店", "天貓", "JD.com", "有赞", "有赞"])
    >>> res = normalize_platform(s)
    >>> res.values.tolist()
    ['wechat', 'wechat', 'weidian', 'tmall', 'jd', nan, nan]
    >>> res.unmatched
      value  count
    0    有赞      2
    >>> normalize_platform(s, extra_aliases={"有赞": "other"}).unmatched.empty
    True
    """
    return _normalize(values, "platform", extra_aliases)


@_sections("category", "Raw categories or product names")
def normalize_category(
    values: pd.Series, *, extra_aliases: Mapping[str, str] | None = None
) -> Normalized:
    """Map raw product categories (or product names) onto ``CATEGORIES``.

    Exact aliases are tried first; product-like values such as
    ``补水保湿面膜 (10片)`` then fall back on the table's ``contains``
    keywords, in file order (see the module docstring).

    {sections}

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["面膜", "补水保湿面膜 (10片)", "護膚品", "海外代购", "减肥茶", "手机壳"])
    >>> res = normalize_category(s)
    >>> res.values.tolist()
    ['mask', 'mask', 'cosmetics', 'daigou', 'health_food', nan]
    >>> res.unmatched["value"].tolist()
    ['手机壳']
    """
    return _normalize(values, "category", extra_aliases)


@_sections(
    "tier",
    "Raw tiers",
    """
    E.g. ``{"省代": "0"}`` for a brand whose provincial agents buy from the
    brand. Canonical tiers are strings: ``"0"``.""",
)
def normalize_tier(
    values: pd.Series, *, extra_aliases: Mapping[str, str] | None = None
) -> Normalized:
    """Map raw agent tiers onto ``TIERS`` (an ordered categorical).

    Besides the table, patterns such as ``N级``, ``N级代理``, ``第N级``,
    ``level N``, ``L N``, ``tier N`` (N = ``0``-``9`` or ``零/一 … 九``) are
    recognised; numeric input (``1`` or ``1.0``) is read as its digit.

    {sections}

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["总代", "一级代理", "Level 2", "L3", "第四级", "顾客", "特约"])
    >>> res = normalize_tier(s)
    >>> res.values.tolist()
    ['0', '1', '2', '3', '4', 'retail', nan]
    >>> res.values.max()
    'retail'
    >>> res.unmatched["value"].tolist()
    ['特约']
    >>> normalize_tier(pd.Series(["省代"]), extra_aliases={"省代": "0"}).values.tolist()
    ['0']
    """
    return _normalize(values, "tier", extra_aliases)


def ladder_aliases(ladder: Sequence[str]) -> dict[str, str]:
    """Tier aliases for a brand's own ladder of ranks, top first.

    Brands name their tiers in their own words: 联创 above 总代, then 省代, 市代, 特约 …
    A ladder gives each rank its tier by position (the first is tier ``"0"``), taking
    precedence over the shipped table (where 联创 and 总代 are both ``"0"``).

    Parameters
    ----------
    ladder : sequence of str
        The ranks from the top down; at most 10 (tiers 0-9), each once.

    Returns
    -------
    dict
        ``{rank: tier}``, to pass as tier ``extra_aliases`` (``aliases={"tier": …}``).

    Raises
    ------
    ParameterError
        For an empty ladder, more than 10 ranks, a blank rank or a rank given twice
        (also a ``ValueError``).

    Examples
    --------
    >>> ladder_aliases(["联创", "总代", "省代", "市代", "特约"])
    {'联创': '0', '总代': '1', '省代': '2', '市代': '3', '特约': '4'}
    """
    ranks = [str(r).strip() for r in ladder]
    if not ranks or len(ranks) > 10:
        raise ParameterError(
            f"tiers={list(ladder)!r}: expected 1 to 10 ranks, top first (tiers 0-9)"
        )
    if "" in ranks or len({matching_key(r) for r in ranks}) < len(ranks):
        raise ParameterError(f"tiers={list(ladder)!r}: each rank must be named, and only once")
    return {rank: str(tier) for tier, rank in enumerate(ranks)}
