"""Old import paths of the modules made private: they still work, with a warning, for one release.

:data:`MOVED` is the table ``{old dotted module: new dotted module}``, one entry per module
renamed when the package settled its public surface (public = what the API reference lists,
re-exported by each subpackage's ``__init__``; a name under a leading underscore may change
without notice). :func:`install` puts a finder on :data:`sys.meta_path` that answers for the
old names only: ``import microcommerce.cleaning.clean`` or ``from
microcommerce.analyses.market import market_size`` load the new module, bind it under the
old name as well, and emit a :class:`DeprecationWarning` that names the public import to
write instead (``from microcommerce.analyses import market_size``). The table is a literal
``dict`` so that tools can read it (``ast.literal_eval``) to fix imports elsewhere;
``python -m microcommerce._moved`` prints it as JSON.

Where an old module name is also a public name of its package (``microcommerce.report.reproduce``
was the module, and is now the function), importing the old path leaves the package's
public name as it is; ``from microcommerce.report.reproduce import save_table`` works, but
``import microcommerce.report.reproduce as r`` binds the function (Python reads the
package's attribute), so write ``from microcommerce.report import save_table``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings
from pathlib import Path

#: ``{old dotted module: new dotted module}`` for every module made private.
MOVED: dict[str, str] = {
    "microcommerce.analyses.aggregate": "microcommerce.analyses._group_arithmetic",
    "microcommerce.analyses.aggregation": "microcommerce.analyses._aggregation",
    "microcommerce.analyses.inputs": "microcommerce.analyses._inputs",
    "microcommerce.analyses.inventory": "microcommerce.analyses._inventory",
    "microcommerce.analyses.market": "microcommerce.analyses._market",
    "microcommerce.analyses.per_user": "microcommerce.analyses._per_user",
    "microcommerce.analyses.periods": "microcommerce.analyses._periods",
    "microcommerce.analyses.practitioners": "microcommerce.analyses._practitioners",
    "microcommerce.analyses.sources": "microcommerce.analyses._sources",
    "microcommerce.analyses.status": "microcommerce.analyses._status",
    "microcommerce.cleaning.boundaries": "microcommerce.cleaning._boundaries",
    "microcommerce.cleaning.bulk": "microcommerce.cleaning._bulk",
    "microcommerce.cleaning.clean": "microcommerce.cleaning._clean",
    "microcommerce.cleaning.explain": "microcommerce.cleaning._explain",
    "microcommerce.cleaning.headers": "microcommerce.cleaning._headers",
    "microcommerce.cleaning.layouts": "microcommerce.cleaning._layouts",
    "microcommerce.cleaning.lines": "microcommerce.cleaning._lines",
    "microcommerce.cleaning.orders": "microcommerce.cleaning._orders",
    "microcommerce.cleaning.reasons": "microcommerce.cleaning._reasons",
    "microcommerce.cleaning.roles": "microcommerce.cleaning._roles",
    "microcommerce.cleaning.rows": "microcommerce.cleaning._rows",
    "microcommerce.cleaning.schema": "microcommerce.cleaning._schema",
    "microcommerce.cleaning.statuses": "microcommerce.cleaning._statuses",
    "microcommerce.cleaning.taxonomy": "microcommerce.cleaning._taxonomy",
    "microcommerce.cleaning.values": "microcommerce.cleaning._values",
    "microcommerce.core.display": "microcommerce.core._display",
    "microcommerce.core.engine": "microcommerce.core._engine",
    "microcommerce.core.keys": "microcommerce.core._keys",
    "microcommerce.core.resources": "microcommerce.core._resources",
    "microcommerce.core.text": "microcommerce.core._text",
    "microcommerce.io.formulas": "microcommerce.io._formulas",
    "microcommerce.io.partitioned": "microcommerce.io._partitioned",
    "microcommerce.io.staging": "microcommerce.io._staging",
    "microcommerce.report.explorer": "microcommerce.report._explorer",
    "microcommerce.report.reproduce": "microcommerce.report._reproduce",
    "microcommerce.report.solutions": "microcommerce.report._solutions",
    "microcommerce.report.tables": "microcommerce.report._tables",
    "microcommerce.report.timeline": "microcommerce.report._timeline",
    "microcommerce.report.webfont": "microcommerce.report._webfont",
    "microcommerce.simulation.messy": "microcommerce.simulation._messy",
}

_HERE = __file__
_IMPORTLIB = str(Path(importlib.__file__).parent)


def public_names(new: str) -> list[str]:
    """List the public names of ``new``'s package that ``new`` defines, without loading more.

    Examples
    --------
    >>> public_names("microcommerce.analyses._per_user")
    ['per_hundred_users']
    """
    package = importlib.import_module(new.rpartition(".")[0])
    lazy = getattr(package, "_LAZY", None)
    if lazy is not None:  # a lazy package: its table says where each name lives
        return sorted(name for name, home in lazy.items() if home == new)
    module = importlib.import_module(new)
    found = []
    for name in package.__all__:
        obj = getattr(package, name)
        if getattr(module, name, None) is obj and getattr(obj, "__module__", new) in (new, None):
            found.append(name)
    return sorted(found)


def message(old: str) -> str:
    """Say that ``old`` moved, and which import to write instead.

    Examples
    --------
    >>> print(message("microcommerce.analyses.per_user"))  # doctest: +NORMALIZE_WHITESPACE
    microcommerce.analyses.per_user is deprecated (the module is private now:
    microcommerce.analyses._per_user); use "from microcommerce.analyses import
    per_hundred_users". The old path stops working in a future release.
    """
    new = MOVED[old]
    package = new.rpartition(".")[0]
    names = public_names(new)
    if names:
        advice = f'use "from {package} import {", ".join(names)}"'
    else:
        advice = (
            f"it holds no public name (see {package}.__all__); "
            f'"import {new}" works but may change without notice'
        )
    return (
        f"{old} is deprecated (the module is private now: {new}); {advice}. "
        "The old path stops working in a future release."
    )


def _warn(text: str) -> None:
    """Warn at the import statement that asked for an old path, past the import machinery."""
    frame = sys._getframe(1)
    while frame.f_back is not None and (
        frame.f_code.co_filename.startswith(("<frozen importlib", _IMPORTLIB))
        or frame.f_code.co_filename == _HERE
    ):
        frame = frame.f_back
    warnings.warn_explicit(
        text,
        DeprecationWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=frame.f_globals.get("__name__", "<unknown>"),
        registry=frame.f_globals.setdefault("__warningregistry__", {}),
    )


class _Package(types.ModuleType):
    """A package whose public names are not replaced by an old module of the same name."""

    def __setattr__(self, name: str, value: object) -> None:
        replaced = f"{self.__name__}.{name}" in MOVED and name in getattr(self, "__all__", ())
        if replaced and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


class MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answer for the old module names of :data:`MOVED` (and nothing else)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        old = module.__name__
        new = importlib.import_module(MOVED[old])
        _warn(message(old))
        parent_name, _, child = old.rpartition(".")
        parent = sys.modules[parent_name]
        if child in getattr(parent, "__all__", ()) and type(parent) is types.ModuleType:
            parent.__class__ = _Package
        sys.modules[old] = new  # the import statement binds the real module


def install() -> None:
    """Put the finder on :data:`sys.meta_path`, once."""
    if not any(isinstance(f, MovedFinder) for f in sys.meta_path):
        sys.meta_path.append(MovedFinder())


if __name__ == "__main__":
    import json

    print(json.dumps(MOVED, indent=1))
