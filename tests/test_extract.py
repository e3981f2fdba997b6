from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.core.errors import InputError
from pipeline.core.paths import StagePaths
from pipeline.pdf.extract import BOLD_FONT, extract, read_pdf


def small_pdf(path: Path) -> Path:
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 760, "Poitou-Charentes")
    c.setFont("Helvetica", 10)
    c.drawString(72, 730, "une aide de 10 000€ par poste")
    c.rect(60, 600, 300, 80, stroke=1, fill=0)
    c.save()
    return path


def test_words_carry_position_size_and_weight(tmp_path):
    ex = read_pdf(small_pdf(tmp_path / "s.pdf"))
    first, second = ex.words[0], ex.words[1]
    assert (first.text, first.bold, first.size) == ("Poitou-Charentes", True, 16.0)
    assert second.text == "une" and not second.bold and second.size == 10.0
    # pdfplumber's top-left origin: the title is above the body text.
    assert first.top < second.top and first.page == 1
    assert [w.text for w in ex.words][-2:] == ["par", "poste"]
    assert any(s.kind == "rect" and s.stroke and round(s.x0) == 60 for s in ex.shapes)


def test_extract_writes_inspectable_artefacts(tmp_path):
    paths = StagePaths(tmp_path / "interim")
    extract(small_pdf(tmp_path / "s.pdf"), paths)
    assert '"text": "Poitou-Charentes"' in paths.words.read_text(encoding="utf-8").splitlines()[0]
    assert paths.shapes.exists() and '"width": 595.28' in paths.pages.read_text()


def test_real_input_words_are_nfc_and_cover_every_page(real_build):
    """On the words the session's build extracted (read_pdf, written by extract): parsed once."""
    from pipeline.pdf.layout import load_extraction
    words, _, pages = load_extraction(StagePaths(real_build[0] / "interim"))
    assert len(pages) == 26
    assert {w.page for w in words} == set(range(1, 27))
    assert all(w.text == __import__("unicodedata").normalize("NFC", w.text) for w in words)
    assert any(w.text == "Ile-de-de-France," for w in words)  # the publication's typo is kept


@pytest.mark.parametrize("name,bold", [("AAAAAA+LiberationSans-Bold", True), ("Arial,BoldItalic", True),
                                       ("Helvetica", False), ("Times-Roman", False)])
def test_bold_is_read_from_the_font_weight(name, bold):
    assert bool(BOLD_FONT.search(name)) is bold


def make_bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    good = small_pdf(folder / "good.pdf").read_bytes()
    (folder / "notes.pdf").write_text("just some text, not a PDF")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 3])
    encrypted = Canvas(str(folder / "encrypted.pdf"), encrypt=__import__(
        "reportlab.lib.pdfencrypt", fromlist=["StandardEncryption"]).StandardEncryption("secret", "owner"))
    encrypted.drawString(72, 720, "hidden")
    encrypted.save()
    scanned = Canvas(str(folder / "scanned.pdf"))
    scanned.rect(72, 72, 400, 600, fill=1)  # a page with drawing but no text layer
    scanned.save()
    empty = folder / "no-pdfs-here"
    empty.mkdir(exist_ok=True)
    (empty / "notes.txt").write_text("not a PDF")
    return {
        "missing": (folder / "nope.pdf", "no such file"),
        "not a pdf": (folder / "notes.pdf", "not a PDF"),
        "empty": (folder / "empty.pdf", "empty file"),
        "truncated": (folder / "truncated.pdf", "truncated"),
        "encrypted": (folder / "encrypted.pdf", "encrypted"),
        "scanned": (folder / "scanned.pdf", "no text layer"),
        "directory without PDFs": (empty, "directory"),
    }


def test_each_bad_input_gets_a_named_error(tmp_path):
    for case, (path, message) in make_bad_inputs(tmp_path).items():
        with pytest.raises(InputError) as error:
            read_pdf(path)
        assert message in error.value.problem, case
        assert str(path) in str(error.value), case


def pdf_bomb(path: Path, decoded_mib: int = 40) -> Path:
    """One page whose content stream inflates from ~80 KB to ``decoded_mib`` MiB."""
    import zlib
    content = zlib.compress(b"0 0 1 1 re f\n" * (decoded_mib * 2**20 // 13), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(data)
    return path


def test_a_pdf_bomb_is_refused_before_it_is_parsed(tmp_path):
    with pytest.raises(InputError, match="page 1 draws more than 16 MiB"):
        read_pdf(pdf_bomb(tmp_path / "bomb.pdf"))


def test_input_limits_are_settings(tmp_path):
    from pipeline.core.settings import InputLimits
    pdf = small_pdf(tmp_path / "s.pdf")
    with pytest.raises(InputError, match="more than 0 MiB|larger than"):
        read_pdf(pdf, InputLimits(max_file_bytes=100))
    with pytest.raises(ValueError):
        InputLimits(max_pages=0)


def renamed_bold_font(folder: Path) -> Path:
    """DejaVu Sans Bold under the name "F12", as some producers embed fonts."""
    from fontTools.ttLib import TTFont
    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16, 17):
            record.string = "F12"
    font.save(folder / "F12.ttf")
    return folder / "F12.ttf"


def test_bold_is_read_from_the_embedded_font_when_its_name_does_not_say(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTF
    pdfmetrics.registerFont(ReportlabTTF("F12", str(renamed_bold_font(tmp_path))))
    c = Canvas(str(tmp_path / "f12.pdf"), pagesize=A4, invariant=1)
    c.setFont("F12", 12)
    c.drawString(72, 760, "Emplois Tremplin")
    c.setFont("Helvetica", 10)
    c.drawString(72, 730, "Depuis 2004")
    c.save()
    words = read_pdf(tmp_path / "f12.pdf").words
    assert [(w.text, w.bold) for w in words] == [("Emplois", True), ("Tremplin", True), ("Depuis", False),
                                                 ("2004", False)]
    assert "+" not in words[0].font and "F12" in words[0].font


def test_small_capitals_are_one_word_with_the_capitals_size(tmp_path):
    """Browsers print small capitals as capitals of two sizes on two tops: one word."""
    c = Canvas(str(tmp_path / "sc.pdf"), pagesize=A4, invariant=1)
    x = 72.0
    for text, size in (("R", 9), ("HÔNE", 6.3), ("-A", 9), ("LPES", 6.3)):
        c.setFont("Helvetica", size)
        c.drawString(x, 760, text)
        x += c.stringWidth(text, "Helvetica", size)
    c.setFont("Helvetica", 9)
    c.drawString(x + 3, 760, "suite")
    c.save()
    words = read_pdf(tmp_path / "sc.pdf").words
    assert [(w.text, w.size) for w in words] == [("RHÔNE-ALPES", 9.0), ("suite", 9.0)]


def test_small_capitals_mapped_to_lower_case_read_as_capitals(tmp_path):
    """WeasyPrint maps small capitals back to any case ("PAys de lA loire"): the page prints capitals."""
    c = Canvas(str(tmp_path / "jumbled.pdf"), pagesize=A4, invariant=1)
    x = 72.0
    for text, size in (("P", 8.9), ("Ays", 7.1), (" ", 7.1), ("de", 7.1), (" ", 7.1), ("lA", 7.1), (" ", 7.1),
                       ("l", 8.9), ("oire", 7.1)):
        c.setFont("Helvetica", size)
        c.drawString(x, 760, text)
        x += c.stringWidth(text, "Helvetica", size)
    c.setFont("Helvetica", 7.1)
    c.drawString(72, 740, "de la Loire")  # ordinary text in the same size on another line keeps its case
    c.drawString(72, 720, "1")
    c.setFont("Helvetica", 5)
    c.drawString(72 + c.stringWidth("1", "Helvetica", 7.1), 723, "ère")  # a superscript is not small capitals
    c.save()
    words = read_pdf(tmp_path / "jumbled.pdf").words
    assert [w.text for w in sorted(words, key=lambda w: (round(w.bottom / 10), w.x0))] == \
        ["PAYS", "DE", "LA", "LOIRE", "de", "la", "Loire", "1ère"]


# Real PDFs that broke the pipeline, from the test corpora of pdfplumber and
# pdf.js (tests/data/real-world/README.md says where each comes from).
REAL_WORLD = Path(__file__).parent / "data" / "real-world"


def overprinted_pdf(path: Path) -> Path:
    """A chart label "10%" whose "1" is drawn four more times at the same place."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Districts 10%")
    for _ in range(4):
        c.drawString(72 + c.stringWidth("Districts ", "Helvetica", 10), 700, "1")
    c.save()
    return path


def sideways_pdf(path: Path) -> Path:
    """One upright page, then one displayed with /Rotate 90 (its text runs top to bottom)."""
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.drawString(72, 700, "first page")
    c.showPage()
    c.setPageRotation(90)  # reportlab then writes a landscape MediaBox: 842 wide, 595 high
    c.drawString(72, 400, "une aide de 10 000€ par poste")
    c.save()
    return path


def test_a_zero_mediabox_gets_us_letter_instead_of_dividing_by_zero():
    ex = read_pdf(REAL_WORLD / "boundingBox_invalid.pdf")
    assert all(p.width > 0 and p.height > 0 for p in ex.pages)
    assert (ex.pages[0].width, ex.pages[0].height) == (612.0, 792.0)
    assert any("page 1 has no usable size" in note and "US Letter" in note for note in ex.notes)
    assert [w.text for w in ex.words if w.page == 1] == ["Empty", "/MediaBox"]
    assert all(0 <= w.top <= w.bottom <= 792 for w in ex.words if w.page == 1)


def test_rotated_text_is_read_in_its_own_direction(tmp_path):
    ex = read_pdf(sideways_pdf(tmp_path / "r.pdf"))
    assert [w.text for w in ex.words if w.page == 2] == ["une", "aide", "de", "10", "000€", "par", "poste"]
    assert (ex.pages[1].width, ex.pages[1].height) == (841.89, 595.28)  # turned back to read left to right
    real = read_pdf(REAL_WORLD / "nics-background-checks-2015-11-rotated.pdf")  # /Rotate 90, 4 319 characters
    assert len(real.words) > 1000 and "Alabama" in {w.text for w in real.words}


def test_overprinted_glyphs_are_one_character_not_digits_glued(tmp_path):
    assert [w.text for w in read_pdf(overprinted_pdf(tmp_path / "o.pdf")).words] == ["Districts", "10%"]


def test_words_off_the_page_are_dropped_and_words_across_its_edge_cut_to_it(tmp_path):
    c = Canvas(str(tmp_path / "off.pdf"), pagesize=A4, invariant=1)
    c.drawString(72, 700, "visible")
    c.drawString(-400, 700, "far away")
    c.drawString(-8, 650, "edge")
    c.save()
    ex = read_pdf(tmp_path / "off.pdf")
    assert [w.text for w in ex.words] == ["visible", "edge"] and ex.words[1].x0 == 0


def test_an_aes256_file_with_an_empty_user_password_is_read_through_pdfium():
    ex = read_pdf(REAL_WORLD / "encrypted-attachment.pdf")
    assert [w.text for w in ex.words] == ["Example"]
    assert any("rewritten by PDFium" in note for note in ex.notes)


def test_a_page_tree_pdfminer_cannot_walk_is_repaired_before_any_refusal():
    from pipeline.core.settings import InputLimits
    from pipeline.pdf.extract import read_pages
    notes: list[str] = []
    pages = list(read_pages(REAL_WORLD / "issue-297-example.pdf", InputLimits(), notes))
    assert len(pages) == 1 and any("PDFium" in note for note in notes)  # pdfminer alone finds no page
    with pytest.raises(InputError) as error:  # the page is blank: that, not "no pages", is the reason
        read_pdf(REAL_WORLD / "issue-297-example.pdf")
    assert error.value.problem.startswith("no text layer: 1 page with nothing")


def test_a_real_password_is_refused_with_what_to_do():
    with pytest.raises(InputError) as error:
        read_pdf(REAL_WORLD / "password-example.pdf")
    assert "password is required" in error.value.problem and "qpdf" in error.value.problem


@pytest.mark.parametrize("name,reason", [("freetexts.pdf", "form fields or annotations"),
                                         ("bitmap-halftone-grid.pdf", "images (a scan or a picture); OCR")])
def test_a_file_without_text_is_refused_with_the_true_reason(name, reason):
    with pytest.raises(InputError) as error:
        read_pdf(REAL_WORLD / name)
    assert reason in error.value.problem


def test_the_bomb_check_decodes_a_damaged_stream_as_pdfminer_does():
    import zlib

    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    from pipeline.pdf.extract import inflated_size
    packed = zlib.compress(b"BT /F1 12 Tf (text) Tj ET\n" * 500)
    for damaged in (packed, packed[:-3], packed[:-1] + b"\x00", packed[:40], packed[:10] + b"\xff" * 30 + packed[40:]):
        stream = PDFStream({"Filter": LIT("FlateDecode")}, damaged)
        assert inflated_size(damaged, 1 << 20) == len(stream.get_data())
    # pr-138: a stream zlib rejects but pdfminer reads was refused as "unreadable or truncated PDF (error)"
    assert len(read_pdf(REAL_WORLD / "pr-138-example.pdf").words) > 1500


def test_pdfminer_log_lines_become_notes_not_stderr(capfd):
    ex = read_pdf(REAL_WORLD / "issue13316_reduced.pdf")
    assert any("compressed stream is damaged" in note for note in ex.notes)
    assert capfd.readouterr().err == ""


def test_a_bug_in_our_own_code_is_a_traceback_not_a_bad_pdf(tmp_path, monkeypatch):
    import pipeline.pdf.extract as stage

    def broken(*args):
        raise KeyError("a bug of ours")
    monkeypatch.setattr(stage, "_word", broken)
    with pytest.raises(KeyError):
        read_pdf(small_pdf(tmp_path / "s.pdf"))


def test_a_bug_in_our_filter_called_back_by_pdfplumber_is_a_traceback_not_a_bad_pdf(tmp_path, monkeypatch):
    # The glyph filter runs inside pdfplumber's extract_words, within parsing(): its
    # KeyError was turned into "damaged PDF: a structure the parser does not understand".
    import pipeline.pdf.extract as stage

    def broken_filter():
        @stage.ours
        def keep(obj):
            raise KeyError("a bug of ours")
        return keep
    monkeypatch.setattr(stage, "first_at_its_place", broken_filter)
    with pytest.raises(KeyError, match="a bug of ours"):
        read_pdf(small_pdf(tmp_path / "s.pdf"))


def test_pages_are_released_as_they_are_read(tmp_path):
    """The parse of each page is dropped before the next: pdfminer's object
    cache is empty between pages, and words are written as they come."""
    import pipeline.pdf.extract as stage
    sizes = []
    real_release = stage.release

    def watch(document):
        real_release(document)
        sizes.append(len(document.doc._cached_objs))
    c = Canvas(str(tmp_path / "p.pdf"))
    for n in range(5):
        c.drawString(72, 700, f"page {n}")
        c.showPage()
    c.save()
    import unittest.mock
    with unittest.mock.patch.object(stage, "release", watch):
        ex = read_pdf(tmp_path / "p.pdf")
    assert len(ex.pages) == 5 and sizes == [0] * 5
