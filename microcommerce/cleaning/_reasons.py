"""Why rows were rejected: the reason codes, each row's first reason, counts by code and reason.

Every rejected row carries a ``reason`` in words, for people (``amount: '约300' — an
approximate figure (about)``), and a ``reason_code`` from :data:`REASON_CODES`, for
programs and tests: match on the code, never on the wording.

Examples
--------
>>> REASON_CODES["totals_row"]
'a totals row (合计, 总计, total …), not a record'
>>> rejected = pd.DataFrame({"reason": ["totals row", "amount: '约1' — approximate"],
...                          "reason_code": ["totals_row", "approximate_amount"]})
>>> code_counts(rejected)
{'totals_row': 1, 'approximate_amount': 1}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from microcommerce.cleaning import _schema as schema

__all__ = [
    "REASON_CODES",
    "code_counts",
    "code_lines",
    "coded",
    "first_reason",
    "reason_codes",
    "reason_counts",
    "where_first_seen",
]

#: The codes of rows that are no records, of values that cannot be used and of the
#: schema's column checks; the table checks' codes (``check:<code>``) are added below.
_CODES = {
    "above_header": "a title or other row above a header found lower down",
    "header_row": "the header row itself, found below the first row",
    "blank_row": "every cell empty",
    "no_mapped_values": "cells filled only in columns left out (a note in another column?)",
    "note_row": "a single filled cell: a note or a junk line, not a record",
    "totals_row": "a totals row (合计, 总计, total …), not a record",
    "ragged_row": "more cells than the header (an unquoted delimiter inside a value?)",
    "orphan_line": "a goods row with no order above it (continuation rows)",
    "bad_amount": "an amount that cannot be read as a number",
    "approximate_amount": "an approximate amount (约, 左右, 以上 …)",
    "not_yuan": "an amount in another currency than yuan",
    "bad_count": "a quantity or stock count that is not a whole number in range",
    "bad_date": "a date that cannot be read",
    "vague_date": "a date less precise than the column needs (a month for a day …)",
    "unknown_tier": "an agent tier not in the ladder (map it with aliases= or tiers=)",
    "unknown_platform": "a platform not in the taxonomy (map it with aliases=)",
    "unknown_category": "a category not in the taxonomy (map it with aliases=)",
    "unknown_kind": "an order kind other than sell_in (进货) or retail (零售)",
    "unknown_basis": "an amount basis other than paid or goods (a cleaned table's column)",
    "unknown_status": "an order status not known (map it with aliases=)",
    "unknown_after_sale": "an after-sale status not known (map it with aliases=)",
    "seller_is_customer": "a seller tier written as an end customer",
    "order_amount_differs": "the order amount differs between the lines of one order",
    "refund_missing": "partially refunded, but the export gives no refund amount",
    "missing_id": "an id (order, seller …) the table requires is empty",
    "missing_value": "a value the table requires (a date, an amount …) is empty",
    "out_of_range": "a value outside its column's bounds (a negative amount, tier 12 …)",
    "duplicate_key": "a key (order id and line …) reused with other values",
}


def _check_codes() -> dict[str, str]:
    """``check:<code>`` → the check's rule, for every row check of the canonical tables."""
    return {
        f"check:{c.code}": f"fails the {t.name} check: {c.name}"
        for t in schema.TABLES.values()
        for c in t.checks
    }


#: Every reason code → what it means, in one line.
REASON_CODES: dict[str, str] = {**_CODES, **_check_codes()}


def reason_codes() -> pd.DataFrame:
    """List the reason codes of rejected rows and what each means.

    Returns
    -------
    DataFrame
        ``code`` and ``meaning``, one row per code of :data:`REASON_CODES`.

    Examples
    --------
    >>> reason_codes().loc[2:3].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'code': 'blank_row', 'meaning': 'every cell empty'},
     {'code': 'no_mapped_values',
      'meaning': 'cells filled only in columns left out (a note in another column?)'}]
    """
    return pd.DataFrame({"code": list(REASON_CODES), "meaning": list(REASON_CODES.values())})


def coded(reasons: pd.Series, code: str | pd.Series) -> pd.DataFrame:
    """Put the reason code beside each reason: a frame of ``reason`` and ``reason_code``.

    Parameters
    ----------
    reasons
        The reasons in words, indexed by the rows they reject.
    code
        One code for them all, or one per row.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> coded(pd.Series(["blank row"], index=[4]), "blank_row")
          reason reason_code
    4  blank row   blank_row
    """
    return pd.DataFrame(
        {"reason": reasons.astype(object), "reason_code": code}, index=reasons.index
    ).astype({"reason_code": object})


def code_counts(rejected: pd.DataFrame) -> dict[str, int]:
    """Count rejected rows by reason code, most frequent first.

    Parameters
    ----------
    rejected
        Rejected rows with a ``reason_code`` column.

    Returns
    -------
    dict of str to int
    """
    counts = rejected["reason_code"].astype("str").value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def reason_counts(rejected: pd.DataFrame) -> dict[str, int]:
    """Count rows by reason, with the cell values taken out so that reasons group.

    A reason reads ``column: 'value' — why``; the value may hold quotes and dashes
    of its own, the column and the why (ours) do not, so the value runs to the last
    quote followed by a dash. Where a reused key was first seen is left out too.
    """
    return {str(k): int(v) for k, v in _general(rejected["reason"]).value_counts().items()}


def _general(reasons: pd.Series) -> pd.Series:
    """Take the cell values (and where a reused key was first seen) out of the reasons."""
    general = reasons.astype("str").str.replace(r"(?s)^([^:']*): '.*' — ", r"\1: ", regex=True)
    return general.str.replace(r" — key reused with other values, first seen.*$", "", regex=True)


def code_lines(rejected: pd.DataFrame, indent: str = "    ") -> list[str]:
    """Write the count of rejected rows by code, each code's reasons (values out) below it.

    Parameters
    ----------
    rejected
        Rejected rows with ``reason`` and ``reason_code``.
    indent
        Put before every line.

    Returns
    -------
    list of str
        Codes most frequent first; under each, its reasons in words, most frequent first.

    Examples
    --------
    >>> rejected = pd.DataFrame({"reason": ["totals row", "amount: '约1' — approximate (about)",
    ...     "amount: '约2' — approximate (about)"],
    ...     "reason_code": ["totals_row", "approximate_amount", "approximate_amount"]})
    >>> for line in code_lines(rejected):
    ...     print(line)
               2  approximate_amount
                     2  amount: approximate (about)
               1  totals_row
                     1  totals row
    """
    if rejected.empty:
        return []
    both = pd.DataFrame(
        {"code": rejected["reason_code"].astype("str"), "reason": _general(rejected["reason"])}
    )
    lines = []
    for code, n in both["code"].value_counts().items():
        lines.append(f"{indent}{n:>8,}  {code}")
        reasons = both.loc[both["code"] == code, "reason"].value_counts()
        lines += [f"{indent}{'':10}{k:>6,}  {why}" for why, k in reasons.items()]
    return lines


def where_first_seen(
    failures: pd.DataFrame, clean: pd.DataFrame, rownum: pd.Series, table: str
) -> pd.DataFrame:
    """Add to a repeated-key failure the source row where its key was first seen."""
    repeated = failures["check"].str.endswith(") is unique").to_numpy()
    if not repeated.any():
        return failures
    key = schema.key_of(clean, table)
    firsts = clean.loc[~clean.duplicated(key), key].assign(_first=lambda d: rownum[d.index])
    rows = failures.loc[repeated, "row"].to_numpy()
    found = clean.loc[rows, key].merge(firsts, on=key, how="left")["_first"].to_numpy()
    note = [
        f" — key reused with other values, first seen on row {int(r):,}" if pd.notna(r) else ""
        for r in found
    ]
    out = failures.copy()
    out.loc[repeated, "check"] = out.loc[repeated, "check"] + np.array(note, dtype=object)
    return out


#: The columns of a row's first problem.
_REASON_COLUMNS = ["column", "reason", "reason_code"]


def first_reason(reasons: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Keep the first problem of each row, in pipeline order.

    Parameters
    ----------
    reasons
        ``{column: reasons}``, each a sparse frame of ``reason`` and ``reason_code``
        (:func:`coded`) indexed by the rows it rejects.

    Returns
    -------
    DataFrame
        ``column``, ``reason`` and ``reason_code``, one row per row rejected.

    Examples
    --------
    >>> first_reason({"amount": coded(pd.Series(["a"], index=[2]), "bad_amount"),
    ...               "date": coded(pd.Series(["d", "e"], index=[2, 5]), "bad_date")})
      column reason reason_code
    2 amount      a  bad_amount
    5   date      e    bad_date
    """
    parts = [r.assign(column=col) for col, r in reasons.items() if r is not None and len(r)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _REASON_COLUMNS})
    every = pd.concat(parts)[_REASON_COLUMNS]
    return every[~every.index.duplicated()]
