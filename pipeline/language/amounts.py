"""Every euro amount and percentage of parsed passages, with meaning and place.

Called by the language stage (``pipeline/language.py``), which parses the
passages once; each record names the box it is printed in (index into the
segmented boxes) and its bounding box on the page.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.text import is_list_item
from pipeline.language.figures import Figure, find_figures
from pipeline.language.meaning import (
    clause_of,
    cues,
    euro_role,
    per_of,
    percent_role,
    qualifier_of,
    sentence_of,
    sentences,
    target_of,
    year_of,
)
from pipeline.language.nlp import french
from pipeline.structure.passages import Passage
from pipeline.structure.regions import RegionIndex, default_index, find_mentions

# Only list punctuation between two figures: they share what follows the last.
BETWEEN_LISTED_FIGURES = re.compile(r"^[\s,]*(?:ou|et|à)?\s*$")


@dataclass(frozen=True)
class PrintedFigure:
    """Where a figure is printed and the sentence it is read in: what an amount
    and a quantity share (their own fields follow these)."""

    box: str | None
    region_code: str | None
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    sentence: str


@dataclass(frozen=True)
class AmountRecord(PrintedFigure):
    unit: str
    value: float
    role: str
    qualifier: str
    per: str | None
    year: int | None
    target: str | None


def sentence_text(passage: Passage, sentence: Span) -> str:
    """The figure's sentence; for a list item, the whole item."""
    if is_list_item(passage.text):
        return passage.text
    return sentence.text.strip()


def following_text(passage: Passage, figures: list[Figure], index: int, clause_end: int) -> str:
    """Words after a figure, up to the next figure or the clause's end; for a
    figure in a list ("1 000€, 1 500€ ou 2 000€ par ETP"), what follows the list."""
    j = index
    while j + 1 < len(figures) and BETWEEN_LISTED_FIGURES.match(passage.text[figures[j].end:figures[j + 1].start]):
        j += 1
    stop = figures[j + 1].start if j + 1 < len(figures) else len(passage.text)
    return passage.text[figures[j].end:min(stop, clause_end)]


def sentence_region(index: RegionIndex, sentence: str) -> str | None:
    """The one region a sentence names, if it names exactly one."""
    codes = {region.code for _, _, region in find_mentions(index, sentence)}
    return codes.pop() if len(codes) == 1 else None


def passage_amounts(passage: Passage, doc: Doc, nlp: Language, index: RegionIndex,
                    box_regions: dict[str, str]) -> Iterable[AmountRecord]:
    figures = find_figures(passage.text)
    found = cues(doc, nlp) if figures else []
    merged = sentences(doc) if figures else []
    for i, figure in enumerate(figures):
        span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
        assert span is not None  # the figure is printed text of this doc: "expand" finds its tokens
        sent = sentence_of(span, merged)
        clause = clause_of(span, sent)
        clause_start_char = doc[clause[0]].idx if clause[0] < len(doc) else 0
        clause_end_char = doc[clause[1] - 1].idx + len(doc[clause[1] - 1]) if clause[1] > clause[0] else len(doc.text)
        per = per_of(following_text(passage, figures, i, clause_end_char))
        role = euro_role(span, found, clause, per) if figure.unit == "EUR" else percent_role(span, found, clause)
        sentence = sentence_text(passage, sent)
        page, bbox = passage.place(figure.start, figure.end)
        clause_text = doc.text[clause_start_char:clause_end_char]
        yield AmountRecord(
            box=passage.box,
            region_code=box_regions[passage.box] if passage.box is not None else sentence_region(index, sentence),
            page=page, x0=round(bbox.x0, 2), top=round(bbox.top, 2), x1=round(bbox.x1, 2),
            bottom=round(bbox.bottom, 2), text=figure.text, sentence=sentence, unit=figure.unit,
            value=figure.value, role=role, qualifier=qualifier_of(span, found, role), per=per,
            year=year_of(sentence), target=target_of(clause_text, figure.start - clause_start_char),
        )


def read_amounts(passages: list[Passage], docs: list[Doc], box_regions: dict[str, str], nlp: Language,
                 index: RegionIndex) -> list[AmountRecord]:
    """Every figure of the parsed passages, in reading order."""
    records: list[AmountRecord] = []
    for passage, doc in zip(passages, docs, strict=True):
        records += passage_amounts(passage, doc, nlp, index, box_regions)
    return records


def read_text(text: str, nlp: Language | None = None, index: RegionIndex | None = None) -> list[AmountRecord]:
    """The figures of one free-standing passage, with their meaning.

    >>> [(r.value, r.role, r.qualifier, r.per) for r in read_text("une aide plafonnée à 15 k€ par an")]
    [(15000.0, 'cap', 'max', 'an')]
    """
    nlp, index = nlp or french(), index or default_index()
    return list(passage_amounts(Passage.from_text(text), nlp(text), nlp, index, {}))
