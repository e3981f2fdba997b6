"""Blocks set apart by typography alone: no frame, no tint, no rule.

A reader sees a box in running text when a header in display type (bold,
larger, or capitals) is followed by text set in another *voice* than the
running text: another size, another font, or indented from the column's
edge. The box lasts while that voice lasts; a heading larger than the box's
own text, a new header after a gap, or the running voice again ends it.

Works on rows of words (one printed line each) so that the layout stage can
call it before it numbers lines and blocks.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.settings import LayoutSettings
from pipeline.core.text import is_list_item
from pipeline.pdf.extract import Word

# A font name's weight and style suffixes: "DejaVuSans-Bold", "Arial,BoldItalic", "Times-Roman".
FONT_STYLE = re.compile(r"[-,]?(bold|italic|oblique|roman|regular|book|medium|light|semibold|black)+$",
                        re.IGNORECASE)
# A row in capitals: "POITOU-CHARENTES", "RHÔNE-ALPES" (small capitals read as capitals).
CAPITALS = re.compile(r"^[^a-zà-ÿ]*[A-ZÀ-Þ][^a-zà-ÿ]*$")
# How many display lines a header may take before it is text.
MAX_HEADER_ROWS = 4
# A voice printing at least this share of the regular-weight characters is a main voice.
MAIN_VOICE_SHARE = 0.2
# Sizes within this fraction of each other are one size.
SIZE_TOLERANCE = 0.04


@dataclass(frozen=True)
class Voice:
    """How running text is set: its size and its font family."""

    size: float
    family: str


def family(font: str) -> str:
    """A font's family without weight and style.

    >>> family("DejaVuSans-Bold"), family("Times-Roman"), family("Arial,BoldItalic")
    ('DejaVuSans', 'Times', 'Arial')
    """
    return FONT_STYLE.sub("", font) or font


def voice_of(row: Sequence[Word]) -> Voice:
    sizes = sorted(w.size for w in row)
    fonts = Counter(family(w.font) for w in row for _ in w.text)
    return Voice(round(sizes[len(sizes) // 2], 1), fonts.most_common(1)[0][0] if fonts else "")


def running_voice(rows: Sequence[Sequence[Word]]) -> Voice:
    """The voice of running text: of the voices that print a good share of the
    regular-weight characters, the largest (a document may print more box text
    than running text, and boxes are set smaller, not larger)."""
    counts: Counter[Voice] = Counter()
    for row in rows:
        if not all(w.bold for w in row):
            counts[voice_of(row)] += sum(len(w.text) for w in row)
    if not counts:
        return Voice(10.0, "")
    total = sum(counts.values())
    main = [v for v, n in counts.items() if n >= MAIN_VOICE_SHARE * total]
    return max(main, key=lambda v: (v.size, counts[v])) if main else counts.most_common(1)[0][0]


def same_size(a: float, b: float) -> bool:
    """Sizes a reader takes for one size (within ``SIZE_TOLERANCE`` of the larger).

    >>> same_size(10.0, 10.3), same_size(10.0, 10.5)
    (True, False)
    """
    return abs(a - b) <= SIZE_TOLERANCE * max(a, b)


def same_style(a: Word, b: Word) -> bool:
    """Two words set in one style: the same weight and the same size."""
    return a.bold == b.bold and same_size(a.size, b.size)


def capitals(text: str) -> bool:
    """Four letters or more, none in lower case ("AQUITAINE", small capitals).

    >>> capitals("RHÔNE-ALPES"), capitals("Rhône-Alpes"), capitals("8 RÉGIONS"), capitals("PDF")
    (True, False, True, False)
    """
    return sum(c.isalpha() for c in text) >= 4 and bool(CAPITALS.match(text))


def is_display_type(bold: bool, size: float, text: str, reference: float, scale: float) -> bool:
    """Display type, the way a box header is set apart from the text under it:
    bold, larger than ``reference`` by ``scale``, or in capitals.

    >>> is_display_type(False, 10.0, "AQUITAINE", 10.0, 1.04), is_display_type(False, 10.0, "Aquitaine", 10.0, 1.04)
    (True, False)
    """
    return bold or size >= scale * reference or capitals(text)


def display_type(row: Sequence[Word], reference: float, scale: float) -> bool:
    """A row of words in display type (see ``is_display_type``): all bold, its voice larger, or in capitals."""
    return is_display_type(all(w.bold for w in row), voice_of(row).size, " ".join(w.text for w in row),
                           reference, scale)


def stands_out_of_running_text(row: Sequence[Word], voice: Voice, settings: LayoutSettings) -> bool:
    """Display type against running text (a heading is set well larger)."""
    return display_type(row, voice.size, settings.heading_scale)


def other_voice(row: Sequence[Word], voice: Voice) -> bool:
    """Set in another size or font than running text."""
    own = voice_of(row)
    return not same_size(own.size, voice.size) or bool(own.family and voice.family and own.family != voice.family)


def set_apart(row: Sequence[Word], voice: Voice, column: tuple[float, float], body: float) -> bool:
    """Set in another voice than running text, or indented from the column's
    left edge (a list item's indent is its bullet's, not a block's)."""
    return other_voice(row, voice) or (row[0].x0 - column[0] >= body and not is_list_item(row[0].text))


def indented_both_sides(rows: Sequence[Sequence[Word]], columns: Sequence[tuple[float, float]], body: float) -> bool:
    """Rows pulled in from both edges of their column: a narrower measure, not
    merely a hanging indent or an indented list."""
    return all(r[0].x0 - c[0] >= body for r, c in zip(rows, columns, strict=True)) and \
        max(r[-1].x1 for r in rows) <= min(c[1] for c in columns) - body


@dataclass(frozen=True)
class StyledRun:
    """Rows [start, end) form a styled block whose header is rows [start, header_end)."""

    start: int
    header_end: int
    end: int


def _gap(rows: Sequence[Sequence[Word]], i: int, breaks: frozenset[int] | set[int]) -> float:
    """Space above row ``i``; none across a column or page break."""
    if i == 0 or i in breaks:
        return 0.0
    return min(w.top for w in rows[i]) - max(w.bottom for w in rows[i - 1])


def _header_end(rows: Sequence[Sequence[Word]], start: int, voice: Voice, settings: LayoutSettings,
                breaks: frozenset[int] | set[int]) -> int:
    """End of the display rows from ``start``: a header does not cross a column or page break."""
    end = start
    while end < len(rows) and end - start < MAX_HEADER_ROWS and stands_out_of_running_text(rows[end], voice, settings) \
            and (end == start or end not in breaks):
        end += 1
    return end


def _belongs(rows: Sequence[Sequence[Word]], i: int, box: Voice, voice: Voice, column: tuple[float, float],
             body: float, settings: LayoutSettings, breaks: frozenset[int] | set[int]) -> bool:
    """Row ``i`` carries on a styled block set in ``box``."""
    row = rows[i]
    if stands_out_of_running_text(row, voice, settings):
        larger = voice_of(row).size > box.size * (1 + SIZE_TOLERANCE)
        return not larger and _gap(rows, i, breaks) < settings.block_gap * body
    return set_apart(row, voice, column, body)


def styled_runs(rows: Sequence[Sequence[Word]], columns: Sequence[tuple[float, float]], voice: Voice, body: float,
                settings: LayoutSettings, breaks: frozenset[int] | set[int] = frozenset()) -> list[StyledRun]:
    """Each run of rows set apart by type: display header rows, then rows in another voice.

    ``columns[i]`` is the (left, right) edge of running text in row ``i``'s
    column; ``breaks`` are the rows that start a new column or page. A run set
    apart by indentation alone must be indented on both sides.
    """
    runs: list[StyledRun] = []
    i = 0
    while i < len(rows):
        header_end = _header_end(rows, i, voice, settings, breaks)
        first_text = _first_text(rows, header_end, voice, settings, breaks)
        if header_end == i or first_text is None or not _starts_block(rows, i, body, settings, breaks) \
                or not set_apart(rows[first_text], voice, columns[first_text], body):
            i += 1
            continue
        box = voice_of(rows[first_text])
        end = first_text + 1
        while end < len(rows) and _belongs(rows, end, box, voice, columns[end], body, settings, breaks):
            end += 1
        body_rows = range(header_end, end)
        if any(other_voice(rows[k], voice) for k in body_rows) or indented_both_sides(
                [rows[k] for k in body_rows], [columns[k] for k in body_rows], body):
            runs.append(StyledRun(i, first_text, end))
        i = end
    return runs


def _starts_block(rows: Sequence[Sequence[Word]], i: int, body: float, settings: LayoutSettings,
                  breaks: frozenset[int] | set[int]) -> bool:
    """A header opens a block: it is set off by space from the row above (the
    last line of a paragraph in capitals, "(PARIE).", is not a header)."""
    return i == 0 or i in breaks or _gap(rows, i, breaks) > settings.paragraph_gap * body


def _first_text(rows: Sequence[Sequence[Word]], start: int, voice: Voice, settings: LayoutSettings,
                breaks: frozenset[int] | set[int]) -> int | None:
    """The first row from ``start`` that is not display type: a header longer
    than ``MAX_HEADER_ROWS`` (a title printed twice) goes on into bold rows
    that belong to the body. A header left at the foot of a page has its
    text on the next."""
    k = start
    while k < len(rows) and k not in breaks and stands_out_of_running_text(rows[k], voice, settings):
        k += 1
    return k if k < len(rows) else None
