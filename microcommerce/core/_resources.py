"""Read the CSV tables that ship inside the package (alias tables, datasets).

One reader for every packaged table, so each is read the same way: UTF-8, text kept
exactly as written (an empty cell is ``""`` unless asked otherwise), through
:mod:`importlib.resources`, which works from a source tree and after a regular install.

Examples
--------
>>> headers = read_packaged_csv("microcommerce.cleaning", "data/headers.csv")
>>> list(headers.columns)[:3]
['table', 'column', 'alias']
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pandas as pd

__all__ = ["read_packaged_csv"]


def read_packaged_csv(package: str, name: str, **options: Any) -> pd.DataFrame:
    """Read a CSV table shipped inside ``package``.

    Parameters
    ----------
    package : str
        The package that holds the file, e.g. ``"microcommerce.cleaning"``.
    name : str
        The file's path inside the package, e.g. ``"data/tiers.csv"``.
    **options
        Passed to :func:`pandas.read_csv`; by default every column is text
        (``dtype=str``) and no cell is read as missing (``keep_default_na=False``).

    Returns
    -------
    DataFrame
        The table.

    Raises
    ------
    FileNotFoundError
        When the package holds no such file.

    Examples
    --------
    >>> tiers = read_packaged_csv("microcommerce.cleaning", "data/tiers.csv")
    >>> {"alias", "canonical"} <= set(tiers.columns)
    True
    """
    settings: dict[str, Any] = {"dtype": str, "keep_default_na": False, **options}
    with (files(package) / name).open("rb") as f:
        return pd.read_csv(f, encoding="utf-8", **settings)
