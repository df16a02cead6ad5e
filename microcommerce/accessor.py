"""The ``.mc`` accessor: the package's functions as methods, so an analysis reads as one chain.

Registered when :mod:`microcommerce` is imported (the pandera and pyjanitor pattern). Every
method is a thin call into a function of the package — the functions stay the real API,
with the full documentation — and loads that function's module only when first called.

========================================  ==============================================
``raw.mc.clean("orders")``                ``clean_orders`` (``"sellers"``, ``"inventory"``)
``orders.mc.validate()``                  ``validate``
``orders.mc.market_size(freq="YE")``      ``market_size``
``orders.mc.active_sellers()``            ``active_sellers``
``orders.mc.entrants_exits()``            ``entrants_exits``
``orders.mc.cohort_survival()``           ``cohort_survival``
``orders.mc.channel_inventory()``         ``channel_inventory``
``table.mc.to_usd("sell_through", …)``    ``to_usd``
``inv.mc.months_of_supply(sales)``        ``months_of_supply``
``supply.mc.years_to_clear()``            ``years_to_clear`` (stock of the last period)
``table.mc.readable(money=…)``            ``readable`` (a formatted table)
``texts.mc.parse_amounts()``              ``parse_amounts``
``texts.mc.parse_dates()``                ``parse_dates``
``texts.mc.extract_amounts()``            ``extract_amounts``
``texts.mc.extract_dates()``              ``extract_dates``
========================================  ==============================================

Examples
--------
>>> import pandas as pd
>>> import microcommerce  # registers the accessor
>>> raw = pd.DataFrame({"订单号": ["A1", "A2"], "下单时间": ["2015-03-01", "2015年3月9日"],
...                     "卖家": ["s1", "s1"], "代理级别": ["总代", "总代"],
...                     "数量": ["2", "1"], "实付金额": ["¥276.00", "138"]})
>>> orders = raw.mc.clean("orders").clean
>>> orders.mc.market_size(freq="YE")[["period", "sell_through", "orders"]]
      period  sell_through  orders
0 2015-12-31         414.0       2
>>> pd.Series(["1.2万", "约3千"]).mc.parse_amounts()["value"].tolist()
[12000.0, 3000.0]
"""

from __future__ import annotations

import importlib
from typing import Any

import pandas as pd

__all__ = ["DataFrameAccessor", "SeriesAccessor"]

_CLEANERS = {"orders": "clean_orders", "sellers": "clean_sellers", "inventory": "clean_inventory"}


def _function(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"microcommerce.{module}"), name)


@pd.api.extensions.register_dataframe_accessor("mc")
class DataFrameAccessor:
    """Methods of ``df.mc``: cleaning, validating and the analyses of a frame.

    Parameters
    ----------
    df : DataFrame
        The frame the accessor was reached from; never changed.
    """

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    def clean(self, table: str = "orders", **options: Any) -> Any:
        """Clean a raw export into the canonical ``table``; see ``clean_orders``.

        Parameters
        ----------
        table : {"orders", "sellers", "inventory"}, default "orders"
            The canonical table to make.
        **options
            Passed to the cleaning function (``columns=``, ``ref_year=``, ``aliases=``).

        Returns
        -------
        CleanResult
            ``.clean``, ``.rejected`` and ``.report``.
        """
        if table not in _CLEANERS:
            raise ValueError(f"table {table!r}: expected one of {', '.join(_CLEANERS)}")
        return _function("cleaning", _CLEANERS[table])(self._df, **options)

    def validate(self, table: str = "orders", **options: Any) -> pd.DataFrame:
        """Check the frame against a canonical schema; see ``validate``.

        Parameters
        ----------
        table : {"orders", "sellers", "inventory"}, default "orders"
            The schema.
        **options
            Passed to :func:`~microcommerce.cleaning.validate`.

        Returns
        -------
        DataFrame
            The frame itself, when valid (a ``SchemaError`` says why not).
        """
        return _function("cleaning", "validate")(self._df, table, **options)

    def market_size(self, **options: Any) -> pd.DataFrame:
        """Measure the market of these orders; see ``market_size``.

        Parameters
        ----------
        **options
            ``freq=``, ``by=``, ``start=``, ``until=``.

        Returns
        -------
        DataFrame
            Sell-through, sell-in, turnover … per period and group.
        """
        return _function("analyses", "market_size")(self._df, **options)

    def active_sellers(self, **options: Any) -> pd.DataFrame:
        """Count the active sellers among these orders; see ``active_sellers``.

        Parameters
        ----------
        **options
            ``freq=``, ``by=``, ``start=``, ``until=``, ``min_orders=``, ``role=``.

        Returns
        -------
        DataFrame
            ``period``, the groups and ``active_sellers``.
        """
        return _function("analyses", "active_sellers")(self._df, **options)

    def entrants_exits(self, **options: Any) -> pd.DataFrame:
        """Count the agents entering and leaving; see ``entrants_exits``.

        Parameters
        ----------
        **options
            ``freq=``, ``by=``, ``start=``, ``until=``, ``churn_after=``, ``role=``.

        Returns
        -------
        DataFrame
            Entrants, exits and undetermined agents per period and group.
        """
        return _function("analyses", "entrants_exits")(self._df, **options)

    def cohort_survival(self, **options: Any) -> pd.DataFrame:
        """Follow each joining cohort; see ``cohort_survival``.

        Parameters
        ----------
        **options
            ``freq=``, ``by=``, ``start=``, ``until=``, ``role=``.

        Returns
        -------
        DataFrame
            Share of each cohort still active by age.
        """
        return _function("analyses", "cohort_survival")(self._df, **options)

    def channel_inventory(self, **options: Any) -> pd.DataFrame:
        """Measure the stock these orders leave in the channel; see ``channel_inventory``.

        Parameters
        ----------
        **options
            ``freq=``, ``by=``, ``start=``, ``until=``, ``shipments=``.

        Returns
        -------
        DataFrame
            Units bought, sold and held, and their value, per period and group.
        """
        return _function("analyses", "channel_inventory")(self._df, **options)

    def to_usd(self, amount_cols: str | list[str], year: int | str) -> pd.DataFrame:
        """Add US-dollar columns at each year's average rate; see ``to_usd``.

        Parameters
        ----------
        amount_cols : str or list of str
            The yuan columns.
        year : int or str
            A year, or the column of years (or dates).

        Returns
        -------
        DataFrame
            The frame with ``cny_per_usd`` and ``<column>_usd``.
        """
        return _function("analyses", "to_usd")(self._df, amount_cols, year)

    def months_of_supply(self, sell_through: Any, **options: Any) -> pd.DataFrame:
        """Divide this inventory by the monthly sell-through; see ``months_of_supply``.

        The frame is :func:`~microcommerce.analyses.channel_inventory` output.

        Parameters
        ----------
        sell_through : DataFrame or Series
            Units sold to customers per period (``market_size`` output, or a Series).
        **options
            ``window=``, ``units=``, ``months_per_period=``.

        Returns
        -------
        DataFrame
            ``period``, groups, ``stock``, ``retail_units_per_month``, ``months_of_supply``.

        Examples
        --------
        >>> inv = pd.DataFrame({"period": pd.to_datetime(["2015-01-31", "2015-02-28"]),
        ...                     "stock": [1200, 1100]})
        >>> sales = pd.Series([100.0, 50.0], index=inv["period"])
        >>> inv.mc.months_of_supply(sales, window=1)["months_of_supply"].tolist()
        [12.0, 22.0]
        """
        return _function("analyses", "months_of_supply")(self._df, sell_through, **options)

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

        needed = ["period", stock] + ([] if demand is not None else ["retail_units_per_month"])
        missing = [c for c in needed if c not in self._df.columns]
        if missing:
            raise InputError(
                f"years_to_clear: the frame has no column {', '.join(missing)} "
                f"(it has {', '.join(map(str, self._df.columns))}); pass demand= or run "
                "months_of_supply first"
            )
        last = self._df[self._df["period"] == self._df["period"].max()]
        if demand is None:
            demand = float(last["retail_units_per_month"].sum())
        held = float(last[stock].sum())
        return _function("analyses", "years_to_clear")(held, demand, scenarios)

    def readable(self, **options: Any) -> Any:
        """Format the frame for reading: units in headers, no scientific notation.

        See :func:`~microcommerce.report.readable`.

        Parameters
        ----------
        **options
            ``money=``, ``counts=``, ``shares=``, ``percent=``, ``fmt=``, ``index=``.

        Returns
        -------
        pandas.io.formats.style.Styler
            What a notebook shows in place of ``1.819500e+11``.

        Examples
        --------
        >>> table = pd.DataFrame({"year": [2015], "value": [1.8195e11]})
        >>> print(table.mc.readable(money={"value": "亿元"}).to_string(delimiter=" | "))
        year | value (亿元)
        2015 | 1,819.50
        <BLANKLINE>
        """
        return _function("report", "readable")(self._df, **options)


@pd.api.extensions.register_series_accessor("mc")
class SeriesAccessor:
    """Methods of ``s.mc``: the parsers of numbers and dates written in text.

    Parameters
    ----------
    s : Series
        The texts; never changed.
    """

    def __init__(self, s: pd.Series) -> None:
        self._s = s

    def parse_amounts(self) -> pd.DataFrame:
        """Parse the amounts written in these texts; see ``parse_amounts``.

        Returns
        -------
        DataFrame
            ``value``, bounds, ``unit``, ``qualifier`` and ``error`` per text.
        """
        return _function("parse", "parse_amounts")(self._s)

    def parse_dates(self, **options: Any) -> pd.DataFrame:
        """Parse the dates written in these texts; see ``parse_dates``.

        Parameters
        ----------
        **options
            ``ref_year=`` for dates written without a year.

        Returns
        -------
        DataFrame
            ``start``, ``end``, ``precision`` and ``error`` per text.
        """
        return _function("parse", "parse_dates")(self._s, **options)

    def extract_amounts(self) -> pd.DataFrame:
        """Find every figure written in these texts; see ``extract_amounts``.

        Returns
        -------
        DataFrame
            One row per figure found, indexed by (text, match) as ``str.extractall``
            is: the words, their offsets and the parsed value, bounds and unit.

        Examples
        --------
        >>> texts = pd.Series(["2015年微商市场规模为1819.5亿元", "no figure here"])
        >>> texts.mc.extract_amounts()["value"].tolist()
        [181950000000.0]
        """
        return _function("parse", "extract_amounts")(self._s)

    def extract_dates(self, **options: Any) -> pd.DataFrame:
        """Find every date written in these texts; see ``extract_dates``.

        Parameters
        ----------
        **options
            ``ref_year=`` for dates written without a year.

        Returns
        -------
        DataFrame
            One row per date found, indexed by (text, match): the words, their offsets,
            ``start``, ``end`` and ``precision``.
        """
        return _function("parse", "extract_dates")(self._s, **options)
