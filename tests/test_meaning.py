"""Table-driven: French phrasings -> every figure's full expected row.

Each case is (text, [(value, unit, role, qualifier, per), ...]) for the
figures in order. Cases marked PUB are the publication's own wording; the
others are phrasings a regional policy text could use, with other formats,
orders and qualifiers.
"""
import pytest

from pipeline.language.amounts import read_text
from pipeline.language.meaning import start_year_of, target_of, year_of

E, P = "EUR", "%"
PUB, NEW = "publication", "invented"
CASES = [
    # --- the publication's own wording ---
    (PUB, "qui représentent en 2011 un Budget global de 2,5 M€ :", [(2_500_000, E, "budget", "exact", None)]),
    (PUB, "mais celles-ci représentent 90% des bénéficiaires) ;", [(90, P, "share", "exact", None)]),
    (PUB, "• une aide aux postes d’encadrement dans la limite de 10 000€ par poste ETP (à taux plein : 30% du coût du poste ; à taux dégressif : 25% la 1ère année et dégressivité de 5% par an) ;",
     [(10_000, E, "cap", "max", "ETP"), (30, P, "rate", "exact", None), (25, P, "rate", "exact", None), (5, P, "rate", "exact", "an")]),
    (PUB, "• une aide unique à l’investissement (40% des dépenses de matériel lié au poste de travail dans la limite de 3 000€ par projet).",
     [(40, P, "rate", "exact", None), (3_000, E, "cap", "max", "projet")]),
    (PUB, "• 90% de postes aidés au sein de SIAE, et 10% de postes dans le cadre d’associations environnementales ;",
     [(90, P, "share", "exact", None), (10, P, "share", "exact", None)]),
    (PUB, "• un budget global de 29 millions d’euros.", [(29_000_000, E, "budget", "exact", None)]),
    (PUB, "• Une aide au poste : aide de maximum 3 000€ par ETP et par an", [(3_000, E, "cap", "max", "ETP/an")]),
    (PUB, "• Une aide à la formation : aide destinée à couvrir 75% des frais pédagogiques à hauteur maximum de 2 400€, sous réserve que la demande soit déposée dès l’embauche.",
     [(75, P, "rate", "exact", None), (2_400, E, "cap", "max", None)]),
    (PUB, "Le dispositif Tremplin Solidarités Insertion représente un budget de 1,7 M€ annuel.", [(1_700_000, E, "budget", "exact", "an")]),
    (PUB, "• Pour les ACI, l’aide (de 1 000 € ou 2 000 € hors RSA socle) est modulée en fonction de critères",
     [(1_000, E, "amount", "exact", None), (2_000, E, "amount", "exact", None)]),
    (PUB, "• Pour les AI, l’aide au poste (1 000€, 1 500€ ou 2 000€ pour tout ETP annuel, hors bénéficiaires du RSA socle) est limitée à 20 ETP",
     [(1_000, E, "amount", "exact", "ETP/an"), (1_500, E, "amount", "exact", "ETP/an"), (2_000, E, "amount", "exact", "ETP/an")]),
    (PUB, "• Pour les EI et Régies de Quartier, l’aide au poste de CDI (hors bénéficiaires du RSA) de 2 000€ par ETP annuel est limitée à 5 postes.",
     [(2_000, E, "amount", "exact", "ETP/an")]),
    (PUB, "• Le soutien de près de 44% des SIAE de la région chaque année", [(44, P, "share", "approx", "an")]),
    (PUB, "• La mobilisation d’un budget de plus de 11 millions d’euros", [(11_000_000, E, "budget", "more_than", None)]),
    (PUB, "Le montant de l’aide au démarrage du poste s’élève à 30 000€ maximum par an.", [(30_000, E, "cap", "max", "an")]),
    (PUB, "En termes d’impact, le dispositif bénéficie particulièrement aux GEIQ (plus de 50% des contrats), puis aux EI.",
     [(50, P, "share", "more_than", None)]),
    (PUB, "• Accueil d’au moins 20% de jeunes de moins de 26 ans dans l’ACI", [(20, P, "share", "min", None)]),
    (PUB, "• Aide à l'encadrement socioprofessionnel : 20 000 € maximum par an et par ETP d'encadrant technique",
     [(20_000, E, "cap", "max", "ETP/an")]),
    (PUB, "• Aide à la formation externe : prise en charge de 50% maximum des coûts de formation.", [(50, P, "rate", "max", None)]),
    (PUB, "Ce dispositif a concerné 220 ACI en 2012, pour un montant de près de 5 M€.", [(5_000_000, E, "budget", "approx", None)]),
    (PUB, "mobilise la Région et l’Etat respectivement à hauteur de 400 K€ et 240 K€.",
     [(400_000, E, "budget", "exact", None), (240_000, E, "budget", "exact", None)]),
    (PUB, "• Financement d’étude de faisabilité pour les projets de création : subvention à hauteur de 80 % dans la limite de 7 500 € dans le cas d’une étude interne, et de 15 000 € dans le cas d’une étude confiée à un cabinet conseil.",
     [(80, P, "rate", "exact", None), (7_500, E, "cap", "max", None), (15_000, E, "cap", "max", None)]),
    (PUB, "• Aide à l’investissement visant le développement de nouvelles activités : subvention à hauteur de 70 %, dans la limite de 30 000 €.",
     [(70, P, "rate", "exact", None), (30_000, E, "cap", "max", None)]),
    (PUB, "• Aide au démarrage des Groupement d’Employeurs pour l’Insertion et la Qualification (GEIQ) dans la limite de 15 000 €.",
     [(15_000, E, "cap", "max", None)]),
    (PUB, "• Aide à l’emploi du chef d’équipe : subvention plafonnée à 30 000€ par an et dégressive (80% maximum en Année 1, 65% maximum en Année 2, 50% maximum en Année 3, 30% maximum en Année 4).",
     [(30_000, E, "cap", "max", "an"), (80, P, "rate", "max", None), (65, P, "rate", "max", None), (50, P, "rate", "max", None), (30, P, "rate", "max", None)]),
    (PUB, "• Aide au démarrage de l’équipe : subvention forfaitaire de 600 € par personne (chef d’équipe compris).",
     [(600, E, "amount", "exact", "personne")]),
    (PUB, "• Aide à l’investissement matériel : subvention prenant en charge 20% maximum des dépenses éligibles (50% pour les ACI), plafonnées à 45 000€ sur 4 ans.",
     [(20, P, "rate", "max", None), (50, P, "rate", "exact", None), (45_000, E, "cap", "max", None)]),
    (PUB, "En 2012, 12 SIAE ont bénéficié du dispositif pour un budget total d’environ 400 K€.", [(400_000, E, "budget", "approx", None)]),
    (PUB, "En termes de montant, le Conseil régional participe au maximum à hauteur de 40% de l’investissement dans la limite de 200 000€.",
     [(40, P, "rate", "max", None), (200_000, E, "cap", "max", None)]),
    (PUB, "taux de participation de la Région pouvant aller jusqu’à 80% de l’investissement déterminé en lien avec l’ADEME.",
     [(80, P, "rate", "max", None)]),
    (PUB, "En 2012, 700 M€ ont été mobilisés dans le cadre de cette aide régionale.", [(700_000_000, E, "budget", "exact", None)]),
    (PUB, "le montant de la participation des régions dans les budgets DLA s’élève en 2011 à 2 230 025 € soit 10 % du budget global DLA.",
     [(2_230_025, E, "budget", "exact", None), (10, P, "share", "exact", None)]),
    (PUB, "les ACI à hauteur de 48,4 % ; les AI pour 28,9 % ; les GEIQ pour 0,8 %).",
     [(48.4, P, "share", "exact", None), (28.9, P, "share", "exact", None), (0.8, P, "share", "exact", None)]),
    (PUB, "En 2011, 33% des entreprises solidaires financées par France Active étaient des SIAE.", [(33, P, "share", "exact", None)]),
    (PUB, "Le Conseil régional finance au maximum 50% des dépenses de fonctionnement générées par le projet, le montant est plafonné à 25 000€.",
     [(50, P, "rate", "max", None), (25_000, E, "cap", "max", None)]),
    (PUB, "• la génération de 3 millions de Chiffres d’Affaires annuels", [(3_000_000, E, "other", "exact", "an")]),
    (PUB, "les Conseils régionaux ne sont à l’origine que de 4 % des marchés clausés en 2011 (pour un total de 3 194 marchés clausés recensés)",
     [(4, P, "share", "exact", None)]),
    (PUB, "La région compte 13 relais territoriaux, couvrant 70% du territoire lorrain.", [(70, P, "share", "exact", None)]),
    (PUB, "En 2011, le Conseil régional a intégré des clauses sociales dans 39% de ses marchés de travaux (224 marchés pour un montant de 52 000€ et 152 000 heures d’insertion).",
     [(39, P, "share", "exact", None), (52_000, E, "budget", "exact", None)]),
    (PUB, "Le montant de l’aide au démarrage du poste s’élève à 30 000€ maximum  par an. L’aide peut être pluriannuelle.",
     [(30_000, E, "cap", "max", "an")]),
    (PUB, "Le Plan s'appuie sur plus de dix années de politique dédiée à l’IAE.", []),
    (PUB, "La plupart des Régions (plus de 2/3) participent aux CDIAE, plus de la moitié des régions interrogées (12 sur 21).", []),
    # --- other phrasings a regional policy text could use ---
    (NEW, "La Région verse une prime de 1 500 euros par poste créé.", [(1_500, E, "amount", "exact", "poste")]),
    (NEW, "L'aide est plafonnée à 50 000 € par structure.", [(50_000, E, "cap", "max", "structure")]),
    (NEW, "Une subvention forfaitaire de 2 000 € par personne accompagnée.", [(2_000, E, "amount", "exact", "personne")]),
    (NEW, "Le budget du dispositif atteint 3,2 M€ par an.", [(3_200_000, E, "budget", "exact", "an")]),
    (NEW, "La Région prend en charge jusqu'à 60 % des coûts salariaux.", [(60, P, "rate", "max", None)]),
    (NEW, "Environ 1 200 000 € ont été mobilisés en 2013.", [(1_200_000, E, "budget", "approx", None)]),
    (NEW, "Le taux d'intervention est de 35 % du coût total du projet.", [(35, P, "rate", "exact", None)]),
    (NEW, "Les femmes représentent 42,5 % des salariés en insertion.", [(42.5, P, "share", "exact", None)]),
    (NEW, "L'aide au poste s'élève à 12 000 € par ETP et par an.", [(12_000, E, "amount", "exact", "ETP/an")]),
    (NEW, "Le montant maximal de l'aide est fixé à 8 000 €.", [(8_000, E, "cap", "max", None)]),
    (NEW, "Au moins 25 % des bénéficiaires doivent être des jeunes.", [(25, P, "share", "min", None)]),
    (NEW, "Plus de 300 000 euros ont été consacrés aux chantiers d'insertion en 2012.", [(300_000, E, "budget", "more_than", None)]),
    (NEW, "Une enveloppe de 450 k€ est réservée aux entreprises d'insertion.", [(450_000, E, "budget", "exact", None)]),
    (NEW, "La Région finance 50 % du coût de l'accompagnement, dans la limite de 10 000 € par structure.",
     [(50, P, "rate", "exact", None), (10_000, E, "cap", "max", "structure")]),
    (NEW, "Le financement régional couvre au plus 70 % des dépenses éligibles.", [(70, P, "rate", "max", None)]),
    (NEW, "Une bonification de 500 € est accordée pour les projets éco-responsables.", [(500, E, "amount", "exact", None)]),
    (NEW, "Près de 2,5 millions d'euros ont été engagés en 2010.", [(2_500_000, E, "budget", "approx", None)]),
    (NEW, "Les GEIQ perçoivent une aide de 1 000 € par contrat de professionnalisation.", [(1_000, E, "amount", "exact", None)]),
    (NEW, "Le taux de sortie vers l'emploi durable atteint 48 % des salariés.", [(48, P, "share", "exact", None)]),
    (NEW, "Une aide de 3 000 à 5 000 € par projet.", [(3_000, E, "amount", "exact", "projet"), (5_000, E, "amount", "exact", "projet")]),
    (NEW, "Le coût total du programme est estimé à 1,2 milliard d'euros.", [(1_200_000_000, E, "budget", "exact", None)]),
    (NEW, "L'aide est versée dans la limite de 15 k€ par an.", [(15_000, E, "cap", "max", "an")]),
    (NEW, "12,5 % des structures sont des ETTI.", [(12.5, P, "share", "exact", None)]),
    (NEW, "La participation régionale, plafonnée à 20 000 €, est versée en deux fois.", [(20_000, E, "cap", "max", None)]),
    (NEW, "Chaque ACI reçoit 4 000 € par an.", [(4_000, E, "amount", "exact", "an")]),
    (NEW, "En 2014, le dispositif a mobilisé 870 000 € pour 35 structures.", [(870_000, E, "budget", "exact", None)]),
    (NEW, "L'aide à l'investissement représente 40 % du montant des investissements.", [(40, P, "rate", "exact", None)]),
    (NEW, "Les associations intermédiaires bénéficient d'une aide de 800 € par ETP.", [(800, E, "amount", "exact", "ETP")]),
    (NEW, "La Région intervient à hauteur de 30 % maximum.", [(30, P, "rate", "max", None)]),
    (NEW, "Un budget de 600 000 € par an est consacré aux régies de quartier.", [(600_000, E, "budget", "exact", "an")]),
    (NEW, "Jusqu'à 2 000 € peuvent être accordés par salarié.", [(2_000, E, "cap", "max", "personne")]),
    (NEW, "Le plafond de l'aide est de 25 000 euros.", [(25_000, E, "cap", "max", None)]),
    (NEW, "Environ 15 % des contrats aidés sont signés dans les ACI.", [(15, P, "share", "approx", None)]),
    (NEW, "La dotation globale s'établit à 4,5 M€ en 2011.", [(4_500_000, E, "budget", "exact", None)]),
    (NEW, "Une avance remboursable de 10 000 € maximum.", [(10_000, E, "cap", "max", None)]),
    (NEW, "La Région apporte une aide de 5 000 € au démarrage de chaque projet.", [(5_000, E, "amount", "exact", None)]),
    (NEW, "Les dépenses sont prises en charge à 80 %.", [(80, P, "rate", "exact", None)]),
    (NEW, "Le coût moyen d'un poste en insertion est de 18 000 € par an.", [(18_000, E, "other", "exact", "an")]),
    (NEW, "La subvention ne peut excéder 50 % des dépenses, ni 100 000 €.", [(50, P, "rate", "max", None), (100_000, E, "cap", "max", None)]),
    (NEW, "Elle représente 0,5 % du budget régional.", [(0.5, P, "share", "exact", None)]),
    (NEW, "Le fonds dispose de 1 500 K€.", [(1_500_000, E, "budget", "exact", None)]),
    (NEW, "Une aide de 2 500 euros annuels par emploi créé.", [(2_500, E, "amount", "exact", "an")]),
    (NEW, "Au maximum 3 postes par structure sont financés à 75 %.", [(75, P, "rate", "exact", None)]),
    (NEW, "Une aide de 10\u00a0000\u00a0€ par poste, soit 30\u202f% du coût.", [(10_000, E, "amount", "exact", "poste"), (30, P, "rate", "exact", None)]),
    (NEW, "Le Département contribue pour 1,5 million d’euros.", [(1_500_000, E, "other", "exact", None)]),
    (NEW, "Quelque 250 000 € de budget annuel.", [(250_000, E, "budget", "approx", "an")]),
    (NEW, "Le taux de prise en charge passe de 100 % à 50 % la deuxième année.", [(100, P, "rate", "exact", None), (50, P, "rate", "exact", None)]),
    (NEW, "Un minimum de 5 % des heures travaillées est réservé à l'insertion.", [(5, P, "share", "min", None)]),
    (NEW, "Deux tiers des régions (2/3) et 12 sur 21 des répondants ; 1er trimestre 2013.", []),
]


def test_there_are_enough_cases_and_half_are_not_the_publications():
    figures = sum(len(expected) for _, _, expected in CASES)
    assert len(CASES) >= 80 and figures >= 100
    assert sum(kind == NEW for kind, _, _ in CASES) >= 0.45 * len(CASES)


@pytest.mark.parametrize("kind,text,expected", CASES, ids=[f"{k[:3]}-{i:02d}" for i, (k, _, _) in enumerate(CASES)])
def test_phrasing(kind, text, expected):
    got = [(r.value, r.unit, r.role, r.qualifier, r.per) for r in read_text(text)]
    assert got == [(float(v), u, role, q, per) for v, u, role, q, per in expected]


@pytest.mark.parametrize("clause,position,target", [
    ("Pour les ACI, l’aide (de 1 000 € ou 2 000 € hors RSA socle)", 25, "ACI"),
    ("le dispositif bénéficie particulièrement aux GEIQ (plus de 50% des contrats), puis aux EI", 49, "GEIQ"),
    ("subvention prenant en charge 20% maximum des dépenses éligibles (50% pour les ACI)", 29, None),
    ("subvention prenant en charge 20% maximum des dépenses éligibles (50% pour les ACI)", 66, "ACI"),
    ("Pour les EI et Régies de Quartier, l’aide au poste de 2 000€", 54, "EI"),
    ("les Régies de quartier pour 5,5 %", 28, "RQ"),
    ("une aide aux entreprises de travail temporaire d’insertion de 3 000 €", 60, "ETTI"),
    ("Aide au démarrage des Groupement d’Employeurs pour l’Insertion et la Qualification (GEIQ) dans la limite de 15 000 €", 108, "GEIQ"),
])
def test_target(clause, position, target):
    assert target_of(clause, position) == target


@pytest.mark.parametrize("sentence,year", [
    ("En 2012, 700 M€ ont été mobilisés", 2012), ("s’élève en 2011 à 2 230 025 €", 2011),
    ("Entre 2004 et 2012, les Emplois représentent 29 M€", None), ("un accord cadre 2012-2014 mobilise 400 K€", None),
    ("Depuis 2004, la Région verse 10 000 € ; en 2012, 5 000 €", 2012), ("En 2010 puis en 2011, 3 M€", None),
])
def test_year(sentence, year):
    assert year_of(sentence) == year


@pytest.mark.parametrize("body,year", [
    ("Depuis 2004, la Région attribue une aide", 2004), ("l’ARSIE (qui existe depuis 1993) mise en place", 1993),
    ("REPLIC est né en 2005 d’un constat", 2005), ("Adopté lors de la séance plénière du 24 octobre 2011, le PARIE", 2011),
    ("a lancé un appel à projets 2013-2014 ... depuis sa création en 2011", 2011),
    ("dispositif « TRACE » mis en place par l’Etat en 1999 et arrêté en 2003", None),
    ("Une structure créée en 2010 accompagne", 2010),
])
def test_start_year(body, year):
    assert start_year_of(body) == year
