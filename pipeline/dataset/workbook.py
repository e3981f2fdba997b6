"""The dataset for spreadsheets: one Excel workbook, and CSV files for French-locale spreadsheets.

``panorama-iae.xlsx`` has a sheet ``about`` (source, licences, what the build
read), one sheet per table with typed cells (numbers are numbers, ``01`` stays
text, nulls are empty), the header row frozen and filters on, and a sheet
``columns`` describing every column. Two builds give the same bytes: the
document properties' dates and the zip entries' dates are fixed (openpyxl
stamps both with the time of writing).

``csv-excel-fr/<table>.csv`` are the tables as a French-locale spreadsheet
opens a double-clicked file right: UTF-8 with a byte order mark, ``;`` between
fields, ``,`` as decimal mark, CRLF line ends. The contract's CSV files
(UTF-8 without BOM, comma, RFC 4180) are left as they are, for programs.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.core.provenance import code_version, library_versions, provenance_lines
from pipeline.dataset.datapackage import LICENSES, PUBLICATION, TITLE, columns
from schemas import TABLES

WORKBOOK = "panorama-iae.xlsx"
EXCEL_CSV_FOLDER = "csv-excel-fr"
# Zip entries and document properties carry this date instead of the time of writing.
FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FIXED_PROPERTY_DATE = "1980-01-01T00:00:00Z"
# The dates openpyxl writes into docProps/core.xml.
CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
# Characters a worksheet cannot hold (XML 1.0 control characters): dropped from cells only.
ILLEGAL_IN_CELLS = re.compile(r"[\000-\010\013\014\016-\037]")
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 6


def cell_value(value: Any) -> Any:
    """A pandas value as the cell should hold it: None for nulls, plain Python numbers and bools.

    >>> [cell_value(v) for v in (pd.NA, 3, 2.5, True, "01")]
    [None, 3, 2.5, True, '01']
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return ILLEGAL_IN_CELLS.sub("", value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def fill_sheet(sheet, df: pd.DataFrame) -> None:
    """Header row (bold), typed rows, header frozen, filters on, columns as wide as their text.
    ``sheet`` is a write-only sheet: its layout is set before its rows, which stream out."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(df.columns)))}{len(df) + 1}"
    for i, column in enumerate(df.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in df[column].dropna().head(200)])
        sheet.column_dimensions[get_column_letter(i)].width = max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, longest + 2))
    bold = Font(bold=True)
    header = []
    for column in df.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in df.itertuples(index=False):
        cells = [cell_value(v) for v in row]
        for i, value in enumerate(cells):
            if isinstance(value, str) and value.startswith("="):
                cells[i] = WriteOnlyCell(sheet, value=value)
                cells[i].data_type = "s"  # printed text, not a formula
        sheet.append(cells)


def column_rows() -> pd.DataFrame:
    """One row per column of every table: what the ``columns`` sheet shows."""
    rows = [dict(table=name, column=c["name"], type=c["type"], nullable=c["nullable"], meaning=c["description"],
                 allowed_values=", ".join(map(str, c["allowed"])) if c["allowed"] else None)
            for name, spec in TABLES.items() for c in columns(spec)]
    return pd.DataFrame(rows)


def about_rows(inputs: list[dict]) -> pd.DataFrame:
    """What the ``about`` sheet says: the publication, the licences, what this build read and ran."""
    lines = [("title", TITLE), ("source", f"{PUBLICATION['title']} — {PUBLICATION['path']}")]
    lines += [("licence", f"{lic['name']}: {lic['title']}") for lic in LICENSES]
    code = {"name": "panorama-iae", "version": code_version()}
    built = [provenance_lines({"input": source, "code": code, "libraries": library_versions()}) for source in inputs]
    lines += [("built from", line) for line in ([b[0] for b in built] + (built[0][1:] if built else []))]
    lines += [("sheets", "one per table (header frozen, filters on), then 'columns': every column described"),
              ("nulls", "an empty cell is a null"), ("findings", "rows of amounts and quantities with a value in "
                                                                 "'flags' are warned about: see the findings sheet")]
    return pd.DataFrame(lines, columns=["item", "value"])


def stable_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ``FIXED_ZIP_DATE`` and the document's
    created/modified properties fixed, entries in their order, deflated at level 9."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = CORE_DATES.sub(lambda m: f"{m[1]}{FIXED_PROPERTY_DATE}{m[2]}", content.decode()).encode()
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()


def write_workbook(tables: dict[str, pd.DataFrame], path: Path, inputs: Sequence[dict] = ()) -> Path:
    """Every table in one workbook at ``path``, byte-identical from one build to the next;
    ``inputs`` are the files the tables were built from (see ``provenance``)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streams rows: a third of the time of a full workbook
    fill_sheet(book.create_sheet("about"), about_rows(list(inputs)))
    for name, df in tables.items():
        fill_sheet(book.create_sheet(name), df)
    fill_sheet(book.create_sheet("columns"), column_rows())
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(stable_zip(buffer.getvalue()))
    return path


def write_excel_csv(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Each table for a French-locale spreadsheet: BOM, ``;``, decimal comma, CRLF."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False, sep=";", decimal=",", lineterminator="\r\n",
                  encoding="utf-8-sig")
