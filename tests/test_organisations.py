"""Organisations: the reference list, phrasings, and the publication's boxes against
a file written by hand from the reference text layer."""
import pandas as pd
import pytest
from conftest import DATA

from pipeline.language.organisations import (
    load_reference,
    load_terms,
    org_id_of,
    plain,
    read_text,
)
from schemas.tables import ORG_KINDS

PUB, NEW = "publication", "invented"
# (source, box text, box region, [(canonical name, in reference list, misprint), ...]) in reading order.
CASES = [
    (PUB, "L’outil Safran a été mis en place par la Région Poitou-Charentes et la DIRRECTE, qui ont confié à l’Agence "
          "Régionale de la Formation tout au long de la vie la mission de coordination du dispositif.", "54",
     [("DIRECCTE", True, True), ("Agence Régionale de la Formation tout au long de la vie", False, False)]),
    (PUB, "les partenaires institutionnels, dont l’Etat, la Collectivité Territoriale Corse via l’ADEC, le CG de "
          "Haute-Corse, et les SIAE, ont souhaité en 2012 mettre en œuvre un outil de mutualisation.", "94",
     [("État", True, False), ("ADEC", False, False), ("Conseil général (Haute-Corse)", True, False)]),
    (PUB, "un accord cadre réunissant le Conseil régional d’Aquitaine, l’Etat, Pôle Emploi, plusieurs OPCA (AGEFAFOS "
          "PME, FAF TT, OPCALIA), et les réseaux de l’IAE (AAI, Chantier Ecole Aquitaine, délégation régionale du "
          "CNLRQ, CRCE-GEIQ), fixe 4 grandes orientations communes :", "72",
     [("État", True, False), ("Pôle emploi", True, False), ("OPCA", True, False), ("AGEFOS PME", True, True),
      ("FAF.TT", True, False), ("OPCALIA", True, False), ("AAI", False, False), ("Chantier école", True, False),
      ("CNLRQ", True, False), ("CRCE-GEIQ", False, False)]),
    (PUB, "REPLIC est une Société Coopérative d’Intérêt Collectif administrée par plusieurs partenaires privés et "
          "publics : le Conseil régional, le Conseil Général de l’Hérault, Montpellier Agglomération, Emmaüs "
          "Montpellier, FACE Hérault, Ashoka et la Caisse d’Epargne Languedoc-Roussillon.", "91",
     [("REPLIC", False, False), ("Conseil général (Hérault)", True, False),
      ("Communauté d'agglomération (Montpellier)", True, False), ("Emmaüs", True, False), ("FACE", True, False),
      ("Ashoka", True, False), ("Caisse d'Epargne", True, False)]),
    (PUB, "Les emplois aidés dans le cadre du dispositif ETE ont accès à des formations, proposées en partenariat avec "
          "l’Institut de formation et de recherche en éducation à l’environnement (Ifrée) et Initiative Régionale pour "
          "l’Insertion et la Solidarité (IRIS).", "54", [("Ifrée", False, False), ("IRIS", False, False)]),
    (PUB, "Cofinancement public et privé des projets, en s’appuyant sur le PRADIE et Franche-Comté Active dans "
          "l’ingénierie technique et financière des projets.", "43",
     [("PRADIE", False, False), ("France Active", True, False)]),
    (PUB, "Le chargé de mission travaille en binôme avec le responsable de l’opération, puis avec le relais "
          "territorial (préparation de l’offre d’insertion, suivi de la bonne exécution de la clause).", "41", []),
    (PUB, "Ce plan d’aide vise à poursuivre l’action du dispositif « TRACE » mis en place par l’Etat en 1999.", "73",
     [("État", True, False)]),
    (PUB, "La Région Rhône-Alpes a mis en place un dispositif de soutien spécifique aux ACI, en parallèle de l’outil "
          "iDéclic Solidaire (aide au démarrage accessible aux SIAE sauf ACI).", "82", []),
    (NEW, "La Région Bretagne et le Conseil régional des Pays de la Loire cofinancent l’étude avec la DIRECCTE.", "53",
     [("Conseil régional (Pays de la Loire)", True, False), ("DIRECCTE", True, False)]),
    (NEW, "Le Fonds social européen et la Caisse des Dépôts financent le DLA de la Sarthe.", "52",
     [("Fonds social européen", True, False), ("Caisse des Dépôts", True, False), ("DLA", True, False)]),
    (NEW, "Il faut faire face à la concurrence ; l’état des lieux est partagé avec Uniformation et UNIFAF.", "11",
     [("Uniformation", True, False), ("UNIFAF", True, False)]),
    (NEW, "Les structures sont accompagnées par la Fédération des entreprises d’insertion et par COORACE.", "26",
     [("Fédération des entreprises d'insertion", True, False), ("COORACE", True, False)]),
    (NEW, "Le plan régional PROGRESS et le programme SOLIDAIRE sont animés par l’URSCOP et la CRESS.", "21",
     [("URSCOP", True, False), ("CRESS", True, False)]),
    (NEW, "Les réseaux partenaires (Envie Lorraine, Le Relais Est, ARES) animent les formations avec le CNAM.", "41",
     [("Envie Lorraine", False, False), ("Le Relais Est", False, False), ("ARES", False, False),
      ("CNAM", False, False)]),
    (NEW, "L’Association Régionale des Missions Locales coordonne les Missions locales et Cap emploi.", "31",
     [("Association Régionale des Missions Locales", False, False), ("Mission locale", True, False),
      ("Cap emploi", True, False)]),
    (NEW, "Le Conseil départemental du Finistère et l’AGEFIPH financent l’Observatoire Régional de l’Emploi (ORE).",
     "53", [("Conseil général (Finistère)", True, False), ("AGEFIPH", True, False), ("ORE", False, False)]),
    (NEW, "Les CDD de 6 mois, les contrats CUI-CAE et les postes en ETP sont pris en charge par la Région.", "24", []),
]


def test_the_reference_list_is_well_formed():
    reference = load_reference()
    ids = [r.org_id for r in reference]
    assert len(ids) == len(set(ids)) and all(r.kind in ORG_KINDS for r in reference)
    assert all(r.aliases and r.place in ("", "branch", "distinct", "regional") for r in reference)
    assert all(org_id_of(r.name) for r in reference)
    assert {"ETP", "RSA", "GEIQ", "SIAE"} <= load_terms()


@pytest.mark.parametrize("source,text,region,expected", CASES, ids=[f"{c[0][:3]}-{i:02d}" for i, c in enumerate(CASES)])
def test_phrasing(source, text, region, expected):
    got = [(m.name, m.in_reference, m.misprint) for m in read_text(text, region)]
    assert got == expected


def test_an_acronym_introduced_as_a_scheme_is_not_an_organisation():
    text = "Le dispositif SAFRAN est piloté par la DIRECCTE. SAFRAN représente près de 600 personnes formées."
    assert [m.name for m in read_text(text, "54")] == ["DIRECCTE"]


def test_a_misprint_keeps_its_spelling():
    (mention,) = read_text("Un accord avec AGEFAFOS PME.", "72")
    assert (mention.name, mention.printed, mention.misprint) == ("AGEFOS PME", "AGEFAFOS PME", True)


# --- the publication against tests/data/expected_measure_organisations.csv ----------------

def expected_links() -> pd.DataFrame:
    return pd.read_csv(DATA / "expected_measure_organisations.csv", dtype=str, keep_default_na=False)


def built_links(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    titles = tables["measures"].set_index("measure_id")["title"]
    links = tables["measure_organisations"].merge(tables["organisations"], on="org_id")
    links["box_title"] = links["measure_id"].map(titles)
    return links


def test_partners_against_the_file_read_by_hand(real_build):
    expected_rows = expected_links()
    built = built_links(real_build[1])
    expected = {(r.box_title, plain(r.name)) for r in expected_rows.itertuples()}
    got = {(r.box_title, plain(r.name)) for r in built.itertuples()}
    hits = len(expected & got)
    precision, recall = hits / len(got), hits / len(expected)
    score = 2 * precision * recall / (precision + recall)
    print(f"measure_organisations: precision {precision:.3f}, recall {recall:.3f}, F1 {score:.3f}; "
          f"missed {sorted(expected - got)}, extra {sorted(got - expected)}")
    assert score == 1.0
    assert (hits, len(expected), len(got)) == (53, 53, 53)  # measured: precision 1.000, recall 1.000


def test_kinds_against_the_file_read_by_hand(real_build):
    """Kinds of the reference list are right by construction; those of names it does
    not know come from their head noun or list, and may differ from what a reader knows."""
    expected = {plain(r.name): r.kind for r in expected_links().itertuples()}
    built = {plain(r.name): r.kind for r in real_build[1]["organisations"].itertuples()}
    differ = {name: (kind, built.get(name)) for name, kind in expected.items() if built.get(name) != kind}
    print(f"organisation kinds: {1 - len(differ) / len(expected):.3f} agreement; differ: {differ}")
    assert set(differ) == {"ifree", "adec", "pradie"}  # an association, a public agency, an inter-network


def test_organisations_table_keeps_spellings_and_misprints(real_build):
    organisations = real_build[1]["organisations"].set_index("org_id")
    assert organisations.loc["direccte", "misprints"] == "DIRRECTE"
    assert "AGEFAFOS PME" in organisations.loc["agefos-pme", "aliases"]
    assert "Franche-Comté Active" in organisations.loc["france-active", "aliases"]
    assert (organisations.loc["garie", "aliases"]
            == "GARIE; Groupement aquitain des réseaux de l’insertion par l’économique")
    assert not organisations.loc["garie", "in_reference"] and organisations.loc["etat", "in_reference"]
    links = real_build[1]["measure_organisations"].set_index(["measure_id", "org_id"])
    assert links.loc[("54-emplois-tremplin-environnement", "iris"), "mentions"] == 2
