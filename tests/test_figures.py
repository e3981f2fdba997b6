from pipeline.figures import find_figures


def test_tail_of_an_amount_read_out_of_order_is_not_zero_euros():
    """Regression: "20 000 €" broken over two lines and read out of order gave "000 €" = 0 €, which
    stopped the run; a number never starts with a zero followed by digits."""
    assert find_figures("000 € par ETP") == []
    assert [(f.text, f.value) for f in find_figures("soit 20 000 € et 0,5 %")] == [("20 000 €", 20000.0),
                                                                                  ("0,5 %", 0.5)]
