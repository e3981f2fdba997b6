"""The regions of 2014 and how printed names resolve to their INSEE codes.

Printed spellings vary in case, accents, hyphens and spaces ("Ile-De-France",
"Ile-de France", "Rhône Alpes"), drop the article ("Réunion"), use an
abbreviation ("PACA", "NPC") or repeat a word by typo ("Ile-de-de-France").
All of these reduce to one comparison key; anything else is unresolved and
reported, never guessed.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.core.paths import REGIONS_CSV
from pipeline.core.text import folded

# Runs of anything that is not a letter or digit: hyphens, apostrophes, spaces.
SEPARATORS = re.compile(r"[^0-9a-z]+")
# Articles and the word "région" that may precede a name: "La Réunion", "la Région PACA".
LEADING_WORDS = {"la", "le", "l", "region"}
# Separators of a printed list of names: "Aquitaine, Bretagne et Corse".
LIST_SEPARATOR = re.compile(r"\s*(?:,|;|\bet\b)\s*")
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    code_2016: str
    name_2016: str
    abbreviations: tuple[str, ...]


def name_key(text: str) -> str:
    """Comparison key of a printed region name.

    >>> name_key("Ile-de-de-France") == name_key("Île-de-France") == name_key("ILE DE FRANCE")
    True
    >>> name_key("La Réunion")
    'reunion'
    """
    tokens = [t for t in SEPARATORS.split(folded(text)) if t]
    while tokens and tokens[0] in LEADING_WORDS:
        tokens = tokens[1:]
    collapsed = [t for i, t in enumerate(tokens) if i == 0 or t != tokens[i - 1]]
    return " ".join(collapsed)


def load_regions(path: Path = REGIONS_CSV) -> list[Region]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Region(row["region_code"], row["region_name"], row["region_code_2016"], row["region_name_2016"],
                       tuple(a for a in row["abbreviations"].split("|") if a))
                for row in csv.DictReader(handle)]


class RegionIndex:
    """Resolve printed names to regions.

    >>> index = RegionIndex(load_regions())
    >>> index.resolve("Nord Pas de Calais").code, index.resolve("PACA").code
    ('31', '93')
    >>> index.resolve("Haute-Corse") is None
    True
    """

    def __init__(self, regions: list[Region]) -> None:
        self.regions = regions
        self._by_key: dict[str, Region] = {}
        for region in regions:
            for spelling in (region.name, *region.abbreviations):
                self._by_key[name_key(spelling)] = region

    def resolve(self, text: str) -> Region | None:
        """The region a whole printed name designates, or None."""
        return self._by_key.get(name_key(text)) if text.strip() else None

    def resolve_list(self, text: str) -> list[Region] | None:
        """Regions of a printed list ("Aquitaine, Bretagne et Corse"), or None
        when any item is not a region name."""
        items = [item for item in LIST_SEPARATOR.split(text.strip().rstrip(".;:")) if item]
        regions = [region for item in items if (region := self.resolve(item)) is not None]
        return regions if items and len(regions) == len(items) else None

    def resolve_prefix(self, text: str) -> tuple[Region, str] | None:
        """The longest leading run of words naming a region, and the rest.

        >>> RegionIndex(load_regions()).resolve_prefix("Ile-De-France Aide Régionale")[1]
        'Aide Régionale'
        """
        words = text.split()
        for n in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
            region = self.resolve(" ".join(words[:n]))
            if region is not None:
                return region, " ".join(words[n:])
        return None


@lru_cache(maxsize=1)
def default_index() -> RegionIndex:
    return RegionIndex(load_regions())


# A printed word for mention scanning: letters with inner hyphens or apostrophes
# ("Poitou-Charentes", "d’Azur"); a hyphenated place like "Haute-Corse" stays whole.
MENTION_WORD = re.compile(r"[^\W\d_]+(?:[-‐’'][^\W\d_]+)*")
# A complement after a one-word name means a common noun ("Centre de ressources").
COMPLEMENT = re.compile(r"^\s+(?:de|d[’']|des|du)\b")


def find_mentions(index: RegionIndex, text: str) -> list[tuple[int, int, Region]]:
    """(start, end, region) for each region named in running text, longest names first.

    >>> [(text[s:e], r.code) for text in ["en Poitou-Charentes et en Haute-Corse, Centre de ressources"]
    ...  for s, e, r in find_mentions(RegionIndex(load_regions()), text)]
    [('Poitou-Charentes', '54')]
    """
    words = list(MENTION_WORD.finditer(text))
    found, i = [], 0
    while i < len(words):
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            start, end = words[i].start(), words[i + n - 1].end()
            region = index.resolve(text[start:end]) if text[start].isupper() else None
            if region is not None and not (n == 1 and COMPLEMENT.match(text[end:])):
                found.append((start, end, region))
                i += n
                break
        else:
            i += 1
    return found
