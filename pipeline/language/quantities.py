"""Every number printed in digits: a quantity with the thing it counts, or why it is not one.

Called by the language stage on the passages it parsed once with spaCy.
Each number the grammar below finds gets one *disposition*:

- ``amount``: its digits belong to a euro amount or a percentage (``amounts``);
- ``excluded`` with a reason: a year or a date, a heading or contents-page
  number, a label ("Axe 3", "Article 30", "Année 1"), an ordinal ("1ère"),
  an address, a telephone number, a fraction, a code ("CO2", "75013"), or a
  count of regions (those are ``region_groups.claimed_count``);
- ``quantity``: a row of ``quantities``.

The counted noun comes from the parse: the noun the number modifies (its
head, to its right), else the word right after it when the tagger took a
noun for something else ("4 salariés" tagged DET), else the noun of the
number it is coordinated with ("de 16 à 26 ans"), a partitive ("4 des
régions"), or, for an elliptical number ("dont 35 en insertion", "(12 sur
21)"), the noun it refers back to. Nothing depends on a list of nouns.

Meaning comes from ``Matcher`` cue patterns on lemmas in the number's
clause (as ``pipeline/meaning.py`` does for amounts): the qualifier from
the cue right before the number ("au moins", "plus de", "limitée à",
"moins de", "près de"), or a range ("de 16 à 26" -> min, max); the role in
this order: an age is a ``condition``; a ceiling cue makes a ``cap``; a
floor cue ("au moins") a ``condition``; an achievement word attached to
the noun ("emplois créés", "projets ont été soutenus", "la création de 8
coopératives") an ``outcome``; an eligibility word in the number's stretch between
commas, governing its noun (up to the first verb), or in its list's
lead-in ("conditions", "critères", "éligibles"), a ``condition``; a
dated past event ("En 2011, … a intégré … 224 marchés") an ``outcome``;
anything else ``other``. A duration is a time unit; an age is years
introduced by "de" after a person ("jeunes de moins de 26 ans").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipeline.core.text import folded
from pipeline.language.amounts import PrintedFigure, sentence_region, sentence_text
from pipeline.language.figures import (
    NUMBER,
    WHOLE_YEAR,
    YEAR_DIGITS,
    Figure,
    find_figures,
    number_value,
)
from pipeline.language.meaning import sentence_of, sentences, year_of
from pipeline.structure.passages import Passage
from pipeline.structure.regions import RegionIndex

if TYPE_CHECKING:
    from spacy.pipeline import Lemmatizer

# --- the grammar of numbers printed in digits ------------------------------------------
# A French telephone number: "01 53 25 02 25", "01.53.25.02.25".
PHONE = r"0\d(?:[ .\u00a0\u202f]\d\d){4}(?!\d)"
# Two years joined into a span: "2012-2014", "2011-2012", "2013/2014".
YEAR_SPAN = rf"{YEAR_DIGITS}\s*[-–/]\s*{YEAR_DIGITS}(?!\d)"
# A fraction: "2/3", "1/3".
FRACTION = r"\d+\s*/\s*\d+(?!\d)"
# An ordinal: "1ère", "1er", "2e", "3ème", "2nde".
ORDINAL = r"\d+(?:ère|ere|re|er|ème|eme|e|nde|nd)(?![^\W\d_])"
# Digits inside a word: "CO2", "A4", "3D".
GLUED = r"\d+[^\W\d_]\w*|[^\W\d_]+\d\w*"
# Every number printed in digits, each read once; the first alternative that fits wins.
DIGITS = re.compile(rf"(?<![\w.,/])(?:(?P<phone>{PHONE})|(?P<years>{YEAR_SPAN})|(?P<fraction>{FRACTION})"
                    rf"|(?P<ordinal>{ORDINAL})|(?P<number>{NUMBER}))|(?<!\w)(?P<glued>{GLUED})")
# Five or more digits without a thousands space: a postal code or an identifier ("75013").
CODE_DIGITS = re.compile(r"^\d{5,}$")
# Month names after a day number: "24 octobre 2011".
MONTH = re.compile(r"(?i)^(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
                   r"|novembre|décembre|decembre)$")
# Street words after a street number: "167 rue du Chevaleret".
STREET = re.compile(r"(?i)^(?:rue|avenue|av|boulevard|bd|place|allée|allee|quai|chemin|impasse|route|cours"
                    r"|square|passage|voie)$")
# Only list words between a number and the next one: "de 16 à 26", "4 ETP ou 8", "1, 2 et 3".
RANGE_OR_LIST = re.compile(r"^\s*(?:à|a|ou|et|,)\s*$")
# Between two coordinated quantities: the first one's noun phrase, then "ou", "et" or ",".
COORDINATED = re.compile(r"^\s*[^\s,;:()]+(?:\s+[^\s,;:()]+){0,3}?\s*(?:,|\bou\b|\bet\b)\s*$")
# A number that restates the one before in other units: "10 postes d’encadrants, soit 7,5 ETP".
RESTATED = re.compile(r"(?i)^[^;:.()]*?,?\s*(?:soit|c[’']est-à-dire)\s*$")
# Words that bring back a noun already counted: "70 salariés dont 35", "14 … sur les 18".
BACK_REFERENCE = re.compile(r"(?i)^(?:dont|sur|parmi|soit)$")
# Times: the units of a duration.
TIME_UNITS = {"an", "année", "mois", "semaine", "jour", "heure", "trimestre", "semestre"}
YEAR_UNITS = {"an", "année"}
CLAUSE_STOPS = {",", ";", ":", "(", ")", "."}
QUALIFIER_WINDOW = 3   # tokens between a qualifier cue and its number
NOUN_WINDOW = 4        # tokens between a number and the noun it modifies
AGE_WINDOW = 10        # tokens back from an age to the person it describes
MAX_GOVERNING_HOPS = 6  # steps up the parse from a counted noun to a cue that governs it
# Function parts of speech: never what a number counts.
FUNCTION_POS = {"ADP", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "PUNCT", "SYM", "NUM", "ADV", "SPACE"}
# A year that starts something is not the year a figure refers to: "depuis sa création en 2011".
SINCE_YEAR = re.compile(rf"(?i)\bdepuis\s+(?:[^\W\d]+\s+){{0,3}}?en\s+{YEAR_DIGITS}\b")

# --- cues: label -> patterns; a pattern is a tuple of lemma regexes, one per token --------
# Plain words where the lemmatizer's output is known, a few regexes where inflection varies;
# plain words are matched as a set (fast), see ``build_matcher``.
CUES: dict[str, list[tuple[str, ...]]] = {
    "CEILING": [("dans", "le", "limite"), ("plafonn.*",), ("plafond",),
                ("limiter|limité|limitée|limités|limitées", "à"), ("jusqu[’']?(?:à)?",),
                ("maximum|maximal|maximale|maximaux|maximales",), ("au", "plus"), ("excéder",), ("dépasser",)],
    "MIN": [("au", "moins"), ("au", "minimum"), ("minimum|minimal|minimale|minimaux|minimales",)],
    "LESS_THAN": [("moins", "de|d[’']"), ("inférieur", "à")],
    "MORE_THAN": [("plus", "de|d[’']"), ("supérieur", "à"), ("au-delà",)],
    "APPROX": [("près", "de"), ("environ",), ("quelque",), ("approximativement",), ("autour", "de"),
               ("presque",)],
    # Something achieved, supported or reached: "emplois créés", "projets soutenus", "a concerné".
    "OUTCOME": [("créer|créé|créée|créés|créées|création",),
                ("pérenniser|pérennisé|pérennisée|pérennisés|pérennisées",),
                ("soutenir|soutenu|soutenue|soutenus|soutenues",), ("former|formé|formée|formés|formées",),
                ("accompagner|accompagné|accompagnée|accompagnés|accompagnées",), ("bénéficier",), ("concerner",),
                ("toucher",), ("signer|signé|signée|signés|signées",), ("embaucher|embauche",),
                ("recruter|recrutement",), ("financer|finance|financent|financé|financée|financés|financées",),
                ("adhérent|adhérente|adhérents|adhérentes|adhérer",), ("réaliser",), ("atteindre",), ("insérer",),
                ("permettre",), ("obtenir",), ("conclure",), ("placer",),
                ("dispenser|dispensé|dispensée|dispensés|dispensées",),
                ("effectuer|effectué|effectuée|effectués|effectuées",),
                ("mobiliser|mobilisé|mobilisée|mobilisés|mobilisées",)],
    # What a beneficiary must be or have: "conditions", "critères", "éligibles", "s'adresse aux".
    "CONDITION": [("condition",), ("critère",), ("éligible|éligibles",), ("éligibilité",), ("adresser|adresse",),
                  ("réserver|réservé|réservée|réservés|réservées",), ("destiner|destiné|destinée|destinés|destinées",),
                  ("cible|cibler|cibl",), ("exiger",), ("requis",), ("obligatoire",), ("sous", "réserve")],
    # A person whose age is given: "jeunes de moins de 26 ans".
    "PERSON": [("jeune",), ("salarié|salariée|salariés|salariées|salarier",), ("personne",), ("public",),
               ("bénéficiaire",), ("demandeur",), ("adulte",), ("senior|sénior",), ("enfant",), ("femme",), ("homme",),
               ("chômeur",), ("candidat",), ("stagiaire",), ("apprenti",), ("âgé|âgée|âgés|âgées|âge",)],
}
# A floor or ceiling printed after the noun: "20 salariés ou plus", "5 postes au plus", "4 ans maximum".
AFTER_NOUN = {"ou plus": "MIN", "et plus": "MIN", "au moins": "MIN", "ou moins": "LESS_THAN", "au plus": "CEILING",
              "maximum": "CEILING", "max": "CEILING", "maximal": "CEILING", "maximale": "CEILING",
              "minimum": "MIN"}
QUALIFIER_OF_CUE = {"CEILING": "max", "MIN": "min", "LESS_THAN": "max", "MORE_THAN": "more_than", "APPROX": "approx"}


@dataclass(frozen=True)
class QuantityRecord(PrintedFigure):
    value: float
    unit: str
    kind: str
    role: str
    qualifier: str
    year: int | None


@dataclass(frozen=True)
class NumberRecord:
    """One number printed in digits and what became of it."""

    page: int
    box: str | None
    text: str
    disposition: str          # quantity, amount or excluded
    reason: str | None        # why it is excluded
    sentence: str


@dataclass
class Found:
    """A number of one passage being read: its match, tokens and what it counts."""

    start: int
    end: int
    text: str
    group: str
    span: Span
    noun: Token | None = None
    reason: str | None = None
    cue: str | None = None          # the qualifier cue's label, own or shared
    role: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What the reader needs to know about a passage beyond its text."""

    region_code: str | None = None
    heading: bool = False           # the passage is a heading of the outline
    contents: bool = False          # the passage is on the contents page
    title: str | None = None        # the box title, when the passage is a box header
    lead_in: Doc | None = None      # the parsed lead-in of a list item


# A cue word written as a regex ("plafonn.*"), not a plain word ("plafond").
REGEX_SYNTAX = re.compile(r"[.*+?()\[\]{}^$\\]")


def token_spec(attr: str, part: str) -> dict:
    """A set of plain words, or a case-insensitive regex when the cue needs one."""
    if REGEX_SYNTAX.search(part):
        return {attr: {"REGEX": f"(?i)^(?:{part})$"}}
    return {attr: {"IN": part.split("|")}}


def build_matcher(nlp: Language, table: dict[str, list[tuple[str, ...]]]) -> Matcher:
    """A ``Matcher`` of cue patterns, on lemmas and on printed forms (the lemmatizer
    stumbles on some). A label's one-word patterns become one set of plain words and
    one regex per attribute: each token is tested a few times per label, not once per
    word of the table (the cue tables have a hundred words)."""
    matcher = Matcher(nlp.vocab)
    for label, patterns in table.items():
        one_word = [p[0] for p in patterns if len(p) == 1]
        words = sorted({w for part in one_word if not REGEX_SYNTAX.search(part) for w in part.split("|")})
        rest = "|".join(part for part in one_word if REGEX_SYNTAX.search(part))
        specs: list[list[dict[str, Any]]] = [[{attr: {"IN": words}}] for attr in ("LEMMA", "LOWER") if words]
        specs += [[{attr: {"REGEX": f"(?i)^(?:{rest})$"}}] for attr in ("LEMMA", "LOWER") if rest]
        specs += [[token_spec(attr, part) for part in p] for p in patterns if len(p) > 1 for attr in ("LEMMA", "LOWER")]
        matcher.add(label, specs)
    return matcher


@lru_cache(maxsize=4)
def cue_matcher(nlp: Language) -> Matcher:
    """Every cue of ``CUES``."""
    return build_matcher(nlp, CUES)


def cues(doc: Doc, nlp: Language) -> list[tuple[str, int, int]]:
    """(label, start token, end token) of every cue in ``doc``."""
    return [(nlp.vocab.strings[label], start, end) for label, start, end in cue_matcher(nlp)(doc)]


# --- reading one number ------------------------------------------------------------------

def is_nominal(token: Token) -> bool:
    """A word that can be what a number counts: a noun, or a word the tagger
    took for a determiner, adjective or participle ("4 salariés")."""
    if not any(c.isalpha() for c in token.text) or token.is_stop or token.pos_ in FUNCTION_POS:
        return False
    if token.pos_ in {"VERB", "AUX"}:
        return "Fin" not in token.morph.get("VerbForm", None)  # spaCy's stub omits the default None
    return True


def own_noun(span: Span) -> Token | None:
    """The noun the number modifies: its head in the parse if close to its right,
    else the word right after it.

    >>> from pipeline.language.nlp import french
    >>> doc = french()("4 500 emplois créés ; au moins 4 salariés")
    >>> own_noun(doc[0:2]).text, own_noun(doc[7:8]).text
    ('emplois', 'salariés')
    """
    doc = span.doc
    head = span[-1].head
    between = doc[span.end:head.i]
    if (span.end <= head.i <= span.end + NOUN_WINDOW and is_nominal(head)
            and all(t.pos_ == "ADJ" and not t.is_punct for t in between)):
        return head
    if span.end < len(doc) and is_nominal(doc[span.end]):
        after = doc[span.end]
        # "4 grandes orientations": a prenominal adjective, then the noun.
        if after.pos_ == "ADJ" and span.end + 1 < len(doc) and doc[span.end + 1].pos_ in {"NOUN", "PROPN"}:
            return doc[span.end + 1]
        return after
    return None


def partitive_noun(span: Span) -> Token | None:
    """The noun of "N des régions", "N de ces structures"."""
    doc, i = span.doc, span.end
    if i < len(doc) and folded(doc[i].text) in {"des", "de", "d'", "d’", "du"}:
        i += 1
        while i < len(doc) and doc[i].pos_ == "DET":
            i += 1
        if i < len(doc) and is_nominal(doc[i]):
            return doc[i]
    return None


def preceding_plural_noun(span: Span, sent: Span) -> Token | None:
    """The nearest plural noun before the number in its sentence: what an
    elliptical number counts ("Parmi les régions interrogées, 4 ne …")."""
    for token in reversed(list(sent.doc[sent.start:span.start])):
        if token.pos_ in {"NOUN", "PROPN"} and "Plur" in token.morph.get("Number", None):
            return token
    return None


def is_label(span: Span) -> bool:
    """A number right after a noun that names it: "Axe 3", "Article 30", "Année 1", "page 4"."""
    doc = span.doc
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.is_alpha and before.whitespace_ != "" and (before.pos_ in {"NOUN", "PROPN"} or before.is_title
                                                                or before.is_upper)


def unit_of(noun: Token, nlp: Language) -> str:
    """What is counted, as a singular lemma; an acronym as printed; a compound whole.

    >>> from pipeline.language.nlp import french
    >>> nlp = french(); doc = nlp("20 ETP, 4 salariés et 20 Fiches-mesures")
    >>> unit_of(doc[1], nlp), unit_of(doc[4], nlp), unit_of(doc[7], nlp)
    ('ETP', 'salarié', 'fiche-mesure')
    """
    doc = noun.doc
    upper_text = sum(c.isupper() for c in doc.text) > 0.6 * sum(c.isalpha() for c in doc.text)
    if noun.text.isupper() and len(noun.text) > 1 and not upper_text:
        return noun.text
    parts = [noun]
    i = noun.i
    while i + 2 < len(doc) and doc[i].whitespace_ == "" and doc[i + 1].text in "-‐" and doc[i + 1].whitespace_ == "" \
            and doc[i + 2].is_alpha:
        parts.append(doc[i + 2])
        i += 2
    return "-".join(singular(t, nlp) for t in parts)


def singular(token: Token, nlp: Language) -> str:
    """The token's lemma as a noun, lower case: the tagger may have taken the
    noun for a determiner or a participle, which gives the wrong lemma."""
    if token.pos_ == "NOUN":
        return token.lemma_.casefold()
    lemmatizer = cast("Lemmatizer", nlp.get_pipe("lemmatizer"))
    saved = token.pos_
    token.pos_ = "NOUN"
    try:
        lemma = lemmatizer.rule_lemmatize(token)[0]
    finally:
        token.pos_ = saved
    return lemma.casefold()


def number_of(found: Found) -> float:
    return number_value(found.text)


def in_figure(start: int, end: int, figures: list[Figure]) -> bool:
    return any(f.start < end and start < f.end for f in figures)


def first_exclusion(found: Found, context: Context) -> str | None:
    """Why a number is not a quantity, by its form and place alone, or None."""
    if context.contents:
        return "contents page"
    if context.heading and len(found.span.doc.text[:found.start].split()) <= 1:
        return "heading"  # "1 Formalisation …", "PARTIE 2 LES GRANDS TYPES …", "3 Place dans …"
    if found.group == "phone":
        return "telephone"
    if found.group == "years":
        return "year"
    if found.group == "fraction":
        return "fraction"
    if found.group == "ordinal":
        return "ordinal"
    if found.group == "glued":
        return "code"
    doc, span = found.span.doc, found.span
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and MONTH.match(after.text):
        return "date"
    plural_after = after is not None and is_nominal(after) and "Plur" in after.morph.get("Number", None)
    if WHOLE_YEAR.match(found.text) and not plural_after:
        return "year"
    if after is not None and STREET.match(after.text):
        return "address"
    if CODE_DIGITS.match(found.text):
        return "address" if after is not None and after.is_title else "code"
    return None


def read_numbers(passage: Passage, doc: Doc) -> list[Found]:
    """Every number printed in digits in the passage, with its tokens."""
    found = []
    for m in DIGITS.finditer(passage.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or not len(span):
            continue
        group = m.lastgroup or "number"
        found.append(Found(m.start(), m.end(), m.group(0), group, span))
    return found


def attach_nouns(numbers: list[Found], sent_of: dict[int, Span]) -> None:
    """Give each number its counted noun, or a reason it has none."""
    for found in numbers:
        if found.reason:
            continue
        found.noun = own_noun(found.span)
        if found.noun is None and is_label(found.span):
            found.reason = "label"
    # Ranges and lists share the noun of their last member: "de 16 à 26 ans".
    for k in range(len(numbers) - 2, -1, -1):
        a, b = numbers[k], numbers[k + 1]
        if a.reason or a.noun is not None or b.reason or b.noun is None:
            continue
        if RANGE_OR_LIST.match(a.span.doc.text[a.end:b.start]):
            a.noun = b.noun
            a.extra["range_with"] = b
            b.extra["range_from"] = a
    for k, found in enumerate(numbers):
        if found.reason or found.noun is not None:
            continue
        found.noun = partitive_noun(found.span)
        if found.noun is not None:
            continue
        sent = sent_of[found.start]
        before = found.span.doc[found.span.start - 1] if found.span.start else None
        earlier = [n for n in numbers[:k] if n.noun is not None and not n.reason and sent_of[n.start] == sent]
        if before is not None and BACK_REFERENCE.match(before.text) and earlier:
            found.noun = earlier[-1].noun
            found.extra["refers_to"] = earlier[-1]
        else:
            found.noun = preceding_plural_noun(found.span, sent)
        if found.noun is None:
            found.reason = "no counted noun"


def qualifier_cue(found: Found, found_cues: list[tuple[str, int, int]]) -> str | None:
    """The label of the qualifier cue right before the number (not across a
    bracket or another number), or "CEILING" for "maximum" right after it."""
    doc, span = found.span.doc, found.span
    near = []
    for label, start, end in found_cues:
        if label not in QUALIFIER_OF_CUE or not 0 <= span.start - end <= QUALIFIER_WINDOW:
            continue
        gap = doc[end:span.start]
        if any(t.text in "()" or t.like_num for t in gap):
            continue
        if label == "LESS_THAN" and start > 0 and doc[start - 1].lower_ == "au":
            continue  # "au moins" is a floor, not "moins de"
        near.append((span.start - end, -(end - start), label))
    if near:
        return min(near)[2]
    tail = found.noun if found.noun is not None and found.noun.i >= span.end else span[-1]
    following = doc[tail.i + 1:tail.i + 3]
    for words in (following.text.lower(), following[:1].text.lower()):
        if words in AFTER_NOUN:
            return AFTER_NOUN[words]
    return None


def labels_in(found_cues: list[tuple[str, int, int]], start: int, end: int) -> set[str]:
    return {label for label, s, e in found_cues if start <= s and e <= end}


def attached_outcome(found: Found, found_cues: list[tuple[str, int, int]]) -> bool:
    """An achievement word that governs or qualifies the counted noun, or just before the number."""
    noun, span = found.noun, found.span
    outcome_tokens = {s for label, s, e in found_cues if label == "OUTCOME"}
    # "finance 10 postes": the achievement verb right before its object (the tagger may miss it);
    # "la création de 8 coopératives", "l’embauche de 70 salariés": an achievement noun, "de", the number.
    doc = span.doc
    near = {span.start - 1}
    if span.start >= 2 and folded(doc[span.start - 1].text) in {"de", "d'"}:
        near.add(span.start - 2)
    if noun is None:
        return bool(outcome_tokens & near)
    linked = {noun.head.i} | {c.i for c in noun.children if c.dep_.split(":")[0] in {"amod", "acl"}}
    return bool(outcome_tokens & (linked | near))


def governing_cue(found: Found, found_cues: list[tuple[str, int, int]], label: str) -> bool:
    """A cue up the parse from the counted noun, through nouns and lists, up to the first
    verb: "sont éligibles, les contrats …, les CDD de plus de 6 mois"."""
    if found.noun is None:
        return False
    starts = {s for cue_label, s, e in found_cues if cue_label == label}
    token = found.noun
    for _ in range(MAX_GOVERNING_HOPS):
        if token.head.i == token.i:
            # At the root with no verb on the way: the root's own predicate words count too
            # ("sont en revanche éligibles, les CDD …" may be parsed with "éligibles" under the root).
            return any(c.i in starts for c in token.children if c.dep_ in {"amod", "acl", "xcomp"})
        if token.head.text in CLAUSE_STOPS - {","}:
            return False
        token = token.head
        if token.i in starts:
            return True
        if token.pos_ in {"VERB", "AUX"}:
            return False
    return False


def dated_past(sent: Span, year: int | None) -> bool:
    """A sentence that reports a dated event in the past tense: "En 2011, … a intégré …"."""
    if year is None:
        return False
    return any(t.dep_ in {"aux:tense", "aux:pass"} and t.lemma_ in {"avoir", "être"} for t in sent)


def age_context(found: Found, found_cues: list[tuple[str, int, int]]) -> bool:
    """Years introduced by "de" (or a range) after a person: "jeunes de moins de 26 ans"."""
    doc, span = found.span.doc, found.span
    i = span.start - 1
    skipped = {t for label, s, e in found_cues if label in QUALIFIER_OF_CUE for t in range(s, e)}
    while i >= 0 and i in skipped and doc[i].lower_ not in {"de", "d'", "d’"}:
        i -= 1
    introduced = i >= 0 and (doc[i].lower_ in {"de", "d'", "d’", "à"} or i + 1 in skipped)
    if "range_from" in found.extra:
        introduced = True
        span = found.extra["range_from"].span
    if not introduced:
        return False
    persons = {s for label, s, e in found_cues if label == "PERSON"}
    for j in range(span.start - 1, max(-1, span.start - 1 - AGE_WINDOW), -1):
        if doc[j].text in CLAUSE_STOPS:
            return False
        if j in persons:
            return True
    return False


def kind_of(found: Found, unit: str, found_cues: list[tuple[str, int, int]]) -> str:
    if unit not in TIME_UNITS:
        return "count"
    if unit in YEAR_UNITS and age_context(found, found_cues):
        return "age"
    noun = found.noun
    assert noun is not None  # a number left without a reason has its noun (attach_nouns)
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if unit == "heure" and after is not None and folded(after.text) in {"de", "d'", "d’"}:
        return "count"  # "152 000 heures d’insertion": a volume of hours
    return "duration"


def segment_of(span: Span, sent: Span) -> tuple[int, int]:
    """Token bounds of the number's stretch of its sentence between commas, brackets,
    ";" and ":": "la région comptant 30 EI sur 93 SIAE" is not "destinée aux salariés"."""
    doc = span.doc
    start = span.start
    while start > sent.start and doc[start - 1].text not in CLAUSE_STOPS:
        start -= 1
    end = span.end
    while end < sent.end and doc[end].text not in CLAUSE_STOPS:
        end += 1
    return start, end


def role_of(found: Found, kind: str, segment: tuple[int, int], found_cues: list[tuple[str, int, int]],
            lead_labels: set[str], sent: Span, year: int | None) -> str:
    if kind == "age":
        return "condition"
    if found.cue == "CEILING":
        return "cap"
    if found.cue == "MIN":
        return "condition"
    if attached_outcome(found, found_cues):
        return "outcome"
    if ("CONDITION" in labels_in(found_cues, *segment) | (lead_labels & {"CONDITION"})
            or governing_cue(found, found_cues, "CONDITION")):
        return "condition"
    if dated_past(sent, year) or "OUTCOME" in lead_labels:
        return "outcome"
    return "other"


def qualifier_of(found: Found) -> str:
    if found.cue:
        return QUALIFIER_OF_CUE[found.cue]
    if "range_with" in found.extra:
        return "min"
    if "range_from" in found.extra:
        return "max"
    return "exact"


def share_with_list(numbers: list[Found]) -> None:
    """A number coordinated with the one before ("au minimum de 4 ETP ou 8
    salariés ou 6 contrats") shares its qualifier cue and role; one that
    restates it ("…, soit 7,5 ETP") shares its role."""
    previous = None
    for found in numbers:
        if found.reason:
            continue
        text = found.span.doc.text
        if (previous is not None and found.cue is None and "range_from" not in found.extra
                and COORDINATED.match(text[previous.end:found.start])):
            found.cue = previous.cue
            found.extra["listed_after"] = previous
        elif previous is not None and RESTATED.match(text[previous.end:found.start]):
            found.extra["restates"] = previous
        previous = found


def item_lead_labels(context: Context, nlp: Language) -> set[str]:
    if context.lead_in is None:
        return set()
    return {label for label, _, _ in cues(context.lead_in, nlp)}


def year_of_quantity(sentence: str) -> int | None:
    """The single year the sentence refers to; a year that starts something does not count.

    >>> (year_of_quantity("13 projets ont été soutenus depuis sa création en 2011."),
    ...  year_of_quantity("En 2012, 12 SIAE"))
    (None, 2012)
    """
    return year_of(SINCE_YEAR.sub(" ", sentence))


def passage_numbers(passage: Passage, doc: Doc, nlp: Language, index: RegionIndex,
                    context: Context) -> tuple[list[QuantityRecord], list[NumberRecord]]:
    """Every number of one parsed passage: its quantities and every number's disposition."""
    numbers = read_numbers(passage, doc)
    if not numbers:
        return [], []
    figures = find_figures(passage.text)
    merged = sentences(doc)
    sent_of = {n.start: sentence_of(n.span, merged) for n in numbers}
    for found in numbers:
        if in_figure(found.start, found.end, figures):
            found.reason = "amount"
        else:
            found.reason = first_exclusion(found, context)
    attach_nouns(numbers, sent_of)
    found_cues = cues(doc, nlp)
    units: dict[int, str] = {}
    for found in numbers:
        if found.reason is None:
            assert found.noun is not None  # attach_nouns gave it a noun or a reason
            units[found.start] = unit_of(found.noun, nlp)
            if folded(units[found.start]).rstrip("s") == "region":
                found.reason = "region count"
    live = [n for n in numbers if n.reason is None]
    for found in live:
        found.cue = qualifier_cue(found, found_cues)
    share_with_list(live)
    lead_labels = item_lead_labels(context, nlp)
    quantities, records = [], []
    for found in numbers:
        sent = sent_of[found.start]
        sentence = context.title if context.title else sentence_text(passage, sent)
        if found.reason is not None:
            disposition = "amount" if found.reason == "amount" else "excluded"
            records.append(NumberRecord(page=passage.place(found.start, found.end)[0], box=passage.box,
                                        text=found.text, disposition=disposition,
                                        reason=None if disposition == "amount" else found.reason, sentence=sentence))
            continue
        unit = units[found.start]
        kind = kind_of(found, unit, found_cues)
        year = year_of_quantity(sentence)
        role = role_of(found, kind, segment_of(found.span, sent), found_cues, lead_labels, sent, year)
        source = found.extra.get("listed_after") or found.extra.get("refers_to") or found.extra.get("restates")
        if source is not None and role == "other" and source.role:
            role = source.role
        found.role = role
        quantities.append(quantity_record(passage, found, unit, kind, role, qualifier_of(found), year, sentence,
                                          context, index))
        records.append(NumberRecord(page=quantities[-1].page, box=passage.box, text=found.text,
                                    disposition="quantity", reason=None, sentence=sentence))
    return quantities, records


def printed_extent(found: Found) -> tuple[int, int]:
    """Characters of the number with the noun it counts, when the noun follows it."""
    noun = found.noun
    if noun is None or noun.i < found.span.end:
        return found.start, found.end
    end = noun.idx + len(noun)
    doc, i = noun.doc, noun.i
    while i + 2 < len(doc) and doc[i].whitespace_ == "" and doc[i + 1].text in "-‐" and doc[i + 2].is_alpha:
        end = doc[i + 2].idx + len(doc[i + 2])
        i += 2
    return found.start, end


def quantity_record(passage: Passage, found: Found, unit: str, kind: str, role: str, qualifier: str,
                    year: int | None, sentence: str, context: Context, index: RegionIndex) -> QuantityRecord:
    start, end = printed_extent(found)
    page, bbox = passage.place(start, end)
    region = context.region_code if passage.box is not None else sentence_region(index, sentence)
    return QuantityRecord(box=passage.box, region_code=region, page=page, x0=round(bbox.x0, 2),
                          top=round(bbox.top, 2), x1=round(bbox.x1, 2), bottom=round(bbox.bottom, 2),
                          text=passage.text[start:end], sentence=sentence, value=number_of(found), unit=unit,
                          kind=kind, role=role, qualifier=qualifier, year=year)


def has_digits(text: str) -> bool:
    """True when the text prints a number in digits (what the language stage must parse)."""
    return DIGITS.search(text) is not None


def read_text(text: str, nlp: Language | None = None, index: RegionIndex | None = None,
              context: Context = Context()) -> list[QuantityRecord]:
    """The quantities of one free-standing passage.

    >>> [(q.value, q.unit, q.kind, q.role, q.qualifier) for q in read_text("L’aide est limitée à 5 postes.")]
    [(5.0, 'poste', 'count', 'cap', 'max')]
    """
    from pipeline.language.nlp import french
    from pipeline.structure.regions import default_index
    nlp, index = nlp or french(), index or default_index()
    passage = Passage.from_text(text)
    return passage_numbers(passage, nlp(text), nlp, index, context)[0]


def dispositions(text: str, nlp: Language | None = None, context: Context = Context()) -> list[NumberRecord]:
    """What became of each number of a free-standing passage (tests, ad-hoc reading)."""
    from pipeline.language.nlp import french
    from pipeline.structure.regions import default_index
    nlp = nlp or french()
    passage = Passage.from_text(text)
    return passage_numbers(passage, nlp(text), nlp, default_index(), context)[1]
