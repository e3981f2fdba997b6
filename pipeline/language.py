"""Stage: the French text read once by spaCy -> amounts, quantities, groups, targets, organisations.

Builds passages (paragraphs and list items) from the lines, parses in one
``nlp.pipe`` batch those that print a figure or a number in digits, name a
region, lead in to a list, or belong to a box, and writes ``amounts.jsonl``,
``groups.jsonl``, ``quantities.jsonl``, ``numbers.jsonl`` (what became of
every number printed in digits), ``targets.jsonl`` and
``organisations.jsonl``. spaCy is loaded once per process.
"""
from __future__ import annotations

from dataclasses import asdict

from .amounts import AmountRecord, read_amounts
from .artefacts import read_json, read_jsonl, write_json, write_jsonl
from .figures import find_figures
from .groups import GroupRecord, read_groups
from .blocks import FRAMED, TABLE
from .layout import Layout, load_layout
from .nlp import REGION_SPANS, french
from .organisations import OrgMention, read_organisations, with_organisations
from .passages import Passage, PlacedWord, build_passages
from .paths import StagePaths
from .quantities import Context, NumberRecord, QuantityRecord, has_digits, passage_numbers
from .regions import default_index, find_mentions
from .segment import Box, Segments, load_segments
from .targets import BoxReading, TargetRecord, lead_in_of, read_box, target_records, with_box_targets
from .text import line_break, vocabulary


def box_of_line(segments: Segments) -> dict[int, str]:
    return {line: box.id for box in segments.boxes for line in box.body_lines + box.header_lines}


def not_sentences(segments: Segments) -> set[int]:
    """Lines that are labels, not running text: box headers and axis summaries."""
    lines = {line for box in segments.boxes for line in box.header_lines}
    return lines | {line for summary in segments.summaries for line in summary.lines}


def document_passages(layout: Layout, segments: Segments, known: frozenset[str]) -> list[Passage]:
    """Passages of the whole document: box headers and the headers of other
    blocks stand alone; a panel's or a table's text stays in its block."""
    boxed = box_of_line(segments)
    in_body = {line for box in segments.boxes for line in box.body_lines}
    headers = frozenset(i for b in layout.blocks for i in b.header if i not in in_body)
    enclosed = frozenset(b.id for b in layout.blocks if b.kind in (FRAMED, TABLE))
    return build_passages(layout.lines, boxed, known, enclosed, headers)


def names_or_figures(passage: Passage) -> bool:
    """Passages that print a figure, name a region, or lead in to a list (what
    amounts and region groups read)."""
    return (bool(find_figures(passage.text)) or bool(find_mentions(default_index(), passage.text))
            or passage.text.rstrip().endswith(":"))


def worth_parsing(passage: Passage) -> bool:
    """Those, and the passages that print a number in digits or belong to a box."""
    return passage.box is not None or has_digits(passage.text) or names_or_figures(passage)


def joined(first: Passage, second: Passage, known: frozenset[str]) -> Passage:
    """Two passages as one, each word keeping its place (a box header wrapped over lines)."""
    separator, drop = line_break(first.text, second.text, known)
    text = first.text[:-1] if drop else first.text
    words = [PlacedWord(w.start, min(w.end, len(text)), w.page, w.box) for w in first.words]
    offset = len(text) + len(separator)
    words += [PlacedWord(w.start + offset, w.end + offset, w.page, w.box) for w in second.words]
    return Passage(text=text + separator + second.text, words=words, lines=first.lines + second.lines,
                   within=first.within, box=first.box)


def merge_headers(passages: list[Passage], segments: Segments, known: frozenset[str]) -> list[Passage]:
    """Each box's header lines as one passage: "Pays de la" "Loire" "… en 7" "axes" read whole."""
    header_of = {line: box.id for box in segments.boxes for line in box.header_lines}
    out: list[Passage] = []
    for passage in passages:
        box = header_of.get(passage.lines[0]) if passage.lines else None
        previous = out[-1] if out else None
        if box is not None and previous is not None and previous.lines and header_of.get(previous.lines[0]) == box:
            out[-1] = joined(previous, passage, known)
        else:
            out.append(passage)
    return out


def quantity_context(passage: Passage, boxes: dict[str, Box], contents_page: int | None, headings: set[int],
                     headers: dict[int, str], lead_in) -> Context:
    box = boxes.get(passage.box) if passage.box is not None else None
    is_header = bool(passage.lines) and passage.lines[0] in headers
    return Context(region_code=box.region_code if box else None,
                   heading=bool(passage.lines) and passage.lines[0] in headings,
                   contents=contents_page is not None and passage.page == contents_page,
                   title=box.title if box and is_header else None, lead_in=lead_in)


def run(paths: StagePaths) -> tuple[list[AmountRecord], list[GroupRecord]]:
    """Stage entry point: lines.jsonl + segments.json -> every reading of the text."""
    layout, segments = load_layout(paths), load_segments(paths)
    known = vocabulary(l.text for l in layout.lines)
    passages = [p for p in merge_headers(document_passages(layout, segments, known), segments, known)
                if worth_parsing(p)]
    nlp = with_organisations(french())
    docs = list(nlp.pipe(p.text for p in passages))
    index = default_index()
    boxes = {b.id: b for b in segments.boxes}
    box_regions = {b.id: b.region_code for b in segments.boxes}
    leads = lead_in_of(passages)
    lead_docs = [docs[k] if k is not None else None for k in leads]
    headers = {line: box.id for box in segments.boxes for line in box.header_lines}

    readings = box_readings(segments, passages, docs, lead_docs, headers, nlp)
    amounts = with_box_targets(read_amounts(passages, docs, box_regions, nlp, index), readings)
    grouped = [k for k, p in enumerate(passages) if names_or_figures(p)]
    groups = read_groups([passages[k] for k in grouped], [docs[k] for k in grouped], not_sentences(segments))
    headings = {h.line for h in segments.outline if h.line is not None}
    quantities: list[QuantityRecord] = []
    numbers: list[NumberRecord] = []
    for passage, doc, lead in zip(passages, docs, lead_docs):
        found, dispositions = passage_numbers(passage, doc, nlp, index,
                                              quantity_context(passage, boxes, segments.contents_page, headings,
                                                               headers, lead))
        quantities += found
        numbers += dispositions
    titles = {k: boxes[p.box].title for k, p in enumerate(passages)
              if p.box is not None and p.lines and p.lines[0] in headers}
    organisations = read_organisations(passages, docs, box_regions, titles, index)

    write_jsonl(paths.amounts, (asdict(r) for r in amounts))
    write_jsonl(paths.groups, (asdict(g) for g in groups))
    write_json(paths.mentions, mentioned_regions(docs))
    write_jsonl(paths.quantities, (asdict(q) for q in quantities))
    write_jsonl(paths.numbers, (asdict(n) for n in numbers))
    write_jsonl(paths.targets, (asdict(t) for t in target_records(readings)))
    write_jsonl(paths.organisations, (asdict(o) for o in organisations))
    return amounts, groups


def box_readings(segments: Segments, passages: list[Passage], docs, lead_docs, headers: dict[int, str],
                 nlp) -> dict[str, BoxReading]:
    """Whom each box is for, from its title and its body passages."""
    readings = {}
    for box in segments.boxes:
        body = [k for k, p in enumerate(passages) if p.box == box.id and not (p.lines and p.lines[0] in headers)]
        readings[box.id] = read_box(box.title, [passages[k] for k in body], [docs[k] for k in body],
                               [lead_docs[k] for k in body], nlp)
    return readings


def mentioned_regions(docs) -> dict[str, int]:
    """How often the text names each region: the publication's coverage."""
    counts: dict[str, int] = {}
    for doc in docs:
        for span in doc.spans[REGION_SPANS]:
            counts[span.label_] = counts.get(span.label_, 0) + 1
    return dict(sorted(counts.items()))


def load_amounts(paths: StagePaths) -> list[AmountRecord]:
    return [AmountRecord(**r) for r in read_jsonl(paths.amounts)]


def load_groups(paths: StagePaths) -> list[GroupRecord]:
    return [GroupRecord(**r) for r in read_jsonl(paths.groups)]


def load_mentions(paths: StagePaths) -> dict[str, int]:
    return read_json(paths.mentions)


def load_quantities(paths: StagePaths) -> list[QuantityRecord]:
    return [QuantityRecord(**r) for r in read_jsonl(paths.quantities)]


def load_numbers(paths: StagePaths) -> list[NumberRecord]:
    return [NumberRecord(**r) for r in read_jsonl(paths.numbers)]


def load_targets(paths: StagePaths) -> list[TargetRecord]:
    return [TargetRecord(**r) for r in read_jsonl(paths.targets)]


def load_organisations(paths: StagePaths) -> list[OrgMention]:
    return [OrgMention(**r) for r in read_jsonl(paths.organisations)]
