"""Stage: the French text read once by spaCy -> amounts and region groups.

Builds passages (paragraphs and list items) from the lines, parses those
that print a figure or name a region in one ``nlp.pipe`` batch, and writes
``amounts.jsonl`` and ``groups.jsonl``. spaCy is loaded once per process.
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
from .passages import Passage, build_passages
from .paths import StagePaths
from .regions import default_index, find_mentions
from .segment import Segments, load_segments
from .text import vocabulary


def box_of_line(segments: Segments) -> dict[int, str]:
    return {line: box.id for box in segments.boxes for line in box.body_lines + box.header_lines}


def not_sentences(segments: Segments) -> set[int]:
    """Lines that are labels, not running text: box headers and axis summaries."""
    lines = {line for box in segments.boxes for line in box.header_lines}
    return lines | {line for summary in segments.summaries for line in summary.lines}


def document_passages(layout: Layout, segments: Segments) -> list[Passage]:
    """Passages of the whole document: box headers and the headers of other
    blocks stand alone; a panel's or a table's text stays in its block."""
    boxed = box_of_line(segments)
    in_body = {line for box in segments.boxes for line in box.body_lines}
    headers = frozenset(i for b in layout.blocks for i in b.header if i not in in_body)
    enclosed = frozenset(b.id for b in layout.blocks if b.kind in (FRAMED, TABLE))
    return build_passages(layout.lines, boxed, vocabulary(l.text for l in layout.lines), enclosed, headers)


def worth_parsing(passage: Passage) -> bool:
    """Passages that print a figure, name a region, or lead in to a list."""
    return (bool(find_figures(passage.text)) or bool(find_mentions(default_index(), passage.text))
            or passage.text.rstrip().endswith(":"))


def run(paths: StagePaths) -> tuple[list[AmountRecord], list[GroupRecord]]:
    """Stage entry point: lines.jsonl + segments.json -> amounts.jsonl, groups.jsonl."""
    layout, segments = load_layout(paths), load_segments(paths)
    passages = [p for p in document_passages(layout, segments) if worth_parsing(p)]
    nlp = french()
    docs = list(nlp.pipe(p.text for p in passages))
    amounts = read_amounts(passages, docs, {b.id: b.region_code for b in segments.boxes}, nlp, default_index())
    groups = read_groups(passages, docs, not_sentences(segments))
    write_jsonl(paths.amounts, (asdict(r) for r in amounts))
    write_jsonl(paths.groups, (asdict(g) for g in groups))
    write_json(paths.mentions, mentioned_regions(docs))
    return amounts, groups


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
