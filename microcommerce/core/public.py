"""Name the public package as the home of what its private modules define.

A big subject is split into private modules behind a re-exporting ``__init__`` (the
statsmodels ``tsa/stattools/`` pattern); its functions and classes should still say they
live where users import them from — in ``help()``, in tracebacks' reprs, in the API
reference and for pickling — not in ``_amount`` or ``_params``.

Examples
--------
>>> import microcommerce.simulation as simulation
>>> simulation.PyramidParams.__module__
'microcommerce.simulation'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["present_in"]


def present_in(package: str, names: Iterable[str], namespace: Mapping[str, Any]) -> None:
    """Set ``__module__`` of the functions and classes ``package`` re-exports to ``package``.

    Only objects defined in a private module of ``package`` itself (``package._x``) are
    changed; constants, and objects of other packages, are left alone. Pickle still
    finds them, as ``package.name`` is the object.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : iterable of str
        Its ``__all__``.
    namespace : mapping
        Its ``globals()``.
    """
    for name in names:
        obj = namespace[name]
        if getattr(obj, "__module__", "").startswith(f"{package}._"):
            obj.__module__ = package
