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
Results of several files go through :func:`staged` (a folder) or :func:`staged_files`
(files side by side), which make them appear whole or not at all.

The public names are re-exported here; the modules behind them are machinery and may
change without notice:

- ``_read``: the entry points :func:`read_table` and :func:`read_table_chunks`, which
  check the file and pick the reader.
- ``_source``: what a read records (:class:`SourceInfo`), the file checks and caps
  (:class:`Limits`).
- ``_encoding``: sniffing UTF-8 with or without a byte-order mark, or GB18030.
- ``_csv``: CSV, TSV and delimited TXT read as text, ragged rows kept and listed.
- ``_excel``: ``.xlsx`` workbooks read as text, after checks that they are one and not
  too big.
- ``_parquet``: Parquet read whole or in batches, with its own types.
- ``_write``: :func:`write_table` and :func:`write_text`, atomic and formula-safe.
- ``_xlsx``: the ``.xlsx`` writer, the sheet built as XML a column at a time.
- ``_formulas``: :func:`neutralise_formulas` — text a spreadsheet would run, quoted.
- ``_durable``: flushing renames to disk, one-line errors, the fault-injection hook.
- ``_staging``: all-or-nothing results — :func:`staged`, :func:`staged_files` and
  their manifest.
- ``_pinned``: consistent reads — a reader sees one result from start to end, or an
  error.
- ``_partitioned``: partitioned Parquet datasets (:func:`write_dataset`,
  :func:`read_dataset`).

It imports only :mod:`microcommerce.errors` and :mod:`microcommerce.core`.

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
