"""Stage 3: lines -> outline, regional boxes and axis summaries (segments.json).

Layout cues come from the layout stage (drawn containers, their header
bands, display sizes); text cues from the regions reference (a box's header
starts with a region name; a summary lists region names under a type label).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from itertools import groupby

from .artefacts import read_json, write_json
from .layout import Line, body_font_size, load_lines
from .outline import Heading, find_contents_page, locate_headings, parse_contents
from .passages import build_passages
from .paths import StagePaths
from .regions import Region, RegionIndex, default_index
from .settings import LayoutSettings
from .text import join_lines, vocabulary

# The count badge of an axis summary: "8 RÉGIONS", "9 régions".
REGION_BADGE = re.compile(r"\b(?P<count>\d{1,2})\s+R[ÉE]GIONS?\b", re.IGNORECASE)


@dataclass
class Box:
    """A regional box: header (region, title), body lines, where it starts."""

    region_code: str
    region_name: str
    title: str
    page: int
    first_line: int
    body_lines: list[int] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    body: str = ""


@dataclass
class Intervention:
    label: str
    region_code: str
    region_name: str
    page: int
    line: int


@dataclass
class Summary:
    """An axis summary: its heading, printed badge count and (type, region) rows."""

    axis_line: int
    badge_count: int | None
    interventions: list[Intervention]


@dataclass
class Segments:
    contents_page: int | None
    outline: list[Heading]
    boxes: list[Box]
    summaries: list[Summary]
    missing: list[str]


def container_runs(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines of one container, in reading order."""
    return [list(run) for key, run in groupby(lines, key=lambda l: l.container) if key is not None]


def box_header(run: list[Line], index: RegionIndex, known: frozenset[str]) -> tuple[Region, str] | None:
    """(region, title) when the container's header is display type (bold, or
    larger than its body) and starts with a region name."""
    header = [l for l in run if l.header]
    body = [l.size for l in run if not l.header]
    if not header or not all(l.bold or (body and l.size > max(body)) for l in header):
        return None
    cells = [join_lines((l.text for l in cell), known) for _, cell in groupby(header, key=lambda l: l.block)]
    first = index.resolve(cells[0])
    if first is not None and len(cells) > 1:
        return first, join_lines(cells[1:], known)
    found = index.resolve_prefix(join_lines(cells, known))
    return found if found and found[1] else None


def starts_page(run: list[Line], lines: list[Line]) -> bool:
    """True when nothing but furniture precedes the container on its page."""
    first = run[0]
    return all(l.page != first.page for l in lines[:first.id])


def body_text(lines: list[Line], known: frozenset[str]) -> str:
    """Paragraphs and list items, one per line, each joined with hyphenation repaired."""
    return "\n".join(p.text for p in build_passages(lines, {line.id: 0 for line in lines}, known))


def find_boxes(lines: list[Line], index: RegionIndex, known: frozenset[str]) -> list[Box]:
    """Regional boxes, with bodies continued across page breaks."""
    boxes: list[Box] = []
    last_run_was_box = False
    for run in container_runs(lines):
        header = box_header(run, index, known)
        if header is not None:
            region, title = header
            boxes.append(Box(region.code, region.name, title, run[0].page, run[0].id,
                             [l.id for l in run if not l.header], [l.id for l in run if l.header]))
            last_run_was_box = True
        elif last_run_was_box and starts_page(run, lines) and run[0].page != lines[boxes[-1].first_line].page:
            boxes[-1].body_lines += [l.id for l in run]
        else:
            last_run_was_box = False
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


def same_style(a: Line, b: Line) -> bool:
    return (a.bold == b.bold and a.header == b.header and a.container == b.container
            and abs(a.size - b.size) < 0.05 * max(a.size, b.size))


def type_label(zone: list[Line], first_region_line: int, known: frozenset[str]) -> str | None:
    """The run of lines set like the one just above a region list: its label."""
    above = first_region_line - 1
    if above < 0:
        return None
    start = above
    while start - 1 >= 0 and same_style(zone[start - 1], zone[above]):
        start -= 1
    return join_lines((l.text for l in zone[start:above + 1]), known)


def summary_of(heading: Heading, zone: list[Line], index: RegionIndex, known: frozenset[str]) -> Summary:
    badge = next((REGION_BADGE.search(l.text) for l in zone if REGION_BADGE.search(l.text)), None)
    rows: list[Intervention] = []
    label = None
    previous_was_region = False
    for i, line in enumerate(zone):
        regions = None if line.header else index.resolve_list(line.text)
        if regions is None:
            previous_was_region = False
            continue
        if not previous_was_region:
            label = type_label(zone, i, known)
        previous_was_region = True
        if label:
            rows += [Intervention(label, r.code, r.name, line.page, line.id) for r in regions]
    return Summary(heading.line, int(badge["count"]) if badge else None, rows)


def segment(lines: list[Line], settings: LayoutSettings = LayoutSettings(),
            index: RegionIndex | None = None) -> Segments:
    index = index or default_index()
    body = body_font_size(lines)
    known = vocabulary(l.text for l in lines)
    missing = []
    contents_page = find_contents_page(lines)
    outline: list[Heading] = []
    if contents_page is None:
        missing.append("no contents page found: outline, axes and sections are empty")
    else:
        outline = parse_contents(lines, contents_page, settings.position_tolerance * body)
        first_body = next((l.id for l in lines if l.page > contents_page), len(lines))
        locate_headings(outline, lines, first_body, body, settings)
        missing += [f"heading not found in the body: {h.title!r}" for h in outline if h.line is None and h.level < 3]
    boxes = find_boxes(lines, index, known)
    if not boxes:
        missing.append("no boxes found (no drawn box whose header starts with a region name)")
    summaries = [summary_of(h, zone, index, known) for h, zone in axis_zones(outline, boxes, lines)]
    missing += [f"axis summary without regions: {outline_title(outline, s.axis_line)!r}"
                for s in summaries if not s.interventions]
    return Segments(contents_page, outline, boxes, summaries, missing)


def outline_title(outline: list[Heading], line: int) -> str:
    return next(h.title for h in outline if h.line == line)


def load_segments(paths: StagePaths) -> Segments:
    raw = read_json(paths.segments)
    return Segments(
        raw["contents_page"], [Heading(**h) for h in raw["outline"]], [Box(**b) for b in raw["boxes"]],
        [Summary(s["axis_line"], s["badge_count"], [Intervention(**i) for i in s["interventions"]])
         for s in raw["summaries"]],
        raw["missing"],
    )


def run(paths: StagePaths, settings: LayoutSettings = LayoutSettings()) -> Segments:
    """Stage entry point: lines.jsonl -> segments.json; ``missing`` says what it did not find."""
    segments = segment(load_lines(paths), settings)
    write_json(paths.segments, asdict(segments))
    return segments
