"""Partitioned Parquet datasets: tables too big for one file, or for memory.

A dataset is a folder of Parquet files in Hive layout (``year=2015/part-00003.parquet``)
plus a small manifest (``_dataset.json``) with the columns' pandas dtypes, so that
what :func:`read_dataset` gives back — with pandas, or with Dask one partition per
file — has exactly the dtypes that were written (categories included), whichever
files a partition holds. Every file keeps all its columns (the folder names only
let readers skip files), and each file is written atomically (a temporary file
renamed into place), so a reader never sees a partial file.

- :func:`write_dataset` — write a frame, or append chunks of one (the simulator
  writes a hundred million orders this way without holding them).
- :func:`read_dataset` — back as one pandas frame, or as a Dask DataFrame for the
  analyses (``analyses._aggregation``).

Examples
--------
>>> import tempfile
>>> import pandas as pd
>>> orders = pd.DataFrame({"date": pd.to_datetime(["2014-12-30", "2015-01-02"]),
...                        "amount": [10.0, 20.5]})
>>> folder = tempfile.mkdtemp()
>>> [p.relative_to(folder).as_posix() for p in write_dataset(orders, folder)]
['year=2014/part-00000.parquet', 'year=2015/part-00000.parquet']
>>> read_dataset(folder).equals(orders)
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce._quote import excerpt
from microcommerce.core._engine import import_dask
from microcommerce.errors import (
    FileNotFoundInputError,
    InputError,
    MissingColumnsError,
    ParameterError,
    SchemaError,
    UnknownNameError,
)
from microcommerce.io._parquet import VERIFY_CHECKSUMS
from microcommerce.io._pinned import check_identity, identity, read_pinned, result_root
from microcommerce.io._source import PathArg
from microcommerce.io._staging import check_result, extend_manifest, staged
from microcommerce.io._write import write_table, write_text

__all__ = ["MANIFEST", "dataset_files", "partition_name", "read_dataset", "write_dataset"]

#: Name of the manifest file in a dataset folder.
MANIFEST = "_dataset.json"
_PART = re.compile(r"^part-(\d+)\.parquet$")
_MODES = ("overwrite", "append", "error")
_ENGINES = ("pandas", "dask")


def _dtype_spec(dtype: Any) -> Any:
    if isinstance(dtype, pd.CategoricalDtype):
        return {"categories": dtype.categories.tolist(), "ordered": bool(dtype.ordered)}
    return str(dtype)


def _dtype(spec: Any) -> Any:
    if isinstance(spec, dict):
        return pd.CategoricalDtype(spec["categories"], ordered=spec["ordered"])
    return pd.api.types.pandas_dtype(spec)


def _derived_year(df: pd.DataFrame) -> pd.Series:
    """Return the year of the first date column (``date``, else ``period``)."""
    for column in ("date", "period"):
        if column in df.columns and pd.api.types.is_datetime64_any_dtype(df[column].dtype):
            return df[column].dt.year.astype("Int64")
    available = [str(c) for c in df.columns]
    raise MissingColumnsError(
        "write_dataset: partitioning by 'year' needs a 'year' column, or a "
        f"'date' or 'period' column to take it from; the frame has {available}",
        missing=["year"],
        available=available,
    )


def dataset_files(folder: PathArg) -> list[Path]:
    """List the dataset's Parquet files in reading order: by part number, then partition.

    Hidden files (an unfinished write's ``.part-….tmp``) are not part of a dataset.

    Parameters
    ----------
    folder : str or Path
        The dataset folder.

    Returns
    -------
    list of Path
        The ``.parquet`` files under ``folder`` (in partition folders too), sorted
        by part number, then name and partition; none for a missing folder. Files
        and folders whose name starts with ``.`` or ``_`` are left out.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> frame = pd.DataFrame({"year": [2015, 2014], "units": [1, 2]})
    >>> _ = write_dataset(frame, folder)
    >>> _ = write_dataset(frame, folder, mode="append")
    >>> [p.relative_to(folder).as_posix() for p in dataset_files(folder)]
    ['year=2014/part-00000.parquet', 'year=2015/part-00000.parquet',
     'year=2014/part-00001.parquet', 'year=2015/part-00001.parquet']
    """
    root = Path(folder)
    hidden = (".", "_")
    files = [
        p
        for p in root.rglob("*.parquet")
        if not any(part.startswith(hidden) for part in p.relative_to(root).parts)
    ]

    def key(p: Path) -> tuple[int, str, str]:
        match = _PART.match(p.name)
        return (int(match.group(1)) if match else -1, p.name, p.parent.as_posix())

    return sorted(files, key=key)


def write_dataset(
    df: pd.DataFrame,
    folder: PathArg,
    partition_cols: Sequence[str] = ("year",),
    *,
    mode: str = "overwrite",
    part: int | None = None,
    wait: bool = False,
    seal: bool = True,
) -> list[Path]:
    """Write ``df`` as a partitioned Parquet dataset; return the files written.

    Parameters
    ----------
    df : DataFrame
        The table (pandas).
    folder : str or Path
        The dataset folder (created if missing).
    partition_cols : sequence of str, default ("year",)
        Columns whose values name the sub-folders (``year=2015/``). ``"year"``
        need not be a column: it is then taken from ``date`` (or ``period``) and
        not stored. ``()`` for no sub-folders.
    mode : {"overwrite", "append", "error"}, default "overwrite"
        ``"overwrite"``: the dataset is built in a staging folder beside
        ``folder`` and replaces it in one step
        (:func:`~microcommerce.io.staged`): readers see the earlier dataset
        or the new one, never a mix. ``"append"``: add files to the dataset in place
        (the columns and dtypes must match; this is how a large table is written
        chunk by chunk); the manifest is extended last. ``"error"``: refuse to write
        into an existing dataset.
    part : int, optional
        The part number of the files written (``part-00003.parquet``); by default
        the next free one. Give distinct numbers when several processes append at
        once; rows are read back in part-number order.
    wait : bool, default False
        When another run is writing ``folder``, wait for it instead of refusing.
    seal : bool, default True
        Extend the manifest after an append. Pass False when several processes
        append at once into a result built with :func:`~microcommerce.io.staged`,
        which writes the manifest of the whole result at the end.

    Returns
    -------
    list of Path
        The Parquet files written, one per partition.

    Raises
    ------
    ParameterError
        For an unknown mode, partition columns that are not there
        (:class:`~microcommerce.errors.UnknownNameError`), or a dataset that exists
        under ``mode="error"``.
    SchemaError
        For an append whose columns, dtypes or partitioning differ.
    MissingColumnsError
        For a partition by ``year`` without a ``year``, ``date`` or ``period`` column.
    OutputError
        When the dataset cannot be written (a full disk, a read-only folder, another
        writer); an overwritten dataset is then unchanged.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> sales = pd.DataFrame({"period": pd.to_datetime(["2015-01-31", "2016-01-31"]),
    ...                       "units": [3, 4]})
    >>> [p.relative_to(folder).as_posix() for p in write_dataset(sales, folder)]
    ['year=2015/part-00000.parquet', 'year=2016/part-00000.parquet']
    >>> write_dataset(sales, folder, mode="error")
    Traceback (most recent call last):
    ...
    microcommerce.errors.ParameterError: write_dataset: ... already holds a dataset ...
    """
    if mode not in _MODES:
        raise ParameterError(f"write_dataset: mode={mode!r}: expected one of {', '.join(_MODES)}")
    root = Path(folder)
    partition_cols = list(partition_cols)
    derived = [c for c in partition_cols if c == "year" and c not in df.columns]
    missing = [c for c in partition_cols if c not in df.columns and c not in derived]
    if missing:
        raise UnknownNameError(
            f"write_dataset: partition_cols={partition_cols}: no partition column {missing} "
            f"in {list(df.columns)}",
            name=missing[0],
            known=[str(c) for c in df.columns],
        )
    manifest = {
        "columns": {str(c): _dtype_spec(t) for c, t in df.dtypes.items()},
        "partition_cols": partition_cols,
        "derived": derived,
    }
    earlier = dataset_files(root) if root.exists() else []
    existing = _manifest(root)
    if mode == "error" and (earlier or existing):
        raise ParameterError(
            f"write_dataset: {root} already holds a dataset (mode='error'); pass "
            "mode='overwrite' or mode='append'"
        )
    if mode == "append" and existing is not None and existing != manifest:
        raise SchemaError(
            f"write_dataset: cannot append to {root}: its columns, dtypes or "
            f"partitioning differ ({existing} ≠ {manifest})"
        )
    if part is None:
        numbers = [int(m.group(1)) for p in earlier if (m := _PART.match(p.name))]
        part = max(numbers, default=-1) + 1 if mode == "append" else 0
    keys = pd.DataFrame(
        {c: (_derived_year(df) if c in derived else df[c]) for c in partition_cols}, index=df.index
    )
    if not partition_cols or df.empty:  # an empty frame still records its columns
        groups: Any = [((), df)]
    else:
        groups = df.groupby(
            [keys[c] for c in partition_cols], sort=True, observed=True, dropna=False
        )
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    if mode == "append":  # in place, file by file; the manifest is extended last
        written = _write_parts(groups, root, partition_cols, part)
        write_text(text, root / MANIFEST)
        if seal:
            extend_manifest(root, [*written, root / MANIFEST])
        return written
    # the whole dataset is built beside the old one and swapped in at once
    with staged(root, wait=wait, owned=lambda folder: (folder / MANIFEST).is_file()) as stage:
        written = _write_parts(groups, stage, partition_cols, part)
        write_text(text, stage / MANIFEST)
    return [root / path.relative_to(stage) for path in written]


def partition_name(column: Any, value: Any) -> str:
    r"""Name the folder of one partition value: ``column=value``, made safe as a file name.

    A value is data, never a path: ``/``, ``\``, ``%``, ``=``, control and invisible
    characters, and a leading ``.``, ``_`` or ``~`` (hidden files, our own marks) are
    percent-encoded as their UTF-8 bytes (as Hive and pyarrow's ``segment_encoding="uri"``
    read them back); a name that would still be long (over 200 bytes) becomes
    ``column=~`` and the SHA-256 of the value. The folder only lets readers skip files:
    every file keeps the value itself in its column, so nothing is lost either way.
    A missing value is ``__null__``.

    Parameters
    ----------
    column
        The partition column.
    value
        One value of it.

    Returns
    -------
    str
        The folder's name.

    Examples
    --------
    >>> partition_name("year", 2015), partition_name("shop", "../../etc")
    ('year=2015', 'shop=%2E.%2F..%2Fetc')
    >>> partition_name("shop", None), partition_name("shop", "__null__")
    ('shop=__null__', 'shop=%5F_null__')
    >>> len(partition_name("shop", "长" * 1000))
    70
    """
    key = _encode(str(column))
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return f"{key}=__null__"
    text = _encode(str(value))
    if len(text.encode("utf-8")) > _LONGEST:
        text = "~" + hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:64]
    return f"{key}={text}"


_LONGEST = 200  # bytes of an encoded value; a file name holds 255
_UNSAFE = re.compile(
    r'[/\\%=:*?"<>|\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]'
    r"|^[._~]|[. ]$"
)


def _encode(text: str) -> str:
    """Percent-encode what a file name must not hold (see :func:`partition_name`)."""
    return _UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")),
        text,
    )


def _write_parts(groups: Any, root: Path, partition_cols: list[str], part: int) -> list[Path]:
    """Write each group of rows as ``root/<col>=<value>/…/part-NNNNN.parquet``."""
    name = f"part-{part:05d}.parquet"
    written = []
    for values, rows in groups:
        values = values if isinstance(values, tuple) else (values,)
        sub = Path(*(partition_name(c, v) for c, v in zip(partition_cols, values, strict=False)))
        written.append(write_table(rows.reset_index(drop=True), root / sub / name))
    return written


def _manifest(root: Path) -> dict[str, Any] | None:
    path = root / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"unreadable dataset manifest ({exc})", path=path) from None


def read_dataset(
    folder: PathArg,
    *,
    engine: str = "pandas",
    columns: Sequence[str] | None = None,
    verify: bool = True,
) -> Any:
    """Read a dataset written by :func:`write_dataset` (or any folder of Parquet files).

    Parameters
    ----------
    folder : str or Path
        The dataset folder.
    engine : {"pandas", "dask"}, default "pandas"
        ``"pandas"``: one DataFrame. ``"dask"``: a Dask DataFrame with one
        partition per file, read lazily (needs ``microcommerce[dask]``).
    columns : sequence of str, optional
        Read only these columns.
    verify : bool, default True
        Refuse a dataset whose files are not those of its manifest (a part missing,
        added or changed; no manifest: an interrupted or foreign write), with
        ``check_result``. False reads any folder of
        Parquet files as it is, such as one another tool wrote.

    Returns
    -------
    pandas or Dask DataFrame
        Rows in part-number order, with the dtypes of the manifest (for a folder
        without one, the files' own).

    Raises
    ------
    FileNotFoundInputError
        When the folder does not exist or holds no Parquet file.
    ResultError
        When ``verify`` and the files are not those of the manifest.
    InputError
        For a file that is not readable Parquet, or a column not in the dataset.
    ParameterError
        For an unknown ``engine``.

    Examples
    --------
    >>> from tempfile import mkdtemp
    >>> sales = pd.DataFrame({"year": [2015, 2016], "units": [3, 4]})
    >>> folder = write_dataset(sales, mkdtemp())[0].parent.parent
    >>> read_dataset(folder, columns=["units"])
       units
    0      3
    1      4
    >>> read_dataset(folder, engine="dask").npartitions
    2
    """
    if engine not in _ENGINES:
        raise ParameterError(
            f"read_dataset: engine={engine!r}: expected one of {', '.join(_ENGINES)}"
        )
    columns = None if columns is None else list(columns)
    if engine == "pandas":  # every file from the result as it was when the read began
        return read_pinned(folder, lambda view: _read_pandas(view, folder, columns, verify))
    import_dask()
    import dask.dataframe as dd

    root = result_root(Path(folder))
    files, dtypes, expected = read_pinned(
        folder,
        lambda view: (*_prepare(view, folder, columns, verify), identity(root)),
        pin=False,
    )
    read = functools.partial(
        _read_part, columns=columns, dtypes=dtypes, root=root, expected=expected if verify else None
    )
    meta = read(files[0]).iloc[:0]
    return dd.from_map(read, files, meta=meta, enforce_metadata=False)


def _prepare(
    root: Path, shown: PathArg, columns: list[str] | None, verify: bool
) -> tuple[list[Path], dict[str, Any] | None]:
    """List the files and the dtypes to read, after checking them against the manifest."""
    files = dataset_files(root) if root.is_dir() else []
    if not files:
        raise FileNotFoundInputError(
            "no Parquet dataset here (a folder of .parquet files written by write_dataset)",
            path=shown,
        )
    if verify:
        check_result(root)
    dtypes = _dtypes(_manifest(root), root / MANIFEST)
    if columns is not None:
        known = list(dtypes) if dtypes else None
        if known is not None and (unknown := [c for c in columns if c not in known]):
            raise InputError(f"no column {unknown} in the dataset (it has {known})", path=shown)
        if dtypes:
            dtypes = {c: dtypes[c] for c in columns}
    return files, dtypes


def _dtypes(manifest: Any, path: Path) -> dict[str, Any] | None:
    """Give the manifest's dtypes by column; refuse an edited manifest of another shape."""
    if manifest is None:
        return None
    specs = manifest.get("columns") if isinstance(manifest, dict) else None
    if not isinstance(specs, dict):
        raise InputError(
            f'not a dataset manifest: expected {{"columns": {{name: dtype}}, …}}, got '
            f"{excerpt(json.dumps(manifest))}; write the dataset again",
            path=path,
        )
    dtypes = {}
    for column, spec in specs.items():
        try:
            dtypes[column] = _dtype(spec)
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError(
                f"column {excerpt(column)} has dtype {excerpt(json.dumps(spec))}, which is "
                f"not one ({excerpt(exc)}); write the dataset again",
                path=path,
            ) from None
    return dtypes


def _read_pandas(
    root: Path, shown: PathArg, columns: list[str] | None, verify: bool
) -> pd.DataFrame:
    files, dtypes = _prepare(root, shown, columns, verify)
    parts = [_read_part(p, columns, dtypes) for p in files]
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _read_part(
    path: Path,
    columns: list[str] | None,
    dtypes: dict[str, Any] | None,
    root: Path | None = None,
    expected: tuple[int, ...] | None = None,
):
    """One file, with the manifest's dtypes (a file's categoricals hold only its values).

    For a lazy (Dask) read, ``root`` and its ``expected`` identity: the result must
    be the same before and after the file is read (not replaced by another run).
    """
    if expected is not None:
        check_identity(root, expected, path)
    try:
        df = pd.read_parquet(path, columns=columns, engine="pyarrow", **VERIFY_CHECKSUMS)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        if expected is not None:
            check_identity(root, expected, path)
        raise InputError(f"not a readable Parquet file ({excerpt(exc)})", path=path) from None
    if expected is not None:
        check_identity(root, expected, path)
    if dtypes:
        wrong = {c: t for c, t in dtypes.items() if c in df.columns and df[c].dtype != t}
        if wrong:
            df = df.astype(wrong)
    return df
