"""Read exports as raw text; write tables, and results of many files, all or nothing.

:func:`read_table` reads ``.csv``, ``.tsv``, ``.txt``, ``.xlsx`` and ``.parquet``.
CSV-like and Excel files come back with **every column as text** (pandas ``str``),
empty cells missing and nothing else inferred — ``0012`` stays ``0012``, ``NA`` and
``null`` stay text — because deciding what a cell means is cleaning's job, done
with reasons. The encoding of a text file is sniffed among UTF-8 with a byte-order
mark, UTF-8 and GB18030 (the superset of GBK that Chinese Excel and back offices
write). ``df.attrs["source"]`` is a :class:`SourceInfo`: the path, the format, the
encoding used, ``first_row`` (the source row of the first data row, the header
being row 1), the sheet and the ragged rows. Hostile files are refused before they
are parsed or expanded (:class:`Limits`).

Blank lines are **kept** as rows of missing values (``skip_blank_lines=False``), so
that data row ``i`` is always row ``first_row + i`` of the file and cleaning reports
can point at real rows (a multi-line quoted cell shifts the count, as in Excel).

:func:`write_table` writes ``.parquet``, ``.csv`` or ``.xlsx`` through a temporary
file in the same folder that is renamed onto the target only once complete and
flushed to disk: a crash never leaves half a file, and an earlier file stays intact.
Results of several files go through ``io._staging``, which makes
them appear whole or not at all.

The package is split by job: ``_source`` (what a read records, the file checks and
caps), ``_encoding``, ``_csv`` (with the ragged-row handling), ``_excel``,
``_parquet``, ``_read`` (the entry points), ``_write``, ``_durable`` (flushing,
one-line errors, the fault-injection hook); public modules: :mod:`.formulas`,
:mod:`.staging`, :mod:`.partitioned`. It imports only :mod:`microcommerce.errors`
and :mod:`microcommerce.core`.

Examples
--------
>>> import tempfile, pandas as pd
>>> folder = tempfile.mkdtemp()
>>> path = write_table(pd.DataFrame({"订单号": ["0012"], "金额": ["NA"]}), f"{folder}/o.csv")
>>> df = read_table(path)
>>> df.iloc[0].tolist(), df.attrs["source"].encoding
(['0012', 'NA'], 'utf-8-sig')
"""

from __future__ import annotations

from microcommerce.io._encoding import ENCODINGS, sniff_encoding
from microcommerce.io._formulas import neutralise_formulas
from microcommerce.io._parquet import read_parquet
from microcommerce.io._partitioned import MANIFEST, dataset_files, read_dataset, write_dataset
from microcommerce.io._read import read_table, read_table_chunks
from microcommerce.io._source import (
    READ_FORMATS,
    WRITE_FORMATS,
    Limits,
    PathArg,
    RaggedRows,
    SourceInfo,
    entry_problem,
    source_of,
)
from microcommerce.io._staging import staged, staged_files
from microcommerce.io._write import write_table, write_text

__all__ = [
    "ENCODINGS",
    "MANIFEST",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "Limits",
    "PathArg",
    "RaggedRows",
    "SourceInfo",
    "dataset_files",
    "entry_problem",
    "neutralise_formulas",
    "read_dataset",
    "read_parquet",
    "read_table",
    "read_table_chunks",
    "sniff_encoding",
    "source_of",
    "staged",
    "staged_files",
    "write_dataset",
    "write_table",
    "write_text",
]
