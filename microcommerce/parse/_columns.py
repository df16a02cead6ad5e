"""Column plumbing shared by the vectorised parsers: distinct texts in, rows out.

:func:`factorize` codes a column's cells so that each distinct cell is parsed once
(and, unlike ``pd.factorize`` alone, never merges ``True`` with ``1`` or a
``float32`` with a different float); :func:`spread` takes the small per-distinct
tables at the rows' codes (each output column written once), and :func:`category`,
:func:`error_table` and :func:`error_category` make categoricals of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat

import numpy as np
import pandas as pd
import pyarrow as pa

from microcommerce.core._keys import key_codes
from microcommerce.parse._text import missing

# Cells pd.factorize can merge with a different number: True == 1, 1+0j == 1, a
# one-item tuple with its item ((4,) and 4), and NumPy's float16/float32 compare with a
# float after rounding it to their precision (np.float32(0.0) == 1e-108). Each kind gets
# codes of its own.
_APART = {
    bool: 1,
    np.bool_: 1,
    complex: 2,
    np.complex64: 2,
    np.complex128: 2,
    np.clongdouble: 2,
    np.float16: 3,
    np.float32: 4,
    tuple: 5,
}
_KINDS = max(_APART.values()) + 1


def factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Code a column's cells: codes (-1 for missing) and the distinct cells.

    Text columns are coded by ``core._keys.key_codes``, as every key
    of the package is; object columns, which can hold any Python object, keep kinds
    apart that ``pd.factorize`` would merge (``True`` and ``1``).
    """
    if isinstance(values.dtype, pd.StringDtype):
        codes, uniques = key_codes(values, sort=False)
        return codes, pd.Index(uniques)
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # an unhashable cell (list, bytearray) or Decimal("sNaN"): no dedup
        cells = values.to_numpy(dtype=object)
        is_missing = np.fromiter(map(missing, cells), dtype=bool, count=len(cells))
        return np.where(is_missing, -1, np.arange(len(cells))), pd.Index(cells, dtype=object)
    # only a number, bool or tuple among the distinct cells can have merged with another
    # kind: a column of texts is not scanned cell by cell
    mergeable = values.dtype == object and not all(type(u) is str for u in uniques)
    cells = values.to_numpy(dtype=object) if mergeable else None
    if cells is not None and not _APART.keys().isdisjoint(map(type, cells)):
        # factorize merges cells that compare equal (see _APART): keep kinds apart
        apart = np.fromiter(map(_APART.get, map(type, cells), repeat(0)), np.intp, len(cells))
        if apart[codes >= 0].any():  # (a float32 NaN is missing, and needs no code)
            rows = np.flatnonzero(codes >= 0)
            new, _ = pd.factorize(codes[rows] * _KINDS + apart[rows])
            codes = np.full(len(cells), -1, dtype=np.intp)
            codes[rows] = new
            first = np.empty(new.max() + 1, dtype=np.intp)
            first[new[::-1]] = rows[::-1]  # the first row of each code
            return codes, pd.Index(cells[first], dtype=object)
    return codes, pd.Index(uniques)


def text_array(uniques: pd.Index) -> pa.Array | None:
    """Give the distinct cells as an Arrow string array, if all are text Arrow can hold.

    A ``str`` column's cells always are; an object column's are when every cell is a
    ``str`` without lone surrogates (which only the scalar parsers read).
    """
    if not isinstance(uniques.dtype, pd.StringDtype) and not (
        uniques.dtype == object and all(type(u) is str for u in uniques)
    ):
        return None
    try:
        return pa.array(uniques.to_numpy(dtype=object), type=pa.string())
    except (UnicodeEncodeError, pa.ArrowInvalid):
        return None


def category(codes: np.ndarray, categories: pd.Index | tuple[str, ...]) -> pd.Categorical:
    """Build a categorical over ``categories`` from integer codes (-1 missing), unchecked."""
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(categories, dtype=str), validate=False
    )


def error_table(errors: list[str | None]) -> tuple[np.ndarray, pd.Index]:
    """Code per-distinct error messages (None = no error) in the smallest integer type."""
    err_codes, err_uniques = pd.factorize(pd.Series(errors, dtype=object), use_na_sentinel=True)
    small = np.int8 if len(err_uniques) < 127 else np.int16 if len(err_uniques) < 32767 else np.intp
    return err_codes.astype(small), pd.Index(err_uniques, dtype=str)


def error_category(errors: list[str | None], codes: np.ndarray) -> pd.Categorical:
    """Broadcast per-distinct error messages (None = no error) to the rows."""
    table, categories = error_table(errors)
    return category(table.take(codes), categories)


def spread(tables: Mapping[str, np.ndarray], codes: np.ndarray) -> dict[str, np.ndarray]:
    """Take each per-distinct table at the rows' codes, two tables at a time.

    ``codes`` of -1 read a table's last slot (the missing values' slot). NumPy's
    ``take`` runs without the GIL, so the columns are written on two cores.

    Examples
    --------
    >>> out = spread({"x": np.array([1.5, 2.5, np.nan])}, np.array([1, -1, 0]))
    >>> out["x"].tolist()
    [2.5, nan, 1.5]
    """
    codes = np.asarray(codes, dtype=np.intp)
    if len(codes) < 1 << 16:
        return {name: table.take(codes) for name, table in tables.items()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        taken = {name: pool.submit(table.take, codes) for name, table in tables.items()}
        return {name: future.result() for name, future in taken.items()}
