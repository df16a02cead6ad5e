"""Writing tables and text atomically, formula-safe for what spreadsheets open."""

from __future__ import annotations

import gc
import os
import secrets
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from microcommerce.io._durable import as_output_error, fault_point, fsync_folder, hold_temp
from microcommerce.io._formulas import neutralise_formulas
from microcommerce.io._parquet import WRITE_CHECKSUMS
from microcommerce.io._source import WRITE_FORMATS, PathArg, _checked_suffix
from microcommerce.io._xlsx import visible_controls, write_xlsx


def write_table(
    df: pd.DataFrame,
    path: PathArg,
    *,
    index: bool | None = None,
    encoding: str = "utf-8-sig",
    safe: bool = True,
    progress: bool = False,
) -> Path:
    """Write ``df`` to ``.parquet``, ``.csv`` or ``.xlsx`` atomically; return the path.

    The table goes to a hidden temporary file in the target's folder
    (``.<name>.<random>.tmp``), which is flushed and fsynced to disk and then
    renamed onto the target with :func:`os.replace`, so readers see the old file
    or the complete new one, never a partial one. If anything fails the temporary
    file is removed and any earlier target is left untouched. Missing folders are
    created. A replaced file keeps its permission bits.

    A process killed outright (``SIGKILL``, power loss) cannot remove its temporary
    file: the target is still the old or the new complete file, but a stray
    ``.<name>.<random>.tmp`` may remain next to it. A write holds a lock on its
    temporary file until it is renamed, so that a sweep
    (``sweep_temps``, run by every result written
    through ``io._staging`` and by ``datasets export``) removes only the
    files of dead writes of that very target. A plain write does not sweep: that would
    cost a scan of the folder on every write (slow for thousands of dataset parts).

    Parameters
    ----------
    df : DataFrame
        The table.
    path : str or Path
        Target; the extension picks the format:

        - ``.parquet`` (pyarrow): keeps dtypes; the way to store cleaned data.
        - ``.csv``: UTF-8 **with a byte-order mark** (``utf-8-sig``) and CRLF line
          ends. Excel on Chinese Windows reads a CSV without BOM as GBK and shows
          mojibake; the BOM makes it read UTF-8. CRLF (RFC 4180) also makes a cell
          with a bare carriage return get quoted, so it reads back intact.
        - ``.xlsx`` (rows written as sheet XML, the frame by openpyxl): one sheet,
          ``Sheet1``, the header
          row bold and frozen, each column as wide as its header and first rows.
          Characters a workbook cannot hold (NUL, VT, FF and the other C0 controls
          but tab, LF and CR) are written as their Unicode control pictures
          (``␀ ␋ ␌``) rather than failing the write.
    index : bool, optional
        Write the index too. By default (None) a MultiIndex is written — its levels
        say which group or text each row belongs to — and a one-level index is left
        out (it is mostly row numbers; pass True to keep it). So the ``(text, match)``
        index of
        :func:`~microcommerce.parse.extract_amounts` (or ``str.extractall``) is kept,
        each figure still pointing at its text: its unnamed first level is written
        as ``text``. ``False`` leaves any index out.
    encoding : str, default "utf-8-sig"
        Text encoding of a ``.csv`` (ignored for the other formats). The default
        suits Excel; ``"gb18030"`` writes what Chinese back-office tools export.
    progress : bool, default False
        Show a progress bar of the rows written to an ``.xlsx`` (tqdm; the other
        formats are written in one call).
    safe : bool, default True
        Guard ``.csv`` and ``.xlsx`` files against formula injection (see Notes).
        Pass ``False`` only to write text verbatim for a program rather than a
        person, or to reproduce byte for byte what another tool exports (as
        :func:`microcommerce.simulation.write_messy_export` does); never for text that
        came from outside and may be opened in a spreadsheet.

    Returns
    -------
    Path
        ``path``, written in full.

    Raises
    ------
    UnsupportedFormatError
        For another extension, before anything is written.
    OutputError
        When the file cannot be written (a full disk, a read-only folder); the
        earlier file, if any, is unchanged.

    Notes
    -----
    **Formula injection.** A spreadsheet may read a text cell as a formula when it
    starts with ``=``, ``+``, ``-`` or ``@`` (Excel; LibreOffice only ``=``), when the
    start is hidden behind blanks (spaces, tab, CR, LF, no-break or ideographic
    spaces, zero-width characters, a byte-order mark), or written full width
    (``＝ ＋ － ＠``, which Chinese and Japanese input methods type and Excel may
    convert). With ``safe=True`` (the default), following the OWASP advice on CSV
    injection, every such cell of a ``.csv`` or ``.xlsx`` file gets a single quote
    ``'`` in front, so the spreadsheet shows it as text. This covers text in object,
    ``str`` and categorical columns — and any other object, by the text it is
    written as — the column names and, when written, the index and its names. Text
    that is a plain number — ``-12.5``, ``+3``, ``-1e3`` — is left alone (there is
    nothing to run); ``-1,280`` or ``+86 138 0000 0000`` are not plain numbers and
    are quoted. Numeric, date and boolean values are never changed, and neither is
    ``df``. SECURITY.md tabulates what each spreadsheet program does with each form.

    The rule is :func:`microcommerce.io.neutralise_formulas`, which can also be
    applied on its own (``df.pipe(neutralise_formulas)``). The quote is part of the
    written text: :func:`read_table` gives ``'=1+2`` back
    for a cell ``=1+2`` (so does Excel for an ``.xlsx`` cell), and a cell that
    already started with ``'`` cannot be told apart. Parquet files are written
    unchanged: they keep types and are not opened by spreadsheets.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from microcommerce.io import read_table
    >>> target = write_table(pd.DataFrame({"a": [1]}), f"{tempfile.mkdtemp()}/sub/t.parquet")
    >>> read_table(target)["a"].tolist()
    [1]
    >>> cells = pd.DataFrame({"note": ["=1+2", "-12.5", "-", "ok"], "n": [-1, 2, 3, 4]})
    >>> back = read_table(write_table(cells, f"{tempfile.mkdtemp()}/t.csv"))
    >>> back["note"].tolist(), back["n"].tolist()
    (["'=1+2", '-12.5', "'-", 'ok'], ['-1', '2', '3', '4'])
    >>> from microcommerce.parse import extract_amounts
    >>> figures = extract_amounts(pd.Series(["规模为1819.5亿元", "无", "约3千人和5万人"]))
    >>> back = read_table(write_table(figures, f"{tempfile.mkdtemp()}/figures.csv"))
    >>> back[["text", "match", "as_written"]].values.tolist()
    [['0', '0', '1819.5亿元'], ['2', '0', '约3千人'], ['2', '1', '5万人']]
    """
    target = Path(path)
    suffix = _checked_suffix(target, WRITE_FORMATS, "write", path)
    if index is None:
        index = isinstance(df.index, pd.MultiIndex)
    if index:
        df = df.rename_axis(_level_names(df.index))
    if safe and suffix in _SPREADSHEET_FORMATS:
        df = neutralise_formulas(df, index=index)
    if "source" in df.attrs:  # where a table was read from is no part of it (nor JSON)
        df = df.copy(deep=False)
        df.attrs = {k: v for k, v in df.attrs.items() if k != "source"}
    return _write_atomically(target, _writer(suffix, df, index, encoding, progress))


def _level_names(index: pd.Index) -> list[str]:
    """Name every level of ``index`` for a header: ``text`` before ``match``, else ``level_i``."""
    names = list(index.names)
    out = []
    for i, name in enumerate(names):
        if name is None:
            follows_match = i + 1 < len(names) and names[i + 1] == "match"
            name = "text" if follows_match else ("index" if len(names) == 1 else f"level_{i}")
        out.append(name)
    return out


def write_text(text: str, path: PathArg) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, as :func:`write_table` does; return the path.

    Parameters
    ----------
    text : str
        The whole content (a JSON sidecar, a manifest, an HTML page).
    path : str or Path
        The target; missing folders are created, an earlier file is replaced in
        one step.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        When the file cannot be written (a full disk, a read-only folder); the
        earlier file, if any, is unchanged.

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
    with as_output_error(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp, handle = _create_temp(target)
        held = os.dup(handle.fileno())  # keeps the file marked in use until it is renamed
        try:
            with handle:
                try:
                    write(handle)
                except BaseException as exc:
                    _let_go(exc)
                    raise
                handle.flush()
                os.fsync(handle.fileno())
            fault_point("temporary file written")
            if target.is_file():
                shutil.copymode(target, tmp)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            os.close(held)
        fault_point("renamed into place", committed=True)
        fsync_folder(target.parent)
    return target


def _let_go(exc: BaseException) -> None:
    """Drop what a failed writer left open (openpyxl's zip file), quietly, while the file is.

    Else the zip file would try to finish itself when collected, after the file is
    closed, and print a six-line ``ZipFile.__del__`` warning under the one-line error.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        chain: list[BaseException | None] = [exc]
        seen: set[int] = set()
        while chain:  # the error, and those met while handling it, hold the frames
            if (error := chain.pop()) is not None and id(error) not in seen:
                seen.add(id(error))
                traceback.clear_frames(error.__traceback__)
                chain += [error.__context__, error.__cause__]
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _writer(
    suffix: str, df: pd.DataFrame, index: bool, encoding: str, progress: bool = False
) -> Callable[[BinaryIO], None]:
    """Make a function writing ``df`` in the format of ``suffix`` to a binary file."""
    if suffix == ".parquet":
        return lambda f: df.to_parquet(f, index=index, engine="pyarrow", **WRITE_CHECKSUMS)
    if suffix == ".csv":
        return lambda f: df.to_csv(f, index=index, encoding=encoding, lineterminator="\r\n")
    if isinstance(df.columns, pd.MultiIndex):  # headers over several rows: pandas' writer
        return lambda f: visible_controls_frame(df).to_excel(f, index=index, engine="openpyxl")
    return lambda f: write_xlsx(df, f, index=index, progress=progress)


def visible_controls_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the characters a workbook cannot hold made visible in its text cells."""
    return df.apply(
        lambda c: (
            c.map(visible_controls, na_action="ignore")
            if c.dtype == object or pd.api.types.is_string_dtype(c.dtype)
            else c
        )
    )


_SPREADSHEET_FORMATS = (".csv", ".xlsx")  # what a spreadsheet opens: neutralised


def _create_temp(target: Path) -> tuple[Path, BinaryIO]:
    """Create a new, empty file next to ``target`` (exclusively), opened for writing.

    Unlike :func:`tempfile.mkstemp` (mode 0600) the file gets the usual permissions
    for new files (0666 less the umask), which it keeps once renamed onto the target.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
        hold_temp(fd)  # a sweep (sweep_temps) leaves a file in use alone
        try:
            if os.fstat(fd).st_ino == os.stat(tmp).st_ino:
                return tmp, os.fdopen(fd, "wb")
        except FileNotFoundError:  # pragma: no cover - swept before it was locked
            pass
        os.close(fd)  # pragma: no cover
