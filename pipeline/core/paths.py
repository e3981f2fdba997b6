"""Every path the project uses, derived from the project root."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "raw"
INTERIM = ROOT / "interim"
OUTPUT = ROOT / "output"
DEFAULT_PDF = RAW / "panorama-iae-regions-2014.pdf"
REGIONS_CSV = ROOT / "schemas" / "regions_2014.csv"
ORGANISATIONS_CSV = ROOT / "schemas" / "organisations_iae.csv"
TERMS_CSV = ROOT / "schemas" / "iae_terms.csv"
README = ROOT / "README.md"


@dataclass(frozen=True)
class StagePaths:
    """Where one document's interim artefacts live.

    >>> StagePaths.for_pdf(Path("raw/a.pdf")).words.name
    'words.jsonl'
    """

    folder: Path

    @classmethod
    def for_pdf(cls, pdf: Path, interim_root: Path = INTERIM) -> StagePaths:
        return cls(interim_root / Path(pdf).stem)

    @property
    def source(self) -> Path:
        """The input file's name, SHA-256 and size (``provenance.record_source``)."""
        return self.folder / "source.json"

    @property
    def words(self) -> Path:
        return self.folder / "words.jsonl"

    @property
    def shapes(self) -> Path:
        return self.folder / "shapes.jsonl"

    @property
    def pages(self) -> Path:
        return self.folder / "pages.json"

    @property
    def lines(self) -> Path:
        return self.folder / "lines.jsonl"

    @property
    def blocks(self) -> Path:
        return self.folder / "blocks.json"

    @property
    def text(self) -> Path:
        return self.folder / "text.txt"

    @property
    def segments(self) -> Path:
        return self.folder / "segments.json"

    @property
    def amounts(self) -> Path:
        return self.folder / "amounts.jsonl"

    @property
    def groups(self) -> Path:
        return self.folder / "groups.jsonl"

    @property
    def mentions(self) -> Path:
        return self.folder / "mentions.json"

    @property
    def quantities(self) -> Path:
        return self.folder / "quantities.jsonl"

    @property
    def numbers(self) -> Path:
        return self.folder / "numbers.jsonl"

    @property
    def targets(self) -> Path:
        return self.folder / "targets.jsonl"

    @property
    def organisations(self) -> Path:
        return self.folder / "organisations.jsonl"
