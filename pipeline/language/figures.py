"""The grammar of French money amounts and percentages, as named regexes.

Reads "10 000€", "10 000 €" (ordinary, non-breaking or narrow no-break
spaces), "2 230 025 €", "1,7 M€", "400 K€", "15 k€", "29 millions d’euros",
"1,5 million d’euros", "3 millions de chiffre d’affaires", "2 500 euros",
"80 %", "30%", "12,5 %", and bare numbers coordinated with one of those
("de 1,5 à 2 M€", "1 000, 1 500 ou 2 000 €"). Fractions ("2/3", "12 sur 21")
are not percentages and are not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SPACE = r"[ \u00a0\u202f]"
# A number as printed: "10 000", "2 230 025", "1,7", "48,4", "400", "0,5". Thousands
# groups are exactly three digits after a space; the lookbehind stops a match
# inside a longer number or a fraction ("2/3") or after a URL escape's "%"
# ("%20035%20" is not 20 035 %). No number starts with a zero followed by
# digits: "000 €" is the tail of "20 000 €" broken over two lines and read out
# of order, not an amount of 0 €.
NUMBER = rf"(?<![\d,./%])(?:[1-9]\d{{0,2}}(?:{SPACE}\d{{3}})+|[1-9]\d*|0)(?:,\d+)?(?![\d/])"
# Multipliers written before the unit: "K€", "k€", "M€", "millions d’euros".
EURO_UNIT = (
    rf"(?P<unit>(?P<kilo>[kK]{SPACE}?€)|(?P<mega>M{SPACE}?€)|€"
    rf"|(?P<word>milliards?|millions?){SPACE}+(?:d[’']{SPACE}?euros?|de{SPACE}+(?i:chiffres?{SPACE}+d[’']{SPACE}?affaires|CA)\b)"
    rf"|euros?\b)"
)
# A "%" glued to a letter or digit after it is a URL escape or a format code
# ("2018%20", "%d"), not a percent sign.
PERCENT_UNIT = rf"(?P<unit>%(?!\w)|pour{SPACE}?cent\b)"
# "10 000€", "1,7 M€", "29 millions d’euros".
EURO_AMOUNT = re.compile(rf"(?P<number>{NUMBER}){SPACE}*{EURO_UNIT}")
# "80 %", "30%", "12,5 %".
PERCENTAGE = re.compile(rf"(?P<number>{NUMBER}){SPACE}*{PERCENT_UNIT}")
# A bare number coordinated with a figure that has a unit: the "1 000" and
# "1 500" of "1 000, 1 500 ou 2 000 €", the "1,5" of "de 1,5 à 2 M€".
# Commas alone do not coordinate ("Année 1, 65 %"): the list must end in
# "ou"/"et", or the pair be "de … à …".
# The tail is bounded (a list of at most MAX_LIST_ITEMS) so that a long run
# of "1 000, 1 000, …" is read in linear time, not re-scanned from every number.
MAX_LIST_ITEMS = 12
LIST_TAIL = rf"(?:{SPACE}*,{SPACE}*{NUMBER}){{0,{MAX_LIST_ITEMS}}}{SPACE}+(?:ou|et){SPACE}+"
COORDINATED_NUMBER = re.compile(
    rf"(?:(?<=\bde ){NUMBER}(?={SPACE}+à{SPACE}+{NUMBER})|(?P<number>{NUMBER})(?={LIST_TAIL}{NUMBER}))"
)
# A year as printed: four digits from 1900 to 2099 with no thousands space
# ("1993", "2014"; not "2 012"). A pattern to build others from.
YEAR_DIGITS = r"(?:19|20)\d\d"
# A number that is a year and nothing else ("2011", not "2 230 025"): years are
# neither amounts, even in a list ("en 2011 à 2 230 025 €"), nor counts.
WHOLE_YEAR = re.compile(rf"^{YEAR_DIGITS}$")
# A bare number shares the unit of a figure at most this many characters after
# it ("1 000, 1 500 ou 2 000 €"), not of one printed further in the sentence.
MAX_COORDINATION_REACH = 40
MULTIPLIERS = {"kilo": 1_000, "mega": 1_000_000}
WORD_MULTIPLIERS = {"million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000,
                    "milliards": 1_000_000_000}


@dataclass(frozen=True)
class Figure:
    """One amount or percentage found in a text: where, as printed, and its value."""

    start: int
    end: int
    text: str
    value: float
    unit: str  # "EUR" or "%"


def number_value(printed: str) -> float:
    """A printed number's value, whatever spaces group its thousands.

    >>> number_value("2 230 025"), number_value("1,7"), number_value("10\u00a0000")
    (2230025.0, 1.7, 10000.0)
    """
    return float(re.sub(SPACE, "", printed).replace(",", "."))


def euro_multiplier(match: re.Match) -> int:
    for group, factor in MULTIPLIERS.items():
        if match.group(group):
            return factor
    word = match.group("word")
    return WORD_MULTIPLIERS[word] if word else 1


def _direct_figures(text: str) -> list[Figure]:
    found = [Figure(m.start(), m.end(), m.group(0), number_value(m["number"]) * euro_multiplier(m), "EUR")
             for m in EURO_AMOUNT.finditer(text)]
    found += [Figure(m.start(), m.end(), m.group(0), number_value(m["number"]), "%")
              for m in PERCENTAGE.finditer(text)]
    return sorted(found, key=lambda f: f.start)


def _coordinated(text: str, figures: list[Figure]) -> list[Figure]:
    """Bare numbers in a list that ends with a figure: they share its unit and multiplier."""
    extra = []
    taken = [(f.start, f.end) for f in figures]
    for m in COORDINATED_NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or WHOLE_YEAR.match(m.group(0)):
            continue
        following = next((f for f in figures if f.start >= m.end()), None)
        if following is None or following.start - m.end() > MAX_COORDINATION_REACH:
            continue
        printed = re.match(NUMBER, following.text)
        assert printed is not None  # a figure's text starts with its number
        scale = following.value / number_value(printed.group(0))
        extra.append(Figure(m.start(), m.end(), m.group(0), number_value(m.group(0)) * scale, following.unit))
    return extra


def find_figures(text: str) -> list[Figure]:
    """Every amount and percentage in ``text``, in order.

    >>> [(f.text, f.value, f.unit) for f in find_figures("aide de 1 000€, 1 500€ ou 2 000€ soit 12,5 %")]
    [('1 000€', 1000.0, 'EUR'), ('1 500€', 1500.0, 'EUR'), ('2 000€', 2000.0, 'EUR'), ('12,5 %', 12.5, '%')]
    >>> [(f.text, f.value) for f in find_figures("de 1,5 à 2 M€ ; 400 K€ ; 29 millions d’euros")]
    [('1,5', 1500000.0), ('2 M€', 2000000.0), ('400 K€', 400000.0), ('29 millions d’euros', 29000000.0)]
    """
    figures = _direct_figures(text)
    return sorted(figures + _coordinated(text, figures), key=lambda f: f.start)
