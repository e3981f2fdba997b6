"""Stage 1: read a PDF once with pdfplumber and keep its words and drawn shapes.

Everything later reads these artefacts, so pdfplumber's parse (most of the
cost of a run) happens once per document.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from .artefacts import write_json, write_jsonl
from .errors import InputError
from .paths import StagePaths
from .settings import InputLimits

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


def check_pdf_file(pdf: Path, limits: InputLimits = InputLimits()) -> None:
    """Refuse, with one line, what cannot be a readable PDF before parsing it."""
    if not pdf.exists():
        raise InputError(pdf, "no such file")
    if pdf.is_dir():
        raise InputError(pdf, "is a directory, not a PDF file")
    if pdf.stat().st_size > limits.max_file_bytes:
        raise InputError(pdf, f"file larger than {limits.max_file_bytes // 2**20} MiB; refused")
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


def content_bytes(page: pdfplumber.page.Page, limit: int) -> int:
    """Decoded size of the page's content streams, decoding no more than ``limit`` + 1 bytes."""
    total = 0
    for stream in page.page_obj.contents:
        stream = resolve1(stream)
        filters = stream.get_filters() if hasattr(stream, "get_filters") else []
        names = [str(getattr(f, "name", f)) for f, _ in filters]
        if stream.data is not None or not names:
            total += len(stream.data if stream.data is not None else stream.rawdata or b"")
        elif names == ["FlateDecode"]:
            total += len(zlib.decompressobj().decompress(stream.rawdata, max(1, limit + 1 - total)))
        else:
            total += len(stream.get_data())
        if total > limit:
            break
    return total


def check_page(pdf: Path, page: pdfplumber.page.Page, limits: InputLimits) -> None:
    if content_bytes(page, limits.max_page_content_bytes) > limits.max_page_content_bytes:
        raise InputError(pdf, f"page {page.page_number} draws more than "
                              f"{limits.max_page_content_bytes // 2**20} MiB of content (a PDF bomb?); refused")


def _read_page(page: pdfplumber.page.Page) -> tuple[PageSize, list[Word], list[Shape]]:
    raw_words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    words = [_word(page.page_number, w) for w in raw_words if w.get("upright", True)]
    size = PageSize(page.page_number, round(float(page.width), 2), round(float(page.height), 2))
    return size, words, _shapes(page)


def read_pdf(pdf: Path, limits: InputLimits = InputLimits()) -> Extraction:
    """Parse ``pdf``; raise :class:`InputError` for anything unreadable.

    On the publication, ``read_pdf(DEFAULT_PDF).words[0]`` is the cover's
    "Mai" on page 1, with its box, size and weight.
    """
    check_pdf_file(pdf, limits)
    pages, words, shapes = [], [], []
    try:
        with pdfplumber.open(pdf) as document:
            if len(document.pages) > limits.max_pages:
                raise InputError(pdf, f"{len(document.pages)} pages, more than {limits.max_pages}; refused")
            for page in document.pages:
                check_page(pdf, page, limits)
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
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, zlib.error) as exc:
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
