"""Every organisation a box names besides its own regional council.

Three sources, all read from the language stage's one spaCy pass:

1. **The reference list** ``schemas/organisations_iae.csv`` (the IAE field's
   bodies: the State and its services, Pôle emploi, training funds, networks,
   funds …) becomes the patterns of a spaCy ``SpanRuler`` (spans key
   ``organisations``, label = ``org_id``). A name starts with a capital
   ("Pôle Emploi", not "le relais"); acronyms match as printed, and also
   within two edits (``FUZZY2``) when six letters or more, so "DIRRECTE" and
   "AGEFAFOS PME" resolve to DIRECCTE and AGEFOS PME and are reported as
   misprints. An alias with ``{place}`` needs a place name beside it
   ("Conseil général de l'Hérault", "Franche-Comté Active"); the ``place``
   column says what a place does: ``branch`` (a local branch of the same
   body: "FACE Hérault" is FACE), ``distinct`` (another body: each Conseil
   général), ``regional`` (a regional council: dropped when it is the box's
   own region or names none).
2. **Acronyms** the list does not know: an upper-case word that is not a
   region, a structure type or a term of the field (``schemas/iae_terms.csv``:
   ETP, RSA, CDI …). It names a scheme, not a body, when a scheme noun comes
   right before it ("le dispositif SAFRAN", "plan régional PROGRESS") or its
   spelled-out form starts with one ("Plan d'Appui Régional … (PARIE)"); the
   spelled-out form is found by the acronym's initials ("Institut de
   formation et de recherche en éducation à l'environnement (Ifrée)").
3. **Names in a list of bodies**: the capitalised items of a bracket, colon
   or "dont" list after a category noun ("les réseaux de l'IAE (AAI, …,
   CRCE-GEIQ)", "réseaux nationaux existants (Table de Cana, Feuille
   d'Erable)"), and capitalised names headed by an organisation noun
   ("l'Agence Régionale de la Formation tout au long de la vie").

Names from 2 and 3 are kept, with a kind read from their head noun or
their list's category, and reported as not in the reference list; none is
dropped. The model's NER is not used: it is excluded from the pipeline for
speed, and these three sources find every body the boxes name.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.core.paths import ORGANISATIONS_CSV, TERMS_CSV
from pipeline.core.text import folded
from pipeline.language.nlp import REGION_SPANS
from pipeline.language.targets import mentions_in, sentence_around
from pipeline.structure.passages import Passage
from pipeline.structure.regions import RegionIndex

if TYPE_CHECKING:
    from spacy.pipeline import SpanRuler

ORG_SPANS = "organisations"
RULER = "organisation_ruler"
PLACE = "{place}"
FUZZY_MIN_LENGTH = 6      # acronyms this long may be matched within two edits
MAX_NAME_TOKENS = 14      # a name headed by an organisation noun is at most this long
LONG_FORM_WINDOW = 16     # tokens back from "(ACR)" where its spelled-out form may start
# An acronym as printed: two or more capitals, digits, inner hyphens ("CRCE-GEIQ" is three tokens).
ACRONYM = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9&]+$")
# A word that starts with a capital (a place, a name).
CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-Þ]")
PREPOSITIONS = ["de", "du", "des", "d'", "d’"]
ARTICLES = ["l'", "l’", "la", "le", "les"]
# Function words that may sit inside a name: "Club Régional d'Entreprises Partenaires de l'Insertion".
NAME_JOINERS = {"de", "du", "des", "d'", "d’", "l'", "l’", "la", "le", "les", "pour", "et", "à", "au", "aux", "en",
                "par", "sur"}
# Nouns that head a named body when capitalised: "Agence Régionale de …", "Fédération …".
NAMED_HEADS = {"agence": "public_body", "institut": "public_body", "office": "public_body",
               "observatoire": "public_body", "établissement": "public_body", "université": "public_body",
               "chambre": "public_body", "association": "company_or_association",
               "fondation": "company_or_association", "caisse": "company_or_association",
               "fédération": "network", "union": "network", "club": "network", "confédération": "network",
               "réseau": "network", "syndicat": "network", "fonds": "fund"}
# Heads of a spelled-out acronym that make it a body ("Groupement aquitain des réseaux … (GARIE)").
EXPANSION_HEADS = {**NAMED_HEADS, "groupement": "network", "collectif": "network", "comité": "network",
                   "société": "company_or_association", "coopérative": "company_or_association",
                   "entreprise": "company_or_association", "maison": "public_body", "mission": "public_body",
                   "conseil": "public_body", "initiative": "network"}
# Nouns that name a scheme, not a body: "le dispositif SAFRAN", "Plan d'Appui Régional (PARIE)".
SCHEME_NOUNS = {"dispositif", "plan", "programme", "outil", "contrat", "schéma", "appel", "aide", "charte",
                "pacte", "accord", "fiche", "label", "prime", "projet", "démarche", "opération", "action",
                "emploi", "parcours", "mesure", "politique", "stratégie", "pass", "contrat-cadre", "type"}
# Nouns of a list of bodies, with the kind their members take (None: the member's own).
CATEGORIES = {"réseau": "network", "relais": "public_body", "financeur": "fund", "fonds": "fund",
              "organisme": "company_or_association", "association": "company_or_association",
              "partenaire": None, "acteur": None, "opérateur": None, "membre": None}
DEFAULT_KIND = "company_or_association"



@dataclass(frozen=True)
class Reference:
    org_id: str
    name: str
    kind: str
    place: str                 # "", branch, distinct or regional
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class OrgMention:
    """One mention of an organisation in a box."""

    box: str
    org_id: str
    name: str
    kind: str
    printed: str
    page: int
    sentence: str
    in_reference: bool
    misprint: bool
    long_form: str | None = None


@dataclass
class Evidence:
    """What the whole document says about an unknown acronym or name."""

    scheme: bool = False
    body: bool = False
    kind: str | None = None
    long_form: str | None = None


def load_reference(path: Path = ORGANISATIONS_CSV) -> list[Reference]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Reference(row["org_id"], row["name"], row["kind"], row["place"],
                          tuple(a.strip() for a in row["aliases"].split("|") if a.strip()))
                for row in csv.DictReader(handle)]


def load_terms(path: Path = TERMS_CSV) -> frozenset[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["term"] for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def reference_by_id() -> dict[str, Reference]:
    return {r.org_id: r for r in load_reference()}


@lru_cache(maxsize=1)
def terms() -> frozenset[str]:
    return load_terms()


def plain(text: str) -> str:
    """Lower case, no accents, curly apostrophes straightened: for comparing spellings.

    >>> plain("Pôle Emploi") == plain("pole emploi"), plain("l’État")
    (True, "l'etat")
    """
    return " ".join(folded(text.replace("’", "'")).split())


# The word lists compare on plain forms (no accents, lower case).
NAMED_HEADS = {plain(k): v for k, v in NAMED_HEADS.items()}
EXPANSION_HEADS = {plain(k): v for k, v in EXPANSION_HEADS.items()}
SCHEME_NOUNS = {plain(k) for k in SCHEME_NOUNS}
CATEGORIES = {plain(k): v for k, v in CATEGORIES.items()}


def org_id_of(name: str) -> str:
    """A stable id from a name: ASCII words joined by hyphens.

    >>> org_id_of("Conseil général (Haute-Corse)")
    'conseil-general-haute-corse'
    """
    return "-".join(re.findall(r"[a-z0-9]+", plain(name)))


def is_acronym_alias(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def token_pattern(text: str, position: int, acronym: bool) -> dict:
    """One alias token: an acronym as printed; a word case-insensitively, the
    first word of a name capitalised; either apostrophe."""
    if acronym or (text.isupper() and len(text) > 1):
        return {"ORTH": text}
    forms = sorted({text.lower(), text.lower().replace("'", "’")})
    spec: dict = {"LOWER": {"IN": forms}} if len(forms) > 1 else {"LOWER": forms[0]}
    if position == 0:
        spec["IS_LOWER"] = False
    return spec


PLACE_AFTER = [{"LOWER": {"IN": PREPOSITIONS}, "OP": "?"}, {"LOWER": {"IN": ARTICLES}, "OP": "?"},
               {"TEXT": {"REGEX": CAPITALISED.pattern}}]
PLACE_BEFORE = [{"TEXT": {"REGEX": CAPITALISED.pattern}}]


def ruler_patterns(nlp: Language, reference: list[Reference]) -> list[dict]:
    """SpanRuler patterns of every alias: exact, and fuzzy for long acronyms."""
    patterns = []
    for entry in reference:
        for alias in entry.aliases:
            side = "after" if alias.endswith(PLACE) else "before" if alias.startswith(PLACE) else ""
            fixed = alias.replace(PLACE, "").strip()
            words = [t.text for t in nlp.make_doc(fixed)]
            acronym = is_acronym_alias(fixed)
            exact = [token_pattern(w, k if side != "before" else k + 1, acronym) for k, w in enumerate(words)]
            fuzzy = [dict({"ORTH": {"FUZZY2": w}, "IS_UPPER": True}) if acronym and len(w) >= FUZZY_MIN_LENGTH
                     else p for w, p in zip(words, exact, strict=True)]
            for kind, tokens in (("exact", exact), ("fuzzy", fuzzy)):
                if kind == "fuzzy" and tokens == exact:
                    continue
                full = (tokens + PLACE_AFTER if side == "after"
                        else PLACE_BEFORE + tokens if side == "before" else tokens)
                patterns.append({"label": entry.org_id, "id": f"{kind}|{side}", "pattern": full})
    return patterns


def with_organisations(nlp: Language) -> Language:
    """``nlp`` with the reference list's SpanRuler last (added once)."""
    if RULER not in nlp.pipe_names:
        ruler = cast("SpanRuler", nlp.add_pipe("span_ruler", name=RULER, last=True, config={
            "spans_key": ORG_SPANS, "overwrite": True,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}}))
        ruler.add_patterns(ruler_patterns(nlp, load_reference()))
    return nlp


# --- places beside a name ------------------------------------------------------------------

def place_after(doc: Doc, i: int) -> int:
    """End of a place name starting at token ``i`` (after an optional "de l'"), or ``i``."""
    j = i
    if j < len(doc) and doc[j].lower_ in PREPOSITIONS:
        j += 1
    if j < len(doc) and doc[j].lower_ in ARTICLES:
        j += 1
    if j >= len(doc) or not CAPITALISED.match(doc[j].text) or doc[j].is_upper and len(doc[j]) > 1 and j == i:
        return i
    j += 1
    while j < len(doc):
        if j + 1 < len(doc) and doc[j - 1].whitespace_ == "" and doc[j].text in "-‐" and doc[j].whitespace_ == "":
            j += 2  # "Languedoc-Roussillon"
            continue
        k = j
        while k < len(doc) and doc[k].lower_ in PREPOSITIONS + ARTICLES:
            k += 1
        if k > j and k < len(doc) and CAPITALISED.match(doc[k].text) and doc[k].is_alpha:
            j = k + 1  # "Pays de la Loire"
            continue
        break
    return j


def place_before(doc: Doc, i: int) -> int:
    """Start of a place name ending right before token ``i``, or ``i``."""
    j = i - 1
    if j < 0 or not CAPITALISED.match(doc[j].text):
        return i
    while j - 2 >= 0 and doc[j - 1].text in "-‐" and doc[j - 2].whitespace_ == "" and doc[j - 1].whitespace_ == "":
        j -= 2
    return j


def place_core(text: str) -> str:
    """A place without its leading preposition and article: "de l’Hérault" -> "Hérault"."""
    words = text.replace("’", "' ").replace("'", "' ").split()
    while words and words[0].lower().rstrip("'") in {"de", "du", "des", "d", "l", "la", "le", "les"}:
        words = words[1:]
    return " ".join(words).replace("' ", "'").replace("- ", "-")


@dataclass
class Known:
    """A reference-list mention, resolved."""

    start: int
    end: int
    org_id: str
    name: str
    kind: str
    printed: str
    misprint: bool
    own: bool


def resolve_known(span: Span, index: RegionIndex, box_region: str | None) -> Known:
    entry = reference_by_id()[span.label_]
    kind_of_match, side = span.id_.split("|")
    doc = span.doc
    start, end = span.start, span.end
    place_text = ""
    if side == "after":
        fixed_end = end - 1
        while fixed_end > start and doc[fixed_end - 1].lower_ in PREPOSITIONS + ARTICLES:
            fixed_end -= 1
        end = place_after(doc, fixed_end)
        place_text = doc[fixed_end:end].text
    elif side == "before":
        start = place_before(doc, start + 1)
        place_text = doc[start:span.start + 1].text
    elif entry.place:
        after = place_after(doc, end)
        if after > end and not any(s.start < after and s.end > end for s in doc.spans[ORG_SPANS] if s != span):
            place_text, end = doc[end:after].text, after
    printed = doc[start:end].text
    misprint = kind_of_match == "fuzzy" and not any(plain(a.replace(PLACE, "")).strip() in plain(printed)
                                                     for a in entry.aliases)
    core = place_core(place_text)
    name, org_id, own = entry.name, entry.org_id, False
    if entry.place == "regional":
        region = index.resolve(core) or (index.resolve_prefix(core) or (None, ""))[0] if core else None
        own = region is None or region.code == box_region
        if region is not None and not own:
            name = f"{entry.name} ({region.name})"
            org_id = org_id_of(name)
    elif entry.place == "distinct" and core:
        name = f"{entry.name} ({core})"
        org_id = org_id_of(name)
    return Known(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), org_id, name, entry.kind, printed,
                 misprint, own)


# --- what the document says about names the list does not know ----------------------------

def initials_start(doc: Doc, open_paren: int, short: str) -> int | None:
    """Where the spelled-out form of ``short`` starts before "(", by its initials.

    The capitals of the short form must be, in order, the first letters of
    content words (articles and prepositions skipped), the first one
    starting the long form: "Club Régional d'Entreprises Partenaires de
    l'Insertion (CREPI)".
    """
    letters = plain(re.sub(r"[^A-Za-zÀ-ÿ]", "", short))
    if len(letters) < 2:
        return None
    words = []
    for i in range(open_paren - 1, max(-1, open_paren - 1 - LONG_FORM_WINDOW), -1):
        token = doc[i]
        if token.is_punct or token.text in CLAUSE_BREAKS:
            break
        if token.is_alpha and token.lower_ not in NAME_JOINERS:
            words.append(i)
    best = None
    for k in range(len(words)):
        first = words[k]
        initials = [plain(doc[i].text)[0] for i in reversed(words[:k + 1])]
        if initials[0] == letters[0] and _subsequence(letters, initials):
            best = first
            break
    return best


CLAUSE_BREAKS = {",", ";", ":", "(", ")", "."}


def _subsequence(letters: str, initials: list[str]) -> bool:
    """The short form's letters appear in order among the words' initials, all
    of which (bar a few skipped words) are used: "ARSIE" from Aide Régionale
    (aux) Structures (d')Insertion (par l')Activité Économique."""
    k = 0
    for initial in initials:
        if k < len(letters) and initial == letters[k]:
            k += 1
    return k == len(letters) and len(initials) - len(letters) <= 2


def head_noun(doc: Doc, start: int) -> str:
    return plain(doc[start].lemma_ if doc[start].pos_ == "NOUN" else doc[start].text)


def scheme_before(doc: Doc, i: int) -> bool:
    """A scheme noun right before a name, adjectives and quotes aside: "le dispositif
    SAFRAN", "plan régional PROGRESS", "dispositif « TRACE »"."""
    for j in range(i - 1, max(-1, i - 4), -1):
        token = doc[j]
        if plain(token.lemma_) in SCHEME_NOUNS or plain(token.text) in SCHEME_NOUNS:
            return True
        if not (token.pos_ in {"ADJ", "DET"} or token.text in {"«", "»", '"', "“", "”"}):
            return False
    return False


def copula_body(doc: Doc, i: int) -> str | None:
    """"REPLIC est une Société Coopérative …": the kind its predicate gives."""
    if i + 3 < len(doc) and doc[i + 1].lemma_ == "être" and doc[i + 2].lower_ in {"un", "une"}:
        return EXPANSION_HEADS.get(plain(doc[i + 3].lemma_)) or EXPANSION_HEADS.get(plain(doc[i + 3].text))
    return None


def category_at(doc: Doc, i: int) -> tuple[bool, str | None]:
    """Is the noun phrase ending before token ``i`` a category of bodies, and its members' kind?"""
    for j in range(i - 1, max(-1, i - 6), -1):
        token = doc[j]
        if token.text in CLAUSE_BREAKS - {"("}:
            break
        lemma = plain(token.lemma_)
        if lemma in CATEGORIES:
            return True, CATEGORIES[lemma]
        # "plusieurs OPCA (A, B, C)": a body of the list names the category.
        for span in doc.spans.get(ORG_SPANS, []):
            if span.start <= j < span.end:
                return True, reference_by_id()[span.label_].kind
    return False, None


def list_items(doc: Doc) -> list[tuple[Span, str | None]]:
    """Items of lists of bodies: "(A, B, C)", ": A, B et C", "dont A, B" after a category."""
    items = []
    for token in doc:
        if token.text not in {"(", ":"} and token.lower_ != "dont":
            continue
        is_category, kind = category_at(doc, token.i)
        if not is_category:
            continue
        closing = {")"} if token.text == "(" else {".", ";", ")"}
        end = token.i + 1
        while end < len(doc) and doc[end].text not in closing:
            end += 1
        body = doc[token.i + 1:end]
        if "," not in body.text and " et " not in body.text:
            continue
        offset = body.start_char
        for m in re.finditer(r"[^,;]+", body.text):
            for part in re.split(r"\s+(?:et|ou)\s+", m.group(0)):
                start = offset + m.start() + m.group(0).find(part)
                item = doc.char_span(start, start + len(part), alignment_mode="contract")
                if item is not None and len(item):
                    items.append((item, kind))
    return items


def capitalised_run(item: Span) -> Span | None:
    """The name inside a list item: from its first capitalised word to its last."""
    caps = [t for t in item if CAPITALISED.match(t.text) and t.is_alpha or ACRONYM.match(t.text)]
    if not caps:
        return None
    return item.doc[caps[0].i:caps[-1].i + 1]


def named_extent(doc: Doc, i: int) -> int:
    """End of a name headed by an organisation noun at ``i``: through capitalised
    words, joiners and the words of its complement, up to a new noun phrase,
    a clause break, a verb or a bracket."""
    j = i + 1
    last = i + 1
    while j < len(doc) and j - i < MAX_NAME_TOKENS:
        token = doc[j]
        if token.is_punct or token.pos_ in {"VERB", "AUX", "PRON", "SCONJ"}:
            break
        if token.pos_ == "DET" and doc[j - 1].lower_ not in NAME_JOINERS:
            break  # "… tout au long de la vie | la mission": a new noun phrase
        if token.lower_ not in NAME_JOINERS:
            last = j + 1
        j += 1
    return last


@dataclass
class Candidate:
    """A name the reference list does not know, where it is printed."""

    doc_index: int
    start: int            # token
    end: int
    name: str
    kind: str | None = None
    reason: str = ""
    long_form: str | None = None


def in_reference_span(doc: Doc, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in doc.spans.get(ORG_SPANS, []))


def covered(doc: Doc, start: int, end: int) -> bool:
    spans = list(doc.spans.get(ORG_SPANS, [])) + list(doc.spans.get(REGION_SPANS, []))
    return any(s.start < end and start < s.end for s in spans)


def is_type_or_term(text: str) -> bool:
    """A structure type ("GEIQ", "Régies de Quartier") or a term of the field ("ETP", "CDI")."""
    if text in terms():
        return True
    found = mentions_in(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text)


def shouting(doc: Doc) -> bool:
    """Text set in capitals: its capitalised words are not acronyms."""
    letters = [c for c in doc.text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def find_candidates(docs: list[Doc]) -> tuple[list[Candidate], dict[str, Evidence]]:
    """Unknown acronyms and names in the docs, with document-wide evidence for each."""
    evidence: dict[str, Evidence] = {}
    candidates: list[Candidate] = []
    for k, doc in enumerate(docs):
        if shouting(doc):
            continue
        items = list_items(doc)
        listed = {t.i: kind for item, kind in items for t in item}
        regions = {(s.start, s.end) for s in doc.spans.get(REGION_SPANS, [])}
        taken = {i for s in list(doc.spans.get(ORG_SPANS, [])) + list(doc.spans.get(REGION_SPANS, []))
                 for i in range(s.start, s.end)}
        for item, kind in items:
            run = capitalised_run(item)
            if run is None or in_reference_span(doc, run.start, run.end) or (run.start, run.end) in regions \
                    or is_type_or_term(run.text):
                continue
            if len(run) == 1 and not ACRONYM.match(run.text) and not run[0].is_title:
                continue
            e = evidence.setdefault(run.text, Evidence())
            e.body, e.kind = True, e.kind or kind
            candidates.append(Candidate(k, run.start, run.end, run.text, kind, "list"))
        for token in doc:
            i = token.i
            if i in taken or any(c.doc_index == k and c.start <= i < c.end for c in candidates):
                continue
            expansion = (i > 0 and doc[i - 1].text == "(" and i + 1 < len(doc) and doc[i + 1].text == ")"
                         and CAPITALISED.match(token.text) and token.is_alpha)
            if ACRONYM.match(token.text) and not is_type_or_term(token.text) and len(token.text) > 1:
                e = evidence.setdefault(token.text, Evidence())
                if scheme_before(doc, i):
                    e.scheme = True
                body_kind = copula_body(doc, i)
                if body_kind:
                    e.body, e.kind = True, e.kind or body_kind
                if i in listed:
                    e.body, e.kind = True, e.kind or listed[i]
                candidates.append(Candidate(k, i, i + 1, token.text, None, "acronym"))
            if expansion and not is_type_or_term(token.text):
                first = initials_start(doc, i - 1, token.text)
                if first is not None:
                    e = evidence.setdefault(token.text, Evidence())
                    head = head_noun(doc, first)
                    e.long_form = e.long_form or doc[first:i - 1].text
                    if head in SCHEME_NOUNS:
                        e.scheme = True
                    elif head in EXPANSION_HEADS or plain(doc[first].text) in EXPANSION_HEADS:
                        e.body = True
                        e.kind = e.kind or EXPANSION_HEADS.get(head) or EXPANSION_HEADS.get(plain(doc[first].text))
                    if not ACRONYM.match(token.text):
                        candidates.append(Candidate(k, i, i + 1, token.text, None, "expansion"))
            named = next((h for h in (plain(token.text), plain(token.lemma_)) if h in NAMED_HEADS), None)
            if token.is_title and named and not (i > 0 and doc[i - 1].lower_ in {"un", "une", "des"}):
                end = named_extent(doc, i)
                # A reference name may sit inside ("Association Régionale des Missions Locales"), not on its head.
                if end - i > 1 and not covered(doc, i, i + 1):
                    # "Institut de formation … (Ifrée)": the short form in brackets carries the name.
                    follows = end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"
                    if not follows:
                        name = doc[i:end].text
                        evidence.setdefault(name, Evidence(body=True, kind=NAMED_HEADS[named]))
                        candidates.append(Candidate(k, i, end, name, NAMED_HEADS[named], "named"))
    return candidates, evidence


def is_body(name: str, evidence: dict[str, Evidence]) -> bool:
    """Kept as an organisation unless only scheme evidence speaks for it."""
    e = evidence.get(name, Evidence())
    return e.body or not e.scheme


@dataclass
class Pending:
    """A mention found in a window; an unknown name's kind and whether it is
    kept wait for what the whole document says of it."""

    mention: OrgMention
    candidate: str | None = None  # the unknown name whose evidence decides
    kind: str | None = None       # that name's own kind, as printed


def read_organisations(passages: list[Passage], docs: list[Doc], box_regions: Mapping[str, str | None],
                       titles: dict[int, str], index: RegionIndex) -> list[OrgMention]:
    """Every organisation each box names, in reading order (its own council left out).

    ``titles`` maps a header passage's position to its box title, which is
    then the mention's sentence.
    """
    pending, evidence = pending_organisations(passages, docs, box_regions, titles, index)
    return settle(pending, evidence)


def pending_organisations(passages: list[Passage], docs: list[Doc], box_regions: Mapping[str, str | None],
                          titles: dict[int, str], index: RegionIndex) -> tuple[list[Pending], dict[str, Evidence]]:
    """One window's mentions, in reading order, and what the window says of unknown names."""
    boxed = [(k, p, d) for k, (p, d) in enumerate(zip(passages, docs, strict=True)) if p.box is not None]
    candidates, evidence = find_candidates([d for _, _, d in boxed])
    by_doc: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_doc.setdefault(c.doc_index, []).append(c)
    pending: list[Pending] = []
    for n, (k, passage, doc) in enumerate(boxed):
        assert passage.box is not None  # boxed keeps passages printed in a box
        region = box_regions[passage.box]
        found: list[tuple[int, Pending]] = []
        previous: Known | None = None
        named = [(c.start, c.end) for c in by_doc.get(n, []) if c.reason == "named"]
        for span in doc.spans[ORG_SPANS]:
            if any(start <= span.start and span.end <= end for start, end in named):
                continue  # part of a longer name: "Association Régionale des Missions Locales"
            known = resolve_known(span, index, region)
            if known.own:
                continue
            # "Plans locaux pour l'insertion et l'emploi (Plie)": one mention, not two, printed whole.
            if previous is not None and previous.org_id == known.org_id and \
                    doc.text[previous.end:known.start].strip() == "(":
                start, first = found[-1]
                printed = f"{first.mention.printed} ({known.printed})"
                found[-1] = (start, Pending(replace(first.mention, printed=printed)))
                continue
            previous = known
            found.append((known.start, Pending(mention(passage, doc, titles.get(k), known.start, known.end,
                                                       known.org_id, known.name, known.kind, known.printed, True,
                                                       known.misprint))))
        for c in by_doc.get(n, []):
            start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
            found.append((start, Pending(mention(passage, doc, titles.get(k), start, end, org_id_of(c.name), c.name,
                                                 c.kind or DEFAULT_KIND, doc.text[start:end], False, False),
                                         c.name, c.kind)))
        pending += [p for _, p in sorted(found, key=lambda pair: pair[0])]
    return pending, evidence


def merge_evidence(into: dict[str, Evidence], more: dict[str, Evidence]) -> None:
    """What a later window says of a name, added to what earlier ones said."""
    for name, e in more.items():
        held = into.setdefault(name, Evidence())
        held.scheme, held.body = held.scheme or e.scheme, held.body or e.body
        held.kind, held.long_form = held.kind or e.kind, held.long_form or e.long_form


def settle(pending: list[Pending], evidence: dict[str, Evidence]) -> list[OrgMention]:
    """The mentions kept once the whole document has spoken of each unknown name."""
    kept = []
    for p in pending:
        if p.candidate is None:
            kept.append(p.mention)
        elif is_body(p.candidate, evidence):
            e = evidence.get(p.candidate, Evidence())
            kept.append(replace(p.mention, kind=e.kind or p.kind or DEFAULT_KIND, long_form=e.long_form))
    return kept


def mention(passage: Passage, doc: Doc, title: str | None, start: int, end: int, org_id: str, name: str,
            kind: str, printed: str, in_reference: bool, misprint: bool, long_form: str | None = None) -> OrgMention:
    assert passage.box is not None  # organisations are read in boxes only
    return OrgMention(box=passage.box, org_id=org_id, name=name, kind=kind, printed=printed,
                      page=passage.place(start, end)[0], sentence=title or sentence_around(doc, start),
                      in_reference=in_reference, misprint=misprint, long_form=long_form)


def read_text(text: str, region: str | None = None) -> list[OrgMention]:
    """The organisations one free-standing box text names.

    >>> [(m.name, m.misprint)
    ...  for m in read_text("La Région et la DIRRECTE ont confié la mission au CG de Haute-Corse.")]
    [('DIRECCTE', True), ('Conseil général (Haute-Corse)', False)]
    """
    from pipeline.language.nlp import french
    from pipeline.structure.regions import default_index
    nlp = with_organisations(french())
    passage = Passage.from_text(text)
    passage.box = "box"
    return read_organisations([passage], [nlp(text)], {"box": region}, {}, default_index())
