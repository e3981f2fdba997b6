"""What a figure means: role, qualifier, per, year and target, from its sentence.

Cues are spaCy ``Matcher`` patterns on lemmas (case-insensitive regexes),
looked for in the figure's *clause*: the part of its sentence between ";"
or ":" marks. A ceiling cue makes a euro sum a ``cap``; otherwise the
nearest cue decides between ``budget``, ``amount`` and ``other``. A
percentage followed by "de/des/du" + a cost noun is a ``rate``, + any
other noun a ``share``; without such a noun, an aid cue in its clause makes
it a ``rate``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline.language.figures import YEAR_DIGITS
from schemas.tables import PERS, QUALIFIERS, TARGETS

# label -> patterns; a pattern is a tuple of lemma regexes, one per token.
CUES: dict[str, list[tuple[str, ...]]] = {
    "CEILING": [("dans", "le", "limite"), ("plafonn.*",), ("plafond",), ("jusqu[’']?(à)?",), ("maximum",),
                ("maximal",), ("au", "plus"), ("excéder",), ("dépasser",)],
    "MIN": [("au", "moins"), ("au", "minimum"), ("minimum",)],
    "APPROX": [("près", "de"), ("environ",), ("quelque",), ("approximativement",), ("autour", "de")],
    "MORE_THAN": [("plus", "de|d[’']"), ("supérieur", "à"), ("au-delà",)],
    "BUDGET": [("budget",), ("mobilis.*",), ("montant",), ("(s[’'])?élever",), ("total",), ("global",),
               ("enveloppe",), ("dotation",), ("fonds",), ("dépenser",), ("consacrer",), ("engager",)],
    "AMOUNT": [("aide",), ("subvention",), ("forfaitaire",), ("forfait",), ("prime",), ("allocation",),
               ("bonification",), ("recevoir",), ("percevoir",), ("verser",), ("accorder",), ("octroyer",)],
    "OTHER": [("chiffres?", "d[’']", "affaires?"), ("ca",), ("coût",)],
    "RATE": [("taux",), ("subvention",), ("aide",), ("dégressi.*",), ("financer",), ("cofinancer",),
             ("couvrir",), ("prendre", "en", "charge"), ("prise", "en", "charge"), ("participer",),
             ("participation",), ("intervenir",)],
}
# Nouns after "X % de/des/du" that make X a share of a cost an aid covers.
COST_NOUNS = re.compile(r"(?i)^(coûts?|dépenses?|frais|investissements?|charges?|montants?)$")
# Counted per a unit of help (a post, a person...: any "per" of the contract but a
# year), a sum is an aid's amount, not a total.
UNIT_PERS = frozenset(PERS) - {"an"}
OF = re.compile(r"(?i)^(de|des|du|d[’'])$")
# An elided article, which the tagger sometimes takes for a noun: "l’", "d'".
ELIDED = re.compile(r"(?i)^[ld][’']$")
CLAUSE_MARKS = {";", ":"}
MAX_QUALIFIER_DISTANCE = 4
# What a figure is counted per, read in the words that follow it in its clause
# (up to the next figure). Order matters: ETP/an before ETP and an.
PER_PATTERNS = [
    ("ETP/an", re.compile(r"(?i)(?:par\s+(?:poste\s+)?ETP\s+et\s+par\s+an|par\s+an\s+et\s+par\s+ETP"
                          r"|(?:par|pour\s+tout|pour\s+chaque)\s+(?:poste\s+)?ETP\s+annuel|par\s+ETP\s*/\s*an)")),
    ("ETP", re.compile(r"(?i)\bpar\s+(?:poste\s+)?ETP\b")),
    ("an", re.compile(r"(?i)(?:\bpar\s+an\b|\bannuel(?:le)?s?\b|\bchaque\s+année|/\s*an\b)")),
    ("poste", re.compile(r"(?i)\bpar\s+poste\b")),
    ("projet", re.compile(r"(?i)\bpar\s+projet\b")),
    ("personne", re.compile(r"(?i)\bpar\s+(?:personne|bénéficiaire|salarié)\b")),
    ("structure", re.compile(r"(?i)\bpar\s+(?:structure|SIAE)\b")),
]
# A year named anywhere in a sentence: "En 2012, 700 M€ ...".
YEAR_IN_TEXT = re.compile(rf"\b{YEAR_DIGITS}\b")
# Years that are not "the" year of a figure: ranges and starting points.
YEAR_RANGE = re.compile(rf"(?i)\b{YEAR_DIGITS}\s*[-–/]\s*{YEAR_DIGITS}\b|\bentre\s+{YEAR_DIGITS}\s+et\s+{YEAR_DIGITS}\b"
                        rf"|\bdepuis\s+{YEAR_DIGITS}\b")
# One mention, then only a list separator before the next: "EI et ", "ACI, ".
COORDINATION = re.compile(r"(?i)^\w+(?:\s+\w+){0,3}?\s*(?:,|et|ou)\s+$")
# How each structure type of the contract (schemas' TARGETS) is printed: acronym or words.
TARGET_PATTERNS = [
    ("ETTI", re.compile(r"\bETTI\b|(?i:entreprises?\s+de\s+travail\s+temporaire\s+d[’']insertion)")),
    ("GEIQ", re.compile(r"\bGEIQ\b|"
                        r"(?i:groupements?\s+d[’']employeurs?\s+pour\s+l[’']insertion\s+et\s+la\s+qualification)")),
    ("ACI", re.compile(r"\bACI\b|(?i:ateliers?\s+et\s+chantiers?\s+d[’']insertion|chantiers?\s+d[’']insertion)")),
    ("AI", re.compile(r"\bAI\b|(?i:associations?\s+intermédiaires?)")),
    ("EI", re.compile(r"\bEI\b|(?i:entreprises?\s+d[’']insertion)")),
    ("RQ", re.compile(r"(?i:régies?\s+de\s+quartiers?)")),
]

# The qualifier each qualifying cue gives the figure right after it.
QUALIFIER_OF_CUE = {"CEILING": "max", "MIN": "min", "APPROX": "approx", "MORE_THAN": "more_than"}


def check_vocabulary() -> None:
    """Every value these rules can give is one the contract (schemas/tables.py) accepts,
    so that a word added or renamed there cannot drift from the patterns here."""
    given = {"per": ({name for name, _ in PER_PATTERNS}, PERS),
             "target": ({name for name, _ in TARGET_PATTERNS}, TARGETS),
             "qualifier": (set(QUALIFIER_OF_CUE.values()) | {"exact"}, QUALIFIERS)}
    for column, (names, vocabulary) in given.items():
        if names != set(vocabulary):
            raise ValueError(f"meaning.py reads {column} values {sorted(names)}, the contract has {sorted(vocabulary)}")


check_vocabulary()


@dataclass(frozen=True)
class Meaning:
    role: str
    qualifier: str
    per: str | None
    year: int | None
    target: str | None


@lru_cache(maxsize=4)
def cue_matcher(nlp: Language) -> Matcher:
    """Each cue matched on lemmas, and on the printed forms where the
    lemmatizer stumbles ("jusqu'" capitalised, elisions)."""
    matcher = Matcher(nlp.vocab)
    for label, patterns in CUES.items():
        matcher.add(label, [[{attr: {"REGEX": f"(?i)^(?:{part})$"}} for part in p]
                            for p in patterns for attr in ("LEMMA", "LOWER")])
    return matcher


def cues(doc: Doc, nlp: Language) -> list[tuple[str, int, int]]:
    """(label, start token, end token) of every cue in ``doc``."""
    return [(nlp.vocab.strings[label], start, end) for label, start, end in cue_matcher(nlp)(doc)]


# A sentence really ends on one of these (spaCy also cuts at ";", ":" or an elision).
SENTENCE_END = re.compile(r"[.!?…][\s»”\"')]*$")


def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, rejoined where one does not end like a sentence."""
    merged: list[Span] = []
    for sent in doc.sents:
        if merged and not SENTENCE_END.search(merged[-1].text.rstrip()):
            merged[-1] = doc[merged[-1].start:sent.end]
        else:
            merged.append(sent)
    return merged


def sentence_of(span: Span, merged: list[Span]) -> Span:
    return next(s for s in merged if s.start <= span.start < s.end)


def clause_of(span: Span, sent: Span) -> tuple[int, int]:
    """Token bounds of the figure's clause within its sentence."""
    start = max([t.i + 1 for t in sent if t.i < span.start and t.text in CLAUSE_MARKS], default=sent.start)
    end = min([t.i for t in sent if t.i >= span.end and t.text in CLAUSE_MARKS], default=sent.end)
    return start, end


def qualifier_of(span: Span, found: list[tuple[str, int, int]], role: str) -> str:
    """Ceiling, floor or approximation words right before the figure (not across
    a bracket), or "maximum" right after it; a cap is "max" unless they say otherwise."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in {"maximum", "max", "maximal", "maximale"}:
        return "max"
    near = sorted((span.start - end, label) for label, start, end in found
                  if 0 <= span.start - end <= MAX_QUALIFIER_DISTANCE and label in
                  QUALIFIER_OF_CUE
                  and not any(t.text in "()" for t in doc[end:span.start]))
    if near:
        return QUALIFIER_OF_CUE[near[0][1]]
    return "max" if role == "cap" else "exact"


def noun_after(span: Span) -> str | None:
    """The noun of "X % de/des/du [det] NOUN", skipping "maximum" and the like."""
    doc, i = span.doc, span.end
    while i < len(doc) and doc[i].lower_ in {"maximum", "minimum", "environ", "max"}:
        i += 1
    if i >= len(doc) or not OF.match(doc[i].text):
        return None
    i += 1
    while i < len(doc) and (doc[i].pos_ in {"DET", "ADJ", "NUM"} or ELIDED.match(doc[i].text)):
        i += 1
    return doc[i].text if i < len(doc) and doc[i].pos_ in {"NOUN", "PROPN"} else None


def euro_role(span: Span, found: list[tuple[str, int, int]], clause: tuple[int, int], per: str | None) -> str:
    in_clause = [(label, start, end) for label, start, end in found if clause[0] <= start and end <= clause[1]]
    ceiling_left = any(label == "CEILING" and end <= span.start for label, _, end in in_clause)
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if ceiling_left or after in {"maximum", "max"}:
        return "cap"
    kinds = {"BUDGET": "budget", "AMOUNT": "amount", "OTHER": "other"}
    if any(label == "OTHER" and start < span.end and end > span.start for label, start, end in found):
        return "other"  # "3 millions de chiffre d’affaires": not an aid, not money spent
    left = [(span.start - end, kinds[label]) for label, _, end in in_clause if label in kinds and end <= span.start]
    right = [(start - span.end, kinds[label]) for label, start, _ in in_clause if label in kinds and start >= span.end]
    nearest = min(left)[1] if left else min(right)[1] if right else None
    if nearest is None:
        return "amount" if per else "other"
    return "amount" if nearest == "budget" and per in UNIT_PERS else nearest


def percent_role(span: Span, found: list[tuple[str, int, int]], clause: tuple[int, int]) -> str:
    noun = noun_after(span)
    if noun is not None:
        return "rate" if COST_NOUNS.match(noun) else "share"
    aid = any(label == "RATE" and clause[0] <= start and end <= clause[1] for label, start, end in found)
    return "rate" if aid else "share"


def per_of(following: str) -> str | None:
    """What the figure is counted per, from the words right after it.

    >>> per_of(" maximum par an et par ETP d'encadrant"), per_of(" par poste ETP"), per_of(" annuel.")
    ('ETP/an', 'ETP', 'an')
    """
    return next((name for name, pattern in PER_PATTERNS if pattern.search(following)), None)


def year_of(sentence: str) -> int | None:
    """The single year a sentence refers a figure to, if it names exactly one.

    >>> year_of("En 2012, 700 M€ ont été mobilisés"), year_of("Entre 2004 et 2012, 29 M€"), year_of("2011-2014")
    (2012, None, None)
    """
    years = {int(y) for y in YEAR_IN_TEXT.findall(YEAR_RANGE.sub(" ", sentence))}
    return years.pop() if len(years) == 1 else None


def paren_depths(text: str) -> list[int]:
    depth, depths = 0, []
    for char in text:
        if char == "(":
            depth += 1
        depths.append(depth)
        if char == ")":
            depth = max(0, depth - 1)
    return depths


def target_of(clause_text: str, figure_start: int) -> str | None:
    """The structure type named nearest before the figure at its own bracket
    level; inside brackets with none, what the brackets follow.

    >>> target_of("Pour les ACI, l’aide (de 1 000 € ou 2 000 €)", 25)
    'ACI'
    >>> target_of("subvention de 20% des dépenses (50% pour les ACI), plafonnées à 45 000€", 63) is None
    True
    """
    depths = paren_depths(clause_text)
    level = depths[figure_start] if figure_start < len(depths) else 0
    mentions = sorted((m.start(), name) for name, pattern in TARGET_PATTERNS for m in pattern.finditer(clause_text))
    for wanted in range(level, -1, -1):
        same = [(pos, name) for pos, name in mentions
                if depths[pos] == wanted and _same_group(depths, pos, figure_start, wanted)]
        before = [m for m in same if m[0] < figure_start]
        if before:
            return _first_of_coordination(clause_text, before)
        after = [m for m in same if m[0] > figure_start]
        if after and wanted == level:
            return after[0][1]
    return None


def _first_of_coordination(text: str, before: list[tuple[int, str]]) -> str:
    """The nearest mention, or the first of a list it ends ("les EI et Régies de Quartier" -> EI)."""
    k = len(before) - 1
    while k > 0 and COORDINATION.match(text[before[k - 1][0]:before[k][0]]):
        k -= 1
    return before[k][1]


def _same_group(depths: list[int], a: int, b: int, level: int) -> bool:
    """True when no bracket closes below ``level`` between positions a and b."""
    low, high = min(a, b), max(a, b)
    return all(d >= level for d in depths[low:high + 1])


# When a measure began: "Depuis 2004", "existe depuis 1993", "née en 2005",
# "Adopté lors de la séance plénière du 24 octobre 2011", "depuis sa création
# en 2011". A year opening a range ("appel à projets 2013-2014") is not a start.
START_YEAR = re.compile(
    r"(?i)\b(?:depuis|née?s?\s+en|créée?s?\s+en|adoptée?s?|lancée?s?\s+en)\b[^.;:]{0,50}?"
    rf"\b(?P<year>{YEAR_DIGITS})\b(?!\s*[-–/]\s*\d)"
)


def start_year_of(body: str) -> int | None:
    """The year a measure began, when its text says so.

    >>> start_year_of("Depuis 2004, la Région attribue une aide"), start_year_of("REPLIC est né en 2005 d’un constat")
    (2004, 2005)
    >>> start_year_of("le dispositif « TRACE » mis en place par l’Etat en 1999 et arrêté en 2003") is None
    True
    """
    found = START_YEAR.search(body)
    return int(found["year"]) if found else None
