"""microcommerce: tools for studying WeChat micro-business (微商) markets.

The package reads messy Chinese seller and order exports, parses the numbers and dates
found in Chinese market material, and aggregates them into the three analyses of the
project: market size, practitioner counts and category inventory.

``import microcommerce as mc`` gives the names an analyst reaches for (listed in
``__all__``); each is loaded on first use, so ``import microcommerce`` stays fast and loads
neither seaborn, statsmodels, matplotlib, scipy nor Dask until a name that needs them is
used. Importing the package also registers the ``.mc`` accessor on pandas frames and
series (:mod:`~microcommerce.accessor`), which loads pandas.

The subpackages hold everything else, one layer each (see the README's architecture
section), and each re-exports its public names in its ``__all__``:

- :mod:`~microcommerce.errors`: the error classes every layer raises.
- :mod:`~microcommerce.core`: what every layer shares (running on Dask, key codes).
- :mod:`~microcommerce.io` and :mod:`~microcommerce.parse`: reading files; numbers and
  dates in text.
- :mod:`~microcommerce.cleaning` and :mod:`~microcommerce.datasets`: exports cleaned into
  canonical tables; the published record.
- :mod:`~microcommerce.analyses` and :mod:`~microcommerce.simulation`: the figures; the
  simulated brand.
- :mod:`~microcommerce.report`: the HTML report, its charts and tables.
- :mod:`~microcommerce.accessor`: ``df.mc`` and ``s.mc``.
- :mod:`~microcommerce.cli`: the ``microcommerce`` command.
- ``_lazy``: the ``__getattr__`` and ``__dir__`` of a package whose names load on first
  use (``cleaning``, ``analyses``, ``report``).
- ``_registry``: every analysis registered once (where it lives, what it reads and needs),
  read by the top-level names, the accessor, the command line and the tests.
- ``_quote``: what a file holds, quoted short and with invisible characters escaped,
  for error messages and the command line.
- ``_moved``: the old import paths of modules made private, which still work for one
  release with a :class:`DeprecationWarning` naming the new import.

Public means what the API reference lists: a name under a leading underscore (a module
such as ``microcommerce.cleaning._clean``, or a function) may change without notice.

Examples
--------
>>> import microcommerce as mc
>>> mc.parse_amount("1.2万").value
12000.0
>>> facts = mc.load_dataset("facts")
>>> int(facts.loc[facts["fact_id"] == "isc_weishang_market_2015", "value"].iloc[0])
181950000000

The charts the notebooks share are under ``mc.plot`` (``mc.plot.published_ranges``,
``mc.plot.fit_with_interval``, ``mc.plot.stacked_by_tier`` …; loading it loads
matplotlib), and ``mc.readable`` (or ``df.mc.readable()``) formats a table for reading:

>>> sorted(n for n in mc.plot.__all__ if n in {"published_ranges", "fit_with_interval"})
['fit_with_interval', 'published_ranges']
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from microcommerce._registry import ANALYSES as _ANALYSES

try:
    __version__ = version("microcommerce")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:  # what static tools and IDEs see; a test keeps it equal to _EXPORTS
    from microcommerce.analyses import (  # noqa: F401
        active_sellers,
        channel_inventory,
        cohort_survival,
        compare_sources,
        entrants_exits,
        market_size,
        months_of_supply,
        per_hundred_users,
        published_counts,
        share_of_online_retail,
        side_by_side,
        sold_orders,
        stranded_stock,
        tier_pyramid,
        to_usd,
        triangulate,
        years_to_clear,
    )
    from microcommerce.analyses.timeseries import (  # noqa: F401
        cagr,
        fit_bass,
        fit_forecast,
        fit_logistic,
        forecast,
        growth,
        interrupted_time_series,
    )
    from microcommerce.cleaning import (  # noqa: F401
        CleanReport,
        CleanResult,
        clean_inventory,
        clean_orders,
        clean_sellers,
        clean_to_dataset,
        inspect_export,
        normalize_category,
        normalize_platform,
        normalize_tier,
        validate,
    )
    from microcommerce.datasets import describe as describe_dataset  # noqa: F401
    from microcommerce.datasets import load as load_dataset  # noqa: F401
    from microcommerce.datasets import names as dataset_names  # noqa: F401
    from microcommerce.errors import (  # noqa: F401
        InputError,
        MicrocommerceError,
        ParameterError,
        SchemaError,
    )
    from microcommerce.io import (  # noqa: F401
        read_dataset,
        read_table,
        read_table_chunks,
        write_dataset,
        write_table,
    )
    from microcommerce.parse import (  # noqa: F401
        extract_amounts,
        extract_dates,
        facts_candidates,
        parse_amount,
        parse_amounts,
        parse_date,
        parse_dates,
    )
    from microcommerce.report import (  # noqa: F401
        history_timeline,
        plot,
        pyramid_explorer,
        readable,
        reproduce,
    )
    from microcommerce.report.plot import (  # noqa: F401
        set_theme,
    )
    from microcommerce.simulation import (  # noqa: F401
        PyramidParams,
        describe_params,
        simulate_pyramid,
        simulate_to_dataset,
        simulate_truth,
        write_messy_export,
    )

#: Where each top-level name lives: ``name -> (module, attribute)``; the analyses come
#: from their registry (``microcommerce._registry``), where each is entered once.
_EXPORTS: dict[str, tuple[str, str]] = {
    **{name: ("microcommerce.analyses", name) for name in _ANALYSES},
    # reading and writing files
    "read_table": ("microcommerce.io", "read_table"),
    "read_table_chunks": ("microcommerce.io", "read_table_chunks"),
    "write_table": ("microcommerce.io", "write_table"),
    "read_dataset": ("microcommerce.io", "read_dataset"),
    "write_dataset": ("microcommerce.io", "write_dataset"),
    # numbers and dates in text
    "parse_amount": ("microcommerce.parse", "parse_amount"),
    "parse_amounts": ("microcommerce.parse", "parse_amounts"),
    "parse_date": ("microcommerce.parse", "parse_date"),
    "parse_dates": ("microcommerce.parse", "parse_dates"),
    "extract_amounts": ("microcommerce.parse", "extract_amounts"),
    "extract_dates": ("microcommerce.parse", "extract_dates"),
    "facts_candidates": ("microcommerce.parse", "facts_candidates"),
    # cleaning exports into canonical tables
    "clean_orders": ("microcommerce.cleaning", "clean_orders"),
    "clean_sellers": ("microcommerce.cleaning", "clean_sellers"),
    "clean_inventory": ("microcommerce.cleaning", "clean_inventory"),
    "CleanResult": ("microcommerce.cleaning", "CleanResult"),
    "CleanReport": ("microcommerce.cleaning", "CleanReport"),
    "clean_to_dataset": ("microcommerce.cleaning", "clean_to_dataset"),
    "inspect_export": ("microcommerce.cleaning", "inspect_export"),
    "validate": ("microcommerce.cleaning", "validate"),
    "normalize_platform": ("microcommerce.cleaning", "normalize_platform"),
    "normalize_category": ("microcommerce.cleaning", "normalize_category"),
    "normalize_tier": ("microcommerce.cleaning", "normalize_tier"),
    # the published record
    "load_dataset": ("microcommerce.datasets", "load"),
    "describe_dataset": ("microcommerce.datasets", "describe"),
    "dataset_names": ("microcommerce.datasets", "names"),
    # market size (market_size and to_usd: from the registry)
    "share_of_online_retail": ("microcommerce.analyses", "share_of_online_retail"),
    "triangulate": ("microcommerce.analyses", "triangulate"),
    # practitioners (active_sellers, entrants_exits, cohort_survival: from the registry)
    "tier_pyramid": ("microcommerce.analyses", "tier_pyramid"),
    "published_counts": ("microcommerce.analyses", "published_counts"),
    # channel inventory (channel_inventory, months_of_supply: from the registry)
    "sold_orders": ("microcommerce.analyses", "sold_orders"),
    "years_to_clear": ("microcommerce.analyses", "years_to_clear"),
    "stranded_stock": ("microcommerce.analyses", "stranded_stock"),
    "per_hundred_users": ("microcommerce.analyses", "per_hundred_users"),
    "compare_sources": ("microcommerce.analyses", "compare_sources"),
    "side_by_side": ("microcommerce.analyses", "side_by_side"),
    # time series
    "growth": ("microcommerce.analyses.timeseries", "growth"),
    "cagr": ("microcommerce.analyses.timeseries", "cagr"),
    "fit_logistic": ("microcommerce.analyses.timeseries", "fit_logistic"),
    "fit_bass": ("microcommerce.analyses.timeseries", "fit_bass"),
    "forecast": ("microcommerce.analyses.timeseries", "forecast"),
    "fit_forecast": ("microcommerce.analyses.timeseries", "fit_forecast"),
    "interrupted_time_series": ("microcommerce.analyses.timeseries", "interrupted_time_series"),
    # the simulated brand
    "PyramidParams": ("microcommerce.simulation", "PyramidParams"),
    "simulate_pyramid": ("microcommerce.simulation", "simulate_pyramid"),
    "simulate_truth": ("microcommerce.simulation", "simulate_truth"),
    "describe_params": ("microcommerce.simulation", "describe_params"),
    "simulate_to_dataset": ("microcommerce.simulation", "simulate_to_dataset"),
    "write_messy_export": ("microcommerce.simulation", "write_messy_export"),
    # the report
    "reproduce": ("microcommerce.report", "reproduce"),
    "set_theme": ("microcommerce.report.plot", "set_theme"),
    "readable": ("microcommerce.report", "readable"),
    "pyramid_explorer": ("microcommerce.report", "pyramid_explorer"),
    "history_timeline": ("microcommerce.report", "history_timeline"),
    # errors
    "MicrocommerceError": ("microcommerce.errors", "MicrocommerceError"),
    "InputError": ("microcommerce.errors", "InputError"),
    "SchemaError": ("microcommerce.errors", "SchemaError"),
    "ParameterError": ("microcommerce.errors", "ParameterError"),
}

__all__ = ["__version__", *sorted(_EXPORTS)]

#: Subpackages reached as namespaces, loaded on first use: ``mc.plot.published_ranges``.
_NAMESPACES: dict[str, str] = {"plot": "microcommerce.report.plot"}


from microcommerce import _moved  # noqa: E402
from microcommerce import accessor as accessor  # noqa: E402  registers df.mc and s.mc

_moved.install()  # the old paths of modules made private still import, with a warning


def __getattr__(name: str) -> Any:
    """Load a top-level name on first use (PEP 562) and keep it in the module."""
    if name in _NAMESPACES:
        value = importlib.import_module(_NAMESPACES[name])
    else:
        try:
            module, attribute = _EXPORTS[name]
        except KeyError:
            raise AttributeError(f"module 'microcommerce' has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the curated names beside the module's own."""
    return sorted({*globals(), *_EXPORTS, *_NAMESPACES})
