"""Reading an export: the entry points, which check the file and pick the reader."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.errors import ParameterError, UnsupportedFormatError
from microcommerce.io._csv import _check_width, _read_text, _text_chunks, _text_options
from microcommerce.io._encoding import _stream_encoding
from microcommerce.io._excel import _read_xlsx
from microcommerce.io._parquet import _parquet_chunks, _read_parquet
from microcommerce.io._source import _SNIFF_BYTES, Limits, PathArg, SourceInfo, _checked_file


def read_table(
    path: PathArg,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    limits: Limits | None = None,
    **kw: Any,
) -> pd.DataFrame:
    r"""Read an export: text columns for csv/tsv/txt/xlsx, typed columns for parquet.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (comma), ``.tsv`` (tab), ``.txt`` (delimiter sniffed among
        ``, tab ; |``), ``.xlsx`` or ``.parquet`` file.
    sheet : str or int, optional
        The sheet of an ``.xlsx`` workbook, by name or 0-based position (default:
        the first). Ignored for other formats.
    encoding : str, optional
        Force an encoding for text files instead of sniffing one of
        :data:`ENCODINGS`. Ignored for ``.xlsx`` and ``.parquet``.
    limits : Limits, optional
        Caps on hostile files (:class:`Limits`: header width, workbook size and cells),
        checked before parsing; the defaults when None.
    **kw : dict
        Passed on to :func:`pandas.read_csv`, :func:`pandas.read_excel` or
        :func:`pandas.read_parquet`; they override the text defaults
        (``dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False``).

    Returns
    -------
    pandas.DataFrame
        With ``attrs["source"]`` a :class:`SourceInfo`: the path as given, the
        extension without dot, the encoding used (None for xlsx and parquet), the
        source row of the first data row (2 with the header on row 1; None for
        parquet, and when list or callable ``header=``/``skiprows=`` make it
        unknowable), the sheet of an xlsx file and the ragged rows of a text file
        (see Notes).

    Raises
    ------
    FileNotFoundInputError, UnsupportedFormatError, EmptyFileError, DecodeError
        As named; all are :class:`~microcommerce.errors.InputError`.
    HeaderOnlyError
        A csv/tsv/txt/xlsx with a header row and no data row.
    DelimiterError
        A ``.csv`` whose header has no comma but another delimiter (or a ``.tsv``
        without tabs): pass ``sep=`` or name it ``.txt`` to have it sniffed.
    CorruptFileError
        An ``.xlsx`` that is really a CSV, an old ``.xls`` or another zip; a
        damaged Parquet file.
    SheetNotFoundError
        No such sheet; the message lists the sheets.
    InputError
        Another malformed table (a quoted cell never closed), an unknown encoding;
        a file past ``limits``; a symbolic-link loop, a FIFO, a device or a folder
        (named as such); a file whose writing with others was interrupted.

    Notes
    -----
    **Ragged rows.** A row with more cells than the header — an unquoted comma in
    ``1,280``, a stray delimiter — does not fail the file: the row is kept in its
    place with its surplus cells joined (by the delimiter) into its last cell, so
    nothing is lost, and ``attrs["source"].ragged`` lists it (a :class:`RaggedRows`:
    0-based data-row positions, cells found, header width). Cleaning rejects such
    rows with their row number and the good rows are used. Extra cells that are
    empty (a trailing delimiter) are not counted.
    A row with *fewer* cells than the header reads with the missing cells empty,
    as a spreadsheet shows it.

    Excel cells are text as pandas renders the *stored* value, not the displayed
    format: a number cell ``12`` formatted ``0012`` reads as ``12``, a date cell as
    ``2014-03-05 00:00:00``. Only cells stored as text keep their leading zeros.

    Examples
    --------
    >>> read_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    microcommerce.errors.FileNotFoundInputError: no/such/file.csv: no such file
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = path.write_text("订单号,金额\nA1,1280\nA2,1,280\n", encoding="utf-8")
    >>> df = read_table(path)
    >>> df["金额"].tolist(), df.attrs["source"].ragged.rows.tolist()
    (['1280', '1,280'], [1])
    """
    p = Path(path)
    suffix = _checked_file(p, path)
    limits = limits or Limits()
    if suffix == ".xlsx":
        df, source = _read_xlsx(p, path, sheet, limits, **kw)
    elif suffix == ".parquet":
        df, source = _read_parquet(p, path, **kw)
    else:
        df, source = _read_text(p, path, encoding, limits, **kw)
    df.attrs["source"] = SourceInfo(os.fspath(path), suffix[1:], **source)
    return df


def read_table_chunks(
    path: PathArg,
    chunksize: int,
    *,
    encoding: str | None = None,
    progress: bool = False,
    limits: Limits | None = None,
    **kw: Any,
) -> Iterator[pd.DataFrame]:
    r"""Read a large ``.csv``/``.tsv``/``.txt`` or ``.parquet`` file ``chunksize`` rows at a time.

    Memory stays bounded by the chunk: the encoding is sniffed in one streaming pass
    (the same decision :func:`read_table` makes on the whole file), then the rows
    are parsed chunk by chunk. Each chunk is what :func:`read_table` would give for
    those rows — text columns, ragged rows kept and listed — with
    ``attrs["source"].first_row`` the file row of its first row, so that
    cleaning each chunk reports true row numbers.

    Parameters
    ----------
    path : str or Path
        The file. An ``.xlsx`` is refused: a sheet holds at most 1,048,576 rows,
        which :func:`read_table` reads whole.
    chunksize : int
        Rows per chunk (at least 1).
    encoding, limits, **kw : optional
        As for :func:`read_table`.
    progress : bool, default False
        Show a progress bar of the bytes read.

    Yields
    ------
    DataFrame
        Up to ``chunksize`` rows each, as :func:`read_table` gives them; the last
        may be shorter. ``attrs["source"]`` says where the chunk's rows start.

    Raises
    ------
    The errors of :func:`read_table`, before the first chunk is returned — except a
    malformed table found further in, raised when that chunk is reached.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "o.csv"
    >>> _ = path.write_text("订单号,金额\nA1,1\nA2,2\nA3,3\n", encoding="utf-8")
    >>> [(len(c), c.attrs["source"].first_row) for c in read_table_chunks(path, 2)]
    [(2, 2), (1, 4)]
    """
    p = Path(path)
    suffix = _checked_file(p, path)
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ParameterError(
            f"chunksize {chunksize!r}: expected a whole number of rows, at least 1"
        )
    if suffix == ".xlsx":
        raise UnsupportedFormatError(
            "an .xlsx workbook is read whole (a sheet holds at most "
            "1,048,576 rows): use read_table",
            path=path,
        )
    if suffix == ".parquet":
        return _parquet_chunks(p, path, chunksize, progress, **kw)
    encoding = _stream_encoding(p, encoding, path)
    with p.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    options = _text_options(suffix, head, encoding, kw, path)
    _check_width(lambda: p.open("rb"), encoding, options, (limits or Limits()).columns, path)
    line_bytes = (limits or Limits()).line_bytes
    chunks = _text_chunks(p, path, encoding, options, chunksize, progress, suffix, line_bytes)
    first = next(chunks, None)  # a header-only file fails here, not at the first loop
    return itertools.chain([] if first is None else [first], chunks)
