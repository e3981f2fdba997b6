import difflib
import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.core.settings import LayoutSettings
from pipeline.pdf.extract import Word, read_pdf
from pipeline.pdf.layout import body_font_size, document_text, layout

DATA = Path(__file__).parent / "data"


def lines_of(pdf: Path):
    ex = read_pdf(pdf)
    return layout(ex.words, ex.shapes, ex.pages).lines


def two_column_box(path: Path) -> Path:
    """A filled box with a header band and a two-column body whose lines align."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    for page in (1, 2, 3):
        c.setFont("Helvetica", 7)
        c.drawString(60, 810, "RUNNING HEADER OF THE REPORT")
        c.drawRightString(535, 810, f"{page} / 3")
        c.setFont("Helvetica", 10)
        c.drawString(60, 700, f"Running text of page {page} before the box.")
        if page < 3:
            c.showPage()
    c.setFillGray(0.9)
    c.rect(60, 420, 475, 230, stroke=0, fill=1)
    c.setFillGray(0.8)
    c.rect(60, 620, 475, 30, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 10.5)
    c.drawString(70, 632, "Bretagne   Soutien aux postes mutualisés")
    c.setFont("Helvetica", 9.5)
    for i in range(8):
        c.drawString(70, 600 - i * 12, f"gauche ligne {i + 1}")
        c.drawString(310, 600 - i * 12, f"droite ligne {i + 1}")
    c.setFont("Helvetica", 10)
    c.drawString(60, 390, "Running text after the box.")
    c.save()
    return path


def test_two_column_box_is_read_column_by_column(tmp_path):
    lines = lines_of(two_column_box(tmp_path / "box.pdf"))
    texts = [ln.text for ln in lines if ln.page == 3]
    body = [t for t in texts if "ligne" in t]
    assert body == [f"gauche ligne {i}" for i in range(1, 9)] + [f"droite ligne {i}" for i in range(1, 9)]
    assert texts[0] == "Running text of page 3 before the box."
    assert texts[-1] == "Running text after the box."
    box_lines = [ln for ln in lines if ln.page == 3 and "ligne" in ln.text or "Bretagne" in ln.text]
    assert box_lines[0].header and not box_lines[1].header
    assert len({ln.block for ln in box_lines}) == 1


def test_repeated_header_and_page_numbers_are_furniture(tmp_path):
    text = document_text(lines_of(two_column_box(tmp_path / "box.pdf")))
    assert "RUNNING HEADER" not in text
    assert not re.search(r"\d / 3", text)
    assert "Running text of page 2 before the box." in text


def test_body_font_size_is_the_most_printed_size():
    words = [Word(page=1, x0=0, top=0, x1=1, bottom=1, text="x" * 50, size=9.4, bold=False),
             Word(page=1, x0=0, top=0, x1=1, bottom=1, text="TITRE", size=24.0, bold=True)]
    assert body_font_size(words) == 9.4


def test_settings_reject_nonsense():
    with pytest.raises(ValueError, match="line_overlap"):
        LayoutSettings(line_overlap=2.0)
    with pytest.raises(ValueError, match="column_gap"):
        LayoutSettings(column_gap=-1)


def tokens(text: str) -> list[str]:
    """Whitespace tokens, with words broken at a line-end hyphen rejoined."""
    return re.sub(r"(\w)[-‐]\s*\n\s*(?=\w)", r"\1-", text).split()


def test_reading_order_matches_the_reference_text_layer(real_lines):
    # The reference has no cover (page 1) or contents page (page 2).
    ours = "\n".join(ln.text for ln in real_lines if ln.page > 2)
    reference = (DATA / "panorama-iae-regions-2014.text-layer.txt").read_text(encoding="utf-8")
    matcher = difflib.SequenceMatcher(None, tokens(reference), tokens(ours), autojunk=False)
    ratio = matcher.ratio()
    matched = sum(block.size for block in matcher.get_matching_blocks())
    print(f"reading order: ratio {ratio:.4f} ({matched} tokens matched of {len(matcher.a)} and {len(matcher.b)})")
    # Measured 0.9986: the 18 tokens apart are the running header printed once in the reference
    # ("PANORAMA DES POLITIQUES … ÉCONOMIQUE 4 / 26", 14 tokens), furniture here, and the part
    # labels "PARTIE 1" and "PARTIE 2", which the reference prints before their part's title and
    # the layout reads after it (2 tokens each, counted once in each text).
    assert (matched, len(matcher.a), len(matcher.b)) == (7976, 7994, 7980)
    assert ratio == 2 * 7976 / (7994 + 7980), ratio


def test_real_boxes_keep_their_header_first(real_lines):
    header = [ln.text for ln in real_lines if ln.header and ln.page == 10]
    assert header[:3] == ["Poitou-", "Charentes", "Emplois Tremplin Environnement"]


def test_a_word_in_two_overlapping_ruled_cells_is_read_once():
    """Regression: pdfplumber's cells of a dense ruled table can overlap; a word in two cells was read
    twice (1546 words in blocks for 1504 printed)."""
    ex = read_pdf(DATA / "real-world" / "nics-background-checks-2015-11-rotated.pdf")
    result = layout(ex.words, ex.shapes, ex.pages)
    placed = sum(len(ln.words) for ln in result.lines) + sum(len(b.words) for b in result.blocks)
    assert placed == len(ex.words)


def test_a_row_of_zero_width_words_is_its_own_column_not_a_crash():
    """A row is beside itself whatever its width: a row whose words have no
    width (GeoTopo-komprimiert.pdf, a real-world book) overlapped nothing,
    not even itself, and min() of no column edges raised ValueError."""
    from pipeline.core.geometry import BBox
    from pipeline.pdf.layout import Leaf, LinePiece, PageBlock, text_rows
    dot = Word(page=1, x0=100.0, top=200.0, x1=100.0, bottom=210.0, text=".", size=10.0, bold=False)
    wide = [Word(page=1, x0=72.0, top=300.0, x1=90.0, bottom=310.0, text="Un", size=10.0, bold=False),
            Word(page=1, x0=93.0, top=300.0, x1=140.0, bottom=310.0, text="texte", size=10.0, bold=False)]
    block = PageBlock("text", "running", BBox(72, 200, 140, 310), [Leaf([LinePiece(1, [dot]), LinePiece(1, wide)])])
    rows = text_rows([(1, block)], LayoutSettings())
    assert [r.column for r in rows] == [(100.0, 100.0), (72.0, 140.0)]
