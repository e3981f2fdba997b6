"""Which structure types each box's measure is for, read from the whole box.

A type (ACI, AI, EI, ETTI, GEIQ, RQ, named by acronym or in words, as
``pipeline/meaning.py`` reads them) is a target of the box when the box
title names it, or when the body names it in a *for* construction:

- a for-cue a few words before it: "Pour les ACI", "s'adresse aux ACI",
  "spécifique aux chantiers d'insertion", "Aide au démarrage des GEIQ",
  "destinée aux salariés en entreprises d'insertion";
- "aux X" or "pour les X" in a clause (or a list item whose lead-in) holds a
  for-cue: "le dispositif bénéficie particulièrement aux GEIQ (…), puis aux EI";
  an item that opens with the type under such a lead-in ("Sont concernés : • les ACI");
- a for-cue among its syntactic ancestors, up to the first verb: "pourra concerner les salariés
  permanents des Groupements d'Employeurs, Régies de Territoire et Régies de
  Quartier";
- or it is listed with such a type ("Pour les EI, AI, ETTI, GEIQ").

A type right after an exception word ("sauf ACI", "hors EI") is not a
target, and "SIAE sauf ACI" is not all SIAE. The same rules applied to the generic "SIAE" / "structures
d'insertion" say that a box is for *all* SIAE ("Le dispositif vise les
SIAE"): such a box has no *single* target, so its amounts keep a null
target unless their own sentence names one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from pipeline.core.text import BULLET_SIGNS, is_list_item
from pipeline.language.amounts import AmountRecord
from pipeline.language.meaning import TARGET_PATTERNS, sentences
from pipeline.language.quantities import build_matcher
from pipeline.structure.passages import Passage
from schemas.tables import TARGETS

# The types, in the contract's order (for stable output).
TYPE_ORDER = list(TARGETS)
# All SIAE at once: "SIAE", "structures d'insertion (par l'activité économique)".
ALL_SIAE = re.compile(r"\bSIAE\b|(?i:structures?\s+d[’']insertion(?:\s+par\s+l[’']activit[ée]\s+[ée]conomique)?)")
# A for-cue: lemma regexes of words that say whom something is for.
# (Inflected forms are listed: the lemmatizer leaves some untouched, "s'adresse" -> "adresse".)
FOR_CUES = [("pour",), ("adresser|adresse|adressent",), ("destiner|destiné|destinée|destinés|destinées",),
            ("réserver|réservé|réservée|réservés|réservées",), ("spécifique|spécifiques",),
            ("dédier|dédié|dédiée|dédiés|dédiées",), ("bénéficier|bénéficie|bénéficient",),
            ("cibler|cible|ciblent|cibl",), ("viser|vise|visent",), ("concerner|concerne|concernent",),
            ("accessible|accessibles",), ("ouvert|ouverte|ouverts|ouvertes",),
            ("accorder|accordé|accordée|accordés|accordées",), ("octroyer|octroyé|octroyée|octroyés|octroyées",),
            ("aide|aides|aider",), ("soutien|soutenir",), ("appui",), ("vis-à-vis",), ("en", "faveur", "de|des|du")]
# Words that take a type out: "sauf ACI", "hors EI", "à l'exception des GEIQ".
EXCEPTION = re.compile(r"(?i)(?:\bsauf|\bhors|\bexcepté|\bexclusion\s+des?|\bexception\s+des?|\bnon)"
                       r"\s*(?:les\s+|des\s+|d[’'])?$")
# An exception right after all SIAE: "accessible aux SIAE sauf ACI" is not for all of them.
EXCEPT_AFTER = re.compile(r"(?i)^\s*(?:sauf|hors|excepté|à\s+l[’']exception)\b")
# "aux X", "pour les X", "à l'ensemble des X" right before a mention.
TO_THE = re.compile(r"(?i)(?:\baux|\bau|\bpour\s+les|\bpour\s+des|\bensemble\s+des|\bvis-à-vis\s+des)\s*$")
# A mention that opens a list item: "• les ACI ;", "• Aux SIAE aquitaines" (the lead-in says for whom).
ITEM_START = re.compile(rf"(?i)^\s*(?:[{BULLET_SIGNS}]|o\s)?\s*(?:les|des|aux|à\s+l[’']ensemble\s+des|pour\s+les)?\s*$")
# Only a list separator between two mentions: "EI, AI, ETTI, GEIQ", "EI et Régies de Quartier".
BETWEEN_LISTED_TYPES = re.compile(r"^\s*(?:,|\bet\b|\bou\b|,\s*et\b|,\s*ou\b|/)\s*$")
FOR_WINDOW = 4       # tokens between a for-cue and the type it introduces
ANCESTOR_HOPS = 5    # steps up the parse from a type to a for-cue
CLAUSE_MARKS = {";", ":", "."}


@dataclass(frozen=True)
class TargetRecord:
    box: str
    target: str
    sentence: str


@dataclass(frozen=True)
class BoxReading:
    """What a box's text says about whom it is for."""

    targets: dict[str, str]      # type -> first sentence that shows it
    all_siae: bool               # the box is for every SIAE

    @property
    def single(self) -> str | None:
        """The one type the box is for, when it is for that type only."""
        return next(iter(self.targets)) if len(self.targets) == 1 and not self.all_siae else None


@dataclass(frozen=True)
class Mention:
    name: str        # a type, or "SIAE" for all of them
    start: int
    end: int


@lru_cache(maxsize=4)
def for_matcher(nlp: Language) -> Matcher:
    return build_matcher(nlp, {"FOR": FOR_CUES})


def mentions_in(text: str) -> list[Mention]:
    """Types and the generic SIAE named in ``text``, in order, the longest at a place.

    >>> [(m.name, m.start) for m in mentions_in("Pour les EI et Régies de Quartier, sauf SIAE")]
    [('EI', 9), ('RQ', 15), ('SIAE', 40)]
    """
    found = [Mention(name, m.start(), m.end()) for name, pattern in TARGET_PATTERNS for m in pattern.finditer(text)]
    found += [Mention("SIAE", m.start(), m.end()) for m in ALL_SIAE.finditer(text)]
    found = [m for m in found if not glued(text, m)]
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(k.start <= m.start < k.end for k in kept):
            kept.append(m)
    return kept


def glued(text: str, mention: Mention) -> bool:
    """A type inside a longer name: "CRCE-GEIQ", "CNCE-GEIQ"."""
    before = text[mention.start - 1] if mention.start else " "
    after = text[mention.end] if mention.end < len(text) else " "
    return before in "-‐" or after in "-‐"


def clause_bounds(doc: Doc, token: int) -> tuple[int, int]:
    start = token
    while start > 0 and doc[start - 1].text not in CLAUSE_MARKS:
        start -= 1
    end = token
    while end < len(doc) and doc[end].text not in CLAUSE_MARKS:
        end += 1
    return start, end


def is_for(doc: Doc, mention: Mention, cue_tokens: set[int], lead_in_for: bool) -> bool:
    """True when the mention is introduced as whom something is for."""
    if EXCEPTION.search(doc.text[:mention.start]):
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    window = set(range(max(0, span.start - FOR_WINDOW), span.start))
    clause_start, _ = clause_bounds(doc, span.start)
    if cue_tokens & window and not any(doc[i].text in CLAUSE_MARKS for i in range(min(window), span.start)):
        return True
    if TO_THE.search(doc.text[:mention.start]) and (lead_in_for or any(clause_start <= i < span.start
                                                                       for i in cue_tokens)):
        return True
    if lead_in_for and ITEM_START.match(doc.text[:mention.start]):
        return True
    # Up the parse through nouns and lists to the first verb: is it (or a noun on the way) a for-cue?
    token = span.root
    for _ in range(ANCESTOR_HOPS):
        if token.head.i == token.i or token.head.text in CLAUSE_MARKS:
            break
        token = token.head
        if token.i in cue_tokens:
            return True
        if token.pos_ in {"VERB", "AUX"}:
            break
    return False


def listed_with(text: str, mentions: list[Mention], chosen: set[int]) -> set[int]:
    """Indices of mentions in one list with a chosen one ("EI, AI, ETTI, GEIQ")."""
    chosen = set(chosen)
    changed = True
    while changed:
        changed = False
        for k in range(len(mentions) - 1):
            a, b = mentions[k], mentions[k + 1]
            if (k in chosen) != (k + 1 in chosen) and BETWEEN_LISTED_TYPES.match(text[a.end:b.start]) \
                    and not EXCEPTION.search(text[:b.start]):
                chosen |= {k, k + 1}
                changed = True
    return chosen


def sentence_around(doc: Doc, start: int) -> str:
    """The sentence around a character, as ``meaning.sentences`` rejoins them."""
    for sent in sentences(doc):
        if sent.start_char <= start < sent.end_char:
            return sent.text.strip()
    return doc.text.strip()


def read_box(title: str, passages: list[Passage], docs: list[Doc], lead_ins: list[Doc | None],
             nlp: Language) -> BoxReading:
    """Targets of one box from its title and every passage of its body."""
    targets: dict[str, str] = {}
    all_siae = False
    for m in mentions_in(title):
        if m.name == "SIAE":
            all_siae = all_siae or bool(TO_THE.search(title[:m.start]))
        else:
            targets.setdefault(m.name, title)
    matcher = for_matcher(nlp)
    for passage, doc, lead_in in zip(passages, docs, lead_ins, strict=True):
        cue_tokens = {i for _, s, e in matcher(doc) for i in range(s, e)}
        lead_in_for = lead_in is not None and bool(matcher(lead_in))
        mentions = mentions_in(passage.text)
        chosen = {k for k, m in enumerate(mentions) if is_for(doc, m, cue_tokens, lead_in_for)}
        for k in sorted(listed_with(passage.text, mentions, chosen)):
            m = mentions[k]
            if m.name == "SIAE":
                all_siae = all_siae or not EXCEPT_AFTER.match(passage.text[m.end:])
            else:
                targets.setdefault(m.name, sentence_around(doc, m.start))
    ordered = {name: targets[name] for name in TYPE_ORDER if name in targets}
    return BoxReading(ordered, all_siae)


def lead_in_of(passages: list[Passage]) -> list[int | None]:
    """For each list item, the position of the passage ending in ":" that introduces it."""
    out: list[int | None] = []
    current: int | None = None
    for k, passage in enumerate(passages):
        if is_list_item(passage.text):
            out.append(current if current is not None and passages[current].box == passage.box else None)
            continue
        out.append(None)
        current = k if passage.text.rstrip().endswith(":") else None
    return out


def read_text(title: str, paragraphs: list[str]) -> BoxReading:
    """Whom a free-standing box is for (tests, ad-hoc reading).

    >>> read_text("Aide au démarrage", ["Le dispositif s’adresse aux ACI :", "• au moins 4 salariés"]).single
    'ACI'
    """
    from pipeline.language.nlp import french
    nlp = french()
    passages = [Passage.from_text(p) for p in paragraphs]
    docs = [nlp(p) for p in paragraphs]
    leads = [docs[k] if k is not None else None for k in lead_in_of(passages)]
    return read_box(title, passages, docs, leads, nlp)


def with_box_targets(amounts: list[AmountRecord], readings: dict[str, BoxReading]) -> list[AmountRecord]:
    """Amounts whose sentence names no type take their box's single target."""
    out = []
    for record in amounts:
        reading = readings.get(record.box) if record.box is not None else None
        if record.target is None and reading is not None and reading.single:
            record = replace(record, target=reading.single)
        out.append(record)
    return out


def target_records(readings: dict[str, BoxReading]) -> list[TargetRecord]:
    return [TargetRecord(box=box, target=target, sentence=sentence) for box, reading in sorted(readings.items())
            for target, sentence in reading.targets.items()]
