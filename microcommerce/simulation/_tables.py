"""Tables from a finished run: the canonical orders, sellers and inventory, and the truth.

Every table is built from the run's integer arrays in a few vectorised passes (ids
as fixed-width bytes handed to Arrow, dates as day numbers), so ten million orders
take seconds. :func:`simulate_pyramid` builds all of them; :func:`simulate_truth`
only the monthly truth and the stock by tier, for callers that need no orders.

Column names are the canonical ones the analyses use — ``period`` (a month end),
``seller_tier``, ``stock`` — so their outputs and the truth line up as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._taxonomy import CATEGORY_DTYPE, PLATFORM_DTYPE
from microcommerce.core._display import card, frame, frame_shape, pairs, plain, section
from microcommerce.simulation._engine import REGIONS, Run, run_pyramid
from microcommerce.simulation._params import PyramidParams, make_params

__all__ = [
    "SIMULATION_TABLES",
    "Lookup",
    "Simulation",
    "SimulationTruth",
    "inventory_frame",
    "orders_frame",
    "seller_tables",
    "simulate_pyramid",
    "simulate_truth",
    "stock_counts",
    "truth_tables",
]

#: The tables of a :class:`Simulation`, as written by
#: :func:`~microcommerce.simulation.write_simulation`.
SIMULATION_TABLES: tuple[str, ...] = (
    "orders",
    "sellers",
    "inventory",
    "shipments",
    "truth",
    "stock_by_tier",
)


@dataclass(frozen=True)
class Simulation:
    """What :func:`simulate_pyramid` returns.

    Attributes
    ----------
    orders, sellers, inventory : DataFrame
        The canonical tables (validated against ``cleaning._schema``):
        agent-to-agent (``sell_in``) and end-customer (``retail``) orders; every agent
        who joined; month-end stock of each active agent (and of an agent in the
        month it leaves), at its purchase price.
    shipments : DataFrame
        The brand's own sales to top agents: ``date, buyer_id, buyer_tier,
        category, quantity, unit_price, amount`` (the orders schema has no seller
        above tier 0).
    truth : DataFrame
        Per month: ``period`` (the month end), ``active_agents`` (on the books at
        the month end), ``selling_agents`` (sold to a customer or a sub-agent that
        month), ``trading_agents`` (sold, or bought from an agent above them),
        ``joined, left, end_demand_units`` (what customers wanted),
        ``retail_units, retail_amount`` (sell-through), ``sell_in_units,
        sell_in_amount`` (between agents), ``shipped_units, shipped_amount`` (brand
        to top agents), ``channel_units, channel_value`` (all agents' stock,
        including agents who left), ``stuck_units`` (held by agents who left).
        Units are boxes, amounts yuan.
    stock_by_tier : DataFrame
        Per month and tier: ``period`` (month end), ``seller_tier``, ``stock``
        (boxes held, including by agents who left) — the columns of
        :func:`~microcommerce.analyses.channel_inventory`, so the two
        compare without renaming.
    params, seed : PyramidParams, int
        What produced it.
    meta : dict
        Counts of the run: ``agents``, ``order_rows``.

    Examples
    --------
    >>> sim = simulate_pyramid(PyramidParams(potential_agents=100, months=6), seed=9)
    >>> sim.seed, list(sim.truth.columns[:3])
    (9, ['period', 'active_agents', 'selling_agents'])
    >>> list(sim.stock_by_tier.columns)
    ['period', 'seller_tier', 'stock']
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

    def _facts(self) -> list[tuple[str, object]]:
        return [
            ("seed", self.seed),
            ("months", self.params.months),
            ("agents", f"{len(self.sellers):,}"),
            ("order rows", f"{len(self.orders):,}"),
        ]

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        lines = [f"{n}: {frame_shape(getattr(self, n))}" for n in SIMULATION_TABLES]
        return plain("Simulation", self._facts(), [*lines, "(simulated data)"])

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        from microcommerce.simulation._params import describe_params

        params = describe_params(self.params)[["parameter", "value", "unit"]]
        sizes = pairs((f".{n}", frame_shape(getattr(self, n))) for n in SIMULATION_TABLES)
        parts = [
            section("tables", sizes, open=True),
            section("parameters", frame(params, rows=len(params), index=False)),
        ]
        parts += [
            section("." + n, frame(getattr(self, n)), note=frame_shape(getattr(self, n)))
            for n in SIMULATION_TABLES
        ]
        return card("Simulation · simulated data", self._facts(), parts)


@dataclass(frozen=True)
class SimulationTruth:
    """What :func:`simulate_truth` returns: a run's ``truth`` and ``stock_by_tier`` only.

    The two tables are those of :class:`Simulation`; ``params`` and ``seed`` say
    what produced them.

    Attributes
    ----------
    truth : DataFrame
        Per month, the true counts and flows, as ``Simulation.truth``.
    stock_by_tier : DataFrame
        Per month and tier, the stock agents hold, as ``Simulation.stock_by_tier``.
    params : PyramidParams
        The model run.
    seed : int
        Seed of the random generator.

    Examples
    --------
    >>> run = simulate_truth(PyramidParams(potential_agents=100, months=6), seed=9)
    >>> run.truth.equals(simulate_pyramid(run.params, seed=9).truth)
    True
    """

    truth: pd.DataFrame
    stock_by_tier: pd.DataFrame
    params: PyramidParams
    seed: int

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        facts = [("seed", self.seed), ("months", self.params.months)]
        lines = [f"{n}: {frame_shape(getattr(self, n))}" for n in ("truth", "stock_by_tier")]
        return plain("SimulationTruth", facts, [*lines, "(simulated data)"])

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        parts = [
            section("." + n, frame(getattr(self, n)), note=frame_shape(getattr(self, n)))
            for n in ("truth", "stock_by_tier")
        ]
        facts = [("seed", self.seed), ("months", self.params.months)]
        return card("SimulationTruth · simulated data", facts, parts)


def simulate_pyramid(
    params: PyramidParams | None = None,
    *,
    seed: int = 0,
    progress: bool = False,
    validate: bool = True,
    **overrides: Any,
) -> Simulation:
    """Simulate one brand's agent pyramid month by month.

    Parameters
    ----------
    params : PyramidParams, optional
        The model (defaults: :class:`PyramidParams`; see :func:`describe_params`).
    seed : int, default 0
        Seed of the random generator: the same seed gives identical tables.
    progress : bool, default False
        Show a progress bar over the months (tqdm).
    validate : bool, default True
        Check the tables against ``cleaning._schema`` (a few seconds at ten
        million orders).
    **overrides : dict
        Fields of :class:`PyramidParams` to change: ``simulate_pyramid(max_tier=3)``
        is ``simulate_pyramid(PyramidParams(max_tier=3))``.

    Returns
    -------
    Simulation

    Raises
    ------
    ParameterError
        An unknown parameter name or a value that breaks a rule of :class:`PyramidParams`.

    Examples
    --------
    >>> sim = simulate_pyramid(PyramidParams(potential_agents=500, months=24), seed=3)
    >>> int(sim.sellers["tier"].max()) <= 9
    True
    >>> sim.orders.groupby("kind", observed=True)["amount"].sum().round(2).gt(0).all()
    np.True_
    >>> simulate_pyramid(potential_agents=500, months=24, seed=3).orders.equals(sim.orders)
    True
    """
    run = run_pyramid(make_params(params, **overrides), seed, progress_bar=progress)
    return _assemble(run, validate)


def simulate_truth(
    params: PyramidParams | None = None,
    *,
    seed: int = 0,
    progress: bool = False,
    **overrides: Any,
) -> SimulationTruth:
    """Simulate as :func:`simulate_pyramid` does, keeping only the truth and stock by tier.

    The same monthly engine and random draws, so the two tables equal
    :func:`simulate_pyramid`'s for the same parameters and seed; the order,
    seller and stock-count tables are not built (about a sixth of the time at
    the default size), which is what an interactive explorer needs.

    Parameters
    ----------
    params, seed, progress, **overrides : optional
        As for :func:`simulate_pyramid`.

    Returns
    -------
    SimulationTruth

    Raises
    ------
    ParameterError
        As for :func:`simulate_pyramid`.

    Examples
    --------
    >>> fast = simulate_truth(potential_agents=300, months=12, seed=4)
    >>> full = simulate_pyramid(potential_agents=300, months=12, seed=4)
    >>> fast.truth.equals(full.truth), fast.stock_by_tier.equals(full.stock_by_tier)
    (True, True)
    """
    params = make_params(params, **overrides)
    run = run_pyramid(params, seed, progress_bar=progress)
    return SimulationTruth(**truth_tables(run), params=params, seed=seed)


def _id_chars(prefix: str, count: int, width: int, start: int = 0) -> np.ndarray:
    """Spell ``prefix`` + the numbers start … start+count-1, zero-padded, one byte row each.

    Each row is ``width`` digits long.

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
    """Make a ``str`` Series from fixed-width byte rows (picked by ``rows``), without copies.

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


def _agent_ids(run: Run) -> np.ndarray:
    n = run.agents.n
    return _id_chars("A", n, max(6, len(str(max(n - 1, 0)))))


def _categorical(codes: np.ndarray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, dtype=dtype)


@dataclass(frozen=True)
class Lookup:
    """What turns a run's integer rows into tables, without the run's working state.

    Small enough to send to the processes that write a large run's chunks.
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
    def of(cls, run: Run) -> Lookup:
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


def orders_frame(look: Lookup, r: dict[str, np.ndarray], *, first: int, total: int) -> pd.DataFrame:
    """Build the orders of whole months ``r``, in date order, numbered from ``first``.

    A stable sort keeps each month's generation order; ids are as wide as ``total``
    orders need.
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


def stock_counts(counts: list) -> dict[str, np.ndarray]:
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


def inventory_frame(look: Lookup, counts: dict[str, np.ndarray]) -> pd.DataFrame:
    """Month-end stock counts (see :func:`stock_counts`)."""
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


def seller_tables(run: Run, agent_ids: np.ndarray) -> dict[str, pd.DataFrame]:
    """Build the ``sellers`` and ``shipments`` tables: one row per agent, or per shipment."""
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
    return {"sellers": sellers, "shipments": ship}


def truth_tables(run: Run) -> dict[str, pd.DataFrame]:
    """Build the ``truth`` and ``stock_by_tier`` tables: one row per month (and tier)."""
    month_ends = (run.months + pd.offsets.MonthEnd(0)).to_numpy().astype(schema.DATETIME)
    truth = pd.concat([pd.Series(month_ends, name="period"), pd.DataFrame(run.truth)], axis=1)
    by_tier = pd.DataFrame(np.stack(run.stock_tier), columns=range(run.params.max_tier + 1))
    by_tier.insert(0, "period", month_ends)
    stock_by_tier = by_tier.melt("period", var_name="seller_tier", value_name="stock").astype(
        {"seller_tier": "Int8", "stock": "int64"}
    )
    return {"truth": truth, "stock_by_tier": stock_by_tier}


def _assemble(run: Run, validate: bool) -> Simulation:
    """Every table of a finished run, checked against the schema when ``validate``."""
    look = Lookup.of(run)
    r = run.orders.arrays()
    orders = orders_frame(look, r, first=0, total=len(r["day"]))
    inventory = inventory_frame(look, stock_counts(run.inventory))
    small = seller_tables(run, look.agent_ids) | truth_tables(run)
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
