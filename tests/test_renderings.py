"""The structured source of the whole publication, and the renderings made from it.

These tests check the renderings themselves, not the pipeline: that the source
holds the publication's words and the dataset's boxes and summaries, and that
every style prints exactly those words, nothing else outside its furniture,
looking the way its name says (split boxes, fonts, ligatures).
"""
from __future__ import annotations

import difflib
import re

import pdfplumber
import pytest
from renderings import matrix
from renderings.matrix import STYLE_NAMES, STYLES
from renderings.source import Box, Item, Summary, load, plain


def tokens(text: str) -> list[str]:
    """Whitespace tokens, with words broken at a line-end hyphen rejoined."""
    return re.sub(r"(\w)[-‐]\s*\n\s*(?=\w)", r"\1-", text).split()


def ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# The source ------------------------------------------------------------------------------------

def test_source_has_the_publications_words(real_lines):
    raw = tokens("\n".join(line.text for line in real_lines))
    ours = load().words()
    similarity = ratio(raw, ours)
    matched = sum(b.size for b in difflib.SequenceMatcher(None, raw, ours, autojunk=False).get_matching_blocks())
    print(f"source against the raw build's lines: {similarity:.4f} "
          f"({matched} matched, {len(ours)} words, raw {len(raw)})")
    # Measured 0.9972: the 23 words apart are the contents page's 19 page numbers, which the
    # raw build reads as a column after the titles, and the part labels "PARTIE 1" and
    # "PARTIE 2", which the raw build reads after their part's title, the source before it.
    assert (matched, len(ours), len(raw)) == (8178, 8201, 8201)
    assert similarity == 2 * 8178 / (8201 + 8201), similarity


def test_source_boxes_are_the_datasets_boxes(real_build):
    measures = real_build[1]["measures"]
    boxes = load().boxes
    assert len(boxes) == len(measures) == 18
    for box in boxes:
        body = "\n".join(f"{b.bullet} {plain(b.text)}" if isinstance(b, Item) else plain(b.text) for b in box.body)
        match = measures[measures["title"] == box.title]
        assert len(match) >= 1, box.title
        # The extractor splits a bold word from the comma that follows it ("ACI ,").
        assert body in {b.replace(" ,", ",") for b in match["body"]}, box.title


def test_source_summaries_are_the_datasets(real_build):
    interventions = real_build[1]["region_interventions"]
    types = [t for s in load().summaries for t in s.types]
    assert {t.label for t in types} == set(interventions["intervention_type"])
    assert sum(len(t.regions) for t in types) == len(interventions) == 30


def test_source_contents_is_the_outline(real_build):
    outline = real_build[1]["outline"].sort_values("position")
    contents = next(b for b in load().blocks if type(b).__name__ == "Contents")
    assert [e.title for e in contents.entries] == list(outline["title"])
    assert [int(e.page) for e in contents.entries] == list(outline["contents_page"])
    assert [e.level for e in contents.entries] == list(outline["level"])


def test_source_keeps_the_printed_typos():
    text = " ".join(load().strings())
    for typo in ("Ile-de-de-France", "700 M€", "Ile-de France", "Pays de La Loire"):
        assert typo in text
    assert "Ile-De-France" in {b.region for b in load().boxes}


# The matrix ----------------------------------------------------------------------------------------

def test_the_matrix_covers_every_variant():
    styles = STYLES.values()
    assert len(STYLES) >= 14
    assert sum(s.engine != "reportlab" for s in styles) * 3 >= len(STYLES)
    assert {s.engine for s in styles} == {"reportlab", "chromium", "weasyprint"}
    covered = {
        "box": {"stroked", "tint", "tint-band", "left-rule", "none"},
        "header": {"beside", "above", "band-region", "band-inline", "smallcaps"},
        "summary": {"panels", "grid", "borderless", "comma"},
        "page": {"A4", "Letter", "A5"},
        "font": {"helvetica", "times", "dejavu-sans", "dejavu-serif", "f12"},
        "furniture": {"header", "part", "alternating", "footer", "none"},
        "contents": {"right", "leaders", "after"},
        "edges": {"stroke", "rects"},
        "box_columns": {1, 2},
        "page_columns": {1, 2},
        "title_repeat": {True, False},
        "part_band": {True, False},
        "keep_boxes": {True, False},
    }
    for field, values in covered.items():
        assert {getattr(s, field) for s in styles} >= values, field
    # the four renderings users tried, on which the pipeline failed
    assert any(s.engine != "reportlab" and s.page == "Letter" and s.header == "above" for s in styles)
    assert any(s.box_columns == 1 and s.header == "band-inline" and s.summary == "grid" for s in styles)
    assert any(s.engine == "weasyprint" and s.box == "tint-band" and s.header == "band-region" for s in styles)
    assert any(s.page_columns == 2 and s.box == "left-rule" and s.header == "smallcaps"
               and s.summary == "borderless" for s in styles)


# Every rendering ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", STYLE_NAMES)
def test_rendering_prints_the_sources_words(rendering, name, record_property):
    pdf = rendering(name)
    similarity = ratio(matrix.expected_words(name), matrix.pdf_words(name, pdf))
    record_property("word_similarity", round(similarity, 4))
    print(f"{name}: {similarity:.4f}")
    assert similarity >= 0.99


@pytest.mark.parametrize("name", STYLE_NAMES)
def test_only_furniture_in_the_margins(rendering, name):
    """What a rendering prints outside its page body is the furniture it was asked for."""
    style = STYLES[name]
    running = " ".join([matrix.RUNNING] + [s for b in load().blocks if type(b).__name__ in ("Title", "Part")
                                           for s in b.strings()])
    allowed = set(running.split()) | {"/", "—", "page"}
    pdf = rendering(name)
    outside = matrix.pdf_words(name, pdf, pages=True, margins=True)
    n_pages = len(matrix.page_words(pdf))
    if style.furniture == "none":
        assert outside == []
    stray = [(p, t) for t, p in outside if t not in allowed and not t.isdigit()]
    assert stray == []
    if style.furniture != "none":
        assert len({p for _, p in outside}) >= n_pages - 3  # every page but the covers


@pytest.mark.parametrize("name", [n for n in STYLE_NAMES if STYLES[n].furniture == "part"])
def test_running_header_follows_the_part(rendering, name):
    furniture = {w for w, _ in matrix.pdf_words(name, rendering(name), pages=True, margins=True)}
    assert {"INTRODUCTION", "PARTIE", "1", "2", "CONCLUSION"} <= furniture


@pytest.mark.parametrize("name", STYLE_NAMES)
def test_boxes_break_over_pages_unless_kept(rendering, name):
    placed = matrix.block_pages(name, rendering(name))
    split = [b.region for b, first, last in placed if isinstance(b, Box) and last > first]
    assert len([b for b, _, _ in placed if isinstance(b, Box)]) == 18
    if STYLES[name].keep_boxes:
        assert split == []
    else:
        assert split, "no box breaks over a page: the frame open at a break is not tested"


def test_a_summary_breaks_over_a_page(rendering):
    name = "weasy-a5-smallcaps"
    placed = matrix.block_pages(name, rendering(name))
    assert any(isinstance(b, Summary) and last > first for b, first, last in placed)


@pytest.mark.parametrize("name", [n for n in STYLE_NAMES if STYLES[n].font == "f12"])
def test_bold_font_is_not_named_bold(rendering, name):
    with pdfplumber.open(rendering(name)) as doc:
        fonts = {c["fontname"] for page in doc.pages[1:4] for c in page.chars}
    assert any(f.endswith("+F12") for f in fonts), fonts
    assert not any("bold" in f.lower() for f in fonts), fonts


def test_ligatures_reach_the_text(rendering):
    with pdfplumber.open(rendering("chromium-letter-above")) as doc:
        text = "".join(c["text"] for page in doc.pages[2:5] for c in page.chars)
    assert "\ufb01" in text or "\ufb02" in text  # ﬁ, ﬂ


def test_magazine_pages_have_two_columns(rendering):
    for name in ("chromium-magazine", "rl-magazine-letter"):
        with pdfplumber.open(rendering(name)) as doc:
            page = doc.pages[9]
            middle = page.width / 2
            lefts = {round(w["x0"]) for w in page.extract_words() if w["x0"] > middle}
        assert lefts, name  # text starts in the right half of the page
