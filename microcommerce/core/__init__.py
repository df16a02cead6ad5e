"""The bottom layer: mechanisms every other layer shares, and nothing else.

``core`` imports nothing from ``microcommerce`` except :mod:`microcommerce.errors`; every
other subpackage may import it.

- :mod:`~microcommerce.core.engine`: pandas or Dask (``is_dask``, ``import_dask``,
  ``as_pandas``, ``dask_client``).
- :mod:`~microcommerce.core.keys`: integer codes for keys (dense codes, factorised text).
- :mod:`~microcommerce.core.resources`: reading the CSV tables that ship inside the package.
"""
