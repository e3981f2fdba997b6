"""The publication as structured data, parsed from ``publication.txt``.

The markup is documented at the top of ``publication.txt``. ``load()`` gives
a ``Publication``: a list of blocks in reading order, each a dataclass below.
Renderers lay the blocks out; tests compare ``Publication.words()`` with the
words a rendering prints.

>>> pub = load()
>>> len(pub.boxes), len(pub.summaries)
(18, 3)
>>> pub.boxes[0].region, pub.boxes[0].title
('PACA', 'Un dispositif régional d’appui aux SIAE en 6 axes')
>>> spans("**Pour les ACI** , l’aide")
[Span(text='Pour les ACI', bold=True), Span(text=' , l’aide', bold=False)]
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SOURCE = Path(__file__).with_name("publication.txt")
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool


def spans(text: str) -> list[Span]:
    """The runs of ``text``, bold where it is marked ``**…**``."""
    out, pos = [], 0
    for m in BOLD.finditer(text):
        if m.start() > pos:
            out.append(Span(text[pos:m.start()], False))
        out.append(Span(m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append(Span(text[pos:], False))
    return out


def plain(text: str) -> str:
    """``text`` without its bold marks."""
    return BOLD.sub(r"\1", text)


# Flow elements ---------------------------------------------------------------

@dataclass
class Paragraph:
    text: str           # with **bold** marks
    level: int = 0      # indentation: the list level it hangs under
    page: int = 0

    def strings(self) -> list[str]:
        return [plain(self.text)]


@dataclass
class Item:
    text: str
    level: int          # nesting level, 1 or 2
    bullet: str         # as printed: "•", "-", "o", "‐"
    page: int = 0

    def strings(self) -> list[str]:
        return [self.bullet, plain(self.text)]


@dataclass
class Lead:
    """A bold lead-in sub-heading inside a box body."""
    text: str
    page: int = 0

    def strings(self) -> list[str]:
        return [plain(self.text)]


@dataclass
class Title:
    text: str
    page: int = 0

    def strings(self) -> list[str]:
        return [self.text]


@dataclass
class Part:
    label: str          # "PARTIE 1"
    title: str
    page: int = 0

    def strings(self) -> list[str]:
        return [self.label, self.title]


@dataclass
class Axis:
    title: str
    badge: str          # "8 RÉGIONS"
    page: int = 0

    def strings(self) -> list[str]:
        return [self.title, self.badge]


@dataclass
class Section:
    number: str
    title: str
    page: int = 0

    def strings(self) -> list[str]:
        return [self.number, self.title]


@dataclass
class Heading:
    text: str
    page: int = 0

    def strings(self) -> list[str]:
        return [self.text]


@dataclass
class Sub:
    text: str
    level: int = 0          # > 0: set as a list item of that level
    bullet: str | None = None
    page: int = 0

    def strings(self) -> list[str]:
        return ([self.bullet] if self.bullet else []) + [self.text]


# Containers --------------------------------------------------------------------

@dataclass
class Entry:
    level: int          # 1 introduction/part/conclusion, 2 axis, 3 section
    label: str          # "Partie 1", "Axe 2" or ""
    title: str
    page: str           # the page number as printed

    @property
    def text(self) -> str:
        return f"{self.label} : {self.title}" if self.label else self.title


@dataclass
class Contents:
    title: str
    entries: list[Entry] = field(default_factory=list)
    page: int = 0

    def strings(self) -> list[str]:
        out = [self.title]
        for e in self.entries:
            out += [e.text, e.page]
        return out


BodyItem = Paragraph | Item | Lead


@dataclass
class Box:
    region: str
    title: str
    body: list[BodyItem] = field(default_factory=list)
    page: int = 0

    def strings(self) -> list[str]:
        return [self.region, self.title] + [s for b in self.body for s in b.strings()]


@dataclass
class SummaryType:
    label: str
    regions: list[str] = field(default_factory=list)


@dataclass
class Summary:
    types: list[SummaryType] = field(default_factory=list)
    page: int = 0

    def strings(self) -> list[str]:
        return [s for t in self.types for s in [t.label, *t.regions]]


@dataclass
class Panel:
    kind: str           # methodology, legal, links, about
    title: str = ""
    body: list[BodyItem] = field(default_factory=list)
    page: int = 0

    def strings(self) -> list[str]:
        return ([self.title] if self.title else []) + [s for b in self.body for s in b.strings()]


@dataclass
class CoverLine:
    role: str           # date, kicker, display, subtitle, note
    text: str

    def strings(self) -> list[str]:
        return [self.text]


@dataclass
class Cover:
    kind: str           # front or back
    parts: list[CoverLine | Item | Paragraph | Panel] = field(default_factory=list)
    page: int = 0

    def strings(self) -> list[str]:
        return [s for p in self.parts for s in p.strings()]


Block = Title | Part | Axis | Section | Heading | Sub | Paragraph | Item | Contents | Box | Summary | Panel | Cover


@dataclass
class Publication:
    blocks: list[Block]

    @property
    def boxes(self) -> list[Box]:
        return [b for b in self.blocks if isinstance(b, Box)]

    @property
    def summaries(self) -> list[Summary]:
        return [b for b in self.blocks if isinstance(b, Summary)]

    def strings(self) -> Iterator[str]:
        for block in self.blocks:
            yield from block.strings()

    def words(self) -> list[str]:
        """Every printed word, in reading order (whitespace tokens)."""
        return [w for s in self.strings() for w in s.split()]


# Parser ----------------------------------------------------------------------------

class SourceError(ValueError):
    pass


CONTAINERS = {"COVER", "BACKCOVER", "CONTENTS", "BOX", "SUMMARY", "PANEL"}
CHILDREN = {
    "COVER": {"DATE", "KICKER", "DISPLAY", "SUBTITLE", "NOTE", "LI", "P", "PANEL"},
    "BACKCOVER": {"DATE", "KICKER", "DISPLAY", "SUBTITLE", "NOTE", "LI", "P", "PANEL"},
    "CONTENTS": {"ENTRY"},
    "BOX": {"P", "LI", "LEAD"},
    "SUMMARY": {"TYPE", "R"},
    "PANEL": {"P", "LI"},
}


def fields(text: str, n: int, where: str) -> list[str]:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) != n:
        raise SourceError(f"{where}: expected {n} fields separated by '|', got {len(parts)}")
    return parts


def parse(text: str) -> Publication:
    blocks: list[Block] = []
    stack: list[tuple[str, object]] = []
    page = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"publication.txt:{number}"
        head, _, rest = line.partition(" ")
        tag, *args = head.split(":")
        rest = rest.strip()
        parent = stack[-1] if stack else None
        if parent and tag != "END" and tag not in CHILDREN[parent[0]]:
            raise SourceError(f"{where}: {tag} not allowed in {parent[0]}")

        def emit(block, parent=parent, where=where, tag=tag):  # this line's, bound now
            if parent is None:
                blocks.append(block)
            elif isinstance(parent[1], (Box, Panel)):
                parent[1].body.append(block)
            elif isinstance(parent[1], Cover):
                parent[1].parts.append(block)
            else:
                raise SourceError(f"{where}: {tag} not allowed here")

        if tag == "PAGE":
            page = int(args[0])
        elif tag == "END":
            if not stack:
                raise SourceError(f"{where}: END without a container")
            kind, obj = stack.pop()
            if stack:
                outer = stack[-1][1]
                (outer.parts if isinstance(outer, Cover) else outer.body).append(obj)
            else:
                blocks.append(obj)
        elif tag in CONTAINERS:
            if tag in ("COVER", "BACKCOVER"):
                obj = Cover("front" if tag == "COVER" else "back", page=page)
            elif tag == "CONTENTS":
                obj = Contents(rest, page=page)
            elif tag == "BOX":
                obj = Box(*fields(rest, 2, where), page=page)
            elif tag == "SUMMARY":
                obj = Summary(page=page)
            else:
                obj = Panel(args[0] if args else "", rest, page=page)
            stack.append((tag, obj))
        elif tag == "ENTRY":
            label, title, printed = fields(rest, 3, where)
            parent[1].entries.append(Entry(int(args[0]), label, title, printed))
        elif tag == "TYPE":
            parent[1].types.append(SummaryType(rest))
        elif tag == "R":
            parent[1].types[-1].regions.append(rest)
        elif tag in ("DATE", "KICKER", "DISPLAY", "SUBTITLE", "NOTE"):
            emit(CoverLine(tag.lower(), rest))
        elif tag == "TITLE":
            emit(Title(rest, page))
        elif tag == "PART":
            emit(Part(*fields(rest, 2, where), page=page))
        elif tag == "AXIS":
            emit(Axis(*fields(rest, 2, where), page=page))
        elif tag == "SECTION":
            emit(Section(*fields(rest, 2, where), page=page))
        elif tag == "HEADING":
            emit(Heading(rest, page))
        elif tag == "SUB":
            emit(Sub(rest, int(args[0]), args[1], page) if args else Sub(rest, page=page))
        elif tag == "P":
            emit(Paragraph(rest, int(args[0]) if args else 0, page))
        elif tag == "LI":
            if len(args) != 2:
                raise SourceError(f"{where}: LI needs LI:level:bullet")
            emit(Item(rest, int(args[0]), args[1], page))
        elif tag == "LEAD":
            emit(Lead(rest, page))
        else:
            raise SourceError(f"{where}: unknown tag {tag!r}")
    if stack:
        raise SourceError(f"publication.txt: {stack[-1][0]} is never closed")
    return Publication(blocks)


@lru_cache(maxsize=1)
def load(path: Path = SOURCE) -> Publication:
    return parse(Path(path).read_text(encoding="utf-8"))
