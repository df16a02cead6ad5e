"""Integer codes for keys: the one way the package numbers the values of a column.

Grouping (the analyses' partial aggregates) and finding repeated keys (the schemas'
uniqueness checks) both start by turning each key column into integer codes. Codes are
made by arithmetic where the values are integers or dates in a small range, or text whose
values all take the same number of bytes (ids such as ``A000123``: each byte a digit of
one number), by one pass where text is already sorted (order numbers usually are), and by
hashing otherwise, never by a Python loop over rows.

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

__all__ = ["dense_codes", "fixed_width_codes", "key_codes", "repeated_keys"]

_SMALL_SPAN = 1 << 16  # a lookup table this long is cheaper than a sort
_PEEK = 1024  # rows of text looked at before a pass over all to see if they are sorted
_WIDEST = 64  # bytes: text of one width up to this is coded by arithmetic on its bytes
_BLOCK = 1 << 16  # rows of such text read at a time


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
    values = np.asarray(values)
    if values.dtype != np.int32:  # int32 stays: half the bytes to read
        values = values.astype(np.int64, copy=False)
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
    return codes, ranked[new].astype(np.int64)


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
    elif isinstance(s.array, pd.arrays.ArrowStringArray) and (
        (coded := fixed_width_codes(s, sort=sort)) is not None or not missing.any()
    ):
        codes, values = coded if coded is not None else _text_codes(s, sort)
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


def fixed_width_codes(s: pd.Series, *, sort: bool = True) -> tuple[np.ndarray, pd.Series] | None:
    """Code Arrow text whose present values all take the same number of bytes, by arithmetic.

    Each byte position that varies is a digit (base: how many byte values it takes), so
    each value is one number, in the order of the text (UTF-8 bytes sort as the
    characters do), found without hashing a string; the numbers are then coded as numbers
    (:func:`dense_codes` in a small range, else hashing integers). Ids of one width
    (``A000123``, ``WS00000042``) are the common case: tens of millions of them are
    coded several times faster than by hashing their text.

    Parameters
    ----------
    s : Series
        Text backed by Arrow (``str`` dtype); missing values allowed.
    sort : bool, default True
        Number in sorted order; ``False`` allows the order of first appearance when
        numbers are hashed (only equality matters).

    Returns
    -------
    (codes, values) or None
        As :func:`key_codes` gives them (``-1`` where a value is missing), or ``None``
        when ``s`` is not Arrow text of one width up to 64 bytes (then hash it).

    Examples
    --------
    >>> codes, values = fixed_width_codes(pd.Series(["b2", "a9", None, "b2"], dtype="str"))
    >>> codes.tolist(), values.tolist()
    ([1, 0, -1, 1], ['a9', 'b2'])
    >>> fixed_width_codes(pd.Series(["b", "a9"], dtype="str")) is None
    True
    """
    if not isinstance(s.array, pd.arrays.ArrowStringArray):
        return None
    text = pa.chunked_array(s.array._pa_array)
    offsets_of = {pa.large_string(): np.int64, pa.string(): np.int32}.get(text.type)
    if offsets_of is None or text.null_count == len(text):  # no rows, or none present
        return None
    widths = pc.min_max(pc.binary_length(text))  # of the present values: before any copy
    if widths["min"] != widths["max"] or not 0 < widths["max"].as_py() <= _WIDEST:
        return None
    present = s.notna().to_numpy() if text.null_count else None
    if present is not None:  # any present value will do: missing rows are marked below
        text = pc.fill_null(text, text[int(np.argmax(present))])
    text = text.combine_chunks()
    data = _byte_matrix(text, offsets_of)
    if data is None:
        return None
    number, digits = _digits(data)
    if number is None:
        return None
    codes, numbers = _integer_codes(number, sort)
    values = _from_digits(numbers, digits, data[0], text.type, offsets_of)
    if present is not None:
        codes = np.where(present, codes, -1)
    return codes, pd.Series(values, dtype=s.dtype)


def _byte_matrix(text: pa.Array, offsets_of: type) -> np.ndarray | None:
    """View the bytes of text of one width as an (n, width) array (no copy); None if not."""
    n = len(text)
    offsets = np.frombuffer(text.buffers()[1], offsets_of)[text.offset : text.offset + n + 1]
    width = int(offsets[1] - offsets[0])
    if not 0 < width <= _WIDEST or int(offsets[-1] - offsets[0]) != width * n:
        return None
    if (np.diff(offsets) != width).any():
        return None
    start = int(offsets[0])
    return np.frombuffer(text.buffers()[2], np.uint8)[start : start + width * n].reshape(n, width)


def _digits(data: np.ndarray) -> tuple[np.ndarray | None, list[tuple[int, int, int]]]:
    """Each row's bytes read as one number: the varying positions as digits (None: too big).

    Returns the numbers (in 32 bits when they fit) and the digits as (position, lowest
    byte, base). The rows are read a block at a time, so a block's bytes and numbers stay
    in the processor's cache while every digit is added.
    """
    digits, size, top = [], 1, 0
    for j in range(data.shape[1]):
        lo, hi = int(data[:, j].min()), int(data[:, j].max())
        if hi > lo:
            digits.append((j, lo, hi - lo + 1))
            size *= hi - lo + 1
            top = top * (hi - lo + 1) + hi  # the largest value before the lows are taken off
    if size >= 2**62 or top >= 2**63:
        return None, digits
    low = 0
    for _, lo, base in digits:
        low = low * base + lo
    number = np.zeros(len(data), np.int32 if top < 2**31 else np.int64)
    for start in range(0, len(data), _BLOCK):
        block, part = data[start : start + _BLOCK], number[start : start + _BLOCK]
        for j, _, base in digits:
            np.multiply(part, base, out=part)
            np.add(part, block[:, j], out=part, casting="unsafe")
        if low:
            np.subtract(part, low, out=part)
    return number, digits


def _integer_codes(number: np.ndarray, sort: bool) -> tuple[np.ndarray, np.ndarray]:
    """Codes of integers ≥ 0: a lookup table in a small range, one pass if ascending, or a hash."""
    n = len(number)
    if int(number.max()) < max(4 * n, _SMALL_SPAN):
        return dense_codes(number)
    if n > 1 and (number[1:] >= number[:-1]).all():  # ascending (ids numbered in order)
        new = np.empty(n, bool)
        new[0] = True
        np.not_equal(number[1:], number[:-1], out=new[1:])
        return np.cumsum(new) - 1, number[new]
    codes, uniques = pd.factorize(number, sort=sort)
    return codes.astype(np.int64, copy=False), uniques


def _from_digits(
    numbers: np.ndarray,
    digits: list[tuple[int, int, int]],
    row: np.ndarray,
    kind: pa.DataType,
    offsets_of: type,
) -> pa.Array:
    """Write each number back as text: its digits into a copy of a row's constant bytes."""
    width = len(row)
    out = np.empty((len(numbers), width), np.uint8)
    out[:] = row
    rest = numbers.copy()
    for j, lo, base in reversed(digits):
        out[:, j] = rest % base + lo
        rest //= base
    offsets = np.arange(len(numbers) + 1, dtype=offsets_of) * width
    return pa.Array.from_buffers(
        kind, len(numbers), [None, pa.py_buffer(offsets), pa.py_buffer(out.ravel())]
    )


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
