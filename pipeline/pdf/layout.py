"""The layout stage: words and shapes -> lines in reading order, and the blocks they form.

Each page is cut recursively (XY-cut) into columns and bands, with each
region that sets text apart (a *container*: a tint, a frame closed or open,
a side rule, a ruled table) kept whole and read on its own: header first,
then its body, column by column, or a table row by row. The lines and the
blocks they belong to (``pipeline/blocks.py``) are the stage's artefacts.
Nothing here knows this publication's coordinates, colours or fonts: every
distance is relative to the document's body font size or to the page.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import groupby, pairwise

from pipeline.core.artefacts import read_json, read_jsonl, write_jsonl, write_text
from pipeline.core.geometry import BBox, center, split_on_gaps, union, vertical_overlap
from pipeline.core.paths import StagePaths
from pipeline.core.settings import LayoutSettings
from pipeline.core.text import is_list_item
from pipeline.pdf.blocks import (
    FRAMED,
    FURNITURE,
    STYLED,
    TABLE,
    TEXT,
    Block,
    Cell,
    Part,
    block_id,
    load_blocks,
    write_blocks,
)
from pipeline.pdf.continuation import body_extent, link_continuations
from pipeline.pdf.drawing import (
    FRAME,
    TINT,
    Edge,
    Region,
    grid_cells,
    page_edges,
    ruled_region,
    side_rules,
    tints,
)
from pipeline.pdf.drawing import frames as drawn_frames
from pipeline.pdf.extract import PageSize, Shape, Word
from pipeline.pdf.styled import (
    StyledRun,
    Voice,
    display_type,
    running_voice,
    same_style,
    styled_runs,
)

# A word starts a new column at an aligned edge only after a space at least this wide (x its size) ...
SPACE_GAP = 0.2
# ... on at least this many lines.
ALIGNED_ROWS = 3
# A gutter is wider than this many times the word spacing of the lines beside it.
WORD_SPACING_FACTOR = 2.0
# A number or bullet hanging beside a text has at most this many characters ("1", "12.", "•").
MAX_MARKER = 3
# A title read before the columns under it takes at most this many lines.
MAX_SPANNING_LINES = 4
# Digits vary between repeated header/footer lines ("9 / 26", "10 / 26", "page 9").
DIGITS = re.compile(r"\d+")


@dataclass
class LinePiece:
    """Words on one baseline with no wide gap between them."""

    page: int
    words: list[Word]
    aligned: bool = False  # starts at the left edge of a table column found by alignment

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
    """A region that sets text apart, its header bands, the pieces it encloses
    and, for a ruled table, its cells."""

    region: Region
    bands: list[BBox] = field(default_factory=list)
    pieces: list[LinePiece] = field(default_factory=list)
    cells: list[BBox] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        return self.region.bbox

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

    @property
    def evidence(self) -> str:
        if self.cells:
            return "grid"
        if self.region.evidence == FRAME and (self.region.open_top or self.region.open_bottom):
            return "open-frame"
        return self.region.evidence


@dataclass(frozen=True)
class Line:
    """One line of text in reading order, as written to ``lines.jsonl``.

    ``block`` is the id of its block in ``blocks.json``; ``leaf`` numbers the
    piece of the page it was read in (a column of a box, a header cell, a
    table cell), so that two header cells side by side stay apart.
    """

    id: int
    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    block: str
    leaf: int
    header: bool
    paragraph_start: bool
    words: list[list]  # [text, x0, top, x1, bottom] for each word


@dataclass
class Layout:
    lines: list[Line]
    blocks: list[Block]


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


def line_pieces(words: list[Word], settings: LayoutSettings) -> list[LinePiece]:
    """Group one page's words into baseline pieces split at wide gaps.

    A word joins a row when it shares the baseline of the row's word nearest
    to it across the page, so that two columns whose baselines drift apart
    are not chained into one row through a heading beside them."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        row = next((r for r in reversed(rows[-settings.baseline_lookback:])
                    if same_baseline(nearest(r, word), word, settings)), None)
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    pieces = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for word in row[1:]:
            if word.x0 - current[-1].x1 > settings.piece_gap * max(word.size, current[-1].size):
                pieces.append(LinePiece(word.page, current))
                current = []
            current.append(word)
        pieces.append(LinePiece(row[0].page, current))
    return pieces


@dataclass(frozen=True)
class ColumnEdge:
    """The left edge ``x`` of a table column, from ``top`` to ``bottom`` of the lines that show it."""

    x: float
    top: float
    bottom: float


def aligned_starts(pieces: list[LinePiece], settings: LayoutSettings) -> list[ColumnEdge]:
    """x positions where at least ``ALIGNED_ROWS`` lines start a word and no
    line of that stretch prints a word across, and where a line with words on
    both sides leaves a gutter wider than its word spacing: the left edge of a
    table column set closer to its neighbour than a piece gap (a borderless
    table with a narrow gutter). A justified column's words that happen to
    line up are not one, nor the text after a list’s bullets."""
    rows = baselines([w for s in pieces for w in s.words], settings)
    starts: dict[int, list[int]] = defaultdict(list)  # x (whole points) -> rows starting a word there
    for k, words in enumerate(rows):
        for before, word in zip([None, *words], words, strict=False):  # one longer: each word after the one before it
            if before is None or word.x0 - before.x1 >= SPACE_GAP * word.size:
                starts[round(word.x0)].append(k)
    found = []
    for x, ks in starts.items():
        if len(set(ks)) < ALIGNED_ROWS:
            continue
        for stretch in uncrossed_stretches(rows, x, settings):
            starting = sum(1 for k in set(ks) if rows[k] in stretch)
            if starting >= ALIGNED_ROWS and is_gutter(stretch, x, settings):
                found.append(ColumnEdge(float(x), min(w.top for w in stretch[0]), max(w.bottom for w in stretch[-1])))
    return found


def uncrossed_stretches(rows: list[list[Word]], x: float, settings: LayoutSettings) -> list[list[list[Word]]]:
    """Runs of consecutive rows in which no word crosses ``x`` (a label wrapped
    over several lines beside a one-line entry keeps the run going)."""
    slack = settings.column_edge_slack
    stretches: list[list[list[Word]]] = [[]]
    for words in rows:
        if any(w.x0 < x - slack and w.x1 > x + slack for w in words):
            stretches.append([])
        else:
            stretches[-1].append(words)
    return [s for s in stretches if s]


def baselines(words: list[Word], settings: LayoutSettings) -> list[list[Word]]:
    """Words grouped by baseline, top to bottom, each row left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        row = next((r for r in reversed(rows[-settings.baseline_lookback:])
                    if vertical_overlap(r[0], word) >= settings.line_overlap), None)
        (row.append(word) if row is not None else rows.append([word]))
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def is_gutter(stretch: list[list[Word]], x: float, settings: LayoutSettings) -> bool:
    """No word crosses ``x`` in the stretch, and the rows with words on both
    sides leave a gap wider than their own word spacing there, between text
    set in two styles (a bold label, its regular list) — not a bullet or a
    number hanging before its text."""
    split, slack = 0, settings.column_edge_slack
    for words in stretch:
        if any(w.x0 < x - slack and w.x1 > x + slack for w in words):
            return False
        left = [w for w in words if w.x1 <= x + slack]
        right = [w for w in words if abs(w.x0 - x) <= slack]  # the word that starts the column on this line
        if left and right:
            gap = right[0].x0 - left[-1].x1
            marker = len(" ".join(w.text for w in left)) <= MAX_MARKER
            if marker or same_style(left[-1], right[0]) or gap <= WORD_SPACING_FACTOR * word_spacing(words):
                return False
            split += 1
    return split >= 1


def split_at_columns(pieces: list[LinePiece], edges: list[ColumnEdge], settings: LayoutSettings) -> list[LinePiece]:
    """Pieces cut at the left edge of an aligned column, in the stretch of
    lines that shows it; a piece starting there is marked, so that the
    reading order can split there."""
    out, slack = [], settings.column_edge_slack
    for piece in pieces:
        middle = (piece.top + piece.bottom) / 2
        xs = [e.x for e in edges if e.top <= middle <= e.bottom]
        cuts = [[piece.words[0]]]
        for word in piece.words[1:]:
            if any(cuts[-1][-1].x1 <= x + slack and word.x0 >= x - slack for x in xs):
                cuts.append([])
            cuts[-1].append(word)
        out += [LinePiece(piece.page, words, aligned=any(abs(words[0].x0 - x) <= slack for x in xs)) for words in cuts]
    return out


def nearest(row: list[Word], word: Word) -> Word:
    """The row's word horizontally nearest to ``word``."""
    return min(row, key=lambda w: max(0.0, w.x0 - word.x1, word.x0 - w.x1))


def same_baseline(a: Word, b: Word, settings: LayoutSettings) -> bool:
    return (vertical_overlap(a, b) >= settings.line_overlap
            and abs(a.size - b.size) < settings.baseline_size_difference * max(a.size, b.size))


def furniture_key(piece: LinePiece, page: PageSize, settings: LayoutSettings) -> tuple | None:
    """The shape of a piece in the page margins, for spotting repetition."""
    if page.height <= 0:
        return None
    rel_top = piece.top / page.height
    if settings.furniture_margin < rel_top < 1 - settings.furniture_margin:
        return None
    band = round(rel_top / settings.furniture_band)
    return DIGITS.sub("#", piece.text.casefold()), band


def find_furniture(by_page: dict[int, list[LinePiece]], pages: dict[int, PageSize],
                   settings: LayoutSettings) -> set[int]:
    """ids of pieces repeated in shape and position on several pages: running
    headers and footers, page numbers in either corner. A shape repeated on
    half the pages is furniture wherever it sits in the margin; one repeated
    on fewer (a running header that changes with the part) only when it is the
    page's outermost line, so that a box title opening three pages is not."""
    seen: dict[tuple, set[int]] = defaultdict(set)
    outer: dict[tuple, set[int]] = defaultdict(set)
    for number, pieces in by_page.items():
        edge = outermost(pieces, settings)
        for piece in pieces:
            key = furniture_key(piece, pages[number], settings)
            if key is not None:
                seen[key].add(number)
                if id(piece) in edge:
                    outer[key].add(number)
    always = max(2, settings.furniture_repeat_everywhere * len(pages))
    often = max(min(settings.furniture_min_pages, len(pages)), 2, settings.furniture_repeat * len(pages))
    repeated = {key for key, on_pages in seen.items() if len(on_pages) >= always}
    repeated |= {key for key, on_pages in outer.items() if len(on_pages) >= often}
    return {id(piece) for number, pieces in by_page.items() for piece in pieces
            if furniture_key(piece, pages[number], settings) in repeated}


def outermost(pieces: list[LinePiece], settings: LayoutSettings) -> set[int]:
    """ids of the pieces on a page's first and last baselines."""
    if not pieces:
        return set()
    first, last = min(pieces, key=lambda s: s.top), max(pieces, key=lambda s: s.bottom)
    return {id(s) for s in pieces if vertical_overlap(s, first) >= settings.line_overlap
            or vertical_overlap(s, last) >= settings.line_overlap}


def _same_box(a: BBox, b: BBox, tol: float) -> bool:
    return all(abs(p - q) <= tol for p, q in ((a.x0, b.x0), (a.top, b.top), (a.x1, b.x1), (a.bottom, b.bottom)))


def _stacked_band(band: Region, box: Region, tol: float, body: float, settings: LayoutSettings) -> bool:
    """A short tint printed right on top of a box, across its width: its header band."""
    return (abs(band.bottom - box.top) <= tol and abs(band.x0 - box.x0) <= tol and abs(band.x1 - box.x1) <= tol
            and band.bbox.height < min(box.bbox.height, settings.container_min_height * 2 * body))


def page_regions(page: PageSize, pieces: list[LinePiece], shapes: list[Shape], body: float,
                 settings: LayoutSettings) -> tuple[list[Region], list[Edge]]:
    """Every region the page's drawing makes (tints, frames, side-ruled text) and its edges."""
    edges = page_edges(shapes, body, settings)
    framed = drawn_frames(edges, body, settings)
    regions = tints(shapes, page, body, settings) + framed
    for rule in side_rules(edges, framed, body, settings):
        ruled = ruled_region(rule, pieces, body, settings)
        if ruled is not None:
            regions.append(ruled)
    return regions, edges


def container_regions(regions: list[Region], body: float, settings: LayoutSettings,
                      body_top: float = 0.0) -> list[Container]:
    """Regions big enough to hold a block, one per drawn box (a frame and its
    tint drawn together are one), with a band stacked on top joined to it. A
    region opening a page or a column at ``body_top`` may be a single line
    tall: the end of a box cut by the break."""
    tol = settings.position_tolerance * body
    big = [r for r in regions if r.bbox.width >= settings.container_min_width * body
           and (r.bbox.height >= settings.container_min_height * body
                or (r.bbox.height >= settings.band_min_height * body and r.top <= body_top + tol
                    and r.evidence != TINT))]
    unique: list[Region] = []
    for region in sorted(big, key=lambda r: (r.evidence != FRAME, r.top, r.x0)):
        if not any(_same_box(region.bbox, u.bbox, tol) for u in unique):
            unique.append(region)
    containers = []
    for region in unique:
        bands = [r.bbox for r in regions if r.evidence == TINT and _stacked_band(r, region, tol, body, settings)]
        if bands:
            region = Region(union([region.bbox, *bands]), region.evidence, region.open_top, region.open_bottom)
        containers.append(Container(region, bands))
    return containers


def nested_bands(container: Container, regions: list[Region], tol: float, settings: LayoutSettings) -> list[BBox]:
    """Tints inside a container at its top, less than ``header_band_share`` of its height: its header bands."""
    return [r.bbox for r in regions if r.evidence == TINT and container.bbox.contains(r.bbox, tol)
            and not _same_box(r.bbox, container.bbox, tol) and abs(r.top - container.top) <= tol
            and r.bbox.height < settings.header_band_share * container.bbox.height]


def build_containers(page: PageSize, pieces: list[LinePiece], shapes: list[Shape], body: float,
                     settings: LayoutSettings, body_top: float = 0.0) -> tuple[list[Container], list[LinePiece]]:
    """Assign pieces to the outermost regions enclosing them; return the rest as flow."""
    tol = settings.position_tolerance * body
    regions, edges = page_regions(page, pieces, shapes, body, settings)
    candidates = container_regions(regions, body, settings, body_top)
    holding = [c for c in candidates if any(c.bbox.contains_point(*center(s)) for s in pieces)]
    outer = [c for c in holding if not any(o is not c and o.bbox.contains(c.bbox, tol) for o in holding)]
    outer.sort(key=lambda c: (c.top, c.x0))
    for container in outer:
        container.bands = container.bands or nested_bands(container, regions, tol, settings)
    flow: list[LinePiece] = []
    for piece in pieces:
        holder = next((c for c in outer if c.bbox.contains_point(*center(piece))), None)
        (holder.pieces if holder else flow).append(piece)
    kept = [c for c in outer if c.pieces]
    for container in kept:
        container.cells = table_cells(container, edges, body, settings)
    return kept, flow


def table_cells(container: Container, edges: list[Edge], body: float, settings: LayoutSettings) -> list[BBox]:
    """The container's ruled cells when they make a table: at least two rows
    with two or more cells holding text, or rows that all have two or more
    (a box whose header alone is split into a region cell and a title cell
    is not a table; the last row of a table, alone on a page, is). Its
    pieces are cut where a cell's rule crosses them."""
    ruled = grid_cells(edges, container.bbox, body, settings)
    if not ruled:
        return []
    pieces = split_at_cells(container.pieces, ruled)
    cells = [c for c in ruled if any(c.contains_point(*center(s)) for s in pieces)]
    tol = settings.position_tolerance * body
    rows = split_on_gaps(cells, lambda c: c.top + tol, lambda c: c.bottom - tol, 0.0)
    multiple = sum(len(r) >= 2 for r in rows)
    if multiple >= 2 or (rows and multiple == len(rows)):
        container.pieces = pieces
        return cells
    return []


def split_at_cells(pieces: list[LinePiece], cells: list[BBox]) -> list[LinePiece]:
    """Pieces cut where they cross from one cell into the next (a label
    printed close to its cell's rule, and the region beside it)."""
    cuts = []
    for piece in pieces:
        groups: dict[int, list[Word]] = {}
        for word in piece.words:
            holder = next((i for i, c in enumerate(cells) if c.contains_point(*center(word))), -1)
            groups.setdefault(holder, []).append(word)
        cuts += [LinePiece(piece.page, words) for words in groups.values()]
    return cuts


def xy_cut(items: list, body: float, settings: LayoutSettings) -> list[list]:
    """Order items into leaves: columns left to right, bands top to bottom.

    Vertical cuts are tried first so that a two-column body is read column
    by column even when its paragraph gaps line up across the columns. When
    neither cut works, lines on top that span the gutter of columns below
    them (a title across a two-column body, closer than a band gap) are read
    first, then the columns.
    """
    if len(items) <= 1:
        return [items]
    columns = split_columns(items, body, settings)
    if columns:
        return [leaf for column in columns for leaf in xy_cut(column, body, settings)]
    bands = split_on_gaps(items, lambda i: i.top, lambda i: i.bottom, settings.band_gap * body)
    if len(bands) > 1:
        return [leaf for band in bands for leaf in xy_cut(band, body, settings)]
    spanning = spanning_head(items, body, settings)
    if spanning:
        head, rest = spanning
        columns = split_columns(rest, body, settings)
        assert columns is not None  # spanning_head found that they split
        return [head] + [leaf for column in columns for leaf in xy_cut(column, body, settings)]
    return [items]


def split_columns(items: list, body: float, settings: LayoutSettings) -> list[list] | None:
    """Items split at vertical gutters into columns, or None when they do not
    split. One line with a wide gap is not two columns; a one-line label beside
    a list is."""
    columns = split_on_gaps(items, lambda i: i.x0, lambda i: i.x1, settings.column_gap * body)
    if len(columns) < 2:
        return split_at_aligned(items, settings)
    if all(len(c) > 1 or isinstance(c[0], Container) for c in columns) or label_beside_list(columns, settings):
        return columns
    return None


def split_at_aligned(items: list, settings: LayoutSettings) -> list[list] | None:
    """The items cut at a table column's edge found by alignment, when none
    crosses it (a gutter narrower than a column gap)."""
    for x in sorted({i.x0 for i in items if isinstance(i, LinePiece) and i.aligned}):
        left = [i for i in items if i.x1 <= x + settings.column_edge_slack]
        right = [i for i in items if i.x0 >= x - settings.column_edge_slack]
        if left and right and len(left) + len(right) == len(items):
            return [left, right]
    return None


def label_beside_list(columns: list[list], settings: LayoutSettings) -> bool:
    """Two columns of which one holds a single line: a table row's label beside
    its list, or a list's one entry beside a wrapped label. Not a number
    hanging beside a wrapped title, nor a word left alone by a justified
    line's wide spacing (its gap is the line's own word spacing)."""
    if len(columns) != 2 or stacked_alone(columns) or any(isinstance(i, Container) for c in columns for i in c):
        return False
    lone = next((k for k, c in enumerate(columns) if len(c) == 1), None)
    if lone is None or hanging_marker(columns[0]):
        return False
    single, other = columns[lone][0], columns[1 - lone]
    beside = [i for i in other if vertical_overlap(i, single) >= settings.line_overlap]
    if not beside:
        return True
    neighbour = max(beside, key=lambda i: i.x1) if lone == 1 else min(beside, key=lambda i: i.x0)
    gap = single.x0 - neighbour.x1 if lone == 1 else neighbour.x0 - single.x1
    return gap > WORD_SPACING_FACTOR * word_spacing([w for i in beside for w in i.words] + single.words)


def word_spacing(words: list[Word]) -> float:
    """The usual gap between words printed on one baseline, the widest aside
    (0 for a single word): a justified line's stretched spaces."""
    ordered = sorted(words, key=lambda w: w.x0)
    gaps = sorted(b.x0 - a.x1 for a, b in pairwise(ordered))[:-1]
    return gaps[len(gaps) // 2] if gaps else 0.0


def stacked_alone(columns: list[list]) -> bool:
    """Each column holds items on one baseline only: one line with wide gaps."""
    return all(len({round(i.top) for i in column}) == 1 for column in columns)


def hanging_marker(column: list) -> bool:
    """A lone number or bullet beside a wrapped text ("1  Soutien à la création … /
    ou indirectes"): a marker hanging in the margin, not a column."""
    return len(column) == 1 and isinstance(column[0], LinePiece) and len(column[0].text) <= MAX_MARKER


def spanning_head(items: list, body: float, settings: LayoutSettings) -> tuple[list, list] | None:
    """(the top items, the rest) when the rest splits into columns and the top
    items all lie above it: at most a few lines across a gutter."""
    ordered = sorted(items, key=lambda i: (i.top, i.x0))
    for k in range(1, min(MAX_SPANNING_LINES, len(ordered) - 2) + 1):
        head, rest = ordered[:k], ordered[k:]
        if max(i.bottom for i in head) <= min(i.top for i in rest) + settings.position_tolerance * body \
                and split_columns(rest, body, settings):
            return head, rest
    return None


def lines_of(pieces: list[LinePiece], settings: LayoutSettings) -> list[list[Word]]:
    """Merge pieces that share a baseline into lines, top to bottom."""
    rows: list[list[LinePiece]] = []
    for piece in sorted(pieces, key=lambda s: (s.top, s.x0)):
        if rows and vertical_overlap(rows[-1][-1], piece) >= settings.line_overlap:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return [[w for s in sorted(row, key=lambda s: s.x0) for w in s.words] for row in rows]


def header_cells(pieces: list[LinePiece], settings: LayoutSettings) -> list[list[LinePiece]]:
    """Split a box header into cells that overlap horizontally (label, title),
    at gutters only: a justified title's stretched spaces split its lines into
    pieces that are one cell."""
    cells = split_on_gaps(pieces, lambda s: s.x0, lambda s: s.x1, 0.0)
    merged = [cells[0]]
    for cell in cells[1:]:
        if gutter_between(merged[-1], cell, settings):
            merged.append(cell)
        else:
            merged[-1] = merged[-1] + cell
    return [sorted(cell, key=lambda s: (s.top, s.x0)) for cell in merged]


def gutter_between(left: list[LinePiece], right: list[LinePiece], settings: LayoutSettings) -> bool:
    """On every baseline the two hold in common, the gap between them is wider
    than that baseline's word spacing (not a justified line's even spaces)."""
    for piece in right:
        beside = [s for s in left if vertical_overlap(s, piece) >= settings.line_overlap]
        if not beside:
            continue
        gap = piece.x0 - max(s.x1 for s in beside)
        if gap <= WORD_SPACING_FACTOR * word_spacing([w for s in beside for w in s.words] + piece.words):
            return False
    return True


def container_header(container: Container, settings: LayoutSettings) -> list[LinePiece]:
    """Pieces forming the box's header: inside its header bands, or else the
    leading pieces set apart from the body by weight or size."""
    if container.bands:
        tol = settings.header_band_tolerance * min(b.height for b in container.bands)
        return [s for s in container.pieces if any(b.contains_point(*center(s), tol) for b in container.bands)]
    if container.cells:
        return []
    ordered = sorted(container.pieces, key=lambda s: (s.top, s.x0))
    body_size = body_font_size(w for s in ordered for w in s.words)
    header = []
    for piece in ordered:
        if not display_type(piece.words, body_size, settings.display_scale):
            break
        header.append(piece)
    return header if len(header) < len(ordered) else []


@dataclass
class Leaf:
    """Pieces read together, and what they are: a header cell, a column of a
    body, a table cell (row, column)."""

    pieces: list[LinePiece]
    header: bool = False
    cell: tuple[int, int] | None = None


@dataclass
class PageBlock:
    """A block being built on one page: its leaves in reading order."""

    kind: str
    evidence: str
    bbox: BBox
    leaves: list[Leaf]
    open_top: bool = False
    open_bottom: bool = False
    banded: bool = False


def cell_leaves(container: Container, body: float, settings: LayoutSettings) -> list[Leaf]:
    """A ruled table's cells row by row, each read on its own."""
    tol = settings.position_tolerance * body
    rows = split_on_gaps(container.cells, lambda c: c.top + tol, lambda c: c.bottom - tol, 0.0)
    home = {id(s): min((c for c in container.cells if c.contains_point(*center(s))),
                       key=lambda c: c.width * c.height, default=None) for s in container.pieces}
    leaves = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(sorted(row, key=lambda b: b.x0)):
            inside = [s for s in container.pieces if home[id(s)] is cell]  # each piece in one cell, the smallest
            if inside:
                leaves.append(Leaf(inside, cell=(r, c)))
    placed = {id(s) for leaf in leaves for s in leaf.pieces}
    rest = [s for s in container.pieces if id(s) not in placed]
    return leaves + [Leaf(leaf) for leaf in xy_cut(rest, body, settings)] if rest else leaves


def container_block(container: Container, body: float, settings: LayoutSettings) -> PageBlock:
    header = container_header(container, settings)
    header_ids = {id(s) for s in header}
    leaves = [Leaf(cell, header=True) for cell in header_cells(header, settings)] if header else []
    rest = [s for s in container.pieces if id(s) not in header_ids]
    if container.cells:
        leaves += cell_leaves(Container(container.region, [], rest, container.cells), body, settings)
        kind = TABLE
    else:
        leaves += [Leaf(leaf) for leaf in xy_cut(rest, body, settings) if leaf]
        kind = FRAMED
    return PageBlock(kind, container.evidence, container.bbox, leaves, container.region.open_top,
                     container.region.open_bottom, banded=bool(container.bands and header))


def page_blocks(page: PageSize, pieces: list[LinePiece], shapes: list[Shape], body: float,
                settings: LayoutSettings, body_top: float = 0.0) -> list[PageBlock]:
    """The page's blocks in reading order: each flow leaf is running text, each
    container a framed block or a table."""
    containers, flow = build_containers(page, pieces, shapes, body, settings, body_top)
    blocks = []
    for leaf in xy_cut(flow + containers, body, settings):
        loose = [i for i in leaf if not isinstance(i, Container)]
        if loose:
            blocks.append(PageBlock(TEXT, "flow", union(loose), [Leaf(loose)]))
        for container in sorted((i for i in leaf if isinstance(i, Container)), key=lambda c: (c.top, c.x0)):
            blocks.append(container_block(container, body, settings))
    return blocks


def _line_record(words: list[Word], header: bool, paragraph_start: bool) -> dict:
    box = union(words)
    chars = sum(len(w.text) for w in words)
    return dict(
        page=words[0].page, text=" ".join(w.text for w in words),
        x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
        size=round(statistics.median(w.size for w in words), 2),
        bold=sum(len(w.text) for w in words if w.bold) * 2 > chars,
        header=header, paragraph_start=paragraph_start,
        words=[[w.text, w.x0, w.top, w.x1, w.bottom] for w in words],
    )


def leaf_lines(pieces: list[LinePiece], header: bool, body: float, settings: LayoutSettings) -> list[dict]:
    """Line records of one leaf, each saying whether it starts a paragraph: after
    a gap, or at a bullet — unless the "bullet" is a dash that carries on an
    item's text at its hanging indent ("… outils insertion" / "– formation …")."""
    records = []
    previous: list[Word] | None = None
    bullet_x: float | None = None  # where the current item's bullet is printed
    for words in lines_of(pieces, settings):
        gap = min(w.top for w in words) - max(w.bottom for w in previous) if previous else 0.0
        bullet = is_list_item(words[0].text)
        hanging = bullet and bullet_x is not None and words[0].x0 > bullet_x + settings.position_tolerance * body
        starts = previous is None or gap > settings.paragraph_gap * body or (bullet and not hanging)
        if starts:
            bullet_x = words[0].x0 if bullet else None
        records.append(_line_record(words, header, starts))
        previous = words
    return records


class Numbering:
    """Running counters for line ids, leaves and block ids across the document."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.blocks: list[Block] = []
        self.leaf = 0

    def add_block(self, kind: str, evidence: str, part: Part, **extra) -> Block:
        block = Block(id=block_id(len(self.blocks) + 1), kind=kind, evidence=evidence, parts=[part], **extra)
        self.blocks.append(block)
        return block

    def add_lines(self, block: Block, records: list[dict]) -> list[int]:
        ids = []
        for record in records:
            line = Line(id=len(self.lines), block=block.id, leaf=self.leaf, **record)
            self.lines.append(line)
            ids.append(line.id)
        block.lines += ids
        if line_ids := [i for i, r in zip(ids, records, strict=True) if r["header"]]:
            block.header += line_ids
        self.leaf += 1
        return ids


def emit_block(numbering: Numbering, built: PageBlock, page: int, body: float, settings: LayoutSettings) -> Block:
    part = Part(page=page, x0=round(built.bbox.x0, 2), top=round(built.bbox.top, 2), x1=round(built.bbox.x1, 2),
                bottom=round(built.bbox.bottom, 2))
    block = numbering.add_block(built.kind, built.evidence, part)
    cells: dict[tuple[int, int], list[int]] = {}
    for leaf in built.leaves:
        ids = numbering.add_lines(block, leaf_lines(leaf.pieces, leaf.header, body, settings))
        if leaf.cell is not None:
            cells.setdefault(leaf.cell, []).extend(ids)
    block.cells = [Cell(row=r, column=c, lines=ids) for (r, c), ids in sorted(cells.items())]
    block.open_top, block.open_bottom, block.banded = built.open_top, built.open_bottom, built.banded
    return block


def furniture_blocks(numbering: Numbering, page: int, pieces: list[LinePiece]) -> None:
    for piece in sorted(pieces, key=lambda s: (s.top, s.x0)):
        where = Part(page=page, x0=piece.x0, top=piece.top, x1=piece.x1, bottom=piece.bottom)
        numbering.add_block(FURNITURE, "repeated", where,
                            words=[[w.text, w.x0, w.top, w.x1, w.bottom] for w in piece.words])


@dataclass
class Row:
    """One printed line of running text during the search for styled blocks."""

    words: list[Word]
    page: int
    source: int      # index of its page block in the document's sequence
    leaf: int        # index of its leaf in that block
    column: tuple[float, float]  # left and right edges of running text in its column


def text_rows(sequence: list[tuple[int, PageBlock]], settings: LayoutSettings) -> list[Row]:
    """The rows of consecutive running-text blocks, with their column's left edge."""
    rows = []
    for index, (page, built) in enumerate(sequence):
        for number, leaf in enumerate(built.leaves):
            rows += [Row(words, page, index, number, (0.0, 0.0)) for words in lines_of(leaf.pieces, settings)]
    for row in rows:
        # A row is beside itself even with no width (_overlaps needs some).
        beside = [r.words for r in rows if r is row or (r.page == row.page and _overlaps(r.words, row.words))]
        row.column = (min(w[0].x0 for w in beside), max(w[-1].x1 for w in beside))
    return rows


def column_break(previous: Row, row: Row) -> bool:
    """The row starts a new page or a new column (it is not below the previous one)."""
    return row.page != previous.page or min(w.top for w in row.words) < max(w.bottom for w in previous.words)


def _overlaps(a: list[Word], b: list[Word]) -> bool:
    shared = min(a[-1].x1, b[-1].x1) - max(a[0].x0, b[0].x0)
    return shared > 0.5 * min(a[-1].x1 - a[0].x0, b[-1].x1 - b[0].x0)


def _as_leaves(rows: list[Row], header: bool = False) -> list[Leaf]:
    """Rows grouped back into the leaves they were read in."""
    return [Leaf([LinePiece(r.page, r.words) for r in group], header=header)
            for _, group in groupby(rows, key=lambda r: (r.source, r.leaf))]


def styled_blocks(sequence: list[tuple[int, PageBlock]], voice: Voice, body: float,
                  settings: LayoutSettings) -> list[tuple[int, PageBlock, bool]]:
    """Consecutive running-text blocks with their styled runs split out:
    (page, block, continues the previous block) in reading order."""
    rows = text_rows(sequence, settings)
    runs = styled_runs([r.words for r in rows], [r.column for r in rows], voice, body, settings,
                       breaks={i for i in range(1, len(rows)) if column_break(rows[i - 1], rows[i])})
    out: list[tuple[int, PageBlock, bool]] = []
    cursor = 0
    for run in runs + [StyledRun(len(rows), len(rows), len(rows))]:
        out += _pieces(rows[cursor:run.start], TEXT, 0)
        out += _pieces(rows[run.start:run.end], STYLED, run.header_end - run.start)
        cursor = run.end
    return out


def _pieces(rows: list[Row], kind: str, header_rows: int) -> list[tuple[int, PageBlock, bool]]:
    """One block per page for ``rows``; the later ones continue the first."""
    pieces = []
    for n, page in enumerate(sorted({r.page for r in rows})):
        on_page = [(i, r) for i, r in enumerate(rows) if r.page == page]
        header = [r for i, r in on_page if i < header_rows]
        rest = [r for i, r in on_page if i >= header_rows]
        leaves = _as_leaves(header, header=True) + _as_leaves(rest)
        box = union(w for _, r in on_page for w in r.words)
        pieces.append((page, PageBlock(kind, "type" if kind == STYLED else "flow", box, leaves), n > 0))
    return pieces


def document_blocks(pages: dict[int, list[PageBlock]], body: float,
                    settings: LayoutSettings) -> list[tuple[int, PageBlock, bool]]:
    """Every page's blocks in reading order, runs of running text searched for
    blocks set apart by type alone."""
    sequence = [(n, b) for n in sorted(pages) for b in pages[n]]
    text = [(n, b) for n, b in sequence if b.kind == TEXT]
    voice = running_voice([words for _, b in text for leaf in b.leaves for words in lines_of(leaf.pieces, settings)])
    out: list[tuple[int, PageBlock, bool]] = []
    pending: list[tuple[int, PageBlock]] = []
    for n, built in [*sequence, (0, None)]:  # a last None flushes the pending run
        if built is not None and built.kind == TEXT:
            pending.append((n, built))
            continue
        if pending:
            out += styled_blocks(pending, voice, body, settings)
            pending = []
        if built is not None:
            out.append((n, built, False))
    return out


def layout(words: list[Word], shapes: list[Shape], pages: list[PageSize],
           settings: LayoutSettings = LayoutSettings()) -> Layout:
    """Lines of the whole document in reading order and their blocks."""
    body = body_font_size(words)
    by_page: dict[int, list[Word]] = defaultdict(list)
    for w in words:
        by_page[w.page].append(w)
    sizes = {p.page: p for p in pages}
    pieces = {n: line_pieces(by_page[n], settings) for n in sizes if by_page[n]}
    pieces = {n: split_at_columns(pieces, aligned_starts(pieces, settings), settings) for n, pieces in pieces.items()}
    furniture = find_furniture(pieces, sizes, settings)
    shapes_by_page: dict[int, list[Shape]] = defaultdict(list)
    for s in shapes:
        shapes_by_page[s.page].append(s)
    kept = {n: [s for s in pieces[n] if id(s) not in furniture] for n in sorted(pieces)}
    top = body_extent([s for n in kept for s in kept[n]], sizes, settings)[0]
    built = {n: page_blocks(sizes[n], kept[n], shapes_by_page[n], body, settings, top * sizes[n].height)
             for n in sorted(kept)}
    numbering = Numbering()
    previous: Block | None = None
    furniture_pages = sorted(pieces)
    for page, piece, carries_on in document_blocks(built, body, settings):
        while furniture_pages and furniture_pages[0] < page:
            number = furniture_pages.pop(0)
            furniture_blocks(numbering, number, [s for s in pieces[number] if id(s) in furniture])
        block = emit_block(numbering, piece, page, body, settings)
        if carries_on and previous is not None:
            previous.continued_by, block.continues = block.id, previous.id
        previous = block
    for number in furniture_pages:
        furniture_blocks(numbering, number, [s for s in pieces[number] if id(s) in furniture])
    link_continuations(numbering.blocks, numbering.lines, sizes, body, settings)
    return Layout(numbering.lines, numbering.blocks)


def document_text(lines: list[Line]) -> str:
    """Plain text in reading order: a blank line between blocks, a form feed between pages."""
    out: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None:
            if line.page != previous.page:
                out.append("\f")
            elif line.leaf != previous.leaf:
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


def load_lines_where(paths: StagePaths, wanted: Callable[[dict], bool]) -> dict[int, Line]:
    """Only the lines ``wanted`` keeps, by id: a reader of a few pages of a
    1 000-page document does not hold its 30 000 lines (≈ 165 MB). For
    example ``load_lines_where(paths, lambda line: line["page"] == 3)`` gives
    ``{412: Line(id=412, page=3, …), 413: …}``.
    """
    return {r["id"]: Line(**r) for r in read_jsonl(paths.lines) if wanted(r)}


def load_layout(paths: StagePaths) -> Layout:
    return Layout(load_lines(paths), load_blocks(paths))


def run(paths: StagePaths, settings: LayoutSettings = LayoutSettings()) -> Layout:
    """Stage entry point: words/shapes/pages -> lines.jsonl, blocks.json and text.txt."""
    result = layout(*load_extraction(paths), settings=settings)
    write_jsonl(paths.lines, (asdict(line) for line in result.lines))
    write_blocks(paths.blocks, result.blocks)
    write_text(paths.text, document_text(result.lines))
    return result
