"""Axis summaries read as tables: each type label with the regions it lists.

A summary is printed as panels (a label over its regions, side by side), a
ruled grid, a borderless two-column text table (labels on the left wrapping
over lines, regions on the right one per line or comma-separated), or a
list ("Label : A, B et C"). Whatever the drawing, a region entry's label is
the one printed just above it in its column (a panel, a list), else the
one printed in its row to its left (a table). Labels and region lists of a summary are never sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby, pairwise

from pipeline.core.settings import LayoutSettings
from pipeline.core.text import join_lines
from pipeline.pdf.layout import Line
from pipeline.structure.outline import Heading
from pipeline.structure.regions import Region, RegionIndex

# The count badge of an axis summary: "8 RÉGIONS", "9 régions".
REGION_BADGE = re.compile(r"\b(?P<count>\d{1,2})\s+R[ÉE]GIONS?\b", re.IGNORECASE)
# A label and its regions on one line: "Soutien à l’innovation : Midi-Pyrénées, Languedoc-Roussillon".
INLINE_ENTRY = re.compile(r"^(?P<label>[^:]{3,}?)\s*:\s*(?P<regions>\S.*)$")
# A region name broken over at most this many lines.
MAX_ENTRY_LINES = 3
# A gap this much wider (x body size) than a column's usual line spacing ends a table row.
ROW_GAP = 0.2
# Width of a space, as a fraction of the font size, when judging whether a word would have fitted.
SPACE = 0.25


@dataclass
class Intervention:
    label: str
    region_code: str
    region_name: str
    page: int
    line: int


@dataclass
class Summary:
    """An axis summary: its heading, printed badge count, (type, region) rows
    and every line it reads (labels and regions: never sentences)."""

    axis_line: int
    badge_count: int | None
    interventions: list[Intervention]
    lines: list[int]


@dataclass
class Entry:
    """Lines of one leaf that list regions, and the regions."""

    lines: list[Line]
    regions: list[Region]
    label: str | None = None  # a label printed on the same line ("Label : A, B")

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)


def entry_at(lines: list[Line], start: int, index: RegionIndex, known: frozenset[str]) -> Entry | None:
    """The shortest run of lines from ``start`` that lists regions and nothing else."""
    for end in range(start + 1, min(start + MAX_ENTRY_LINES, len(lines)) + 1):
        text = join_lines((ln.text for ln in lines[start:end]), known)
        regions = index.resolve_list(text) or index.resolve_list("".join(ln.text for ln in lines[start:end]))
        if regions:  # a name cut without a hyphen by a narrow cell reads whole: "Champagne-Ardenn" / "e"
            return Entry(lines[start:end], regions)
        inline = INLINE_ENTRY.match(text)
        if inline and (regions := index.resolve_list(inline["regions"])):
            return Entry(lines[start:end], regions, inline["label"].strip())
    return None


def leaf_entries(lines: list[Line], index: RegionIndex, known: frozenset[str]) -> tuple[list[Entry], list[Line]]:
    """A leaf's region entries, and its other lines (label candidates)."""
    entries, others, i = [], [], 0
    while i < len(lines):
        entry = None if lines[i].header and not lines[i].bold else entry_at(lines, i, index, known)
        if entry is None:
            others.append(lines[i])
            i += 1
        else:
            entries.append(entry)
            i += len(entry.lines)
    return entries, others


def would_fit(previous: Line, line: Line, right: float) -> bool:
    """The line's first word would have fitted at the end of the previous line:
    the previous line ended its paragraph."""
    first: list = line.words[0] if line.words else [line.text, line.x0, line.top, line.x1, line.bottom]
    return previous.x1 + SPACE * previous.size + (first[3] - first[1]) <= right


def paragraphs(lines: list[Line], right: float | None = None) -> list[list[Line]]:
    """Lines of one leaf split where a paragraph ends: a gap or a new paragraph
    as laid out, a change of weight, or a line that ended short of ``right``
    (the leaf's right edge; by default the farthest of these lines) before a
    line starting with a capital, as a label does ("pour la formation des" /
    "salariés …" is one label wrapped in a narrow panel)."""
    if not lines:
        return []
    right = max(ln.x1 for ln in lines) if right is None else right
    groups = [[lines[0]]]
    for previous, line in pairwise(lines):
        new = (line.paragraph_start or line.bold != previous.bold or line.leaf != previous.leaf
               or (line.text[:1].isupper() and would_fit(previous, line, right)))
        if new:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def label_text(lines: list[Line], known: frozenset[str]) -> str:
    return join_lines((ln.text for ln in lines), known).rstrip(" :")


def _span(lines: list[Line]) -> tuple[float, float]:
    return min(ln.top for ln in lines), max(ln.bottom for ln in lines)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def entry_groups(entries: list[Entry], body: float) -> list[list[Entry]]:
    """A leaf's entries split where a row ends: a gap wider than the leaf's usual
    line spacing (cell padding between rows)."""
    if not entries:
        return []
    lines = [ln for e in entries for ln in e.lines]
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines))
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    groups = [[entries[0]]]
    for previous, entry in pairwise(entries):
        gap = entry.top - previous.bottom
        if gap > usual + ROW_GAP * body or entry.lines[0].paragraph_start and gap > usual + 0.05 * body:
            groups.append([entry])
        else:
            groups[-1].append(entry)
    return groups


def left_column(group: list[Entry], label_paragraphs: list[list[Line]], tol: float) -> list[list[Line]]:
    """Label paragraphs in the nearest column to the left of a group of entries, on its page."""
    page, x0 = group[0].lines[0].page, min(e.x0 for e in group)
    left = [p for p in label_paragraphs if p[0].page == page and max(ln.x1 for ln in p) <= x0 + tol]
    if not left:
        return []
    nearest = max(max(ln.x1 for ln in p) for p in left)
    right_edge = [p for p in left if max(ln.x1 for ln in p) >= nearest - 3 * tol]
    column_x0 = min(min(ln.x0 for ln in p) for p in right_edge)
    return [p for p in left if min(ln.x0 for ln in p) >= column_x0 - tol]


def row_labels(group: list[Entry], column: list[list[Line]], tol: float) -> dict[int, list[Line]]:
    """For each entry of a group (by position), the label of its row in ``column``."""
    span = (min(e.top for e in group), max(e.bottom for e in group))
    sharing = [p for p in column if _overlap(_span(p), span) > 0]
    found: dict[int, list[Line]] = {}
    for k, entry in enumerate(group):
        if len(sharing) == 1:
            found[k] = sharing[0]
            continue
        own = (entry.top, entry.bottom)
        beside = max(sharing, key=lambda p: _overlap(_span(p), own), default=None)
        if beside is not None and _overlap(_span(beside), own) > 0:
            found[k] = beside
            continue
        above = [p for p in (sharing or column) if _span(p)[0] <= entry.top + tol]
        if above:
            found[k] = above[-1]
        elif sharing:
            found[k] = sharing[0]
    return found


def read_summary(heading: Heading, zone: list[Line], index: RegionIndex,
                 known: frozenset[str], body: float, settings: LayoutSettings) -> Summary:
    """The (type, region) rows of the summary printed in ``zone`` after an axis heading."""
    badge = next((m for ln in zone if (m := REGION_BADGE.search(ln.text))), None)
    tol = settings.position_tolerance * body
    leaves = [list(group) for _, group in groupby(zone, key=lambda ln: ln.leaf)]
    found = [(leaf, *leaf_entries(leaf, index, known)) for leaf in leaves]
    label_paragraphs = [p for leaf, _, others in found for p in paragraphs(others, max(ln.x1 for ln in leaf))]
    rows: list[Intervention] = []
    used: set[int] = set()
    for leaf_number, (_, entries, _) in enumerate(found):
        for group in entry_groups(entries, body):
            column = left_column(group, label_paragraphs, tol)
            beside = row_labels(group, column, tol) if column else {}
            for k, entry in enumerate(group):
                label_lines = None if entry.label else (label_above(entry, found, leaf_number) or beside.get(k))
                label = entry.label or (label_text(label_lines, known) if label_lines else None)
                if not label:
                    continue
                used |= {ln.id for ln in entry.lines} | {ln.id for ln in label_lines or []}
                rows += [Intervention(label=label, region_code=r.code, region_name=r.name,
                                      page=entry.lines[0].page, line=entry.lines[0].id) for r in entry.regions]
    assert heading.line is not None  # axis_zones gives located headings only
    return Summary(axis_line=heading.line, badge_count=int(badge["count"]) if badge else None, interventions=rows,
                   lines=sorted(used))


def label_above(entry: Entry, found: list[tuple[list[Line], list[Entry], list[Line]]],
                leaf_number: int) -> list[Line] | None:
    """The paragraph printed just above the entry's run of entries in its column:
    in its own leaf, else the last paragraph of the leaf before (a panel's header)."""
    leaf, entries, _ = found[leaf_number]
    starts = {leaf.index(e.lines[0]): e for e in entries}
    ends = {leaf.index(e.lines[-1]) for e in entries}
    first = leaf.index(entry.lines[0])
    while first - 1 in ends:  # the entry carries on the run of entries above it
        first = next(i for i in sorted(starts, reverse=True) if i < first)
    previous_end = max((i for i in ends if i < first), default=-1)
    between = leaf[previous_end + 1:first]
    if between:
        return paragraphs(between, max(ln.x1 for ln in leaf))[-1]
    if previous_end >= 0 or leaf_number == 0:
        return None
    before, before_entries, others = found[leaf_number - 1]
    if not others or (before_entries and before.index(before_entries[-1].lines[-1]) > before.index(others[-1])):
        return None
    last = paragraphs(others, max(ln.x1 for ln in before))[-1]
    beside = min(ln.x1 for ln in last) > entry.x0 and max(ln.x0 for ln in last) < max(ln.x1 for ln in entry.lines)
    return last if beside and last[-1].page == entry.lines[0].page else None
