import shutil

import pandas as pd
import pytest

from pipeline.tables import ValidationFailed, axis_of_title, publish, slug
from schemas import TABLES


def test_slug_is_ascii_and_bounded():
    assert slug("Aide Régionale aux structures d’Insertion par l’Activité Économique (ARSIE)") == \
        "aide-regionale-aux-structures-d-insertion-par-l"
    assert len(slug("mot " * 40)) <= 48


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
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "t.csv", "t.parquet"]
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_invalid_tables_are_refused_before_writing(real_build, tmp_path):
    from pipeline.paths import StagePaths
    from pipeline.tables import check
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


def test_box_under_no_heading_is_reported_and_not_kept(capsys):
    """Regression: a box found in a PDF without a contents page crashed the tables stage (NameError)."""
    from pipeline.segment import Box, Segments
    from pipeline.tables import measure_rows
    segments = Segments(None, [], [Box("b0001", "54", "Poitou-Charentes", "Emplois Tremplin", 3, 10, [11], [10],
                                       ["b0001"], "x")], [], [])
    assert measure_rows(segments) == []
    assert "Poitou-Charentes — 'Emplois Tremplin' (page 3) is under no part or axis" in capsys.readouterr().err
