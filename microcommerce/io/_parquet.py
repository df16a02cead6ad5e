"""Parquet files read whole or in batches of rows, with their own types."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.errors import CorruptFileError
from microcommerce.io._source import PathArg, SourceInfo


def _read_parquet(p: Path, shown: PathArg, **kw: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        df = pd.read_parquet(p, **kw)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise CorruptFileError(f"not a readable Parquet file ({exc})", path=shown) from None
    return df, {"encoding": None}


def _parquet_chunks(
    p: Path, shown: PathArg, chunksize: int, progress: bool, **kw: Any
) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq
    from tqdm.auto import tqdm

    try:
        parquet = pq.ParquetFile(p)
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
