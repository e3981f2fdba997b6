import shutil

import pandas as pd
import pytest

from pipeline.dataset.tables import ValidationFailed, axis_of_title, publish, slug
from pipeline.structure.outline import Heading
from pipeline.structure.segment import Segments
from schemas import TABLES


def test_slug_is_ascii_bounded_and_cut_at_a_word():
    assert slug("Aide Régionale aux structures d’Insertion par l’Activité Économique (ARSIE)") == \
        "aide-regionale-structures"
    assert len(slug("mot " * 40)) <= 32
    assert slug("Un des") == "un-des"  # a title of function words only keeps them


def test_ids_are_short_and_do_not_end_in_a_cut_word(real_build):
    """Regression: ids were up to 54 characters and cut mid-phrase ("…-d-insertion-par-l")."""
    from pipeline.dataset.tables import FUNCTION_WORDS
    for name, column in (("measures", "measure_id"), ("amounts", "amount_id"), ("quantities", "quantity_id")):
        ids = real_build[1][name][column]
        assert ids.str.len().max() <= 40, name
    for measure_id in real_build[1]["measures"]["measure_id"]:
        assert measure_id.split("-")[-1] not in FUNCTION_WORDS, measure_id


def test_each_summary_type_has_the_section_it_is_about(real_build):
    """Regression: intervention_type joined outline.title for 2 of 10 types (’ against ', activités
    against activité); section joins it for each type whose words are a section's."""
    interventions, outline = real_build[1]["region_interventions"], real_build[1]["outline"]
    sections = interventions.dropna(subset=["section"])
    assert set(sections["section"]) <= set(outline[outline["level"] == 3]["title"])
    by_type = interventions.drop_duplicates("intervention_type").set_index("intervention_type")["section"]
    assert by_type["Mise en place d'emplois tremplins dédiés à l'IAE"] == \
        "Mise en place d’emplois tremplins dédiés à l’IAE"
    assert by_type["Soutien à la création et au développement d’activités via des aides directes ou indirectes"] == \
        "Soutien à la création et au développement d’activité via des aides directes ou indirectes"
    assert pd.isna(by_type["Aides à la formation adossées aux dispositifs emploi-tremplins"])  # no section says so
    assert by_type.notna().sum() == 7 and len(by_type) == 11
    joined = interventions.merge(outline, left_on="section", right_on="title", how="inner")
    assert len(joined) == len(sections)


def test_a_label_matching_two_sections_gets_none():
    from pipeline.dataset.tables import section_of
    twins = [Heading(level=3, number="1", title="Soutien à l’emploi", contents_page=9),
             Heading(level=3, number="2", title="Soutien à l’emploi des jeunes", contents_page=10)]
    assert section_of("Soutien à l'emploi des jeunes", twins) is None  # both are contained in it
    assert section_of("Soutien aux emplois", twins[:1]) == "Soutien à l’emploi"


def test_a_warned_row_is_filtered_in_one_clause(real_build):
    """Regression: the "700 M€" typo summed into Franche-Comté's euros with nothing to mark it."""
    amounts, findings = real_build[1]["amounts"], real_build[1]["findings"]
    typo = amounts[amounts["text"] == "700 M€"]
    assert "unit typo" in typo["flags"].item()
    clean = amounts[amounts["flags"].isna()]
    euros = clean[(clean["region_code"] == "43") & (clean["unit"] == "EUR")]["value"].sum()
    everything = amounts[(amounts["region_code"] == "43") & (amounts["unit"] == "EUR")]["value"].sum()
    assert euros < 10_000_000 < 700_000_000 < everything
    assert set(findings[findings["table"] == "amounts"]["row_id"]) == \
        set(amounts[amounts["flags"].notna()]["amount_id"])
    quantities = real_build[1]["quantities"]
    assert set(findings[findings["table"] == "quantities"]["row_id"]) == \
        set(quantities[quantities["flags"].notna()]["quantity_id"])
    assert len(findings) == 9 and (findings["severity"] == "warning").all()


@pytest.mark.parametrize("title,axis", [
    ("Soutien au développement de l’emploi", "emploi"),
    ("Soutien à la professionnalisation", "professionnalisation"),
    ("SOUTIEN À LA STRUCTURATION FINANCIÈRE DES SIAE", "structuration_financiere"),
    ("Relations avec les autres financeurs", None),
])
def test_axis_of_title(title, axis):
    assert axis_of_title(title) == axis


def test_publish_replaces_a_previous_output_whole(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    (out / "datapackage.json").write_text('{"name": "panorama-iae-regions-2014"}')  # a previous output's marker
    publish({"t": pd.DataFrame({"a": [1]})}, out)
    assert sorted(p.name for p in out.iterdir()) == ["csv-excel-fr", "datapackage.json", "panorama-iae.xlsx",
                                                     "t.csv", "t.parquet"]
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_invalid_tables_are_refused_before_writing(real_build, tmp_path):
    from pipeline.core.paths import StagePaths
    from pipeline.dataset.tables import check
    tables = {name: df.copy() for name, df in real_build[1].items()}
    tables["measures"].loc[0, "axis"] = "tourisme"
    tables["regions"].loc[0, "region_code"] = tables["regions"].loc[1, "region_code"]
    interim = StagePaths(real_build[0] / "interim")
    with pytest.raises(ValidationFailed) as error:
        check(tables, interim)
    assert "errors" in str(error.value)
    report = (interim.folder / "validation" / "report.md").read_text(encoding="utf-8")
    assert "tourisme" in report and "regions" in report
    shutil.rmtree(interim.folder / "validation")


def test_csv_and_parquet_hold_the_same_columns_and_integers(real_build):
    folder = real_build[0] / "output"
    for name, spec in TABLES.items():
        csv = pd.read_csv(folder / f"{name}.csv", dtype=str)
        parquet = pd.read_parquet(folder / f"{name}.parquet")
        assert list(csv.columns) == list(parquet.columns) == spec.columns
    outline_csv = (folder / "outline.csv").read_text(encoding="utf-8")
    assert "\n1,,Introduction,3,3,1\n" in outline_csv  # nullable integers print without ".0"
    assert str(pd.read_parquet(folder / "outline.parquet")["page"].dtype) == "Int64"


def test_box_under_no_heading_is_reported_and_not_kept(caplog):
    """Regression: a box found in a PDF without a contents page crashed the tables stage (NameError)."""
    from pipeline.dataset.tables import measure_rows
    from pipeline.structure.segment import Box
    box = Box(id="b0001", region_code="54", region_name="Poitou-Charentes", title="Emplois Tremplin", page=3,
              first_line=10, body_lines=[11], header_lines=[10], blocks=["b0001"], body="x")
    segments = Segments(contents_page=None, outline=[], boxes=[box], summaries=[], missing=[])
    assert measure_rows(segments) == []
    assert "Poitou-Charentes — 'Emplois Tremplin' (page 3) is under no part or axis" in caplog.text


def test_a_box_dropped_by_the_tables_stage_is_one_warning_line_of_the_cli(capsys):
    # It used to leave by a bare print of its own; now through logging, routed as every warning.
    from pipeline.core.logs import routed_to
    from pipeline.core.progress import Progress
    from pipeline.dataset.tables import measure_rows
    from pipeline.structure.segment import Box
    box = Box(id="b0001", region_code="54", region_name="Poitou-Charentes", title="Emplois Tremplin", page=3,
              first_line=10, body_lines=[11], header_lines=[10], blocks=["b0001"], body="x")
    segments = Segments(contents_page=None, outline=[], boxes=[box], summaries=[], missing=[])
    with routed_to(Progress(quiet=False, verbose=False).warn):
        measure_rows(segments)
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["warning: box Poitou-Charentes — 'Emplois Tremplin' (page 3) is under no part or axis; not kept"]
