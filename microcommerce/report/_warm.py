"""Inside a warm kernel: import the studies' modules once, then start each notebook afresh.

``reproduce`` runs its notebooks one after another in one kernel per worker
(:mod:`microcommerce.report._kernels`), so pandas, matplotlib, seaborn and scipy are
imported once per worker instead of once per notebook. Right after the kernel starts,
:func:`prepare` imports the modules the notebooks import and records the state a new
kernel has at that point; before each notebook, :func:`fresh` puts that state back:

- IPython's namespace, history, ``In``/``Out`` and execution count (``reset``), and the
  display formatters;
- modules imported since from outside the installed environment (a notebook's own
  ``helpers.py``), so the next notebook imports its own;
- the working folder, ``sys.path``, the environment variables, the warning filters and
  which warnings were already shown;
- matplotlib's settings (``rcParams``, so a theme or ``plt.rcParams[...] = …`` does not
  carry over), its backend (after ``%matplotlib …``), unit converters and open figures;
  numpy's print and error settings; pandas' options;
- the global random generators (``random``, ``numpy.random``) reseeded from the
  operating system, as in a new process.

What stays is what an import leaves behind in the modules themselves (caches, registered
fonts); the package's caches hold read-only tables. Only the standard library is
imported here at module level: this module runs in the kernel, before anything else.
"""

from __future__ import annotations

import gc
import importlib
import os
import random
import site
import sys
import sysconfig
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_saved: dict[str, Any] = {}
#: Folders of the installed environment: a module from elsewhere is the notebooks' own.
_INSTALLED = tuple(
    os.path.join(Path(folder).resolve(), "")  # with a trailing separator
    for folder in {
        *(p for k, p in sysconfig.get_paths().items() if k.endswith("lib")),
        *site.getsitepackages(),  # with a distribution's own dist-packages
        site.getusersitepackages(),
        Path(__file__).resolve().parents[1],  # this package, wherever it runs from
    }
)


def prepare(modules: Sequence[str], names: Sequence[tuple[str, str]] = ()) -> list[str]:
    """Import ``modules`` and the ``(module, name)`` pairs, then record the state to go back to.

    Returns the imports that failed: the notebook that needs one fails at its own cell,
    as it would in a new kernel.

    Examples
    --------
    >>> prepare(["json", "no_such_module_here"], [("json", "dumps")])
    ['no_such_module_here']
    >>> {"cwd", "environ", "filters", "modules", "path"} <= set(_saved)
    True
    """
    failed = []
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # a missing optional module: the notebook says so itself
            failed.append(module)
    for module, name in names:
        try:
            getattr(importlib.import_module(module), name)  # a lazy top-level name
        except Exception:
            failed.append(f"{module}.{name}")
    if "matplotlib.pyplot" in sys.modules:  # load the backend as the first figure would:
        import matplotlib  # the inline one sets rcParams and registers the PNG formatter

        sys.modules["matplotlib.pyplot"].switch_backend(matplotlib.get_backend())
    _record()
    return failed


def _record() -> None:
    _saved.clear()
    _saved.update(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        filters=list(warnings.filters),
        modules=set(sys.modules),
        path=list(sys.path),
    )
    if "matplotlib" in sys.modules:
        import matplotlib
        import matplotlib.units

        _saved["rc"] = dict(matplotlib.rcParams.copy())
        _saved["backend"] = _saved["rc"].pop("backend")  # switched back, not just set
        _saved["units"] = dict(matplotlib.units.registry)
    if "numpy" in sys.modules:
        import numpy as np

        _saved["printoptions"], _saved["errors"] = np.get_printoptions(), np.geterr()
    shell = _shell()
    if shell is not None:
        formatters = shell.display_formatter.formatters
        _saved["formatters"] = {
            mime: (dict(f.type_printers), dict(f.deferred_printers), f.enabled)
            for mime, f in formatters.items()
        }


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def fresh(cwd: str | None = None) -> None:
    """Put back the state :func:`prepare` recorded, working in ``cwd`` (else the recorded one).

    Examples
    --------
    >>> prepare(["json"])
    []
    >>> os.environ["MC_WARM_DEMO"] = "1"
    >>> fresh()
    >>> "MC_WARM_DEMO" in os.environ
    False
    """
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)  # names, In/Out, history; the count starts at 1
        for mime, (types, deferred, enabled) in _saved.get("formatters", {}).items():
            formatter = shell.display_formatter.formatters[mime]
            formatter.type_printers, formatter.deferred_printers = dict(types), dict(deferred)
            formatter.enabled = enabled
    _forget_own_modules()
    os.chdir(cwd or _saved["cwd"])
    sys.path[:] = _saved["path"]
    if os.environ != _saved["environ"]:
        os.environ.clear()
        os.environ.update(_saved["environ"])
    warnings.resetwarnings()  # also forgets which warnings each module has shown
    warnings.filters[:] = _saved["filters"]
    warnings.onceregistry.clear()
    random.seed()
    _fresh_libraries()
    gc.collect()


def _forget_own_modules() -> None:
    """Drop modules imported since :func:`prepare` from outside the installed environment."""
    for name in set(sys.modules) - _saved["modules"]:
        where = getattr(sys.modules[name], "__file__", None)
        if where and not str(Path(where).resolve()).startswith(_INSTALLED):
            del sys.modules[name]
    importlib.invalidate_caches()


def _fresh_libraries() -> None:
    """matplotlib, numpy and pandas as :func:`prepare` found them (those imported)."""
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "rc" in _saved:
        import matplotlib
        import matplotlib.units

        if "matplotlib.pyplot" in sys.modules and matplotlib.get_backend() != _saved["backend"]:
            sys.modules["matplotlib.pyplot"].switch_backend(_saved["backend"])  # %matplotlib …
        dict.update(matplotlib.rcParams, _saved["rc"])  # validated values: no checks again
        matplotlib.units.registry.clear()
        matplotlib.units.registry.update(_saved["units"])
    if "numpy" in sys.modules:
        import numpy as np

        np.random.seed()  # noqa: NPY002  the global generator, as a new process has it
        if "printoptions" in _saved:
            np.set_printoptions(**_saved["printoptions"])
            np.seterr(**_saved["errors"])
    if "pandas" in sys.modules:
        import pandas as pd

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")
