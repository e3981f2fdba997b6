"""Region groups: invented sentences in the publication's style, and the publication's own."""
import pandas as pd
import pytest
from conftest import DATA

from pipeline.language.groups import claimed_count, french_count, read_groups
from pipeline.language.nlp import french
from pipeline.structure.passages import Passage


def groups_of(*texts: str):
    nlp = french()
    passages = [Passage.from_text(t) for t in texts]
    return read_groups(passages, list(nlp.pipe(texts)), set())


@pytest.mark.parametrize("text,count,regions", [
    ("Huit régions ont répondu favorablement (Alsace, Lorraine et Picardie).", 8, ["42", "41", "22"]),
    ("Trois régions financent ce dispositif : Bretagne, Pays de la Loire et Centre.", 3, ["53", "52", "24"]),
    ("12 régions participent au comité (Limousin, Auvergne).", 12, ["74", "83"]),
    ("Deux d’entre elles, comme en Rhône Alpes ou en Haute Normandie, ont signé.", None, ["82", "23"]),
    ("Certaines régions (PACA, NPC, Ile-de France) soutiennent les GEIQ.", None, ["93", "31", "11"]),
    ("Quatre régions (Corse, Corse, Aquitaine, Bretagne) le font.", 4, ["94", "72", "53"]),  # a region named twice
    ("Six régions (Lorraine (via le GRIEP), Alsace et Bourgogne) le font.", 6, ["41", "42", "26"]),
    ("Dans certaines régions (Midi-Pyrénées) ou (Languedoc-Roussillon), le soutien est ancien.", None, ["73", "91"]),
    ("Vingt et une régions, dont la Martinique et la Guadeloupe, ont été interrogées.", 21, ["02", "01"]),
])
def test_invented_sentences(text, count, regions):
    (group,) = groups_of(text)
    assert (group.claimed_count, group.regions) == (count, regions)


def test_a_lead_in_with_its_items_is_one_sentence():
    (group,) = groups_of("Deux régions ont un cadre dédié :", "- La Région PACA, depuis 2002 ;",
                         "- La Région Aquitaine, avec le PARIE.")
    assert group.claimed_count == 2 and group.regions == ["93", "72"]
    assert group.sentence.startswith("Deux régions ont un cadre dédié : - La Région PACA")


def test_a_list_split_across_lines_is_joined_before_matching():
    (group,) = groups_of("sept régions (Poitou-Charentes, Languedoc-Roussillon, Franche-Comté)")
    assert group.regions == ["54", "91", "43"]


@pytest.mark.parametrize("text", [
    "le CG de Haute-Corse et la Collectivité Territoriale Corse via l’ADEC",  # a département is not a region
    "Une région a rattaché l’IAE à la Vice-Présidence (Midi-Pyrénées).",      # one region is not a group
    "le Conseil Général de Meurthe-et-Moselle et la région Lorraine",
    "Centre de ressources créé en 2002 et Bretagne",                          # "Centre de" is a common noun
])
def test_no_group_without_two_regions(text):
    assert groups_of(text) == []


def test_garie_en_aquitaine_is_a_region_in_a_list():
    (group,) = groups_of("Trois régions soutiennent des inter-réseaux : le GARIE en Aquitaine, le PRADIE en "
                         "Franche-Comté et le GRIEP en Picardie.")
    assert group.regions == ["72", "43", "22"] and group.claimed_count == 3


@pytest.mark.parametrize("word,value", [("sept", 7), ("Seize", 16), ("Deux", 2), ("4", 4), ("vingt", 20),
                                        ("certaines", None), ("plupart", None)])
def test_counts_in_words_go_through_text2num(word, value):
    assert french_count(word) == value


def test_fractions_are_not_counts():
    assert claimed_count("1/3 des Régions interrogées considère") is None
    assert claimed_count("Parmi les régions interrogées, 4 ne contribuent pas") == 4


def test_publication_groups_against_hand_made_file(real_build):
    built = real_build[1]["region_groups"]
    members = real_build[1]["region_group_members"]
    expected = pd.read_csv(DATA / "expected_region_groups.csv", dtype=str, keep_default_na=False)
    listed = members.groupby("group_id")["region_code"].apply(frozenset)
    got = [(("" if pd.isna(r.claimed_count) else str(r.claimed_count)), listed[r.group_id], r.sentence)
           for r in built.itertuples()]
    want = [(r.claimed_count, frozenset(r.regions.split("|")), r.sentence_start) for r in expected.itertuples()]
    matched = [w for w in want if any(g[0] == w[0] and g[1] == w[1] and g[2].startswith(w[2]) for g in got)]
    precision, recall = len(matched) / len(got), len(matched) / len(want)
    print(f"region groups: precision {precision:.3f}, recall {recall:.3f} "
          f"({len(matched)} matched, {len(got)} built, {len(want)} expected)")
    assert precision == 1.0 and recall == 1.0
    assert (len(matched), len(got), len(want)) == (16, 16, 16)  # measured: every group of the hand-made file


def test_survey_status_follows_the_methodology(real_build):
    regions = real_build[1]["regions"].set_index("region_code")["survey_status"]
    assert sorted(regions[regions == "non_respondent"].index) == ["01", "03", "04", "26", "42"]
    assert (regions == "respondent").sum() == 21  # 19 by telephone + 2 by mail
    assert pd.isna(regions["06"])  # Mayotte: never covered


def test_inconsistent_counts_are_flagged(real_build):
    groups = real_build[1]["region_groups"].set_index("group_id")
    seize = groups[groups["sentence"].str.startswith("Seize")].iloc[0]
    assert (seize["claimed_count"], seize["n_regions"], seize["consistent"]) == (16, 3, False)
    assert groups["consistent"].isna().sum() == 8


def test_a_list_broken_over_a_line_and_a_page_is_one_group():
    from pipeline.pdf.layout import Line
    from pipeline.structure.passages import build_passages

    def line(i, page, text, start):
        words = [[w, 10.0 * k, 10.0 * i, 10.0 * k + 9, 10.0 * i + 9] for k, w in enumerate(text.split())]
        return Line(id=i, page=page, text=text, x0=0, top=10.0 * i, x1=100, bottom=10.0 * i + 9, size=10, bold=False,
                    block=page, leaf=None, header=False, paragraph_start=start, words=words)
    lines = [line(0, 4, "En revanche, sept régions ont choisi (Poitou-", True),
             line(1, 4, "Charentes, Franche-Comté, Picardie, Champagne-", False),
             line(2, 5, "Ardenne, Haute Normandie, Limousin, Auvergne).", True)]  # a new page, mid-sentence
    passages = build_passages(lines, {}, frozenset())
    assert len(passages) == 1 and "(Poitou-Charentes, Franche-Comté" in passages[0].text
    (group,) = read_groups(passages, list(french().pipe(p.text for p in passages)), set())
    assert (group.claimed_count, group.regions) == (7, ["54", "43", "22", "21", "23", "74", "83"])
    assert group.page == 4
