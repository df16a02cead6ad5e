"""A seeded model of one micro-business brand's agent pyramid, with known ground truth.

Layer: beside the analyses, above cleaning. Imports :mod:`microcommerce.errors`,
:mod:`microcommerce.core`, :mod:`microcommerce.io` and :mod:`microcommerce.cleaning`
(its tables are checked against the canonical schemas); never the analyses, the report or
the CLI. :mod:`~microcommerce.simulation.messy` writes its runs as messy back-office exports.

No transaction-level micro-business data is public. The simulator is the stand-in:
it writes the canonical ``orders``, ``sellers`` and ``inventory`` tables a brand's
back office would hold, and it also knows what no back office knows — the true
end demand and the stock stuck in the channel each month — so that every analysis
can be checked against the truth.

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

Examples
--------
>>> sim = simulate_pyramid(PyramidParams(potential_agents=300, months=12), seed=1)
>>> sim.orders["kind"].value_counts().index.tolist()
['retail', 'sell_in']
>>> truth = sim.truth
>>> bool((truth["shipped_units"].cumsum()
...       == truth["channel_units"] + truth["retail_units"].cumsum()).all())
True
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from microcommerce.cleaning import schema
from microcommerce.cleaning.taxonomy import CATEGORY_DTYPE, PLATFORM_DTYPE
from microcommerce.core.engine import import_dask
from microcommerce.io import PathArg, write_table, write_text
from microcommerce.io.partitioned import write_dataset
from microcommerce.io.staging import check_result, staged

__all__ = [
    "PyramidParams",
    "Simulation",
    "describe_params",
    "read_simulation",
    "simulate_pyramid",
    "simulate_to_dataset",
    "write_simulation",
]

#: The tables of a :class:`Simulation`, as written by :func:`write_simulation`.
SIMULATION_TABLES: tuple[str, ...] = (
    "orders",
    "sellers",
    "inventory",
    "shipments",
    "truth",
    "stock_by_tier",
)

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


@dataclass(frozen=True)
class PyramidParams:
    """Parameters of :func:`simulate_pyramid`; :func:`describe_params` lists their sources.

    Prices are yuan a box; rates are per month. Defaults marked *fact* come from a
    row of the ``facts`` dataset (most of the price rows are unsourced claims, so
    they are used as stated assumptions, not as calibration); the others are
    assumptions chosen to give the 2014 boom and 2015 bust the record describes.
    Invalid combinations are refused when the parameters are made.

    Examples
    --------
    >>> PyramidParams(potential_agents=5_000, max_tier=3).max_tier
    3
    >>> PyramidParams(months=0)
    Traceback (most recent call last):
    ...
    ValueError: PyramidParams: expected months ≥ 1
    """

    potential_agents: int = 100_000
    """People who could ever join (the finite population Bass recruitment uses up)."""
    top_agents: int = 20
    """Top agents (总代) the brand starts with in the first month."""
    start: str = "2013-01"
    """First simulated month."""
    months: int = 48
    """Number of monthly steps (default 2013-01 … 2016-12)."""
    max_tier: int = 9
    """Deepest tier; agents there cannot recruit (the seed's 'up to level nine')."""
    factory_cost: float = 30.0
    """What a box costs the brand to make (not paid by any agent)."""
    top_price: float = 38.0
    """Price a box for top agents (tier 0) buying from the brand."""
    tier_markup: float = 0.15
    """Each tier pays this much more a box than the tier above it."""
    retail_price: float = 138.0
    """Price a box to end customers."""
    entry_package_yuan: tuple[float, ...] = (40_000.0, 3_188.0, 3_188.0, 280.0)
    """Buy-in to join, by tier (0, 1, 2, …); the last value holds for deeper tiers."""
    restock_min_share: float = 0.5
    """A restock order is at least this share of the tier's entry package."""
    innovation: float = 0.0002
    """Bass p: share of the remaining population joining unprompted each month."""
    imitation: float = 0.45
    """Bass q: word-of-mouth pull of the active agents on the remaining population."""
    reach_boxes: float = 6.0
    """Mean boxes a month a new agent could sell to its own circle."""
    reach_sigma: float = 0.8
    """Spread (log-normal sigma) of agents' reach."""
    basket_boxes: float = 1.5
    """Mean boxes in one retail order."""
    fatigue_half_life: float = 6.0
    """Months of an agent's tenure after which its friends buy half as much."""
    crowding_agents: float = 0.25
    """Active agents, as a share of the population, at which competition halves sales."""
    reorder_below: float = 1.0
    """Reorder when stock is below this many months of recent sales."""
    cover: float = 3.0
    """Reorder up to this many months of recent sales."""
    optimism_months: int = 2
    """An agent reorders only if it sold something this month or in the months before
    (2: this month or last)."""
    exit_after: int = 3
    """Months without any sale after which an agent leaves."""
    shock: str | None = "2015-02-15"
    """Date of the policy shock (Tencent's rectification notice); None for no shock."""
    shock_recruitment: float = 0.7
    """Fall in recruitment from the shock on."""
    shock_demand: float = 0.3
    """Fall in end demand from the shock on."""
    platform_shares: tuple[tuple[str, float], ...] = (
        ("wechat", 0.8),
        ("weidian", 0.15),
        ("taobao", 0.05),
    )
    """Agents' main platforms and their shares (their sales happen there)."""
    category: str = "mask"
    """The brand's product category."""
    product: str = "蚕丝面膜 10片装"
    """The brand's product name as exported."""

    def __post_init__(self) -> None:
        checks = [
            (self.potential_agents >= 0, "potential_agents ≥ 0"),
            (self.top_agents >= 1, "top_agents ≥ 1"),
            (self.months >= 1, "months ≥ 1"),
            (0 <= self.max_tier <= 9, "0 ≤ max_tier ≤ 9 (the schema's tiers)"),
            (0 < self.top_price <= self.retail_price, "0 < top_price ≤ retail_price"),
            (self.tier_markup >= 0, "tier_markup ≥ 0"),
            (len(self.entry_package_yuan) >= 1, "entry_package_yuan has a value"),
            (all(v > 0 for v in self.entry_package_yuan), "entry packages > 0"),
            (
                0 <= self.innovation <= 1 and self.imitation >= 0,
                "0 ≤ innovation ≤ 1, imitation ≥ 0",
            ),
            (self.reach_boxes > 0 and self.basket_boxes >= 1, "reach_boxes > 0, basket_boxes ≥ 1"),
            (self.fatigue_half_life > 0 and self.crowding_agents > 0, "fatigue, crowding > 0"),
            (0 <= self.reorder_below <= self.cover, "0 ≤ reorder_below ≤ cover"),
            (self.exit_after >= 1 and self.optimism_months >= 1, "exit_after, optimism ≥ 1"),
            (
                0 <= self.shock_recruitment <= 1 and 0 <= self.shock_demand <= 1,
                "shock falls between 0 and 1",
            ),
            (abs(sum(s for _, s in self.platform_shares) - 1) < 1e-9, "platform shares sum to 1"),
        ]
        failed = [rule for ok, rule in checks if not ok]
        if failed:
            raise ValueError("PyramidParams: expected " + "; ".join(failed))
        unknown = [p for p, _ in self.platform_shares if p not in PLATFORM_DTYPE.categories]
        if unknown or self.category not in CATEGORY_DTYPE.categories:
            raise ValueError(
                f"PyramidParams: unknown platform {unknown} or category "
                f"{self.category!r}; see microcommerce.cleaning.taxonomy"
            )
        if self.top_price * (1 + self.tier_markup) ** self.max_tier > self.retail_price:
            raise ValueError(
                "PyramidParams: the deepest tier would pay more than retail_price; "
                "lower tier_markup or max_tier"
            )
        if round(self.top_price, 2) <= 0 or self.retail_price > 1e6:
            raise ValueError(
                "PyramidParams: prices must be at least one fen and at most a million yuan a box"
            )
        if self.entry_units().max() > 1e9:
            raise ValueError("PyramidParams: an entry package of over a billion boxes")
        if not self.product.strip() or self.product != self.product.strip():
            raise ValueError(
                f"PyramidParams: product {self.product!r} must be a name without "
                "leading or trailing spaces (exports trim them)"
            )
        first = _month(self.start)
        last = first + self.months - 1
        lo, hi = (pd.Period(d, freq="M") for d in schema.DATE_WINDOW)
        if first < lo or last > hi:
            raise ValueError(
                f"PyramidParams: the window {first} … {last} must lie within "
                f"{lo} … {hi} (the schema's plausible dates)"
            )
        if self.shock is not None:
            try:
                shock = pd.Timestamp(self.shock)
            except (ValueError, TypeError) as exc:
                raise ValueError(f"PyramidParams: shock {self.shock!r} is not a date") from exc
            if shock.tzinfo is not None:
                raise ValueError(
                    f"PyramidParams: shock {self.shock!r}: give a date without "
                    "a time zone (China time is understood)"
                )

    def tier_prices(self) -> np.ndarray:
        """Price a box paid by each tier 0 … max_tier, rounded to the fen.

        >>> PyramidParams().tier_prices()[:4].tolist()
        [38.0, 43.7, 50.26, 57.79]
        """
        ladder = self.top_price * (1 + self.tier_markup) ** np.arange(self.max_tier + 1)
        return np.round(ladder, 2)

    def entry_units(self) -> np.ndarray:
        """Boxes in each tier's entry package (its yuan value ÷ the tier's price, rounded up).

        >>> PyramidParams().entry_units()[:5].tolist()
        [1053, 73, 64, 5, 5]
        """
        yuan = list(self.entry_package_yuan)
        yuan += [yuan[-1]] * (self.max_tier + 1 - len(yuan))
        return np.ceil(np.array(yuan[: self.max_tier + 1]) / self.tier_prices()).astype(np.int64)


#: Where each default comes from: a ``facts`` row id, or an assumption with its reason.
_SOURCES: dict[str, str] = {
    "potential_agents": "assumption: one large brand; Si Bu claimed over 1 million sellers "
    "(fact sibu_sellers_over_1m, unsourced) — scaled down to run on a laptop",
    "top_agents": "assumption",
    "start": "assumption: WeChat Pay launched 2013-08-05 (event wechat_pay_launch)",
    "months": "assumption: through the 2015–2016 bust",
    "max_tier": "fact seed_agent_levels",
    "factory_cost": "fact agent_price_chain_b_1 (unsourced claim)",
    "top_price": "fact agent_price_chain_b_2 (unsourced claim)",
    "tier_markup": "assumption: the 15–30 % steps of facts agent_price_chain_a_1…4 "
    "(unsourced claims), at the low end so nine tiers stay below retail",
    "retail_price": "fact agent_price_chain_a_4 (unsourced claim)",
    "entry_package_yuan": "facts sibu_agent_entry_tiers_1…3 (unsourced claims)",
    "shock": "event wechat_illegal_distribution_notice_2015",
}


def describe_params(params: PyramidParams | None = None) -> pd.DataFrame:
    """The parameters as a table: name, value, meaning and source.

    Examples
    --------
    >>> table = describe_params()
    >>> table.set_index("parameter").loc["max_tier", ["value", "source"]].tolist()
    [9, 'fact seed_agent_levels']
    """
    params = params or PyramidParams()
    docs = _attribute_docs()
    rows = [
        {
            "parameter": f.name,
            "value": getattr(params, f.name),
            "meaning": docs.get(f.name, ""),
            "source": _SOURCES.get(f.name, "assumption"),
        }
        for f in dataclasses.fields(params)
    ]
    return pd.DataFrame(rows).astype({"value": object})


def _attribute_docs() -> dict[str, str]:
    """The docstring under each field of :class:`PyramidParams`, read from the source."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(PyramidParams)))
    except (OSError, TypeError):  # no source shipped (a frozen build): meanings left blank
        return {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
        ):
            docs[node.target.id] = after.value.value  # type: ignore[union-attr]
    return docs


@dataclass(frozen=True)
class Simulation:
    """What :func:`simulate_pyramid` returns.

    Attributes
    ----------
    orders, sellers, inventory
        The canonical tables (validated against :mod:`microcommerce.cleaning.schema`):
        agent-to-agent (``sell_in``) and end-customer (``retail``) orders; every agent
        who joined; month-end stock of each active agent (and of an agent in the
        month it leaves), at its purchase price.
    shipments
        The brand's own sales to top agents: ``date, buyer_id, buyer_tier,
        category, quantity, unit_price, amount`` (the orders schema has no seller
        above tier 0).
    truth
        Per month (month end): ``active_agents`` (on the books at the month end),
        ``selling_agents`` (sold to a customer or a sub-agent that month),
        ``trading_agents`` (sold, or bought from an agent above them),
        ``joined, left, end_demand_units``
        (what customers wanted), ``retail_units, retail_amount`` (sell-through),
        ``sell_in_units, sell_in_amount`` (between agents), ``shipped_units,
        shipped_amount`` (brand to top agents), ``channel_units, channel_value``
        (all agents' stock, including agents who left), ``stuck_units`` (held by
        agents who left).
    stock_by_tier
        Per month and tier: ``units`` held (including agents who left).
    params, seed
        What produced it.

    Examples
    --------
    >>> sim = simulate_pyramid(PyramidParams(potential_agents=100, months=6), seed=9)
    >>> sim.seed, list(sim.truth.columns[:3])
    (9, ['month', 'active_agents', 'selling_agents'])
    """

    orders: pd.DataFrame
    sellers: pd.DataFrame
    inventory: pd.DataFrame
    shipments: pd.DataFrame
    truth: pd.DataFrame
    stock_by_tier: pd.DataFrame
    params: PyramidParams
    seed: int
    meta: dict[str, Any] = field(default_factory=dict)


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
class _Rows:
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


def _month(start: str) -> pd.Period:
    try:
        return pd.Period(start, freq="M")
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"PyramidParams: start {start!r}: expected a month such as '2013-01'"
        ) from exc


def _months(params: PyramidParams) -> pd.DatetimeIndex:
    return pd.period_range(_month(params.start), periods=params.months, freq="M").to_timestamp()


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


def _group_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running sum of ``values`` restarting at each group (groups are consecutive)."""
    total = np.concatenate([[0], np.cumsum(values)])
    starts = np.cumsum(counts) - counts
    return total[1:] - np.repeat(total[starts], counts)


def simulate_pyramid(
    params: PyramidParams | None = None,
    *,
    seed: int = 0,
    progress: bool = False,
    validate: bool = True,
) -> Simulation:
    """Simulate one brand's agent pyramid month by month.

    Parameters
    ----------
    params
        The model (defaults: :class:`PyramidParams`; see :func:`describe_params`).
    seed
        Seed of the random generator: the same seed gives identical tables.
    progress
        Show a progress bar over the months (tqdm).
    validate
        Check the tables against :mod:`microcommerce.cleaning.schema` (a few seconds at ten
        million orders).

    Returns
    -------
    Simulation

    Examples
    --------
    >>> sim = simulate_pyramid(PyramidParams(potential_agents=500, months=24), seed=3)
    >>> int(sim.sellers["tier"].max()) <= 9
    True
    >>> sim.orders.groupby("kind", observed=True)["amount"].sum().round(2).gt(0).all()
    np.True_
    """
    params = params or PyramidParams()
    run = _Run(params, seed)
    for t, month in enumerate(_progress(run.months, progress)):
        run.step(t, month)
    return _assemble(run, validate)


def _progress(months: pd.DatetimeIndex, show: bool) -> Iterator[pd.Timestamp]:
    if not show:
        return iter(months)
    from tqdm.auto import tqdm

    return iter(tqdm(months, desc="simulating", unit="month"))


class _Run:
    """State of one simulation; :meth:`step` advances it by a month.

    Within a month the work is done over the *live* agents only (agents who left
    keep their stock, counted in ``stuck``, but cost nothing any more), sorted by
    tier so each tier is a contiguous slice.
    """

    def __init__(self, params: PyramidParams, seed: int) -> None:
        self.params = params
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.months = _months(params)
        self.epoch = np.datetime64(self.months[0].date(), "D")
        self.prices_fen = np.round(params.tier_prices() * 100).astype(np.int64)
        self.entry = params.entry_units()
        self.restock_min = np.ceil(self.entry * params.restock_min_share).astype(np.int64)
        self.retail_fen = round(params.retail_price * 100)
        self.platform_codes = np.array(
            [PLATFORM_DTYPE.categories.get_loc(p) for p, _ in params.platform_shares]
        )
        self.platform_p = np.array([share for _, share in params.platform_shares])
        self.agents = _Agents(params.top_agents + params.potential_agents)
        self.orders = _Rows()
        self.shipments = _Rows()
        self.truth: list[dict[str, float]] = []
        self.stock_tier: list[np.ndarray] = []
        self.inventory: list[tuple[np.ndarray, int, np.ndarray]] = []
        self.stuck_by_tier = np.zeros(params.max_tier + 1, np.int64)

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
            restock = optimistic[at] & ~is_new[at] & (holding < p.reorder_below * recent)
            top_up = np.where(
                restock, np.maximum(np.ceil(p.cover * recent) - holding, self.restock_min[tier]), 0
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


def _id_chars(prefix: str, count: int, width: int, start: int = 0) -> np.ndarray:
    """``prefix`` + the numbers start … start+count-1 zero-padded to ``width``, one row of
    bytes each.

    The digits of consecutive numbers are periodic (the units digit cycles every 10
    numbers, the tens digit every 100 …), so each digit column is a tiled pattern:
    no division and no per-row Python.
    """
    head = np.frombuffer(prefix.encode(), np.uint8)
    size = len(head) + width
    chars = np.empty((count, size), np.uint8)
    chars[:, : len(head)] = head
    digits = np.arange(48, 58, dtype=np.uint8)  # b"0" … b"9"
    for j in range(width):  # j-th digit from the right
        if 10**j > start + count - 1:  # this digit and all to its left are 0
            chars[:, len(head) : size - j] = 48
            break
        period = np.repeat(digits, 10**j)
        offset = start % len(period)
        chars[:, size - 1 - j] = np.tile(period, -(-(count + offset) // len(period)))[
            offset : offset + count
        ]
    return chars


def _text(
    chars: np.ndarray, rows: np.ndarray | None = None, missing: np.ndarray | None = None
) -> pd.Series:
    """A ``str`` Series from fixed-width byte rows (picked by ``rows``), without copies.

    The bytes become an Arrow string array's data buffer directly; ``missing`` rows
    are marked null in its validity bitmap.
    """
    if rows is not None:
        chars = chars[rows]
    count, size = chars.shape
    offsets = np.arange(0, count * size + 1, size, dtype=np.int64)
    validity = None
    if missing is not None and missing.any():
        validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    array = pa.LargeStringArray.from_buffers(
        count, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(chars)), validity
    )
    return pd.Series(array, dtype="str")


def _tiers(tier: np.ndarray, missing: np.ndarray | None = None) -> pd.Series:
    mask = np.zeros(len(tier), bool) if missing is None else missing
    return pd.Series(pd.arrays.IntegerArray(tier.astype(np.int8), mask))


def _dates(day: np.ndarray, epoch: np.datetime64, missing: np.ndarray | None = None) -> pd.Series:
    """Day numbers since ``epoch`` as ``datetime64[us]``, in one integer pass."""
    start = epoch.astype("datetime64[D]").astype(np.int64)
    micros = (day.astype(np.int64) + start) * 86_400_000_000
    values = micros.view(schema.DATETIME)
    if missing is not None:
        values[missing] = np.datetime64("NaT")
    return pd.Series(values, copy=False)


def _yuan(fen: np.ndarray) -> np.ndarray:
    """Fen (int64: no overflow) to yuan, divided once: every amount is the nearest float."""
    return fen / 100


def _agent_ids(run: _Run) -> np.ndarray:
    n = run.agents.n
    return _id_chars("A", n, max(6, len(str(max(n - 1, 0)))))


def _categorical(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, dtype=dtype)


@dataclass(frozen=True)
class _Lookup:
    """What turns a run's integer rows into tables, without the run's working state (small
    enough to send to the processes that write a large run's chunks).
    """

    agent_ids: np.ndarray
    tier: np.ndarray
    platform: np.ndarray
    epoch: np.datetime64
    month_ends: np.ndarray
    prices_fen: np.ndarray
    category: str
    product: str

    @classmethod
    def of(cls, run: _Run) -> _Lookup:
        n = run.agents.n
        month_ends = (run.months + pd.offsets.MonthEnd(0)).to_numpy().astype(schema.DATETIME)
        return cls(
            _agent_ids(run),
            run.agents.tier[:n].copy(),
            run.agents.platform[:n].copy(),
            run.epoch,
            month_ends,
            run.prices_fen,
            run.params.category,
            run.params.product,
        )


def _orders_frame(
    look: _Lookup, r: dict[str, np.ndarray], *, first: int, total: int
) -> pd.DataFrame:
    """The orders of whole months ``r``, in date order (a stable sort keeps each month's
    generation order), numbered from ``first`` of ``total`` orders in all.
    """
    order = np.argsort(r["day"], kind="stable")  # int16: a radix sort
    r = {k: v[order] for k, v in r.items()}
    retail = r["buyer"] < 0
    buyer = np.maximum(r["buyer"], 0)
    m = len(order)
    cat_code = CATEGORY_DTYPE.categories.get_loc(look.category)
    return pd.DataFrame(
        {
            "order_id": _text(_id_chars("WS", m, max(8, len(str(total))), first)),
            "date": _dates(r["day"], look.epoch),
            "seller_id": _text(look.agent_ids, r["seller"]),
            "buyer_id": _text(look.agent_ids, buyer, retail),
            "seller_tier": _tiers(look.tier[r["seller"]]),
            "buyer_tier": _tiers(look.tier[buyer], retail),
            "kind": _categorical(retail.astype(np.int8), schema.KIND_DTYPE),
            "platform": _categorical(look.platform[r["seller"]], PLATFORM_DTYPE),
            "category": _categorical(np.full(m, cat_code, np.int8), CATEGORY_DTYPE),
            "product": pd.Series(
                pa.repeat(pa.scalar(look.product, pa.large_string()), m), dtype="str"
            ),
            "quantity": pd.arrays.IntegerArray(r["qty"].astype(np.int64), np.zeros(m, bool)),
            "unit_price": _yuan(r["fen"]),
            "amount": _yuan(r["qty"].astype(np.int64) * r["fen"]),
        },
        copy=False,
    )  # fresh arrays nobody else holds: no need to copy 10M rows


def _stock_counts(counts: list) -> dict[str, np.ndarray]:
    """``(agents, month number, units)`` of some months as three flat arrays."""
    if not counts:
        return {k: np.zeros(0, np.int64) for k in ("who", "when", "units")}
    return {
        "who": np.concatenate([w for w, _, _ in counts]),
        "when": np.repeat([t for _, t, _ in counts], [len(w) for w, _, _ in counts]).astype(
            np.int64
        ),
        "units": np.concatenate([u for _, _, u in counts]),
    }


def _inventory_frame(look: _Lookup, counts: dict[str, np.ndarray]) -> pd.DataFrame:
    """Month-end stock counts (see :func:`_stock_counts`)."""
    who, units = counts["who"], counts["units"]
    cat_code = CATEGORY_DTYPE.categories.get_loc(look.category)
    return pd.DataFrame(
        {
            "seller_id": _text(look.agent_ids, who),
            "period": pd.Series(look.month_ends[counts["when"]]),
            "category": _categorical(np.full(len(who), cat_code, np.int8), CATEGORY_DTYPE),
            "units": pd.array(units, dtype="Int64"),
            "value": _yuan(units * look.prices_fen[look.tier[who]]),
        },
        copy=False,
    )


def _small_tables(run: _Run, agent_ids: np.ndarray) -> dict[str, pd.DataFrame]:
    """The tables with one row per agent, shipment or month (not per order or stock count)."""
    params, agents, epoch = run.params, run.agents, run.epoch
    n = agents.n
    cat_code = CATEGORY_DTYPE.categories.get_loc(params.category)
    gone = agents.left[:n] < 0
    top = agents.tier[:n] == 0
    sellers = pd.DataFrame(
        {
            "seller_id": _text(agent_ids),
            "parent_id": _text(agent_ids, np.maximum(agents.parent[:n], 0), top),
            "tier": _tiers(agents.tier[:n]),
            "joined": _dates(agents.joined[:n], epoch),
            "left": _dates(np.maximum(agents.left[:n], 0), epoch, gone),
            "platform": _categorical(agents.platform[:n], PLATFORM_DTYPE),
            "category": _categorical(np.full(n, cat_code, np.int8), CATEGORY_DTYPE),
            "region": pd.Series(np.array(REGIONS)[agents.region[:n]], dtype="str"),
        }
    )

    s = run.shipments.arrays()
    ship = pd.DataFrame(
        {
            "date": _dates(s["day"], epoch),
            "buyer_id": _text(agent_ids, s["buyer"]),
            "buyer_tier": _tiers(agents.tier[s["buyer"]]),
            "category": _categorical(np.full(len(s["buyer"]), cat_code, np.int8), CATEGORY_DTYPE),
            "quantity": pd.array(s["qty"], dtype="Int64"),
            "unit_price": _yuan(s["fen"]),
            "amount": _yuan(s["qty"].astype(np.int64) * s["fen"]),
        }
    ).sort_values("date", kind="stable", ignore_index=True)

    month_ends = (run.months + pd.offsets.MonthEnd(0)).to_numpy().astype(schema.DATETIME)
    truth = pd.concat([pd.Series(month_ends, name="month"), pd.DataFrame(run.truth)], axis=1)
    by_tier = pd.DataFrame(np.stack(run.stock_tier), columns=range(params.max_tier + 1))
    by_tier.insert(0, "month", month_ends)
    stock_by_tier = by_tier.melt("month", var_name="tier", value_name="units").astype(
        {"tier": "Int8", "units": "int64"}
    )
    return {"sellers": sellers, "shipments": ship, "truth": truth, "stock_by_tier": stock_by_tier}


def _assemble(run: _Run, validate: bool) -> Simulation:
    look = _Lookup.of(run)
    r = run.orders.arrays()
    orders = _orders_frame(look, r, first=0, total=len(r["day"]))
    inventory = _inventory_frame(look, _stock_counts(run.inventory))
    small = _small_tables(run, look.agent_ids)
    if validate:
        schema.validate(orders, "orders")
        schema.validate(small["sellers"], "sellers")
        schema.validate(inventory, "inventory")
    return Simulation(
        orders=orders,
        inventory=inventory,
        **small,
        params=run.params,
        seed=run.seed,
        meta={"agents": run.agents.n, "order_rows": len(orders)},
    )


def write_simulation(sim: Simulation, folder: PathArg, *, wait: bool = False) -> dict[str, Path]:
    """Write every table of ``sim`` as Parquet, and its parameters and seed as JSON.

    Files: ``orders.parquet``, ``sellers.parquet``, ``inventory.parquet``,
    ``shipments.parquet``, ``truth.parquet``, ``stock_by_tier.parquet`` and
    ``params.json``, built in a staging folder and swapped in for ``folder`` as one
    result (:func:`microcommerce.io.staging.staged`; ``wait`` waits for another
    writer of it). :func:`read_simulation` reads them back.

    Examples
    --------
    >>> import tempfile
    >>> sim = simulate_pyramid(PyramidParams(potential_agents=100, months=6), seed=4)
    >>> folder = tempfile.mkdtemp()
    >>> sorted(p.name for p in write_simulation(sim, folder).values())[:3]
    ['inventory.parquet', 'orders.parquet', 'params.json']
    >>> back = read_simulation(folder)
    >>> back.seed, back.params == sim.params, back.orders.equals(sim.orders)
    (4, True, True)
    """
    folder = Path(folder)
    record = {"seed": sim.seed, "params": dataclasses.asdict(sim.params), "meta": sim.meta}
    text = json.dumps(record, ensure_ascii=False, indent=2)
    with staged(folder, wait=wait) as stage:
        for name in SIMULATION_TABLES:
            write_table(getattr(sim, name), stage / f"{name}.parquet")
        write_text(text + "\n", stage / "params.json")
    return {name: folder / f"{name}.parquet" for name in SIMULATION_TABLES} | {
        "params": folder / "params.json"
    }


def simulate_to_dataset(
    params: PyramidParams | None = None,
    folder: PathArg = "simulation",
    *,
    seed: int = 0,
    chunk_rows: int = 2_000_000,
    progress: bool = False,
    validate: bool = True,
    engine: str = "pandas",
    wait: bool = False,
) -> dict[str, Path]:
    """Simulate as :func:`simulate_pyramid` does, writing orders and stock counts in chunks.

    For runs too large for memory (a hundred million orders): whenever
    ``chunk_rows`` orders have piled up, the month's integer rows are spilled to a
    hidden folder; at the end — when the agent count, and so the id width, is
    known — each chunk becomes a part of the partitioned datasets ``orders/`` and
    ``inventory/`` (by year; :func:`microcommerce.io.partitioned.read_dataset`), one at
    a time. The tables are the same as :func:`simulate_pyramid`'s for the same
    parameters and seed, row for row. The small tables go to ``sellers.parquet``,
    ``shipments.parquet``, ``truth.parquet``, ``stock_by_tier.parquet`` and
    ``params.json``, as :func:`write_simulation` writes them.

    Parameters
    ----------
    params, seed, progress
        As for :func:`simulate_pyramid`.
    folder
        Where to write: a new or empty folder, or an earlier result, replaced whole.
    chunk_rows
        Orders per chunk: memory holds about one chunk's rows at a time.
    validate
        Check every chunk against :mod:`microcommerce.cleaning.schema`.
    engine
        ``"dask"`` converts and writes the chunks on the workers of the current
        Dask client (or Dask's local scheduler) while the others wait; the month
        steps themselves are sequential either way.
    wait
        When another run is writing ``folder``, wait for it instead of refusing.

    Returns
    -------
    dict
        Name → path written (``orders`` and ``inventory`` are folders). The whole
        result is built in a staging folder (the spilled chunks in it too) and
        swapped in for ``folder`` at the end, so an interrupted run leaves the
        earlier one whole (:func:`microcommerce.io.staging.staged`).

    Examples
    --------
    >>> import tempfile
    >>> from microcommerce.io.partitioned import read_dataset
    >>> params = PyramidParams(potential_agents=200, months=12)
    >>> paths = simulate_to_dataset(params, tempfile.mkdtemp(), seed=1, chunk_rows=500)
    >>> read_dataset(paths["orders"]).equals(simulate_pyramid(params, seed=1).orders)
    True
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows {chunk_rows!r}: expected at least 1")
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine {engine!r}: expected 'pandas' or 'dask'")
    params = params or PyramidParams()
    root = Path(folder)
    run = _Run(params, seed)
    with staged(root, wait=wait) as stage:  # the earlier run stays whole until the swap
        written = _simulate_into(stage, run, chunk_rows, progress, validate, engine)
    return {name: root / path for name, path in written.items()}


def _simulate_into(
    root: Path, run: _Run, chunk_rows: int, progress: bool, validate: bool, engine: str
) -> dict[str, Path]:
    """Run the months into the staging folder ``root``; the paths written, relative to it."""
    spill = root / ".spill"  # hidden: no part of the result, removed with the staging folder
    spill.mkdir()
    try:
        chunks: list[tuple[Path, int]] = []
        for t, month in enumerate(_progress(run.months, progress)):
            run.step(t, month)
            if sum(map(len, run.orders.day)) >= chunk_rows or t == len(run.months) - 1:
                chunks.append(_spill(run, spill / f"chunk-{len(chunks):05d}.npz"))
        look = _Lookup.of(run)
        total = sum(rows for _, rows in chunks)
        firsts = np.cumsum([0] + [rows for _, rows in chunks])[:-1].tolist()
        jobs = [
            (path, i, first)
            for i, ((path, _), first) in enumerate(zip(chunks, firsts, strict=True))
        ]
        write = functools.partial(_write_chunk, root=root, total=total, validate=validate)
        if engine == "dask":
            dask = import_dask()
            shared = dask.delayed(look)  # sent to each worker once, not once per chunk
            dask.compute(*[dask.delayed(write)(shared, *job) for job in jobs])
        else:
            for job in jobs:
                write(look, *job)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    small = _small_tables(run, look.agent_ids)
    if validate:
        schema.validate(small["sellers"], "sellers")
    paths = {"orders": root / "orders", "inventory": root / "inventory"}
    paths |= {name: write_table(df, root / f"{name}.parquet") for name, df in small.items()}
    meta = {"agents": run.agents.n, "order_rows": total, "chunks": len(chunks)}
    record = {"seed": run.seed, "params": dataclasses.asdict(run.params), "meta": meta}
    text = json.dumps(record, ensure_ascii=False, indent=2)
    paths["params"] = write_text(text + "\n", root / "params.json")
    return {name: path.relative_to(root) for name, path in paths.items()}


def _spill(run: _Run, path: Path) -> tuple[Path, int]:
    """Move the run's order rows and stock counts so far to ``path``; return it and the rows."""
    r = run.orders.arrays()
    counts = _stock_counts(run.inventory)
    np.savez(path, **r, **{f"stock_{k}": v for k, v in counts.items()})
    run.orders, run.inventory = _Rows(), []
    return path, len(r["day"])


def _write_chunk(
    look: _Lookup, path: Path, part: int, first: int, *, root: Path, total: int, validate: bool
) -> None:
    """One spilled chunk into the ``orders`` and ``inventory`` datasets, as part ``part``."""
    with np.load(path) as saved:
        r = {k: saved[k] for k in ("seller", "buyer", "day", "qty", "fen")}
        counts = {k: saved[f"stock_{k}"] for k in ("who", "when", "units")}
    orders = _orders_frame(look, r, first=first, total=total)
    inventory = _inventory_frame(look, counts)
    if validate:
        schema.validate(orders, "orders")
        schema.validate(inventory, "inventory")
    # several workers append at once: the staged result's manifest is written at the end
    write_dataset(orders, root / "orders", mode="append", part=part, seal=False)
    write_dataset(inventory, root / "inventory", mode="append", part=part, seal=False)


def read_simulation(folder: PathArg) -> Simulation:
    """Read a simulation written by :func:`write_simulation` (see its example).

    Raises
    ------
    ResultError
        When the folder is not a complete simulation: its files are not those of its
        manifest (:func:`microcommerce.io.staging.check_result`).
    """
    folder = Path(folder)
    check_result(folder)
    record = json.loads((folder / "params.json").read_text(encoding="utf-8"))
    raw = record["params"]
    raw["entry_package_yuan"] = tuple(raw["entry_package_yuan"])
    raw["platform_shares"] = tuple((name, share) for name, share in raw["platform_shares"])
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in SIMULATION_TABLES}
    return Simulation(
        **tables, params=PyramidParams(**raw), seed=record["seed"], meta=record.get("meta", {})
    )
