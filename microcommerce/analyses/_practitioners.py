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

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from microcommerce import datasets
from microcommerce.analyses._aggregation import Aggregation
from microcommerce.analyses._calendar_doc import calendar_doc
from microcommerce.analyses._duckdb_activity import active_counts, lives
from microcommerce.analyses._group_arithmetic import BUYER_SIDE, group_numbers, totals
from microcommerce.analyses._inputs import column_list, require_columns, require_dates
from microcommerce.analyses._periods import calendar, complete_calendar, period_categories
from microcommerce.analyses._status import sold_orders, with_status
from microcommerce.core._keys import dense_codes
from microcommerce.errors import InputError, ParameterError

if TYPE_CHECKING:  # a Dask DataFrame is accepted wherever orders are
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
}


def _activity_aggregation(
    finalise: Callable[[dict], pd.DataFrame],
    *,
    role: str,
    freq: str,
    by: list[str],
    who: str,
    min_orders: int | None = None,
) -> Aggregation:
    """Collect the agents active per (period, group), finished by ``finalise``.

    On DuckDB, ``min_orders`` given: the agents with that many orders are counted per
    group (:func:`active_sellers`); ``None``: the agents' lives are tabled
    (:func:`~microcommerce.analyses._duckdb_activity.lives`).
    """
    if role not in ROLES:
        raise ParameterError(f"{who}: role={role!r}: expected one of {', '.join(ROLES)}")
    needed = ["date", "seller_id", *by]
    if role == "any":
        needed += ["buyer_id", *(BUYER_SIDE.get(k, k) for k in by)]
    options = {"role": role, "freq": freq, "by": by}
    cohorts = who == "cohort_survival"  # lives need their cohorts' ages too
    on_duckdb = functools.partial(_on_duckdb, **options, min_orders=min_orders, cohorts=cohorts)
    return Aggregation(
        partial=functools.partial(_activity, **options),
        finalise=finalise,
        columns=tuple(dict.fromkeys(needed)),
        who=who,
        duckdb=on_duckdb,
    )


def _activity(orders: pd.DataFrame, *, role: str, freq: str, by: list[str]) -> dict:
    """Partial aggregate: the agents active in each (period, group), with their order counts.

    Each order makes its seller active, and with ``role="any"`` also its buyer (in the
    buyer's own group).
    """
    periods = _checked_periods(orders, freq)
    keys = pd.DataFrame({"period": periods, **{k: orders[k] for k in by}})
    agents = orders["seller_id"]
    if role == "any":
        bought = orders["buyer_id"].notna().to_numpy()
        side = pd.DataFrame(
            {"period": periods[bought], **{k: orders.loc[bought, BUYER_SIDE.get(k, k)] for k in by}}
        )
        keys = pd.concat([keys, side], ignore_index=True)
        for k in by:  # concat may loosen dtypes (categoricals, nullable integers)
            keys[k] = keys[k].astype(orders[k].dtype)
        agents = pd.concat([agents, orders.loc[bought, "buyer_id"]], ignore_index=True)
    return {"activity": totals(keys, members=agents.reset_index(drop=True))}


def _checked_periods(orders: pd.DataFrame, freq: str) -> pd.Series:
    """Label the orders' periods, once every order is checked to have a date and a seller."""
    require_dates(orders["date"], "practitioner counts")
    if orders["seller_id"].isna().any():
        rows = orders.index[orders["seller_id"].isna().to_numpy()][:5].tolist()
        raise InputError(
            f"practitioner counts: seller_id is missing in rows {rows}; an order "
            "without a seller cannot be counted (clean the table first)"
        )
    return period_categories(orders["date"], freq)


def _on_duckdb(
    orders: pd.DataFrame,
    *,
    role: str,
    freq: str,
    by: list[str],
    min_orders: int | None,
    cohorts: bool,
) -> dict:
    """Compute the activity partial on DuckDB: agents counted, or their lives tabled."""
    periods = _checked_periods(orders, freq)
    if min_orders is None:
        return lives(orders, periods, role=role, by=by, cohorts=cohorts)
    return active_counts(orders, periods, role=role, by=by, min_orders=min_orders)


@calendar_doc
def active_sellers(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    by: str | Sequence[str] = (),
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    min_orders: int = 1,
    role: str = "seller",
    status: str = "sold",
    engine: str = "pandas",
) -> pd.DataFrame:
    """Count the agents with at least ``min_orders`` orders in each period.

    Parameters
    ----------
    {orders}
    {calendar}
    min_orders : int, default 1
        Orders an agent needs in a period to count (1: any activity).
    role : {"seller", "any"}, default "seller"
        ``"seller"`` counts agents that sold (to a customer or a sub-agent);
        ``"any"`` also counts agents that only bought stock from their upline (a
        buyer is counted in its own group: ``by="seller_tier"`` puts it in its tier).
    {status}
    {engine}

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
        raise ParameterError(f"active_sellers: min_orders={min_orders!r}: expected at least 1")
    by = column_list(by)
    orders = sold_orders(orders, status=status)
    finalise = functools.partial(
        _active_finalise, freq=freq, by=by, min_orders=min_orders, start=start, until=until
    )
    aggregation = _activity_aggregation(
        finalise, role=role, freq=freq, by=by, who="active_sellers", min_orders=min_orders
    )
    result = aggregation.run(orders, engine)
    return with_status(result, orders)


def _active_finalise(
    parts: dict, *, freq: str, by: list[str], min_orders: int, start, until
) -> pd.DataFrame:
    """Every period of the calendar for every group of ``by`` present, quiet periods 0."""
    activity = parts["activity"]
    groups = activity.groups[["period", *by]].copy()
    groups["active_sellers"] = activity.distinct(min_orders)
    periods = calendar(groups["period"], freq, start=start, until=until)
    return complete_calendar(groups, by, periods, {"active_sellers": 0})


def _lifespans(parts: dict, *, freq: str, by: list[str], start, until) -> _Lifespans:
    """Lay the agents' activity along the calendar, an agent counted once in each group."""
    if "lives" in parts:
        return _tabled_lifespans(parts, freq=freq, by=by, start=start, until=until)
    activity = parts["activity"]
    groups = activity.groups
    periods = calendar(groups["period"], freq, start=start, until=until)
    n = len(periods)
    position = periods.get_indexer(groups["period"])
    group_of_row, keys = group_numbers(groups, by)
    pair_group = group_of_row[activity.pair_group]
    # one "life" per (group, agent): an agent active in two categories lives in both
    who, lives = dense_codes(pair_group * max(len(activity.members), 1) + activity.pair_member)
    when = position[activity.pair_group].astype(np.int64)
    first = np.full(len(lives), n, np.int64)
    last = np.full(len(lives), -1, np.int64)
    np.minimum.at(first, who, when)
    np.maximum.at(last, who, when)
    life_group = np.zeros(len(lives), np.int64)
    life_group[who] = pair_group
    return _Lifespans(n, periods, keys, pair_group, first[who], when, None, life_group, first, last)


def _tabled_lifespans(parts: dict, *, freq: str, by: list[str], start, until) -> _Lifespans:
    """Lay out the tables DuckDB gives (see :func:`_lives`), weighted by their counts."""
    pairs, lives = parts["pairs"], parts["lives"]
    periods = calendar(pairs["period"], freq, start=start, until=until)
    both = pd.concat([pairs[by], lives[by]], ignore_index=True)
    for k in by:  # concat may loosen dtypes (categoricals, nullable integers)
        both[k] = both[k].astype(pairs[k].dtype)
    group, keys = group_numbers(both, by)
    pair_group, life_group = group[: len(pairs)], group[len(pairs) :]
    pair_first = (
        periods.get_indexer(pairs["first"]).astype(np.int64)
        if "first" in pairs
        else np.zeros(len(pairs), np.int64)  # not asked for (entrants_exits)
    )
    return _Lifespans(
        len(periods), periods, keys,
        pair_group, pair_first, periods.get_indexer(pairs["period"]).astype(np.int64),
        pairs["n"].to_numpy(dtype=np.int64),
        life_group,
        periods.get_indexer(lives["first"]).astype(np.int64),
        periods.get_indexer(lives["last"]).astype(np.int64),
        lives["n"].to_numpy(dtype=np.int64),
    )  # fmt: skip


@dataclass(frozen=True)
class _Lifespans:
    n: int  # periods in the calendar
    periods: pd.DatetimeIndex
    keys: pd.DataFrame  # the groups of ``by``, one row each
    pair_group: np.ndarray  # per active (life, period) pair: the life's group …
    pair_first: np.ndarray  # … its first active period …
    when: np.ndarray  # … and the period's position
    pair_weight: np.ndarray | None  # how many pairs each entry stands for (None: 1)
    life_group: np.ndarray  # per life: its group's row in ``keys`` …
    first: np.ndarray  # … its first and last active period
    last: np.ndarray
    life_weight: np.ndarray | None = None  # how many lives each entry stands for (None: 1)

    def count(
        self, group: np.ndarray, period: np.ndarray, weight: np.ndarray | None = None
    ) -> np.ndarray:
        """Count (group, period) cells, as a groups × periods array."""
        cells = len(self.keys) * self.n
        counts = np.bincount(group * self.n + period, weight, minlength=cells)[:cells]
        return counts.astype(np.int64).reshape(len(self.keys), self.n)

    def table(self, by: list[str], columns: dict[str, np.ndarray]) -> pd.DataFrame:
        """Lay groups × periods arrays out as rows: every period, then every group."""
        g = len(self.keys)
        out = pd.DataFrame({"period": np.repeat(self.periods.to_numpy(), g)})
        for k in by:
            out[k] = pd.Series(np.tile(self.keys[k].to_numpy(), self.n)).astype(self.keys[k].dtype)
        for name, values in columns.items():
            out[name] = values.T.ravel()
        return out


@calendar_doc
def entrants_exits(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    by: str | Sequence[str] = (),
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    churn_after: int = 3,
    role: str = "any",
    engine: str = "pandas",
) -> pd.DataFrame:
    """Count the agents entering (first activity) and exiting (last activity) each period.

    An agent **exits** in the period of its last activity once ``churn_after``
    periods without any activity have been observed after it. Near the end of the
    data that cannot be known yet: those agents are counted as ``undetermined``,
    not as exits (right censoring). Agents active in the first period may have
    started before the data: the first period's ``entrants`` include them and are
    flagged ``left_censored``. Quiet periods between ``start`` and ``until`` count as
    observed. With ``by``, an agent enters and exits each group on its own (an agent
    selling two categories lives in both).

    Parameters
    ----------
    {orders}
    {calendar}
    churn_after : int, default 3
        Periods without activity after which an agent counts as gone.
    role : {"any", "seller"}, default "any"
        ``"any"`` (buying the entry package is activity) or ``"seller"``.
    {engine}

    Returns
    -------
    DataFrame
        ``period``, the ``by`` columns, ``active, entrants, exits, undetermined,
        left_censored``, for every period and group.

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
        raise ParameterError(
            f"entrants_exits: churn_after={churn_after!r}: expected at least 1 period"
        )
    by = column_list(by)
    finalise = functools.partial(
        _entrants_finalise, freq=freq, by=by, churn_after=churn_after, start=start, until=until
    )
    aggregation = _activity_aggregation(finalise, role=role, freq=freq, by=by, who="entrants_exits")
    return aggregation.run(orders, engine)


def _entrants_finalise(
    parts: dict, *, freq: str, by: list[str], churn_after: int, start, until
) -> pd.DataFrame:
    life = _lifespans(parts, freq=freq, by=by, start=start, until=until)
    known = life.last + churn_after <= life.n - 1
    group, weight = life.life_group, life.life_weight

    def part(rows: np.ndarray) -> np.ndarray | None:
        return None if weight is None else weight[rows]

    out = life.table(
        by,
        {
            "active": life.count(life.pair_group, life.when, life.pair_weight),
            "entrants": life.count(group, life.first, weight),
            "exits": life.count(group[known], life.last[known], part(known)),
            "undetermined": life.count(group[~known], life.last[~known], part(~known)),
        },
    )
    out["left_censored"] = (out["period"] == life.periods[0]).to_numpy()
    return out


@calendar_doc
def cohort_survival(
    orders: pd.DataFrame | dd.DataFrame,
    *,
    freq: str = "ME",
    by: str | Sequence[str] = (),
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    role: str = "any",
    engine: str = "pandas",
) -> pd.DataFrame:
    """Measure the share of each joining cohort still active ``age`` periods after it joined.

    A cohort is the agents whose first activity falls in the same period (within each
    ``by`` group). Only ages the calendar reaches are shown (the last cohort has age 0
    only); ``until`` adds the later ages of the last cohorts, observed quiet.

    Parameters
    ----------
    orders : DataFrame
        Canonical orders, pandas or Dask.
    {calendar}
    role : {"any", "seller"}, default "any"
        What counts as activity, as for :func:`entrants_exits`.
    engine : {"pandas", "duckdb"}, default "pandas"
        Group on DuckDB, on all cores (the ``duckdb`` extra; pandas frames only). The
        result is identical.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``cohort`` (period), ``age`` (periods since joining),
        ``cohort_size``, ``active`` and ``share``.

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
    by = column_list(by)
    finalise = functools.partial(_cohort_finalise, freq=freq, by=by, start=start, until=until)
    aggregation = _activity_aggregation(
        finalise, role=role, freq=freq, by=by, who="cohort_survival"
    )
    return aggregation.run(orders, engine)


def _cohort_finalise(parts: dict, *, freq: str, by: list[str], start, until) -> pd.DataFrame:
    life = _lifespans(parts, freq=freq, by=by, start=start, until=until)
    n, g = life.n, len(life.keys)
    cohort = life.pair_first  # count the lives' active periods by (group, cohort, age)
    cell = (life.pair_group * n + cohort) * n + (life.when - cohort)
    counts = np.bincount(cell, life.pair_weight, minlength=g * n * n)[: g * n * n]
    counts = counts.astype(np.int64).reshape(g, n, n)
    sizes = life.count(life.life_group, life.first, life.life_weight)
    group_idx, cohort_idx, age = np.nonzero(
        np.broadcast_to(np.arange(n)[:, None] + np.arange(n)[None, :] < n, (g, n, n))
    )
    keep = sizes[group_idx, cohort_idx] > 0
    group_idx, cohort_idx, age = group_idx[keep], cohort_idx[keep], age[keep]
    out = pd.DataFrame(index=pd.RangeIndex(len(age)))
    for k in by:
        out[k] = life.keys[k].take(group_idx).to_numpy()
        out[k] = out[k].astype(life.keys[k].dtype)
    out["cohort"] = life.periods[cohort_idx]
    out["age"] = age
    out["cohort_size"] = sizes[group_idx, cohort_idx]
    out["active"] = counts[group_idx, cohort_idx, age]
    out["share"] = out["active"] / out["cohort_size"]
    return out


def agents_on_books(
    sellers: pd.DataFrame,
    *,
    freq: str = "ME",
    start: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Count the agents registered at each period end (joined, not yet left), joins and exits.

    An agent counts from the period it joined; one whose ``left`` date falls in a
    period counts as having left by that period's end. The calendar runs from the
    first join to the last join or exit, or to ``until`` if given (agents stay on
    the books through quiet months).

    Parameters
    ----------
    sellers : DataFrame
        One row per agent: ``seller_id``, ``joined`` (a date, never missing) and
        ``left`` (the date it quit; missing while it still trades), as the
        simulator's or a back office's ``sellers`` table.
    freq : str, default "ME"
        The period, any alias :func:`~microcommerce.analyses.period_label` takes;
        counts are taken at each period's end.
    start, until : str or Timestamp, optional
        Extend the calendar back to ``start``'s period and on to ``until``'s (a
        data window wider than the joins and exits).

    Returns
    -------
    DataFrame
        One row per period: ``period`` (its label), ``agents`` (on the books at
        its end), ``joined`` and ``left`` (in the period).

    Raises
    ------
    MissingColumnsError
        When ``sellers`` lacks ``seller_id``, ``joined`` or ``left``.
    InputError
        When an agent's ``joined`` date is missing.
    FrequencyError
        For a ``freq`` that is not a day, week, month, quarter or year alias.

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
    coded = period_categories(dates, freq, start=start, until=until)
    n = len(coded.cat.categories)
    codes = coded.cat.codes.to_numpy().astype(np.int64)
    joined, left = codes[: len(sellers)], codes[len(sellers) :]
    joins = np.bincount(joined[joined >= 0], minlength=n)[:n]
    exits = np.bincount(left[left >= 0], minlength=n)[:n]
    return pd.DataFrame(
        {
            "period": pd.DatetimeIndex(coded.cat.categories).astype("datetime64[us]"),
            "agents": np.cumsum(joins) - np.cumsum(exits),
            "joined": joins,
            "left": exits,
        }
    )


def tier_pyramid(sellers: pd.DataFrame, at: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Agents by tier — all who ever joined, or those on the books at the date ``at``.

    Parameters
    ----------
    sellers : DataFrame
        One row per agent with its ``tier`` (0 for the brand's top tier); with
        ``at``, also ``joined`` and ``left`` (missing while it still trades).
    at : str or Timestamp, optional
        Count only the agents who had joined by this date and not left by it;
        default every agent ever on the books.

    Returns
    -------
    DataFrame
        One row per tier from 0 to the highest in ``sellers`` (tiers without
        agents at ``at`` show 0): ``tier``, ``agents`` and ``share`` (of all
        agents counted; missing when none are).

    Raises
    ------
    MissingColumnsError
        When ``sellers`` has no ``tier`` column.

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
    return pd.DataFrame(
        {
            "tier": np.arange(len(counts)),
            "agents": counts.astype(np.int64),
            "share": counts / total if total else np.full(len(counts), np.nan),
        }
    )


def published_counts() -> pd.DataFrame:
    """List the practitioner and seller figures of ``facts``, with their definitions.

    Returns
    -------
    DataFrame
        The ``facts`` rows on practitioners and sellers counted in persons or
        stores, sorted by ``period`` and ``value``: the fact's id, period, entity,
        metric, value with its bounds and qualifier, unit, basis, words as
        published, producer and confidence, and ``definition`` (what the metric
        counts, from ``DEFINITIONS``).

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
    rows = facts[
        facts["topic"].isin(["practitioners", "sellers"]) | (facts["metric"] == "seller_count")
    ]
    rows = rows[rows["unit"].isin(["persons", "stores"])]
    out = rows[
        [
            "fact_id",
            "period",
            "entity",
            "metric",
            "value",
            "value_low",
            "value_high",
            "qualifier",
            "unit",
            "basis",
            "as_written",
            "producer",
            "confidence",
        ]
    ].copy()
    out["definition"] = out["metric"].map(DEFINITIONS).fillna("see the fact's note")
    return out.sort_values(["period", "value"], kind="stable", ignore_index=True)
