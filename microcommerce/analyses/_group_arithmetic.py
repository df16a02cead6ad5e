"""Group numbers and partial totals: what every analysis aggregates with.

:func:`group_numbers` gives each row the number of its group over some key columns,
with the groups as a small frame; sums are then one pass per column (``np.add.at`` for
whole numbers, :func:`numpy.bincount` for floats), and distinct members per group one
sort of (group, member) numbers (:func:`pair_counts`), period by period when the rows
come by date. That, and coding ids of one width by arithmetic rather than hashing
(:func:`~microcommerce.core._keys.fixed_width_codes`), is what makes the analyses fast
on tens of millions of orders without leaving pandas and NumPy.

Missing key values form a group of their own (nothing is dropped), so the groups
always add up to the total.

Examples
--------
>>> import pandas as pd
>>> ids, groups = group_numbers(pd.DataFrame({"tier": [2, 1, 2, None]}), ["tier"])
>>> ids.tolist(), groups["tier"].tolist()
([1, 0, 1, 2], [1.0, 2.0, nan])
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from microcommerce.core._keys import dense_codes, fixed_width_codes, key_codes
from microcommerce.errors import ParameterError

__all__ = [
    "BUYER_SIDE",
    "Totals",
    "combine_totals",
    "distinct_count",
    "group_numbers",
    "pair_counts",
    "stacked_totals",
    "totals",
]

_DATETIME = "datetime64[us]"
_PARALLEL_SORT = 1 << 20  # rows from which sorts and hashing are split over two threads
_CHUNK = 1 << 16  # rows widened at a time (in the processor's cache, no full-length copy)
_SHORTEST_RUN = 1024  # rows of one period (on average) from which runs are sorted one by one

#: Columns describing an order's seller and the column describing its buyer the same way
#: (columns not listed, such as ``category``, describe both).
BUYER_SIDE: dict[str, str] = {"seller_tier": "buyer_tier", "seller_id": "buyer_id"}


def pair_counts(
    ids: np.ndarray, codes: np.ndarray, lead: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find the distinct (group, value) pairs among the rows, and how many rows each has.

    ``codes`` are the values' integer codes (``pd.factorize``; rows with −1, a
    missing value, are skipped). One sort of the pairs does it. Returns the pairs'
    groups, their values' codes and their row counts, in sorted order.

    ``lead``, optional, is a number per group that does not decrease with the group
    (the code of its first key, such as its period). Where the rows come in runs of one
    lead, in increasing (or decreasing) lead — orders listed by date — each run is
    sorted on its own: many short sorts, each in the processor's cache, instead of one
    long one.

    Examples
    --------
    >>> groups, values, counts = pair_counts(np.array([1, 0, 1, 1]), np.array([5, 5, 5, 2]))
    >>> groups.tolist(), values.tolist(), counts.tolist()
    ([0, 1, 1], [5, 2, 5], [1, 1, 2])
    """
    ids, codes = np.asarray(ids), np.asarray(codes)
    if (codes < 0).any():
        keep = codes >= 0
        ids, codes = ids[keep], codes[keep]
    if not len(codes):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    # one number per pair, the group in the high bits (shifts and masks, not divisions),
    # in 32 bits when they fit (half the memory to sort), computed in place: no
    # full-length temporary besides the pairs themselves
    bits = int(codes.max()).bit_length()
    n_groups = int(ids.max()) + 1
    pairs = ids.astype(np.int32 if n_groups << bits <= 2**31 else np.int64)
    np.left_shift(pairs, bits, out=pairs)
    np.bitwise_or(pairs, codes, out=pairs, casting="unsafe")
    runs = _runs(np.take(lead, ids)) if lead is not None else None
    if runs is not None:
        pieces, runs = runs
        if pieces is not None:  # the runs laid out in increasing lead
            pairs = np.concatenate([pairs[start:end] for start, end in pieces])
    pairs = _sorted(pairs, runs)
    new = np.empty(len(pairs), bool)
    new[0] = True
    np.not_equal(pairs[1:], pairs[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    del new
    unique = pairs[starts]
    rows = np.diff(starts, append=len(pairs))
    del pairs, starts
    group = np.right_shift(unique, bits).astype(np.int64)
    return group, np.bitwise_and(unique, (1 << bits) - 1).astype(np.int64), rows


def _runs(lead: np.ndarray) -> tuple[list | None, np.ndarray] | None:
    """Cut the rows into runs of one ``lead``, and lay the runs out in increasing lead.

    Returns the runs' (start, end) in increasing lead (``None`` when they already are in
    that order), and where each lead starts once they are so laid out, then the end;
    ``None`` when the runs are too short to be sorted one by one (rows in no order).
    """
    n = len(lead)
    change = lead[1:] != lead[:-1]
    if np.count_nonzero(change) > n // _SHORTEST_RUN:
        return None
    starts = np.concatenate([[0], np.flatnonzero(change) + 1])
    ends = np.append(starts[1:], n)
    order = np.argsort(lead[starts], kind="stable")
    ranked = lead[starts][order]
    at = np.concatenate([[0], np.cumsum((ends - starts)[order])[:-1]])
    first = np.concatenate([[True], ranked[1:] != ranked[:-1]])
    laid_out = bool((order == np.arange(len(order))).all())
    pieces = None if laid_out else list(zip(starts[order], ends[order], strict=True))
    return pieces, np.append(at[first], n)


def _sorted(pairs: np.ndarray, runs: np.ndarray | None = None) -> np.ndarray:
    """Sort ``pairs`` in place, on two threads when long (NumPy sorts without the GIL).

    ``runs`` (starts and end) cut the pairs into runs each below the next: each is
    sorted on its own, the runs shared between the threads. Otherwise the numbers below
    about their median and the rest are sorted apart, each in its place in one output
    array (the lower part first), so the whole is sorted.
    """
    if runs is not None:
        cut = int(np.searchsorted(runs, len(pairs) // 2)) if len(pairs) >= _PARALLEL_SORT else 0
        halves = [runs[: cut + 1], runs[cut:]] if cut else [runs]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(functools.partial(_sort_runs, pairs), halves))
        return pairs
    if len(pairs) < _PARALLEL_SORT:
        pairs.sort()
        return pairs
    sample = pairs[:: max(len(pairs) // 4096, 1)]  # its median: two parts of about one size
    middle = pairs.dtype.type(np.median(sample))
    low = pairs < middle
    below = int(np.count_nonzero(low))
    out = np.empty_like(pairs)
    np.compress(low, pairs, out=out[:below])
    np.compress(np.logical_not(low, out=low), pairs, out=out[below:])
    del low
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(np.ndarray.sort, [out[:below], out[below:]]))
    return out


def _sort_runs(pairs: np.ndarray, runs: np.ndarray) -> None:
    for start, end in itertools.pairwise(runs):
        pairs[start:end].sort()


def distinct_count(ids: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """How many distinct values occur in each of the ``n`` groups numbered ``ids``.

    ``codes`` are the values' integer codes (``pd.factorize``; −1 for missing values,
    which are not counted); see :func:`pair_counts`.

    Examples
    --------
    >>> codes, _ = pd.factorize(pd.Series(["a", "b", "a", None]))
    >>> distinct_count(np.array([0, 0, 1, 0]), codes, 2).tolist()
    [2, 1]
    """
    groups, _, _ = pair_counts(ids, codes)
    return np.bincount(groups, minlength=n).astype(np.int64)


def _codes(s: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Sorted codes of a key column, missing values last, and the values they stand for.

    Categories (periods, categories) and small nullable integers (tiers) keep narrow
    codes: fewer bytes to fold into the group numbers than ``key_codes``' int64.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes, values = s.cat.codes.to_numpy(), pd.Series(s.cat.categories, dtype=s.dtype)
    elif _small_integers(s):
        (codes,), values = _offsets([s])
        return codes, values
    else:
        codes, values = key_codes(s, sort=True)
    if len(codes) and codes.min() < 0:
        codes = np.where(codes < 0, len(values), codes)
        values = pd.concat([values, pd.Series([None], dtype=s.dtype)], ignore_index=True)
    return codes, values


def _small_integers(s: pd.Series) -> bool:
    """Whether ``s`` holds nullable integers of one or two bytes (tiers), some present."""
    return (
        isinstance(s.array, pd.arrays.IntegerArray)
        and s.dtype.numpy_dtype.itemsize <= 2
        and bool(s.notna().any())
    )


def _offsets(columns: Sequence[pd.Series]) -> tuple[list[np.ndarray], pd.Series]:
    """Code small integers (:func:`_small_integers`) by their offset from the smallest of all.

    Missing values take the code after the largest value's, where the values (in the
    first column's dtype) end with a missing one.
    """
    lo, hi = min(int(c.min()) for c in columns), max(int(c.max()) for c in columns)
    codes = []
    for column in columns:
        code = column.array.to_numpy(dtype=np.int32, na_value=hi + 1)
        np.subtract(code, lo, out=code)
        codes.append(code)
    values = pd.Series(np.arange(lo, hi + 1)).astype(columns[0].dtype)
    if any(c.hasnans for c in columns):
        values = pd.concat([values, pd.Series([None], dtype=values.dtype)], ignore_index=True)
    return codes, values


def group_numbers(df: pd.DataFrame, keys: Sequence[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Give each row the number of its group over ``keys``; return the numbers and groups.

    Groups are numbered in sorted key order (categories in their own order, missing
    values last); ``groups`` has one row per group that occurs, with the key columns
    in their original dtypes, so ``groups.iloc[ids]`` gives back each row's keys.

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["y", "x", "y"], "b": [1, 1, 2]})
    >>> ids, groups = group_numbers(df, ["a", "b"])
    >>> ids.tolist()
    [1, 0, 2]
    >>> groups
       a  b
    0  x  1
    1  y  1
    2  y  2
    """
    keys = list(keys)
    if not keys:
        return np.zeros(len(df), np.int64), pd.DataFrame(index=pd.RangeIndex(1 if len(df) else 0))
    coded = [_codes(df[k]) for k in keys]
    sizes = [len(values) for _, values in coded]
    if float(np.prod([s + 1 for s in sizes], dtype=float)) >= 2.0**62:
        raise ParameterError(
            f"keys={keys}: {' × '.join(str(s) for s in sizes)} distinct values make too many "
            "combinations to number (at most 2**62); group by fewer or coarser columns"
        )
    cells = math.prod(sizes)  # a fresh array, in 32 bits when the cells allow, combined in place
    combined = coded[0][0].astype(np.int32 if cells < 2**31 else np.int64)
    for codes, size in zip([c for c, _ in coded[1:]], sizes[1:], strict=True):
        np.multiply(combined, size, out=combined)
        np.add(combined, codes, out=combined, casting="unsafe")
    values_of = [values for _, values in coded]
    del coded  # the per-key codes, folded in
    ids, unique = _occupied(combined, cells)
    del combined
    columns = {}
    rest = unique
    for k, values, size in reversed(list(zip(keys, values_of, sizes, strict=True))):
        columns[k] = values.take(rest % size).reset_index(drop=True)
        rest = rest // size
    return ids, pd.DataFrame({k: columns[k] for k in keys})


def _occupied(combined: np.ndarray, cells: int) -> tuple[np.ndarray, np.ndarray]:
    """Give the cells that occur in ``combined`` (each in ``[0, cells)``) codes 0 … k-1, in order.

    A table of the cells when there are few (a count of each cell, no sort); see
    :func:`~microcommerce.core._keys.dense_codes`.
    """
    if cells > max(4 * len(combined), 1 << 16):
        return dense_codes(combined)
    step = _CHUNK if cells <= _CHUNK else max(len(combined), 1)  # bincount widens: in chunks
    present = np.zeros(cells, bool)
    for start in range(0, len(combined), step):
        present |= np.bincount(combined[start : start + step], minlength=cells) > 0
    return np.take(np.cumsum(present) - 1, combined), np.flatnonzero(present)


# ---------------------------------------------------------------------------
# Partial aggregates: the one definition of every analysis, for pandas and Dask
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """A partial aggregate: sums per group, and the distinct (group, member) pairs.

    Every analysis is written as *partial* (rows → :class:`Totals`) and *finalise*
    (:class:`Totals` → result). On a pandas frame the partial covers all rows; on
    a Dask frame each partition gives one and :func:`combine_totals` merges them,
    giving exactly what the partial of all rows would have given (sums are of whole
    numbers: fen, units, counts). Distinct counts — active sellers — are not
    additive across partitions, so the pairs themselves are carried and merged.

    Attributes
    ----------
    groups
        The key columns, then one column per sum; one row per group, in sorted key
        order (see :func:`group_numbers`).
    keys
        The key columns' names.
    pair_group, pair_member, pair_rows
        One entry per distinct (group, member) pair: the group's row in ``groups``,
        the member's position in ``members`` and how many rows the pair had.
    members
        The distinct members (e.g. seller ids) the pairs refer to.
    counted
        ``min_rows`` → members per group with at least that many rows, as an engine
        that counts them itself (DuckDB) gave them; such a partial carries no pairs and
        is final (it cannot be merged with another).
    """

    groups: pd.DataFrame
    keys: tuple[str, ...]
    pair_group: np.ndarray
    pair_member: np.ndarray
    pair_rows: np.ndarray
    members: pd.Series
    counted: Mapping[int, np.ndarray] = field(default_factory=dict)

    def distinct(self, min_rows: int = 1) -> np.ndarray:
        """How many members each group has with at least ``min_rows`` rows."""
        if self.counted:
            return self.counted[min_rows]
        busy = self.pair_group[self.pair_rows >= min_rows]
        return np.bincount(busy, minlength=len(self.groups)).astype(np.int64)


_NO_MEMBERS = pd.Series([], dtype="str")


def _summed(ids: np.ndarray, n: int, values: np.ndarray | None) -> np.ndarray:
    """Sum of ``values`` (row counts if None) per group; integers summed as integers.

    Integers are added in int64 with ``np.add.at`` (exact; its fast loop wants int64
    values, so narrower ones and flags are widened first, a chunk at a time: no
    full-length copy); floats with ``np.bincount``, in row order.
    """
    if values is None:
        return np.bincount(ids, minlength=n).astype(np.int64)
    if values.dtype.kind in "iub":
        total = np.zeros(n, np.int64)
        if values.dtype == np.int64:  # NumPy's own int64: an equal dtype object (unpickled
            values = values.view(np.int64)  # arrays) takes np.add.at's loop 30x slower
        step = _CHUNK if values.dtype != np.int64 else max(len(values), 1)
        for start in range(0, len(values), step):
            end = start + step
            np.add.at(total, ids[start:end], values[start:end].astype(np.int64, copy=False))
        return total
    return np.bincount(ids, values, minlength=n)


def totals(
    keys: pd.DataFrame,
    sums: Mapping[str, np.ndarray | None] | None = None,
    *,
    members: pd.Series | None = None,
) -> Totals:
    """Sum ``sums`` over the groups of ``keys``; pair each group with its ``members``.

    Parameters
    ----------
    keys
        One row per input row: the columns to group by. A categorical of dates
        (:func:`period_categories`: fast to group) comes back as dates, so that
        partials over different date ranges combine.
    sums
        Name → values per row (``None``: count the rows). Integer values are summed
        as integers (exact below 2**53), floats as floats — give money in whole fen.
    members
        Who each row belongs to (e.g. ``seller_id``); missing members are not paired.

    Examples
    --------
    >>> keys = pd.DataFrame({"month": [1, 1, 2]})
    >>> t = totals(keys, {"rows": None, "fen": np.array([100, 250, 75])},
    ...            members=pd.Series(["a", "b", "a"]))
    >>> t.groups
       month  rows  fen
    0      1     2  350
    1      2     1   75
    >>> t.distinct().tolist()
    [2, 1]
    """
    sums = dict(sums or {})
    with ThreadPoolExecutor(max_workers=2) as pool:
        # coding the members (ten million seller ids) is the slowest step; NumPy and Arrow
        # do it without holding the GIL, so it runs on other threads while this one sums
        coded = _member_codes(members, pool) if members is not None else None
        ids, groups = group_numbers(keys, list(keys.columns))
        for column in groups.columns:  # periods coded on this part's calendar: back to dates
            dtype = groups[column].dtype
            if isinstance(dtype, pd.CategoricalDtype) and dtype.categories.dtype.kind == "M":
                groups[column] = groups[column].astype(_DATETIME)
        n = len(groups)
        for name, values in sums.items():
            groups[name] = _summed(ids, n, None if values is None else np.asarray(values))
        if coded is None:
            return Totals(groups, tuple(keys.columns), *(np.zeros(0, np.int64),) * 3, _NO_MEMBERS)
        codes, uniques = coded()
    group, member, rows = pair_counts(ids, codes, _leading(groups, list(keys.columns)))
    values = pd.Series(uniques, dtype=members.dtype).reset_index(drop=True)
    return Totals(groups, tuple(keys.columns), group, member, rows, values)


def stacked_totals(
    keys: Sequence[str],
    sides: Sequence[tuple[Sequence[pd.Series], np.ndarray | None, Mapping[str, np.ndarray]]],
) -> Totals:
    """Sum several sides of the same rows, as :func:`totals` of the sides stacked, unstacked.

    Each side is ``(columns, reached, sums)``: one Series per key (the same rows on every
    side; a Series shared by sides — the same object — is coded once), which rows the
    side has (``None``: all) and name → whole numbers per row (a name a side lacks adds
    0). The result equals :func:`combine_totals` of :func:`totals` of each side's reached
    rows — groups no reached row of any side has are left out — without copying a side.
    One numbering serves all sides: each key's values unified across the columns that
    hold it (cast to the first side's dtype), and the rows a side does not reach go to a
    spare cell.

    Examples
    --------
    >>> tier, to = pd.Series([1, 2, 2]), pd.Series([2, 3, 3])
    >>> qty = np.array([5, 7, 9])
    >>> stacked_totals(["tier"], [([tier], None, {"sold": qty}),
    ...                           ([to], np.array([True, False, True]), {"bought": qty})]).groups
       tier  sold  bought
    0     1     5       0
    1     2    16       5
    2     3     0       9
    """
    keys = list(keys)
    n_rows = len(sides[0][0][0])
    coded = [_stacked_codes([side[0][j] for side in sides]) for j in range(len(keys))]
    sizes = [len(values) for _, values in coded]
    cells = math.prod(sizes)
    side_codes = [[codes[i] for codes, _ in coded] for i in range(len(sides))]
    reached = [None if r is None else np.asarray(r, bool) for _, r, _ in sides]
    if (cells + 1) * 8 <= _CHUNK:  # few cells: rows numbered and summed a chunk at a time,
        n, cell_of = cells + 1, np.arange(cells + 1)  # in the processor's cache
        numbered = (
            (i, rows, _cell_numbers(side_codes[i], sizes, reached[i], rows))
            for rows in (slice(at, at + _CHUNK) for at in range(0, max(n_rows, 1), _CHUNK))
            for i in range(len(sides))
        )
    else:  # the cells that occur numbered 0 … k-1 over all sides at once
        everything = slice(None)
        numbers = [
            _cell_numbers(c, sizes, r, everything) for c, r in zip(side_codes, reached, strict=True)
        ]
        all_ids, cell_of = _occupied(np.concatenate(numbers), cells + 1)
        del numbers
        n = len(cell_of)
        numbered = (
            (i, everything, all_ids[i * n_rows : (i + 1) * n_rows]) for i in range(len(sides))
        )
    hit = np.zeros(n, bool)
    sums: dict[str, np.ndarray] = {}
    for i, rows, ids in numbered:
        hit |= np.bincount(ids, minlength=n) > 0
        for name, values in sides[i][2].items():
            sums[name] = sums.get(name, 0) + _summed(ids, n, np.asarray(values)[rows])
    hit &= cell_of < cells
    rest, frame = cell_of[hit], {}
    for k, (_, values), size in reversed(list(zip(keys, coded, sizes, strict=True))):
        frame[k] = values.take(rest % size).reset_index(drop=True)
        rest = rest // size
    small = pd.DataFrame({k: frame[k] for k in keys})
    return totals(small, {name: total[hit] for name, total in sums.items()})


def _cell_numbers(
    codes: Sequence[np.ndarray], sizes: Sequence[int], reached: np.ndarray | None, rows: slice
) -> np.ndarray:
    """Give ``rows`` of one side their cells' numbers from its keys' codes (unreached: spare)."""
    number = codes[0][rows].astype(np.int64)  # int64: the fastest index of np.add.at
    for code, size in zip(codes[1:], sizes[1:], strict=True):
        np.multiply(number, size, out=number)
        np.add(number, code[rows], out=number, casting="unsafe")
    if reached is not None:
        np.putmask(number, ~reached[rows], math.prod(sizes))  # the spare cell
    return number


def _stacked_codes(columns: Sequence[pd.Series]) -> tuple[list[np.ndarray], pd.Series]:
    """Code one key held in a column per side: codes per side, values unified (see ``_codes``)."""
    distinct = [c for i, c in enumerate(columns) if not any(c is d for d in columns[:i])]
    which = [next(i for i, d in enumerate(distinct) if c is d) for c in columns]
    if len(distinct) > 1 and all(_small_integers(c) for c in distinct):  # tiers: one offset
        codes, values = _offsets(distinct)
        return [codes[i] for i in which], values
    coded = [_codes(column) for column in distinct]
    codes, values = [c for c, _ in coded], coded[0][1]
    if len(distinct) > 1:  # the values of all columns, numbered once: codes renumbered
        stacked = pd.concat([v.astype(columns[0].dtype) for _, v in coded], ignore_index=True)
        ids, groups = group_numbers(stacked.to_frame("key"), ["key"])
        at = np.cumsum([0] + [len(v) for _, v in coded])
        codes = [np.take(ids[at[i] : at[i + 1]], c) for i, c in enumerate(codes)]
        values = groups["key"]
    return [codes[i] for i in which], values


def _leading(groups: pd.DataFrame, keys: list[str]) -> np.ndarray | None:
    """Give each group the code of its first key, non-decreasing (see :func:`pair_counts`)."""
    if not keys:
        return None
    lead, _ = pd.factorize(groups[keys[0]], use_na_sentinel=False)
    return lead.astype(np.int32) if (np.diff(lead) >= 0).all() else None  # 4 bytes a row


def _member_codes(members: pd.Series, pool: ThreadPoolExecutor) -> Callable[[], tuple]:
    """Start coding the members on ``pool``; return the call that waits for the codes."""
    return pool.submit(_coded_members, members, pool).result


def _coded_members(members: pd.Series, pool: ThreadPoolExecutor) -> tuple[np.ndarray, object]:
    """Code the members: ids of one width by arithmetic, others by ``pd.factorize``.

    Any numbering serves (only which rows share a member matters). Ids of one width
    (:func:`~microcommerce.core._keys.fixed_width_codes`) are coded without hashing their
    text; other members are hashed, the two halves of a long column on two threads, the
    second half's codes renumbered through the first's: codes in order of first
    appearance over the whole column, exactly as one ``pd.factorize`` gives them.
    """
    coded = fixed_width_codes(members, sort=False)
    if coded is not None:
        return coded
    if len(members) < _PARALLEL_SORT:
        return pd.factorize(members)
    half = len(members) // 2
    second = pool.submit(pd.factorize, members.iloc[half:])
    codes1, uniques1 = pd.factorize(members.iloc[:half])
    codes2, uniques2 = second.result()
    both = pd.concat([pd.Series(uniques1), pd.Series(uniques2)], ignore_index=True)
    renumber, uniques = pd.factorize(both)
    codes = np.empty(len(members), np.intp)
    codes[:half] = codes1
    # -1 (a missing member) takes the appended -1, even when the half has no members
    codes[half:] = np.append(renumber[len(uniques1) :], -1)[codes2]
    return codes, uniques


def combine_totals(parts: Sequence[Totals]) -> Totals:
    """Merge partial aggregates of disjoint sets of rows into the aggregate of all of them.

    Sums of the same group are added, pairs of the same group and member merged
    (their row counts added), and groups come out in sorted key order, so the result
    equals :func:`totals` over all the rows at once.

    Examples
    --------
    >>> a = totals(pd.DataFrame({"k": ["x", "y"]}), {"n": None}, members=pd.Series(["s", "t"]))
    >>> b = totals(pd.DataFrame({"k": ["x"]}), {"n": None}, members=pd.Series(["t"]))
    >>> both = combine_totals([a, b])
    >>> both.groups["n"].tolist(), both.distinct().tolist()
    ([2, 1], [2, 1])
    """
    parts = list(parts)
    if not parts:
        raise ParameterError("combine_totals: parts=[]: expected at least one partial aggregate")
    if len(parts) == 1:
        return parts[0]
    if any(p.counted for p in parts):
        raise ParameterError("combine_totals: a partial with counted members cannot be merged")
    keys = parts[0].keys
    if any(
        p.keys != keys or list(p.groups.columns) != list(parts[0].groups.columns) for p in parts
    ):
        raise ParameterError(
            f"combine_totals: parts: expected partial aggregates of the same keys and columns "
            f"as the first ({list(keys)}, {list(parts[0].groups.columns)})"
        )
    stacked = _concat([p.groups for p in parts])
    ids, groups = group_numbers(stacked, list(keys))
    n = len(groups)
    for name in stacked.columns.difference(list(keys), sort=False):
        groups[name] = _summed(ids, n, stacked[name].to_numpy())
    # members: one coding for all parts, then the pairs re-numbered and merged
    members = pd.concat([p.members for p in parts], ignore_index=True)
    member_codes, uniques = pd.factorize(members)
    group_at = np.cumsum([0] + [len(p.groups) for p in parts])
    member_at = np.cumsum([0] + [len(p.members) for p in parts])
    pair_group = np.concatenate([ids[group_at[i] + p.pair_group] for i, p in enumerate(parts)])
    pair_member = np.concatenate(
        [member_codes[member_at[i] + p.pair_member] for i, p in enumerate(parts)]
    )
    rows = np.concatenate([p.pair_rows for p in parts])
    if not len(rows):
        return Totals(groups, keys, *(np.zeros(0, np.int64),) * 3, _NO_MEMBERS)
    width = int(pair_member.max()) + 1
    pair = pair_group * width + pair_member
    order = np.argsort(pair, kind="stable")
    pair, rows = pair[order], rows[order]
    starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]]))
    unique = pair[starts]
    values = pd.Series(uniques, dtype=members.dtype).reset_index(drop=True)
    return Totals(
        groups,
        keys,
        unique // width,
        unique % width,
        np.add.reduceat(rows, starts).astype(np.int64),
        values,
    )


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack frames of the same columns, keeping each column's dtype where they agree."""
    out = pd.concat(frames, ignore_index=True)
    for column in out.columns:
        dtypes = {f[column].dtype for f in frames}
        if len(dtypes) == 1 and out[column].dtype != frames[0][column].dtype:
            out[column] = out[column].astype(frames[0][column].dtype)
    return out
