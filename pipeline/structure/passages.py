"""Running text as passages (paragraphs and list items) mapped back to words.

A passage keeps, for every printed word, the characters it occupies in the
passage's text, so that a match in the text can be traced to the page and
box where it is printed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.core.geometry import BBox, union
from pipeline.core.text import is_list_item, line_break
from pipeline.pdf.layout import Line
from pipeline.pdf.styled import same_size

# A passage ends a sentence when its text ends like this ("fin.", "(voir ci-dessous.)"),
# not at a closing quote or bracket alone ("d’« hébergement »" goes on) ...
SENTENCE_END = re.compile(r"[.!?…][)»”\"']*\s*$")
# ... and leads in to what follows, or ends a list item, when it ends like this.
LEAD_IN_END = re.compile(r"[:;]\s*$")
# Lines of justified text end on the margin within this many points.
JUSTIFIED = 1.0
# A line set in from its column's left edge by this much (x its size) sits at an item's hanging indent.
HANGING_INDENT = 0.5
# A space is about this wide, as a fraction of the font size.
SPACE_WIDTH = 0.25
# A passage cut in the middle of a word or of a list: "Champagne-", "Picardie,".
OPEN_END = re.compile(r"(?:\w[-‐]|,)\s*$")


@dataclass(frozen=True)
class PlacedWord:
    start: int
    end: int
    page: int
    box: BBox


@dataclass
class Passage:
    """A paragraph or list item: its text, its words' places, its box if any."""

    text: str = ""
    words: list[PlacedWord] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    within: str | None = None  # the block it is read in, or "flow" for running text
    bold_end: bool = False  # its last line is bold (a heading, a lead-in)
    ends: list[float] = field(default_factory=list)  # right edge of each of its lines
    last_size: float = 0.0
    box: str | None = None  # id of the regional box it is printed in

    @property
    def page(self) -> int:
        return self.words[0].page

    def append_line(self, line: Line, known: frozenset[str]) -> None:
        if self.text:
            separator, drop = line_break(self.text, line.text, known)
            if drop:
                self.text = self.text[:-1]
            self.text += separator
        for i, (word, x0, top, x1, bottom) in enumerate(line.words):
            if i:
                self.text += " "
            start = len(self.text)
            self.text += word
            self.words.append(PlacedWord(start, len(self.text), line.page, BBox(x0, top, x1, bottom)))
        self.lines.append(line.id)
        self.bold_end = line.bold
        self.ends.append(line.x1)
        self.last_size = line.size

    @classmethod
    def from_text(cls, text: str, page: int = 1) -> Passage:
        """A passage for text that was not laid out (tests, ad-hoc reading): each
        word gets a nominal box along one line."""
        passage = cls(text=text)
        for m in re.finditer(r"\S+", text):
            passage.words.append(PlacedWord(m.start(), m.end(), page, BBox(m.start(), 0.0, m.end(), 1.0)))
        return passage

    def place(self, start: int, end: int) -> tuple[int, BBox]:
        """Page and box of the characters [start, end): the words they touch on the first page.

        >>> p = Passage(); p.append_line(Line(0, 3, "80 %", 0, 0, 9, 9, 9, False, "b0001", 0, False, True,
        ...                                   [["80", 0, 0, 4, 9], ["%", 5, 0, 9, 9]]), frozenset())
        >>> p.place(0, 4)
        (3, BBox(x0=0, top=0, x1=9, bottom=9))
        """
        touched = [w for w in self.words if w.start < end and w.end > start]
        page = touched[0].page
        return page, union(w.box for w in touched if w.page == page)


def continues(previous: Passage, line: Line, indented: bool = False) -> bool:
    """A new block's first line that carries on the previous passage's sentence
    (a column or page break in mid-sentence): the passage is not closed, and
    either the line starts in lower case or with a digit, or the passage
    stops in the middle of a word or a list ("Champagne-", "Picardie,"), or
    the line opens the next column or page, is set in the same type and is
    not the text under a bold heading. There a line in lower case carries on;
    one with a capital or after a full stop carries on when the passage's
    last line is full or the line sits at an item's hanging indent
    (``indented``): "… avec les / Emplois d’Avenir", "… Franche-Comté /
    Active dans", but not "… les permanents / Cet engagement".
    After a colon only lower case carries on ("… extérieur : / subvention à
    hauteur …"); a capital or a bullet starts what it announces."""
    first = line.text[:1]
    if is_list_item(line.text):
        return False
    if LEAD_IN_END.search(previous.text):
        return first.islower()
    under_heading = previous.bold_end and not line.bold
    same_type = same_size(previous.last_size, line.size)
    if next_column(previous, line) and not under_heading and same_type:
        if SENTENCE_END.search(previous.text):
            return ends_full(previous, line)
        return first.islower() or first.isdigit() or indented or ends_full(previous, line)
    if SENTENCE_END.search(previous.text):
        return False
    return first.islower() or first.isdigit() or bool(OPEN_END.search(previous.text))


def ends_full(previous: Passage, line: Line) -> bool:
    """The passage's last line is full, as a paragraph's last line is not: in
    justified text it ends on the right margin like the lines above it; in
    ragged text the new line's first word would not have fitted after it. A
    full line at a column's foot means the paragraph goes on in the next
    column, even after a full stop."""
    if len(previous.ends) < 2 or not line.words:
        return False
    *above, last = previous.ends
    right = max(above)
    justified = len(above) >= 3 and sum(abs(end - right) <= JUSTIFIED for end in above) >= len(above) - 1
    if justified:
        return abs(last - right) <= JUSTIFIED
    first_word = line.words[0][3] - line.words[0][1]
    return last + SPACE_WIDTH * previous.last_size + first_word > right


def next_column(previous: Passage, line: Line) -> bool:
    """The line is printed on a later page, or higher up than the passage's last
    word (the top of the next column)."""
    last = previous.words[-1] if previous.words else None
    return last is not None and (line.page > last.page or (line.page == last.page and line.bottom < last.box.top))


def build_passages(lines: list[Line], box_of_line: dict[int, str], known: frozenset[str],
                   enclosed: frozenset[str] = frozenset(), headers: frozenset[int] | None = None) -> list[Passage]:
    """Passages of the whole document in reading order.

    A passage never leaves its box, nor an ``enclosed`` block (a panel, a
    table); running text carries on across blocks when a sentence does.
    ``headers`` (by default every line laid out as a header) are passages of
    their own.
    """
    headers = frozenset(ln.id for ln in lines if ln.header) if headers is None else headers
    return list(passages_of(lines, box_of_line, known, enclosed, headers, leaf_lefts(lines)))


def leaf_lefts(lines: Iterable[Line]) -> dict[int, float]:
    """The left edge of each leaf (a column of a block): where its items' bullets hang."""
    lefts: dict[int, float] = {}
    for line in lines:
        lefts[line.leaf] = min(lefts.get(line.leaf, line.x0), line.x0)
    return lefts


def passages_of(lines: Iterable[Line], box_of_line: dict[int, str], known: frozenset[str],
                enclosed: frozenset[str], headers: frozenset[int], lefts: dict[int, float]) -> Iterator[Passage]:
    """``build_passages`` as the lines stream by: each passage is given once it is
    complete, so that a long document's passages need not all be held."""
    current: Passage | None = None
    for line in lines:
        box = box_of_line.get(line.id)
        within = line.block if line.block in enclosed else "flow"
        same_place = current is not None and current.box == box and (current.within == within or box is not None)
        indented = line.x0 > lefts[line.leaf] + HANGING_INDENT * line.size
        joins = same_place and line.id not in headers and (
            not line.paragraph_start or (current is not None and continues(current, line, indented)))
        if current is None or not joins:
            if current is not None:
                yield current
            current = Passage(within=within, box=box)
        current.append_line(line, known)
    if current is not None:
        yield current
