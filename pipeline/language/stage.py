"""Stage: the French text read once by spaCy -> amounts, quantities, groups, targets, organisations.

Builds passages (paragraphs and list items) from the lines, parses in one
``nlp.pipe`` batch those that print a figure or a number in digits, name a
region, lead in to a list, or belong to a box, and writes ``amounts.jsonl``,
``groups.jsonl``, ``quantities.jsonl``, ``numbers.jsonl`` (what became of
every number printed in digits), ``targets.jsonl`` and
``organisations.jsonl``. spaCy is loaded once per process.

A long document is read in windows of passages that end where no box, and
no lead-in with its list, runs on, so that memory stays bounded whatever the
page count; an ordinary document, the publication included, is one window.
"""
from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from pipeline.core.artefacts import read_json, read_jsonl, write_json, write_jsonl
from pipeline.core.paths import StagePaths
from pipeline.core.text import is_list_item, line_break, vocabulary
from pipeline.language import meaning, quantities, targets
from pipeline.language.amounts import AmountRecord, read_amounts
from pipeline.language.figures import find_figures
from pipeline.language.groups import GroupRecord, read_groups
from pipeline.language.nlp import REGION_SPANS, french
from pipeline.language.organisations import (
    Evidence,
    OrgMention,
    Pending,
    merge_evidence,
    pending_organisations,
    settle,
    with_organisations,
)
from pipeline.language.quantities import (
    Context,
    NumberRecord,
    QuantityRecord,
    has_digits,
    passage_numbers,
)
from pipeline.language.targets import (
    BoxReading,
    TargetRecord,
    lead_in_of,
    read_box,
    target_records,
    with_box_targets,
)
from pipeline.pdf.blocks import FRAMED, TABLE, Block, load_blocks
from pipeline.pdf.layout import Line
from pipeline.structure.passages import Passage, PlacedWord, leaf_lefts, passages_of
from pipeline.structure.regions import default_index, find_mentions
from pipeline.structure.segment import Box, Segments, load_segments

# Passages spaCy parses together: its default batch (1 000) pads them into
# arrays that keep ~300 MB in the allocator on a long document; small batches
# reuse the same memory and give the same parses.
PARSE_BATCH = 32
# Characters of text read at a time: a window ends at the first break between
# boxes past this many (the publication, about 60 000, is one window) ...
WINDOW_CHARS = 200_000
# ... or, if it finds none, at the first passage past this many.
MAX_WINDOW_CHARS = 600_000


def box_of_line(segments: Segments) -> dict[int, str]:
    return {line: box.id for box in segments.boxes for line in box.body_lines + box.header_lines}


def not_sentences(segments: Segments) -> set[int]:
    """Lines that are labels, not running text: box headers and axis summaries."""
    lines = {line for box in segments.boxes for line in box.header_lines}
    return lines | {line for summary in segments.summaries for line in summary.lines}


def document_passages(lines: Iterable[Line], blocks: list[Block], segments: Segments, known: frozenset[str],
                      lefts: dict[int, float]) -> Iterator[Passage]:
    """Passages of the whole document as the lines stream by: box headers and
    the headers of other blocks stand alone; a panel's or a table's text stays
    in its block."""
    in_body = {line for box in segments.boxes for line in box.body_lines}
    headers = frozenset(i for b in blocks for i in b.header if i not in in_body)
    enclosed = frozenset(b.id for b in blocks if b.kind in (FRAMED, TABLE))
    return passages_of(lines, box_of_line(segments), known, enclosed, headers, lefts)


def reading_passages(lines: Callable[[], Iterable[Line]], blocks: list[Block],
                     segments: Segments) -> Iterator[Passage]:
    """Every passage of the document as this stage reads it, headers merged.
    ``lines`` gives the lines in reading order each time it is called (three
    passes: vocabulary, leaf edges, passages), so they can stream from disk."""
    known = vocabulary(line.text for line in lines())
    lefts = leaf_lefts(lines())
    return merge_headers(document_passages(lines(), blocks, segments, known, lefts), segments, known)


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


def merge_headers(passages: Iterable[Passage], segments: Segments, known: frozenset[str]) -> Iterator[Passage]:
    """Each box's header lines as one passage: "Pays de la" "Loire" "… en 7" "axes" read whole."""
    header_of = {line: box.id for box in segments.boxes for line in box.header_lines}
    held: Passage | None = None
    for passage in passages:
        box = header_of.get(passage.lines[0]) if passage.lines else None
        if box is not None and held is not None and held.lines and header_of.get(held.lines[0]) == box:
            held = joined(held, passage, known)
            continue
        if held is not None:
            yield held
        held = passage
    if held is not None:
        yield held


def quantity_context(passage: Passage, boxes: dict[str, Box], contents_page: int | None, headings: set[int],
                     headers: dict[int, str], lead_in) -> Context:
    box = boxes.get(passage.box) if passage.box is not None else None
    is_header = bool(passage.lines) and passage.lines[0] in headers
    return Context(region_code=box.region_code if box else None,
                   heading=bool(passage.lines) and passage.lines[0] in headings,
                   contents=contents_page is not None and passage.page == contents_page,
                   title=box.title if box and is_header else None, lead_in=lead_in)


@dataclass
class Readings:
    """Everything the language stage reads, gathered window by window."""

    amounts: list[AmountRecord] = field(default_factory=list)
    groups: list[GroupRecord] = field(default_factory=list)
    quantities: list[QuantityRecord] = field(default_factory=list)
    numbers: list[NumberRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    organisations: list[Pending] = field(default_factory=list)
    evidence: dict[str, Evidence] = field(default_factory=dict)  # what the document says of unknown names
    mentioned: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Document:
    """What the readers need to know of the document besides a window's text."""

    segments: Segments
    boxes: dict[str, Box]
    box_regions: dict[str, str]
    headers: dict[int, str]
    headings: set[int]
    not_sentences: set[int]


def stream_lines(paths: StagePaths) -> Iterator[Line]:
    return (Line(**record) for record in read_jsonl(paths.lines))


def windows(passages: Iterable[Passage]) -> Iterator[list[Passage]]:
    """The passages in consecutive windows that no box and no lead-in with its
    list crosses (see the module's docstring)."""
    window: list[Passage] = []
    chars = 0
    for passage in passages:
        if window and ((chars >= WINDOW_CHARS and window_break(window[-1], passage))
                       or chars >= MAX_WINDOW_CHARS):
            yield window
            window, chars = [], 0
        window.append(passage)
        chars += len(passage.text) + 1
    if window:
        yield window


def window_break(previous: Passage, passage: Passage) -> bool:
    """A window may end between these passages: not inside a box, not after a
    lead-in, not before a list item (its lead-in may be above it)."""
    return ((previous.box is None or previous.box != passage.box) and not previous.text.rstrip().endswith(":")
            and not is_list_item(passage.text))


def read_window(passages: list[Passage], document: Document, nlp, found: Readings) -> None:
    """Parse one window's passages and add what they say to ``found``."""
    docs = list(nlp.pipe((p.text for p in passages), batch_size=PARSE_BATCH))
    index = default_index()
    leads = lead_in_of(passages)
    lead_docs = [docs[k] if k is not None else None for k in leads]
    readings = box_readings(document.segments, passages, docs, lead_docs, document.headers, nlp)
    found.amounts += with_box_targets(read_amounts(passages, docs, document.box_regions, nlp, index), readings)
    grouped = [k for k, p in enumerate(passages) if names_or_figures(p)]
    found.groups += read_groups([passages[k] for k in grouped], [docs[k] for k in grouped], document.not_sentences)
    for passage, doc, lead in zip(passages, docs, lead_docs, strict=True):
        quantities, dispositions = passage_numbers(
            passage, doc, nlp, index, quantity_context(passage, document.boxes, document.segments.contents_page,
                                                       document.headings, document.headers, lead))
        found.quantities += quantities
        found.numbers += dispositions
    titles = {k: document.boxes[p.box].title for k, p in enumerate(passages)
              if p.box is not None and p.lines and p.lines[0] in document.headers}
    pending, evidence = pending_organisations(passages, docs, document.box_regions, titles, index)
    found.organisations += pending
    merge_evidence(found.evidence, evidence)
    found.targets += target_records(readings)
    found.mentioned.update(mentioned_regions(docs))


def run(paths: StagePaths) -> tuple[list[AmountRecord], list[GroupRecord]]:
    """Stage entry point: lines.jsonl + segments.json -> every reading of the text."""
    segments, blocks = load_segments(paths), load_blocks(paths)
    passages = (p for p in reading_passages(lambda: stream_lines(paths), blocks, segments) if worth_parsing(p))
    document = Document(segments, {b.id: b for b in segments.boxes}, {b.id: b.region_code for b in segments.boxes},
                        {line: box.id for box in segments.boxes for line in box.header_lines},
                        {h.line for h in segments.outline if h.line is not None}, not_sentences(segments))
    nlp = with_organisations(french())
    found = Readings()
    for window in windows(passages):
        read_window(window, document, nlp, found)
    write_jsonl(paths.amounts, (asdict(r) for r in found.amounts))
    write_jsonl(paths.groups, (asdict(g) for g in found.groups))
    write_json(paths.mentions, dict(sorted(found.mentioned.items())))
    write_jsonl(paths.quantities, (asdict(q) for q in found.quantities))
    write_jsonl(paths.numbers, (asdict(n) for n in found.numbers))
    write_jsonl(paths.targets, (asdict(t) for t in found.targets))
    write_jsonl(paths.organisations, (asdict(o) for o in settle(found.organisations, found.evidence)))
    return found.amounts, found.groups


def release_model() -> None:
    """Drop spaCy's pipeline and what is built on it (the next ``french()``
    loads it again), giving its memory back to the stages after this one."""
    # Every matcher cached per pipeline holds its vocab, hence the whole model.
    for cached in (meaning.cue_matcher, quantities.cue_matcher, targets.for_matcher, french):
        cached.cache_clear()
    gc.collect()


def box_readings(segments: Segments, passages: list[Passage], docs, lead_docs, headers: dict[int, str],
                 nlp) -> dict[str, BoxReading]:
    """Whom each box is for, from its title and its body passages."""
    readings = {}
    present = {p.box for p in passages}
    for box in (b for b in segments.boxes if b.id in present):
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
