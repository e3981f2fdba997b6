"""Stage 1: read a PDF once with pdfplumber and keep its words and drawn shapes.

Everything later reads these artefacts, so pdfplumber's parse (most of the
cost of a run) happens once per document.
"""
from __future__ import annotations

import unicodedata
import zlib
from dataclasses import asdict, dataclass, replace
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
from .fonts import BOLD_FONT, FontWeights  # noqa: F401  (BOLD_FONT re-exported for callers)
from .paths import StagePaths
from .settings import InputLimits

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
    font: str = ""  # the font's name without its subset prefix, for comparing styles


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


# A subset font's name starts with six capitals and "+": "AAAAAA+DejaVuSans".
SUBSET_PREFIX_LENGTH = 7
# A gap wider than this (x the glyphs' size) separates words where a producer
# draws no space glyph: a space is 0.25-0.33 em, kerning and tracking stay
# under 0.1 em. pdfplumber's fixed 3 points would merge words set in 7 pt.
WORD_GAP = 0.15
# Small capitals are this fraction of the capitals' size (Chromium 0.7, WeasyPrint 0.8) ...
SMALL_CAPS_RATIO = (0.55, 0.9)
# ... on the same baseline, within this fraction of the size.
BASELINE_TOLERANCE = 0.15
# Glyphs closer than this (x their size) belong to one word even when the
# word extractor put them on two lines: small capitals set by a browser
# print a word's first letter larger than the rest, on another top.
TOUCHING = 0.05


def font_family(fontname: str) -> str:
    """The font's name as its designer gave it.

    >>> font_family("AAAAAA+DejaVuSans-Bold")
    'DejaVuSans-Bold'
    """
    return fontname[SUBSET_PREFIX_LENGTH:] if fontname[6:7] == "+" else fontname


def _word(page_number: int, raw: dict[str, Any], weights: FontWeights) -> Word:
    """A word from pdfplumber's word and its characters.

    Its size is its largest glyph's (small capitals and superscripts keep
    the size of the capitals); it is bold when most of its characters are.
    """
    chars = raw.get("chars") or [raw]
    bold_chars = sum(len(c.get("text", "")) for c in chars if weights.is_bold(c.get("fontname") or ""))
    fonts = [c.get("fontname") or "" for c in chars]
    return Word(
        page=page_number,
        x0=round(raw["x0"], 2),
        top=round(raw["top"], 2),
        x1=round(raw["x1"], 2),
        bottom=round(raw["bottom"], 2),
        text=unicodedata.normalize("NFC", raw["text"]),
        size=round(max(float(c.get("size") or 0.0) for c in chars), 2),
        bold=bold_chars * 2 > sum(len(c.get("text", "")) for c in chars),
        font=font_family(max(set(fonts), key=fonts.count)),
    )


def small_capitals_size(raw: dict[str, Any]) -> float | None:
    """The size of a word's small capitals: capitals of two sizes on one
    baseline ("P" 8.9 pt, "AYS" 7.1 pt), not a superscript ("1" and a raised
    "ère"). None for a word in one size."""
    chars = [c for c in raw.get("chars") or [] if c.get("text", "").isalpha()]
    sizes = sorted({round(float(c.get("size") or 0.0), 2) for c in chars})
    if len(sizes) != 2 or not SMALL_CAPS_RATIO[0] <= sizes[0] / sizes[1] <= SMALL_CAPS_RATIO[1]:
        return None
    bottoms = [float(c["bottom"]) for c in chars]
    return sizes[0] if max(bottoms) - min(bottoms) <= BASELINE_TOLERANCE * sizes[1] else None


def with_small_capitals(words: list[Word], smalls: list[float | None]) -> list[Word]:
    """Words set in small capitals read as the capitals they print: a producer
    may map the glyphs back to any case ("PAys de lA loire" is PAYS DE LA
    LOIRE on the page). A word on the same baseline in the small capitals'
    size is small capitals too ("de", "lA")."""
    marked = [(w, s) for w, s in zip(words, smalls, strict=True) if s is not None]
    out = []
    for word, small in zip(words, smalls, strict=True):
        capitals = small is not None or any(
            abs(word.size - s) <= 0.02 * s and abs(word.bottom - w.bottom) <= BASELINE_TOLERANCE * w.size
            for w, s in marked)
        out.append(replace(word, text=word.text.upper()) if capitals else word)
    return out


def touching(left: Word, right: Word) -> bool:
    """Two words whose glyphs touch on one baseline: one printed word."""
    shared = min(left.bottom, right.bottom) - max(left.top, right.top)
    return (0 <= right.x0 - left.x1 <= TOUCHING * max(left.size, right.size)
            and shared > 0.5 * min(left.bottom - left.top, right.bottom - right.top))


def merge_touching(words: list[Word]) -> list[Word]:
    """Join words the extractor split although their glyphs touch.

    >>> a = Word(1, 0, 2, 5, 11, "R", 9, False); b = Word(1, 5, 4, 20, 11, "HÔNE", 6, False)
    >>> [w.text for w in merge_touching([a, b])]
    ['RHÔNE']
    """
    merged: list[Word] = []
    ends: dict[int, list[int]] = {}  # whole points of a word's right edge -> indices in merged
    for word in sorted(words, key=lambda w: (w.x0, w.top)):
        near = [i for key in (int(word.x0) - 1, int(word.x0)) for i in ends.get(key, [])]
        host = next((i for i in near if touching(merged[i], word)), None)
        if host is None:
            merged.append(word)
            host = len(merged) - 1
        else:
            old = merged[host]
            ends[int(old.x1)].remove(host)
            merged[host] = Word(old.page, old.x0, min(old.top, word.top), word.x1, max(old.bottom, word.bottom),
                                old.text + word.text, max(old.size, word.size), old.bold and word.bold, old.font)
        ends.setdefault(int(merged[host].x1), []).append(host)
    return sorted(merged, key=lambda w: (w.top, w.x0))


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


def _read_page(page: pdfplumber.page.Page, weights: FontWeights) -> tuple[PageSize, list[Word], list[Shape]]:
    weights.learn(page.page_obj.resources)
    raw_words = [w for w in page.extract_words(keep_blank_chars=False, return_chars=True, x_tolerance_ratio=WORD_GAP)
                 if w.get("upright", True)]
    words = with_small_capitals([_word(page.page_number, w, weights) for w in raw_words],
                                [small_capitals_size(w) for w in raw_words])
    words = merge_touching(words)
    size = PageSize(page.page_number, round(float(page.width), 2), round(float(page.height), 2))
    return size, words, _shapes(page)


def read_pdf(pdf: Path, limits: InputLimits = InputLimits()) -> Extraction:
    """Parse ``pdf``; raise :class:`InputError` for anything unreadable.

    On the publication, ``read_pdf(DEFAULT_PDF).words[0]`` is the cover's
    "Mai" on page 1, with its box, size and weight.
    """
    check_pdf_file(pdf, limits)
    pages, words, shapes = [], [], []
    weights = FontWeights()
    try:
        with pdfplumber.open(pdf) as document:
            if len(document.pages) > limits.max_pages:
                raise InputError(pdf, f"{len(document.pages)} pages, more than {limits.max_pages}; refused")
            for page in document.pages:
                check_page(pdf, page, limits)
                size, page_words, page_shapes = _read_page(page, weights)
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
