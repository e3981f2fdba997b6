"""The HTML review, opened in headless Chromium as a person would."""
import shutil

import pytest
from browser import FLAGS, find

from pipeline.core.paths import DEFAULT_PDF, StagePaths
from pipeline.review import stage as review


@pytest.fixture(scope="module")
def review_page(real_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("review") / "output"  # a copy: the build is shared with other workers
    shutil.copytree(real_build[0] / "output", out)
    index = review.run(DEFAULT_PDF, StagePaths(real_build[0] / "interim"), out)
    chromium = find()
    if chromium is None:
        pytest.fail("no Chrome or Chromium found: `make test` (tests/browser.py) installs one")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(index.resolve().as_uri())
        yield page, index
        browser.close()


def test_summary_shows_the_counts(review_page, real_build):
    page, _ = review_page
    for name, df in real_build[1].items():
        assert page.locator(f'td.count[data-table="{name}"]').inner_text() == str(len(df))
    assert page.locator("#errors").inner_text() == "0 errors"
    assert page.locator("#warnings").inner_text() == "9 warnings"


def test_the_header_names_input_code_and_libraries(review_page):
    page, _ = review_page
    header = page.locator("#provenance").inner_text()
    sha = (DEFAULT_PDF.parent / "SHA256SUMS").read_text().split()[0]
    assert f"SHA-256 {sha}" in header and "26 pages" in header and "panorama-iae" in header and "spacy" in header


def test_a_browser_is_found_where_chromium_says(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    assert find() is None
    (tmp_path / "chrome").write_text("")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "chrome"))
    assert find() == str(tmp_path / "chrome")


def test_a_missing_chosen_browser_is_said_not_replaced(monkeypatch, tmp_path, capsys):
    from browser import main
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    assert main() == 1 and "no such file" in capsys.readouterr().err


def test_a_known_card_outlines_its_amounts_and_a_click_highlights_one(review_page, real_build):
    page, index = review_page
    card = page.locator("section.card", has_text="Emplois Tremplin Environnement")
    assert "Poitou-Charentes" in card.locator("h3").inner_text()
    rows = card.locator("tr.amount")
    amounts = real_build[1]["amounts"]
    expected = amounts[amounts["measure_id"] == "54-emplois-tremplin-environnement"]
    assert rows.count() == len(expected) == 13
    amount_outlines = card.locator(".outline:not(.quantity)")
    outlined = {amount_outlines.nth(i).get_attribute("class").split()[1] for i in range(amount_outlines.count())}
    assert outlined == {f"o-{a}" for a in expected["amount_id"]}
    row = rows.filter(has_text="5 000€")
    row.click()
    active = card.locator(".outline.active")
    assert active.count() == 2  # "5 / 000€" is broken over two lines: two outlines
    assert "active" in row.get_attribute("class")
    assert card.locator(".outline.active").first.is_visible()
    card.screenshot(path=str(index.parent / "screenshot.png"))
    assert (index.parent / "screenshot.png").stat().st_size > 10_000


def test_a_card_outlines_its_quantities_and_lists_targets_and_partners(review_page, real_build):
    page, _ = review_page
    card = page.locator("section.card", has_text="Emplois tremplin - IAE")
    assert card.locator(".targets .tag").all_inner_texts() == ["ACI", "AI", "EI", "RQ"]
    quantities = real_build[1]["quantities"]
    expected = quantities[quantities["measure_id"] == "11-emplois-tremplin-iae"]
    rows = card.locator("tr.quantity")
    assert rows.count() == len(expected) == 2
    row = rows.filter(has_text="5 postes")
    row.click()
    active = card.locator(".outline.quantity.active")
    assert active.count() == 1 and active.first.is_visible()
    partners = page.locator("section.card", has_text="REPLIC - Dispositif").locator(".partners .tag")
    assert "FACE" in partners.all_inner_texts() and partners.count() == 9
    assert page.locator("section.card", has_text="REPLIC - Dispositif").locator(".partners .tag.unknown").count() == 3


def test_findings_regions_and_pages_are_there(review_page):
    page, _ = review_page
    assert page.locator(".finding").count() == 9
    assert page.locator(".finding", has_text="700 M€").locator("img").count() == 1
    assert page.locator("tr[id^=r-]").count() == 27
    assert page.locator("#pages + .pages figure").count() == 26


def test_blocks_are_outlined_on_every_page_with_their_kind(review_page):
    page, _ = review_page
    assert page.locator(".block-pages figure").count() == 26
    bretagne = page.locator(".block.framed.continued").first
    assert "continued by" in bretagne.get_attribute("title")
    assert page.locator(".block.furniture").count() >= 25  # a running header on every page but the covers
    images = page.locator("img")
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_document_without_regional_figures_gets_no_chart_instead_of_a_crash(real_build, tmp_path):
    """A real PDF that is not the publication has no measure nor amount per region:
    matplotlib raised IndexError drawing an empty bar chart, and `run` (which builds
    the review) failed after publishing its tables."""
    tables = dict(real_build[1])
    tables["regions"] = tables["regions"].assign(n_measures=0)
    tables["amounts"] = tables["amounts"].iloc[0:0]
    (tmp_path / "img").mkdir()
    assert review.region_chart(tables, tmp_path) is None
    section = review.regions_section({**tables, "measures": tables["measures"].iloc[0:0]}, None)
    assert "<img" not in section and "Alsace" in section


def test_a_page_whose_crop_box_lies_outside_its_media_box_is_rendered_not_a_crash():
    """boundingBox_invalid.pdf's third page: PDFium sizes it 0 × 0 and render() raised
    "Crop exceeds page dimensions", so `run` failed after publishing the tables."""
    from pathlib import Path

    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(str(Path(__file__).parent / "data" / "real-world" / "boundingBox_invalid.pdf"))
    page = review.drawable(document[2])
    assert page.get_size() == (600.0, 800.0)
    assert page.render(scale=0.1).to_pil().size == (60, 80)
