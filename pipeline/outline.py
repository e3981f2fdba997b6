"""The heading tree: read from the contents page, then found in the body.

The contents page is the page where many lines end in a page number set
flush right; its entries' indentation gives the levels. Each entry is then
looked for, in order, among the body's display lines (larger than body text
or bold), by how much of its title a run of up to four lines covers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .layout import Line
from .settings import LayoutSettings
from .text import join_lines, title_key

# A page reference printed alone at the end of a contents entry: "14".
PAGE_NUMBER = re.compile(r"^\d{1,4}$")
# A labelled entry: "Partie 1 : La place de l’IAE…", "Axe 2 : Soutien à…".
LABELLED_ENTRY = re.compile(r"^(?P<label>[^\W\d]+)\s+(?P<number>\d+)\s*[:.–—-]\s*(?P<title>.+)$")
# The number a section heading is printed with: "1 Formalisation…", "3. Place…".
HEADING_NUMBER = re.compile(r"^(?P<number>\d+)\.?\s")
MIN_CONTENTS_ENTRIES = 5
MAX_HEADING_LINES = 4
MIN_TITLE_COVERAGE = 0.9


@dataclass
class Heading:
    level: int
    number: str | None
    title: str
    contents_page: int | None
    page: int | None = None
    line: int | None = None  # id of the body line where it is printed


def find_contents_page(lines: list[Line]) -> int | None:
    """The first page with at least five lines that are a bare page number."""
    counts: dict[int, int] = {}
    for line in lines:
        if PAGE_NUMBER.match(line.text):
            counts[line.page] = counts.get(line.page, 0) + 1
    pages = [p for p, n in sorted(counts.items()) if n >= MIN_CONTENTS_ENTRIES]
    return pages[0] if pages else None


def _shares_baseline(a: Line, b: Line) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def contents_entries(lines: list[Line], page: int) -> list[tuple[list[Line], int]]:
    """(title lines, printed page number) for each entry of the contents page.

    A title wrapped over several lines ends on the line that carries the number.
    """
    on_page = [l for l in lines if l.page == page]
    numbers = [l for l in on_page if PAGE_NUMBER.match(l.text)]
    titles = [l for l in on_page if not PAGE_NUMBER.match(l.text)]
    entries = []
    pending: list[Line] = []
    for line in titles:
        number = next((n for n in numbers if _shares_baseline(n, line)), None)
        if pending and (pending[-1].block != line.block or pending[-1].size != line.size):
            pending = []
        pending.append(line)
        if number is not None:
            entries.append((pending, int(number.text)))
            pending = []
    return entries


def indent_levels(entries: list[tuple[list[Line], int]], tolerance: float) -> list[int]:
    """Rank of each entry's indentation: 0 for the leftmost."""
    steps: list[float] = []
    for first_line, _ in ((e[0][0], e[1]) for e in entries):
        if not any(abs(first_line.x0 - s) <= tolerance for s in steps):
            steps.append(first_line.x0)
    steps.sort()
    return [next(i for i, s in enumerate(steps) if abs(e[0][0].x0 - s) <= tolerance) for e in entries]


def parse_contents(lines: list[Line], page: int, tolerance: float) -> list[Heading]:
    """Headings of the contents page; level 1 leftmost, 2 labelled ("Axe 1 :"), 3 the rest."""
    entries = contents_entries(lines, page)
    headings = []
    for (title_lines, printed), rank in zip(entries, indent_levels(entries, tolerance)):
        text = join_lines(l.text for l in title_lines)
        labelled = LABELLED_ENTRY.match(text)
        if rank == 0:
            number = labelled["number"] if labelled else None
            headings.append(Heading(1, number, labelled["title"] if labelled else text, printed))
        elif labelled:
            headings.append(Heading(2, f"{labelled['label']} {labelled['number']}", labelled["title"], printed))
        else:
            headings.append(Heading(3, None, text, printed))
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


def is_display(line: Line, body: float, settings: LayoutSettings, bold_counts: bool) -> bool:
    """Set apart from body text: larger, or (when ``bold_counts``) bold, and outside boxes."""
    return line.container is None and (line.size >= settings.heading_scale * body or (bold_counts and line.bold))


def _windows(lines: list[Line], start: int, display):
    for n in range(1, MAX_HEADING_LINES + 1):
        window = lines[start:start + n]
        if len(window) < n or window[-1].block != window[0].block or not display(window[-1]):
            return
        yield window


def locate(heading: Heading, lines: list[Line], cursor: int, body: float,
           settings: LayoutSettings) -> tuple[list[Line], int] | None:
    """The first run of display lines at or after ``cursor`` that prints the heading.

    Larger type is looked at first; bold body-size lines only when no larger
    line prints the heading, since bold lists (a part's overview) repeat titles.
    """
    for bold_counts in (False, True):
        found = _first_match(heading, lines, cursor,
                             lambda l, bold=bold_counts: is_display(l, body, settings, bold))
        if found:
            return found
    return None


def _first_match(heading: Heading, lines: list[Line], cursor: int, display) -> tuple[list[Line], int] | None:
    for start in range(cursor, len(lines)):
        if not display(lines[start]):
            continue
        best = None
        for window in _windows(lines, start, display):
            text = join_lines(l.text for l in window)
            coverage, extra = title_match(heading.title, text)
            if coverage >= MIN_TITLE_COVERAGE and extra <= max(12, len(title_key(heading.title)) // 4):
                if best is None or (coverage, -extra) > best[0]:
                    best = ((coverage, -extra), window)
        if best:
            return best[1], start
    return None


def locate_headings(headings: list[Heading], lines: list[Line], first_body_line: int, body: float,
                    settings: LayoutSettings) -> None:
    """Fill each heading's body page and line, and a section's printed number."""
    cursor = first_body_line
    for heading in headings:
        found = locate(heading, lines, cursor, body, settings)
        if found is None:
            continue
        window, start = found
        heading.page, heading.line = window[0].page, window[0].id
        printed_number = HEADING_NUMBER.match(window[0].text)
        if heading.level == 3 and printed_number:
            heading.number = printed_number["number"]
        cursor = start + len(window)
