"""Stage 1: read a PDF once with pdfplumber and keep its words and drawn shapes.

Everything later reads these artefacts, so pdfplumber's parse (most of the
cost of a run) happens once per document.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from .artefacts import write_json, write_jsonl
from .errors import InputError
from .paths import StagePaths

# Weight words that font names carry after the family, e.g.
# "AAAAAA+LiberationSans-Bold", "Arial,BoldItalic", "Roboto-SemiBold".
BOLD_FONT = re.compile(r"(bold|black|heavy|semibold|demi)", re.IGNORECASE)
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Word:
    """One printed word with its box (PDF points, origin top-left) and font."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float
    bold: bool


@dataclass(frozen=True)
class Shape:
    """A drawn rectangle, curve or line: candidate box, panel or border."""

    page: int
    kind: str
    x0: float
    top: float
    x1: float
    bottom: float
    fill: bool
    stroke: bool


@dataclass(frozen=True)
class PageSize:
    page: int
    width: float
    height: float


@dataclass(frozen=True)
class Extraction:
    pages: list[PageSize]
    words: list[Word]
    shapes: list[Shape]


def check_pdf_file(pdf: Path) -> None:
    """Refuse, with one line, what cannot be a readable PDF before parsing it."""
    if not pdf.exists():
        raise InputError(pdf, "no such file")
    if pdf.is_dir():
        raise InputError(pdf, "is a directory, not a PDF file")
    with pdf.open("rb") as head:
        start = head.read(1024)
    if not start:
        raise InputError(pdf, "empty file")
    if PDF_MAGIC not in start:
        raise InputError(pdf, "not a PDF (no %PDF- header)")


def _word(page_number: int, raw: dict[str, Any]) -> Word:
    return Word(
        page=page_number,
        x0=round(raw["x0"], 2),
        top=round(raw["top"], 2),
        x1=round(raw["x1"], 2),
        bottom=round(raw["bottom"], 2),
        text=unicodedata.normalize("NFC", raw["text"]),
        size=round(raw["size"], 2),
        bold=bool(BOLD_FONT.search(raw.get("fontname") or "")),
    )


def _shapes(page: pdfplumber.page.Page) -> list[Shape]:
    found = []
    for kind, objects in (("rect", page.rects), ("curve", page.curves), ("line", page.lines)):
        for obj in objects:
            found.append(Shape(
                page=page.page_number, kind=kind,
                x0=round(obj["x0"], 2), top=round(obj["top"], 2),
                x1=round(obj["x1"], 2), bottom=round(obj["bottom"], 2),
                fill=bool(obj.get("fill")), stroke=bool(obj.get("stroke")),
            ))
    return found


def _read_page(page: pdfplumber.page.Page) -> tuple[PageSize, list[Word], list[Shape]]:
    raw_words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    words = [_word(page.page_number, w) for w in raw_words if w.get("upright", True)]
    size = PageSize(page.page_number, round(float(page.width), 2), round(float(page.height), 2))
    return size, words, _shapes(page)


def read_pdf(pdf: Path) -> Extraction:
    """Parse ``pdf``; raise :class:`InputError` for anything unreadable.

    On the publication, ``read_pdf(DEFAULT_PDF).words[0]`` is the cover's
    "Mai" on page 1, with its box, size and weight.
    """
    check_pdf_file(pdf)
    pages, words, shapes = [], [], []
    try:
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                size, page_words, page_shapes = _read_page(page)
                pages.append(size)
                words += page_words
                shapes += page_shapes
    except PdfminerException as wrapped:
        cause = wrapped.args[0] if wrapped.args else wrapped
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(pdf, "encrypted PDF: a password is required to read it") from None
        raise InputError(pdf, f"unreadable or truncated PDF ({cause})") from None
    except PDFPasswordIncorrect:
        raise InputError(pdf, "encrypted PDF: a password is required to read it") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(pdf, f"unreadable or truncated PDF ({type(exc).__name__})") from None
    if not pages:
        raise InputError(pdf, "PDF has no pages")
    if not words:
        raise InputError(pdf, "no text layer (scanned or image-only PDF); OCR it first")
    return Extraction(pages, words, shapes)


def extract(pdf: Path, paths: StagePaths) -> Extraction:
    """Stage entry point: PDF -> words.jsonl, shapes.jsonl, pages.json."""
    extraction = read_pdf(pdf)
    write_jsonl(paths.shapes, (asdict(s) for s in extraction.shapes))
    write_json(paths.pages, [asdict(p) for p in extraction.pages])
    write_jsonl(paths.words, (asdict(w) for w in extraction.words))
    return extraction
