"""Names of a package loaded on first use (PEP 562), from one ``name -> module`` table.

``cleaning``, ``analyses`` and ``report`` re-export their public names this way, so that
``mc.market_size`` loads the market's modules and not the cleaner's or matplotlib. Each
package keeps its table (``_LAZY``) and an ``if TYPE_CHECKING:`` mirror of it for static
tools; this module gives it the two functions Python calls.

Examples
--------
>>> import types, sys
>>> package = types.ModuleType("demo")
>>> sys.modules["demo"] = package
>>> package.__getattr__, package.__dir__ = lazy_names("demo", {"dumps": "json"})
>>> package.dumps([1])
'[1]'
>>> "dumps" in vars(package)  # kept: the next use costs nothing
True
>>> del sys.modules["demo"]
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, table: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return the ``__getattr__`` and ``__dir__`` of ``package``, loading ``table``'s names.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    table : mapping of str to str
        Public name → the module that defines it.

    Returns
    -------
    tuple of callable
        ``__getattr__`` (load a name on first use, keep it in the package) and
        ``__dir__`` (the package's own names beside the table's).
    """

    def __getattr__(name: str) -> Any:
        try:
            module = table[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *table})

    return __getattr__, __dir__
