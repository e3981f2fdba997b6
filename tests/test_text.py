import pytest

from pipeline.core.text import join_lines, join_two, title_key, vocabulary


@pytest.mark.parametrize("left,right,expected", [
    ("en Région (Poitou-", "Charentes, Franche-Comté", "en Région (Poitou-Charentes, Franche-Comté"),
    ("au minimum à mi-", "temps.", "au minimum à mi-temps."),
    ("co-", "construit avec", "co-construit avec"),
    ("Emploi", "- IAE", "Emploi - IAE"),
    ("une aide de 5", "000€", "une aide de 5 000€"),
])
def test_real_hyphens_are_kept(left, right, expected):
    assert join_two(left, right, vocabulary([left, right])) == expected


def test_a_word_split_by_the_typesetter_is_rejoined():
    known = vocabulary(["le développement local", "et le dévelop-", "pement"])
    assert join_two("et le dévelop-", "pement durable", known) == "et le développement durable"


def test_a_word_hyphenated_elsewhere_keeps_its_hyphen():
    known = vocabulary(["inter-réseaux", "interréseaux"])
    assert join_two("des inter-", "réseaux", known) == "des inter-réseaux"


def test_join_lines_collapses_whitespace():
    assert join_lines(["Aides à l’encadrement et à la formation pour les ateliers et  chantiers", "d’insertion"]) == \
        "Aides à l’encadrement et à la formation pour les ateliers et chantiers d’insertion"


def test_title_key_ignores_case_accents_and_punctuation():
    assert title_key("DÉVELOPPEMENT DES CLAUSES D’INSERTION") == title_key("Développement des clauses d'insertion")
