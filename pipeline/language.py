"""Stage: the French text read once by spaCy -> amounts and region groups.

Builds passages (paragraphs and list items) from the lines, parses those
that print a figure or name a region in one ``nlp.pipe`` batch, and writes
``amounts.jsonl`` and ``groups.jsonl``. spaCy is loaded once per process.

A long document is read in windows of lines that end where no passage (and
no lead-in with its list) can run on, so that memory stays bounded whatever
the page count; an ordinary document, the publication included, is one
window.
"""
from __future__ import annotations

import gc
from collections import Counter
from dataclasses import asdict
from typing import Iterable, Iterator

from .amounts import AmountRecord, read_amounts
from .artefacts import read_json, read_jsonl, write_json, write_jsonl
from .figures import find_figures
from .groups import GroupRecord, read_groups
from .layout import BULLET, Line
from .meaning import cue_matcher
from .nlp import REGION_SPANS, french
from .passages import CLOSED, Passage, build_passages
from .paths import StagePaths
from .regions import default_index, find_mentions
from .segment import Segments, load_segments
from .text import vocabulary

# Passages spaCy parses together: its default batch (1 000) pads them into
# arrays that keep ~300 MB in the allocator on a long document; small batches
# reuse the same memory and give the same parses.
PARSE_BATCH = 32
# Characters of text read at a time: a window ends at the first passage break
# past this many (the publication, about 60 000, is one window) ...
WINDOW_CHARS = 200_000
# ... or, if it finds none (a text without paragraphs), at the first page
# break past this many, so that no window grows beyond spaCy's reach.
MAX_WINDOW_CHARS = 600_000


def box_of_line(segments: Segments) -> dict[int, int]:
    return {line: i for i, box in enumerate(segments.boxes) for line in box.body_lines + box.header_lines}


def not_sentences(segments: Segments) -> set[int]:
    """Lines that are labels, not running text: box headers and axis summaries."""
    lines = {line for box in segments.boxes for line in box.header_lines}
    return lines | {item.line for summary in segments.summaries for item in summary.interventions}


def worth_parsing(passage: Passage) -> bool:
    """Passages that print a figure, name a region, or lead in to a list."""
    return (bool(find_figures(passage.text)) or bool(find_mentions(default_index(), passage.text))
            or passage.text.rstrip().endswith(":"))


def passage_break(previous: Line, line: Line) -> bool:
    """No passage can run on from ``previous`` into ``line`` (``build_passages``
    joins a new paragraph only to an unclosed one), and ``line`` is not a list
    item that a lead-in (":") above it may introduce.

    >>> end = Line(0, 1, "Fin.", 0, 0, 1, 1, 9, False, 0, None, False, True, [])
    >>> item = Line(1, 1, "• une aide", 0, 0, 1, 1, 9, False, 0, None, False, True, [])
    >>> passage_break(end, end), passage_break(end, item), passage_break(Line(**{**end.__dict__, "text": "et"}), end)
    (True, False, False)
    """
    if previous.text.rstrip().endswith(":") or BULLET.match(line.text + " "):
        return False
    return line.header or (line.paragraph_start and bool(CLOSED.search(previous.text)))


def windows(lines: Iterable[Line]) -> Iterator[list[Line]]:
    """The lines in consecutive windows that no passage crosses (see the module's docstring)."""
    window: list[Line] = []
    chars = 0
    for line in lines:
        if window and ((chars >= WINDOW_CHARS and passage_break(window[-1], line))
                       or (chars >= MAX_WINDOW_CHARS and line.page != window[-1].page)):
            yield window
            window, chars = [], 0
        window.append(line)
        chars += len(line.text) + 1
    if window:
        yield window


def stream_lines(paths: StagePaths) -> Iterator[Line]:
    return (Line(**record) for record in read_jsonl(paths.lines))


def run(paths: StagePaths) -> tuple[list[AmountRecord], list[GroupRecord]]:
    """Stage entry point: lines.jsonl + segments.json -> amounts.jsonl, groups.jsonl."""
    segments = load_segments(paths)
    known = vocabulary(record["text"] for record in read_jsonl(paths.lines))
    boxes, skip, box_regions = box_of_line(segments), not_sentences(segments), [b.region_code for b in segments.boxes]
    nlp, index = french(), default_index()
    amounts: list[AmountRecord] = []
    groups: list[GroupRecord] = []
    mentioned: Counter[str] = Counter()
    for window in windows(stream_lines(paths)):
        passages = [p for p in build_passages(window, boxes, known) if worth_parsing(p)]
        docs = list(nlp.pipe((p.text for p in passages), batch_size=PARSE_BATCH))
        amounts += read_amounts(passages, docs, box_regions, nlp, index)
        groups += read_groups(passages, docs, skip)
        mentioned.update(mentioned_regions(docs))
    write_jsonl(paths.amounts, (asdict(r) for r in amounts))
    write_jsonl(paths.groups, (asdict(g) for g in groups))
    write_json(paths.mentions, dict(sorted(mentioned.items())))
    return amounts, groups


def release_model() -> None:
    """Drop spaCy's pipeline and what is built on it (the next ``french()``
    loads it again), giving its memory back to the stages after this one."""
    cue_matcher.cache_clear()
    french.cache_clear()
    gc.collect()


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
