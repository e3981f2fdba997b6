"""Every threshold of the pipeline, in one place: layout tolerances relative
to the page and the document's fonts, what the review shows, the
validation's plausibility ranges, the limits on an input.

Like pdfplumber's ``TableSettings``: defaults that suit ordinary typeset
reports, validated on construction, each field saying what it is and in
which unit. Layout distances are multiples of the document's body font size
(the most common size among its words) or fractions of the page, so they
hold for any page size or font; the few in points say why.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

FRACTIONS = ("line_overlap", "baseline_size_difference", "furniture_margin", "furniture_band",
             "furniture_repeat", "furniture_repeat_everywhere", "container_max_area", "header_band_share",
             "body_extent_quantile", "header_band_tolerance")


@dataclass(frozen=True)
class LayoutSettings:
    # Two words share a line when their vertical extents overlap by this
    # fraction of the smaller height.
    line_overlap: float = 0.5
    # ... and their sizes differ by less than this fraction of the larger: a
    # heading beside a column's text is not chained into its lines.
    baseline_size_difference: float = 0.35
    # A horizontal gap wider than this (x font size) splits a line into two
    # pieces, e.g. a box's region label and its title, or two columns.
    piece_gap: float = 1.2
    # A column gutter must be at least this wide (x body size).
    column_gap: float = 0.8
    # A band of text is cut from the next when the vertical gap exceeds this
    # (x body size): more than line spacing, less than a block separation.
    band_gap: float = 1.0
    # Within a block, a vertical gap above this (x body size) starts a paragraph.
    paragraph_gap: float = 0.45
    # A bold line after a gap wider than this (x body size) opens a new block
    # set apart by type; a closer one is a sub-heading of the block above.
    block_gap: float = 1.6
    # Page furniture lives in this top and bottom fraction of the page ...
    furniture_margin: float = 0.1
    # ... is compared in horizontal bands this high (fraction of the page), so
    # that a page number that moves a little still repeats ...
    furniture_band: float = 0.02
    # ... and repeats, in shape (digits masked), on this fraction of pages ...
    furniture_repeat_everywhere: float = 0.5
    # ... or, as the page's first or last line, on this fraction (running
    # headers that change with the part repeat on fewer pages) ...
    furniture_repeat: float = 0.1
    # ... and then on at least this many pages.
    furniture_min_pages: float = 3
    # A drawn region encloses text as a box/panel when at least this wide
    # and this tall (x body size) ...
    container_min_width: float = 6.0
    container_min_height: float = 2.0
    # ... and is not a page background (fraction of page area).
    container_max_area: float = 0.85
    # A tint at a box's top is its header band when less than this share of the box's height.
    header_band_share: float = 0.5
    # A tint at least this tall (x body size) can be a header band or a tag.
    band_min_height: float = 1.0
    # A shape thinner than this (x body size) is a rule or an edge, not an area.
    edge_thickness: float = 0.5
    # Edges closer than this (x body size) are snapped and joined into one.
    edge_snap: float = 0.3
    # A side rule sets apart the lines that start (or end) within this
    # distance of it (x body size).
    rule_reach: float = 2.0
    # A heading is set at least this much larger than the body, or in bold.
    heading_scale: float = 1.15
    # Within a block, a line this much larger than the block's own text (or
    # bold, or in capitals) is display type: a box's header.
    display_scale: float = 1.04
    # Tolerance when comparing positions (x body size).
    position_tolerance: float = 0.5
    # A word is on a column's edge within this distance of it, in points, not
    # x body size: the edges are found on a whole-point grid (each word's x
    # rounded to the point), so the slack is that grid's, whatever the font.
    column_edge_slack: float = 1.0
    # A word joins one of the last this many rows read above it (rows, top to
    # bottom): far enough for two columns' drifting baselines, near enough to
    # stay linear on a page of many lines.
    baseline_lookback: int = 4
    # A piece is inside a box's header band within this fraction of the
    # band's height (the shortest band's, when there are several).
    header_band_tolerance: float = 0.1
    # Where a page's body ends: this quantile of the pages' lowest text, so
    # that a frame reaching it is cut by the page break, not closed.
    body_extent_quantile: float = 0.8
    # A block reaches its page's or column's end within this (x body size).
    break_tolerance: float = 2.5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"LayoutSettings.{f.name} must be a positive number, got {value!r}")
        for name in FRACTIONS:
            if getattr(self, name) > 1:
                raise ValueError(f"LayoutSettings.{name} is a fraction and must be <= 1")
        if not isinstance(self.baseline_lookback, int):
            raise ValueError("LayoutSettings.baseline_lookback is a number of rows, a whole number")


@dataclass(frozen=True)
class InputLimits:
    """What the pipeline agrees to read before refusing an input (a PDF bomb,
    a runaway file): checked before pdfplumber parses anything heavy."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2_000
    # Decoded content-stream bytes of one page; an ordinary page holds tens of KB.
    max_page_content_bytes: int = 16 * 1024 * 1024

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ValueError(f"InputLimits.{f.name} must be positive")


@dataclass(frozen=True)
class ReviewSettings:
    """What the HTML review shows and how large: render scales, the margins
    around a crop, the outlines drawn on it, the region chart. Scales turn PDF
    points into pixels (1.0 is 72 dpi); margins are in PDF points."""

    # Crops are cut from pages rendered at this scale (2.0: 144 dpi, readable).
    crop_scale: float = 2.0
    # The page index's thumbnails, at this scale.
    thumbnail_scale: float = 0.3
    # The pages shown with their blocks outlined, at this scale.
    blocks_scale: float = 0.6
    # Rendered pages kept for the next crop (a box's cards follow each other on
    # one page; an A4 page at crop_scale is about 5.6 MB, so not all of them).
    pages_kept: int = 8
    # Margin around a box's crop (points).
    crop_padding: float = 6.0
    # WebP quality of every image (1-100).
    image_quality: int = 80
    # A printed word belongs to a figure's box when inside it within this (points).
    figure_word_tolerance: float = 0.5
    # An outline's border width (pixels, the .outline rule of the page's CSS):
    # it is drawn outside the figure's box so as not to hide its text.
    outline_border: int = 2
    # Context shown around a validation finding: this much on the left and
    # right, and above and below, of where it is printed (points).
    finding_margin_x: float = 80.0
    finding_margin_y: float = 30.0
    # A finding without a row is found by its text: its first this many characters ...
    finding_text_chars: int = 40
    # ... of which a line must hold the first this many (a line may cut the text).
    finding_line_chars: int = 25
    # A region group's sentence is previewed in this many characters.
    group_sentence_chars: int = 110
    # The region chart: this wide (inches), this high per region plus a margin (inches), at this dpi.
    chart_width: float = 8.0
    chart_height_per_region: float = 0.32
    chart_margin: float = 1.0
    chart_dpi: int = 90

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"ReviewSettings.{f.name} must be a positive number, got {value!r}")
        for name in ("pages_kept", "image_quality", "outline_border", "finding_text_chars", "finding_line_chars",
                     "group_sentence_chars", "chart_dpi"):
            if not isinstance(getattr(self, name), int):
                raise ValueError(f"ReviewSettings.{name} must be a whole number")
        if self.image_quality > 100:
            raise ValueError("ReviewSettings.image_quality must be at most 100")
        if self.finding_line_chars > self.finding_text_chars:
            raise ValueError("ReviewSettings.finding_line_chars must not exceed finding_text_chars")


@dataclass(frozen=True)
class ValidationSettings:
    """Plausibility thresholds for a regional IAE policy, and how much of the
    text a finding quotes. Amounts are in euros, lengths in characters."""

    # One regional aid mobilising more than this in euros is implausible.
    max_regional_budget: float = 50_000_000
    # A total shared by N counted items ("224 marchés pour un montant de …")
    # below this many euros per item is implausible.
    min_euros_per_item: float = 1_000
    # An outcome (jobs, people, structures, projects) paired with a budget of its
    # sentence or box: outside this range of euros per unit it cannot be right.
    min_euros_per_outcome: float = 1_000
    max_euros_per_outcome: float = 5_000_000
    # A document that names at least this many of the 27 regions reads as the
    # publication (it names 26; an unrelated document, none or a few): the
    # publication's value ranges are then errors, not warnings.
    publication_min_regions: int = 10
    # The count a total is shared by ("224 marchés pour un montant de …") is
    # looked for in this many characters before the amount.
    counted_items_reach: int = 80
    # The publication's percentages are shares and rates: within 0 and this (percent).
    max_percentage: float = 100
    # A page whose figures are not all read is quoted in this many characters ...
    coverage_sample_chars: int = 200
    # ... and a box body that differs from its blocks in this many.
    body_sample_chars: int = 80

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"ValidationSettings.{f.name} must be a positive number, got {value!r}")
        for name in ("publication_min_regions", "counted_items_reach", "coverage_sample_chars", "body_sample_chars"):
            if not isinstance(getattr(self, name), int):
                raise ValueError(f"ValidationSettings.{name} must be a whole number")
        if self.min_euros_per_outcome >= self.max_euros_per_outcome:
            raise ValueError("min_euros_per_outcome must be below max_euros_per_outcome")


@dataclass(frozen=True)
class OutlineSettings:
    """How the heading tree is read from the contents page and found in the
    body: counts of lines, entries and pages, and shares of a title."""

    # A contents page lists at least this many entries with a page reference.
    min_contents_entries: int = 5
    # Printed page numbers may run this far ahead of the PDF's own (pages): a
    # cover not counted, pages left out.
    max_page_offset: int = 8
    # A heading is printed on at most this many lines (and a band holding
    # only display type is a heading's place when it has at most this many).
    max_heading_lines: int = 4
    # A run of lines prints a heading when it holds at least this share of the
    # title's characters, in order ...
    min_title_coverage: float = 0.9
    # ... and at most this many characters besides (a section number, a
    # label) ...
    min_extra_chars: int = 12
    # ... or, for a long title, one extra character per this many of its own.
    title_chars_per_extra: int = 4
    # The contents page is kept when at least this share of its headings is
    # found in the body; else it only looked like one.
    min_headings_found: float = 0.5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"OutlineSettings.{f.name} must be a positive number, got {value!r}")
        for name in ("min_contents_entries", "max_page_offset", "max_heading_lines", "min_extra_chars",
                     "title_chars_per_extra"):
            if not isinstance(getattr(self, name), int):
                raise ValueError(f"OutlineSettings.{name} must be a whole number")
        for name in ("min_title_coverage", "min_headings_found"):
            if getattr(self, name) > 1:
                raise ValueError(f"OutlineSettings.{name} is a share and must be <= 1")
