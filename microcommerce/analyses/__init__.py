"""The analyses layer: canonical tables in, tables of figures out; no files read or written.

:data:`ANALYSES` registers every analysis of a canonical table once — name → where it
lives, what it reads and needs, and which ``microcommerce analyse`` analysis runs it — and
the top-level names, the ``.mc`` accessor, the command line and the tests read it.

The public names are re-exported here (``from microcommerce.analyses import market_size``);
the time-series models are the public subpackage :mod:`microcommerce.analyses.timeseries`
(kept apart so that importing the analyses does not load SciPy or statsmodels). Each name
is loaded on first use, so ``mc.market_size`` loads the market's modules and not the
others'. The modules behind them are machinery and may change without notice:

- ``_status``: which orders count as sales (paid, not cancelled, closed or fully
  refunded; net of refunds) — every analysis of orders starts there.
- ``_market``: market size — sell-through, sell-in, 流水, the inflation factor,
  triangulation, USD, share of online retail.
- ``_practitioners``: active sellers, entrants and exits, cohorts, agents on the books,
  published counts.
- ``_inventory``: channel stock by tier, months of supply, years to clear, stranded stock.
- ``_per_user``: published figures per hundred WeChat accounts.
- ``_sources``: one published measure across producers and years, bounds kept, units
  never mixed unless asked.
- ``_periods``: periods and calendars — labelling dates with their period, every period
  between two dates, every group in every period.
- ``_inputs``: checking an analysis' input columns and dates; amounts in whole fen.
- ``_group_arithmetic``: the arithmetic of grouping — integer group numbers, sums per
  group, distinct (group, member) pairs, partial ``Totals`` and their merge.
- ``_calendar_doc``: the calendar and status parameters' documentation, written once and
  filled into every order analysis' docstring.
- ``_duckdb_engine``: ``engine="duckdb"`` — the groups, sums and distinct counts of an
  analysis computed on DuckDB, read through Arrow, returned as the pandas path's totals.
- ``_duckdb_activity``: the practitioner counts' activity tables (agents active, lives
  for entrants, exits and cohorts) on DuckDB.
- ``_aggregation``: the runner — ``Aggregation``, one definition of an analysis that runs
  on pandas in one go or partition by partition on Dask.
- :mod:`~microcommerce.analyses.timeseries`: growth, logistic and Bass fits, interrupted time
  series, forecasts.

May import: :mod:`microcommerce.errors`, :mod:`microcommerce.core`, :mod:`microcommerce.parse`,
:mod:`microcommerce.cleaning` and :mod:`microcommerce.datasets`. Never the simulator, the
report or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from microcommerce._lazy import lazy_names

if TYPE_CHECKING:  # what static tools and IDEs see; a test keeps it equal to _LAZY
    from microcommerce._registry import ANALYSES, Analysis
    from microcommerce.analyses._inventory import (
        DEMAND_SCENARIOS,
        channel_inventory,
        months_of_supply,
        stranded_stock,
        years_to_clear,
    )
    from microcommerce.analyses._market import (
        ESTIMATE_COLUMNS,
        bottom_up_estimate,
        market_size,
        share_of_online_retail,
        to_usd,
        top_down_estimates,
        triangulate,
    )
    from microcommerce.analyses._per_user import per_hundred_users
    from microcommerce.analyses._periods import FREQS, calendar, complete_calendar, period_label
    from microcommerce.analyses._practitioners import (
        DEFINITIONS,
        active_sellers,
        agents_on_books,
        cohort_survival,
        entrants_exits,
        published_counts,
        tier_pyramid,
    )
    from microcommerce.analyses._sources import compare_sources, side_by_side
    from microcommerce.analyses._status import STATUS_VIEWS, left_out, sold_orders

#: Where each public name lives, loaded on first use: ``name -> module``.
_LAZY: dict[str, str] = {
    "ANALYSES": "microcommerce._registry",
    "Analysis": "microcommerce._registry",
    "DEFINITIONS": "microcommerce.analyses._practitioners",
    "DEMAND_SCENARIOS": "microcommerce.analyses._inventory",
    "ESTIMATE_COLUMNS": "microcommerce.analyses._market",
    "FREQS": "microcommerce.analyses._periods",
    "STATUS_VIEWS": "microcommerce.analyses._status",
    "active_sellers": "microcommerce.analyses._practitioners",
    "agents_on_books": "microcommerce.analyses._practitioners",
    "bottom_up_estimate": "microcommerce.analyses._market",
    "calendar": "microcommerce.analyses._periods",
    "channel_inventory": "microcommerce.analyses._inventory",
    "cohort_survival": "microcommerce.analyses._practitioners",
    "compare_sources": "microcommerce.analyses._sources",
    "complete_calendar": "microcommerce.analyses._periods",
    "entrants_exits": "microcommerce.analyses._practitioners",
    "left_out": "microcommerce.analyses._status",
    "market_size": "microcommerce.analyses._market",
    "months_of_supply": "microcommerce.analyses._inventory",
    "per_hundred_users": "microcommerce.analyses._per_user",
    "period_label": "microcommerce.analyses._periods",
    "published_counts": "microcommerce.analyses._practitioners",
    "share_of_online_retail": "microcommerce.analyses._market",
    "side_by_side": "microcommerce.analyses._sources",
    "sold_orders": "microcommerce.analyses._status",
    "stranded_stock": "microcommerce.analyses._inventory",
    "tier_pyramid": "microcommerce.analyses._practitioners",
    "to_usd": "microcommerce.analyses._market",
    "top_down_estimates": "microcommerce.analyses._market",
    "triangulate": "microcommerce.analyses._market",
    "years_to_clear": "microcommerce.analyses._inventory",
}

__all__ = [
    "ANALYSES",
    "DEFINITIONS",
    "DEMAND_SCENARIOS",
    "ESTIMATE_COLUMNS",
    "FREQS",
    "STATUS_VIEWS",
    "Analysis",
    "active_sellers",
    "agents_on_books",
    "bottom_up_estimate",
    "calendar",
    "channel_inventory",
    "cohort_survival",
    "compare_sources",
    "complete_calendar",
    "entrants_exits",
    "left_out",
    "market_size",
    "months_of_supply",
    "per_hundred_users",
    "period_label",
    "published_counts",
    "share_of_online_retail",
    "side_by_side",
    "sold_orders",
    "stranded_stock",
    "tier_pyramid",
    "to_usd",
    "top_down_estimates",
    "triangulate",
    "years_to_clear",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
