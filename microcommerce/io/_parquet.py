"""Parquet files read whole or in batches of rows, with their own types.

Every Parquet file the package writes carries a CRC checksum on each page
(:data:`WRITE_CHECKSUMS`), and every read verifies them (:data:`VERIFY_CHECKSUMS`): a
bit flipped on disk is an error naming the file, not wrong figures. (Files written
without checksums, by older versions or other tools, read as before.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.errors import CorruptFileError
from microcommerce.io._source import PathArg, SourceInfo

WRITE_CHECKSUMS = {"write_page_checksum": True}
"""Options of ``DataFrame.to_parquet`` that write a CRC checksum on every page."""
VERIFY_CHECKSUMS = {"page_checksum_verification": True}
"""Options of ``pandas.read_parquet`` that verify every page's checksum."""


def read_parquet(path: PathArg, **kw: Any) -> pd.DataFrame:
    """Read one Parquet file whole, verifying its pages' checksums.

    Parameters
    ----------
    path : str or Path
        The file.
    **kw : dict
        Passed to :func:`pandas.read_parquet` (``columns=`` …).

    Returns
    -------
    pandas.DataFrame
        The table, with the types it was written with.

    Raises
    ------
    CorruptFileError
        The file is not readable Parquet, or a page does not match its checksum.

    Examples
    --------
    >>> import tempfile
    >>> from microcommerce.io import write_table
    >>> path = write_table(pd.DataFrame({"a": [1, 2]}), f"{tempfile.mkdtemp()}/t.parquet")
    >>> read_parquet(path)["a"].tolist()
    [1, 2]
    """
    return _read_parquet(Path(path), path, **kw)[0]


def _read_parquet(p: Path, shown: PathArg, **kw: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        df = pd.read_parquet(p, **{**VERIFY_CHECKSUMS, **kw})
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None
    return df, {"encoding": None}


def _parquet_chunks(
    p: Path, shown: PathArg, chunksize: int, progress: bool, **kw: Any
) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq
    from tqdm.auto import tqdm

    try:
        parquet = pq.ParquetFile(p, **VERIFY_CHECKSUMS)
    except (OSError, ValueError) as exc:
        raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None

    def chunks() -> Iterator[pd.DataFrame]:
        with (
            parquet,
            tqdm(
                total=parquet.metadata.num_rows, unit="row", desc=p.name, disable=not progress
            ) as bar,
        ):
            rows = 0
            try:
                for batch in parquet.iter_batches(batch_size=chunksize, **kw):
                    df = batch.to_pandas()
                    # rows numbered as cleaning numbers a whole table: from 2
                    df.attrs["source"] = SourceInfo(os.fspath(shown), "parquet", first_row=2 + rows)
                    rows += len(df)
                    bar.update(len(df))
                    yield df
            except (OSError, ValueError) as exc:
                raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None

    return chunks()
