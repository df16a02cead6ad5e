"""Which function cleans which canonical table: the one ``table → cleaner`` table.

The command line (``microcommerce clean``), bulk cleaning
(:func:`~microcommerce.cleaning.clean_to_dataset`) and the accessor
(``raw.mc.clean("sellers")``) all look a table up here, so a new canonical table is
cleaned everywhere once it has an entry.

Examples
--------
>>> sorted(CLEANERS)
['inventory', 'orders', 'sellers']
>>> cleaner("sellers").__name__
'clean_sellers'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from microcommerce.cleaning._clean import (
    CleanResult,
    clean_inventory,
    clean_orders,
    clean_sellers,
)
from microcommerce.errors import UnknownNameError

__all__ = ["CLEANERS", "cleaner"]

#: Canonical table → the function that cleans a raw export into it (read-only).
CLEANERS: Mapping[str, Callable[..., CleanResult]] = MappingProxyType(
    {"orders": clean_orders, "sellers": clean_sellers, "inventory": clean_inventory}
)


def cleaner(table: Any) -> Callable[..., CleanResult]:
    """Return the function that cleans raw exports into ``table``.

    Parameters
    ----------
    table : {"orders", "sellers", "inventory"}
        A canonical table (a key of :data:`CLEANERS`).

    Returns
    -------
    callable
        ``clean_orders``, ``clean_sellers`` or ``clean_inventory``.

    Raises
    ------
    UnknownNameError
        For any other table (a ``ParameterError`` and a ``KeyError``); the message lists
        the tables.

    Examples
    --------
    >>> cleaner("orders").__name__
    'clean_orders'
    >>> cleaner("order")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microcommerce.errors.UnknownNameError: table 'order': ...; did you mean 'orders'?
    """
    try:
        return CLEANERS[table]
    except (KeyError, TypeError):  # TypeError: an unhashable table, such as a list
        raise UnknownNameError(
            f"table {table!r}: expected one of {', '.join(CLEANERS)}",
            name=str(table),
            known=list(CLEANERS),
        ) from None
