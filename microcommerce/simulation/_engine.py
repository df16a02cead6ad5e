"""The monthly engine: one brand's agent pyramid advanced a month at a time.

The model, month by month (every step vectorised with NumPy over the agents; the
only Python loops are over months and over the ten tiers):

1. **Retail.** Each active agent gets end-customer orders: a Poisson number with a
   mean set by its reach (friends who see its Moments), damped by *Moments fatigue*
   (reach halves every ``fatigue_half_life`` months of the agent's tenure) and by
   *competition* (more active sellers share the same customers), lowered by the
   policy shock. Orders are filled from the agent's own stock; what it cannot fill
   is lost demand (recorded in the truth).
2. **Recruitment.** People from a finite population of potential agents join at a
   Bass rate ``p + q × active / population`` (hype spreads by word of mouth and
   saturates as the population is used up), lowered by the policy shock. Each
   newcomer is recruited by a random active agent above the deepest tier and joins
   one tier below it, buying an entry package (囤货) from its recruiter.
3. **Restocking.** Agents that sold something recently (optimistic) and hold less
   than ``reorder_below`` months of their recent sales reorder up to ``cover``
   months, at least a minimum restock. Orders flow up the chain, deepest tier
   first: a parent fills its children's orders from stock and buys the shortfall
   from its own parent; top agents (tier 0) buy from the brand (``shipments``).
4. **Exit.** An agent whose stock has not moved (no sale to a customer or a
   sub-agent) for ``exit_after`` months stops ordering and leaves; its stock stays
   stuck in the channel. Its sub-agents then buy from the nearest active agent above.
   Top agents are the brand's partners and stay on its books to the end, so every
   active agent always has someone to buy from.

Conservation holds exactly, month by month: units shipped by the brand = units in
agents' stock (including agents who left) + units sold to end customers.

:class:`Run` holds the state of one run as NumPy arrays; :func:`run_pyramid` steps it
through every month. The tables are built from a finished run by
``_tables``.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning._taxonomy import PLATFORM_DTYPE
from microcommerce.errors import ParameterError
from microcommerce.simulation._params import PyramidParams, month_of

__all__ = [
    "REGIONS",
    "Rows",
    "Run",
    "first_shock_month",
    "month_steps",
    "run_pyramid",
]

#: Provinces agents are drawn from (the biggest markets of the 2014–2015 mask wave).
REGIONS: tuple[str, ...] = (
    "广东",
    "浙江",
    "江苏",
    "山东",
    "福建",
    "上海",
    "北京",
    "四川",
    "河南",
    "湖北",
    "湖南",
    "河北",
    "安徽",
    "辽宁",
    "陕西",
    "重庆",
)


class _Agents:
    """Per-agent state arrays (index = join order); tier-0 founders first."""

    def __init__(self, capacity: int) -> None:
        self.n = 0
        self.tier = np.zeros(capacity, np.int8)
        self.parent = np.full(capacity, -1, np.int64)
        self.supplier = np.full(capacity, -1, np.int64)
        self.joined = np.zeros(capacity, np.int64)  # day number
        self.joined_month = np.zeros(capacity, np.int64)
        self.left = np.full(capacity, -1, np.int64)  # day number, -1 while active
        self.stock = np.zeros(capacity, np.int64)
        self.recent = np.zeros(capacity, np.float64)  # smoothed monthly outflow
        self.last_sale = np.zeros(capacity, np.int64)  # month index
        self.reach = np.zeros(capacity, np.float64)
        self.platform = np.zeros(capacity, np.int8)
        self.region = np.zeros(capacity, np.int8)

    def add(self, count: int, *, tier, parent, day, month, reach, platform, region) -> np.ndarray:
        idx = np.arange(self.n, self.n + count)
        self.n += count
        self.tier[idx] = tier
        self.parent[idx] = parent
        self.supplier[idx] = parent
        self.joined[idx] = day
        self.joined_month[idx] = month
        self.last_sale[idx] = month
        self.reach[idx] = reach
        self.platform[idx] = platform
        self.region[idx] = region
        return idx


@dataclass
class Rows:
    """Order rows collected month by month as compact integer arrays.

    Agent numbers fit int32 (the population is far below 2**31), day numbers int16
    (89 years; the window is held inside the schema's 2000–2035), quantities and
    prices in fen int64 (a tier-0 package can be millions of boxes).
    """

    seller: list = field(default_factory=list)
    buyer: list = field(default_factory=list)
    day: list = field(default_factory=list)
    qty: list = field(default_factory=list)
    price_fen: list = field(default_factory=list)

    def add(self, seller, buyer, day, qty, price_fen) -> None:
        self.seller.append(seller.astype(np.int32))
        self.buyer.append(buyer.astype(np.int32))
        self.day.append(day.astype(np.int16))
        self.qty.append(qty.astype(np.int64))
        self.price_fen.append(price_fen.astype(np.int64))

    def arrays(self) -> dict[str, np.ndarray]:
        if not self.seller:
            return {k: np.zeros(0, np.int32) for k in ("seller", "buyer", "day", "qty", "fen")}
        return {
            "seller": np.concatenate(self.seller),
            "buyer": np.concatenate(self.buyer),
            "day": np.concatenate(self.day),
            "qty": np.concatenate(self.qty),
            "fen": np.concatenate(self.price_fen),
        }


def _months(params: PyramidParams) -> pd.DatetimeIndex:
    return pd.period_range(month_of(params.start), periods=params.months, freq="M").to_timestamp()


def _shock_fraction(params: PyramidParams, month_start: pd.Timestamp) -> float:
    """Share of the month on or after the shock date (0 before it, 1 after)."""
    if params.shock is None:
        return 0.0
    at = pd.Timestamp(params.shock)
    end = month_start + pd.offsets.MonthBegin(1)
    if at >= end:
        return 0.0
    if at <= month_start:
        return 1.0
    return (end - at) / (end - month_start)


def first_shock_month(params: PyramidParams) -> int:
    """Find the first month the shock touches: its index, or ``params.months`` if none.

    Before that month a run does not depend on the shock's date or strength, so
    runs that differ only in those are the same run until then.

    Examples
    --------
    >>> first_shock_month(PyramidParams())  # 2015-02 is the 26th month from 2013-01
    25
    >>> first_shock_month(PyramidParams(shock=None))
    48
    """
    touched = [t for t, m in enumerate(_months(params)) if _shock_fraction(params, m) > 0]
    return touched[0] if touched else params.months


def _group_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum ``values`` cumulatively, restarting at each group (groups are consecutive)."""
    total = np.concatenate([[0], np.cumsum(values)])
    starts = np.cumsum(counts) - counts
    return total[1:] - np.repeat(total[starts], counts)


def month_steps(months: pd.DatetimeIndex, show: bool) -> Iterator[pd.Timestamp]:
    """Iterate over the months, behind a progress bar (tqdm) when ``show``."""
    if not show:
        return iter(months)
    from tqdm.auto import tqdm

    return iter(tqdm(months, desc="simulating", unit="month"))


class Run:
    """State of one simulation; :meth:`step` advances it by a month.

    Within a month the work is done over the *live* agents only (agents who left
    keep their stock, counted in ``stuck``, but cost nothing any more), sorted by
    tier so each tier is a contiguous slice.
    """

    def __init__(self, params: PyramidParams, seed: int) -> None:
        check_memory(params)  # before the agents' arrays are made
        self.params = params
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.months = _months(params)
        self.epoch = np.datetime64(self.months[0].date(), "D")
        self.prices_fen = np.round(params.tier_prices() * 100).astype(np.int64)
        self.entry = params.entry_units()
        self.restock_min = np.ceil(self.entry * params.by_tier("restock_min_share")).astype(
            np.int64
        )
        self.reorder_below = params.by_tier("reorder_below")
        self.cover = params.by_tier("cover")
        self.retail_fen = round(params.retail_price * 100)
        self.platform_codes = np.array(
            [PLATFORM_DTYPE.categories.get_loc(p) for p, _ in params.platform_shares]
        )
        self.platform_p = np.array([share for _, share in params.platform_shares])
        self.agents = _Agents(params.top_agents + params.potential_agents)
        self.orders = Rows()
        self.shipments = Rows()
        self.truth: list[dict[str, float]] = []
        self.stock_tier: list[np.ndarray] = []
        self.inventory: list[tuple[np.ndarray, int, np.ndarray]] = []
        self.stuck_by_tier = np.zeros(params.max_tier + 1, np.int64)

    def copy(self) -> Run:
        """Copy the run's state, to go on from it separately (rows so far are shared)."""
        twin = copy.copy(self)
        twin.rng = copy.deepcopy(self.rng)
        twin.agents = copy.deepcopy(self.agents)
        twin.orders = Rows(*(list(getattr(self.orders, f.name)) for f in fields(Rows)))
        twin.shipments = Rows(*(list(getattr(self.shipments, f.name)) for f in fields(Rows)))
        twin.truth, twin.stock_tier = list(self.truth), list(self.stock_tier)
        twin.inventory = list(self.inventory)
        twin.stuck_by_tier = self.stuck_by_tier.copy()
        return twin

    def _newcomers(self, count: int, **where: Any) -> np.ndarray:
        p, rng = self.params, self.rng
        return self.agents.add(
            count,
            reach=p.reach_boxes * rng.lognormal(-(p.reach_sigma**2) / 2, p.reach_sigma, count),
            platform=self.platform_codes[
                rng.choice(len(self.platform_p), size=count, p=self.platform_p)
            ],
            region=rng.integers(len(REGIONS), size=count),
            **where,
        )

    def _days(self, first_day: int, n_days: int, count: int) -> np.ndarray:
        return (first_day + self.rng.integers(n_days, size=count)).astype(np.int16)

    def step(self, t: int, month: pd.Timestamp) -> None:
        p, rng, agents = self.params, self.rng, self.agents
        first_day = int((np.datetime64(month.date(), "D") - self.epoch).astype(np.int64))
        n_days = month.days_in_month
        shock = _shock_fraction(p, month)
        active = np.flatnonzero(agents.left[: agents.n] < 0)
        new_from = agents.n  # agents from here on join this month
        if t == 0:  # the brand signs its top agents; they recruit from the next month
            self._newcomers(
                p.top_agents,
                tier=0,
                parent=-1,
                month=0,
                day=self._days(first_day, n_days, p.top_agents),
            )

        # 1. retail: Poisson orders, filled from stock in turn
        tenure = t - agents.joined_month[active]
        crowding = 1.0 / (1.0 + len(active) / max(p.crowding_agents * p.potential_agents, 1.0))
        wanted = (
            agents.reach[active]
            * 0.5 ** (tenure / p.fatigue_half_life)
            * crowding
            * (1 - p.shock_demand * shock)
        )
        n_orders = rng.poisson(wanted / p.basket_boxes)
        owner = np.repeat(np.arange(len(active)), n_orders)
        qty = 1 + rng.poisson(p.basket_boxes - 1, size=len(owner))
        filled = _group_cumsum(qty, n_orders) <= agents.stock[active][owner]
        retail_sold = np.bincount(owner[filled], qty[filled], minlength=len(active))
        retail_sold = retail_sold.astype(np.int64)
        n_filled = int(filled.sum())
        self.orders.add(
            active[owner[filled]],
            np.full(n_filled, -1),
            self._days(first_day, n_days, n_filled),
            qty[filled],
            np.full(n_filled, self.retail_fen),
        )
        agents.stock[active] -= retail_sold
        agents.last_sale[active] = np.where(retail_sold > 0, t, agents.last_sale[active])

        # 2. recruitment: Bass over the remaining population, to random recruiters
        recruiters = active[agents.tier[active] < p.max_tier]
        remaining = p.potential_agents - (agents.n - p.top_agents)
        rate = (p.innovation + p.imitation * len(active) / max(p.potential_agents, 1)) * (
            1 - shock * p.shock_recruitment
        )
        joining = int(rng.binomial(remaining, min(rate, 1.0))) if len(recruiters) else 0
        if joining:
            by = recruiters[rng.integers(len(recruiters), size=joining)]
            self._newcomers(
                joining,
                tier=agents.tier[by] + 1,
                parent=by,
                month=t,
                day=self._days(first_day, n_days, joining),
            )

        # 3. purchases over the live agents sorted by tier, deepest tier first
        live = np.concatenate([active, np.arange(new_from, agents.n)])
        live = live[np.argsort(agents.tier[live], kind="stable")]
        bounds = np.searchsorted(agents.tier[live], np.arange(p.max_tier + 2))
        position = np.full(agents.n, -1, np.int64)
        position[live] = np.arange(len(live))
        supplier = position[np.maximum(agents.supplier[live], 0)]
        is_new = live >= new_from
        sold = np.zeros(len(live), np.int64)
        sold[position[active]] = retail_sold
        demand = np.zeros(len(live), np.int64)  # units each agent's sub-agents buy from it
        bought = np.zeros(len(live), np.int64)
        optimistic = (t - agents.last_sale[live]) < p.optimism_months
        sell_in_fen = 0
        for tier in range(p.max_tier, -1, -1):
            at = slice(bounds[tier], bounds[tier + 1])
            after = agents.stock[live[at]] - demand[at]
            holding = np.maximum(after, 0)
            recent = agents.recent[live[at]]
            restock = optimistic[at] & ~is_new[at] & (holding < self.reorder_below[tier] * recent)
            top_up = np.where(
                restock,
                np.maximum(np.ceil(self.cover[tier] * recent) - holding, self.restock_min[tier]),
                0,
            ).astype(np.int64)
            buy = np.maximum(-after, 0) + top_up + np.where(is_new[at], self.entry[tier], 0)
            rows = np.flatnonzero(buy > 0) + bounds[tier]
            bought[at] = buy
            if tier > 0:
                demand[: bounds[tier]] += np.bincount(
                    supplier[rows], bought[rows], minlength=bounds[tier]
                ).astype(np.int64)
                sell_in_fen += int(buy.sum()) * int(self.prices_fen[tier])
            days = np.where(
                is_new[rows], agents.joined[live[rows]], self._days(first_day, n_days, len(rows))
            )
            (self.shipments if tier == 0 else self.orders).add(
                agents.supplier[live[rows]],
                live[rows],
                days,
                bought[rows],
                np.full(len(rows), self.prices_fen[tier]),
            )
        sold += demand
        agents.stock[live] += bought - demand

        # 4. bookkeeping and exits; sub-agents of leavers buy from the next agent up
        agents.last_sale[live] = np.where(demand > 0, t, agents.last_sale[live])
        agents.recent[live] = 0.5 * agents.recent[live] + 0.5 * sold
        leaving = ~is_new & (agents.tier[live] > 0) & ((t - agents.last_sale[live]) >= p.exit_after)
        gone = live[leaving]
        agents.left[gone] = first_day + n_days - 1
        if len(gone):
            _repoint(agents, live[~leaving])
        stock = agents.stock[live]
        tiers = agents.tier[live]
        self.inventory.append((live, t, stock))
        # stock by tier: live agents (including this month's leavers) + earlier leavers
        channel = np.bincount(tiers, stock, minlength=p.max_tier + 1).astype(np.int64)
        channel += self.stuck_by_tier
        self.stuck_by_tier += np.bincount(
            tiers[leaving], stock[leaving], minlength=p.max_tier + 1
        ).astype(np.int64)
        self.stock_tier.append(channel)
        retail_units = int(retail_sold.sum())
        shipped_units = int(bought[bounds[0] : bounds[1]].sum())
        self.truth.append(
            {
                "active_agents": int((~leaving).sum()),
                "selling_agents": int((sold > 0).sum()),
                "trading_agents": int(((sold > 0) | ((bought > 0) & (tiers > 0))).sum()),
                "joined": int(is_new.sum()),
                "left": len(gone),
                "end_demand_units": int(qty.sum()),
                "retail_units": retail_units,
                "retail_amount": retail_units * self.retail_fen / 100,
                "sell_in_units": int(demand.sum()),
                "sell_in_amount": sell_in_fen / 100,
                "shipped_units": shipped_units,
                "shipped_amount": shipped_units * int(self.prices_fen[0]) / 100,
                "channel_units": int(channel.sum()),
                "channel_value": int((channel * self.prices_fen).sum()) / 100,
                "stuck_units": int(self.stuck_by_tier.sum()),
            }
        )


def _repoint(agents: _Agents, staying: np.ndarray) -> None:
    """Agents in ``staying`` whose supplier left buy from the nearest active agent above.

    Top agents never leave, so the walk up always ends at an active agent.
    """
    supplier = agents.supplier[staying]
    orphaned = staying[(supplier >= 0) & (agents.left[np.maximum(supplier, 0)] >= 0)]
    supplier = agents.supplier[orphaned]
    for _ in range(10):  # at most nine tiers above anyone
        gone = (supplier >= 0) & (agents.left[np.maximum(supplier, 0)] >= 0)
        if not gone.any():
            break
        supplier = np.where(gone, agents.supplier[np.maximum(supplier, 0)], supplier)
    agents.supplier[orphaned] = supplier


def run_pyramid(params: PyramidParams, seed: int, *, progress_bar: bool = False) -> Run:
    """Run the engine through every month of ``params`` (the tables are not built).

    Parameters
    ----------
    params
        The model.
    seed
        Seed of the random generator.
    progress_bar
        Show a progress bar over the months.

    Returns
    -------
    Run
        The finished run: agents, order rows, stock counts and the monthly truth.

    Examples
    --------
    >>> run = run_pyramid(PyramidParams(potential_agents=100, months=3), seed=1)
    >>> len(run.truth), run.agents.n >= PyramidParams().top_agents
    (3, True)
    """
    check_memory(params, orders=True)  # every order row is kept until the end
    run = Run(params, seed)
    for t, month in enumerate(month_steps(run.months, progress_bar)):
        run.step(t, month)
    return run


#: Bytes of engine state an agent takes (the arrays of ``_Agents``), and bytes of
#: order rows an agent adds a month once they are built into a table (about ten
#: orders an agent over four years, 117 bytes each, measured at 2,000–20,000 agents).
STATE_BYTES, ORDER_BYTES_PER_MONTH = 75, 30


def check_memory(params: PyramidParams, *, orders: bool = False, free: int | None = None) -> None:
    """Refuse a simulation too large for memory before it starts, with an estimate.

    Parameters
    ----------
    params
        The model.
    orders
        Whether every order row is kept in memory (:func:`run_pyramid`), not spilled
        in chunks (``simulate_to_dataset``).
    free
        Bytes of memory available; read from the system when not given.

    Raises
    ------
    ParameterError
        When the estimate passes 80% of the memory available.

    Examples
    --------
    >>> check_memory(PyramidParams(), free=1 << 30)
    >>> check_memory(PyramidParams(potential_agents=10**8), orders=True, free=16 << 30)
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: potential_agents=100,000,000: ... about 141 GiB ...
    """
    agents = params.top_agents + params.potential_agents
    state = agents * STATE_BYTES
    need = state + (agents * params.months * ORDER_BYTES_PER_MONTH if orders else 0)
    free = _available_memory() if free is None else free
    if need <= 0.8 * free:
        return
    hint = "simulate fewer agents"
    if orders and state <= 0.8 * free:
        hint += (
            f", or write the run in chunks (simulate_to_dataset, `simulate --dataset`), "
            f"which keeps only the agents' state ({state / 2**30:,.1f} GiB) in memory"
        )
    raise ParameterError(
        f"potential_agents={params.potential_agents:,}: the simulation needs about "
        f"{need / 2**30:,.0f} GiB of memory ({STATE_BYTES} bytes an agent"
        + (f", {ORDER_BYTES_PER_MONTH} a month for its orders" if orders else "")
        + f"), more than the {free / 2**30:,.1f} GiB available; {hint}"
    )


def _available_memory() -> int:
    """Bytes of memory available (``MemAvailable``; free pages where it is not known)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not POSIX
        return 1 << 40
