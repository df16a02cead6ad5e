"""Which function cleans which canonical table: the one ``table → cleaner`` table.

The command line (``microcommerce clean``), bulk cleaning
(:func:`~microcommerce.cleaning.bulk.clean_to_dataset`) and the accessor
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

from microcommerce.cleaning.clean import (
    CleanResult,
    clean_inventory,
    clean_orders,
    clean_sellers,
)
from microcommerce.errors import ParameterError

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
    ParameterError
        For any other table; the message lists the tables.

    Examples
    --------
    >>> cleaner("orders").__name__
    'clean_orders'
    >>> cleaner("buyers")
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: table 'buyers': expected one of orders, sellers, inventory
    """
    try:
        return CLEANERS[table]
    except (KeyError, TypeError):  # TypeError: an unhashable table, such as a list
        raise ParameterError(f"table {table!r}: expected one of {', '.join(CLEANERS)}") from None
