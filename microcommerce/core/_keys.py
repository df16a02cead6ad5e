"""Integer codes for keys: the one way the package numbers the values of a column.

Grouping (the analyses' partial aggregates) and finding repeated keys (the schemas'
uniqueness checks) both start by turning each key column into integer codes. Codes are
made by arithmetic where the values are integers or dates in a small range, by one pass
where text is already sorted (order numbers usually are), and by hashing otherwise, never
by a Python loop over rows.

Examples
--------
>>> import pandas as pd
>>> codes, values = key_codes(pd.Series(["b", None, "a", "b"]))
>>> codes.tolist(), values.tolist()
([1, -1, 0, 1], ['a', 'b'])
>>> repeated_keys(pd.DataFrame({"id": ["x", "y", "x", None, None]}), ["id"]).tolist()
[False, False, True, False, False]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["dense_codes", "key_codes", "repeated_keys"]

_SMALL_SPAN = 1 << 16  # a lookup table this long is cheaper than a sort
_PEEK = 1024  # rows of text looked at before a pass over all to see if they are sorted


def dense_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Give integer values the codes 0 … k-1 in sorted order.

    Like ``np.unique(values, return_inverse=True)`` but much faster: a lookup table
    when the values span a small range (tiers, days, group numbers), a sort otherwise
    (NumPy 2.4's hash-based ``unique`` takes seconds on ten million rows).

    Parameters
    ----------
    values : ndarray of int
        The values to number.

    Returns
    -------
    codes : ndarray of int64
        Each value's code.
    uniques : ndarray of int64
        The k distinct values, sorted; ``uniques[codes]`` gives ``values`` back.

    Examples
    --------
    >>> codes, uniques = dense_codes(np.array([7, 3, 7, 9]))
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1, 2], [3, 7, 9])
    """
    values = np.asarray(values, dtype=np.int64)
    if not len(values):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo, hi = int(values.min()), int(values.max())
    if hi - lo < max(4 * len(values), _SMALL_SPAN):
        offsets = values - lo if lo else values  # no full-length temporary when lo is 0
        present = np.bincount(offsets) > 0
        table = np.cumsum(present) - 1
        return table[offsets], np.flatnonzero(present) + lo
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    new = np.concatenate([[True], ranked[1:] != ranked[:-1]])
    codes = np.empty(len(values), np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes, ranked[new]


def key_codes(s: pd.Series, *, sort: bool = True) -> tuple[np.ndarray, pd.Series]:
    """Give the values of a key column integer codes; ``-1`` where a value is missing.

    Parameters
    ----------
    s : Series
        A key column: text, integers (nullable or not, ``uint64`` included), dates
        (naive or zoned), floats or categories.
    sort : bool, default True
        Number the values in sorted order (categories in their own order), so that
        codes compare as the values do. ``False`` lets unsorted text be numbered by
        hashing, which is faster when only equality matters.

    Returns
    -------
    codes : ndarray of int64
        Each row's code, ``-1`` for a missing value.
    values : Series
        The values the codes stand for, in the column's dtype (``values.iloc[c]`` is
        the value of code ``c``). Integers and naive dates in a small range are
        numbered by their offset from the smallest, so ``values`` may hold values in
        between that no row has.

    Examples
    --------
    >>> codes, values = key_codes(pd.Series([3, 1, None, 3], dtype="Int64"))
    >>> codes.tolist(), values.tolist()
    ([2, 0, -1, 2], [1, 2, 3])
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy().astype(np.int64), pd.Series(s.cat.categories, dtype=s.dtype)
    missing = s.isna().to_numpy()
    kind = s.dtype.kind
    zoned = getattr(s.dtype, "tz", None) is not None
    if (kind in "ibM" or (kind == "u" and s.dtype.itemsize < 8)) and not zoned:
        codes, values = _number_codes(s, missing)
    elif isinstance(s.array, pd.arrays.ArrowStringArray) and not missing.any():
        codes, values = _text_codes(s, sort)
    else:
        factor, index = pd.factorize(s, sort=sort, use_na_sentinel=True)
        return factor.astype(np.int64, copy=False), pd.Series(index, dtype=s.dtype)
    return (np.where(missing, -1, codes) if missing.any() else codes), values


def _number_codes(s: pd.Series, missing: np.ndarray) -> tuple[np.ndarray, pd.Series]:
    """Integers and naive dates by arithmetic: offsets from the smallest value."""
    kind = s.dtype.kind
    # the array's own to_numpy: a nullable Series' to_numpy with na_value is 10x slower
    numbers = s.to_numpy() if kind == "M" else s.array.to_numpy(dtype="int64", na_value=0)
    numbers = numbers.view(np.int64) if kind == "M" else numbers
    if missing.any():  # any present value will do: the caller marks missing rows
        numbers = np.where(missing, numbers[~missing][0] if (~missing).any() else 0, numbers)
    scale = 1
    if kind == "M":  # dates at midnight (periods): number their days, a small range
        unit = np.timedelta64(1, "D") // np.timedelta64(1, np.datetime_data(s.dtype)[0])
        if not (numbers % unit).any():
            numbers, scale = numbers // unit, unit
    lo = int(numbers.min()) if len(numbers) else 0
    span = int(numbers.max()) - lo + 1 if len(numbers) else 0
    if span <= max(4 * len(numbers), _SMALL_SPAN):
        codes, uniques = numbers - lo, np.arange(lo, lo + span)
    else:
        codes, uniques = dense_codes(numbers)
    uniques = uniques * scale
    values = pd.Series(uniques.view(s.to_numpy().dtype) if kind == "M" else uniques)
    return codes, values.astype(s.dtype)


def _text_codes(s: pd.Series, sort: bool) -> tuple[np.ndarray, pd.Series]:
    """Text with no missing value: one pass when already ascending, else hashing."""
    chunked = pa.chunked_array(s.array._pa_array)
    head = chunked.slice(0, _PEEK + 1).combine_chunks()  # most unsorted columns show it here
    if not _ascending(head) or not _ascending(text := chunked.combine_chunks()):
        factor, index = pd.factorize(s, sort=sort)
        return factor.astype(np.int64, copy=False), pd.Series(index, dtype=s.dtype)
    new = np.ones(len(text), bool)
    if len(text) > 1:
        same = pc.equal(text[1:], text[:-1]).to_numpy(zero_copy_only=False)
        new[1:] = ~same
    codes = np.cumsum(new) - 1
    return codes, pd.Series(s.to_numpy()[new], dtype=s.dtype)


def _ascending(text: pa.Array) -> bool:
    return len(text) < 2 or pc.all(pc.less_equal(text[:-1], text[1:])).as_py()


def repeated_keys(df: pd.DataFrame, key: Sequence[str]) -> pd.Series:
    """Mark the rows whose complete key repeats an earlier row's.

    Same result as ``df.duplicated(key) & df[key].notna().all(axis=1)``, several times
    faster: each column gets integer codes (:func:`key_codes`), the codes are combined
    into one integer per row, and a stable sort of those finds the repeats (pandas
    hashes the key's text row by row, the slowest step of validating ten million orders).

    Parameters
    ----------
    df : DataFrame
        The rows.
    key : sequence of str
        The key's columns.

    Returns
    -------
    Series of bool
        On ``df``'s index: True where the row's key is complete and an earlier row has
        the same key.

    Examples
    --------
    >>> df = pd.DataFrame({"order": ["a", "a", "b", "a"], "line": [1, 2, 1, 1]})
    >>> repeated_keys(df, ["order", "line"]).tolist()
    [False, False, False, True]
    """
    key = list(key)
    coded = [key_codes(df[col], sort=False) for col in key]
    sizes = [len(values) for _, values in coded]
    if math.prod(n + 1 for n in sizes) >= 2**62:  # the combined number could overflow
        return df.duplicated(key, keep="first") & df[key].notna().all(axis=1)
    combined = np.zeros(len(df), np.int64)
    complete = np.ones(len(df), bool)
    for (codes, _), n in zip(coded, sizes, strict=True):
        complete &= codes >= 0
        combined = combined * (n + 1) + codes + 1
    ascending = bool((combined[1:] >= combined[:-1]).all())
    order = np.arange(len(df)) if ascending else np.argsort(combined, kind="stable")
    ranked = combined[order]
    repeat = np.zeros(len(df), bool)
    repeat[order[1:][ranked[1:] == ranked[:-1]]] = True
    return pd.Series(repeat & complete, index=df.index)
