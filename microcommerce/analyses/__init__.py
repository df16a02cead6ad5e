"""The analyses layer: canonical tables in, tables of figures out; no files read or written.

:data:`ANALYSES` registers every analysis of a canonical table once — name → where it
lives, what it reads and needs, and which ``microcommerce analyse`` analysis runs it — and
the top-level names, the ``.mc`` accessor, the command line and the tests read it.

- :mod:`~microcommerce.analyses.aggregate`: the shared machinery — periods and calendars,
  amounts in whole fen, integer group keys, partial ``Totals``.
- :mod:`~microcommerce.analyses.aggregation`: ``Aggregation``, one definition of an
  analysis that runs on pandas or partition by partition on Dask.
- :mod:`~microcommerce.analyses.status`: which orders count as sales (paid, not cancelled,
  closed or fully refunded; net of refunds) — every analysis of orders starts there.
- :mod:`~microcommerce.analyses.market`: market size — sell-through, sell-in, 流水, the
  inflation factor, triangulation, USD, share of online retail.
- :mod:`~microcommerce.analyses.practitioners`: active sellers, entrants and exits, cohorts,
  published counts.
- :mod:`~microcommerce.analyses.inventory`: channel stock by tier, months of supply, years
  to clear, stranded stock.
- :mod:`~microcommerce.analyses.per_user`: published figures per hundred WeChat accounts.
- :mod:`~microcommerce.analyses.sources`: one published measure across producers and years,
  bounds kept, units never mixed unless asked.
- :mod:`~microcommerce.analyses.timeseries`: growth, logistic and Bass fits, interrupted time
  series, forecasts.

May import: :mod:`microcommerce.errors`, :mod:`microcommerce.core`, :mod:`microcommerce.parse`,
:mod:`microcommerce.cleaning` and :mod:`microcommerce.datasets`. Never the simulator, the
report or the CLI.
"""

from microcommerce._registry import ANALYSES, Analysis

__all__ = ["ANALYSES", "Analysis"]
