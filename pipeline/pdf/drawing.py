"""What a page's drawing says about its blocks: tints, frames, rules, grids.

Renderings draw the same box in many ways: a filled rectangle (a tint), a
stroked rectangle, four separate edges, edges drawn as thin filled
rectangles (browsers print CSS borders so), a rounded rectangle (a curve),
a frame left open where a page or column break cuts it (no bottom edge on
the first part, no top edge on the next, only two sides on a middle part),
or a single coloured rule on one side. This module turns the shapes of one
page into *regions* (areas that set text apart) with the evidence that
makes each, using pdfplumber's own edge snapping and joining and its grid
finder for table cells. Every distance is a multiple of the document's body
font size (``LayoutSettings``).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from pipeline.core.geometry import BBox, HasBox
from pipeline.core.settings import LayoutSettings
from pipeline.pdf.extract import PageSize, Shape

TINT, FRAME, SIDE_RULE = "tint", "frame", "side-rule"
# A column's edge: where this share of the lines starting at its other edge end.
COLUMN_EDGE_QUANTILE = 0.8


@dataclass(frozen=True)
class Edge:
    """A horizontal ("h") or vertical ("v") stroke: a line, a thin rectangle, a side of a frame."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0 if self.orientation == "h" else self.bottom - self.top

    @property
    def position(self) -> float:
        """x of a vertical edge, y of a horizontal one."""
        return self.x0 if self.orientation == "v" else self.top


@dataclass(frozen=True)
class Region:
    """An area that sets text apart, and what shows it."""

    bbox: BBox
    evidence: str  # tint | frame | side-rule
    open_top: bool = False
    open_bottom: bool = False

    @property
    def x0(self) -> float:
        return self.bbox.x0

    @property
    def top(self) -> float:
        return self.bbox.top

    @property
    def x1(self) -> float:
        return self.bbox.x1

    @property
    def bottom(self) -> float:
        return self.bbox.bottom


def _as_plumber(edge: Edge) -> dict:
    return {"x0": edge.x0, "x1": edge.x1, "top": edge.top, "bottom": edge.bottom,
            "width": edge.x1 - edge.x0, "height": edge.bottom - edge.top, "orientation": edge.orientation,
            "object_type": "edge"}


def _from_plumber(edge: dict) -> Edge:
    if edge["orientation"] == "h":
        return Edge("h", edge["x0"], edge["top"], edge["x1"], edge["top"])
    return Edge("v", edge["x0"], edge["top"], edge["x0"], edge["bottom"])


def shape_edges(shape: Shape, thickness: float) -> list[Edge]:
    """The strokes a shape draws: a thin shape is one edge along its middle;
    a stroked rectangle or curve gives its four sides."""
    width, height = shape.x1 - shape.x0, shape.bottom - shape.top
    if width <= thickness < height:
        middle = (shape.x0 + shape.x1) / 2
        return [Edge("v", middle, shape.top, middle, shape.bottom)]
    if height <= thickness < width:
        middle = (shape.top + shape.bottom) / 2
        return [Edge("h", shape.x0, middle, shape.x1, middle)]
    if shape.stroke and shape.kind != "line" and min(width, height) > thickness:
        return [Edge("h", shape.x0, shape.top, shape.x1, shape.top),
                Edge("h", shape.x0, shape.bottom, shape.x1, shape.bottom),
                Edge("v", shape.x0, shape.top, shape.x0, shape.bottom),
                Edge("v", shape.x1, shape.top, shape.x1, shape.bottom)]
    return []


def page_edges(shapes: Iterable[Shape], body: float, settings: LayoutSettings) -> list[Edge]:
    """Every edge of the page, snapped and joined by pdfplumber's ``merge_edges``."""
    raw = [e for s in shapes for e in shape_edges(s, settings.edge_thickness * body)]
    if not raw:
        return []
    snap = settings.edge_snap * body
    merged = merge_edges([_as_plumber(e) for e in raw], snap, snap, snap, snap)
    return [_from_plumber(e) for e in merged]


def tints(shapes: Iterable[Shape], page: PageSize, body: float, settings: LayoutSettings) -> list[Region]:
    """Filled rectangles and curves at least a line tall, but not the page's background."""
    found = []
    page_area = page.width * page.height
    for s in shapes:
        box = BBox(s.x0, s.top, s.x1, s.bottom)
        if (s.fill and s.kind != "line" and box.height >= settings.band_min_height * body
                and box.width >= settings.band_min_height * body
                and box.width * box.height <= settings.container_max_area * page_area):
            found.append(Region(box, TINT))
    return found


def _spans(edge: Edge, x0: float, x1: float, y: float, tol: float) -> bool:
    """True when a horizontal edge runs from ``x0`` to ``x1`` at height ``y``."""
    return edge.x0 <= x0 + tol and edge.x1 >= x1 - tol and abs(edge.top - y) <= tol


def frames(edges: list[Edge], body: float, settings: LayoutSettings) -> list[Region]:
    """Frames closed or open: two vertical sides over a shared span whose ends
    are either joined by a horizontal edge or end level with each other (a
    side cut by a page break). A frame needs at least one horizontal edge,
    unless both its sides start and end level with no rule between them
    (the middle part of a frame split over three pages; two panels side by
    side are two frames, not one)."""
    tol = settings.edge_snap * body
    verticals = sorted((e for e in edges if e.orientation == "v" and e.length >= settings.container_min_height * body),
                       key=lambda e: e.x0)
    horizontals = [e for e in edges if e.orientation == "h"]
    found = []
    for i, left in enumerate(verticals):
        for right in verticals[i + 1:]:
            if right.x0 - left.x0 < settings.container_min_width * body:
                continue
            top, bottom = max(left.top, right.top), min(left.bottom, right.bottom)
            if bottom - top < settings.container_min_height * body:
                continue
            closed_top = any(_spans(h, left.x0, right.x0, top, tol) for h in horizontals)
            closed_bottom = any(_spans(h, left.x0, right.x0, bottom, tol) for h in horizontals)
            level_top, level_bottom = abs(left.top - right.top) <= tol, abs(left.bottom - right.bottom) <= tol
            two_rules = level_top and level_bottom and not any(
                left.x0 + tol < v.x0 < right.x0 - tol and v.top < bottom and v.bottom > top for v in verticals)
            if (closed_top or level_top) and (closed_bottom or level_bottom) and (
                    closed_top or closed_bottom or two_rules):
                found.append(Region(BBox(left.x0, top, right.x0, bottom), FRAME,
                                    open_top=not closed_top, open_bottom=not closed_bottom))
    return found


def side_rules(edges: list[Edge], used: list[Region], body: float, settings: LayoutSettings) -> list[Edge]:
    """Vertical rules at least a line long that are not the side of a frame."""
    tol = settings.edge_snap * body
    rules = []
    for e in edges:
        if e.orientation != "v" or e.length < settings.band_min_height * body:
            continue
        if any(abs(e.x0 - side) <= tol and r.top - tol <= e.top and e.bottom <= r.bottom + tol
               for r in used for side in (r.x0, r.x1)):
            continue
        rules.append(e)
    return rules


def ruled_region(rule: Edge, pieces: Sequence[HasBox], body: float, settings: LayoutSettings) -> Region | None:
    """The text a side rule sets apart: lines starting (or ending) just beside it
    along its length, as wide as the column they are set in — where most
    lines starting there end, a title across the columns aside — so that the
    fragments of one ruled box are as wide on every page. ``None`` when no
    line stands there."""
    reach = settings.rule_reach * body
    beside = [s for s in pieces if rule.top - body <= (s.top + s.bottom) / 2 <= rule.bottom + body]
    right = [s for s in beside if 0 <= s.x0 - rule.x0 <= reach]
    left = [s for s in beside if 0 <= rule.x0 - s.x1 <= reach]
    if not right and not left:
        return None
    if len(right) >= len(left):
        ends = sorted(s.x1 for s in pieces if 0 <= s.x0 - rule.x0 <= reach)
        edge = max(ends[int(COLUMN_EDGE_QUANTILE * (len(ends) - 1))], max(s.x1 for s in right))
        return Region(BBox(rule.x0, rule.top, edge, rule.bottom), SIDE_RULE)
    starts = sorted((s.x0 for s in pieces if 0 <= rule.x0 - s.x1 <= reach), reverse=True)
    edge = min(starts[int(COLUMN_EDGE_QUANTILE * (len(starts) - 1))], min(s.x0 for s in left))
    return Region(BBox(edge, rule.top, rule.x0, rule.bottom), SIDE_RULE)


def grid_cells(edges: list[Edge], within: BBox, body: float, settings: LayoutSettings) -> list[BBox]:
    """Cells of the ruled grid inside ``within`` (pdfplumber's intersections and
    cells), or [] when its rules make fewer than two cells."""
    tol = settings.edge_snap * body
    inside = [_as_plumber(e) for e in edges if within.contains(e, tol)]
    if len(inside) < 4:
        return []
    cells = intersections_to_cells(edges_to_intersections(inside, tol, tol))
    tables = cells_to_tables(cells)
    if not tables:
        return []
    biggest = max(tables, key=len)
    return [BBox(*c) for c in biggest]
