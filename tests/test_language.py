"""The language stage on every rendering of the test matrix: the same quantities,
targets and partners whatever the page size, font, box style or columns.

The renderings are the small publication of ``tests/rendering.py`` with box
bodies that print counts, durations, ages, caps, the types a measure is for
and the bodies it works with (written for this test, not the publication's).
"""
import shutil
from itertools import pairwise

import pandas as pd
import pytest
from conftest import run_stages
from rendering import BODY, LOREM, STYLES, render

from pipeline.core.geometry import BBox
from pipeline.core.paths import StagePaths
from pipeline.language import stage as language
from pipeline.language.stage import merge_headers
from pipeline.structure.passages import Passage

BOX_TEXT = {
    "PACA": ["Le dispositif s’adresse aux ACI et aux associations intermédiaires. Depuis 2010, il a permis la création "
             "de 350 emplois et 40 structures soutenues, avec l’Etat et Pôle emploi.",
             "- L’aide est limitée à 5 postes par structure ;", "- les jeunes de moins de 26 ans sont prioritaires.",
             LOREM],
    "Poitou-Charentes": ["Depuis 2004, la Région attribue une aide à l’employeur pour la création ou la "
                         "consolidation de postes dans le secteur de l’environnement.",
                         "- une aide aux postes d’encadrement dans la limite de 10 000€ par poste ETP ;",
                         "- une aide unique à l’investissement (40% des dépenses de matériel).",
                         "Entre 2004 et 2012, 4 500 emplois ont été créés avec France Active, l’AFPA et la DIRRECTE.",
                         LOREM],
    "Midi-Pyrénées": ["Ce plan d’aide vise à poursuivre l’action du dispositif « TRACE » mis en place par l’Etat.",
                      "Le dispositif cible les jeunes de 16 à 25 ans ; l’aide est réservée aux entreprises d’insertion "
                      "qui accueillent au moins 4 salariés en insertion.", LOREM],
    "Ile-De-France": ["Destinée à soutenir les efforts des structures qui souhaitent créer ou développer une activité.",
                      "Le Conseil général de la Gironde et le réseau COORACE accompagnent l’ARSIE, composée de 4 types "
                      "d’intervention, dont une aide au démarrage des GEIQ.", LOREM],
}
RICH_BODY = [(kind, region, title, BOX_TEXT[region]) if kind == "box" else (kind, *rest)
             for kind, *rest in BODY for region, title in [tuple(rest[:2]) if kind == "box" else (None, None)]]
EXPECTED_QUANTITIES = {  # (region, value, unit, kind, role, qualifier)
    ("93", 6.0, "axe", "count", "other", "exact"), ("93", 350.0, "emploi", "count", "outcome", "exact"),
    ("93", 40.0, "structure", "count", "outcome", "exact"), ("93", 5.0, "poste", "count", "cap", "max"),
    ("93", 26.0, "an", "age", "condition", "max"), ("54", 4500.0, "emploi", "count", "outcome", "exact"),
    ("73", 16.0, "an", "age", "condition", "min"), ("73", 25.0, "an", "age", "condition", "max"),
    ("73", 4.0, "salarié", "count", "condition", "min"), ("11", 4.0, "type", "count", "other", "exact"),
}
EXPECTED_TARGETS = {("93", "ACI"), ("93", "AI"), ("73", "EI"), ("11", "GEIQ")}
EXPECTED_PARTNERS = {("93", "État"), ("93", "Pôle emploi"), ("54", "France Active"), ("54", "AFPA"),
                     ("54", "DIRECCTE"), ("73", "État"), ("11", "Conseil général (Gironde)"), ("11", "COORACE")}


@pytest.fixture(scope="module", params=sorted(STYLES))
def rich_build(request, tmp_path_factory) -> tuple[str, dict[str, pd.DataFrame]]:
    folder = tmp_path_factory.mktemp(f"rich-{request.param}")
    return request.param, run_stages(render(folder / "rich.pdf", STYLES[request.param], RICH_BODY), folder, write=False,
                                     reuse_extract=True)


def test_every_rendering_gives_the_same_quantities(rich_build):
    name, tables = rich_build
    got = {(r.region_code, r.value, r.unit, r.kind, r.role, r.qualifier) for r in tables["quantities"].itertuples()}
    assert got == EXPECTED_QUANTITIES, name


def test_every_rendering_gives_the_same_targets_and_partners(rich_build):
    name, tables = rich_build
    regions = tables["measures"].set_index("measure_id")["region_code"]
    assert {(regions[r.measure_id], r.target) for r in tables["measure_targets"].itertuples()} == EXPECTED_TARGETS
    links = tables["measure_organisations"].merge(tables["organisations"], on="org_id")
    assert {(regions[r.measure_id], r.name) for r in links.itertuples()} == EXPECTED_PARTNERS, name
    assert tables["organisations"].set_index("org_id").loc["direccte", "misprints"] == "DIRRECTE"


def test_every_rendering_gives_box_amounts_their_single_target(rich_build):
    name, tables = rich_build
    amounts = tables["amounts"]
    assert amounts[amounts["region_code"] == "54"]["target"].isna().all(), name  # names no type
    assert set(tables["measure_targets"]["target"]) == {"ACI", "AI", "EI", "GEIQ"}


def test_a_header_wrapped_over_lines_is_read_as_one_passage():
    from pipeline.structure.segment import Box, Segments

    def line_passage(text: str, line: int) -> Passage:
        passage = Passage.from_text(text)
        passage.lines, passage.box = [line], 0
        return passage
    box = Box(id="b0001", region_code="72", region_name="Aquitaine", title="Un plan en 7 axes", page=5, first_line=1,
              body_lines=[3], header_lines=[1, 2], blocks=["b0001"])
    segments = Segments(contents_page=None, outline=[], boxes=[box], summaries=[], missing=[])
    merged = list(merge_headers([line_passage("Aquitaine Un plan en 7", 1), line_passage("axes", 2),
                                 line_passage("Le corps", 3)], segments, frozenset()))
    assert [p.text for p in merged] == ["Aquitaine Un plan en 7 axes", "Le corps"]
    start = merged[0].text.index("axes")
    assert merged[0].place(start, start + 4)[1] == BBox(0, 0.0, 4, 1.0)  # "axes" keeps its own word box


def test_reading_in_small_windows_gives_the_same_amounts_and_groups(real_build, tmp_path, monkeypatch):
    """A long document is read a window at a time; a window only ends where no
    passage and no lead-in with its list runs on, so the result is the same."""
    interim = tmp_path / "interim"
    shutil.copytree(real_build[0] / "interim", interim)
    paths = StagePaths(interim)
    whole = {name: (interim / name).read_text(encoding="utf-8")
             for name in ("amounts.jsonl", "groups.jsonl", "mentions.json", "quantities.jsonl", "numbers.jsonl",
                          "targets.jsonl", "organisations.jsonl")}
    windows = []
    real_windows = language.windows
    monkeypatch.setattr(language, "WINDOW_CHARS", 2_000)
    monkeypatch.setattr(language, "windows", lambda passages: (windows.append(w) or w for w in real_windows(passages)))
    language.run(paths)
    assert len(windows) > 10  # the publication, read in many windows ...
    for name, text in whole.items():  # ... gives the same artefacts
        assert (interim / name).read_text(encoding="utf-8") == text, name
    assert not any(a[-1].box is not None and a[-1].box == b[0].box for a, b in pairwise(windows))


def test_a_box_longer_than_a_window_is_still_cut(monkeypatch):
    from pipeline.structure.passages import Passage
    monkeypatch.setattr(language, "MAX_WINDOW_CHARS", 100)
    passages = [Passage(text="mot " * 10, box="b0001") for _ in range(50)]
    assert [len(w) for w in language.windows(passages)] == [3] * 16 + [2]  # 41 characters a passage


def test_releasing_the_model_leaves_no_matcher_holding_it():
    """A matcher cached per pipeline holds the model's vocab: when only one of
    them was cleared, the released model stayed alive and the tables stage of a
    1 000-page run sat 170 MB above its own need."""
    import gc
    import weakref

    from pipeline.language import meaning, quantities, targets
    nlp = language.french()
    for matcher in (meaning.cue_matcher, quantities.cue_matcher, targets.for_matcher):
        matcher(nlp)
    alive = weakref.ref(nlp)
    del nlp
    language.release_model()
    gc.collect()
    assert alive() is None
