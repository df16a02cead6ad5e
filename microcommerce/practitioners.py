"""Practitioner counts (从业者): how many people sell, who joins, who leaves, who stays.

Published counts of micro-business practitioners differ by factors of several
because they count different things — registered agents, sellers active in a
month, WeChat stores, jobs "driven by" WeChat. This module counts from a brand's
own tables under stated definitions, and sets the published figures side by side
with theirs:

- :func:`agents_on_books` — agents registered (joined, not yet left) at each
  period end, from the ``sellers`` table.
- :func:`active_sellers` — agents with at least ``min_orders`` orders in a period.
- :func:`entrants_exits` — first and last activity, with the window's edges
  (censoring) handled explicitly.
- :func:`tier_pyramid` — agents by tier at a date.
- :func:`cohort_survival` — the share of each joining cohort still active later.
- :func:`published_counts` — the published figures with their definitions.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({
...     "date": pd.to_datetime(["2014-01-05", "2014-01-20", "2014-02-03", "2014-04-09"]),
...     "seller_id": ["a", "a", "b", "a"], "buyer_id": ["b", None, None, None]})
>>> active_sellers(orders)
      period  active_sellers
0 2014-01-31               1
1 2014-02-28               1
2 2014-03-31               0
3 2014-04-30               1
>>> active_sellers(orders, role="any")["active_sellers"].tolist()
[2, 1, 0, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from microcommerce import datasets
from microcommerce.aggregate import (
    BUYER_SIDE,
    calendar,
    period_categories,
    require_columns,
    require_dates,
    totals,
)
from microcommerce.scale import aggregate_rows

if TYPE_CHECKING:  # a Dask DataFrame is accepted wherever orders are (microcommerce.scale)
    import dask.dataframe as dd

__all__ = [
    "DEFINITIONS",
    "ROLES",
    "active_sellers",
    "agents_on_books",
    "cohort_survival",
    "entrants_exits",
    "published_counts",
    "tier_pyramid",
]

#: Which side of an order makes an agent active: ``seller`` (it sold), ``any``.
ROLES: tuple[str, ...] = ("seller", "any")

#: What each published metric counts (the ``metric`` column of ``facts``).
DEFINITIONS: dict[str, str] = {
    "practitioner_count": "people working in micro-business (the producer's own estimate; "
                          "registered or active is rarely stated)",
    "merchant_count": "WeChat stores or merchants (shops, not people)",
    "wechat_driven_employment": "jobs of every kind driven by WeChat, micro-business only a part",
    "seller_count": "sellers or agents a brand claims (its own publicity)",
}  # fmt: skip


def _activity_columns(role: str, by: Sequence[str]) -> list[str]:
    if role not in ROLES:
        raise ValueError(f"role {role!r}: expected one of {', '.join(ROLES)}")
    needed = ["date", "seller_id", *by]
    if role == "any":
        needed += ["buyer_id", *(BUYER_SIDE.get(k, k) for k in by)]
    return needed


def _activity(orders: pd.DataFrame, *, role: str, freq: str, by: list[str], **_) -> dict:
    """Partial aggregate: the agents active in each (period, group), with their order counts.

    Each order makes its seller active, and with ``role="any"`` also its buyer (in the
    buyer's own group).
    """
    require_dates(orders["date"], "practitioner counts")
    if orders["seller_id"].isna().any():
        rows = orders.index[orders["seller_id"].isna().to_numpy()][:5].tolist()
        raise ValueError(f"practitioner counts: seller_id is missing in rows {rows}; an order "
                         "without a seller cannot be counted (clean the table first)")  # fmt: skip
    periods = period_categories(orders["date"], freq)
    keys = pd.DataFrame({"period": periods, **{k: orders[k] for k in by}})
    agents = orders["seller_id"]
    if role == "any":
        bought = orders["buyer_id"].notna().to_numpy()
        side = pd.DataFrame({"period": periods[bought],
                             **{k: orders.loc[bought, BUYER_SIDE.get(k, k)] for k in by}})
        keys = pd.concat([keys, side], ignore_index=True)
        for k in by:  # concat may loosen dtypes (categoricals, nullable integers)
            keys[k] = keys[k].astype(orders[k].dtype)
        agents = pd.concat([agents, orders.loc[bought, "buyer_id"]], ignore_index=True)
    return {"activity": totals(keys, members=agents.reset_index(drop=True))}


def active_sellers(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    min_orders: int = 1,
    role: str = "seller",
    by: Sequence[str] = (),
    until: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Agents with at least ``min_orders`` orders in each period.

    Parameters
    ----------
    orders
        Canonical orders: a pandas DataFrame, or a Dask DataFrame (aggregated
        partition by partition; the same result).
    freq
        ``"ME"``, ``"QE"``, ``"YE"``, ``"W"`` or ``"D"``.
    min_orders
        Orders an agent needs in a period to count (1: any activity).
    role
        ``"seller"`` counts agents that sold (to a customer or a sub-agent);
        ``"any"`` also counts agents that only bought stock from their upline.
    by
        Group columns (e.g. ``("seller_tier",)``; with ``role="any"`` a buyer is
        counted in its own tier).
    until
        Extend the calendar to this date's period (the end of your data window,
        when the last months had no orders).

    Returns
    -------
    DataFrame
        ``period``, the ``by`` columns and ``active_sellers``, for every period
        from the first to the last (zero where nobody traded).

    Examples
    --------
    See the module docstring.
    """
    if min_orders < 1:
        raise ValueError(f"min_orders {min_orders!r}: expected at least 1")
    by = list(by)
    return aggregate_rows(orders, _activity, _active_finalise, who="active_sellers",
                          columns=_activity_columns(role, by), role=role, freq=freq, by=by,
                          min_orders=min_orders, until=until)  # fmt: skip


def _active_finalise(parts: dict, *, freq: str, by: list[str], min_orders: int, until,
                     **_) -> pd.DataFrame:  # fmt: skip
    """Every period of the calendar for every group of ``by`` present, quiet periods 0."""
    activity = parts["activity"]
    groups = activity.groups[["period", *by]].copy()
    groups["active_sellers"] = activity.distinct(min_orders)
    keys = groups[by].drop_duplicates() if by else pd.DataFrame(index=[0])
    periods = pd.DataFrame({"period": calendar(groups["period"], freq, until=until)})
    grid = periods.merge(keys, how="cross") if by else periods
    out = grid.merge(groups, on=["period", *by], how="left")
    out["active_sellers"] = out["active_sellers"].fillna(0).astype(np.int64)
    return out.sort_values(["period", *by], kind="stable", ignore_index=True)


def _lifespans(parts: dict, *, freq: str, until, **_):
    """The calendar; each agent's active periods as distinct (agent, period) pairs; each
    agent's first and last period (positions in the calendar)."""
    activity = parts["activity"]
    periods = calendar(activity.groups["period"], freq, until=until)
    n = len(periods)
    position = periods.get_indexer(activity.groups["period"])
    who, when = activity.pair_member, position[activity.pair_group].astype(np.int64)
    first = np.full(len(activity.members), n, np.int64)
    last = np.full(len(activity.members), -1, np.int64)
    np.minimum.at(first, who, when)
    np.maximum.at(last, who, when)
    return n, who, when, first, last, periods


def entrants_exits(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    churn_after: int = 3,
    role: str = "any",
    until: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Agents entering (first activity) and exiting (last activity) in each period.

    An agent **exits** in the period of its last activity once ``churn_after``
    periods without any activity have been observed after it. Near the end of the
    data that cannot be known yet: those agents are counted as ``undetermined``,
    not as exits (right censoring). Agents active in the first period may have
    started before the data: the first period's ``entrants`` include them and are
    flagged ``left_censored``.

    Parameters
    ----------
    orders
        Canonical orders: a pandas DataFrame, or a Dask DataFrame (aggregated
        partition by partition; the same result).
    freq
        ``"ME"``, ``"QE"``, ``"YE"``, ``"W"`` or ``"D"``.
    churn_after
        Periods without activity after which an agent counts as gone.
    role
        ``"any"`` (default: buying the entry package is activity) or ``"seller"``.
    until
        The end of the observation window, if later than the last order: quiet
        months at the end still count as observed.

    Returns
    -------
    DataFrame
        ``period, active, entrants, exits, undetermined, left_censored``.

    Examples
    --------
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2014-01-05", "2014-02-03", "2014-02-09", "2014-06-01"]),
    ...     "seller_id": ["a", "a", "b", "c"], "buyer_id": [None] * 4})
    >>> entrants_exits(orders, churn_after=2)
          period  active  entrants  exits  undetermined  left_censored
    0 2014-01-31       1         1      0             0           True
    1 2014-02-28       2         1      2             0          False
    2 2014-03-31       0         0      0             0          False
    3 2014-04-30       0         0      0             0          False
    4 2014-05-31       0         0      0             0          False
    5 2014-06-30       1         1      0             1          False
    """
    if churn_after < 1:
        raise ValueError(f"churn_after {churn_after!r}: expected at least 1 period")
    return aggregate_rows(orders, _activity, _entrants_finalise, who="entrants_exits",
                          columns=_activity_columns(role, ()), role=role, freq=freq, by=[],
                          churn_after=churn_after, until=until)  # fmt: skip


def _entrants_finalise(parts: dict, *, freq: str, churn_after: int, until, **_) -> pd.DataFrame:
    n, _, when, first, last, periods = _lifespans(parts, freq=freq, until=until)
    known = last + churn_after <= n - 1
    out = pd.DataFrame({
        "period": periods,
        "active": np.bincount(when, minlength=n)[:n],
        "entrants": np.bincount(first, minlength=n)[:n],
        "exits": np.bincount(last[known], minlength=n)[:n],
        "undetermined": np.bincount(last[~known], minlength=n)[:n],
        "left_censored": np.arange(n) == 0,
    })  # fmt: skip
    return out


def cohort_survival(
    orders: pd.DataFrame | dd.DataFrame, *, freq: str = "ME", role: str = "any"
) -> pd.DataFrame:
    """Share of each joining cohort still active ``age`` periods after it joined.

    A cohort is the agents whose first activity falls in the same period. Only
    ages the data reach are shown (the last cohort has age 0 only).

    Returns
    -------
    DataFrame
        ``cohort`` (period), ``age`` (periods since joining), ``cohort_size``,
        ``active`` and ``share``.

    Examples
    --------
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2014-01-05", "2014-01-09", "2014-02-03", "2014-02-05"]),
    ...     "seller_id": ["a", "b", "a", "c"], "buyer_id": [None] * 4})
    >>> cohort_survival(orders)
          cohort  age  cohort_size  active  share
    0 2014-01-31    0            2       2    1.0
    1 2014-01-31    1            2       1    0.5
    2 2014-02-28    0            1       1    1.0
    """
    return aggregate_rows(orders, _activity, _cohort_finalise, who="cohort_survival",
                          columns=_activity_columns(role, ()), role=role, freq=freq, by=[],
                          until=None)  # fmt: skip


def _cohort_finalise(parts: dict, *, freq: str, **_) -> pd.DataFrame:
    n, who, when, first, _, periods = _lifespans(parts, freq=freq, until=None)
    cohort = first[who]  # count the agents' active periods by (cohort, age)
    counts = np.bincount(cohort * n + (when - cohort), minlength=n * n).reshape(n, n)
    sizes = np.bincount(first, minlength=n)[:n]
    cohort_idx, age = np.nonzero(np.arange(n)[:, None] + np.arange(n)[None, :] < n)
    keep = sizes[cohort_idx] > 0
    cohort_idx, age = cohort_idx[keep], age[keep]
    out = pd.DataFrame({
        "cohort": periods[cohort_idx],
        "age": age,
        "cohort_size": sizes[cohort_idx],
        "active": counts[cohort_idx, age],
    })  # fmt: skip
    out["share"] = out["active"] / out["cohort_size"]
    return out


def agents_on_books(
    sellers: pd.DataFrame, *, freq: str = "ME", until: str | pd.Timestamp | None = None
) -> pd.DataFrame:
    """Agents registered at each period end (joined, not yet left), with joins and exits.

    An agent counts from the period it joined; one whose ``left`` date falls in a
    period counts as having left by that period's end. The calendar runs from the
    first join to the last join or exit, or to ``until`` if given (agents stay on
    the books through quiet months).

    Examples
    --------
    >>> sellers = pd.DataFrame({"seller_id": ["a", "b"],
    ...     "joined": pd.to_datetime(["2014-01-05", "2014-02-10"]),
    ...     "left": pd.to_datetime([None, "2014-03-31"])})
    >>> agents_on_books(sellers)
          period  agents  joined  left
    0 2014-01-31       1       1     0
    1 2014-02-28       2       1     0
    2 2014-03-31       1       0     1
    """
    require_columns(sellers, ["seller_id", "joined", "left"], "agents_on_books")
    require_dates(sellers["joined"], "agents_on_books (joined)")
    dates = pd.concat([sellers["joined"], sellers["left"]], ignore_index=True)
    coded = period_categories(dates, freq, until=until)
    n = len(coded.cat.categories)
    codes = coded.cat.codes.to_numpy().astype(np.int64)
    joined, left = codes[: len(sellers)], codes[len(sellers):]
    joins = np.bincount(joined[joined >= 0], minlength=n)[:n]
    exits = np.bincount(left[left >= 0], minlength=n)[:n]
    return pd.DataFrame({
        "period": pd.DatetimeIndex(coded.cat.categories).astype("datetime64[us]"),
        "agents": np.cumsum(joins) - np.cumsum(exits),
        "joined": joins,
        "left": exits,
    })  # fmt: skip


def tier_pyramid(sellers: pd.DataFrame, at: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Agents by tier — all who ever joined, or those on the books at the date ``at``.

    Examples
    --------
    >>> sellers = pd.DataFrame({"tier": [0, 1, 1, 2],
    ...     "joined": pd.to_datetime(["2014-01-01", "2014-02-01", "2014-03-01", "2014-03-05"]),
    ...     "left": pd.to_datetime([None, "2014-02-20", None, None])})
    >>> tier_pyramid(sellers, at="2014-03-31")
       tier  agents     share
    0     0       1  0.333333
    1     1       1  0.333333
    2     2       1  0.333333
    """
    require_columns(sellers, ["tier"], "tier_pyramid")
    rows = sellers
    if at is not None:
        when = pd.Timestamp(at)
        on = (sellers["joined"] <= when) & (sellers["left"].isna() | (sellers["left"] > when))
        rows = sellers[on.to_numpy(dtype=bool, na_value=False)]
    tiers = rows["tier"].dropna().astype(np.int64).to_numpy()
    top = int(sellers["tier"].max()) if sellers["tier"].notna().any() else -1
    counts = np.bincount(tiers, minlength=top + 1) if top >= 0 else np.zeros(0, np.int64)
    total = counts.sum()
    return pd.DataFrame({
        "tier": np.arange(len(counts)),
        "agents": counts.astype(np.int64),
        "share": counts / total if total else np.full(len(counts), np.nan),
    })  # fmt: skip


def published_counts() -> pd.DataFrame:
    """The practitioner and seller figures of the ``facts`` dataset, with their definitions.

    Examples
    --------
    >>> counts = published_counts()
    >>> isc = counts.set_index("fact_id").loc["isc_weishang_practitioners_2015"]
    >>> isc["period"], int(isc["value"]), isc["basis"]
    ('2015', 12570000, 'actual')
    >>> {"merchant_count", "practitioner_count"} <= set(counts["metric"])
    True
    """
    facts = datasets.load("facts")
    rows = facts[facts["topic"].isin(["practitioners", "sellers"])
                 | (facts["metric"] == "seller_count")]  # fmt: skip
    rows = rows[rows["unit"].isin(["persons", "stores"])]
    out = rows[["fact_id", "period", "entity", "metric", "value", "value_low", "value_high",
                "unit", "basis", "as_written", "producer", "confidence"]].copy()  # fmt: skip
    out["definition"] = out["metric"].map(DEFINITIONS).fillna("see the fact's note")
    return out.sort_values(["period", "value"], kind="stable", ignore_index=True)

