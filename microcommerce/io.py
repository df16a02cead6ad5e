"""Read exports as raw text and write tables atomically.

:func:`read_table` reads ``.csv``, ``.tsv``, ``.txt``, ``.xlsx`` and ``.parquet``.
CSV-like and Excel files come back with **every column as text** (``str``), empty
cells missing and nothing else inferred — ``0012`` stays ``0012``, ``NA`` stays
``NA`` — because deciding what a cell means is cleaning's job, done with reasons.
The encoding of a CSV is sniffed among UTF-8 with a byte-order mark, UTF-8 and
GB18030 (the superset of GBK that Chinese Excel and back offices write); what was
used is recorded in ``df.attrs["source"]`` with the path, the format and the source
row of the first data row (the header being row 1), so reports can point at rows.
Blank lines are kept as empty rows, so that row numbers match the file.

:func:`write_table` writes ``.parquet``, ``.csv`` (UTF-8 with a byte-order mark,
which Excel on Chinese Windows needs to open it correctly) or ``.xlsx`` through a
temporary file in the same folder that is renamed onto the target only when
complete: a crash never leaves half a file, and an earlier file stays intact.

Examples
--------
>>> import tempfile, pandas as pd
>>> folder = tempfile.mkdtemp()
>>> path = write_table(pd.DataFrame({"订单号": ["0012"], "金额": ["¥1,280"]}), f"{folder}/o.csv")
>>> df = read_table(path)
>>> df.iloc[0].tolist(), df.attrs["source"]["encoding"]
(['0012', '¥1,280'], 'utf-8-sig')
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.errors import (
    DecodeError,
    EmptyFileError,
    FileNotFoundInputError,
    InputError,
    UnsupportedFormatError,
)

__all__ = ["ENCODINGS", "READ_FORMATS", "WRITE_FORMATS", "read_table", "sniff_encoding",
           "write_table"]  # fmt: skip

#: Encodings tried, in order, for text files.
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")
#: Extensions :func:`read_table` reads.
READ_FORMATS: tuple[str, ...] = (".csv", ".tsv", ".txt", ".xlsx", ".parquet")
#: Extensions :func:`write_table` writes.
WRITE_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".parquet")
_TEXT_OPTIONS: dict[str, Any] = {
    "dtype": "str",
    "keep_default_na": False,
    "na_values": [""],
}


def sniff_encoding(data: bytes) -> str:
    """The first of :data:`ENCODINGS` that decodes ``data``.

    A byte-order mark means ``utf-8-sig``; GB18030 is tried only when UTF-8 fails,
    since it accepts almost any bytes.

    Examples
    --------
    >>> sniff_encoding("订单号".encode("gb18030")), sniff_encoding("订单号".encode())
    ('gb18030', 'utf-8')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ENCODINGS[1:]:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnicodeDecodeError("gb18030", data, 0, 1, "no encoding among " + ", ".join(ENCODINGS))


def _decode_check(data: bytes, encoding: str, path: Path) -> None:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"byte {exc.start} (0x{data[exc.start]:02x}) is not valid {encoding}; "
            f"try another encoding= (the file may be {_other_guess(data, encoding)})",
            offset=exc.start,
            path=path,
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=path) from None


def _other_guess(data: bytes, tried: str) -> str:
    for encoding in ENCODINGS:
        if encoding != tried:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return "binary, not text"


def _delimiter(path: Path, text_head: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return ","
    if suffix == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(text_head, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _read_text(path: Path, encoding: str | None, **kw: Any) -> pd.DataFrame:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFileError("the file is empty", path=path)
    if encoding is None:
        try:
            encoding = sniff_encoding(data)
        except UnicodeDecodeError:
            _decode_check(data, "utf-8", path)
    else:
        _decode_check(data, encoding, path)
    head = data[:8192].decode(encoding, errors="ignore")
    options = {**_TEXT_OPTIONS, "sep": _delimiter(path, head), "skip_blank_lines": False, **kw}
    try:
        df = pd.read_csv(io.BytesIO(data), encoding=encoding, **options)
    except pd.errors.ParserError as exc:
        raise InputError(f"not a well-formed table: {exc}", path=path) from None
    df.attrs["source"] = {"path": str(path), "format": path.suffix.lower().lstrip("."),
                          "encoding": encoding, "first_row": 2}  # fmt: skip
    return df


def _read_xlsx(path: Path, sheet: str | int | None, **kw: Any) -> pd.DataFrame:
    try:
        df = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, engine="openpyxl",
                           **{**_TEXT_OPTIONS, **kw})  # fmt: skip
    except ValueError as exc:
        if "not found" in str(exc) or "Worksheet" in str(exc):
            from openpyxl import load_workbook

            sheets = load_workbook(path, read_only=True).sheetnames
            raise InputError(f"no sheet {sheet!r}; the sheets are {sheets}", path=path) from None
        raise InputError(f"cannot read the workbook: {exc}", path=path) from None
    except Exception as exc:  # zipfile.BadZipFile, KeyError from a broken package …
        raise InputError(f"not a readable .xlsx workbook ({exc})", path=path) from None
    df.attrs["source"] = {"path": str(path), "format": "xlsx", "encoding": None,
                          "first_row": 2, "sheet": sheet if sheet is not None else 0}  # fmt: skip
    return df


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    **kw: Any,
) -> pd.DataFrame:
    """Read an export: text columns for csv/tsv/txt/xlsx, typed columns for parquet.

    Parameters
    ----------
    path
        A ``.csv``, ``.tsv``, ``.txt`` (delimiter sniffed among ``, tab ; |``),
        ``.xlsx`` or ``.parquet`` file.
    sheet
        The sheet of an ``.xlsx`` workbook, by name or position (default: the first).
    encoding
        Force an encoding instead of sniffing one of :data:`ENCODINGS`.
    **kw
        Passed on to the pandas reader.

    Returns
    -------
    pandas.DataFrame
        With ``attrs["source"]`` = path, format, encoding used and ``first_row``
        (the source row of the first data row).

    Raises
    ------
    FileNotFoundInputError, UnsupportedFormatError, EmptyFileError, DecodeError, InputError

    Examples
    --------
    >>> read_table("no/such/file.csv")
    Traceback (most recent call last):
    ...
    microcommerce.errors.FileNotFoundInputError: no/such/file.csv: no such file
    """
    p = Path(path)
    suffix = _checked_suffix(p, READ_FORMATS, "read")
    if not p.is_file():
        raise FileNotFoundInputError("no such file", path=p)
    if p.stat().st_size == 0:
        raise EmptyFileError("the file is empty", path=p)
    if suffix == ".xlsx":
        return _read_xlsx(p, sheet, **kw)
    if suffix == ".parquet":
        try:
            df = pd.read_parquet(p, **kw)
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError … on a corrupt file
            raise InputError(f"not a readable Parquet file ({exc})", path=p) from None
        df.attrs["source"] = {"path": str(p), "format": "parquet", "encoding": None}
        return df
    return _read_text(p, encoding, **kw)


def _checked_suffix(path: Path, formats: tuple[str, ...], verb: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise UnsupportedFormatError(
            f"cannot {verb} '{path.suffix or '(no extension)'}' files; "
            f"supported: {', '.join(formats)}",
            path=path,
        )
    return suffix


def _writer(suffix: str, df: pd.DataFrame, index: bool) -> Callable[[str], None]:
    if suffix == ".parquet":
        return lambda target: df.to_parquet(target, index=index, engine="pyarrow")
    if suffix == ".csv":
        return lambda target: df.to_csv(target, index=index, encoding="utf-8-sig")
    return lambda target: df.to_excel(target, index=index, engine="openpyxl")


def write_table(df: pd.DataFrame, path: str | os.PathLike[str], *, index: bool = False) -> Path:
    """Write ``df`` to ``.parquet``, ``.csv`` or ``.xlsx`` atomically; return the path.

    The table goes to a temporary file in the target's folder, is flushed to disk
    and then renamed onto the target, so readers see the old file or the complete
    new one, never a partial one. Missing folders are created.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> target = write_table(pd.DataFrame({"a": [1]}), f"{tempfile.mkdtemp()}/sub/t.parquet")
    >>> read_table(target)["a"].tolist()
    [1]
    """
    target = Path(path)
    suffix = _checked_suffix(target, WRITE_FORMATS, "write")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".tmp{suffix}")
    os.close(fd)
    try:
        _writer(suffix, df, index)(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
