"""The simulator's parameters: one frozen dataclass whose fields say what they mean.

Each field of :class:`PyramidParams` carries its meaning, unit and source in
``field(metadata=...)``; the class docstring (what ``help(PyramidParams)`` shows) and
:func:`describe_params` are built from that metadata, so the documentation cannot
drift from the fields.

Parameters marked *by tier* take one number (every tier) or a sequence (tier 0, 1,
2, …; the last value holds for the deeper tiers), at most one value a tier.
"""

from __future__ import annotations

import dataclasses
import difflib
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._taxonomy import CATEGORY_DTYPE, PLATFORM_DTYPE
from microcommerce.errors import ParameterError, UnknownNameError

__all__ = ["TIERED", "PyramidParams", "describe_params", "make_params", "month_of"]

#: A parameter given for every tier at once (a number) or tier by tier (a sequence).
Tiered = float | tuple[float, ...]


def _param(
    default: Any, meaning: str, unit: str, source: str = "assumption", *, tiered: bool = False
) -> Any:
    """Make a dataclass field whose metadata documents it."""
    return field(
        default=default,
        metadata={"meaning": meaning, "unit": unit, "source": source, "tiered": tiered},
    )


@dataclass(frozen=True)
class PyramidParams:
    """Parameters of :func:`~microcommerce.simulation.simulate_pyramid`.

    Prices are yuan a box; rates are per month. Defaults whose source names a
    ``facts`` row come from the published record (most of the price rows are
    unsourced claims, so they are stated assumptions, not calibration); the others
    are assumptions chosen to give the 2014 boom and 2015 bust the record describes.
    Invalid combinations are refused when the parameters are made, with a
    :class:`~microcommerce.errors.ParameterError` naming the rule.

    Examples
    --------
    >>> PyramidParams(potential_agents=5_000, max_tier=3).max_tier
    3
    >>> PyramidParams(entry_package_yuan=4_000).entry_units()[:3].tolist()
    [106, 92, 80]
    >>> PyramidParams(max_tier=3, entry_package_yuan=(9e4, 9e3, 900, 90, 9, 1))
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: PyramidParams: entry_package_yuan has 6 values for ...
    """

    potential_agents: int = _param(
        100_000,
        "people who could ever join: the finite population Bass recruitment uses up",
        "people",
        "assumption: one large brand; Si Bu claimed over 1 million sellers (fact "
        "sibu_sellers_over_1m, unsourced), scaled down to run on a laptop",
    )
    top_agents: int = _param(20, "top agents (总代) the brand signs in the first month", "agents")
    start: str = _param(
        "2013-01",
        "first simulated month",
        "month, YYYY-MM",
        "assumption: WeChat Pay launched 2013-08-05 (event wechat_pay_launch)",
    )
    months: int = _param(
        48,
        "number of monthly steps (the default runs 2013-01 … 2016-12)",
        "months",
        "assumption: through the 2015–2016 bust",
    )
    max_tier: int = _param(
        9,
        "deepest tier (0 = top agents); agents there cannot recruit",
        "tier",
        "fact seed_agent_levels",
    )
    factory_cost: float = _param(
        30.0,
        "what a box costs the brand to make (paid by no agent)",
        "yuan a box",
        "fact agent_price_chain_b_1 (unsourced claim)",
    )
    top_price: float = _param(
        38.0,
        "price a box for top agents (tier 0) buying from the brand",
        "yuan a box",
        "fact agent_price_chain_b_2 (unsourced claim)",
    )
    tier_markup: float = _param(
        0.15,
        "each tier pays this much more a box than the tier above it",
        "share",
        "assumption: the 15–30 % steps of facts agent_price_chain_a_1…4 (unsourced claims), at "
        "the low end so nine tiers stay below retail",
    )
    retail_price: float = _param(
        138.0,
        "price a box to end customers",
        "yuan a box",
        "fact agent_price_chain_a_4 (unsourced claim)",
    )
    entry_package_yuan: float | tuple[float, ...] = _param(
        (40_000.0, 3_188.0, 3_188.0, 280.0),
        "buy-in to join (囤货), by tier (the default's values beyond max_tier are not used)",
        "yuan",
        "facts sibu_agent_entry_tiers_1…3 (unsourced claims)",
        tiered=True,
    )
    restock_min_share: float | tuple[float, ...] = _param(
        0.5,
        "a restock order is at least this share of the tier's entry package, by tier",
        "share",
        tiered=True,
    )
    innovation: float = _param(
        0.0002, "Bass p: share of the remaining population joining unprompted", "share a month"
    )
    imitation: float = _param(
        0.45,
        "Bass q: word-of-mouth pull of the active agents on the remaining population",
        "share a month",
    )
    reach_boxes: float = _param(
        6.0, "mean boxes a month a new agent could sell to its own circle", "boxes a month"
    )
    reach_sigma: float = _param(0.8, "spread of agents' reach (log-normal sigma)", "log units")
    basket_boxes: float = _param(1.5, "mean boxes in one retail order", "boxes")
    fatigue_half_life: float = _param(
        6.0,
        "Moments fatigue: months of an agent's tenure after which its friends buy half as much",
        "months",
    )
    crowding_agents: float = _param(
        0.25,
        "active agents, as a share of the population, at which competition halves sales",
        "share",
    )
    reorder_below: float | tuple[float, ...] = _param(
        1.0,
        "reorder when stock is below this many months of recent sales, by tier",
        "months of sales",
        tiered=True,
    )
    cover: float | tuple[float, ...] = _param(
        3.0,
        "reorder up to this many months of recent sales, by tier",
        "months of sales",
        tiered=True,
    )
    optimism_months: int = _param(
        2,
        "an agent reorders only if it sold something in this many latest months (2: this "
        "month or last)",
        "months",
    )
    exit_after: int = _param(3, "months without any sale after which an agent leaves", "months")
    shock: str | None = _param(
        "2015-02-15",
        "date of the policy shock (Tencent's notice against multi-level "
        "distribution); None for no shock",
        "date",
        "event wechat_illegal_distribution_notice_2015",
    )
    shock_recruitment: float = _param(0.7, "fall in recruitment from the shock on", "share")
    shock_demand: float = _param(0.3, "fall in end demand from the shock on", "share")
    platform_shares: tuple[tuple[str, float], ...] = _param(
        (("wechat", 0.8), ("weidian", 0.15), ("taobao", 0.05)),
        "agents' main platforms (where their sales happen) and their shares",
        "shares summing to 1",
    )
    category: str = _param("mask", "the brand's product category", "category of the taxonomy")
    product: str = _param("蚕丝面膜 10片装", "the brand's product name as exported", "text")

    def __post_init__(self) -> None:
        for name in TIERED:
            object.__setattr__(self, name, self._tiered(name))
        shares = tuple((str(p), float(s)) for p, s in self.platform_shares)
        object.__setattr__(self, "platform_shares", shares)
        self._check_rules()
        self._check_names_and_window()

    def _tiered(self, name: str) -> Tiered:
        """Check a *by tier* field and return it as a float or a tuple of floats."""
        value = getattr(self, name)
        if isinstance(value, Real) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
            raise ParameterError(
                f"PyramidParams: {name} {value!r}: expected a number or a "
                "sequence of numbers (tier 0, 1, …)"
            )
        values = tuple(float(v) for v in value)
        tiers = self.max_tier + 1 if isinstance(self.max_tier, int) else 0
        default = PyramidParams.__dataclass_fields__[name].default
        if not values or (len(values) > max(tiers, 1) and values != default):
            raise ParameterError(
                f"PyramidParams: {name} has {len(values)} values for the {tiers} tiers "
                f"0–{self.max_tier} (max_tier={self.max_tier}): give one number for every "
                f"tier, or up to {tiers} (tier 0, 1, …; the last holds for deeper tiers)"
            )
        return values

    def _check_rules(self) -> None:
        reorder, cover = self.by_tier("reorder_below"), self.by_tier("cover")
        checks = [
            (self.potential_agents >= 0, "potential_agents ≥ 0"),
            (self.top_agents >= 1, "top_agents ≥ 1"),
            (self.months >= 1, "months ≥ 1"),
            (0 <= self.max_tier <= 9, "0 ≤ max_tier ≤ 9 (the schema's tiers)"),
            (0 < self.top_price <= self.retail_price, "0 < top_price ≤ retail_price"),
            (self.tier_markup >= 0, "tier_markup ≥ 0"),
            (bool((self.by_tier("entry_package_yuan") > 0).all()), "entry packages > 0"),
            (bool((self.by_tier("restock_min_share") >= 0).all()), "restock_min_share ≥ 0"),
            (
                0 <= self.innovation <= 1 and self.imitation >= 0,
                "0 ≤ innovation ≤ 1, imitation ≥ 0",
            ),
            (self.reach_boxes > 0 and self.basket_boxes >= 1, "reach_boxes > 0, basket_boxes ≥ 1"),
            (self.fatigue_half_life > 0 and self.crowding_agents > 0, "fatigue, crowding > 0"),
            (bool(((reorder >= 0) & (reorder <= cover)).all()), "0 ≤ reorder_below ≤ cover"),
            (self.exit_after >= 1 and self.optimism_months >= 1, "exit_after, optimism ≥ 1"),
            (
                0 <= self.shock_recruitment <= 1 and 0 <= self.shock_demand <= 1,
                "shock falls between 0 and 1",
            ),
            (abs(sum(s for _, s in self.platform_shares) - 1) < 1e-9, "platform shares sum to 1"),
        ]
        failed = [rule for ok, rule in checks if not ok]
        if failed:
            raise ParameterError("PyramidParams: expected " + "; ".join(failed))
        if self.top_price * (1 + self.tier_markup) ** self.max_tier > self.retail_price:
            raise ParameterError(
                "PyramidParams: the deepest tier would pay more than "
                "retail_price; lower tier_markup or max_tier"
            )
        if round(self.top_price, 2) <= 0 or self.retail_price > 1e6:
            raise ParameterError(
                "PyramidParams: prices must be at least one fen and at most a million yuan a box"
            )
        if self.entry_units().max() > 1e9:
            raise ParameterError("PyramidParams: an entry package of over a billion boxes")

    def _check_names_and_window(self) -> None:
        unknown = [p for p, _ in self.platform_shares if p not in PLATFORM_DTYPE.categories]
        if unknown or self.category not in CATEGORY_DTYPE.categories:
            raise ParameterError(
                f"PyramidParams: unknown platform {unknown} or category "
                f"{self.category!r}; see microcommerce.cleaning._taxonomy"
            )
        if not self.product.strip() or self.product != self.product.strip():
            raise ParameterError(
                f"PyramidParams: product {self.product!r} must be a name "
                "without leading or trailing spaces (exports trim them)"
            )
        first = month_of(self.start)
        last = first + self.months - 1
        lo, hi = (pd.Period(d, freq="M") for d in schema.DATE_WINDOW)
        if first < lo or last > hi:
            raise ParameterError(
                f"PyramidParams: the window {first} … {last} must lie within "
                f"{lo} … {hi} (the schema's plausible dates)"
            )
        if self.shock is not None:
            try:
                shock = pd.Timestamp(self.shock)
            except (ValueError, TypeError) as exc:
                raise ParameterError(f"PyramidParams: shock {self.shock!r} is not a date") from exc
            if shock.tzinfo is not None:
                raise ParameterError(
                    f"PyramidParams: shock {self.shock!r}: give a date without "
                    "a time zone (China time is understood)"
                )

    def by_tier(self, name: str) -> np.ndarray:
        """Give the value of a *by tier* parameter for each tier 0 … max_tier.

        Parameters
        ----------
        name : str
            One of :data:`TIERED`.

        Returns
        -------
        numpy.ndarray
            ``max_tier + 1`` floats: a number broadcast to every tier, or a
            sequence with its last value repeated for the deeper tiers.

        Examples
        --------
        >>> PyramidParams(max_tier=5).by_tier("entry_package_yuan").tolist()
        [40000.0, 3188.0, 3188.0, 280.0, 280.0, 280.0]
        >>> PyramidParams(max_tier=2, cover=(6, 4)).by_tier("cover").tolist()
        [6.0, 4.0, 4.0]
        """
        if name not in TIERED:
            raise UnknownNameError(
                f"{name!r} is not a by-tier parameter; those are {', '.join(TIERED)}",
                name=name,
                known=list(TIERED),
            )
        values = np.atleast_1d(np.asarray(getattr(self, name), dtype=np.float64))
        tiers = self.max_tier + 1
        return np.concatenate([values, np.repeat(values[-1:], max(tiers - len(values), 0))])[:tiers]

    def tier_prices(self) -> np.ndarray:
        """Price a box paid by each tier 0 … max_tier, rounded to the fen.

        Returns
        -------
        numpy.ndarray
            ``top_price × (1 + tier_markup) ** tier``, rounded to two decimals.

        Examples
        --------
        >>> PyramidParams().tier_prices()[:4].tolist()
        [38.0, 43.7, 50.26, 57.79]
        """
        ladder = self.top_price * (1 + self.tier_markup) ** np.arange(self.max_tier + 1)
        return np.round(ladder, 2)

    def entry_units(self) -> np.ndarray:
        """Boxes in each tier's entry package (its yuan value ÷ the tier's price, rounded up).

        Returns
        -------
        numpy.ndarray
            One int64 a tier, 0 … max_tier.

        Examples
        --------
        >>> PyramidParams().entry_units()[:5].tolist()
        [1053, 73, 64, 5, 5]
        """
        yuan = self.by_tier("entry_package_yuan")
        return np.ceil(yuan / self.tier_prices()).astype(np.int64)


#: The parameters that take a number for every tier or a sequence, tier by tier.
TIERED: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(PyramidParams) if f.metadata["tiered"]
)


def _fields_section() -> str:
    """Write a numpydoc ``Parameters`` section from the fields' metadata."""
    lines = ["", "    Parameters", "    ----------"]
    for f in dataclasses.fields(PyramidParams):
        m = f.metadata
        kind = "number or sequence by tier" if m["tiered"] else str(f.type)
        lines.append(f"    {f.name} : {kind}, default {f.default!r}")
        text = f"{m['meaning'][0].upper()}{m['meaning'][1:]} [{m['unit']}]. Source: {m['source']}."
        lines.append(textwrap.fill(text, 92, initial_indent=" " * 8, subsequent_indent=" " * 8))
    return "\n".join(lines) + "\n"


PyramidParams.__doc__ = (PyramidParams.__doc__ or "").replace(
    "\n    Examples\n", _fields_section() + "\n    Examples\n", 1
)


def month_of(start: str) -> pd.Period:
    """Read the month ``start`` names, or raise a :class:`~microcommerce.errors.ParameterError`.

    Parameters
    ----------
    start
        A month such as ``"2013-01"``.

    Returns
    -------
    pandas.Period
        A monthly period.

    Examples
    --------
    >>> month_of("2013-01")
    Period('2013-01', 'M')
    """
    try:
        return pd.Period(start, freq="M")
    except (ValueError, TypeError) as exc:
        raise ParameterError(
            f"PyramidParams: start {start!r}: expected a month such as '2013-01'"
        ) from exc


def make_params(params: PyramidParams | None = None, /, **overrides: Any) -> PyramidParams:
    """``params`` (default :class:`PyramidParams`) with some fields replaced.

    What :func:`~microcommerce.simulation.simulate_pyramid` and the other entry points
    do with their keyword arguments, so ``simulate_pyramid(potential_agents=2000)``
    reads as ``simulate_pyramid(PyramidParams(potential_agents=2000))``.

    Parameters
    ----------
    params : PyramidParams, optional
        The starting point; the defaults when None.
    **overrides : dict
        Fields of :class:`PyramidParams` and their new values.

    Returns
    -------
    PyramidParams

    Raises
    ------
    ParameterError
        An unknown field name (the message suggests the closest), or values that
        break a rule of :class:`PyramidParams`.

    Examples
    --------
    >>> make_params(max_tier=3).max_tier
    3
    >>> make_params(PyramidParams(months=12), months=6).months
    6
    >>> make_params(potential_agent=10)
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: PyramidParams has no field 'potential_agent' (did you ...
    """
    names = [f.name for f in dataclasses.fields(PyramidParams)]
    for name in overrides:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; the fields are {names}"
            raise ParameterError(f"PyramidParams has no field {name!r}{hint}")
    params = PyramidParams() if params is None else params
    return dataclasses.replace(params, **overrides) if overrides else params


def describe_params(params: PyramidParams | None = None) -> pd.DataFrame:
    """Tabulate the parameters: name, value, unit, default, meaning and source.

    Parameters
    ----------
    params : PyramidParams, optional
        The parameters to show (default :class:`PyramidParams`).

    Returns
    -------
    pandas.DataFrame
        One row a field, in the order of the dataclass: ``parameter, value, unit,
        default, meaning, source``.

    Examples
    --------
    >>> table = describe_params()
    >>> table.set_index("parameter").loc["max_tier", ["value", "unit", "source"]].tolist()
    [9, 'tier', 'fact seed_agent_levels']
    """
    params = PyramidParams() if params is None else params
    rows = [
        {
            "parameter": f.name,
            "value": getattr(params, f.name),
            "unit": f.metadata["unit"],
            "default": f.default,
            "meaning": f.metadata["meaning"],
            "source": f.metadata["source"],
        }
        for f in dataclasses.fields(params)
    ]
    return pd.DataFrame(rows).astype({"value": object, "default": object})
