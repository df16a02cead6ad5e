r"""Writing an ``.xlsx`` workbook: the sheet's rows built as XML a column at a time.

pandas' ``DataFrame.to_excel`` builds every cell of the sheet in memory through its
own formatter before openpyxl writes them out. Here openpyxl writes only the
workbook's frame (styles, the bold frozen header, column widths as wide as the header
and first rows need), and the rows go into the sheet as XML built a column at a time,
text escaped once per *distinct* value; columns of other kinds go through openpyxl
cell by cell.

Characters an ``.xlsx`` file cannot hold — the C0 controls other than tab, line feed
and carriage return (NUL, VT, FF …), which make openpyxl raise
``IllegalCharacterError`` — are written as their Unicode control pictures
(``\x0b`` → ``␋``, ``\x00`` → ``␀``), so the cell keeps a visible trace of them.

Examples
--------
>>> import io, openpyxl
>>> buffer = io.BytesIO()
>>> write_xlsx(pd.DataFrame({"名称": ["a\x0bb"], "n": [1.5]}), buffer)
>>> sheet = openpyxl.load_workbook(buffer).active
>>> [[c.value for c in row] for row in sheet.iter_rows()], sheet.freeze_panes
([['名称', 'n'], ['a␋b', 1.5]], 'A2')
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from microcommerce.errors import InputError

__all__ = ["ILLEGAL_XLSX", "visible_controls", "write_xlsx"]

#: The characters openpyxl refuses in a cell (those of ``ILLEGAL_CHARACTERS_RE``).
ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDTH_SAMPLE = 1_000  # rows looked at to size a column
_MAX_WIDTH, _MIN_WIDTH = 60, 6
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def visible_controls(text: str) -> str:
    r"""Replace each character a workbook cannot hold by its Unicode control picture.

    Examples
    --------
    >>> visible_controls("a\x00b\x0cc\td")
    'a␀b␌c\td'
    """
    return ILLEGAL_XLSX.sub(lambda m: chr(0x2400 + ord(m.group())), text)


def _text_cells(values: pd.Series) -> np.ndarray:
    """Text (or other objects) as cells: per distinct value, controls made visible."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable objects (dicts, lists): their text, as pandas writes
        text = values.astype(str).astype(object).where(values.notna(), None)
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
    cells = np.empty(len(uniques) + 1, dtype=object)  # the last slot: missing
    for i, value in enumerate(uniques):  # distinct values, not rows
        if isinstance(value, str):
            cells[i] = visible_controls(value) if ILLEGAL_XLSX.search(value) else value
        elif isinstance(value, bool | int | float | datetime.date | datetime.time):
            cells[i] = value
        elif isinstance(value, np.generic):
            cells[i] = value.item()
        else:  # what pandas' writer does with another object: its text
            cells[i] = visible_controls(str(value))
    cells[-1] = None
    return cells[codes]  # code -1 (missing) takes the last slot


def _refuse_timezone(dtype: object, name: object) -> None:
    """Raise InputError for a column of dates with a time zone (Excel has none)."""
    if isinstance(dtype, pd.DatetimeTZDtype):
        raise InputError(
            f"column {name!r}: Excel does not support timezones; convert it first "
            "(.dt.tz_convert('Asia/Shanghai').dt.tz_localize(None))"
        )


def _cells(values: pd.Series, name: object) -> np.ndarray:
    """One column as an array of Python values openpyxl writes (None for missing)."""
    dtype = values.dtype
    _refuse_timezone(dtype, name)
    if pd.api.types.is_bool_dtype(dtype) and not values.hasnans:
        return values.to_numpy(dtype=object)
    if pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        out = np.array(values.to_numpy(dtype=object, na_value=None), dtype=object)
        if pd.api.types.is_float_dtype(dtype):  # as pandas writes them: inf as text
            floats = values.to_numpy(dtype="float64", na_value=np.nan)
            out[np.isnan(floats)] = None
            out[np.isposinf(floats)] = "inf"
            out[np.isneginf(floats)] = "-inf"
        return out
    if pd.api.types.is_datetime64_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        out = np.array(values.astype(object).to_numpy(), dtype=object)  # a writable copy
        out[values.isna().to_numpy()] = None
        return out
    return _text_cells(values)


def _width(header: str, cells: np.ndarray) -> float:
    """Size a column (in characters) to fit the header and the first rows."""
    sample = [header, *(str(c) for c in cells[:_WIDTH_SAMPLE] if c is not None)]
    longest = max(len(t) + len(_WIDE.findall(t)) for t in sample)  # CJK counts twice
    return float(min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH))


def write_xlsx(
    df: pd.DataFrame,
    f: BinaryIO,
    *,
    index: bool = False,
    sheet: str = "Sheet1",
    progress: bool = False,
) -> None:
    """Write ``df`` to the binary file ``f`` as a one-sheet ``.xlsx`` workbook.

    openpyxl writes the workbook's frame (styles, the bold frozen header, column
    widths); the rows are written as sheet XML built a column at a time, text
    escaped once per distinct value. Columns of other kinds (time spans, dates
    before March 1900, objects) go through openpyxl cell by cell instead.

    Parameters
    ----------
    df
        The table (text already made formula-safe, if wanted).
    f
        An open binary file.
    index
        Write the index levels as the first columns.
    sheet
        The sheet's name.
    progress
        Show a progress bar of the rows written (tqdm).

    Raises
    ------
    InputError
        A column of dates with a time zone (Excel has none).
    """
    if index:
        df = df.reset_index(allow_duplicates=True)
    kinds = [_kind(df.iloc[:, i], df.columns[i]) for i in range(df.shape[1])]
    if None in kinds:
        _write_openpyxl(df, f, sheet=sheet, progress=progress)
        return
    frame, date_style = _frame(df, sheet)
    with zipfile.ZipFile(io.BytesIO(frame)) as skeleton:
        xml = skeleton.read(_SHEET).decode("utf-8")
        head, _, tail = xml.partition("</row>")  # the header row ends the head
        tail = tail[tail.index("</sheetData>") :]  # the template row left out
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as out:
            for item in skeleton.infolist():
                if item.filename != _SHEET:
                    out.writestr(item, skeleton.read(item.filename))
            with out.open(_SHEET, "w", force_zip64=True) as part:
                part.write((head + "</row>").encode("utf-8"))
                for block in _row_blocks(df, kinds, date_style, progress):
                    part.write(block)
                part.write(tail.encode("utf-8"))


_SHEET = "xl/worksheets/sheet1.xml"
_BLOCK = 20_000  # rows turned into XML at a time
_EPOCH = pd.Timestamp("1899-12-30")  # Excel's day 0 (from March 1900 on)


def _kind(values: pd.Series, name: object) -> str | None:
    """How the fast path writes a column: number, bool, date, text; None: by openpyxl."""
    dtype = values.dtype
    _refuse_timezone(dtype, name)
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        return "number"
    if pd.api.types.is_datetime64_dtype(dtype):
        early = values.dropna()
        return "date" if early.empty or early.min() >= pd.Timestamp("1900-03-01") else None
    if isinstance(dtype, pd.CategoricalDtype):  # categories of numbers or dates: openpyxl's
        text = pd.api.types.infer_dtype(dtype.categories, skipna=True) in ("string", "empty")
        return "text" if text else None
    if pd.api.types.is_string_dtype(dtype):
        plain = pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
        if pd.api.types.is_object_dtype(dtype) and not plain:
            return None  # dicts, dates as objects …: openpyxl's rules
        return "text"
    return None


def _frame(df: pd.DataFrame, sheet: str) -> tuple[bytes, str]:
    """Make the workbook without its rows (header, widths, styles); give the date style's id."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    samples = []
    for i in range(df.shape[1]):
        head = df.iloc[:, i].head(_WIDTH_SAMPLE)
        samples.append(head.astype(object).where(head.notna()).to_numpy())
    _sheet_head(ws, df, samples)
    template = WriteOnlyCell(ws, value=datetime.datetime(2000, 1, 1))
    template.number_format = "yyyy-mm-dd hh:mm:ss"
    ws.append([template])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        xml = z.read(_SHEET).decode("utf-8")
    style = re.search(r'<row r="2"><c r="A2" s="(\d+)"', xml)
    return buffer.getvalue(), style.group(1) if style else "0"


def _sheet_head(ws: Any, df: pd.DataFrame, samples: list[np.ndarray]) -> None:
    """Size the columns to the header and the sample cells, freeze and write the bold header."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    headers = [visible_controls(str(c)) for c in df.columns]
    for i, (header, cells) in enumerate(zip(headers, samples, strict=True), start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(header, cells)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)


def _row_blocks(df: pd.DataFrame, kinds: list, date_style: str, progress: bool):
    """Yield the rows' XML, ``_BLOCK`` rows at a time, as UTF-8 bytes."""
    from openpyxl.utils import get_column_letter
    from tqdm.auto import tqdm

    letters = [get_column_letter(i + 1) for i in range(df.shape[1])]
    with tqdm(total=len(df), desc="xlsx", unit="row", disable=not progress) as bar:
        for start in range(0, len(df), _BLOCK):
            part = df.iloc[start : start + _BLOCK]
            rows = np.arange(start + 2, start + 2 + len(part)).astype(str).astype(object)
            xml = '<row r="' + rows + '">'
            for i, kind in enumerate(kinds):
                xml = xml + _column_xml(part.iloc[:, i], kind, letters[i], rows, date_style)
            xml = xml + "</row>"
            bar.update(len(part))
            yield "".join(xml.tolist()).encode("utf-8")


def _column_xml(
    values: pd.Series, kind: str, letter: str, rows: np.ndarray, date_style: str
) -> np.ndarray:
    """Each cell of one column as XML (an empty string for a missing value)."""
    ref = '<c r="' + letter + rows + '"'
    missing = values.isna().to_numpy()
    if kind == "text":
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        bodies = np.array([_text_body(str(u)) for u in uniques] + [""], dtype=object)
        body = bodies[codes]
    elif kind == "bool":
        flags = np.where(values.to_numpy(dtype=bool, na_value=False), "1", "0").astype(object)
        body = ' t="b"><v>' + flags + "</v></c>"
    elif kind == "date":
        days = ((values - _EPOCH) / pd.Timedelta(days=1)).to_numpy(dtype="float64", na_value=0.0)
        body = f' s="{date_style}"><v>' + _numbers(days) + "</v></c>"
    else:
        floats = values.to_numpy(dtype="float64", na_value=np.nan)
        finite = np.isfinite(floats)
        if pd.api.types.is_integer_dtype(values.dtype):
            text = values.astype("string").to_numpy(dtype=object, na_value="")
        else:
            text = _numbers(np.where(finite, floats, 0.0))
        body = "><v>" + text + "</v></c>"
        infinite = ~finite & ~missing
        if infinite.any():  # as pandas writes them: inf as text
            word = np.where(floats[infinite] > 0, "inf", "-inf").astype(object)
            body[infinite] = ' t="inlineStr"><is><t>' + word + "</t></is></c>"
        missing = missing | np.isnan(floats) & ~infinite
    cells = ref + body
    cells[missing] = ""
    return cells


def _numbers(x: np.ndarray) -> np.ndarray:
    """Floats as the shortest text that reads back the same (``repr``)."""
    return np.array([repr(v) for v in x.tolist()], dtype=object)


def _text_body(text: str) -> str:
    """Write a text cell's XML after its reference; a text starting with ``=`` is a formula.

    That is what openpyxl (and so pandas) writes; ``write_table`` has quoted such
    text unless told to write it verbatim (``safe=False``).
    """
    if text.startswith("=") and len(text) > 1:
        return f"><f>{_escaped(text[1:])}</f></c>"
    return f' t="inlineStr"><is><t xml:space="preserve">{_escaped(text)}</t></is></c>'


def _escaped(text: str) -> str:
    text = visible_controls(text) if ILLEGAL_XLSX.search(text) else text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_openpyxl(
    df: pd.DataFrame, f: BinaryIO, *, sheet: str = "Sheet1", progress: bool = False
) -> None:
    """Write ``df`` cell by cell through openpyxl (the dtypes the fast path leaves out).

    ``df``'s index is not written (:func:`write_xlsx` has made it columns when asked); the
    other parameters, and the InputError for a column of dates with a time zone, are
    those of :func:`write_xlsx`.
    """
    from openpyxl import Workbook
    from tqdm.auto import tqdm

    columns = [_cells(df.iloc[:, i], df.columns[i]) for i in range(df.shape[1])]
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    _sheet_head(ws, df, columns)
    rows: Any = zip(*columns, strict=True) if columns else iter([()] * len(df))
    if progress:
        rows = tqdm(rows, total=len(df), desc="xlsx", unit="row", miniters=1_000)
    for row in rows:  # openpyxl writes a row at a time: the rows are already Python values
        ws.append(row)
    book.save(f)
