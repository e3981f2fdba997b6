"""Whom each measure is for: phrasings, the publication against a file written by
hand, and amounts that take their box's single target."""
import pandas as pd
import pytest
from conftest import DATA

from pipeline.language.targets import mentions_in, read_text

PUB, NEW = "publication", "invented"
# (source, box title, paragraphs, expected targets, the box's single target or None)
CASES = [
    (PUB, "Aides à l’encadrement et à la formation pour les ateliers et chantiers d’insertion",
     ["La Région Rhône-Alpes a mis en place un dispositif de soutien spécifique aux ACI, en parallèle de l’outil "
      "iDéclic Solidaire (aide au démarrage de projets d’utilité sociale qui lui est accessible aux SIAE sauf ACI).",
      "Le dispositif s’adresse aux ACI répondant à plusieurs conditions :"], ["ACI"], "ACI"),
    (PUB, "Emplois tremplin - IAE",
     ["L’Emploi-tremplin-IAE est une aide au poste accordée par la Région aux SIAE.",
      "• Pour les ACI , l’aide (de 1 000 € ou 2 000 € hors RSA socle) est modulée",
      "• Pour les AI , l’aide au poste est limitée à 20 ETP",
      "• Pour les EI et Régies de Quartier , l’aide au poste de CDI est limitée à 5 postes."],
     ["ACI", "AI", "EI", "RQ"], None),
    (PUB, "Tremplin Solidarités : Entreprises d’insertion",
     ["L’aide Tremplin Solidarité Insertion est exclusivement destinée aux salariés en entreprises d’insertion "
      "(CDDI), la région comptant 30 EI sur 93 SIAE."], ["EI"], "EI"),
    (PUB, "Aide à la constitution d’équipes d’insertion",
     ["Le dispositif vise les SIAE, associations, EPCI et établissements publics d’enseignement.",
      "• Aide à l’investissement matériel : subvention prenant en charge 20% maximum des dépenses éligibles "
      "(50% pour les ACI), plafonnées à 45 000€ sur 4 ans."], ["ACI"], None),
    (PUB, "Dispositif d’aide au recrutement des jeunes dans l’IAE",
     ["En termes d’impact, le dispositif bénéficie particulièrement aux GEIQ (plus de 50% des contrats), puis aux "
      "EI, AI et entreprises dans le cadre d’un CREPI."], ["AI", "EI", "GEIQ"], None),
    (PUB, "Un plan d’appui régional à l’insertion économique (PARIE) en 7 axes",
     ["Dans ce cadre, la Région propose de soutenir les actions collectives de rapprochement entre SIAE et TPE, "
      "d’aider à l’embauche par les TPE de salariés issus de SIAE, et d’encourager la création de Groupements "
      "d’employeurs, d’insertion et de qualification (GEIQ)."], [], None),
    (PUB, "REPLIC - Dispositif d’aide à l’émergence",
     ["REPLIC est né en 2005 d’un constat sur l’insuffisance d’entreprises d’utilité sociale en Languedoc "
      "Roussillon, en particulier d’entreprises d’insertion."], [], None),
    (PUB, "Aide à l’investissement dans les SIAE",
     ["Le dispositif s’adresse à l’ensemble des SIAE.", "• Pour les ACI : tous types d’investissements.",
      "• Pour les EI, AI, ETTI, GEIQ : exclusion des investissements immobiliers."],
     ["ACI", "AI", "EI", "ETTI", "GEIQ"], None),
    (PUB, "Des accords cadre régionaux pour le développement de l’emploi et des compétences",
     ["Le dispositif s’adresse en particulier :",
      "• Aux SIAE aquitaines, et pourra concerner les salariés permanents des Groupements d’Employeurs, Régies de "
      "Territoire et Régies de Quartier."], ["RQ"], None),
    (NEW, "Aide aux entreprises de travail temporaire d’insertion", ["L’aide est versée chaque année."], ["ETTI"], "ETTI"),
    (NEW, "Soutien aux quartiers", ["Cette aide est réservée aux régies de quartier de la région."], ["RQ"], "RQ"),
    (NEW, "Aide au démarrage", ["Le dispositif est ouvert à toutes les SIAE, hors ETTI."], [], None),
    (NEW, "Fonds d’investissement", ["Les associations intermédiaires peuvent bénéficier du fonds ; les ETTI en sont exclues."],
     [], None),
    (NEW, "Soutien à l’encadrement", ["La Région apporte une aide spécifique aux associations intermédiaires."], ["AI"], "AI"),
    (NEW, "Appui aux GEIQ", ["Le dispositif finance le démarrage des groupements."], ["GEIQ"], "GEIQ"),
    (NEW, "Plan régional", ["Les EI de la région emploient 800 salariés.", "La Région soutient les réseaux."], [], None),
    (NEW, "Aide à l’emploi", ["Pour les chantiers d’insertion comme pour les entreprises d’insertion, l’aide est de 2 000 €."],
     ["ACI", "EI"], None),
    (NEW, "Aide au poste", ["Sont concernés :", "• les ACI ;", "• les AI."], ["ACI", "AI"], None),
]


@pytest.mark.parametrize("source,title,paragraphs,targets,single", CASES,
                         ids=[f"{c[0][:3]}-{i:02d}" for i, c in enumerate(CASES)])
def test_box_reading(source, title, paragraphs, targets, single):
    reading = read_text(title, paragraphs)
    assert sorted(reading.targets) == targets
    assert reading.single == single


def test_a_type_inside_a_name_is_not_a_mention():
    assert [m.name for m in mentions_in("CRCE-GEIQ, les GEIQ et l’ensemble des SIAE")] == ["GEIQ", "SIAE"]


def f1(expected: set, got: set) -> tuple[float, float, float]:
    hits = len(expected & got)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def test_measure_targets_against_the_file_read_by_hand(real_build):
    tables = real_build[1]
    titles = tables["measures"].set_index("measure_id")["title"]
    got = {(titles[r.measure_id], r.target) for r in tables["measure_targets"].itertuples()}
    expected_rows = pd.read_csv(DATA / "expected_measure_targets.csv", dtype=str, keep_default_na=False)
    expected = {(r.box_title, r.target) for r in expected_rows.itertuples()}
    precision, recall, score = f1(expected, got)
    print(f"measure_targets: precision {precision:.3f}, recall {recall:.3f}, F1 {score:.3f}; "
          f"missed {sorted(expected - got)}, extra {sorted(got - expected)}")
    assert (precision, recall, score) == (1.0, 1.0, 1.0)  # measured


def test_amounts_take_the_single_target_of_their_box(real_build):
    amounts = real_build[1]["amounts"]

    def target(text: str, region: str):
        (value,) = amounts[(amounts["text"] == text) & (amounts["region_code"] == region)]["target"]
        return None if pd.isna(value) else value
    # Rhône-Alpes: the box is for ACI only; its sentence names no type.
    assert target("20 000 €", "82") == "ACI"
    # Franche-Comté: "exclusivement destinée aux salariés en entreprises d’insertion".
    assert target("1,7 M€", "43") == "EI"
    # Aquitaine: for all SIAE and, besides, the Régies de Quartier: no single target.
    assert target("400 K€", "72") is None
    # Champagne-Ardenne: "vise les SIAE", and 50% "pour les ACI": its cap stays without a target.
    assert target("45 000€", "21") is None
    assert amounts["target"].notna().sum() == 23
