"""Sentences that name groups of regions, with the count they state.

A *unit* is a sentence, or a lead-in ending in ":" together with the list
items that follow it. In a unit, region mentions (``doc.spans["regions"]``)
form one *list* when only list words separate them ("A, B et C", "le GARIE
en A, le PRADIE en B"), when each stands alone in brackets ("… (A), … (B)"),
or when every item of one bullet level names exactly one region. A list of
two or more regions is a group; the unit's count before "régions" (digits or
French number words, read by text2num) is its claimed count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc
from text_to_num import text2num

from pipeline.core.text import list_bullet
from pipeline.language.meaning import sentences
from pipeline.language.nlp import REGION_SPANS
from pipeline.structure.passages import Passage

# Between two names of one list: "A, B", "A et B", "A ou en B", "le GARIE en A, le PRADIE en B".
BETWEEN_LISTED_REGIONS = re.compile(r"^\s*(?:,|;|et|ou|,\s*et)\s*(?:(?:la|le|les|l[’'])\s*)?"
                                    r"(?:(?:[^,;.()]{0,40}?\s)?(?:en|dans|à)\s+)?$")
# A bracketed aside inside a list: "Lorraine (via le GRIEP), Alsace".
ASIDE = re.compile(r"\s*\([^()]*\)")
# A count before "régions": "sept régions", "six autres régions", "4 des régions", "Seize régions".
COUNT_BEFORE = re.compile(r"(?i)(?<![/\d,])\b(?P<count>\d+|(?:[a-zàâçéèêëîïôûù-]+\s+){0,3}?[a-zàâçéèêëîïôûù-]+)"
                          r"\s+(?:autres\s+)?(?:des\s+)?r[ée]gions\b")
# A count after "parmi les régions …,": "Parmi les régions interrogées, 4 ne contribuent pas".
COUNT_AFTER = re.compile(r"(?i)\bparmi\s+les\s+r[ée]gions[^,]{0,30},\s*(?P<count>\d+|[a-zàâçéèêëîïôûù-]+)\b")


@dataclass
class Mention:
    piece: int
    start: int
    end: int
    code: str
    page: int


@dataclass
class Unit:
    """A sentence or a lead-in with its items: pieces of passages."""

    pieces: list[tuple[Passage, Doc, int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(p.text[s:e].strip() for p, _, s, e in self.pieces)


@dataclass(frozen=True)
class GroupRecord:
    page: int
    sentence: str
    claimed_count: int | None
    regions: list[str]


def french_count(words: str) -> int | None:
    """The number that ends ``words``, in digits or French words.

    >>> french_count("Seize"), french_count("4"), french_count("En revanche sept"), french_count("vingt et une")
    (16, 4, 7, 21)
    >>> french_count("certaines") is None
    True
    """
    if words.isdigit():
        return int(words)
    tokens = words.casefold().split()
    for start in range(len(tokens)):
        try:
            return text2num(" ".join(tokens[start:]), "fr")
        except ValueError:
            continue
    return None


def claimed_count(text: str) -> int | None:
    for pattern in (COUNT_BEFORE, COUNT_AFTER):
        for found in pattern.finditer(text):
            count = french_count(found["count"])
            if count is not None:
                return count
    return None


def bullet_of(passage: Passage) -> str | None:
    return list_bullet(passage.text)


def units(passages: list[Passage], docs: list[Doc]) -> list[Unit]:
    """Sentences, with each lead-in (ending in ":") joined to the items that follow it."""
    out: list[Unit] = []
    i = 0
    while i < len(passages):
        passage, doc = passages[i], docs[i]
        spans = sentences(doc)
        for sent in spans[:-1]:
            out.append(Unit([(passage, doc, sent.start_char, sent.end_char)]))
        last = spans[-1] if spans else None
        unit = Unit([(passage, doc, last.start_char if last else 0, len(passage.text))])
        i += 1
        if passage.text.rstrip().endswith(":"):
            while i < len(passages) and bullet_of(passages[i]) and passages[i].box == passage.box:
                unit.pieces.append((passages[i], docs[i], 0, len(passages[i].text)))
                i += 1
        out.append(unit)
    return out


def mentions_of(unit: Unit) -> list[Mention]:
    found = []
    for k, (passage, doc, start, end) in enumerate(unit.pieces):
        for span in doc.spans[REGION_SPANS]:
            if start <= span.start_char < end:
                found.append(Mention(k, span.start_char, span.end_char, span.label_,
                                     passage.place(span.start_char, span.end_char)[0]))
    return found


def alone_in_brackets(text: str, m: Mention) -> bool:
    return text[:m.start].rstrip().endswith("(") and text[m.end:].lstrip().startswith(")")


def running_lists(unit: Unit, found: list[Mention]) -> list[list[Mention]]:
    lists: list[list[Mention]] = []
    for m in found:
        prev = lists[-1][-1] if lists else None
        text = unit.pieces[m.piece][0].text
        together = prev is not None and prev.piece == m.piece and (
            BETWEEN_LISTED_REGIONS.match(ASIDE.sub("", text[prev.end:m.start])) is not None
            or (alone_in_brackets(text, prev) and alone_in_brackets(text, m)))
        if together:
            lists[-1].append(m)
        else:
            lists.append([m])
    return lists


def item_lists(unit: Unit, found: list[Mention]) -> list[list[Mention]]:
    """Per bullet character: when every item naming a region names exactly one
    and every item names one, the items' regions form a list."""
    by_bullet: dict[str, list[int]] = {}
    for k, (passage, _, _, _) in enumerate(unit.pieces):
        mark = bullet_of(passage) if k else None
        if mark:
            by_bullet.setdefault(mark, []).append(k)
    lists = []
    for items in by_bullet.values():
        per_item = [{m.code for m in found if m.piece == k} for k in items]
        if len(items) >= 2 and all(len(codes) == 1 for codes in per_item):
            lists.append([next(m for m in found if m.piece == k) for k in items])
    return lists


def unit_groups(unit: Unit) -> list[GroupRecord]:
    found = mentions_of(unit)
    lists = [ln for ln in running_lists(unit, found) + item_lists(unit, found) if len({m.code for m in ln}) >= 2]
    count = claimed_count(unit.text)
    records = []
    for members in lists:
        codes = list(dict.fromkeys(m.code for m in members))
        claimed = count if len(lists) == 1 or members is lists[0] else None
        records.append(GroupRecord(page=members[0].page, sentence=unit.text, claimed_count=claimed, regions=codes))
    return records


def read_groups(passages: list[Passage], docs: list[Doc], skip_lines: set[int]) -> list[GroupRecord]:
    """Groups of the document, in reading order; passages on ``skip_lines``
    (box headers, axis summaries) are not sentences."""
    kept = [(p, d) for p, d in zip(passages, docs, strict=True) if not skip_lines.intersection(p.lines)]
    records = []
    for unit in units([p for p, _ in kept], [d for _, d in kept]):
        records += unit_groups(unit)
    return records
