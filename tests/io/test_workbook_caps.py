"""Workbook caps that hold: a crafted-workbook corpus, each refused before pandas expands it.

Every workbook is built here, byte by byte, a few KB each: what matters is what the
workbook *declares and contains*, not how a spreadsheet program would write it.
"""

from __future__ import annotations

import time
import zipfile

import pandas as pd
import pytest

from microcommerce.errors import InputError
from microcommerce.io import Limits, read_table

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(path, rows: str, *, at="worksheets/sheet1.xml", dimension="A1", strings=()):
    """Write a minimal .xlsx whose one sheet (stored at ``xl/<at>``) holds ``rows``."""
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/{at}" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if strings
            else ""
        )
        + "</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    book = (
        f'<workbook {NS} xmlns:r="{REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="{at}"/>'
        + (
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            if strings
            else ""
        )
        + "</Relationships>"
    )
    sheet = (
        f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr(f"xl/{at}", sheet)
        if strings:
            items = "".join(f"<si><t>{s}</t></si>" for s in strings)
            z.writestr("xl/sharedStrings.xml", f'<sst {NS} count="{len(strings)}">{items}</sst>')
    return path


def _inline(ref: str, text: str, sep: str = " ") -> str:
    return f'<c{sep}r="{ref}"{sep}t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_AND_ROW = (
    f'<row r="1">{_inline("A1", "shop")}{_inline("B1", "n")}</row>'
    f'<row r="2">{_inline("A2", "a")}{_inline("B2", "1")}</row>'
)


def _refused(path, match, limits=None):
    start = time.perf_counter()
    with pytest.raises(InputError, match=match) as info:
        read_table(path, limits=limits or Limits())
    assert time.perf_counter() - start < 2
    assert len(str(info.value)) < 400 and "\n" not in str(info.value)
    return info.value


def test_the_crafted_builder_makes_a_workbook_that_reads(tmp_path):
    df = read_table(workbook(tmp_path / "ok.xlsx", HEADER_AND_ROW, dimension="A1:B2"))
    assert df.to_dict("list") == {"shop": ["a"], "n": ["1"]}


def test_a_far_cell_is_refused_before_padding(tmp_path):
    """One cell at XFD1048576: pandas would pad to 17 billion cells (> 6 GB in 21 s)."""
    rows = HEADER_AND_ROW + f'<row r="1048576">{_inline("XFD1048576", "x")}</row>'
    path = workbook(tmp_path / "far.xlsx", rows)
    assert path.stat().st_size < 2_000
    _refused(path, r"reaches row 1,048,576 and column XFD: 1,048,576 rows × 16,384 columns")


def test_a_far_row_or_column_alone_is_refused(tmp_path):
    rows = HEADER_AND_ROW + '<row r="30000000"><c t="inlineStr"><is><t>x</t></is></c></row>'
    _refused(
        workbook(tmp_path / "row.xlsx", rows),
        r"reaches row 30,000,000 and column B: 30,000,000 rows × 2 columns",
    )
    wide = HEADER_AND_ROW.replace('"B2"', '"XFD2"')
    _refused(
        workbook(tmp_path / "col.xlsx", wide),
        r"2 rows × 16,384 columns",
        Limits(workbook_cells=30_000),
    )


def test_a_declared_dimension_counts(tmp_path):
    path = workbook(tmp_path / "dim.xlsx", HEADER_AND_ROW, dimension="A1:XFD1048576")
    _refused(path, "reaches row 1,048,576 and column XFD")


@pytest.mark.parametrize("sep", ["\n", "\t", "\r\n  ", "   "])
def test_cell_tags_count_whatever_their_whitespace(tmp_path, sep):
    cells = "".join(
        f'<row r="{r}">{_inline(f"A{r}", "v", sep)}{_inline(f"B{r}", "w", sep)}</row>'
        for r in range(1, 601)
    )
    path = workbook(tmp_path / "ws.xlsx", cells)
    assert read_table(path).shape == (599, 2)
    _refused(path, "more than 1,000 cells", Limits(workbook_cells=1_000))


def test_prefixed_and_blank_padded_references_count(tmp_path):
    rows = HEADER_AND_ROW + '<x:row r="9"><x:c\n r \n=\n"XFD9"/></x:row>'
    _refused(
        workbook(tmp_path / "prefixed.xlsx", rows),
        "reaches row 9 and column XFD",
        Limits(workbook_cells=100_000),
    )


@pytest.mark.parametrize(
    "at", ["elsewhere/s.xml", "../outside.xml", "worksheets/../x/y.bin", "./a/../b.bin"]
)
def test_a_sheet_stored_anywhere_is_checked(tmp_path, at):
    rows = HEADER_AND_ROW + f'<row r="1048576">{_inline("XFD1048576", "x")}</row>'
    _refused(
        workbook(tmp_path / "anywhere.xlsx", rows, at=at), "reaches row 1,048,576 and column XFD"
    )
    many = "".join(f'<row r="{r}">{_inline(f"A{r}", "v")}</row>' for r in range(1, 1200))
    _refused(
        workbook(tmp_path / "many.xlsx", many, at=at),
        "more than 1,000 cells",
        Limits(workbook_cells=1_000),
    )


def test_shared_strings_beyond_the_cells_are_refused(tmp_path):
    """8 cells and 30 million shared strings took 4.7 GB and 278 s; here 20,000."""
    strings = [f"s{i}" for i in range(20_008)]
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
    )
    error = _refused(
        workbook(tmp_path / "sst.xlsx", rows, strings=strings), "20,008 shared strings for 4 cells"
    )
    assert "sst.xlsx" in str(error)
    few = workbook(tmp_path / "few.xlsx", rows, strings=strings[:100])
    assert read_table(few).to_dict("list") == {"s0": ["s2"], "s1": ["s3"]}
    dangling = workbook(
        tmp_path / "dangling.xlsx", rows.replace("<v>3</v>", "<v>999</v>"), strings=strings[:3]
    )
    _refused(dangling, "damaged .xlsx workbook")  # was a raw IndexError from openpyxl


def test_a_real_workbook_is_not_refused_by_its_theme_or_styles(tmp_path):
    from microcommerce.io import write_table

    df = pd.DataFrame({"a": ["x"] * 50, "b": range(50)})
    path = write_table(df, tmp_path / "real.xlsx")
    assert read_table(path, limits=Limits(workbook_cells=102)).shape == (50, 2)


def test_a_far_column_counts_every_earlier_small_row(tmp_path):
    """9,000 rows in column A, then one cell at XFD1: 9,000 rows padded to 16,384 columns.

    At that width the cap allows 1,220 rows: the first row past it is named.
    """
    rows = "".join(f'<row r="{r}">{_inline(f"A{r}", "v")}</row>' for r in range(1, 9_001))
    rows += f'<row r="9001">{_inline("XFD1", "x")}</row>'.replace('r="9001"', 'r="1"')
    _refused(workbook(tmp_path / "wide.xlsx", rows), r"reaches row 1,221 and column XFD")


def test_a_reference_cut_by_a_long_run_of_blanks_counts(tmp_path):
    """Blanks longer than a block between ``r`` and ``=`` cannot hide a far cell."""
    blanks = " " * (3 << 20)
    rows = HEADER_AND_ROW + f'<row r="3"><c r{blanks}={blanks}"XFD1048576"/></row>'
    error = _refused(
        workbook(tmp_path / "blanks.xlsx", rows), "reaches row 1,048,576 and column XFD"
    )
    assert len(str(error)) < 400


def test_an_oversized_listing_of_parts_is_refused(tmp_path):
    path = workbook(tmp_path / "rels.xlsx", HEADER_AND_ROW)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/worksheets/_rels/pad.xml.rels", "<R/>" + " " * (17 << 20))
    _refused(path, r"which lists its parts, holds 17,825,796 bytes")
