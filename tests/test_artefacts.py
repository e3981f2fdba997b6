"""Every record a stage writes comes back equal from the reader the next stage uses.

Each test builds records with hypothesis, writes them with the stage's own code (its
entry point, with the computation before the write replaced by the records) into a
temporary interim folder, and reads them back with the loader the next stage calls.
Text carries what JSON and JSON Lines must survive: accents, curly quotes, non-breaking
spaces, newlines and carriage returns, U+2028, NUL, backslashes, emoji.
"""
from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import fields, replace
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.artefacts import read_json, read_jsonl
from pipeline.core.errors import InputError
from pipeline.core.paths import StagePaths
from pipeline.core.provenance import provenance, record_source
from pipeline.language import stage as language
from pipeline.language.amounts import AmountRecord
from pipeline.language.groups import GroupRecord
from pipeline.language.organisations import OrgMention, Pending
from pipeline.language.quantities import NumberRecord, QuantityRecord
from pipeline.language.targets import TargetRecord
from pipeline.pdf import extract, layout
from pipeline.pdf.blocks import KINDS, Block, Cell, Part, load_blocks, write_blocks
from pipeline.pdf.extract import PageRead, PageSize, Shape, Word
from pipeline.pdf.layout import Layout, Line
from pipeline.structure import segment
from pipeline.structure.outline import Heading
from pipeline.structure.passages import Passage
from pipeline.structure.segment import Box, Segments
from pipeline.structure.summaries import Intervention, Summary

# Half hypothesis's profile: 50 examples per record under make test, fewer in make test-fast's
# inner-loop profile (tests/conftest.py).
ROUND_TRIP = settings(max_examples=settings.default.max_examples // 2, deadline=None)


def records(record, **strategies):
    """``st.builds`` with a strategy for every field: a field added to a record and not
    here fails at import, instead of going untested on its default value."""
    assert set(strategies) == {f.name for f in fields(record)}, record.__name__
    return st.builds(record, **strategies)


# What the publication prints and what JSON must escape or keep as is.
PIECES = ["é", "É", "à", "ç", "ô", "œ", "Œ", "’", "“", "”", "«\u00a0", "\u00a0»", "\u202f", "–", "…",
          "€", "\n", "\r\n", "\r", "\t", "\u2028", "\x00", "\\", '"', "🙂", "👩‍👩‍👧", "🇫🇷"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=4).map("".join)
OPTIONAL_TEXT = st.none() | TEXT
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
INT = st.integers(min_value=-(2 ** 63), max_value=2 ** 63)
PAGE = st.integers(min_value=0, max_value=100_000)
OPTIONAL_INT = st.none() | INT
PRINTED_WORD = st.tuples(TEXT, FLOAT, FLOAT, FLOAT, FLOAT).map(list)  # [text, x0, top, x1, bottom]

WORD = records(Word, page=PAGE, x0=FLOAT, top=FLOAT, x1=FLOAT, bottom=FLOAT, text=TEXT, size=FLOAT,
                 bold=st.booleans(), font=TEXT)
SHAPE = records(Shape, page=PAGE, kind=TEXT, x0=FLOAT, top=FLOAT, x1=FLOAT, bottom=FLOAT, fill=st.booleans(),
                  stroke=st.booleans())
PAGE_SIZE = records(PageSize, page=PAGE, width=FLOAT, height=FLOAT)
PAGE_READ = records(PageRead, size=PAGE_SIZE, words=st.lists(WORD, max_size=4), shapes=st.lists(SHAPE, max_size=4),
                      images=st.integers(0, 5), annotations=st.integers(0, 5), off_page_words=st.integers(0, 5))

LINE = records(Line, id=INT, page=PAGE, text=TEXT, x0=FLOAT, top=FLOAT, x1=FLOAT, bottom=FLOAT, size=FLOAT,
                 bold=st.booleans(), block=TEXT, leaf=INT, header=st.booleans(), paragraph_start=st.booleans(),
                 words=st.lists(PRINTED_WORD, max_size=4))
PART = records(Part, page=PAGE, x0=FLOAT, top=FLOAT, x1=FLOAT, bottom=FLOAT)
CELL = records(Cell, row=INT, column=INT, lines=st.lists(INT, max_size=4))
BLOCK = records(Block, id=TEXT, kind=st.sampled_from(KINDS) | TEXT, evidence=TEXT,
                  parts=st.lists(PART, min_size=1, max_size=3), lines=st.lists(INT, max_size=4),
                  header=st.lists(INT, max_size=3), cells=st.lists(CELL, max_size=4), continues=OPTIONAL_TEXT,
                  continued_by=OPTIONAL_TEXT, open_top=st.booleans(), open_bottom=st.booleans(),
                  banded=st.booleans(), words=st.lists(PRINTED_WORD, max_size=3))

HEADING = records(Heading, level=INT, number=OPTIONAL_TEXT, title=TEXT, contents_page=OPTIONAL_INT,
                    page=OPTIONAL_INT, line=OPTIONAL_INT)
BOX = records(Box, id=TEXT, region_code=TEXT, region_name=TEXT, title=TEXT, page=PAGE, first_line=INT,
                body_lines=st.lists(INT, max_size=4), header_lines=st.lists(INT, max_size=3),
                blocks=st.lists(TEXT, max_size=3), body=TEXT)
INTERVENTION = records(Intervention, label=TEXT, region_code=TEXT, region_name=TEXT, page=PAGE, line=INT)
SUMMARY = records(Summary, axis_line=INT, badge_count=OPTIONAL_INT,
                    interventions=st.lists(INTERVENTION, max_size=4), lines=st.lists(INT, max_size=4))
SEGMENTS = records(Segments, contents_page=OPTIONAL_INT, outline=st.lists(HEADING, max_size=3),
                     boxes=st.lists(BOX, max_size=3), summaries=st.lists(SUMMARY, max_size=3),
                     missing=st.lists(TEXT, max_size=3))

# Where a figure is printed and its sentence: the fields AmountRecord and QuantityRecord share.
PRINTED = {"box": OPTIONAL_TEXT, "region_code": OPTIONAL_TEXT, "page": PAGE, "x0": FLOAT, "top": FLOAT, "x1": FLOAT,
           "bottom": FLOAT, "text": TEXT, "sentence": TEXT}
AMOUNT = records(AmountRecord, **PRINTED, unit=TEXT, value=FLOAT, role=TEXT, qualifier=TEXT, per=OPTIONAL_TEXT,
                   year=OPTIONAL_INT, target=OPTIONAL_TEXT)
QUANTITY = records(QuantityRecord, **PRINTED, value=FLOAT, unit=TEXT, kind=TEXT, role=TEXT, qualifier=TEXT,
                     year=OPTIONAL_INT)
NUMBER = records(NumberRecord, page=PAGE, box=OPTIONAL_TEXT, text=TEXT,
                   disposition=st.sampled_from(["quantity", "amount", "excluded"]), reason=OPTIONAL_TEXT,
                   sentence=TEXT)
GROUP = records(GroupRecord, page=PAGE, sentence=TEXT, claimed_count=OPTIONAL_INT, regions=st.lists(TEXT, max_size=4))
TARGET = records(TargetRecord, box=TEXT, target=TEXT, sentence=TEXT)
ORG = records(OrgMention, box=TEXT, org_id=TEXT, name=TEXT, kind=TEXT, printed=TEXT, page=PAGE, sentence=TEXT,
                in_reference=st.booleans(), misprint=st.booleans(), long_form=OPTIONAL_TEXT)
MENTIONS = st.dictionaries(TEXT, st.integers(min_value=0, max_value=10 ** 9), max_size=5)


@contextmanager
def interim() -> Iterator[StagePaths]:
    """A fresh interim folder per example (pytest's tmp_path is one per test, not per example)."""
    with tempfile.TemporaryDirectory() as folder:
        yield StagePaths(Path(folder) / "doc")


def patched(module, **replacements):
    """The names of ``module`` replaced for the length of a ``with`` block."""
    stack = ExitStack()
    for name, value in replacements.items():
        stack.enter_context(mock.patch.object(module, name, value))
    return stack


# --- extract: words.jsonl, shapes.jsonl, pages.json, source.json ---------------------------------------------

def one_page(size: PageSize, shapes: list[Shape] = ()) -> PageRead:
    """A page of that size printing one word (a document without words is refused)."""
    word = Word(page=size.page, x0=0.0, top=0.0, x1=1.0, bottom=1.0, text="mot", size=10.0, bold=False)
    return PageRead(size=size, words=[word], shapes=list(shapes))


def extracted(pages: list[PageRead], paths: StagePaths) -> None:
    """The extract stage's writer, the PDF's pages being ``pages``."""
    with patched(extract, read_pages=lambda pdf, limits, notes: iter(pages)):
        extract.extract(Path("never-opened.pdf"), paths)


@ROUND_TRIP
@given(st.lists(PAGE_READ, min_size=1, max_size=3))
def test_word_round_trip(pages):
    with interim() as paths:
        if not any(page.words for page in pages):
            with pytest.raises(InputError):  # no words: refused, and no words.jsonl left behind
                extracted(pages, paths)
            assert not paths.words.exists() and not list(paths.folder.glob(".*.tmp"))
            return
        extracted(pages, paths)
        words, _, _ = layout.load_extraction(paths)
        assert words == [word for page in pages for word in page.words]
        assert Counter(r["page"] for r in read_jsonl(paths.words)) == Counter(w.page for w in words)  # tables' count


@ROUND_TRIP
@given(st.lists(SHAPE, max_size=5))
def test_shape_round_trip(shapes):
    pages = [one_page(PageSize(page=1, width=595.0, height=842.0), shapes)]
    with interim() as paths:
        extracted(pages, paths)
        _, loaded, _ = layout.load_extraction(paths)
        assert loaded == shapes


@ROUND_TRIP
@given(st.lists(PAGE_SIZE, min_size=1, max_size=5))
def test_page_size_round_trip(sizes):
    pages = [one_page(size) for size in sizes]
    with interim() as paths:
        extracted(pages, paths)
        assert layout.load_extraction(paths)[2] == sizes
        assert extract.load_pages(paths) == sizes


@ROUND_TRIP
@given(name=st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\"), min_size=1,
                    max_size=20),
       content=st.binary(max_size=200), sizes=st.lists(PAGE_SIZE, max_size=3))
def test_source_round_trip(name, content, sizes):
    """source.json has no record type: ``record_source`` writes a dict, ``provenance`` reads it back."""
    with interim() as paths, tempfile.TemporaryDirectory() as raw:
        pdf = Path(raw) / f"{name}.pdf"
        pdf.write_bytes(content)
        source = record_source(pdf, paths)
        assert source == {"file": pdf.name, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
        assert read_json(paths.source) == source
        pages = None
        if sizes:
            extracted([one_page(size) for size in sizes], paths)
            pages = len(sizes)
        assert provenance(paths)["input"] == {**source, "pages": pages}


# --- layout: lines.jsonl, blocks.json ------------------------------------------------------------------------

def laid_out(lines: list[Line], blocks: list[Block], paths: StagePaths) -> None:
    """The layout stage's writer, the layout found being ``lines`` and ``blocks``."""
    with patched(layout, load_extraction=lambda paths: ([], [], []),
                 layout=lambda *args, **kwargs: Layout(lines, blocks)):
        layout.run(paths)


@ROUND_TRIP
@given(st.lists(LINE, max_size=5))
def test_line_round_trip(lines):
    from pipeline.dataset.tables import lines_without_words

    with interim() as paths:
        laid_out(lines, [], paths)
        assert layout.load_lines(paths) == lines
        assert list(language.stream_lines(paths)) == lines
        assert layout.load_lines_where(paths, lambda r: True) == {line.id: line for line in lines}
        assert lines_without_words(paths) == [replace(ln, words=[[w[0]] for w in ln.words]) for ln in lines]


@ROUND_TRIP
@given(st.lists(BLOCK, max_size=4))
def test_block_part_cell_round_trip(blocks):
    with interim() as paths:
        laid_out([], blocks, paths)
        assert load_blocks(paths) == blocks
        assert layout.load_layout(paths) == Layout([], blocks)
        write_blocks(paths.blocks, blocks)  # the writer the stage calls, on its own
        assert load_blocks(paths) == blocks


# --- segment: segments.json ----------------------------------------------------------------------------------

def segments_of(**found) -> Segments:
    """Segments holding only ``found``."""
    return Segments(**{"contents_page": None, "outline": [], "boxes": [], "summaries": [], "missing": [], **found})


def segmented(segments: Segments, paths: StagePaths) -> Segments:
    """The segment stage's writer, the segments found being ``segments``; what the next stages load."""
    with patched(segment, load_layout=lambda paths: Layout([], []), segment=lambda *args, **kwargs: segments):
        segment.run(paths)
    return segment.load_segments(paths)


@ROUND_TRIP
@given(st.lists(HEADING, max_size=5))
def test_heading_round_trip(outline):
    with interim() as paths:
        assert segmented(segments_of(outline=outline), paths).outline == outline


@ROUND_TRIP
@given(st.lists(BOX, max_size=5))
def test_box_round_trip(boxes):
    with interim() as paths:
        assert segmented(segments_of(boxes=boxes), paths).boxes == boxes


@ROUND_TRIP
@given(st.lists(SUMMARY, max_size=5))
def test_summary_intervention_round_trip(summaries):
    with interim() as paths:
        assert segmented(segments_of(summaries=summaries), paths).summaries == summaries


@ROUND_TRIP
@given(SEGMENTS)
def test_segments_round_trip(segments):
    with interim() as paths:
        assert segmented(segments, paths) == segments


# --- language: amounts, groups, mentions, quantities, numbers, targets, organisations ---------------------------

def read_by_language(paths: StagePaths, **found) -> None:
    """The language stage's writer, its readings being ``found`` (lists per ``Readings`` field)."""
    def read_window(passages, document, nlp, readings):
        for name, records in found.items():
            if name == "organisations":
                readings.organisations += [Pending(mention) for mention in records]  # no candidate: kept as is
            elif name == "mentioned":
                readings.mentioned.update(records)
            else:
                setattr(readings, name, getattr(readings, name) + list(records))

    with patched(language, load_segments=lambda paths: segments_of(),
                 load_blocks=lambda paths: [], reading_passages=lambda *args: iter([Passage(text="1 €")]),
                 french=lambda: None, with_organisations=lambda nlp: nlp, read_window=read_window):
        language.run(paths)


@ROUND_TRIP
@given(st.lists(AMOUNT, max_size=5))
def test_amount_round_trip(amounts):
    with interim() as paths:
        read_by_language(paths, amounts=amounts)
        assert language.load_amounts(paths) == amounts


@ROUND_TRIP
@given(st.lists(GROUP, max_size=5))
def test_group_round_trip(groups):
    with interim() as paths:
        read_by_language(paths, groups=groups)
        assert language.load_groups(paths) == groups


@ROUND_TRIP
@given(MENTIONS)
def test_mentions_round_trip(mentioned):
    """mentions.json has no record type: region code -> how often the text names it."""
    with interim() as paths:
        read_by_language(paths, mentioned=mentioned)
        assert language.load_mentions(paths) == mentioned


@ROUND_TRIP
@given(st.lists(QUANTITY, max_size=5))
def test_quantity_round_trip(quantities):
    with interim() as paths:
        read_by_language(paths, quantities=quantities)
        assert language.load_quantities(paths) == quantities


@ROUND_TRIP
@given(st.lists(NUMBER, max_size=5))
def test_number_round_trip(numbers):
    with interim() as paths:
        read_by_language(paths, numbers=numbers)
        assert language.load_numbers(paths) == numbers


@ROUND_TRIP
@given(st.lists(TARGET, max_size=5))
def test_target_round_trip(targets):
    with interim() as paths:
        read_by_language(paths, targets=targets)
        assert language.load_targets(paths) == targets


@ROUND_TRIP
@given(st.lists(ORG, max_size=5))
def test_org_mention_round_trip(mentions):
    with interim() as paths:
        read_by_language(paths, organisations=mentions)
        assert language.load_organisations(paths) == mentions
