"""Joining printed lines into running text, and keys for comparing titles."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The signs a list item is printed with (besides a letter "o" used as a bullet).
BULLET_SIGNS = "•▪●◦■–—‐-"
# A list item starts with a bullet or dash and a space: "• une aide", "- La Région",
# "‐ la nature", "o Des réseaux".
BULLET = re.compile(rf"^(?:[{BULLET_SIGNS}]|o)\s")
# A line ending in a hyphen right after a letter: "Poitou-", "mi-", "dévelop-".
LINE_END_HYPHEN = re.compile(r"(?<=\w)[-‐]$")
# A line starting with a hyphen glued to a letter: the rest of a hyphenated word
# broken before its hyphen ("services-en" / "-ligne"), not a dash item ("- la").
LINE_START_HYPHEN = re.compile(r"^[-‐]\w")
# A web address cut at a line's end, and its rest on the next line: a narrow
# column breaks "www.paysdelaloire.fr/services-en-lign" / "e/marches-publics/".
URL_END = re.compile(r"(?:^|\s)(?:www\.|https?://)\S*\w$")
URL_START = re.compile(r"^[\w-]*[/.]\w")
# A slash glued to the word before it, at a line's end: "Région/Etat/OPCA/".
GLUED_SLASH = re.compile(r"\w/$")
# A word as the vocabulary counts it: letters, digits and inner hyphens.
WORD = re.compile(r"\w+(?:[-‐]\w+)*")


def list_bullet(text: str) -> str | None:
    """The bullet a list item opens with, or None for other text; a bullet
    printed alone (its item on the next word or line) counts.

    >>> list_bullet("• une aide"), list_bullet("•"), list_bullet("o Des réseaux"), list_bullet("orientation")
    ('•', '•', 'o', None)
    """
    found = BULLET.match(text + " ")
    return found.group(0)[0] if found else None


def is_list_item(text: str) -> bool:
    """Whether ``text`` (a line, a passage, a row's first word) opens a list item.

    >>> is_list_item("- La Région"), is_list_item("-ligne/marches-publics/"), is_list_item("Le GEIQ")
    (True, False, False)
    """
    return list_bullet(text) is not None


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased words printed anywhere in the document.

    >>> sorted(vocabulary(["Mi-temps et développement"]))
    ['développement', 'et', 'mi-temps']
    """
    return frozenset(w.casefold() for text in texts for w in WORD.findall(text))


def line_break(left: str, right: str, known: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """What replaces the break between two lines: (" " or "", drop the hyphen?).

    >>> line_break("au minimum à mi-", "temps.")
    ('', False)
    >>> line_break("www.paysdelaloire.fr/services-en", "-ligne/marches-publics/")  # broken before the hyphen
    ('', False)
    >>> line_break("www.paysdelaloire.fr/services-en-lign", "e/marches-publics/")  # a web address cut anywhere
    ('', False)
    >>> line_break("Accords-cadres Région/Etat/OPCA/", "Pôle Emploi")  # a slashed list broken after a slash
    ('', False)
    >>> line_break("(SIAE / OPCA /", "financeurs)")  # a spaced slash keeps its space
    (' ', False)
    """
    left, right = left.rstrip(), right.lstrip()
    if LINE_START_HYPHEN.match(right) and left[-1:].isalnum():
        return "", False
    if URL_END.search(left) and URL_START.match(right):
        return "", False
    if GLUED_SLASH.search(left) and right[:1].isalnum():  # "Région/Etat/OPCA/" / "Pôle Emploi"
        return "", False
    if not LINE_END_HYPHEN.search(left) or not right[:1].isalnum():
        return " ", False
    left_words, right_words = WORD.findall(left), WORD.findall(right)
    head = left_words[-1].rstrip("-‐") if left_words else ""
    tail = right_words[0] if right_words else ""
    split_word = (head + tail).casefold() in known and f"{head}-{tail}".casefold() not in known
    return "", split_word


def join_two(left: str, right: str, known: frozenset[str] = frozenset()) -> str:
    """Join two printed lines, repairing a word split at the line end.

    The hyphen is kept (it is a real one: "Poitou-Charentes", "mi-temps")
    unless the word without it is printed elsewhere in the document and the
    hyphenated form is not, which is what a typesetter's split looks like.

    >>> join_two("au minimum à mi-", "temps.")
    'au minimum à mi-temps.'
    >>> join_two("le dévelop-", "pement local", frozenset({"développement"}))
    'le développement local'
    >>> join_two("une aide", "au poste")
    'une aide au poste'
    """
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    separator, drop_hyphen = line_break(left, right, known)
    return (left[:-1] if drop_hyphen else left) + separator + right


def join_lines(lines: Iterable[str], known: frozenset[str] = frozenset()) -> str:
    """Join lines into one whitespace-collapsed string.

    >>> join_lines(["Pays de la", "Loire"])
    'Pays de la Loire'
    """
    text = ""
    for line in lines:
        text = join_two(text, line, known) if text else line.strip()
    return " ".join(text.split())


def folded(text: str) -> str:
    """Lower case, accents taken off: the one key every comparison of printed
    words starts from (titles, region names, organisation names, slugs).

    >>> folded("Île-de-France, RÉGIONS")
    'ile-de-france, regions'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def title_key(text: str) -> str:
    """Letters and digits only, lower case, no accents: for matching titles.

    >>> title_key("SOUTIEN AU DÉVELOPPEMENT DE L’EMPLOI")
    'soutienaudeveloppementdelemploi'
    """
    return "".join(c for c in folded(text) if c.isalnum())
