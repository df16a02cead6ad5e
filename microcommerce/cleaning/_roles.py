"""Which column is which, read from the headers *and* from a sample of the values.

An export no layout knows is still read when its headers say what they hold in the words
shops use: a header containing 实付 or 支付金额 is an amount, one containing 时间 or 日期 a
date, 数量 or 件数 a quantity, 订单号 or 跟团号 an order id, 店铺 or 卖家 a seller. Those
words are data, ``cleaning/data/roles.csv`` (``role, pattern, rank, note``): a header whose
key contains a ``pattern`` is a candidate for ``role`` with the ``rank`` of the longest
pattern it contains (lower is preferred: 商家实收 ranks as itself, not as 实收), and a
pattern ranked ``x`` vetoes the role (退款金额 is no amount, 发货时间 no
order date). The exact aliases of ``cleaning/data/headers.csv`` are candidates too, ranked as
their words are (订单金额 as 订单金额, after 实付款), or first when no word of the table is in them.

A candidate is taken only when its values fit its role, judged on a sample of the rows
(:data:`SAMPLE_ROWS`): dates that parse to the day, money that parses in yuan, whole
counts from 1 to 100,000, status words of the vocabulary, platform, tier and category
labels the taxonomies know, order ids without spaces. An alias whose values do not fit —
订单类型 holding 普通订单 / 预售订单 taken as ``kind``, 渠道 holding 分销 / 自营 taken as
``platform`` — is left out and named, never a reason to reject rows. A required column
whose only candidate is an exact alias is kept even when its values do not fit (its bad
rows are then rejected one by one with their reasons).

Among the candidates for one role the lowest rank wins, then the first in the file. For
the amount the ranks encode one basis, the same in every layout: **what the buyer paid for
the order, after discounts, shipping included** — 实付 > 支付金额 / 已付 > 应付 > 订单金额 >
商品总价 > 商家实收 (the seller's take after fees, not what the buyer paid).

Examples
--------
>>> raw = pd.DataFrame({"跟团号": ["1", "2"],
...     "订单创建时间": ["2024-05-01 09:00", "2024-05-01 10:00"],
...     "订单类型": ["普通订单", "预售订单"], "订单实际支付金额": ["30.00", "18.50"],
...     "商品总价": ["32.00", "18.50"], "成交数量": ["2", "1"]})
>>> roles = infer_roles(raw, list(raw.columns), "orders")
>>> roles.positions
{'order_id': [0], 'date': [1], 'amount': [3], 'quantity': [5]}
>>> roles.left_out
{'订单类型': 'kind: 0% of the values fit (e.g. 普通订单)'}
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from microcommerce.cleaning._headers import (
    COLUMN_KINDS,
    header_aliases,
    header_key,
    user_columns,
)
from microcommerce.cleaning._statuses import normalize_statuses
from microcommerce.cleaning._taxonomy import normalize_category, normalize_platform, normalize_tier
from microcommerce.cleaning._values import kind_labels
from microcommerce.core._resources import read_packaged_csv
from microcommerce.parse import parse_amounts, parse_dates

__all__ = [
    "FIT",
    "SAMPLE_ROWS",
    "Roles",
    "header_roles",
    "infer_roles",
    "money_basis",
    "paid_amount",
    "role_patterns",
    "value_fit",
]

#: Rows of the file whose values are sampled to judge a column.
SAMPLE_ROWS = 2_000
#: Share of a sample's non-empty values that must fit, by kind of column.
FIT: dict[str, float] = {"label": 0.5, "value": 0.8}
_LABEL_KINDS = {"tier", "kind", "platform", "category", "status", "after_sale"}
#: Kinds whose alias is left out when its values do not fit: exports use 订单类型, 渠道 or
#: 分类 for their own purposes. Other aliases are kept (their bad rows rejected, with reasons).
_MAY_LEAVE_OUT = {"kind", "platform", "category"}
_MAX_UNITS = 100_000  # a quantity above this is an id or a price, not units of one line
_ID_LIKE = re.compile(r"^[^\s]{1,64}$")
#: The order in which roles choose their column (a column serves one role).
_ORDER = (
    "order_id",
    "date",
    "refund",
    "amount",
    "unit_price",
    "quantity",
    "after_sale",
    "status",
    "seller_id",
    "product",
)


@functools.cache
def _patterns() -> pd.DataFrame:
    t = read_packaged_csv(__package__, "data/roles.csv")
    return t.assign(key=[header_key(p) for p in t["pattern"]])


def role_patterns() -> pd.DataFrame:
    """Return the header words that suggest each role (``role, pattern, rank, note``).

    Returns
    -------
    DataFrame
        As shipped in ``cleaning/data/roles.csv``; rank ``x`` vetoes the role.

    Examples
    --------
    >>> p = role_patterns()
    >>> p.loc[p["role"] == "amount", "pattern"].head(3).tolist()
    ['实付', '实际支付', '支付金额']
    """
    return _patterns().drop(columns="key")


@dataclass(frozen=True)
class Roles:
    """The columns chosen for each role, with the evidence.

    Attributes
    ----------
    positions
        ``{canonical column: [header position]}``.
    evidence
        One row per column taken: ``column, header, how, fit`` (share of sampled values
        that fit; NaN when the sample had none).
    left_out
        ``{header: why}`` for candidates whose values did not fit.
    """

    positions: dict[str, list[int]]
    evidence: pd.DataFrame = field(repr=False)
    left_out: dict[str, str]

    def described(self) -> dict[str, str]:
        """Say, per column, its header(s), how they were chosen and the share that fit.

        Examples
        --------
        >>> roles = infer_roles(pd.DataFrame({"单号": ["A"], "实付": ["9"]}), ["单号", "实付"],
        ...                     "orders")
        >>> roles.described()["amount"]
        '实付 (alias, 100% of values fit)'
        """
        out = {}
        for column, rows in self.evidence.groupby("column", sort=False):
            fit = rows["fit"].iloc[0]
            share = "" if pd.isna(fit) else f", {fit:.0%} of values fit"
            out[str(column)] = f"{' | '.join(rows['header'])} ({rows['how'].iloc[0]}{share})"
        return out


def value_fit(
    values: pd.Series, kind: str, column: str = "", extra: Mapping[str, str] | None = None
) -> float:
    """Share of the non-empty ``values`` that fit a column of ``kind`` (NaN when none).

    Parameters
    ----------
    values
        A sample of the column's cells as text.
    kind
        The kind of column (``COLUMN_KINDS``).
    column
        The canonical column (``order_id`` asks for id-like texts).
    extra
        The user's own labels for the column's vocabulary (``aliases=``).

    Returns
    -------
    float

    Examples
    --------
    >>> value_fit(pd.Series(["2024-05-01", "昨天", None]), "day")
    0.5
    >>> value_fit(pd.Series(["分销", "自营"]), "platform")
    0.0
    """
    s = values.astype("str").str.strip()
    uniq = pd.Series(s[s.notna() & (s != "")].unique(), dtype="str")
    if uniq.empty:
        return float("nan")
    counts = s.value_counts()
    weight = counts.reindex(uniq.to_numpy()).to_numpy(dtype="float64")
    ok = _fits(uniq, kind, column, extra)
    return float(np.round((weight * ok).sum() / weight.sum(), 4))


def _fits(uniq: pd.Series, kind: str, column: str, extra: Mapping | None) -> np.ndarray:
    if kind in ("money", "count", "line", "stock"):
        p = parse_amounts(uniq)
        exact = (p["qualifier"] == "exact") & p["error"].isna()
        if kind == "money":
            return (exact & (p["unit"].isna() | (p["unit"] == "CNY"))).to_numpy(bool)
        v = p["value"]
        low = 0 if kind == "stock" else 1
        whole = exact & (v % 1 == 0) & v.between(low, _MAX_UNITS) & p["unit"].isna()
        return whole.fillna(False).to_numpy(bool)
    if kind in ("day", "month_end"):
        p = parse_dates(uniq)
        wanted = ["month", "day"] if kind == "month_end" else ["day"]
        return (p["error"].isna() & p["precision"].isin(wanted)).to_numpy(bool)
    if kind in ("status", "after_sale"):
        labels, _ = normalize_statuses(uniq, "order" if kind == "status" else kind, extra)
        return labels.notna().to_numpy(bool)
    if kind in ("platform", "category", "tier"):
        norm = {"platform": normalize_platform, "category": normalize_category}
        labels, _ = norm.get(kind, normalize_tier)(uniq, extra_aliases=extra)
        return labels.notna().to_numpy(bool)
    if kind == "kind":
        return kind_labels(uniq).notna().to_numpy(bool)
    if column == "order_id":
        return uniq.str.fullmatch(_ID_LIKE).fillna(False).to_numpy(bool)
    return np.ones(len(uniq), dtype=bool)


def _threshold(kind: str) -> float:
    return FIT["label"] if kind in _LABEL_KINDS else FIT["value"]


def _candidates(headers: Sequence[object], table: str) -> pd.DataFrame:
    """Every (position, column, rank, how) a header suggests, vetoes applied."""
    exact = {header_key(a): c for c, a in header_aliases(table).itertuples(index=False)}
    exact.update({header_key(c): c for c in COLUMN_KINDS[table]})
    pats = _patterns() if table == "orders" else _patterns().iloc[:0]
    rows = []
    for i, h in enumerate(headers):
        if pd.isna(h):
            continue
        key = header_key(h)
        alias = exact.get(key)
        hits = pats[np.array([p in key for p in pats["key"]], dtype=bool)]
        vetoed = set(hits.loc[hits["rank"] == "x", "role"])
        ranked = {}
        for role, group in hits[hits["rank"] != "x"].groupby("role", sort=False):
            ranked_group = group.assign(r=group["rank"].astype(int), n=-group["key"].str.len())
            best = ranked_group.sort_values(["n", "r"]).iloc[0]  # the longest word decides
            ranked[role] = (float(best["r"]), f"header contains {best['pattern']}")
        if alias:  # an alias ranks as its words do (订单金额 after 实付款), else first
            rows.append((i, alias, ranked.get(alias, (0.0,))[0], "alias"))
        for role, (rank, how) in ranked.items():
            if role not in vetoed and role != alias:
                rows.append((i, role, rank, how))
    return pd.DataFrame(rows, columns=["position", "column", "rank", "how"])


def infer_roles(
    raw: pd.DataFrame,
    headers: Sequence[object],
    table: str,
    columns: Mapping[str, str | None] | None = None,
    given: Mapping[str, list[int]] | None = None,
    *,
    open_roles: Collection[str] | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    sample_rows: int = SAMPLE_ROWS,
) -> Roles:
    """Choose the column of each role from the headers and a sample of the values.

    Parameters
    ----------
    raw
        The export's cells (the rows below the header), columns in header order.
    headers
        The header cells.
    table
        The canonical table.
    columns
        The user's ``{"header": "column" or None}``: taken as given, values unchecked.
    given
        Columns already chosen (a layout's roles), checked against their values; the
        roles they leave open are inferred.
    open_roles
        The columns that may be inferred (None: every column of the table).
    aliases
        The user's labels by vocabulary (``aliases=``), counted as fitting.
    sample_rows
        Rows sampled from the top of ``raw``.

    Returns
    -------
    Roles
    """
    sample = raw.iloc[:sample_rows]
    user = user_columns(table, columns)
    taken: dict[str, list[int]] = {}
    used: set[int] = set()
    evidence: list[tuple] = []
    left_out: dict[str, str] = {}
    fits: dict[int, dict[str, float]] = {}

    def fit(i: int, column: str) -> float:
        if column not in fits.setdefault(i, {}):
            kind = COLUMN_KINDS[table][column]
            vocab = "tier" if kind == "tier" else column
            extra = (aliases or {}).get(vocab)
            fits[i][column] = value_fit(sample.iloc[:, i], kind, column, extra)
        return fits[i][column]

    for i, h in enumerate(headers):
        canon = None if pd.isna(h) else user.get(header_key(h), 0)
        if canon == 0:
            continue
        used.add(i)
        if canon is not None and canon not in taken:
            taken[canon] = [i]
            evidence.append((canon, str(h), "your columns=", np.nan))
    for canon, positions in (given or {}).items():
        free = [i for i in positions if i not in used]
        if canon in taken or not free:
            continue
        kind = COLUMN_KINDS[table][canon]
        good = [i for i in free if not fit(i, canon) < _threshold(kind)]
        if good or kind not in _MAY_LEAVE_OUT:
            keep = good or free
            taken[canon] = keep
            used.update(keep)
            evidence += [(canon, str(headers[i]), "layout", fit(i, canon)) for i in keep]
        for i in set(free) - set(taken.get(canon, [])):
            left_out[str(headers[i])] = _why(canon, fit(i, canon), sample.iloc[:, i], kind)
    cands = _candidates(headers, table)
    cands = cands[~cands["position"].isin(used) & ~cands["column"].isin(taken)]
    order = [*_ORDER, *(c for c in COLUMN_KINDS[table] if c not in _ORDER)]
    if open_roles is not None:
        order = [c for c in order if c in open_roles]
    for canon in order:
        mine = cands[(cands["column"] == canon) & ~cands["position"].isin(used)]
        mine = mine.sort_values(["rank", "position"], kind="stable")
        if canon in taken or mine.empty:
            continue
        kind = COLUMN_KINDS[table][canon]
        chosen = None
        for i, how in zip(mine["position"], mine["how"], strict=True):
            f = fit(i, canon)
            if not f < _threshold(kind) and not (np.isnan(f) and how != "alias"):
                chosen = (i, how, f)
                break
        if chosen is None:
            first = mine.iloc[0]
            if kind not in _MAY_LEAVE_OUT and first["how"] == "alias":
                chosen = (int(first["position"]), "alias", fit(int(first["position"]), canon))
        for i, how in zip(mine["position"], mine["how"], strict=True):
            if chosen is None or i != chosen[0]:
                f = fit(i, canon)
                if f < _threshold(kind) and how == "alias" and kind in _MAY_LEAVE_OUT:
                    left_out[str(headers[i])] = _why(canon, f, sample.iloc[:, i], kind)
        if chosen is not None:
            taken[canon] = [int(chosen[0])]
            used.add(int(chosen[0]))
            evidence.append((canon, str(headers[chosen[0]]), chosen[1], chosen[2]))
    left_out = {h: w for h, w in left_out.items() if h not in {e[1] for e in evidence}}
    ev = pd.DataFrame(evidence, columns=["column", "header", "how", "fit"])
    return Roles(dict(sorted(taken.items(), key=lambda kv: kv[1][0])), ev, left_out)


def _why(column: str, fit: float, values: pd.Series, kind: str) -> str:
    s = values.dropna().astype("str")
    example = f" (e.g. {s.iloc[0][:20]})" if len(s) else ""
    return f"{column}: {fit:.0%} of the values fit{example}"


def header_roles(headers: Sequence[object], table: str) -> set[str]:
    """List the columns some header suggests, by alias or header word (values not looked at).

    Examples
    --------
    >>> sorted(header_roles(["跟团号", "订单创建时间", "发货时间"], "orders"))
    ['date', 'order_id']
    """
    return set(_candidates(headers, table)["column"])


#: Amount headers ranked up to this are what the buyer paid (实付 … 订单金额).
PAID_RANK = 4


def paid_amount(headers: Sequence[object], positions: Sequence[int] | None) -> bool:
    """Whether the amount was read from a column of what the buyer paid (实付, 应付 …).

    Parameters
    ----------
    headers
        The header cells.
    positions
        The positions the amount was read from (None: no amount column).

    Returns
    -------
    bool

    Examples
    --------
    >>> paid_amount(["订单实际支付金额"], [0]), paid_amount(["商品总价"], [0])
    (True, False)
    >>> paid_amount(["商家实收金额"], [0])
    False
    """
    if not positions:
        return False
    key = header_key(headers[positions[0]])
    pats = _patterns()
    hits = pats[(pats["role"] == "amount").to_numpy() & np.array([p in key for p in pats["key"]])]
    hits = hits[hits["rank"] != "x"]
    if hits.empty:
        return False
    longest = hits.assign(n=-hits["key"].str.len(), r=hits["rank"].astype(int))
    return bool(longest.sort_values(["n", "r"])["r"].iloc[0] <= PAID_RANK)


def money_basis(described: str) -> str:
    """Say in words what the amount column read (as :meth:`Roles.described` gives it) holds.

    Examples
    --------
    >>> money_basis("实付款 (header contains 实付, 100% of values fit)")
    'what the buyer paid, after discounts, shipping included (实付款)'
    >>> money_basis("商品总价(元) (header contains 商品总价, 100% of values fit)")
    "商品总价(元): not a column of what the buyer paid (the goods value or the seller's take)"
    """
    header = described.rsplit(" (", 1)[0].split(" | ")[0]
    if paid_amount([header], [0]):
        return f"what the buyer paid, after discounts, shipping included ({header})"
    return f"{header}: not a column of what the buyer paid (the goods value or the seller's take)"
