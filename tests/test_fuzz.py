"""Arbitrary text never breaks the amount grammar or the region resolver."""
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.language.figures import find_figures
from pipeline.structure.regions import default_index, find_mentions, name_key

# Text made of what trips number grammars: digits, the three spaces, separators, units.
TRICKY = st.text(alphabet=st.sampled_from(list("0123456789 \u00a0\u202f,./-€%kKMe ouàdlimitns")), max_size=400)


@settings(max_examples=settings.default.max_examples * 4, deadline=None)  # 400; 120 in make test-fast
@given(st.one_of(TRICKY, st.text(max_size=400)))
def test_figures_are_well_formed_on_any_text(text):
    previous_end = -1
    for figure in find_figures(text):
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start:figure.end] == figure.text
        assert figure.unit in ("EUR", "%") and figure.value >= 0
        assert figure.start >= previous_end  # in order, never overlapping
        previous_end = figure.end


@settings(max_examples=settings.default.max_examples * 3, deadline=None)  # 300; 90 in make test-fast
@given(st.text(max_size=300))
def test_region_resolver_never_crashes_and_returns_known_codes(text):
    index = default_index()
    codes = {r.code for r in index.regions}
    assert isinstance(name_key(text), str)
    region = index.resolve(text)
    assert region is None or region.code in codes
    for start, end, region in find_mentions(index, text):
        assert 0 <= start < end <= len(text) and region.code in codes


def growth(function, unit: str, small: int = 1_000, factor: int = 8) -> float:
    """How much longer ``function`` takes on ``factor`` times the input (linear: about ``factor``).

    Measured in this process's CPU time, best of five: wall time also counts the time the
    process waits for a core, which another test worker or job makes anything (a ratio of 37
    was seen for a linear reader while the suite ran in two workers on two busy cores)."""
    def cost(n: int) -> float:
        text = unit * n
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            function(text)
            best = min(best, time.process_time() - start)
        return best
    return cost(small * factor) / max(cost(small), 1e-6)


def test_long_runs_of_digits_and_spaces_are_read_in_linear_time():
    """A complexity check, not a speed test: 8x the input may cost at most ~3x more than linear."""
    for unit in ("1 000, ", "1 ", "12\u00a0345 ", "1,5 ou ", "de 1 à "):
        assert growth(find_figures, unit) < 24, unit


def test_region_mentions_scale_linearly():
    index = default_index()
    for unit in ("Ile-de-", "Nord Pas de ", "la Région "):
        assert growth(lambda text: find_mentions(index, text), unit, small=300) < 24, unit
