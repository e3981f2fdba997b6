"""The extract stage: read a PDF once with pdfplumber and keep its words and drawn shapes.

Everything later reads these artefacts, so pdfplumber's parse (most of the
cost of a run) happens once per document. Pages are read one at a time and
released, and their words written as they come, so memory does not grow
with the page count.

Only what really cannot be read is refused, after what a careful reader
tries: a file pdfminer cannot open (damaged cross-reference, a page tree it
cannot walk, an encryption it does not handle) is read from PDFium's
repaired copy (``pipeline/repair.py``); a page without a usable size gets
US Letter, as PDF viewers do; a page whose text is set sideways is turned
so that its text reads left to right. A failure inside the PDF libraries
is the input's problem (a warning, or a one-line refusal); a failure in
this module's own code is a bug and stays a traceback.
"""
from __future__ import annotations

import math
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import wraps
from itertools import islice
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.page import Page

from pipeline.core.artefacts import JsonlWriter, read_json, write_json
from pipeline.core.errors import InputError
from pipeline.core.logs import captured
from pipeline.core.paths import StagePaths
from pipeline.core.settings import InputLimits
from pipeline.pdf.fonts import BOLD_FONT, FontWeights  # noqa: F401  (BOLD_FONT re-exported for callers)
from pipeline.pdf.repair import RepairFailed, repaired_copy

PDF_MAGIC = b"%PDF-"
# What PDF viewers assume for a page without a usable /MediaBox.
US_LETTER = (0.0, 0.0, 612.0, 792.0)
# Page boxes pdfplumber reads from the page dictionary besides the MediaBox.
OTHER_BOXES = ("CropBox", "TrimBox", "BleedBox", "ArtBox")
# Compressed bytes fed to zlib at a time when sizing a content stream.
INFLATE_CHUNK = 64 * 1024
# A glyph counts for a text direction when its baseline is within this many
# degrees of it (a slanted watermark counts for none).
DIRECTION_TOLERANCE = 10.0


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
    # What the user should know about how the file was read (one warning each).
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageRead:
    """One page as read: its size, words and shapes, and what else it holds."""

    size: PageSize
    words: list[Word]
    shapes: list[Shape]
    images: int = 0
    annotations: int = 0
    off_page_words: int = 0


@dataclass
class Tally:
    """What the pages held, to say truly why a file without words is refused."""

    pages: int = 0
    words: int = 0
    images: int = 0
    annotations: int = 0
    drawings: int = 0
    off_page_words: int = 0

    def add(self, page: PageRead) -> None:
        self.pages += 1
        self.words += len(page.words)
        self.images += page.images
        self.annotations += page.annotations
        self.drawings += len(page.shapes)
        self.off_page_words += page.off_page_words

    def no_text_reason(self) -> str:
        """Why there is nothing to read, in the user's terms, with what to do.

        >>> Tally(pages=2, images=2).no_text_reason()
        'no text layer: its pages are images (a scan or a picture); OCR it first (e.g. `ocrmypdf in.pdf out.pdf`)'
        """
        if self.off_page_words:
            return (f"no text layer on its pages: all {self.off_page_words} words lie outside the page boxes, "
                    "where no viewer shows them")
        if self.images:
            return ("no text layer: its pages are images (a scan or a picture); "
                    "OCR it first (e.g. `ocrmypdf in.pdf out.pdf`)")
        if self.annotations:
            fields = plural(self.annotations, "form field or annotation", "form fields or annotations")
            return (f"no text layer: its pages print nothing but {fields}, "
                    "which are not part of the page text; print it to a new PDF (which flattens them) and run that")
        what = "nothing but drawings" if self.drawings else "nothing at all"
        return f"no text layer: {plural(self.pages, 'page')} with {what} on it; there is nothing to extract"


def plural(n: int, one: str, many: str | None = None) -> str:
    """A count with its noun.

    >>> plural(1, "page"), plural(3, "page")
    ('1 page', '3 pages')
    """
    return f"{n} {one if n == 1 else many or one + 's'}"


class Unparsable(Exception):
    """The PDF libraries failed on this file or page; ``cause`` says how, in words."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


def cause_of(error: BaseException) -> str:
    """A library exception as words for the user, never a bare class name.

    >>> cause_of(RecursionError("maximum recursion depth exceeded"))
    'objects nested too deeply to follow'
    >>> cause_of(KeyError())
    'a structure the parser does not understand'
    """
    inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else error
    if isinstance(inner, RecursionError):
        return "objects nested too deeply to follow"
    if isinstance(inner, zlib.error):
        return "a compressed stream is damaged"
    if type(inner).__name__ == "PDFPasswordIncorrect":
        return "encrypted, and pdfminer cannot open it with the empty password"
    text = str(inner).strip().splitlines()[0] if str(inner).strip() else ""
    if not text or text == type(inner).__name__ or isinstance(inner, (KeyError, IndexError, AttributeError, TypeError)):
        return "a structure the parser does not understand"
    return text if len(text) <= 100 else text[:99] + "…"


# The note an exception raised by this project's own code carries through the libraries.
OURS = "raised by panorama-iae's own code, called back by the PDF library"


def ours(function: Callable[..., Any]) -> Callable[..., Any]:
    """Our code that a library calls back from inside :func:`parsing` (a filter): an
    exception it raises is marked as ours, so that it stays a bug with its traceback
    (exit 1) instead of becoming "unreadable PDF" (exit 2)."""
    @wraps(function)
    def called(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            error.add_note(OURS)
            raise
    return called


@contextmanager
def parsing() -> Iterator[None]:
    """Around calls into pdfminer/pdfplumber only: whatever they raise on this
    input becomes :class:`Unparsable`. Our own code stays outside these blocks, or
    is marked by :func:`ours`, so a bug of ours is a traceback, not a "bad PDF"."""
    try:
        yield
    except (InputError, MemoryError):
        raise
    except Exception as error:
        if OURS in getattr(error, "__notes__", ()):
            raise
        raise Unparsable(cause_of(error)) from error


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
            merged[host] = Word(page=old.page, x0=old.x0, top=min(old.top, word.top), x1=word.x1,
                                bottom=max(old.bottom, word.bottom), text=old.text + word.text,
                                size=max(old.size, word.size), bold=old.bold and word.bold, font=old.font)
        ends.setdefault(int(merged[host].x1), []).append(host)
    return sorted(merged, key=lambda w: (w.top, w.x0))


def _shapes(page_number: int, objects: dict[str, list[dict[str, Any]]]) -> list[Shape]:
    found = []
    for kind in ("rect", "curve", "line"):
        for obj in objects[kind]:
            found.append(Shape(
                page=page_number, kind=kind,
                x0=round(obj["x0"], 2), top=round(obj["top"], 2),
                x1=round(obj["x1"], 2), bottom=round(obj["bottom"], 2),
                fill=bool(obj.get("fill")), stroke=bool(obj.get("stroke")),
            ))
    return found


def on_page(obj: dict[str, Any], width: float, height: float) -> dict[str, Any] | None:
    """``obj`` with its box cut to the page, or None when its centre is off the
    page (printed where no viewer shows it).

    >>> on_page({"x0": -5, "top": 10, "x1": 20, "bottom": 20}, 100, 100)
    {'x0': 0, 'top': 10, 'x1': 20, 'bottom': 20}
    >>> on_page({"x0": 150, "top": 10, "x1": 160, "bottom": 20}, 100, 100) is None
    True
    """
    if not (0 <= (obj["x0"] + obj["x1"]) / 2 <= width and 0 <= (obj["top"] + obj["bottom"]) / 2 <= height):
        return None
    if 0 <= obj["x0"] and obj["x1"] <= width and 0 <= obj["top"] and obj["bottom"] <= height:
        return obj
    return dict(obj, x0=max(0, obj["x0"]), x1=min(width, obj["x1"]),
                top=max(0, obj["top"]), bottom=min(height, obj["bottom"]))


def inflated_size(data: bytes, limit: int) -> int:
    """Bytes a Flate stream decodes to, as pdfminer decodes it, inflating no
    more than ``limit`` + 1 of them (a bomb is stopped early).

    pdfminer keeps all it can inflate of a truncated stream and of one whose
    checksum (last bytes) is damaged, and nothing of one damaged before that.

    >>> packed = zlib.compress(b"x" * 1000)
    >>> inflated_size(packed, 10_000), inflated_size(packed[:-2], 10_000), inflated_size(packed, 10)
    (1000, 1000, 11)
    >>> inflated_size(b"not zlib at all", 10_000)
    0
    """
    inflater = zlib.decompressobj()
    total = 0
    for start in range(0, len(data), INFLATE_CHUNK):
        before = inflater.copy()
        chunk = data[start:start + INFLATE_CHUNK]
        try:
            total += _inflate(inflater, chunk, limit + 1 - total)
        except zlib.error:
            return _salvage(before, chunk, start, len(data), total, limit)
        if total > limit or inflater.eof:
            break
    return total


def _inflate(inflater: Any, chunk: bytes, budget: int) -> int:
    """Feed ``chunk``; stop once ``budget`` bytes came out."""
    out = len(inflater.decompress(chunk, max(1, budget)))
    while inflater.unconsumed_tail and out < budget:
        out += len(inflater.decompress(inflater.unconsumed_tail, max(1, budget - out)))
    return out


def _salvage(inflater: Any, chunk: bytes, start: int, size: int, total: int, limit: int) -> int:
    """pdfminer's byte-by-byte retry of a damaged stream: what came out before
    the damage if the damage is in the last 3 bytes (the checksum), else 0."""
    for offset in range(len(chunk)):
        try:
            total += _inflate(inflater, chunk[offset:offset + 1], limit + 1 - total)
        except zlib.error:
            return total if start + offset >= size - 3 else 0
        if total > limit:
            return total
    return total


def stream_size(stream: PDFStream, limit: int) -> int:
    """Bytes pdfminer decodes ``stream`` to, decoding at most ``limit`` + 1 of a Flate stream."""
    if stream.data is not None:
        return len(stream.data)
    names = [str(getattr(f, "name", f)) for f, _ in stream.get_filters()]
    if names in (["FlateDecode"], ["Fl"]):
        data = stream.rawdata or b""
        if stream.decipher:
            assert stream.objid is not None and stream.genno is not None  # pdfminer asserts it too
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        return inflated_size(data, limit)
    return len(stream.get_data())


def content_bytes(page: Page, limit: int) -> int:
    """Decoded size of the page's content streams, decoding no more than ``limit`` + 1 bytes."""
    total = 0
    for reference in page.page_obj.contents:
        stream = resolve1(reference)
        if not isinstance(stream, PDFStream):  # pdfminer skips what is not a stream
            continue
        total += stream_size(stream, limit - total)
        if total > limit:
            break
    return total


def check_page(pdf: Path, page: Page, limits: InputLimits) -> None:
    with parsing():
        size = content_bytes(page, limits.max_page_content_bytes)
    if size > limits.max_page_content_bytes:
        raise InputError(pdf, f"page {page.page_number} draws more than "
                              f"{limits.max_page_content_bytes // 2**20} MiB of content (a PDF bomb?); refused")


def usable_box(value: Any) -> tuple[float, float, float, float] | None:
    """A page box as four finite numbers enclosing some area, else None.

    >>> usable_box([0, 0, 0, 0]) is None, usable_box([0, 0, 595, 842])
    (True, (0.0, 0.0, 595.0, 842.0))
    """
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1) if x0 != x1 and y0 != y1 else None


def settle_page_boxes(page_obj: PDFPage, number: int) -> str | None:
    """Give a page without a usable /MediaBox the US Letter that viewers assume,
    and drop other page boxes that are not rectangles (we do not use them).
    Returns the note for the user, if the size was assumed."""
    with parsing():
        boxes = {name: resolve1(page_obj.attrs.get(name)) for name in ("MediaBox", *OTHER_BOXES)}
        boxes = {name: [resolve1(v) for v in value] if isinstance(value, list) else value
                 for name, value in boxes.items()}
    for name in OTHER_BOXES:
        if name in page_obj.attrs and usable_box(boxes[name]) is None:
            del page_obj.attrs[name]
    if usable_box(boxes["MediaBox"]) is not None:
        return None
    page_obj.attrs["MediaBox"] = list(US_LETTER)
    page_obj.mediabox = US_LETTER
    printed = "no MediaBox" if boxes["MediaBox"] is None else f"MediaBox {boxes['MediaBox']}"
    return f"page {number} has no usable size ({printed}); US Letter assumed, as PDF viewers do"


def text_turn(chars: list[dict[str, Any]]) -> int:
    """Degrees (anticlockwise) by which most of the page's text runs, when that
    is not left to right: 90 for text reading bottom to top, 270 for top to
    bottom, 180 upside down; 0 when most text is upright.

    >>> text_turn([{"matrix": (0, -8, 8, 0, 0, 0)}] * 3 + [{"matrix": (8, 0, 0, 8, 0, 0)}])
    270
    """
    directions: Counter[int] = Counter()
    for char in chars:
        a, b = char["matrix"][0], char["matrix"][1]
        if a == 0 and b == 0:
            continue
        angle = math.degrees(math.atan2(b, a)) % 360
        quarter = round(angle / 90) % 4 * 90
        if abs((angle - quarter + 180) % 360 - 180) <= DIRECTION_TOLERANCE:
            directions[quarter] += 1
    if not directions:
        return 0
    turn, count = directions.most_common(1)[0]
    return turn if count > directions[0] else 0


def first_at_its_place() -> Callable[[dict[str, Any]], bool]:
    """A filter for a page's objects that keeps one of the glyphs drawn several
    times at one place (a chart label printed over itself is "10%", not
    "111110%" glued together), in one pass: pdfplumber's ``dedupe_chars``
    compares every pair within a tolerance, seven times slower on a full page.

    >>> keep = first_at_its_place()
    >>> glyph = {"object_type": "char", "text": "1", "fontname": "F", "size": 9.96, "x0": 260.48, "top": 834.5}
    >>> keep(glyph), keep(dict(glyph)), keep(dict(glyph, x0=266.48)), keep({"object_type": "rect"})
    (True, False, True, True)
    """
    seen: set[tuple] = set()

    @ours
    def keep(obj: dict[str, Any]) -> bool:
        if obj["object_type"] != "char":
            return True
        place = (obj["text"], obj["fontname"], round(obj["size"], 1), round(obj["x0"], 1), round(obj["top"], 1))
        if place in seen:
            return False
        seen.add(place)
        return True
    return keep


def turn_page(page_obj: PDFPage, rotation: int, turn: int) -> None:
    """Display the page turned so that text running ``turn`` degrees reads left to right."""
    upright = (rotation + turn) % 360
    page_obj.attrs["Rotate"] = upright
    page_obj.rotate = upright


def read_page(document: pdfplumber.PDF, page_obj: PDFPage, number: int, pdf: Path,
              limits: InputLimits, notes: list[str], weights: FontWeights) -> PageRead:
    """One page: its words (upright, on the page), shapes and an inventory;
    the page's parsed objects are released before returning."""
    note = settle_page_boxes(page_obj, number)
    if note:
        notes.append(note)
    with parsing():
        page = Page(document, page_obj, page_number=number)
    try:
        check_page(pdf, page, limits)
        with parsing():
            chars = page.chars
        turn = text_turn(chars)
        if turn:
            with parsing():
                rotation = page.rotation
                page.close()
            turn_page(page_obj, rotation, turn)
            with parsing():
                page = Page(document, page_obj, page_number=number)
        with parsing():
            width, height = float(page.width), float(page.height)
            weights.learn(page_obj.resources)
            raw_words = page.filter(first_at_its_place()).extract_words(
                keep_blank_chars=False, return_chars=True, x_tolerance_ratio=WORD_GAP)
            objects = {"rect": page.rects, "curve": page.curves, "line": page.lines}
            images = len(page.images)
            annots = resolve1(page_obj.annots)
    finally:
        with parsing():
            page.close()
    upright = [w for w in raw_words if w.get("upright", True)]
    kept = [w for w in (on_page(w, width, height) for w in upright) if w is not None]
    visible = {kind: [o for o in (on_page(o, width, height) for o in objs) if o is not None]
               for kind, objs in objects.items()}
    words = merge_touching(with_small_capitals([_word(number, w, weights) for w in kept],
                                               [small_capitals_size(w) for w in kept]))
    return PageRead(PageSize(number, round(width, 2), round(height, 2)), words,
                    _shapes(number, visible), images, len(annots) if isinstance(annots, list) else 0,
                    len(upright) - len(kept))


def page_objects(document: pdfplumber.PDF, pdf: Path, limits: InputLimits) -> list[PDFPage]:
    """The page dictionaries, in order (light: nothing is drawn yet); refuses
    more than ``limits.max_pages``, from the page tree's count when it has one."""
    with parsing():
        tree = resolve1(document.doc.catalog.get("Pages"))
        count = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    if isinstance(count, int) and count > limits.max_pages:
        raise InputError(pdf, f"{count} pages, more than {limits.max_pages}; refused")
    with parsing():
        pages = list(islice(PDFPage.create_pages(document.doc), limits.max_pages + 1))
    if len(pages) > limits.max_pages:
        raise InputError(pdf, f"more than {limits.max_pages} pages; refused")
    return pages


def release(document: pdfplumber.PDF) -> None:
    """Forget the objects parsed for the last page (decoded content streams
    above all), which pdfminer would otherwise keep for the whole document.
    Fonts stay cached by the resource manager, so they are parsed once.
    (``_cached_objs`` is pdfminer's own; the 1 000-page test in
    ``tests/test_faults.py`` fails if it stops being the cache.)"""
    cache = getattr(document.doc, "_cached_objs", None)
    if cache is not None:
        cache.clear()


def pages_of(pdf: Path, source: Path, limits: InputLimits, notes: list[str]) -> Iterator[PageRead]:
    """Every page of ``source`` (``pdf`` itself or its repaired copy), read in turn.

    Raises :class:`Unparsable` before yielding anything when the file cannot
    be opened, has no pages, or no page at all can be read; a page that
    cannot be read while others can is skipped with a note.
    """
    with parsing():
        document = pdfplumber.open(source)
    weights = FontWeights()
    try:
        pages = page_objects(document, pdf, limits)
        if not pages:
            raise Unparsable("no page found in its page tree")
        # Pages that failed before the first one that reads are held back, so
        # that a file where no page reads yields nothing and can be repaired.
        held: list[PageRead] = []
        failures: list[tuple[int, str]] = []
        read_one = False
        for number, page_obj in enumerate(pages, 1):
            try:
                page = read_page(document, page_obj, number, pdf, limits, notes, weights)
            except Unparsable as failure:
                failures.append((number, failure.cause))
                page = PageRead(blank_size(page_obj, number), [], [])
            finally:
                release(document)
            if not read_one and failures and failures[-1][0] == number:
                held.append(page)
                continue
            read_one = True
            yield from held
            held = []
            yield page
        if not read_one:
            raise Unparsable(failures[0][1])
        notes.extend(f"page {number} could not be read ({cause}); skipped" for number, cause in failures)
    finally:
        document.stream.close()


def blank_size(page_obj: PDFPage, number: int) -> PageSize:
    """The size of a page that could not be read, from its box."""
    x0, y0, x1, y1 = usable_box(list(page_obj.mediabox)) or US_LETTER
    if page_obj.rotate in (90, 270):
        return PageSize(number, round(abs(y1 - y0), 2), round(abs(x1 - x0), 2))
    return PageSize(number, round(abs(x1 - x0), 2), round(abs(y1 - y0), 2))


def read_pages(pdf: Path, limits: InputLimits, notes: list[str]) -> Iterator[PageRead]:
    """Every page of ``pdf``; from PDFium's repaired copy when pdfminer cannot
    read the file itself. Raises :class:`InputError` with the true reason
    when neither can."""
    check_pdf_file(pdf, limits)
    try:
        yield from pages_of(pdf, pdf, limits, notes)
        return
    except Unparsable as failure:
        first = failure.cause
    try:
        with repaired_copy(pdf) as copy:
            notes.append(f"pdfminer cannot read it as it is ({first}); read from a copy rewritten by PDFium")
            yield from pages_of(pdf, copy, limits, notes)
    except RepairFailed as failed:
        raise InputError(pdf, failed.reason) from None
    except Unparsable as failure:
        raise InputError(pdf, f"damaged PDF: no page can be read ({failure.cause}), even from a copy "
                              "repaired by PDFium; export or download it again") from None


def once_each(notes: list[str]) -> list[str]:
    """The notes in order, each once: a page read again from the repaired copy
    must not be reported twice.

    >>> once_each(["a", "b", "a"])
    ['a', 'b']
    """
    return list(dict.fromkeys(notes))


def read_pdf(pdf: Path, limits: InputLimits = InputLimits()) -> Extraction:
    """Parse ``pdf`` into memory; raise :class:`InputError` for anything unreadable.

    On the publication, ``read_pdf(DEFAULT_PDF).words[0]`` is the cover's
    "Mai" on page 1, with its box, size and weight.
    """
    notes: list[str] = []
    pages, words, shapes = [], [], []
    tally = Tally()
    with captured() as log:
        for page in read_pages(pdf, limits, notes):
            tally.add(page)
            pages.append(page.size)
            words += page.words
            shapes += page.shapes
    if not tally.words:
        raise InputError(pdf, tally.no_text_reason())
    return Extraction(pages, words, shapes, once_each(notes + log.notes()))


@dataclass(frozen=True)
class Extracted:
    """What the extract stage wrote, and what the user should be told."""

    pages: int
    words: int
    notes: list[str]


def extract(pdf: Path, paths: StagePaths, limits: InputLimits = InputLimits()) -> Extracted:
    """Stage entry point: PDF -> words.jsonl, shapes.jsonl, pages.json, one page at a time."""
    notes: list[str] = []
    pages: list[PageSize] = []
    tally = Tally()
    with captured() as log, JsonlWriter(paths.words) as words, JsonlWriter(paths.shapes) as shapes:
        for page in read_pages(pdf, limits, notes):
            tally.add(page)
            pages.append(page.size)
            for word in page.words:
                words.write(asdict(word))
            for shape in page.shapes:
                shapes.write(asdict(shape))
        if not tally.words:
            raise InputError(pdf, tally.no_text_reason())
    write_json(paths.pages, [asdict(p) for p in pages])
    return Extracted(tally.pages, tally.words, once_each(notes + log.notes()))


def load_pages(paths: StagePaths) -> list[PageSize]:
    """The page sizes the extract stage wrote, without its words and shapes."""
    return [PageSize(**p) for p in read_json(paths.pages)]
