"""A second reader for the PDFs pdfminer cannot open: PDFium's rewritten copy.

pdfminer gives up on a damaged cross-reference table, a page tree it cannot
walk, or an encryption scheme it does not handle (an AES-256 file opened
with the empty user password). PDFium, the engine of Chrome's viewer,
rebuilds the cross-reference by scanning the objects, finds pages by their
type, and decrypts with the empty password; saved with its security
removed, its copy is an ordinary PDF that pdfminer reads. When PDFium
cannot open the file either, its error code says why, in words the user can
act on.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Why PDFium could not open a file, by its FPDF_ERR_* code: what the user can do.
REASONS = {
    pdfium_c.FPDF_ERR_PASSWORD: "encrypted PDF: a password is required to open it (the empty password was tried); "
                                "remove the protection with its password (for example "
                                "`qpdf --password=PASSWORD --decrypt in.pdf out.pdf`) and run again",
    pdfium_c.FPDF_ERR_SECURITY: "encrypted PDF with a security handler no reader here supports; "
                                "export an unprotected copy from the application that made it",
    pdfium_c.FPDF_ERR_FORMAT: "damaged or truncated PDF that neither pdfminer nor PDFium can repair; "
                              "is the file complete? download or export it again",
    pdfium_c.FPDF_ERR_FILE: "the file could not be opened for reading",
}
UNKNOWN_REASON = "damaged PDF that neither pdfminer nor PDFium can open; download or export it again"


class RepairFailed(Exception):
    """PDFium could not open the file either; ``reason`` is the user's one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reason_of(error: pdfium.PdfiumError) -> str:
    """The user's wording of a PDFium load error.

    >>> reason_of(pdfium.PdfiumError("x", err_code=pdfium_c.FPDF_ERR_PASSWORD)).split(":")[0]
    'encrypted PDF'
    """
    return REASONS.get(getattr(error, "err_code", None), UNKNOWN_REASON)


@contextmanager
def repaired_copy(pdf: Path) -> Iterator[Path]:
    """A temporary copy of ``pdf`` as PDFium reads it (cross-reference and page
    tree rebuilt, security removed), deleted when the block ends.

    Raises :class:`RepairFailed` when PDFium cannot open the file.
    """
    try:
        document = pdfium.PdfDocument(str(pdf))  # no password given: PDFium tries the empty one
    except pdfium.PdfiumError as error:
        raise RepairFailed(reason_of(error)) from None
    with tempfile.TemporaryDirectory(prefix="pipeline-repair-") as folder:
        copy = Path(folder) / "repaired.pdf"
        try:
            document.save(copy, flags=pdfium_c.FPDF_REMOVE_SECURITY)
        except pdfium.PdfiumError:
            raise RepairFailed(UNKNOWN_REASON) from None
        finally:
            document.close()
        yield copy
