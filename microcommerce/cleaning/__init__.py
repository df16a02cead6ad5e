"""The cleaning layer: raw text frames in, canonical tables out, rejected rows kept with reasons.

The public names are re-exported here (``from microcommerce.cleaning import clean_orders``),
each loaded on first use, so that a layer above that needs only the schema does not load
the whole cleaner; the modules behind them are machinery and may change without notice:

- ``_clean``: ``clean_orders``, ``clean_sellers``, ``clean_inventory`` →
  :class:`CleanResult` (the clean table, the rejected rows, a :class:`CleanReport`).
- ``_cleaners``: :data:`CLEANERS`, which function cleans which table (``"orders"`` →
  ``clean_orders`` …), the one table the command line, bulk cleaning and ``raw.mc.clean``
  look up.
- ``_steps``: the cleaning pipeline as named steps applied in order, each taking and
  returning one explicit state.
- ``_bulk``: :func:`clean_to_dataset` — a folder of exports, a file in chunks or a Dask
  frame cleaned part by part into a partitioned dataset.
- ``_boundaries``: chunks and Dask partitions regrouped so each holds whole orders.
- ``_explain``: :func:`inspect_export` — what the cleaner sees in an export, and the
  options that would change it.
- ``_schema``: the canonical tables (orders, sellers, inventory): columns, dtypes, row
  checks, :func:`validate`.
- ``_taxonomy``: platforms, categories and agent tiers — alias tables
  (``cleaning/data/*.csv``) and the ``normalize_*`` functions.
- ``_statuses``: order and after-sale status texts mapped to the vocabulary; refunds.
- ``_headers``: header aliases, matching headers to canonical columns, missing columns.
- ``_layouts``: the known export layouts (``cleaning/data/layouts.csv``) and a user's own.
- ``_roles``: choosing each column's role from its header and its values, when no layout
  matches.
- ``_lines``: multi-line orders — continuation rows, line numbers, amounts shared out.
- ``_values``: parsing the mapped columns into typed values, the first problem per cell.
- ``_orders``: the order table's derived columns (amount, unit price, kind, units).
- ``_rows``: blank, ragged, totals and duplicate rows.
- ``_reasons``: the first reason per rejected row, its code (:data:`REASON_CODES`), and
  counts by reason and by code.
- ``_display``: the HTML and text cards of a clean result.

May import: :mod:`microcommerce.errors`, :mod:`microcommerce.core`, :mod:`microcommerce.parse`
and :mod:`microcommerce.io`. Never the analyses, the simulator, the report or the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from microcommerce._lazy import lazy_names

if TYPE_CHECKING:  # what static tools and IDEs see; a test keeps it equal to _LAZY
    from microcommerce.cleaning._bulk import clean_to_dataset
    from microcommerce.cleaning._clean import (
        CleanReport,
        CleanResult,
        clean_inventory,
        clean_orders,
        clean_sellers,
    )
    from microcommerce.cleaning._cleaners import CLEANERS, cleaner
    from microcommerce.cleaning._explain import ExportInspection, inspect_export
    from microcommerce.cleaning._headers import header_aliases
    from microcommerce.cleaning._layouts import Layout, export_layouts, get_layout, read_layouts
    from microcommerce.cleaning._reasons import REASON_CODES, reason_codes
    from microcommerce.cleaning._schema import (
        KINDS,
        SOLD_STATUSES,
        STATUSES,
        TABLES,
        Check,
        Column,
        Table,
        validate,
    )
    from microcommerce.cleaning._statuses import status_aliases
    from microcommerce.cleaning._taxonomy import (
        CATEGORIES,
        PLATFORMS,
        TIERS,
        Normalized,
        aliases,
        ladder_aliases,
        normalize_category,
        normalize_platform,
        normalize_tier,
    )

#: Where each public name lives, loaded on first use: ``name -> module``.
_LAZY: dict[str, str] = {
    "CLEANERS": "microcommerce.cleaning._cleaners",
    "cleaner": "microcommerce.cleaning._cleaners",
    "REASON_CODES": "microcommerce.cleaning._reasons",
    "reason_codes": "microcommerce.cleaning._reasons",
    "aliases": "microcommerce.cleaning._taxonomy",
    "CATEGORIES": "microcommerce.cleaning._taxonomy",
    "Check": "microcommerce.cleaning._schema",
    "clean_inventory": "microcommerce.cleaning._clean",
    "clean_orders": "microcommerce.cleaning._clean",
    "clean_sellers": "microcommerce.cleaning._clean",
    "clean_to_dataset": "microcommerce.cleaning._bulk",
    "CleanReport": "microcommerce.cleaning._clean",
    "CleanResult": "microcommerce.cleaning._clean",
    "Column": "microcommerce.cleaning._schema",
    "export_layouts": "microcommerce.cleaning._layouts",
    "ExportInspection": "microcommerce.cleaning._explain",
    "get_layout": "microcommerce.cleaning._layouts",
    "header_aliases": "microcommerce.cleaning._headers",
    "inspect_export": "microcommerce.cleaning._explain",
    "KINDS": "microcommerce.cleaning._schema",
    "ladder_aliases": "microcommerce.cleaning._taxonomy",
    "Layout": "microcommerce.cleaning._layouts",
    "normalize_category": "microcommerce.cleaning._taxonomy",
    "normalize_platform": "microcommerce.cleaning._taxonomy",
    "normalize_tier": "microcommerce.cleaning._taxonomy",
    "Normalized": "microcommerce.cleaning._taxonomy",
    "PLATFORMS": "microcommerce.cleaning._taxonomy",
    "read_layouts": "microcommerce.cleaning._layouts",
    "SOLD_STATUSES": "microcommerce.cleaning._schema",
    "status_aliases": "microcommerce.cleaning._statuses",
    "STATUSES": "microcommerce.cleaning._schema",
    "Table": "microcommerce.cleaning._schema",
    "TABLES": "microcommerce.cleaning._schema",
    "TIERS": "microcommerce.cleaning._taxonomy",
    "validate": "microcommerce.cleaning._schema",
}

__all__ = [
    "CATEGORIES",
    "CLEANERS",
    "KINDS",
    "PLATFORMS",
    "REASON_CODES",
    "SOLD_STATUSES",
    "STATUSES",
    "TABLES",
    "TIERS",
    "Check",
    "CleanReport",
    "CleanResult",
    "Column",
    "ExportInspection",
    "Layout",
    "Normalized",
    "Table",
    "aliases",
    "clean_inventory",
    "clean_orders",
    "clean_sellers",
    "clean_to_dataset",
    "cleaner",
    "export_layouts",
    "get_layout",
    "header_aliases",
    "inspect_export",
    "ladder_aliases",
    "normalize_category",
    "normalize_platform",
    "normalize_tier",
    "read_layouts",
    "reason_codes",
    "status_aliases",
    "validate",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
