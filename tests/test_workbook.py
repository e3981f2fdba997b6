"""The workbook and the CSV files for French-locale spreadsheets, opened as a spreadsheet user would."""
import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.dataset.workbook import (
    EXCEL_CSV_FOLDER,
    FIXED_ZIP_DATE,
    WORKBOOK,
    stable_zip,
    write_workbook,
)
from schemas import TABLES


@pytest.fixture(scope="module")
def book(real_build):
    return load_workbook(real_build[0] / "output" / WORKBOOK)


def test_one_sheet_per_table_between_about_and_columns(book):
    assert book.sheetnames == ["about"] + list(TABLES) + ["columns"]


def test_each_sheet_has_the_tables_header_rows_frozen_header_and_filters(book, real_build):
    for name, df in real_build[1].items():
        sheet = book[name]
        assert [c.value for c in sheet[1]] == list(df.columns), name
        assert sheet.max_row == len(df) + 1, name
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(df.columns)).column_letter}{len(df) + 1}", name


def test_cells_are_typed(book, real_build):
    regions = book["regions"]
    assert regions["A2"].value == "01" and regions["A2"].data_type == "s"  # a code stays text
    header = [c.value for c in book["amounts"][1]]
    cells = dict(zip(header, next(book["amounts"].iter_rows(min_row=2)), strict=True))
    assert cells["value"].data_type == "n" and cells["page"].data_type == "n" and cells["text"].data_type == "s"
    nulls = [row[header.index("per")] for row in book["amounts"].iter_rows(min_row=2)]
    assert any(c.value is None for c in nulls) and all(c.value is None or c.data_type == "s" for c in nulls)
    sheet = book["organisations"]
    organisations = dict(zip([c.value for c in sheet[1]], next(sheet.iter_rows(min_row=2)), strict=True))
    known = organisations["in_reference"]
    assert known.data_type == "b" and isinstance(known.value, bool)
    flagged = [r for r in book["amounts"].iter_rows(min_row=2, values_only=True)
               if r[header.index("text")] == "700 M€"]
    assert flagged and flagged[0][header.index("flags")]  # the typo's row is flagged in the sheet too


def test_the_columns_sheet_describes_every_column(book):
    rows = list(book["columns"].iter_rows(values_only=True))
    described = {(r[0], r[1]) for r in rows[1:]}
    assert described == {(name, c) for name, spec in TABLES.items() for c in spec.columns}
    assert all(r[4] for r in rows[1:]), "a column without meaning"


def test_the_about_sheet_names_source_licence_and_input(book):
    text = " ".join(str(v) for row in book["about"].iter_rows(values_only=True) for v in row)
    assert "Avise" in text and "CC-BY-4.0" in text and "SHA-256" in text and "panorama-iae" in text


def test_two_writes_are_byte_identical(real_build, tmp_path):
    a = write_workbook(real_build[1], tmp_path / "a.xlsx")
    b = write_workbook(real_build[1], tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as archive:
        assert {i.date_time for i in archive.infolist()} == {FIXED_ZIP_DATE}
        assert b"1980-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_stable_zip_forgets_when_it_was_written():
    """openpyxl dates each entry and the document with the time of writing: two writes at
    different times must still give the same bytes."""
    def archive(when: tuple, stamp: str) -> bytes:
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as z:
            z.writestr(zipfile.ZipInfo("docProps/core.xml", date_time=when),
                       f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{stamp}</dcterms:created>"
                       f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{stamp}</dcterms:modified>")
            z.writestr(zipfile.ZipInfo("xl/workbook.xml", date_time=when), "<workbook/>")
        return data.getvalue()
    early = archive((2020, 1, 1, 0, 0, 0), "2020-01-01T00:00:00Z")
    late = archive((2031, 5, 6, 7, 8, 10), "2031-05-06T07:08:10Z")
    assert early != late and stable_zip(early) == stable_zip(late)


def test_excel_csv_files_open_right_in_a_french_spreadsheet(real_build):
    folder = real_build[0] / "output" / EXCEL_CSV_FOLDER
    for name, df in real_build[1].items():
        raw = (folder / f"{name}.csv").read_bytes()
        assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw  # BOM: Excel reads UTF-8; CRLF
        back = pd.read_csv(folder / f"{name}.csv", sep=";", decimal=",", encoding="utf-8-sig", dtype=str,
                           keep_default_na=False)
        assert list(back.columns) == list(df.columns)
        assert len(back) == len(df)
    amounts = pd.read_csv(folder / "amounts.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert amounts.loc[amounts["text"] == "700 M€", "value"].item() == 700_000_000
    assert (folder / "amounts.csv").read_text(encoding="utf-8-sig").count("700000000,0") == 1  # decimal comma
