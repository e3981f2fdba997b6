"""The figure grammar on text that is not the publication's: what must not be read as a figure."""
import pytest

from pipeline.language.figures import find_figures


@pytest.mark.parametrize("text", [
    "https://www.regulations.gov/ntsc_aviation/baru/2018%20-%20PK",  # read as "20035 %" from "%20035%20"
    "printf(\"%d %s\", n)", "movd %%esp, %0",
])
def test_a_url_escape_or_format_code_is_not_a_percentage(text):
    assert find_figures(text) == []


@pytest.mark.parametrize("text,values", [
    ("une hausse de 200%.", [200.0]), ("soit 40%).", [40.0]), ("ETP20 000 € par an", [20000.0]),
])
def test_percent_signs_and_numbers_in_ordinary_text_are_still_read(text, values):
    assert [f.value for f in find_figures(text)] == values


def test_tail_of_an_amount_read_out_of_order_is_not_zero_euros():
    """Regression: "20 000 €" broken over two lines and read out of order gave "000 €" = 0 €, which
    stopped the run; a number never starts with a zero followed by digits."""
    assert find_figures("000 € par ETP") == []
    assert [(f.text, f.value) for f in find_figures("soit 20 000 € et 0,5 %")] == [("20 000 €", 20000.0),
                                                                                  ("0,5 %", 0.5)]
