"""The calendar parameters of the analyses of orders, documented once.

Every analysis of orders takes ``freq, by, start, until`` (and most ``status``) with the
same defaults and the same meaning. Their numpydoc entries are written here, once, and
``fill_doc`` (``core/_docstrings.py``) puts them into each analysis's docstring where a
line holds only a placeholder (``{orders}``, ``{calendar}``, ``{status}``, ``{engine}``).
The docstring is complete at import, so ``help()``, the doctests and the API reference
(numpydoc reads ``__doc__``) all see the filled text.

A placeholder stands on a line of its own, indented as the entries around it; braces
elsewhere (``{"any", "seller"}``) are left alone.

Examples
--------
>>> @fill_doc(calendar=CALENDAR)
... def count(orders, *, freq="ME", by=(), start=None, until=None):
...     '''Count.
...
...     Parameters
...     ----------
...     orders : DataFrame
...         Canonical orders.
...     {calendar}
...     '''
>>> print(count.__doc__.splitlines()[6].strip())
freq : str, default "ME"
"""

from __future__ import annotations

from microcommerce.core._docstrings import fill_doc

__all__ = ["CALENDAR", "ENGINE", "ORDERS", "STATUS", "calendar_doc"]

#: ``orders`` of the analyses that take pandas or Dask orders alike (numpydoc entry).
ORDERS = """\
orders : DataFrame
    Canonical orders: a pandas DataFrame, or a Dask DataFrame (aggregated
    partition by partition; the same result)."""

#: ``freq``, ``by``, ``start`` and ``until`` of every analysis of orders (numpydoc entries).
CALENDAR = """\
freq : str, default "ME"
    The period: any pandas day, week, month, quarter or year alias (``"D"``,
    ``"W"``, ``"ME"``, ``"MS"``, ``"QE"``, ``"QE-MAR"``, ``"YE"``, ``"YS-JUL"`` …),
    each period labelled as pandas labels it: by its last day for an end alias
    (``"ME"``), by its first for a start alias (``"MS"``); see
    :func:`~microcommerce.analyses.period_label`.
by : str or sequence of str, default ()
    A column or several to group by (``"category"``,
    ``("category", "seller_tier")``); ``()`` for no groups. Missing values form
    their own group.
start, until : str or Timestamp, optional
    Extend the calendar back to ``start``'s period and on to ``until``'s (the
    data window, when its first or last periods had no orders): periods without
    orders are part of the calendar, with zeros, not left out."""

#: ``status`` of the analyses that count sales (numpydoc entry).
STATUS = """\
status : {"sold", "all"}, default "sold"
    ``"sold"``: only orders paid and not cancelled, closed or fully refunded,
    net of refunds; ``"all"``: every order, gross (see
    :func:`~microcommerce.analyses.sold_orders`)."""

#: ``engine`` of the analyses that can group on DuckDB (numpydoc entry).
ENGINE = """\
engine : {"pandas", "duckdb"}, default "pandas"
    ``"duckdb"`` groups the orders on DuckDB, on all cores (the ``duckdb`` extra;
    pandas frames only). The result is identical to pandas'."""

#: Fill ``{orders}``, ``{calendar}``, ``{status}`` and ``{engine}`` in an analysis of orders'
#: docstring.
calendar_doc = fill_doc(orders=ORDERS, calendar=CALENDAR, status=STATUS, engine=ENGINE)
