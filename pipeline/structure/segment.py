"""The segment stage: lines and blocks -> outline, regional boxes and axis summaries (segments.json).

Layout cues come from the block model (framed and styled blocks, their
headers, the fragments that continue them, tables and their cells); text
cues from the regions reference (a box's header starts with a region name;
a summary pairs type labels with region names).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from pipeline.core.artefacts import read_json, write_json
from pipeline.core.paths import StagePaths
from pipeline.core.settings import LayoutSettings, OutlineSettings
from pipeline.core.text import join_lines, title_key, vocabulary
from pipeline.pdf.blocks import FRAMED, STYLED, Block, chain
from pipeline.pdf.layout import Line, body_font_size, load_layout
from pipeline.pdf.styled import is_display_type
from pipeline.structure.outline import (
    Heading,
    find_contents_page,
    locate_headings,
    parse_contents,
)
from pipeline.structure.passages import build_passages
from pipeline.structure.regions import COMPLEMENT, Region, RegionIndex, default_index
from pipeline.structure.summaries import Intervention, Summary, read_summary

# What may stand between a region and its title in one header: "Poitou-Charentes – Emplois…",
# "Corse : Mutualisation…", "PACA | Un dispositif…".
TITLE_SEPARATOR = re.compile(r"^[\s–—\-‐:|/•·]+")
BOX_KINDS = (FRAMED, STYLED)


@dataclass
class Box:
    """A regional box: header (region, title), body lines, where it starts, the blocks it spans."""

    id: str
    region_code: str
    region_name: str
    title: str
    page: int
    first_line: int
    body_lines: list[int] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    body: str = ""


@dataclass
class Segments:
    contents_page: int | None
    outline: list[Heading]
    boxes: list[Box]
    summaries: list[Summary]
    missing: list[str]


@dataclass(frozen=True)
class Header:
    region: Region
    title: str
    lines: list[int]  # the header's lines; any other line of the block is body


def region_lines(header: list[Line], index: RegionIndex, known: frozenset[str]) -> tuple[Region, int, str] | None:
    """(region, how many leading header lines print its name, what follows the
    name on the last of them): "Pays de la / Loire", "Poitou-Charentes – Emplois…".
    A name followed by a complement is a common noun ("Centre de ressources")."""
    for n in range(1, len(header) + 1):
        text = join_lines((ln.text for ln in header[:n]), known)
        whole = index.resolve(text)
        if whole is not None:
            return whole, n, ""
        found = index.resolve_prefix(text)
        if found is not None and found[1] and not COMPLEMENT.match(" " + found[1]):
            return found[0], n, TITLE_SEPARATOR.sub("", found[1])
    return None


def in_display_type(line: Line, body_size: float, settings: LayoutSettings) -> bool:
    """Set apart from the block's text as the layout stage sets a box header apart
    (``styled.is_display_type``): bold, larger by ``display_scale``, or in capitals."""
    return is_display_type(line.bold, line.size, line.text, body_size, settings.display_scale)


def without_repeat(pieces: list[str], known: frozenset[str]) -> int:
    """How many of a title's pieces to keep: a title printed twice in a row
    (a body opening with the title in bold, read into the header) keeps one.

    >>> without_repeat(["Appel à projets", "Appel à projets"], frozenset())
    1
    >>> without_repeat(["Aide Régionale (ARSIE)", "Aide Régionale"], frozenset())  # the repeat cut short
    1
    >>> without_repeat(["Appel « Actions", "»", "Appel « Actions »"], frozenset())
    2
    """
    for k in range(1, len(pieces)):
        if not title_key(pieces[k]):  # a closing "»" alone on a line ends the title, it does not repeat it
            continue
        first, rest = title_key(join_lines(pieces[:k], known)), title_key(join_lines(pieces[k:], known))
        if first and rest and (rest.startswith(first) or first.startswith(rest)):
            return k
    return len(pieces)


def display_lines(lines: list[Line], body_size: float, settings: LayoutSettings) -> list[Line]:
    """Leading ``lines`` set apart from the block's text."""
    found = []
    for line in lines:
        if not in_display_type(line, body_size, settings):
            break
        found.append(line)
    return found


def box_header(block: Block, lines: list[Line], index: RegionIndex, known: frozenset[str],
               settings: LayoutSettings = LayoutSettings()) -> Header | None:
    """(region, title, header lines) when the block's header starts with a region
    name. A header holding the region alone takes its title from the display
    lines under it; a title printed twice in a row counts once."""
    header = [lines[i] for i in block.header]
    rest = [lines[i] for i in block.lines if i not in set(block.header)]
    body_size = body_font_size(rest) if rest else 0.0
    found = region_lines(header, index, known) if header else None
    if found is None or not all(in_display_type(ln, body_size, settings) for ln in header[:found[1]]):
        return None
    region, n, inline = found
    title_lines = header[n:]
    if not inline and not title_lines:
        title_lines = display_lines(rest, body_size, settings)
    pieces = ([inline] if inline else []) + [ln.text for ln in title_lines]
    keep = without_repeat(pieces, known) if pieces else 0
    kept_lines = title_lines[:keep - (1 if inline else 0)]
    title = join_lines(pieces[:keep], known)
    if not title:
        return None
    return Header(region, title, [ln.id for ln in header[:n]] + [ln.id for ln in kept_lines])


def box_fragments(block: Block, by_id: dict[str, Block], lines: list[Line], index: RegionIndex,
                  known: frozenset[str], settings: LayoutSettings) -> list[Block]:
    """The block and the fragments that continue it, up to one that opens a box of its own."""
    fragments = [block]
    for fragment in chain(by_id, block)[1:]:
        if fragment.header and box_header(fragment, lines, index, known, settings) is not None:
            break
        fragments.append(fragment)
    return fragments


def body_text(lines: list[Line], known: frozenset[str]) -> str:
    """Paragraphs and list items, one per line, each joined with hyphenation repaired."""
    return "\n".join(p.text for p in build_passages(lines, {line.id: "box" for line in lines}, known,
                                                    headers=frozenset()))


def find_boxes(lines: list[Line], blocks: list[Block], index: RegionIndex, known: frozenset[str],
               settings: LayoutSettings) -> list[Box]:
    """Regional boxes: framed or styled blocks whose header names a region, with
    the fragments that continue them across column and page breaks."""
    by_id = {b.id: b for b in blocks}
    boxes = []
    for block in blocks:
        if block.kind not in BOX_KINDS or block.continues is not None:
            continue
        header = box_header(block, lines, index, known, settings)
        if header is None:
            continue
        fragments = box_fragments(block, by_id, lines, index, known, settings)
        header_ids = set(header.lines)
        body = [i for f in fragments for i in f.lines if i not in header_ids]
        boxes.append(Box(id=block.id, region_code=header.region.code, region_name=header.region.name,
                         title=header.title, page=block.page, first_line=min(block.lines), body_lines=body,
                         header_lines=sorted(header_ids), blocks=[f.id for f in fragments]))
    for box in boxes:
        box.body = body_text([lines[i] for i in box.body_lines], known)
    return boxes


def axis_zones(outline: list[Heading], boxes: list[Box], lines: list[Line]) -> list[tuple[Heading, list[Line]]]:
    """Each located axis heading with the lines up to the next heading or box."""
    stops = sorted({h.line for h in outline if h.line is not None} | {b.first_line for b in boxes} | {len(lines)})
    zones = []
    for heading in outline:
        if heading.level == 2 and heading.line is not None:
            end = next(s for s in stops if s > heading.line)
            zones.append((heading, lines[heading.line:end]))
    return zones


def segment(lines: list[Line], blocks: list[Block], settings: LayoutSettings = LayoutSettings(),
            index: RegionIndex | None = None, outline_settings: OutlineSettings = OutlineSettings()) -> Segments:
    index = index or default_index()
    body = body_font_size(lines)
    known = vocabulary(ln.text for ln in lines)
    missing = []
    contents_page = find_contents_page(lines, settings, outline_settings)
    outline: list[Heading] = []
    if contents_page is not None:
        outline = parse_contents(lines, contents_page, settings.position_tolerance * body, settings)
        first_body = next((ln.id for ln in lines if ln.page > contents_page), len(lines))
        locate_headings(outline, lines, blocks, first_body, body, settings, outline_settings)
        if sum(h.line is not None for h in outline) < outline_settings.min_headings_found * len(outline):
            missing.append(f"page {contents_page} looks like a contents page, but most of its headings are not "
                           "printed in the body: not used")
            contents_page, outline = None, []
    if contents_page is None:
        missing.append("no contents page found: outline, axes and sections are empty")
    missing += [f"heading not found in the body: {h.title!r}" for h in outline if h.line is None and h.level < 3]
    boxes = find_boxes(lines, blocks, index, known, settings)
    if not boxes:
        missing.append("no boxes found (no framed or styled block whose header starts with a region name)")
    summaries = [read_summary(h, zone, index, known, body, settings)
                 for h, zone in axis_zones(outline, boxes, lines)]
    missing += [f"axis summary without regions: {outline_title(outline, s.axis_line)!r}"
                for s in summaries if not s.interventions]
    return Segments(contents_page=contents_page, outline=outline, boxes=boxes, summaries=summaries, missing=missing)


def outline_title(outline: list[Heading], line: int) -> str:
    return next(h.title for h in outline if h.line == line)


def load_segments(paths: StagePaths) -> Segments:
    raw = read_json(paths.segments)
    return Segments(
        contents_page=raw["contents_page"], outline=[Heading(**h) for h in raw["outline"]],
        boxes=[Box(**b) for b in raw["boxes"]],
        summaries=[Summary(axis_line=s["axis_line"], badge_count=s["badge_count"], lines=s["lines"],
                           interventions=[Intervention(**i) for i in s["interventions"]]) for s in raw["summaries"]],
        missing=raw["missing"],
    )


def run(paths: StagePaths, settings: LayoutSettings = LayoutSettings(),
        outline_settings: OutlineSettings = OutlineSettings()) -> Segments:
    """Stage entry point: lines.jsonl + blocks.json -> segments.json; ``missing`` says what it did not find."""
    layout = load_layout(paths)
    segments = segment(layout.lines, layout.blocks, settings, outline_settings=outline_settings)
    write_json(paths.segments, asdict(segments))
    return segments
