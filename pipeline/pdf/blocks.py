"""The block model: every printed word of a page belongs to exactly one block.

A block is what a reader sees as one unit of the page: running text, a
framed block (a drawn frame, a tint, a rule on one side), a styled block
(set apart by type and indentation alone), a table with its cells, or page
furniture (running headers, page numbers). Blocks are built by the layout
stage and written to ``blocks.json`` beside ``lines.jsonl``; segmentation
reads blocks, not "whatever sits next in reading order".

A block cut by a page or column break is one block per fragment, linked:
``continues`` names the fragment before, ``continued_by`` the one after.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from pipeline.core.artefacts import read_json, write_json
from pipeline.core.paths import StagePaths

TEXT, FRAMED, STYLED, TABLE, FURNITURE = "text", "framed", "styled", "table", "furniture"
KINDS = (TEXT, FRAMED, STYLED, TABLE, FURNITURE)


@dataclass(frozen=True)
class Part:
    """Where a block is printed on one page, PDF points, origin top-left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Cell:
    """One cell of a table block: its row, its column, the lines it holds."""

    row: int
    column: int
    lines: list[int]


@dataclass
class Block:
    """One block of the page, with the evidence that makes it one.

    ``evidence`` says what set it apart: ``flow`` (running text), ``tint``,
    ``frame``, ``open-frame``, ``side-rule``, ``type`` (typography alone),
    ``grid`` (a ruled table), ``aligned-text`` (a borderless table), or
    ``repeated`` (furniture). ``lines`` are ids into ``lines.jsonl`` in
    reading order; ``header`` is the subset printed as the block's header
    (a band, or leading display type). Furniture has no lines: its words
    are kept in ``words`` as [text, x0, top, x1, bottom].
    """

    id: str
    kind: str
    evidence: str
    parts: list[Part]
    lines: list[int] = field(default_factory=list)
    header: list[int] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    continues: str | None = None
    continued_by: str | None = None
    open_top: bool = False     # drawn open at its top (a frame cut by a break)
    open_bottom: bool = False  # drawn open at its bottom
    banded: bool = False       # its header is printed in a band of its own
    words: list[list] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.parts[0].page

    @property
    def rows(self) -> int:
        return 1 + max((c.row for c in self.cells), default=-1)

    @property
    def columns(self) -> int:
        return 1 + max((c.column for c in self.cells), default=-1)


def block_id(number: int) -> str:
    """A block's id from its rank in the document.

    >>> block_id(7)
    'b0007'
    """
    return f"b{number:04d}"


def chain(blocks: dict[str, Block], first: Block) -> list[Block]:
    """A block and the fragments that continue it, in order."""
    fragments = [first]
    while fragments[-1].continued_by is not None and len(fragments) <= len(blocks):
        fragments.append(blocks[fragments[-1].continued_by])
    return fragments


def write_blocks(path, blocks: Iterable[Block]) -> None:
    write_json(path, [asdict(b) for b in blocks])


def load_blocks(paths: StagePaths) -> list[Block]:
    return [block_from_dict(raw) for raw in read_json(paths.blocks)]


def block_from_dict(raw: dict) -> Block:
    return Block(**{**raw, "parts": [Part(**p) for p in raw["parts"]],
                    "cells": [Cell(**c) for c in raw["cells"]]})
