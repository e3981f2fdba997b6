from typing import TYPE_CHECKING

import pandas as pd
from rendering import EXPECTED_AMOUNTS, EXPECTED_INTERVENTIONS, EXPECTED_MEASURES

if TYPE_CHECKING:
    from pipeline.pdf.blocks import Block


def test_every_rendering_gives_the_same_measures(variant_build):
    name, tables = variant_build
    measures = tables["measures"]
    got = {(r.region_code, r.title, r.axis, None if pd.isna(r.section) else r.section) for r in measures.itertuples()}
    assert got == EXPECTED_MEASURES, name


def test_every_rendering_gives_the_same_summaries(variant_build):
    name, tables = variant_build
    got = {(r.axis, r.intervention_type, r.region_code) for r in tables["region_interventions"].itertuples()}
    assert got == EXPECTED_INTERVENTIONS, name


def test_every_rendering_reads_box_bodies_in_order(variant_build):
    name, tables = variant_build
    body = tables["measures"].set_index("region_code").loc["54", "body"]
    assert body.startswith("Depuis 2004, la Région attribue une aide à l’employeur"), name
    first, second = body.index("10 000€ par poste ETP"), body.index("une aide unique à l’investissement")
    assert first < second
    assert "\n- une aide aux postes d’encadrement" in body


def test_every_rendering_finds_the_outline(variant_build):
    name, tables = variant_build
    outline = tables["outline"]
    assert list(outline["level"]) == [1, 1, 3, 3, 1, 2, 3, 3, 2, 3, 1], name
    assert list(outline["number"].fillna("")) == ["", "1", "1", "2", "2", "Axe 1", "1", "2", "Axe 2", "", ""]
    # A section listed only in the contents page has no body page.
    assert outline["page"].isna().tolist() == [False] * 9 + [True, False]


def test_box_continued_on_next_page_keeps_one_body(real_build):
    measures = real_build[1]["measures"].set_index("title")
    bretagne = measures.loc["Soutien à la création de postes mutualisés entre SIAE"]
    assert bretagne["page"] == 11
    assert "Le montant de l’aide au démarrage du poste s’élève à 30 000€ maximum par an." in bretagne["body"]
    lorraine = measures.loc["Un dispositif régional performant d’intégration des clauses sociales", "body"]
    assert lorraine.rstrip().endswith("correspondant à 8 200 heures d’insertion).")


def header_block(lines) -> "Block":
    from pipeline.pdf.blocks import Block, Part
    return Block(id="b0001", kind="framed", evidence="tint", parts=[Part(page=26, x0=0, top=0, x1=1, bottom=3)],
                 lines=[ln.id for ln in lines], header=[ln.id for ln in lines if ln.header])


def test_back_cover_text_starting_with_centre_is_not_a_box(tmp_path):
    """Regression: on a rescaled copy the back cover's band read as a box of the Centre region."""
    from pipeline.pdf.layout import Line
    from pipeline.structure.regions import default_index
    from pipeline.structure.segment import box_header
    band = Line(id=0, page=26, text="Centre de ressources et d’ingénierie créé en 2002", x0=0, top=0, x1=1,
                bottom=1, size=8.1, bold=False, block="b0001", leaf=0, header=True, paragraph_start=True, words=[])
    body = Line(id=1, page=26, text="Réalisée par l’Avise", x0=0, top=2, x1=1, bottom=3, size=9.45, bold=False,
                block="b0001", leaf=1, header=False, paragraph_start=True, words=[])
    assert box_header(header_block([band, body]), [band, body], default_index(), frozenset()) is None
    bold = Line(id=0, page=26, text="Centre Aide au démarrage", x0=0, top=0, x1=1, bottom=1, size=10.0, bold=True,
                block="b0001", leaf=0, header=True, paragraph_start=True, words=[])
    assert box_header(header_block([bold, body]), [bold, body], default_index(), frozenset()).title == \
        "Aide au démarrage"


def test_every_rendering_gives_the_same_amounts(variant_build):
    name, tables = variant_build
    got = {(r.value, r.unit, r.role, r.qualifier, None if pd.isna(r.per) else r.per, r.region_code)
           for r in tables["amounts"].itertuples()}
    assert got == EXPECTED_AMOUNTS, name


def test_a_contents_page_whose_headings_are_not_in_the_body_is_not_used():
    """An ordinary page that happens to list five numbered lines gives no outline, and says why."""
    from pipeline.pdf.blocks import Block, Part
    from pipeline.pdf.layout import Line
    from pipeline.structure.segment import segment
    entries = [Line(id=i, page=2, text=f"Titre {i} {i + 3}", x0=60, top=100 + 15 * i, x1=300, bottom=110 + 15 * i,
                    size=10.0, bold=False, block="b0001", leaf=1, header=False, paragraph_start=True, words=[])
               for i in range(6)]
    body = [Line(id=6 + i, page=3 + i, text="Du texte courant.", x0=60, top=100, x1=300, bottom=110, size=10.0,
                 bold=False, block=f"b{2 + i:04d}", leaf=2 + i, header=False, paragraph_start=True, words=[])
            for i in range(8)]
    blocks = [Block(id="b0001", kind="text", evidence="flow", parts=[Part(page=2, x0=60, top=100, x1=300, bottom=200)],
                    lines=[ln.id for ln in entries])]
    blocks += [Block(id=f"b{2 + i:04d}", kind="text", evidence="flow",
                     parts=[Part(page=3 + i, x0=60, top=100, x1=300, bottom=110)], lines=[6 + i]) for i in range(8)]
    found = segment(entries + body, blocks)
    assert found.contents_page is None and found.outline == []
    assert any("most of its headings are not printed in the body" in m for m in found.missing)
