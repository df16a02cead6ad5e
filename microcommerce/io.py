"""Read exports as raw text and write tables atomically.

:func:`read_table` reads ``.csv``, ``.tsv``, ``.txt``, ``.xlsx`` and ``.parquet``.
CSV-like and Excel files come back with **every column as text** (pandas ``str``),
empty cells missing and nothing else inferred — ``0012`` stays ``0012``, ``NA`` and
``null`` stay text — because deciding what a cell means is cleaning's job, done
with reasons. The encoding of a text file is sniffed among UTF-8 with a byte-order
mark, UTF-8 and GB18030 (the superset of GBK that Chinese Excel and back offices
write). ``df.attrs["source"]`` records the path, the format, the encoding used and
``first_row``, the source row of the first data row (the header being row 1).

Blank lines are **kept** as rows of missing values (``skip_blank_lines=False``), so
that data row ``i`` is always row ``first_row + i`` of the file and cleaning reports
can point at real rows (a multi-line quoted cell shifts the count, as in Excel).

:func:`write_table` writes ``.parquet``, ``.csv`` or ``.xlsx`` through a temporary
file in the same folder that is renamed onto the target only once complete and
flushed to disk: a crash never leaves half a file, and an earlier file stays intact.

Examples
--------
>>> import tempfile, pandas as pd
>>> folder = tempfile.mkdtemp()
>>> path = write_table(pd.DataFrame({"订单号": ["0012"], "金额": ["NA"]}), f"{folder}/o.csv")
>>> df = read_table(path)
>>> df.iloc[0].tolist(), df.attrs["source"]["encoding"]
(['0012', 'NA'], 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import secrets
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from microcommerce.errors import (
    DecodeError,
    EmptyFileError,
    FileNotFoundInputError,
    InputError,
    UnsupportedFormatError,
)

__all__ = [
    "ENCODINGS",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "read_table",
    "sniff_encoding",
    "write_table",
    "write_text",
]

#: Encodings tried, in order, for text files (see :func:`sniff_encoding`).
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")
#: Extensions :func:`read_table` reads.
READ_FORMATS: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".parquet")
#: Extensions :func:`write_table` writes.
WRITE_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".parquet")

_TEXT_OPTIONS: dict[str, Any] = {"dtype": str, "keep_default_na": False, "na_values": [""]}
_SNIFF_BYTES = 8192

PathArg = str | os.PathLike[str]


# ---------------------------------------------------------------------------
# encodings
# ---------------------------------------------------------------------------


def sniff_encoding(data: bytes) -> str:
    """The first of :data:`ENCODINGS` that decodes all of ``data``.

    Bytes starting with a UTF-8 byte-order mark are ``utf-8-sig`` or nothing: the
    mark declares UTF-8, so GB18030 (which accepts almost any bytes) is not tried.
    Otherwise UTF-8 is tried before GB18030.

    Raises
    ------
    DecodeError
        If no candidate decodes; ``offset`` is the first bad byte for the first one.

    Examples
    --------
    >>> sniff_encoding("订单号".encode("gb18030")), sniff_encoding("订单号".encode())
    ('gb18030', 'utf-8')
    >>> sniff_encoding(codecs.BOM_UTF8 + b"a,b")
    'utf-8-sig'
    """
    return _encoding_of(data, None)


def _encoding_of(data: bytes, encoding: str | None, path: PathArg | None = None) -> str:
    """``encoding`` if it decodes ``data``, else the sniffed one; DecodeError otherwise."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=path) from None
    tried = (encoding,) if encoding else _candidates(data)
    for name in tried:
        if _first_bad_byte(data, name) is None:
            return name
    raise _decode_error(data, tried, path)


def _candidates(data: bytes) -> tuple[str, ...]:
    return ENCODINGS[:1] if data.startswith(codecs.BOM_UTF8) else ENCODINGS[1:]


def _first_bad_byte(data: bytes, encoding: str) -> int | None:
    """Byte offset in ``data`` of the first byte ``encoding`` cannot decode, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the byte-order mark it has dropped
        dropped = codecs.lookup(encoding).name == "utf-8-sig" and data.startswith(codecs.BOM_UTF8)
        return exc.start + (len(codecs.BOM_UTF8) if dropped else 0)
    return None


def _decode_error(data: bytes, tried: tuple[str, ...], path: PathArg | None) -> DecodeError:
    """The error for ``data`` that none of ``tried`` decodes, at the first bad byte."""
    offset = _first_bad_byte(data, tried[0])
    where = f"byte {offset} (0x{data[offset]:02x})" if offset is not None else "a byte"
    if len(tried) == 1:
        other = next((e for e in _candidates(data) if _first_bad_byte(data, e) is None), None)
        hint = f"; it decodes as {other} (leave encoding= unset to sniff)" if other else ""
        message = f"{where} is not valid {tried[0]}{hint}"
    else:
        message = f"not text in any of {', '.join(tried)}: {where} is not valid {tried[0]}"
    return DecodeError(message, offset=offset, encodings=tried, path=path)


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def read_table(
    path: PathArg,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    **kw: Any,
) -> pd.DataFrame:
    """Read an export: text columns for csv/tsv/txt/xlsx, typed columns for parquet.

    Parameters
    ----------
    path
        A ``.csv`` (comma), ``.tsv`` (tab), ``.txt`` (delimiter sniffed among
        ``, tab ; |``), ``.xlsx`` or ``.parquet`` file.
    sheet
        The sheet of an ``.xlsx`` workbook, by name or 0-based position (default:
        the first). Ignored for other formats.
    encoding
        Force an encoding for text files instead of sniffing one of
        :data:`ENCODINGS`. Ignored for ``.xlsx`` and ``.parquet``.
    **kw
        Passed on to :func:`pandas.read_csv`, :func:`pandas.read_excel` or
        :func:`pandas.read_parquet`; they override the text defaults
        (``dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False``).

    Returns
    -------
    pandas.DataFrame
        With ``attrs["source"]`` = ``{"path", "format", "encoding", "first_row"}``:
        the path as given, the extension without dot, the encoding used (None for
        xlsx and parquet) and the source row of the first data row (2 with the
        header on row 1; absent for parquet, and when list or callable
        ``header=``/``skiprows=`` make it unknowable). xlsx adds ``"sheet"``.

    Raises
    ------
    FileNotFoundInputError, UnsupportedFormatError, EmptyFileError, DecodeError
        As named; all are :class:`~microcommerce.errors.InputError`.
    InputError
        A malformed table, an unknown encoding, a missing sheet or a corrupt file.

    Notes
    -----
    Excel cells are text as pandas renders the *stored* value, not the displayed
    format: a number cell ``12`` formatted ``0012`` reads as ``12``, a date cell as
    ``2014-03-05 00:00:00``. Only cells stored as text keep their leading zeros.

    Examples
    --------
    >>> read_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    microcommerce.errors.FileNotFoundInputError: no/such/file.csv: no such file
    """
    p = Path(path)
    suffix = _checked_suffix(p, READ_FORMATS, "read", path)
    if not p.exists():
        raise FileNotFoundInputError("no such file", path=path)
    if not p.is_file():
        raise InputError("not a file", path=path)
    if p.stat().st_size == 0:
        raise EmptyFileError("the file is empty (0 bytes)", path=path)
    if suffix == ".xlsx":
        df, source = _read_xlsx(p, path, sheet, **kw)
    elif suffix == ".parquet":
        df, source = _read_parquet(p, path, **kw)
    else:
        df, source = _read_text(p, path, encoding, **kw)
    df.attrs["source"] = {"path": os.fspath(path), "format": suffix[1:], **source}
    return df


def _read_text(
    p: Path, shown: PathArg, encoding: str | None, **kw: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    data = p.read_bytes()
    encoding = _encoding_of(data, encoding, shown)
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise EmptyFileError("the file has only blanks", path=shown)
    options = {**_TEXT_OPTIONS, "skip_blank_lines": False, **kw}
    if "sep" not in kw and "delimiter" not in kw:
        options["sep"] = _delimiter(p.suffix.lower(), data[:_SNIFF_BYTES], encoding)
    try:
        df = pd.read_csv(io.BytesIO(data), encoding=encoding, **options)
    except pd.errors.EmptyDataError:
        raise EmptyFileError("no columns to read", path=shown) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"not a well-formed table: {exc}", path=shown) from None
    return df, {"encoding": encoding, **_first_row(kw)}


def _first_row(kw: dict[str, Any]) -> dict[str, int]:
    """``{"first_row": n}``: the source row of the first data row, when it is knowable.

    Row 2 by default (header on row 1); moved by integer ``header=``/``skiprows=``
    (``header=None``: no header row). Empty when they are lists or callables.
    """
    header, skip = kw.get("header", 0), kw.get("skiprows", 0)
    if type(skip) is not int or not (header is None or type(header) is int):
        return {}
    return {"first_row": skip + (1 if header is None else header + 2)}


def _delimiter(suffix: str, head: bytes, encoding: str) -> str:
    """``,`` for csv, tab for tsv; for txt sniffed on whole lines of ``head``."""
    if suffix == ".csv":
        return ","
    if suffix == ".tsv":
        return "\t"
    text = head.decode(encoding, errors="ignore")
    if len(head) == _SNIFF_BYTES and "\n" in text:
        text = text.rsplit("\n", 1)[0]  # drop the cut-off last line
    try:
        return csv.Sniffer().sniff(text, delimiters=",\t;|").delimiter
    except csv.Error:  # a single column, or nothing consistent
        return ","


def _read_xlsx(
    p: Path, shown: PathArg, sheet: str | int | None, **kw: Any
) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        book = pd.ExcelFile(p, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", path=shown) from None
    with book:
        names = [str(name) for name in book.sheet_names]
        name = _sheet_name(names, 0 if sheet is None else sheet, shown)
        df = pd.read_excel(book, sheet_name=name, **{**_TEXT_OPTIONS, **kw})
    return df, {"encoding": None, **_first_row(kw), "sheet": name}


def _sheet_name(names: list[str], sheet: str | int, shown: PathArg) -> str:
    if isinstance(sheet, int) and -len(names) <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise InputError(f"no sheet {sheet!r}; the sheets are {names}", path=shown)


def _read_parquet(p: Path, shown: PathArg, **kw: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        df = pd.read_parquet(p, **kw)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"not a readable Parquet file ({exc})", path=shown) from None
    return df, {"encoding": None}


def _checked_suffix(p: Path, formats: tuple[str, ...], verb: str, shown: PathArg) -> str:
    suffix = p.suffix.lower()
    if suffix not in formats:
        raise UnsupportedFormatError(
            f"cannot {verb} '{p.suffix or '(no extension)'}' files; "
            f"supported: {', '.join(formats)}",
            path=shown,
        )
    return suffix


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


def write_table(
    df: pd.DataFrame, path: PathArg, *, index: bool = False, encoding: str = "utf-8-sig"
) -> Path:
    """Write ``df`` to ``.parquet``, ``.csv`` or ``.xlsx`` atomically; return the path.

    The table goes to a hidden temporary file in the target's folder
    (``.<name>.<random>.tmp``), which is flushed and fsynced to disk and then
    renamed onto the target with :func:`os.replace`, so readers see the old file
    or the complete new one, never a partial one. If anything fails the temporary
    file is removed and any earlier target is left untouched. Missing folders are
    created. A replaced file keeps its permission bits.

    Parameters
    ----------
    df
        The table.
    path
        Target; the extension picks the format:

        - ``.parquet`` (pyarrow): keeps dtypes; the way to store cleaned data.
        - ``.csv``: UTF-8 **with a byte-order mark** (``utf-8-sig``) and CRLF line
          ends. Excel on Chinese Windows reads a CSV without BOM as GBK and shows
          mojibake; the BOM makes it read UTF-8. CRLF (RFC 4180) also makes a cell
          with a bare carriage return get quoted, so it reads back intact.
        - ``.xlsx`` (openpyxl): one sheet, ``Sheet1``.
    index
        Write the index too.
    encoding
        Text encoding of a ``.csv`` (ignored for the other formats). The default
        suits Excel; ``"gb18030"`` writes what Chinese back-office tools export.

    Raises
    ------
    UnsupportedFormatError
        For another extension, before anything is written.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> target = write_table(pd.DataFrame({"a": [1]}), f"{tempfile.mkdtemp()}/sub/t.parquet")
    >>> read_table(target)["a"].tolist()
    [1]
    """
    target = Path(path)
    write = _writer(_checked_suffix(target, WRITE_FORMATS, "write", path), df, index, encoding)
    return _write_atomically(target, write)


def write_text(text: str, path: PathArg) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, as :func:`write_table` does; return the path.

    Examples
    --------
    >>> import tempfile
    >>> target = write_text('{"seed": 0}', f"{tempfile.mkdtemp()}/params.json")
    >>> target.read_text(encoding="utf-8")
    '{"seed": 0}'
    """
    data = text.encode("utf-8")
    return _write_atomically(Path(path), lambda f: f.write(data))


def _write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Run ``write`` on a temporary file next to ``target``, then rename it onto ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp, handle = _create_temp(target)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.is_file():
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return target


def _writer(
    suffix: str, df: pd.DataFrame, index: bool, encoding: str
) -> Callable[[BinaryIO], None]:
    """A function writing ``df`` in the format of ``suffix`` to a binary file."""
    if suffix == ".parquet":
        return lambda f: df.to_parquet(f, index=index, engine="pyarrow")
    if suffix == ".csv":
        return lambda f: df.to_csv(f, index=index, encoding=encoding, lineterminator="\r\n")
    return lambda f: df.to_excel(f, index=index, engine="openpyxl")


def _create_temp(target: Path) -> tuple[Path, BinaryIO]:
    """A new, empty, exclusively created file next to ``target``, opened for writing.

    Unlike :func:`tempfile.mkstemp` (mode 0600) the file gets the usual permissions
    for new files (0666 less the umask), which it keeps once renamed onto the target.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.fdopen(os.open(tmp, flags, 0o666), "wb")
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
