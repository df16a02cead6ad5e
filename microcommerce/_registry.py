"""The analyses of the package, registered once: name → where it lives and what it needs.

One table, read by everything that lists analyses, so adding an analysis is adding an
entry here:

- ``import microcommerce as mc`` derives its lazy names (``mc.market_size``) from it;
- the ``.mc`` accessor makes each a method (``orders.mc.market_size(freq="YE")``);
- ``microcommerce analyse`` runs those an entry assigns to one of its analyses;
- the tests hold every analysis of orders to the shared calendar convention.

This module holds names only (no import of the analyses), so reading it loads nothing.
The public view is :data:`microcommerce.analyses.ANALYSES`.

Examples
--------
>>> ANALYSES["channel_inventory"].needs
('shipments',)
>>> [name for name, a in ANALYSES.items() if a.command == "practitioners"]
['active_sellers', 'entrants_exits']
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

__all__ = ["ANALYSES", "Analysis"]


class Analysis(NamedTuple):
    """What the package knows of one analysis of a canonical table.

    Parameters
    ----------
    module : str
        The module that defines the function (named as the analysis).
    reads : str
        What its first argument is: ``"orders"`` (the canonical orders table) or the
        output of the analysis of that name (``"channel_inventory"``); ``"table"`` for
        any table.
    calendar : bool
        It takes the shared calendar parameters ``freq, by, start, until``
        (and documents them with the shared block).
    needs : tuple of str
        Further tables it takes when given (``"shipments"``: the brand's sales to its
        top agents, read from a simulated dataset folder by ``microcommerce analyse``).
    command : str or None
        The analysis of ``microcommerce analyse`` whose tables include this one
        (``"market"``, ``"practitioners"``, ``"inventory"``); None when the command
        line does not run it.
    by : tuple of str
        How ``microcommerce analyse`` groups it.
    """

    module: str
    reads: str = "orders"
    calendar: bool = True
    needs: tuple[str, ...] = ()
    command: str | None = None
    by: tuple[str, ...] = ()


_MARKET = "microcommerce.analyses._market"
_PRACTITIONERS = "microcommerce.analyses._practitioners"
_INVENTORY = "microcommerce.analyses._inventory"

#: Every analysis of a canonical table (read-only), in the order the command line
#: writes their tables.
ANALYSES: MappingProxyType[str, Analysis] = MappingProxyType(
    {
        "market_size": Analysis(_MARKET, command="market", by=("category", "seller_tier")),
        "active_sellers": Analysis(_PRACTITIONERS, command="practitioners", by=("seller_tier",)),
        "entrants_exits": Analysis(_PRACTITIONERS, command="practitioners"),
        "cohort_survival": Analysis(_PRACTITIONERS),
        "channel_inventory": Analysis(
            _INVENTORY, needs=("shipments",), command="inventory", by=("seller_tier",)
        ),
        "months_of_supply": Analysis(
            _INVENTORY, reads="channel_inventory", calendar=False, needs=("sell_through",)
        ),
        "to_usd": Analysis(_MARKET, reads="table", calendar=False),
    }
)
