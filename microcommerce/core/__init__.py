"""The bottom layer: mechanisms every other layer shares, and nothing else.

``core`` imports nothing from ``microcommerce`` except :mod:`microcommerce.errors`; every
other subpackage may import it. Its one public job is running on Dask: :func:`dask_client`
opens a client, :func:`import_dask` imports Dask set up for exact pandas results, and
:func:`is_dask` and :func:`as_pandas` tell a Dask frame from a pandas one and compute it.
The modules are machinery and may change without notice:

- ``_engine``: pandas or Dask (``is_dask``, ``import_dask``, ``as_pandas``,
  ``dask_client``).
- ``_keys``: integer codes for keys (dense codes, factorised text, repeated keys).
- ``_text``: the matching keys of header and vocabulary texts (NFKC, casefold, no
  punctuation).
- ``_resources``: reading the CSV tables that ship inside the package.
- ``_docstrings``: parameter text written once and put into several docstrings
  (``fill_doc``).
- ``_display``: the HTML cards and short text forms of the package's result objects.
"""

from microcommerce.core._engine import as_pandas, dask_client, import_dask, is_dask

__all__ = ["as_pandas", "dask_client", "import_dask", "is_dask"]
