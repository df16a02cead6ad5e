"""The calendar parameters of the analyses of orders, documented once.

Every analysis of orders takes ``freq, by, start, until`` (and most ``status``) with the
same defaults and the same meaning. Their numpydoc entries are written here, once, and
:func:`fill_doc` puts them into each analysis's docstring where a line holds only a
placeholder (``{orders}``, ``{calendar}``, ``{status}``, ``{engine}``) — the way statsmodels'
``tools/docstring.py`` and pandas' ``@doc`` share parameter text. The docstring is
complete at import, so ``help()``, the doctests and the API reference (numpydoc reads
``__doc__``) all see the filled text.

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

import re
from collections.abc import Callable
from typing import TypeVar

from microcommerce.errors import MicrocommerceError

__all__ = ["CALENDAR", "ENGINE", "ORDERS", "STATUS", "calendar_doc", "fill_doc"]

F = TypeVar("F", bound=Callable[..., object])

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

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>\w+)\}[ \t]*$", re.MULTILINE)


def fill_doc(**blocks: str) -> Callable[[F], F]:
    r"""Return a decorator that puts ``blocks`` into a docstring, at their placeholders.

    Parameters
    ----------
    **blocks : str
        Placeholder name → text. A docstring line holding only ``{name}`` becomes the
        text, each of its lines indented as the placeholder was.

    Returns
    -------
    callable
        The decorator: it sets the function's ``__doc__`` and returns the function.

    Raises
    ------
    MicrocommerceError
        When a docstring holds a placeholder no block is given for (a typo would
        otherwise reach the documentation).

    Examples
    --------
    >>> @fill_doc(note="Stated once.\nUsed twice.")
    ... def f():
    ...     '''Do nothing.
    ...
    ...         {note}
    ...     '''
    >>> [line.strip() for line in f.__doc__.splitlines()[2:4]]
    ['Stated once.', 'Used twice.']

    A placeholder without its block is an error, not a hole in the documentation:

    >>> def g():
    ...     '''{nots}'''
    >>> fill_doc(note="x")(g)
    Traceback (most recent call last):
    ...
    microcommerce.errors.MicrocommerceError: docstring placeholder {nots}: expected one of note
    """

    def fill(match: re.Match[str]) -> str:
        indent, name = match["indent"], match["name"]
        if name not in blocks:
            raise MicrocommerceError(
                f"docstring placeholder {{{name}}}: expected one of {', '.join(blocks)}"
            )
        return "\n".join(indent + line if line else line for line in blocks[name].splitlines())

    def decorate(function: F) -> F:
        if function.__doc__:
            function.__doc__ = _PLACEHOLDER.sub(fill, function.__doc__)
        return function

    return decorate


#: Fill ``{orders}``, ``{calendar}``, ``{status}`` and ``{engine}`` in an analysis of orders'
#: docstring.
calendar_doc = fill_doc(orders=ORDERS, calendar=CALENDAR, status=STATUS, engine=ENGINE)
