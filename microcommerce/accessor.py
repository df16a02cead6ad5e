"""The ``.mc`` accessor: the package's functions as methods, so an analysis reads as one chain.

Registered when :mod:`microcommerce` is imported (the pandera and pyjanitor pattern). A
method *is* the function of the same name in ``import microcommerce as mc``, with the
frame (or series) as its first argument: ``orders.mc.market_size(freq="YE")`` is
``mc.market_size(orders, freq="YE")``, and ``help``, ``inspect.signature`` and tab
completion show the function's own parameters (less the frame) and documentation.
Nothing of a function's module is imported until the method is first reached.

- On frames: every analysis registered in :data:`microcommerce.analyses.ANALYSES`
  (``market_size``, ``active_sellers``, ``entrants_exits``, ``cohort_survival``,
  ``channel_inventory``, ``months_of_supply``, ``to_usd`` …), ``validate`` and
  ``readable``; and two steps written for the chain: ``clean(table)``, which cleans
  a raw export with the table's cleaner (:data:`microcommerce.cleaning.CLEANERS`), and
  ``years_to_clear()``, which reads the stock and demand of the last period.
- On series of texts: ``parse_amounts``, ``parse_dates``, ``extract_amounts`` and
  ``extract_dates``.

Examples
--------
>>> import inspect
>>> import pandas as pd
>>> import microcommerce as mc  # registers the accessor
>>> raw = pd.DataFrame({"订单号": ["A1", "A2"], "下单时间": ["2015-03-01", "2015年3月9日"],
...                     "卖家": ["s1", "s1"], "代理级别": ["总代", "总代"],
...                     "数量": ["2", "1"], "实付金额": ["¥276.00", "138"]})
>>> orders = raw.mc.clean("orders").clean
>>> orders.mc.market_size(freq="YE")[["period", "sell_through", "orders"]]
      period  sell_through  orders
0 2015-12-31         414.0       2
>>> list(inspect.signature(orders.mc.market_size).parameters)[:5]
['freq', 'by', 'start', 'until', 'status']
>>> orders.mc.market_size.__doc__ == mc.market_size.__doc__
True
>>> pd.Series(["1.2万", "约3千"]).mc.parse_amounts()["value"].tolist()
[12000.0, 3000.0]
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable
from typing import Any

import pandas as pd

from microcommerce._registry import ANALYSES

__all__ = ["DataFrameAccessor", "SeriesAccessor"]

#: The functions that are methods of ``df.mc``: the registered analyses and two more.
_FRAME_FUNCTIONS: tuple[str, ...] = (*ANALYSES, "validate", "readable")
#: The functions that are methods of ``s.mc``.
_SERIES_FUNCTIONS: tuple[str, ...] = (
    "parse_amounts",
    "parse_dates",
    "extract_amounts",
    "extract_dates",
)


def _function(name: str) -> Callable[..., Any]:
    """Return the top-level function ``name``, through the package's one export table."""
    return getattr(importlib.import_module("microcommerce"), name)


def _without_first(function: Callable[..., Any], first: str | None) -> inspect.Signature:
    """Return the signature less its first parameter (or with it renamed ``first``)."""
    signature = inspect.signature(function)
    params = list(signature.parameters.values())
    if first is None:
        return signature.replace(parameters=params[1:])
    own = params[0].replace(name=first, annotation=inspect.Parameter.empty)
    return signature.replace(parameters=[own, *params[1:]])


class _Method:
    """A method of the accessor that is the function ``name`` bound to the accessor's object.

    Reached from an accessor (``df.mc.market_size``) it is a function with the real
    function's name, docstring and signature less the first parameter. Reached from the
    class (``DataFrameAccessor.market_size``, as ``help`` and Sphinx do) it is a plain
    method taking ``self``. The function's module is imported on first access, not when
    the accessor is registered; the function and its signature are kept from then on.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._function: Callable[..., Any] | None = None

    def __get__(self, accessor: Any, owner: type | None = None) -> Callable[..., Any]:
        if self._function is None:
            self._function = function = _function(self.name)
            self._signature = _without_first(function, None)
            first = next(iter(inspect.signature(function).parameters))
            self._annotations = {k: v for k, v in function.__annotations__.items() if k != first}
        if accessor is None:
            return _unbound(self._function, self.name, owner)
        return self._bind(self._function, accessor._obj)

    def _bind(self, function: Callable[..., Any], obj: Any) -> Callable[..., Any]:
        def method(*args: Any, **kwargs: Any) -> Any:
            return function(obj, *args, **kwargs)

        functools.update_wrapper(method, function)
        method.__signature__ = self._signature  # type: ignore[attr-defined]
        method.__annotations__ = dict(self._annotations)
        return method


def _unbound(function: Callable[..., Any], name: str, owner: type | None) -> Callable[..., Any]:
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return function(self._obj, *args, **kwargs)

    method.__name__ = name
    method.__qualname__ = f"{getattr(owner, '__name__', 'accessor')}.{name}"
    method.__doc__ = (
        f"``microcommerce.{name}`` as a method: ``obj.mc.{name}(…)`` is "
        f"``microcommerce.{name}(obj, …)``; its documentation is the function's."
    )
    method.__signature__ = _without_first(function, "self")  # type: ignore[attr-defined]
    return method


def _register(cls: type, names: tuple[str, ...]) -> type:
    for name in names:
        setattr(cls, name, _Method(name))
    return cls


@pd.api.extensions.register_dataframe_accessor("mc")
class DataFrameAccessor:
    """Methods of ``df.mc``: cleaning, validating and the analyses of a frame.

    Parameters
    ----------
    df : DataFrame
        The frame the accessor was reached from; never changed.
    """

    def __init__(self, df: pd.DataFrame) -> None:
        self._obj = df

    def clean(self, table: str = "orders", **options: Any) -> Any:
        """Clean a raw export into the canonical ``table`` with that table's cleaner.

        Parameters
        ----------
        table : {"orders", "sellers", "inventory"}, default "orders"
            The canonical table to make (a key of :data:`microcommerce.cleaning.CLEANERS`).
        **options
            Passed to the cleaner (``columns=``, ``ref_year=``, ``aliases=`` …; see
            ``microcommerce.clean_orders``).

        Returns
        -------
        CleanResult
            ``.clean``, ``.rejected`` and ``.report``.

        Raises
        ------
        ParameterError
            For an unknown table; the message lists the tables.
        """
        from microcommerce.cleaning import cleaner

        return cleaner(table)(self._obj, **options)

    def years_to_clear(
        self, demand: Any = None, scenarios: Any = None, *, stock: str = "stock"
    ) -> pd.DataFrame:
        """Say how many years the last period's stock lasts; see ``years_to_clear``.

        The stock is the frame's ``stock`` column summed over the last period (all
        groups); the demand, unless given, is that period's
        ``retail_units_per_month`` (so this step follows ``months_of_supply``).

        Parameters
        ----------
        demand : float or dict, optional
            Units sold to customers a month (default: read from the frame).
        scenarios : dict, optional
            Name → yearly change of demand (default ``DEMAND_SCENARIOS``).
        stock : str, default "stock"
            The column of units held.

        Returns
        -------
        DataFrame
            One row per scenario (and demand level): years until the stock clears.

        Raises
        ------
        InputError
            No ``period`` or ``stock`` column, or no demand given nor
            ``retail_units_per_month`` to read it from.

        Examples
        --------
        >>> supply = pd.DataFrame({"period": pd.to_datetime(["2015-01-31", "2015-02-28"]),
        ...                        "stock": [1300, 1200], "retail_units_per_month": [90.0, 100.0]})
        >>> supply.mc.years_to_clear(scenarios={"flat": 0.0})[["scenario", "years_to_clear"]]
          scenario  years_to_clear
        0     flat             1.0
        """
        from microcommerce.errors import InputError

        frame = self._obj
        needed = ["period", stock] + ([] if demand is not None else ["retail_units_per_month"])
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise InputError(
                f"years_to_clear: the frame has no column {', '.join(missing)} "
                f"(it has {', '.join(map(str, frame.columns))}); pass demand= or run "
                "months_of_supply first"
            )
        last = frame[frame["period"] == frame["period"].max()]
        if demand is None:
            demand = float(last["retail_units_per_month"].sum())
        held = float(last[stock].sum())
        return _function("years_to_clear")(held, demand, scenarios)


@pd.api.extensions.register_series_accessor("mc")
class SeriesAccessor:
    """Methods of ``s.mc``: the parsers of numbers and dates written in text.

    Parameters
    ----------
    s : Series
        The texts; never changed.
    """

    def __init__(self, s: pd.Series) -> None:
        self._obj = s


_register(DataFrameAccessor, _FRAME_FUNCTIONS)
_register(SeriesAccessor, _SERIES_FUNCTIONS)
