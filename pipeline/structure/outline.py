"""The heading tree: read from the contents page, then found in the body.

The contents page is the first page where at least five lines end in a page
reference (set flush right, after dot leaders, or right after the title)
whose numbers never go back; its entries' indentation gives the levels. Each entry is then
looked for, in order, among the body's display lines (larger than body text
or bold), by how much of its title a run of up to four lines covers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from pipeline.core.geometry import vertical_overlap
from pipeline.core.settings import LayoutSettings, OutlineSettings
from pipeline.core.text import join_lines, title_key
from pipeline.pdf.blocks import FRAMED, STYLED, TEXT, Block
from pipeline.pdf.layout import Line
from pipeline.pdf.styled import same_size

# A page reference printed alone at the end of a contents entry: "14".
PAGE_NUMBER = re.compile(r"^\d{1,4}$")
# Dot leaders after an entry's title: "Introduction . . . . . .".
LEADER_TAIL = re.compile(r"(?:\s*[.·…‥_]){2,}\s*$")
# Dot leaders printed apart from their entry: "..........".
LEADERS = re.compile(r"^[\s.·…‥_]+$")
# An entry's page reference at the end of its title: after dot leaders
# ("Introduction ........ 3", "Soutien à l’innovation · · · 20") or a space ("Introduction 3").
TRAILING_NUMBER = re.compile(r"^(?P<title>.*?[^\s.·…‥_])(?:\s*[.·…‥_](?:\s*[.·…‥_])+\s*|\s+)(?P<number>\d{1,4})$")
# The rest of a wrapped title: it starts in lower case or with an opening bracket
# or quote ("compétences (GPEC)", "(GPEC)"), not as an entry does.
CONTINUED_TITLE = re.compile(r"^(?:[^\W\d_](?<=[a-zà-ÿ])|[(«“\[])")
# A labelled entry: "Partie 1 : La place de l’IAE…", "Axe 2 : Soutien à…".
LABELLED_ENTRY = re.compile(r"^(?P<label>[^\W\d]+)\s+(?P<number>\d+)\s*[:.–—-]\s*(?P<title>.+)$")
# The number a section heading is printed with: "1 Formalisation…", "3. Place…".
HEADING_NUMBER = re.compile(r"^(?P<number>\d+)\.?\s")


@dataclass
class Heading:
    level: int
    number: str | None
    title: str
    contents_page: int | None
    page: int | None = None
    line: int | None = None  # id of the body line where it is printed


def find_contents_page(lines: list[Line], settings: LayoutSettings = LayoutSettings(),
                       outline_settings: OutlineSettings = OutlineSettings()) -> int | None:
    """The first page whose lines read as a contents page (see ``is_contents``)."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    last = max(by_page, default=0)
    return next((page for page in sorted(by_page) if is_contents(page_entries(by_page[page], settings), last,
                                                                     outline_settings)), None)


def is_contents(entries: list[tuple[list[Line], int]], last_page: int,
                outline_settings: OutlineSettings = OutlineSettings()) -> bool:
    """At least ``min_contents_entries`` entries whose page numbers never go back and point into the
    document (printed numbers may run a few pages ahead of the PDF's)."""
    numbers = [n for _, n in entries]
    return (len(entries) >= outline_settings.min_contents_entries and numbers == sorted(numbers) and numbers[0] >= 1
            and numbers[-1] <= last_page + outline_settings.max_page_offset)


def numbered(line: Line, numbers: list[Line], settings: LayoutSettings) -> tuple[Line, int] | None:
    """The line with its page reference taken off, and the reference: printed
    apart on its baseline ("Introduction      3"), after dot leaders
    ("Introduction ....... 3") or right after the title ("Introduction 3")."""
    apart = next((n for n in numbers if vertical_overlap(n, line) >= settings.line_overlap), None)
    if apart is not None:
        return replace(line, text=LEADER_TAIL.sub("", line.text)), int(apart.text)
    trailing = TRAILING_NUMBER.match(line.text)
    if trailing is None:
        return None
    return replace(line, text=trailing["title"]), int(trailing["number"])


def page_entries(on_page: list[Line], settings: LayoutSettings) -> list[tuple[list[Line], int]]:
    """(title lines, printed page number) for each entry a page prints.

    A title wrapped over several lines ends on the line that carries the number,
    or, where the number is set beside its first line, goes on in lower case.
    """
    numbers = [ln for ln in on_page if PAGE_NUMBER.match(ln.text)]
    entries: list[tuple[list[Line], int]] = []
    pending: list[Line] = []
    for line in on_page:
        if PAGE_NUMBER.match(line.text) or LEADERS.match(line.text):
            continue
        if pending and (pending[-1].leaf != line.leaf or not same_size(pending[-1].size, line.size)):
            pending = []
        found = numbered(line, numbers, settings)
        if found is None and not pending and entries and CONTINUED_TITLE.match(line.text):
            # the rest of a title whose page number sits beside its first line
            title, number = entries[-1]
            entries[-1] = (title + [line], number)
        elif found is None:
            pending.append(line)
        else:
            entries.append((pending + [found[0]], found[1]))
            pending = []
    return entries


def contents_entries(lines: list[Line], page: int, settings: LayoutSettings) -> list[tuple[list[Line], int]]:
    """(title lines, printed page number) for each entry of the contents page."""
    return page_entries([ln for ln in lines if ln.page == page], settings)


def indent_levels(entries: list[tuple[list[Line], int]], tolerance: float) -> list[int]:
    """Rank of each entry's indentation: 0 for the leftmost."""
    steps: list[float] = []
    for first_line, _ in ((e[0][0], e[1]) for e in entries):
        if not any(abs(first_line.x0 - s) <= tolerance for s in steps):
            steps.append(first_line.x0)
    steps.sort()
    return [next(i for i, s in enumerate(steps) if abs(e[0][0].x0 - s) <= tolerance) for e in entries]


def parse_contents(lines: list[Line], page: int, tolerance: float,
                   settings: LayoutSettings = LayoutSettings()) -> list[Heading]:
    """Headings of the contents page; level 1 leftmost, 2 labelled ("Axe 1 :"), 3 the rest."""
    entries = contents_entries(lines, page, settings)
    headings = []
    for (title_lines, printed), rank in zip(entries, indent_levels(entries, tolerance), strict=True):
        text = join_lines(ln.text for ln in title_lines)
        labelled = LABELLED_ENTRY.match(text)
        if rank == 0:
            number = labelled["number"] if labelled else None
            headings.append(Heading(level=1, number=number, title=labelled["title"] if labelled else text,
                                    contents_page=printed))
        elif labelled:
            headings.append(Heading(level=2, number=f"{labelled['label']} {labelled['number']}",
                                    title=labelled["title"], contents_page=printed))
        else:
            headings.append(Heading(level=3, number=None, title=text, contents_page=printed))
    return headings


def title_match(title: str, candidate: str) -> tuple[float, int]:
    """(share of the title's characters found in order in the candidate, extra characters).

    >>> title_match("Soutien à l’innovation", "2 Soutien à l’innovation")
    (1.0, 1)
    """
    want, got = title_key(title), title_key(candidate)
    if not want or not got:
        return 0.0, len(got)
    matched = sum(block.size for block in SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks())
    return matched / len(want), len(got) - matched


def is_heading_type(line: Line, body: float, settings: LayoutSettings, bold_counts: bool) -> bool:
    """Set like a heading: larger than the body by ``heading_scale``, or (when
    ``bold_counts``) bold.

    Not ``styled.is_display_type``, on purpose: a heading is measured against
    the whole document's body size with the larger ``heading_scale``, where a
    box header is measured against its own block's text; and capitals alone
    do not make a heading (labels at body size in capitals, such as region
    names, are not the contents page's entries)."""
    return line.size >= settings.heading_scale * body or (bold_counts and line.bold)


def heading_places(blocks: list[Block], lines: list[Line], body: float, settings: LayoutSettings,
                   outline_settings: OutlineSettings = OutlineSettings()) -> set[str]:
    """Blocks where a heading may be printed: running text, and bands that hold
    nothing but display type (a part title set in a coloured band) — not boxes,
    tables or panels, whose labels may repeat a heading's words."""
    places = set()
    for block in blocks:
        if block.kind in (TEXT, STYLED):
            places.add(block.id)
        elif block.kind == FRAMED and len(block.lines) <= outline_settings.max_heading_lines and all(
                is_heading_type(lines[i], body, settings, True) for i in block.lines):
            places.add(block.id)
    return places


def _windows(lines: list[Line], start: int, display, max_lines: int):
    for n in range(1, max_lines + 1):
        window = lines[start:start + n]
        if len(window) < n or window[-1].leaf != window[0].leaf or not display(window[-1]):
            return
        yield window


def locate(heading: Heading, lines: list[Line], cursor: int, body: float, settings: LayoutSettings,
           places: set[str], outline_settings: OutlineSettings = OutlineSettings()) -> tuple[list[Line], int] | None:
    """The first run of display lines at or after ``cursor`` that prints the heading.

    Larger type is looked at first; bold body-size lines only when no larger
    line prints the heading, since bold lists (a part's overview) repeat titles.
    """
    for bold_counts in (False, True):
        found = _first_match(heading, lines, cursor, lambda ln, bold=bold_counts: (
            ln.block in places and is_heading_type(ln, body, settings, bold)), outline_settings)
        if found:
            return found
    return None


def _first_match(heading: Heading, lines: list[Line], cursor: int, display,
                 outline_settings: OutlineSettings) -> tuple[list[Line], int] | None:
    allowed = max(outline_settings.min_extra_chars,
                  len(title_key(heading.title)) // outline_settings.title_chars_per_extra)
    for start in range(cursor, len(lines)):
        if not display(lines[start]):
            continue
        best = None
        for window in _windows(lines, start, display, outline_settings.max_heading_lines):
            text = join_lines(ln.text for ln in window)
            coverage, extra = title_match(heading.title, text)
            if coverage >= outline_settings.min_title_coverage and extra <= allowed:
                if best is None or (coverage, -extra) > best[0]:
                    best = ((coverage, -extra), window)
        if best:
            return best[1], start
    return None


def locate_headings(headings: list[Heading], lines: list[Line], blocks: list[Block], first_body_line: int,
                    body: float, settings: LayoutSettings,
                    outline_settings: OutlineSettings = OutlineSettings()) -> None:
    """Fill each heading's body page and line, and a section's printed number."""
    cursor = first_body_line
    places = heading_places(blocks, lines, body, settings, outline_settings)
    for heading in headings:
        found = locate(heading, lines, cursor, body, settings, places, outline_settings)
        if found is None:
            continue
        window, start = found
        heading.page, heading.line = window[0].page, window[0].id
        printed_number = HEADING_NUMBER.match(window[0].text)
        if heading.level == 3 and printed_number:
            heading.number = printed_number["number"]
        cursor = start + len(window)


def ancestor(outline: list[Heading], heading: Heading, level: int) -> Heading | None:
    """The heading of ``level`` that the contents page prints above ``heading``
    (its part or axis), whether or not it was found in the body."""
    for above in reversed(outline[:outline.index(heading)]):
        if above.level < level:
            return None
        if above.level == level:
            return above
    return None


def enclosing(outline: list[Heading], line: int, level: int) -> Heading | None:
    """The heading of ``level`` that ``line`` is printed under: the last heading
    found before it, or that heading's part or axis in the contents. A box
    stays under its axis when the axis title itself was not found."""
    above = [(h.line, h) for h in outline if h.line is not None and h.line < line]
    if not above:
        return None
    _, last = max(above, key=lambda pair: pair[0])
    if last.level == level:
        return last
    return ancestor(outline, last, level) if last.level > level else None
