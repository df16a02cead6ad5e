"""Clean exports too large for one frame: many files, or a Dask DataFrame of raw text.

:func:`clean_to_dataset` cleans part by part (a file, or a Dask partition) with the
same rules as :func:`microcommerce.cleaning.clean_orders` and friends, and writes

- ``OUT/clean/`` — the canonical table as a partitioned dataset
  (``read_dataset``),
- ``OUT/rejected/`` — every rejected row with its part, row, column, reason and
  ``reason_code`` (:data:`~microcommerce.cleaning.REASON_CODES`),
- ``OUT/report.json`` — counts per part and in all.

Nothing is lost: ``rows in = clean + rejected + duplicates`` holds for every part
and for the whole. **Duplicates across parts** are found in a second pass: the
clean rows' keys (``order_id`` for orders) are hashed in every part, keys seen in
more than one part are looked up, and a clean row whose every value equals a clean
row of an earlier part is removed as a duplicate; one that shares the key but
differs is rejected (``key repeats a row of an earlier part``), as a repeated key is
within one file. (Within a part, duplicates are whole raw rows, as ``clean_orders``
finds them; across parts they are compared as canonical values, because two files
may spell the same order differently.) Between the passes one process keeps 8 bytes
per clean row (its key's hash); rows themselves are only read back for the keys that
repeat.

Parts are cleaned one after another with a progress bar, or on the workers of a
Dask client with ``engine="dask"``. With ``chunksize=`` a large text file is cleaned
``chunksize`` rows at a time (each chunk a part), so memory stays bounded by the
chunk; rejected rows keep their row numbers in the file (within the chunk when
list or callable ``skiprows=`` make them unknowable). A file with nothing to clean
(empty, or a header only) is a part of 0 rows, with the reason in the report. Only
clean rows are compared across parts: a row repeating one *rejected* in an earlier
part is rejected again rather than counted as a duplicate, so counts of rejected
rows and duplicates can differ from cleaning the same rows as one file.
"""

from __future__ import annotations

import functools
import json
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.cleaning import _clean as cleaning
from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._boundaries import DECIDE_ROWS, decide, whole_orders, whole_partition
from microcommerce.cleaning._cleaners import cleaner
from microcommerce.core._engine import import_dask, is_dask
from microcommerce.errors import (
    EmptyFileError,
    FileNotFoundInputError,
    InputError,
    InternalError,
    ParameterError,
)
from microcommerce.io import (
    READ_FORMATS,
    PathArg,
    SourceInfo,
    entry_problem,
    read_table,
    read_table_chunks,
    source_of,
    write_table,
    write_text,
)
from microcommerce.io._partitioned import write_dataset
from microcommerce.io._staging import staged

__all__ = ["clean_to_dataset", "raw_files", "skipped_entries"]

_REPEAT = "key repeats a row of an earlier part, with other values"
_REPEAT_CODE = "duplicate_key"  # the reason code of a key reused with other values
#: What ``source=`` may be: None (each file's name), one name, names by file, a function.
SourceArg = bool | str | Mapping[str, str] | Callable[[Path], str]


def _source_label(source: SourceArg, path: str) -> str:
    """Name the source of the export at ``path`` as ``source=`` asks."""
    if isinstance(source, str):
        return source
    if source is True:
        return Path(path).name
    if isinstance(source, Mapping):
        return str(source.get(str(path), source.get(Path(path).name, Path(path).name)))
    if callable(source):
        return str(source(Path(path)))
    return Path(path).name


_ROW = "_source_row"  # staged beside the clean rows, for rejections in the second pass


def raw_files(folder: PathArg) -> list[Path]:
    """List the exports in ``folder`` (and below) that ``read_table`` reads, in name order.

    Hidden files and files of other extensions are left out (``skipped_entries``
    says which). An entry with an export's name that is no regular file — a
    symbolic-link loop, a broken link, a FIFO, a device — is listed: cleaning makes
    it a part of 0 rows that says what it is.

    Parameters
    ----------
    folder
        The folder of exports.

    Returns
    -------
    list of pathlib.Path
        The exports, in name order.

    Raises
    ------
    FileNotFoundInputError
        When the folder is missing or holds no export.
    """
    files, _ = _entries(Path(folder))
    if not files:
        raise FileNotFoundInputError(
            f"no export here ({', '.join(READ_FORMATS)} files)", path=folder
        )
    return files


def skipped_entries(folder: PathArg) -> dict[str, str]:
    """Say which entries of ``folder`` (and below) are not exports, and why.

    Parameters
    ----------
    folder
        The folder of exports.

    Returns
    -------
    dict
        Path relative to ``folder`` → reason (hidden, or another extension).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "notes.docx").write_text("x"), (folder / ".a.csv").write_text("x")
    >>> skipped_entries(folder)["notes.docx"], skipped_entries(folder)[".a.csv"]
    ('not an export (not one of .csv, .tsv, .txt, .xlsx, .parquet)', 'hidden')
    """
    return _entries(Path(folder))[1]


def _entries(root: Path) -> tuple[list[Path], dict[str, str]]:
    """Sort the entries below ``root`` into exports and skipped ones (with why)."""
    if not root.is_dir():
        return [], {}
    files, skipped = [], {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_dir():
            continue
        if any(s.startswith(".") for s in rel.parts):
            skipped[rel.as_posix()] = "hidden"
        elif p.suffix.lower() not in READ_FORMATS:
            formats = ", ".join(READ_FORMATS)
            skipped[rel.as_posix()] = f"not an export (not one of {formats})"
        else:
            files.append(p)
    return files, skipped


def clean_to_dataset(
    raw: PathArg | Sequence[PathArg] | Any,
    out: PathArg,
    table: str = "orders",
    *,
    engine: str = "pandas",
    progress: bool = False,
    columns: Mapping[str, str] | None = None,
    ref_year: int | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    read_options: Mapping[str, Any] | None = None,
    chunksize: int | None = None,
    wait: bool = False,
    source: SourceArg = False,
    **clean_options: Any,
) -> dict[str, Any]:
    r"""Clean many parts into ``OUT/clean/``, ``OUT/rejected/`` and ``OUT/report.json``.

    Parameters
    ----------
    raw : str, Path, sequence of them, or Dask DataFrame
        A folder of exports (see ``raw_files``), a list of files, or a Dask
        DataFrame of raw text (one part per partition).
    out : str or Path
        The output folder: new, empty or an earlier result. The result is built in a
        staging folder beside it and swapped in whole at the end
        (:func:`microcommerce.io.staged`): an interrupted run leaves the
        earlier result as it was.
    table : {"orders", "sellers", "inventory"}, default "orders"
        ``"orders"``, ``"sellers"`` or ``"inventory"`` (a key of
        :data:`~microcommerce.cleaning.CLEANERS`).
    engine : {"pandas", "dask"}, default "pandas"
        ``"pandas"``: one part after another in this process. ``"dask"``: on the
        current Dask client's workers (or Dask's local scheduler). A Dask
        DataFrame always uses Dask.
    progress : bool, default False
        Show a progress bar over the parts (pandas engine).
    columns, ref_year, aliases : optional
        As for :func:`microcommerce.cleaning.clean_orders`.
    read_options : mapping, optional
        Passed to :func:`microcommerce.io.read_table` (``sheet=``, ``encoding=``).
    chunksize : int, optional
        Clean text and Parquet files this many rows at a time
        (:func:`microcommerce.io.read_table_chunks`), for files larger than memory;
        ``.xlsx`` files are read whole. Pandas engine only. An order export's roles and
        line model are decided once per file (on the head of its first chunk) and an
        order whose rows fall on both sides of a chunk boundary is cleaned whole with the
        next chunk. A Dask frame is decided on its first rows, and each partition takes
        the rows of its last order from the next one.
    wait : bool, default False
        When another run is writing ``out``, wait for it instead of refusing.
    source : bool, str, mapping or callable, default False
        What keeps orders of different exports apart (orders only). ``False`` (the
        default): the files are pieces of one shop's exports (overlapping
        downloads): an order id has one meaning across them, a row repeated in a
        later file is a duplicate and a reused id with other values is rejected.
        ``True``: each file is its own source, named by its file name — a ``source``
        column joins the key, so two brands' exports that both number orders from
        ``WS00000000`` never collide. A text names one source for every file; a
        mapping names the source of each file (by path or file name; the file name
        for those left out); a function takes the path and returns its source.
    **clean_options : dict
        Further options of the cleaner: ``layout=``, ``seller=``, ``tiers=``.

    Returns
    -------
    dict
        The report also written to ``report.json``: ``rows_in``, ``rows_clean``,
        ``rows_rejected``, ``duplicates_removed`` (within parts),
        ``duplicates_across_parts``, ``rejected_by_reason``, ``rejected_by_code``
        (the counts add up to ``rows_rejected``) and one entry per part
        (a part with nothing to clean — an empty file, a FIFO, a symbolic-link loop —
        says why under ``empty``); for a folder, ``skipped``: every entry that is not
        an export, and why (``skipped_entries``).

    Notes
    -----
    A key reused with other values within one source is rejected with a reason
    naming the part (file and rows) and the row where the key was first seen, and
    suggesting ``source=True`` when the files may come from different shops.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("订单号,下单时间,卖家,代理级别,数量,实付金额\n"
    ...                                 "A1,2014-03-05,s1,总代,10,1280\n", encoding="utf-8")
    >>> _ = (folder / "b.csv").write_text("订单号,下单时间,卖家,代理级别,数量,实付金额\n"
    ...                                 "A1,2014-03-05,s1,总代,10,1280\n"
    ...                                 "A2,2014-03-06,s1,总代,2,约300\n", encoding="utf-8")
    >>> report = clean_to_dataset(folder, folder / "out")
    >>> [report[k] for k in ("rows_in", "rows_clean", "rows_rejected", "duplicates_across_parts")]
    [3, 1, 1, 1]

    Each file its own source, the same order id in two files is two orders:

    >>> files = [folder / "a.csv", folder / "b.csv"]
    >>> report = clean_to_dataset(files, Path(tempfile.mkdtemp()) / "out", source=True)
    >>> [report[k] for k in ("rows_clean", "duplicates_across_parts")]
    [2, 0]
    """
    clean_table = cleaner(table)  # an unknown table is a ParameterError naming the tables
    if engine not in ("pandas", "dask"):
        raise ParameterError(f"engine={engine!r}: expected 'pandas' or 'dask'")
    if chunksize is not None and (engine == "dask" or is_dask(raw)):
        raise ParameterError(
            f"chunksize={chunksize!r} is for the pandas engine: Dask cleans a partition at "
            "a time (pass chunksize=None)"
        )
    clean_one = functools.partial(
        clean_table, columns=columns, ref_year=ref_year, aliases=aliases, **clean_options
    )
    sources: Iterable[tuple[Any, str]]
    if is_dask(raw):
        engine = "dask"
        sources = _partitions(raw, clean_one, table)
    else:
        files = [Path(p) for p in raw] if isinstance(raw, list | tuple) else raw_files(raw)
        options = dict(read_options or {})
        sources = (
            [(p, str(p)) for p in files]
            if chunksize is None
            else _chunks(files, chunksize, options, progress, clean_one, table)
        )
    keyed = table == "orders" and source is not False and source is not None and not is_dask(raw)
    key = list(schema.TABLES[table].key) + (["source"] if keyed else [])
    with staged(out, wait=wait) as root:  # the earlier result stays whole until the swap
        stage = root / ".parts"  # hidden: no part of the result, removed before the swap
        stage.mkdir()
        try:
            first = functools.partial(
                _first_pass,
                clean_one=clean_one,
                stage=stage,
                key=key,
                read_options=dict(read_options or {}),
                label=functools.partial(_source_label, source) if keyed else None,
            )
            chunked = progress and chunksize is None
            parts = _run(first, enumerate(sources), engine, chunked, "cleaning")
            names = [p["name"] for p in parts]
            verdicts = _cross_part_repeats([p["hashes"] for p in parts])
            second = functools.partial(
                _second_pass, names=names, stage=stage, root=root, key=key, table=table
            )
            jobs = [(i, names[i], verdicts.get(i, {})) for i in range(len(parts))]
            finals = _run(second, jobs, engine, progress, "writing")
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        report = _report(table, parts, finals, names)
        if not is_dask(raw) and not isinstance(raw, list | tuple):
            report["skipped"] = skipped_entries(raw)  # every entry left out, and why
        text = json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n"
        write_text(text, root / "report.json")
    return report


def _chunks(
    files: list[Path],
    chunksize: int,
    options: dict,
    progress: bool,
    clean_one: Callable,
    table: str,
) -> Iterator[tuple[Any, ...]]:
    """Each file's chunks as parts, named by file and rows; an .xlsx file whole.

    An order export's roles and line model are decided once per file, on the head of its
    first chunk, and every chunk is cleaned with them; the rows of the order a chunk ends
    on are held back and cleaned with the next chunk, so no order is split or doubled at a
    boundary (``whole_orders``).
    """
    for path in files:
        if path.suffix.lower() == ".xlsx" or entry_problem(path) is not None:
            yield path, str(path)  # read whole, or named as what it is (a FIFO …)
            continue
        try:
            chunks = read_table_chunks(path, chunksize, progress=progress, **options)
        except EmptyFileError as exc:  # a part of 0 rows, as _first_pass makes it
            yield exc, str(path)
            continue
        if table == "orders":
            chunks = whole_orders(chunks, clean_one)
        for k, item in enumerate(chunks):
            chunk, decided = item if isinstance(item, tuple) else (item, {})
            first = chunk.attrs["source"].first_row  # unknown with list skiprows=
            rows = f" rows {first:,}–{first + len(chunk) - 1:,}" if first else f" chunk {k}"
            yield chunk, f"{path}{rows}", decided


def _partitions(raw: Any, clean_one: Callable, table: str) -> list[tuple[Any, ...]]:
    """Cut a Dask frame into parts: for orders, decided on its head, whole orders each.

    The columns and line model are decided once, on the first rows (as for a file
    cleaned in chunks), and each partition is regrouped with its neighbours' edge rows
    so that no order is split or doubled at a partition boundary.
    """
    parts = raw.to_delayed()
    if table != "orders":
        return [(part, f"partition {i}") for i, part in enumerate(parts)]
    decided, order = decide(raw.head(DECIDE_ROWS, npartitions=-1), clean_one)
    if order is not None and len(parts) > 1:
        dask = import_dask()
        regroup = dask.delayed(whole_partition)
        lines = decided.get("lines")
        parts = [
            regroup(part, parts[i - 1] if i else None, parts[i + 1] if i + 1 < len(parts) else None,
                    order, lines)
            for i, part in enumerate(parts)
        ]  # fmt: skip
    return [(part, f"partition {i}", decided) for i, part in enumerate(parts)]


def _run(fn: Callable, jobs: Iterable, engine: str, progress: bool, what: str) -> list:
    """``fn(*job)`` for every job, in this process or on Dask; results in job order."""
    if engine == "dask":
        dask = import_dask()
        return list(dask.compute(*[dask.delayed(fn)(*job) for job in jobs]))
    if progress:
        from tqdm.auto import tqdm

        jobs = tqdm(jobs, desc=what, unit="part")
    return [fn(*job) for job in jobs]


def _first_pass(
    i: int,
    source_and_name: tuple,
    *,
    clean_one: Callable,
    stage: Path,
    key: list[str],
    read_options: dict,
    label: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Clean part ``i`` into the staging folder; return its report and key hashes."""
    source, name, *decided = source_and_name  # a chunk comes with its file's decisions
    if isinstance(source, pd.DataFrame):
        raw = source.copy(deep=False)
        if "source" not in raw.attrs:  # a Dask partition: rows numbered within it
            raw.attrs["source"] = SourceInfo(name)
    elif isinstance(source, InputError):  # found empty (or no file) when chunks were asked
        return _empty_part(name, source)
    elif (problem := entry_problem(source)) is not None:  # a loop, a FIFO … named as such
        return _empty_part(name, InputError(problem, path=source))
    else:
        try:
            raw = read_table(source, **read_options)
        except EmptyFileError as exc:
            return _empty_part(name, exc)
    result = clean_one(raw, **(decided[0] if decided else {}))
    rows = _source_rows(result, source_of(raw).first_row or 2)
    clean = result.clean
    if label is not None:  # the export's name joins the key
        where = source_of(raw).path or name
        clean = clean.assign(source=pd.Series(label(where), index=clean.index, dtype="str"))
    write_table(clean.assign(**{_ROW: rows}), stage / f"clean-{i:05d}.parquet")
    write_table(result.rejected, stage / f"rejected-{i:05d}.parquet")
    report = result.report.as_dict()
    hashes = pd.util.hash_pandas_object(clean[key], index=False).to_numpy()
    return {"name": name, "report": report, "hashes": hashes}


def _empty_part(name: str, why: InputError) -> dict[str, Any]:
    """Describe a part with nothing to clean: 0 rows, and the reason."""
    return {
        "name": name,
        "empty": why.message,
        "hashes": np.zeros(0, np.uint64),
        "report": {
            "rows_in": 0,
            "rows_rejected": 0,
            "duplicates_removed": 0,
            "rejected_by_reason": {},
            "rejected_by_code": {},
            "encoding": None,
            "header_mapping": {},
        },
    }


def _source_rows(result: cleaning.CleanResult, first_row: int) -> np.ndarray:
    """Find the source row of each clean row: the part's rows less rejected and repeated."""
    every = np.arange(first_row, first_row + result.report.rows_in)
    gone = np.concatenate(
        [
            result.rejected["row"].dropna().to_numpy(np.int64),
            result.report.duplicates["row"].dropna().to_numpy(np.int64),
        ]
    )
    rows = every[~np.isin(every, gone)]
    if len(rows) != len(result.clean):  # pragma: no cover - a bug, never user error
        raise InternalError(f"{len(rows)} source rows for {len(result.clean)} clean rows")
    return rows


def _cross_part_repeats(hashes: list[np.ndarray]) -> dict[int, dict[int, tuple[int, int]]]:
    """Find, for each part, its clean rows whose key hash occurred in an earlier part.

    Position → (earlier part, its position). The first occurrence wins.

    ``hashes`` holds each part's key hashes (8 bytes a clean row, all that is kept
    between the passes); parts and positions are rebuilt only for repeated hashes.
    """
    every = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    repeated = np.flatnonzero(pd.Series(every).duplicated(keep=False).to_numpy())
    starts = np.cumsum([0] + [len(h) for h in hashes])
    part = np.searchsorted(starts, repeated, side="right") - 1
    every = pd.DataFrame(
        {"key": every[repeated], "part": part, "position": repeated - starts[part]}
    )
    every = every.sort_values(["key", "part", "position"], kind="stable")
    firsts = every.drop_duplicates("key")
    later = every[every.duplicated("key")].merge(firsts, on="key", suffixes=("", "_first"))
    later = later[later["part"] != later["part_first"]]  # within a part the schema saw to it
    verdicts: dict[int, dict[int, tuple[int, int]]] = {}
    for part, rows in later.groupby("part"):
        verdicts[int(part)] = dict(
            zip(
                rows["position"].tolist(),
                zip(rows["part_first"].tolist(), rows["position_first"].tolist(), strict=True),
                strict=True,
            )
        )
    return verdicts


def _second_pass(
    i: int,
    name: str,
    repeats: dict[int, tuple[int, int]],
    *,
    names: list[str],
    stage: Path,
    root: Path,
    key: list[str],
    table: str,
) -> dict[str, int]:
    """Drop part ``i``'s duplicates of earlier parts, reject its key repeats, write it out."""
    if not (stage / f"clean-{i:05d}.parquet").is_file():  # an empty part
        return {"rows_clean": 0, "duplicates_across_parts": 0, "rejected_across_parts": 0}
    staged = pd.read_parquet(stage / f"clean-{i:05d}.parquet")
    source_rows = staged[_ROW].to_numpy()
    # the canonical dtypes again: Parquet gives an empty categorical no categories
    clean = staged.drop(columns=_ROW).astype(schema.empty(table).dtypes.to_dict())
    rejected = pd.read_parquet(stage / f"rejected-{i:05d}.parquet")
    duplicate = np.zeros(len(clean), bool)
    repeat = np.zeros(len(clean), bool)
    seen = np.empty(len(clean), dtype=object)  # where a repeated key was first seen
    by_part: dict[int, list[tuple[int, int]]] = {}
    for position, (part, at) in repeats.items():
        by_part.setdefault(part, []).append((position, at))
    for part, pairs in by_part.items():  # compare with the earlier rows themselves
        earlier = pd.read_parquet(stage / f"clean-{part:05d}.parquet")
        mine = clean.iloc[[p for p, _ in pairs]].reset_index(drop=True)
        theirs = earlier.iloc[[a for _, a in pairs]].reset_index(drop=True)
        same_key = _rows_equal(mine[key], theirs[key])
        same_row = same_key & _rows_equal(mine, theirs.drop(columns=_ROW))
        positions = np.array([p for p, _ in pairs])
        duplicate[positions[same_row]] = True
        repeat[positions[same_key & ~same_row]] = True
        first_seen = theirs[_ROW].to_numpy()[same_key & ~same_row]
        seen[positions[same_key & ~same_row]] = [
            f"{names[part]}, row {row:,}" for row in first_seen
        ]
    if repeat.any():
        hint = (
            ""
            if "source" in key
            else "; exports of different shops? pass source=True (--source-by-file)"
        )
        cells = clean[repeat].astype("str")
        extra = pd.DataFrame(
            {
                "row": pd.array(source_rows[repeat], dtype="Int64"),
                "column": [k for k in key if k != "source"][-1],
                "reason": [
                    f"fails check: {_REPEAT} — first seen in {w}{hint}" for w in seen[repeat]
                ],
                "reason_code": _REPEAT_CODE,
            }
        )
        rejected = pd.concat(
            [rejected, pd.concat([extra, cells.reset_index(drop=True)], axis=1)], ignore_index=True
        )
    kept = clean[~duplicate & ~repeat].reset_index(drop=True)
    rejected = rejected.astype("str").assign(part=name)
    rejected = rejected[["part", *(c for c in rejected.columns if c != "part")]]
    date = {"orders": "date", "inventory": "period"}.get(table)
    # parts may be written at once on Dask workers: the result's manifest is written last
    write_dataset(
        kept, root / "clean", ("year",) if date else (), mode="append", part=i, seal=False
    )
    write_table(rejected, root / "rejected" / f"part-{i:05d}.csv")
    return {
        "rows_clean": len(kept),
        "duplicates_across_parts": int(duplicate.sum()),
        "rejected_across_parts": int(repeat.sum()),
    }


def _rows_equal(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """Row by row: every value equal, missing equal to missing."""
    same = np.ones(len(a), bool)
    for column in a.columns:
        x, y = a[column], b[column]
        both_missing = (x.isna() & y.isna()).to_numpy()
        equal = (x == y).to_numpy(dtype=bool, na_value=False)
        same &= equal | both_missing
    return same


def _report(table: str, parts: list[dict], finals: list[dict], names: list[str]) -> dict:
    per_part = []
    reasons: dict[str, int] = {}
    codes: dict[str, int] = {}
    for name, part, final in zip(names, parts, finals, strict=True):
        r = part["report"]
        rejected = r["rows_rejected"] + final["rejected_across_parts"]
        row = {
            "part": name,
            "rows_in": r["rows_in"],
            "rows_clean": final["rows_clean"],
            "rows_rejected": rejected,
            "duplicates_removed": r["duplicates_removed"],
            "duplicates_across_parts": final["duplicates_across_parts"],
            "encoding": r.get("encoding"),
            "header_mapping": r["header_mapping"],
            **({"empty": part["empty"]} if "empty" in part else {}),
        }
        out = row["rows_clean"] + rejected + row["duplicates_removed"]
        if out + row["duplicates_across_parts"] != row["rows_in"]:  # pragma: no cover - a bug
            raise InternalError(f"row accounting broke in {name}: {row}")
        per_part.append(row)
        across = {f"fails check: {_REPEAT}": final["rejected_across_parts"]}
        _add_counts(reasons, r["rejected_by_reason"], across)
        _add_counts(codes, r["rejected_by_code"], {_REPEAT_CODE: final["rejected_across_parts"]})
    totals = {
        k: sum(p[k] for p in per_part)
        for k in (
            "rows_in",
            "rows_clean",
            "rows_rejected",
            "duplicates_removed",
            "duplicates_across_parts",
        )
    }
    return {
        "table": table,
        "parts": len(per_part),
        **totals,
        "rejected_by_reason": reasons,
        "rejected_by_code": dict(sorted(codes.items(), key=lambda kv: -kv[1])),
        "per_part": per_part,
    }


def _add_counts(total: dict[str, int], *counts: Mapping[str, int]) -> None:
    """Add counts by reason (or code) into ``total``, leaving out those of 0."""
    for each in counts:
        for what, n in each.items():
            if n:
                total[what] = total.get(what, 0) + n
