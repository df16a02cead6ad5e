"""Sources side by side: one published measure across producers and years, bounds kept.

The record often holds several figures for one thing in one year — the Internet Society
of China's count of practitioners beside a trade association's and a newspaper's — and
they seldom agree. :func:`compare_sources` lines them up by year and by ``producer_key``
(the record's short, stable name of each producer: ``isc``, ``caict``, ``mofcom`` …),
keeps each figure's bounds and qualifier ("超过3000万" stays a lower bound), and says how
far apart the figures of a year are. It never averages them.

Figures in different units (persons and stores, yuan and percent) are refused unless you
choose one with ``unit=`` or ask to keep them apart with ``mixed_units=True``: then each
unit is compared only within itself. :func:`side_by_side` turns the result into a table of
years by producers, each cell the figures as written.

Examples
--------
>>> facts = pd.DataFrame({
...     "fact_id": ["a_2015", "b_2015", "c_2016"], "metric": "practitioner_count",
...     "entity": "weishang_industry", "year": [2015, 2015, 2016],
...     "producer_key": ["isc", "cecc", "isc"], "value": [1.257e7, 2.0e7, 3.0e7],
...     "value_low": [1.257e7, 2.0e7, 3.0e7], "value_high": [1.257e7, 2.0e7, None],
...     "qualifier": ["exact", "exact", "over"], "unit": "persons",
...     "basis": ["actual", "actual", "forecast"],
...     "as_written": ["1257万人", "2000万人", "超过3000万人"]})
>>> compared = compare_sources(facts, "practitioner_count")
>>> compared[["year", "producer_key", "value", "qualifier", "producers", "spread"]]
   year producer_key       value qualifier  producers    spread
0  2015         cecc  20000000.0     exact          2  1.591090
1  2015          isc  12570000.0     exact          2  1.591090
2  2016          isc  30000000.0      over          1  1.000000
>>> side_by_side(compared)  # doctest: +NORMALIZE_WHITESPACE
producer_key         cecc                     isc
year
2015          2000万人 (actual)          1257万人 (actual)
2016                       超过3000万人 (forecast)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from microcommerce.analyses._inputs import column_list, require_columns
from microcommerce.errors import MixedUnitsError, ParameterError

__all__ = ["COMPARED_COLUMNS", "compare_sources", "side_by_side"]

#: The columns of ``facts`` that :func:`compare_sources` reads and returns, in order.
COMPARED_COLUMNS: tuple[str, ...] = (
    "year",
    "producer_key",
    "metric",
    "entity",
    "basis",
    "qualifier",
    "value",
    "value_low",
    "value_high",
    "unit",
    "as_written",
    "fact_id",
)


def _pick(rows: pd.DataFrame, column: str, wanted: str | Sequence[str] | None) -> pd.DataFrame:
    """Keep the rows whose ``column`` is one of ``wanted``; refuse a choice that keeps none."""
    chosen = column_list(wanted, column)
    if not chosen:
        return rows
    kept = rows[rows[column].astype("str").isin(chosen)]
    if kept.empty:
        there = sorted(rows[column].dropna().astype("str").unique())
        raise ParameterError(
            f"compare_sources: no figure has {column} in {chosen}; the figures left have "
            f"{column} {there}"
        )
    return kept


def _one_unit(rows: pd.DataFrame, unit: str | None, mixed_units: bool) -> pd.DataFrame:
    """Keep one unit (``unit``), or all when ``mixed_units``; refuse several otherwise."""
    counts = rows["unit"].astype("str").value_counts(sort=False).sort_index()
    counts = counts.sort_values(ascending=False, kind="stable")  # most figures first, then a–z
    if unit is not None:
        if unit not in counts.index:
            raise MixedUnitsError(
                "compare_sources",
                counts.to_dict(),
                option=f"one of these as unit= (unit={unit!r} has no figure)",
            )
        return rows[rows["unit"].astype("str") == unit]
    if len(counts) > 1 and not mixed_units:
        raise MixedUnitsError(
            "compare_sources",
            counts.to_dict(),
            option=f"unit={counts.index[0]!r} to keep one, or mixed_units=True to compare "
            "each unit within itself",
        )
    return rows


def _slots(out: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each figure's span (year, half, quarter, month, day) and the slot it is compared in.

    Figures of a whole year are compared within their year; shorter ones only with figures
    of the very same period (a second quarter is not compared with a fourth). Without
    ``period_start``/``period_end`` every figure is taken as its whole year.
    """
    year = out["year"].astype("str")
    if not {"period_start", "period_end"} <= set(out.columns):
        return pd.Series("year", index=out.index, dtype="str"), year
    days = (out["period_end"] - out["period_start"]).dt.days.to_numpy() + 1
    span = np.select(
        [days >= 360, days >= 175, days >= 85, days >= 27],
        ["year", "half", "quarter", "month"],
        "day",
    )
    label = out["period"] if "period" in out else out["period_start"]
    slot = np.where(span == "year", year, label.astype("str"))
    return pd.Series(span, index=out.index, dtype="str"), pd.Series(
        slot, index=out.index, dtype="str"
    )


def compare_sources(
    facts: pd.DataFrame,
    metric: str | Sequence[str],
    *,
    entity: str | Sequence[str] | None = None,
    basis: str | Sequence[str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    unit: str | None = None,
    mixed_units: bool = False,
) -> pd.DataFrame:
    """Line up the figures of one measure by year and producer, with how far apart they are.

    Parameters
    ----------
    facts : DataFrame
        Rows of the ``facts`` dataset (or a frame with ``COMPARED_COLUMNS``).
    metric : str or sequence of str
        The measure: one ``metric`` of the record or several that count the same thing.
    entity, basis : str or sequence of str, optional
        Keep only figures of these entities (``"weishang_industry"``) or bases
        (``"actual"``); default all.
    years : (int or None, int or None), optional
        The first and last year kept (both included; None leaves that end open);
        default all. A figure without a year is outside any such span.
    unit : str, optional
        Keep only figures in this unit.
    mixed_units : bool, default False
        Keep figures of several units; each unit is then compared within itself.

    Returns
    -------
    pandas.DataFrame
        One row per figure, sorted by year, producer, period and row id, with
        ``COMPARED_COLUMNS``; ``span`` (``year``, ``half``, ``quarter``, ``month`` or
        ``day``, from ``period_start``/``period_end``; ``year`` without them) and
        ``slot``, what a figure is compared with: its year for a whole year's figure,
        the very same period for a shorter one (a second quarter is never compared with
        a fourth); and, among the figures of the same slot, entity and unit (what is
        measured: 微商 and 社交电商 figures are not compared): ``producers`` (how
        many producers published one), ``lowest`` and ``highest`` (the published
        values), ``spread`` (``highest / lowest``: 1 when the producers agree) and
        ``vs_lowest`` (the figure over ``lowest``). ``period``, ``period_start``,
        ``period_end`` and ``producer`` (the full name) are carried when ``facts`` has
        them. Bounds stay bounds: a value of qualifier ``over`` is
        a lower bound, compare it as such. Nothing is averaged or dropped.

    Raises
    ------
    MixedUnitsError
        The figures are in several units and neither ``unit`` nor ``mixed_units`` says
        what to do, or ``unit`` names a unit no figure has.
    ParameterError
        No figure has the metric, entity or basis asked for (the message lists those
        there are).

    Examples
    --------
    >>> facts = pd.DataFrame({
    ...     "fact_id": ["p", "s"], "metric": "merchant_count", "entity": "weishang",
    ...     "year": [2014, 2014], "producer_key": ["iimedia", "isc"], "value": [1e6, 2e6],
    ...     "value_low": [1e6, 2e6], "value_high": [1e6, 2e6], "qualifier": "exact",
    ...     "unit": ["stores", "persons"], "basis": "actual", "as_written": ["100万", "200万"]})
    >>> try:
    ...     compare_sources(facts, "merchant_count")
    ... except MixedUnitsError as err:
    ...     print(*str(err).split("; "), sep=";  ")
    compare_sources: the figures are in 2 units (persons: 1, stores: 1);
      pass unit='persons' to keep one, or mixed_units=True to compare each unit within itself
    >>> both = compare_sources(facts, "merchant_count", mixed_units=True)
    >>> both[["producer_key", "unit", "producers", "spread"]]
      producer_key     unit  producers  spread
    0      iimedia   stores          1     1.0
    1          isc  persons          1     1.0
    """
    require_columns(facts, COMPARED_COLUMNS, "compare_sources")
    rows = _pick(facts, "metric", metric)
    rows = _pick(rows, "entity", entity)
    rows = _pick(rows, "basis", basis)
    if years is not None:
        first, last = years
        year = rows["year"].astype("float64")
        rows = rows[
            year.ge(-np.inf if first is None else first) & year.le(np.inf if last is None else last)
        ]
    rows = _one_unit(rows, unit, mixed_units)
    carried = [c for c in ("period", "period_start", "period_end", "producer") if c in rows]
    out = rows.loc[:, [*COMPARED_COLUMNS, *carried]]
    for column in ("metric", "entity", "basis", "qualifier", "unit", "producer_key"):
        out[column] = out[column].astype("str")
    order = ["year", "producer_key", *(["period"] if "period" in out else []), "fact_id"]
    out = out.sort_values(order, kind="stable", ignore_index=True)
    out["span"], out["slot"] = _slots(out)
    same = out.groupby(["slot", "entity", "unit"], sort=False, dropna=False)
    out["producers"] = same["producer_key"].transform("nunique").astype("int64")
    out["lowest"] = same["value"].transform("min")
    out["highest"] = same["value"].transform("max")
    out["spread"] = out["highest"] / out["lowest"]
    out["vs_lowest"] = out["value"] / out["lowest"]
    return out


def side_by_side(
    compared: pd.DataFrame, *, text: str = "as_written", rows: str = "year"
) -> pd.DataFrame:
    """Pivot a comparison to years by producers, each cell its figures as written and basis.

    Several figures of one producer in one year share the cell, joined by ``"; "``; a
    producer that published nothing that year has an empty cell.

    Parameters
    ----------
    compared : DataFrame
        The result of :func:`compare_sources`.
    text : str, default "as_written"
        The column written in the cells (``"as_written"``, ``"fact_id"`` …).
    rows : str, default "year"
        The column of the rows: ``"year"``, or ``"slot"`` to keep a year's quarters and
        the whole year apart.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``rows``, one column per ``producer_key``.

    Examples
    --------
    >>> compared = pd.DataFrame({"year": [2018, 2018], "producer_key": ["isc", "isc"],
    ...                          "as_written": ["1.14万亿", "1.2万亿"],
    ...                          "basis": ["forecast", "actual"]})
    >>> side_by_side(compared).loc[2018, "isc"]
    '1.14万亿 (forecast); 1.2万亿 (actual)'
    """
    require_columns(compared, [rows, "producer_key", text, "basis"], "side_by_side")
    cells = compared.assign(
        cell=compared[text].astype("str") + " (" + compared["basis"].astype("str") + ")"
    )
    wide = cells.pivot_table(
        index=rows, columns="producer_key", values="cell", aggfunc="; ".join, fill_value=""
    )
    return wide.astype("str").rename_axis(index=rows, columns="producer_key")
