"""Small geometric helpers shared by the layout stage: boxes and overlaps."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class HasBox(Protocol):
    """Anything with a box; read-only, so frozen dataclasses (words, segments, boxes) qualify."""

    @property
    def x0(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def bottom(self) -> float: ...


@dataclass(frozen=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol

    def contains(self, other: HasBox, tol: float = 0.0) -> bool:
        """True when ``other`` lies inside this box (with ``tol`` points of slack).

        >>> BBox(0, 0, 10, 10).contains(BBox(1, 1, 9, 9))
        True
        """
        return (other.x0 >= self.x0 - tol and other.x1 <= self.x1 + tol
                and other.top >= self.top - tol and other.bottom <= self.bottom + tol)


def center(box: HasBox) -> tuple[float, float]:
    return (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2


def union(boxes: Iterable[HasBox]) -> BBox:
    boxes = list(boxes)
    return BBox(min(b.x0 for b in boxes), min(b.top for b in boxes),
                max(b.x1 for b in boxes), max(b.bottom for b in boxes))


def vertical_overlap(a: HasBox, b: HasBox) -> float:
    """Shared height of two boxes as a fraction of the smaller one.

    >>> vertical_overlap(BBox(0, 0, 1, 10), BBox(0, 5, 1, 20))
    0.5
    """
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    smaller = min(a.bottom - a.top, b.bottom - b.top) or 1.0
    return max(0.0, shared) / smaller


def split_on_gaps(items: list, start, end, min_gap: float) -> list[list]:
    """Split items along one axis wherever no item covers a gap >= ``min_gap``.

    ``start``/``end`` give each item's interval on that axis.

    >>> split_on_gaps([BBox(0,0,1,1), BBox(5,0,6,1)], lambda b: b.x0, lambda b: b.x1, 2)
    [[BBox(x0=0, top=0, x1=1, bottom=1)], [BBox(x0=5, top=0, x1=6, bottom=1)]]
    """
    ordered = sorted(items, key=start)
    groups: list[list] = []
    reach = None
    for item in ordered:
        if reach is None or start(item) - reach >= min_gap:
            groups.append([])
            reach = end(item)
        groups[-1].append(item)
        reach = max(reach, end(item))
    return groups
