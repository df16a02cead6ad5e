"""The cleaning layer: raw text frames in, canonical tables out, rejected rows kept with reasons.

- :mod:`~microcommerce.cleaning.taxonomy`: platforms, categories and agent tiers — alias
  tables (``cleaning/data/*.csv``) and the functions that normalise them.
- :mod:`~microcommerce.cleaning.schema`: the canonical tables (orders, sellers, inventory):
  columns, dtypes, row checks, :func:`~microcommerce.cleaning.schema.validate`.
- :mod:`~microcommerce.cleaning.clean`: ``clean_orders``, ``clean_sellers``,
  ``clean_inventory`` → :class:`~microcommerce.cleaning.clean.CleanResult`.
- :data:`CLEANERS`: which function cleans which table (``"orders"`` → ``clean_orders`` …),
  the one table the command line, bulk cleaning and ``raw.mc.clean`` look up.
- :mod:`~microcommerce.cleaning.bulk`: cleaning a folder of exports, a file in chunks or a
  Dask frame part by part into a partitioned dataset.

May import: :mod:`microcommerce.errors`, :mod:`microcommerce.core`, :mod:`microcommerce.parse`
and :mod:`microcommerce.io`. Never the analyses, the simulator, the report or the CLI.
"""

from microcommerce.cleaning._cleaners import CLEANERS, cleaner

__all__ = ["CLEANERS", "cleaner"]
