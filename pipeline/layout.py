"""Stage 2: words and shapes -> lines in reading order, page furniture removed.

The page is cut recursively (XY-cut) into columns and bands, with each drawn
box or panel (a *container*) kept whole and read on its own: header first,
then its body, column by column. Nothing here knows this publication's
coordinates, colours or fonts: every distance is relative to the document's
body font size or to the page.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable

from .artefacts import read_json, read_jsonl, write_jsonl, write_text
from .extract import PageSize, Shape, Word
from .geometry import BBox, center, split_on_gaps, union, vertical_overlap
from .paths import StagePaths
from .settings import LayoutSettings

# A list item starts with a bullet or dash and a space: "• une aide", "- La Région",
# "‐ la nature", "o Des réseaux".
BULLET = re.compile(r"^(?:[•▪●◦■–—‐-]|o)\s")
# Digits vary between repeated header/footer lines ("9 / 26", "10 / 26").
DIGITS = re.compile(r"\d+")


@dataclass
class Segment:
    """Words on one baseline with no wide gap between them."""

    page: int
    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Container:
    """A drawn box or panel and the segments it encloses."""

    id: str
    bbox: BBox
    header_band: BBox | None
    segments: list[Segment] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.bbox.x0

    @property
    def x1(self) -> float:
        return self.bbox.x1

    @property
    def top(self) -> float:
        return self.bbox.top

    @property
    def bottom(self) -> float:
        return self.bbox.bottom


@dataclass(frozen=True)
class Line:
    """One line of text in reading order, as written to ``lines.jsonl``."""

    id: int
    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    block: int
    container: str | None
    header: bool
    paragraph_start: bool
    words: list[list]  # [text, x0, top, x1, bottom] for each word


def body_font_size(printed: Iterable[Word] | Iterable[Line]) -> float:
    """The most common font size, weighted by characters: the body text's size.
    Works on words or on lines (both carry ``size`` and ``text``).

    >>> body_font_size([Word(1, 0, 0, 1, 1, "abc", 10.0, False), Word(1, 0, 0, 1, 1, "T", 20.0, True)])
    10.0
    """
    counts: Counter[float] = Counter()
    for item in printed:
        counts[round(item.size, 1)] += len(item.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def page_segments(words: list[Word], settings: LayoutSettings) -> list[Segment]:
    """Group one page's words into baseline segments split at wide gaps."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        row = next((r for r in reversed(rows[-4:]) if vertical_overlap(r[-1], word) >= settings.line_overlap
                    and abs(r[-1].size - word.size) < 0.35 * max(r[-1].size, word.size)), None)
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    segments = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for word in row[1:]:
            if word.x0 - current[-1].x1 > settings.segment_gap * max(word.size, current[-1].size):
                segments.append(Segment(word.page, current))
                current = []
            current.append(word)
        segments.append(Segment(row[0].page, current))
    return segments


def furniture_key(segment: Segment, page: PageSize, settings: LayoutSettings) -> tuple | None:
    """The shape of a segment in the page margins, for spotting repetition."""
    rel_top = segment.top / page.height
    if settings.furniture_margin < rel_top < 1 - settings.furniture_margin:
        return None
    band = round(rel_top / 0.02)
    return DIGITS.sub("#", segment.text.casefold()), band


def find_furniture(segments: dict[int, list[Segment]], pages: dict[int, PageSize],
                   settings: LayoutSettings) -> set[int]:
    """ids of segments repeated in shape and position on many pages (headers, page numbers)."""
    seen: dict[tuple, set[int]] = defaultdict(set)
    for number, segs in segments.items():
        for seg in segs:
            key = furniture_key(seg, pages[number], settings)
            if key is not None:
                seen[key].add(number)
    threshold = max(2, settings.furniture_repeat * len(pages))
    repeated = {key for key, on_pages in seen.items() if len(on_pages) >= threshold}
    return {id(seg) for number, segs in segments.items() for seg in segs
            if furniture_key(seg, pages[number], settings) in repeated}


def container_candidates(shapes: list[Shape], page: PageSize, body: float,
                         settings: LayoutSettings) -> list[BBox]:
    """Drawn rectangles big enough to be a box or a panel, largest first."""
    boxes = []
    for s in shapes:
        if s.kind == "line" or not (s.fill or s.stroke):
            continue
        box = BBox(s.x0, s.top, s.x1, s.bottom)
        if (box.width >= settings.container_min_width * page.width
                and box.height >= settings.container_min_height * body
                and box.width * box.height <= settings.container_max_area * page.width * page.height):
            boxes.append(box)
    boxes += bordered_rectangles(shapes, page, body, settings)
    return sorted(set(boxes), key=lambda b: -(b.width * b.height))


def bordered_rectangles(shapes: list[Shape], page: PageSize, body: float,
                        settings: LayoutSettings) -> list[BBox]:
    """Rectangles drawn as four separate edges (lines or hairline rects), as
    browsers and word processors print bordered boxes and table cells."""
    tol = settings.position_tolerance * body
    thin = [s for s in shapes if min(s.x1 - s.x0, s.bottom - s.top) <= tol]
    horizontal = [s for s in thin if s.x1 - s.x0 >= settings.container_min_width * page.width]
    vertical = [s for s in thin if s.bottom - s.top >= settings.container_min_height * body]
    found = []
    for upper in horizontal:
        for lower in horizontal:
            height = lower.top - upper.top
            if height < settings.container_min_height * body:
                continue
            if abs(upper.x0 - lower.x0) > tol or abs(upper.x1 - lower.x1) > tol:
                continue
            sides = [v for v in vertical if v.top <= upper.top + tol and v.bottom >= lower.bottom - tol]
            if any(abs(v.x0 - upper.x0) <= tol for v in sides) and any(abs(v.x1 - upper.x1) <= tol for v in sides):
                found.append(BBox(upper.x0, upper.top, upper.x1, lower.bottom))
    return found


def build_containers(page: PageSize, segments: list[Segment], shapes: list[Shape], body: float,
                     settings: LayoutSettings) -> tuple[list[Container], list[Segment]]:
    """Assign segments to the outermost drawn boxes enclosing them; return the rest as flow."""
    tol = settings.position_tolerance * body
    candidates = container_candidates(shapes, page, body, settings)
    holding = [b for b in candidates if any(b.contains_point(*center(s)) for s in segments)]
    outer = [b for b in holding if not any(o is not b and o.contains(b, tol) and o != b for o in holding)]
    outer = sorted(set(outer), key=lambda b: (b.top, b.x0))
    containers = []
    for index, box in enumerate(outer):
        nested = [b for b in holding if b != box and box.contains(b, tol)]
        band = next((b for b in nested if abs(b.top - box.top) <= tol and b.height < 0.5 * box.height), None)
        containers.append(Container(f"p{page.page}c{index + 1}", box, band))
    flow = []
    for seg in segments:
        holder = next((c for c in containers if c.bbox.contains_point(*center(seg))), None)
        (holder.segments if holder else flow).append(seg)
    return [c for c in containers if c.segments], flow


def xy_cut(items: list, body: float, settings: LayoutSettings) -> list[list]:
    """Order items into leaves: columns left to right, bands top to bottom.

    Vertical cuts are tried first so that a two-column body is read column
    by column even when its paragraph gaps line up across the columns.
    """
    if len(items) <= 1:
        return [items]
    columns = split_on_gaps(items, lambda i: i.x0, lambda i: i.x1, settings.column_gap * body)
    if len(columns) > 1 and all(len(c) > 1 or isinstance(c[0], Container) for c in columns):
        return [leaf for column in columns for leaf in xy_cut(column, body, settings)]
    bands = split_on_gaps(items, lambda i: i.top, lambda i: i.bottom, settings.band_gap * body)
    if len(bands) > 1:
        return [leaf for band in bands for leaf in xy_cut(band, body, settings)]
    return [items]


def lines_of(segments: list[Segment], settings: LayoutSettings) -> list[list[Word]]:
    """Merge segments that share a baseline into lines, top to bottom."""
    rows: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        if rows and vertical_overlap(rows[-1][-1], seg) >= settings.line_overlap:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [[w for s in sorted(row, key=lambda s: s.x0) for w in s.words] for row in rows]


def header_cells(segments: list[Segment]) -> list[list[Segment]]:
    """Split a box header into cells that overlap horizontally (label, title)."""
    cells = split_on_gaps(segments, lambda s: s.x0, lambda s: s.x1, 0.0)
    return [sorted(cell, key=lambda s: s.top) for cell in cells]


def container_header(container: Container, settings: LayoutSettings) -> list[Segment]:
    """Segments forming the box's header: inside its header band, or else the
    leading segments set apart from the body by weight or size."""
    if container.header_band is not None:
        tol = 0.1 * container.header_band.height
        return [s for s in container.segments if container.header_band.contains_point(*center(s), tol)]
    ordered = sorted(container.segments, key=lambda s: (s.top, s.x0))
    body_size = body_font_size(w for s in ordered for w in s.words)
    header = []
    for seg in ordered:
        styled = all(w.bold for w in seg.words) or seg.words[0].size >= settings.heading_scale * body_size
        if not styled:
            break
        header.append(seg)
    return header if len(header) < len(ordered) else []


def _line_record(words: list[Word], block: int, container: str | None, header: bool,
                 paragraph_start: bool) -> dict:
    box = union(words)
    chars = sum(len(w.text) for w in words)
    return dict(
        page=words[0].page, text=" ".join(w.text for w in words),
        x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
        size=round(statistics.median(w.size for w in words), 2),
        bold=sum(len(w.text) for w in words if w.bold) * 2 > chars,
        block=block, container=container, header=header, paragraph_start=paragraph_start,
        words=[[w.text, w.x0, w.top, w.x1, w.bottom] for w in words],
    )


def leaf_lines(segments: list[Segment], block: int, container: str | None, header: bool,
               body: float, settings: LayoutSettings) -> list[dict]:
    records = []
    previous: list[Word] | None = None
    for words in lines_of(segments, settings):
        gap = min(w.top for w in words) - max(w.bottom for w in previous) if previous else 0.0
        starts = previous is None or gap > settings.paragraph_gap * body or bool(BULLET.match(words[0].text + " "))
        records.append(_line_record(words, block, container, header, starts))
        previous = words
    return records


def container_lines(container: Container, first_block: int, body: float,
                    settings: LayoutSettings) -> list[dict]:
    header = container_header(container, settings)
    header_ids = {id(s) for s in header}
    records = []
    block = first_block
    for cell in header_cells(header) if header else []:
        records += leaf_lines(cell, block, container.id, True, body, settings)
        block += 1
    rest = [s for s in container.segments if id(s) not in header_ids]
    for leaf in xy_cut(rest, body, settings):
        records += leaf_lines(leaf, block, container.id, False, body, settings)
        block += 1
    return records


def page_lines(page: PageSize, segments: list[Segment], shapes: list[Shape], first_block: int,
               body: float, settings: LayoutSettings) -> list[dict]:
    containers, flow = build_containers(page, segments, shapes, body, settings)
    records = []
    block = first_block
    for leaf in xy_cut(flow + containers, body, settings):
        boxed = [i for i in leaf if isinstance(i, Container)]
        loose = [i for i in leaf if not isinstance(i, Container)]
        if loose:
            records += leaf_lines(loose, block, None, False, body, settings)
            block += 1
        for container in sorted(boxed, key=lambda c: (c.top, c.x0)):
            records += container_lines(container, block, body, settings)
            block = (records[-1]["block"] + 1) if records else block
    return records


def layout(words: list[Word], shapes: list[Shape], pages: list[PageSize],
           settings: LayoutSettings = LayoutSettings()) -> list[Line]:
    """Lines of the whole document in reading order, furniture removed."""
    body = body_font_size(words)
    by_page: dict[int, list[Word]] = defaultdict(list)
    for w in words:
        by_page[w.page].append(w)
    sizes = {p.page: p for p in pages}
    segments = {n: page_segments(by_page[n], settings) for n in sizes if by_page[n]}
    furniture = find_furniture(segments, sizes, settings)
    shapes_by_page: dict[int, list[Shape]] = defaultdict(list)
    for s in shapes:
        shapes_by_page[s.page].append(s)
    records: list[dict] = []
    for number in sorted(segments):
        kept = [s for s in segments[number] if id(s) not in furniture]
        first_block = records[-1]["block"] + 1 if records else 0
        records += page_lines(sizes[number], kept, shapes_by_page[number], first_block, body, settings)
    return [Line(id=i, **r) for i, r in enumerate(records)]


def document_text(lines: list[Line]) -> str:
    """Plain text in reading order: a blank line between blocks, a form feed between pages."""
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None:
            if line.page != previous.page:
                out.append("\f")
            elif line.block != previous.block:
                out.append("")
        out.append(line.text)
        previous = line
    return "\n".join(out) + "\n"


def load_extraction(paths: StagePaths) -> tuple[list[Word], list[Shape], list[PageSize]]:
    words = [Word(**w) for w in read_jsonl(paths.words)]
    shapes = [Shape(**s) for s in read_jsonl(paths.shapes)]
    pages = [PageSize(**p) for p in read_json(paths.pages)]
    return words, shapes, pages


def load_lines(paths: StagePaths) -> list[Line]:
    return [Line(**r) for r in read_jsonl(paths.lines)]


def run(paths: StagePaths, settings: LayoutSettings = LayoutSettings()) -> list[Line]:
    """Stage entry point: words/shapes/pages -> lines.jsonl and text.txt."""
    lines = layout(*load_extraction(paths), settings=settings)
    write_jsonl(paths.lines, (asdict(line) for line in lines))
    write_text(paths.text, document_text(lines))
    return lines
