"""Hostile files against the caps: the time and peak memory of refusing each one.

Each file is built in a temporary folder, then read with ``read_table`` in a fresh
process (so that its peak resident memory, ``ru_maxrss``, is that read's alone); the
baseline is the same process reading a small, honest workbook. The figures go to
SECURITY.md's table::

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _workbook(path: Path, chunks, *, at="worksheets/sheet1.xml", strings: int = 0) -> Path:
    """A minimal workbook whose sheet XML is streamed from ``chunks`` (bytes)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{_CT}.sheet.main+xml"/><Override PartName="/xl/{at}" '
            f'ContentType="{_CT}.worksheet+xml"/>'
            + (
                f'<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{_CT}.sharedStrings+xml"/>'
                if strings
                else ""
            )
            + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="{at}"/>'
            + (
                f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                if strings
                else ""
            )
            + "</Relationships>",
        )
        with z.open(f"xl/{at}", "w", force_zip64=True) as f:
            f.write(f"<worksheet {NS}><sheetData>".encode())
            for chunk in chunks:
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
        if strings:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                f.write(f'<sst {NS} count="{strings}">'.encode())
                block = b"<si><t>x</t></si>" * 100_000
                for _ in range(strings // 100_000):
                    f.write(block)
                f.write(b"</sst>")
    return path


_HEAD = (
    b'<row r="1">'
    + b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (bytes([c]), bytes([c]))
        for c in b"ABCDEFGHIJ"
    )
    + b"</row>"
)


def _rows(n: int, cells: int, sep: bytes = b" "):
    """``n`` rows of ``cells`` empty cells, with ``sep`` between ``<c`` and ``r=``."""
    for start in range(2, n + 2, 10_000):
        yield b"".join(
            b'<row r="%d">' % r
            + b"".join(
                b"<c" + sep + b'r="%s%d"><v>1</v></c>' % (b"ABCDEFGHIJ"[i : i + 1], r)
                for i in range(cells)
            )
            + b"</row>"
            for r in range(start, min(start + 10_000, n + 2))
        )


def build(folder: Path) -> dict[str, Path]:
    """The hostile workbooks of issue 30, and an honest one as the baseline."""
    far = _HEAD + b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return {
        "honest: 1,000 rows × 10 cells": _workbook(
            folder / "honest.xlsx", [_HEAD, *_rows(1_000, 10)]
        ),
        "one cell at XFD1048576": _workbook(folder / "far.xlsx", [far]),
        "25 M cells written <c\\nr=…>": _workbook(folder / "nl.xlsx", _rows(2_500_000, 10, b"\n")),
        "25 M cells outside xl/worksheets/": _workbook(
            folder / "elsewhere.xlsx", _rows(2_500_000, 10), at="elsewhere/s.xml"
        ),
        "2 cells, 30 M shared strings": _workbook(
            folder / "sst.xlsx",
            [b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>'],
            strings=30_000_000,
        ),
    }


_PROBE = """
import resource, sys, time
from microcommerce.io import read_table
from microcommerce.errors import InputError
start = time.perf_counter()
try:
    read_table(sys.argv[1]); outcome = "read"
except InputError as exc:
    outcome = "refused: " + str(exc).split(": ", 1)[1][:70]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{time.perf_counter() - start:.2f}\\t{peak}\\t{outcome}")
"""


def probe(path: Path) -> tuple[float, int, str]:
    """Read ``path`` in a fresh process: seconds, peak MB of the whole process, outcome."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, os.fspath(path)], capture_output=True, text=True, check=True
    ).stdout.strip()
    seconds, mb, outcome = out.split("\t")
    return float(seconds), int(mb), outcome


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp))
        base_s, base_mb, _ = probe(next(iter(files.values())))
        print("| hostile file | size | time | peak memory (process) | outcome |")
        print("|---|---|---|---|---|")
        for label, path in files.items():
            seconds, mb, outcome = probe(path)
            size = path.stat().st_size
            print(
                f"| {label} | {size / 1e6:.3f} MB | {seconds:.2f} s ({seconds / base_s:.1f}× "
                f"honest) | {mb} MB ({mb / base_mb:.2f}× honest) | {outcome} |"
            )


if __name__ == "__main__":
    main()
