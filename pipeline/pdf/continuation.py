"""Which block carries on at the next column or page.

A box cut by a page or column break is printed as two fragments. A reader
joins them when the evidence agrees: the first fragment runs to the end of
its column or page (its frame is open at the bottom, or it reaches the
page body's end), the next block in reading order starts the next column or
page (open at the top, or at the page body's top), both are drawn the same
way and are as wide, and the second has no header band of its own. A box
that simply ends before a page break is not continued by whatever opens the
next page.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from pipeline.core.settings import LayoutSettings
from pipeline.pdf.blocks import FURNITURE, STYLED, TEXT, Block, Part
from pipeline.pdf.extract import PageSize

# Evidence that draws a block the same way, whichever fragment it is.
SAME_DRAWING = {"open-frame": "frame", "frame": "frame"}


class Printed(Protocol):
    @property
    def page(self) -> int: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


def body_extent(lines: Sequence[Printed], pages: dict[int, PageSize], settings: LayoutSettings) -> tuple[float, float]:
    """Where the page body starts and ends, as fractions of the page height:
    a high quantile of each page's lowest text (many pages are full), a low
    quantile of each page's highest."""
    tops: dict[int, float] = {}
    bottoms: dict[int, float] = {}
    for line in lines:
        height = pages[line.page].height if line.page in pages else 0.0
        if height <= 0:
            continue
        tops[line.page] = min(tops.get(line.page, 1.0), line.top / height)
        bottoms[line.page] = max(bottoms.get(line.page, 0.0), line.bottom / height)
    if not bottoms:
        return 0.0, 1.0
    q = settings.body_extent_quantile
    return _quantile(sorted(tops.values()), 1 - q), _quantile(sorted(bottoms.values()), q)


def _quantile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(q * 100) - 1))]


def drawing(block: Block) -> str:
    return SAME_DRAWING.get(block.evidence, block.evidence)


def reaches_end(part: Part, block: Block, page: PageSize, bottom: float, tol: float) -> bool:
    return block.open_bottom or part.bottom >= bottom * page.height - tol


def starts_column(part: Part, block: Block, page: PageSize, top: float, tol: float) -> bool:
    return block.open_top or part.top <= top * page.height + tol


def continues(before: Block, after: Block, pages: dict[int, PageSize], extent: tuple[float, float],
              tol: float, others: Sequence[Part] = ()) -> bool:
    """``after`` is the next fragment of ``before`` (see the module's docstring)."""
    if before.kind in (TEXT, STYLED, FURNITURE) or after.kind != before.kind or drawing(after) != drawing(before):
        return False
    if after.banded:
        return False
    end, start = before.parts[-1], after.parts[0]
    if abs((end.x1 - end.x0) - (start.x1 - start.x0)) > tol:
        return False
    if start.page == end.page:
        # the next column of a page whose columns may be balanced: the fragment
        # ends its column and the next one opens the column to its right
        return start.x0 >= end.x1 - tol and last_in_column(end, others) and first_in_column(start, others)
    return (start.page > end.page and reaches_end(end, before, pages[end.page], extent[1], tol)
            and starts_column(start, after, pages[start.page], extent[0], tol))


def _shares_column(other: Part, part: Part) -> bool:
    """``other`` is printed in ``part``'s column (a title across all the columns is not)."""
    return min(other.x1, part.x1) - max(other.x0, part.x0) > 0.5 * (other.x1 - other.x0)


def last_in_column(part: Part, others: Sequence[Part]) -> bool:
    """Nothing is printed below the part in its column."""
    return not any(o.page == part.page and o is not part and _shares_column(o, part) and o.top >= part.bottom
                   for o in others)


def first_in_column(part: Part, others: Sequence[Part]) -> bool:
    """Nothing is printed above the part in its column."""
    return not any(o.page == part.page and o is not part and _shares_column(o, part) and o.bottom <= part.top
                   for o in others)


def link_continuations(blocks: list[Block], lines: Sequence[Printed], pages: dict[int, PageSize], body: float,
                       settings: LayoutSettings) -> None:
    """Set ``continues``/``continued_by`` between consecutive fragments, in place."""
    extent = body_extent(lines, pages, settings)
    tol = settings.break_tolerance * body
    sequence = [b for b in blocks if b.kind != FURNITURE]
    parts = [p for b in sequence for p in b.parts]
    for before, after in pairwise(sequence):
        if continues(before, after, pages, extent, tol, parts):
            before.continued_by, after.continues = after.id, before.id
