"""Formula injection: text cells a spreadsheet would run, quoted so it shows them as text.

Excel, LibreOffice and WPS read a text cell starting with ``=``, ``+``, ``-`` or ``@``
as a formula, and a leading tab or carriage return can hide such a start; a seller
name like ``=HYPERLINK(…)`` in an export could then run when the file is opened.
Following the OWASP advice on CSV injection, :func:`neutralise_formulas` puts a single
quote ``'`` before every such text cell, column name and index label — unless the
text is a plain number (``-12.5``, ``+3``, ``-1e3``: nothing to run).
:func:`microcommerce.io.write_table` applies it to every ``.csv`` and ``.xlsx`` it
writes (``safe=True``).

Examples
--------
>>> import pandas as pd
>>> neutralise_formulas(pd.DataFrame({"note": ["=1+2", "-12.5", "ok"]}))["note"].tolist()
["'=1+2", '-12.5', 'ok']
"""

from __future__ import annotations

import datetime
import numbers
import re

import numpy as np
import pandas as pd

__all__ = ["neutralise_formulas"]


def neutralise_formulas(df: pd.DataFrame, *, index: bool = False) -> pd.DataFrame:
    """Quote formula-like text in the cells, column names and (``index=True``) index.

    Numeric, date and boolean values are untouched, and so is ``df`` itself: a new
    frame is returned.

    Text columns (object, ``str``, categorical) are tested once per distinct value and
    the answer broadcast to the rows; columns with nothing to quote are not copied.

    Parameters
    ----------
    df : DataFrame
        The table about to be written for a spreadsheet (``.csv`` or ``.xlsx``).
    index : bool, default False
        Quote the index labels and names too (when the index is written).

    Returns
    -------
    DataFrame
        A new frame: each text that a spreadsheet could read as a formula (it
        starts with ``=``, ``+``, ``-`` or ``@``, half or full width, perhaps
        behind blanks, and is not a plain number) gets a ``'`` in front.

    Examples
    --------
    >>> df = pd.DataFrame({"=total": ["+86 138", "-3"], "n": [-1, 2]},
    ...                   index=pd.Index(["@a", "b"], name="-id"))
    >>> neutralise_formulas(df, index=True)
              '=total  n
    '-id
    '@a     '+86 138 -1
    b              -3  2
    """
    out = df.copy(deep=False)  # copy-on-write: only replaced columns take new memory
    for i in range(df.shape[1]):
        column = _neutralised(df.iloc[:, i])
        if column is not None:
            out.isetitem(i, column)
    out.columns = _neutralised_index(df.columns)
    if index:
        out.index = _neutralised_index(df.index)
    return out


# A cell is quoted when its text, after any run of blank-looking characters (spaces,
# tab, CR, LF, no-break space, ideographic space U+3000, byte-order mark U+FEFF, zero-width
# spaces and joiners U+200B-U+200D, word joiner U+2060), starts with = + - @ or their
# full-width forms U+FF1D U+FF0B U+FF0D U+FF20 — unless it is a plain number. A tab, CR or
# LF at the start is quoted whatever follows (OWASP). The classes hold the characters
# themselves (not \u escapes), so the patterns mean the same in Python's re and in RE2
# (pyarrow strings); [0-9] rather than \d, which is Unicode-wide in Python.
_BLANKS = "[ \t\r\n\u00a0\u3000\ufeff\u200b\u200c\u200d\u2060]"
_TRIGGERS = "[=+\\-@\uff1d\uff0b\uff0d\uff20]"
_FORMULA_START = f"(?:{_BLANKS}*{_TRIGGERS}|[\t\r\n])"
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_FORMULA_START_RE = re.compile(_FORMULA_START)
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)
#: Cells of these types are values, never text a spreadsheet parses: left alone.
_VALUES = (numbers.Number, datetime.date, datetime.time, datetime.timedelta, np.generic, bytes)


def _formula_like(values: pd.Index | pd.Series) -> np.ndarray:
    r"""Tell which of ``values`` are text a spreadsheet would take for a formula.

    Examples
    --------
    >>> _formula_like(pd.Index(["=1+2", "-12.5", "+3", "-1e3", "-", "+86 138", "\t=x", "a"]))
    array([ True, False, False, False,  True,  True,  True, False])
    >>> _formula_like(pd.Index(["＝1+2", " =A1", "\u3000@x", "\u200b-1", "a=b"]))
    array([ True,  True,  True,  True, False])
    >>> _formula_like(pd.Index(["@SUM(A1)", -5, None], dtype=object))  # numbers are values
    array([ True, False, False])
    """
    if pd.api.types.is_object_dtype(values.dtype):
        values = _as_text(values)
    try:
        text = values.str
    except AttributeError:  # no text at all (numbers, dates …)
        return np.zeros(len(values), dtype=bool)
    flagged = np.array(text.match(_FORMULA_START, na=False), dtype=bool)  # a writable copy
    if flagged.any():  # the rarer, dearer test only where needed
        number = values[flagged].str.fullmatch(_PLAIN_NUMBER, na=False)
        flagged[flagged] = ~np.asarray(number, dtype=bool)
    return flagged


def _as_text(values: pd.Index | pd.Series) -> pd.Index | pd.Series:
    """Give object ``values`` as the text a CSV writer writes for them.

    ``str(cell)`` for any object that is not a value (number, date, bytes) or missing;
    those become missing.
    """
    cells = values.to_numpy(dtype=object)
    text = np.array(
        [
            cell
            if isinstance(cell, str)
            else None
            if cell is None or isinstance(cell, _VALUES) or cell is pd.NA or cell is pd.NaT
            else str(cell)
            for cell in cells
        ],
        dtype=object,
    )
    return (
        type(values)(text, dtype=object)
        if isinstance(values, pd.Index)
        else pd.Series(text, index=values.index, dtype=object)
    )


def _neutralised(values: pd.Series) -> pd.Series | None:
    """``values`` with each formula-like text quoted, or None if there is none.

    A string column is tested with vectorised string methods; an object column one
    distinct value at a time (:func:`pandas.factorize`), a categorical one by its
    categories, and the answer broadcast to the rows.

    Examples
    --------
    >>> _neutralised(pd.Series(["=A1", None, "b", "=A1"])).tolist()
    ["'=A1", nan, 'b', "'=A1"]
    >>> _neutralised(pd.Series(["-12.5", "b"])) is None
    True
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        flagged = _formula_like(categories)
        if not flagged.any():
            return None
        quoted = categories.where(~flagged, "'" + categories.astype(str))
        if quoted.is_unique:
            return values.cat.rename_categories(quoted)
        values = values.astype(object)  # both "=x" and "'=x" were categories
    elif not pd.api.types.is_string_dtype(values.dtype):  # object columns included
        return None
    if not pd.api.types.is_object_dtype(values.dtype):  # a string dtype: vectorised
        rows = _formula_like(values)
        return values.mask(rows, ("'" + values).array) if rows.any() else None
    try:
        codes, uniques = pd.factorize(values)
    except TypeError:  # unhashable cells (lists, dicts): one by one, rare enough
        cells = [_neutralised_label(cell) for cell in values.to_numpy(dtype=object)]
        return pd.Series(cells, index=values.index, name=values.name, dtype=object)
    flagged = _formula_like(pd.Index(uniques, dtype=object))
    if not flagged.any():
        return None
    rows = np.zeros(len(values), dtype=bool)
    known = codes >= 0
    rows[known] = flagged[codes[known]]
    quoted = np.asarray(uniques, dtype=object).copy()
    quoted[flagged] = "'" + _as_text(pd.Index(quoted[flagged], dtype=object))
    cells = values.to_numpy(dtype=object, copy=True)
    cells[rows] = quoted[codes[rows]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def _neutralised_label(label: object) -> object:
    """``label`` quoted if its text is formula-like (numbers and dates left alone)."""
    if label is None or isinstance(label, _VALUES):
        return label
    text = label if isinstance(label, str) else str(label)
    if _FORMULA_START_RE.match(text) and not _PLAIN_NUMBER_RE.fullmatch(text):
        return "'" + text
    return label


def _neutralised_index(index: pd.Index) -> pd.Index:
    """``index`` (values and names) with formula-like text quoted; levels one by one."""
    names = [_neutralised_label(name) for name in index.names]
    if isinstance(index, pd.MultiIndex):
        levels = index.to_frame(index=False, allow_duplicates=True)
        fixed = [_neutralised(levels.iloc[:, i]) for i in range(levels.shape[1])]
        for i, level in enumerate(fixed):
            if level is not None:
                levels.isetitem(i, level)
        if all(level is None for level in fixed):
            return index.set_names(names)
        return pd.MultiIndex.from_frame(levels, names=names)
    dtype = index.dtype
    text = pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)
    fixed = _neutralised(pd.Series(index)) if text else None  # no RangeIndex materialised
    return (index if fixed is None else pd.Index(fixed)).set_names(names)
