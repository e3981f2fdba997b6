"""The whole pipeline on the publication, against values read by hand from it."""
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
from conftest import DATA, run_stages

from pipeline.core.paths import DEFAULT_PDF, OUTPUT


def read_expected(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"expected_{name}.csv", dtype=str, keep_default_na=False)


def as_strings(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return df[columns].astype("string").fillna("").astype(str)


def test_the_18_boxes_with_region_title_axis_section(real_build):
    measures = real_build[1]["measures"]
    expected = read_expected("measures")
    assert len(measures) == 18
    got = as_strings(measures, list(expected.columns))
    assert sorted(map(tuple, got.values)) == sorted(map(tuple, expected.values))
    assert measures["measure_id"].is_unique


def test_every_type_and_region_of_the_three_summaries(real_build):
    interventions = real_build[1]["region_interventions"]
    expected = read_expected("region_interventions")
    got = as_strings(interventions, list(expected.columns))
    assert sorted(map(tuple, got.values)) == sorted(map(tuple, expected.values))
    per_axis = interventions.groupby("axis")["region_code"].nunique().to_dict()
    assert per_axis == {"emploi": 8, "professionnalisation": 9, "structuration_financiere": 9}  # the badges


def test_outline_matches_the_contents_page(real_build):
    outline = real_build[1]["outline"]
    expected = read_expected("outline")
    assert as_strings(outline, list(expected.columns)).values.tolist() == expected.values.tolist()
    pages = dict(zip(outline["title"], outline["page"], strict=True))
    assert pages["Soutien au développement de l’emploi"] == 9  # the axis page, not the overview on page 8
    assert pd.isna(pages["Accords-cadres pour la formation des salariés de l’IAE"])


def test_regions_count_what_the_other_tables_hold(real_build):
    regions = real_build[1]["regions"].set_index("region_code")
    assert len(regions) == 27
    assert regions.loc["54", ["n_measures", "n_interventions"]].tolist() == [2, 4]
    assert regions.loc["42", ["n_measures", "n_interventions"]].tolist() == [0, 0]
    assert regions["n_measures"].sum() == 18


def test_committed_output_is_what_the_code_builds(real_build):
    built = real_build[0] / "output"

    def dataset(folder: Path) -> list[Path]:  # the review is a build artefact, not committed
        return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and "review" not in p.parts)
    files = dataset(built)
    assert files == dataset(OUTPUT)
    for relative in files:
        assert (OUTPUT / relative).read_bytes() == (built / relative).read_bytes(), relative


def rescale(source: Path, target: Path, width: float, height: float, scale: float) -> Path:
    """Re-make the publication through PDFium on another page size: another producer, other coordinates."""
    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    for index in range(len(src)):
        page = out.new_page(width, height)
        placed = src.page_as_xobject(index, out).as_pageobject()
        w, h = src[index].get_size()
        placed.set_matrix(pdfium.PdfMatrix().scale(scale, scale).translate((width - w * scale) / 2,
                                                                            (height - h * scale) / 2))
        page.insert_obj(placed)
        page.gen_content()
    out.save(str(target))
    return target


def test_a_rescaled_rendering_from_another_producer_gives_the_same_rows(real_build, tmp_path):
    pdf = rescale(DEFAULT_PDF, tmp_path / "letter.pdf", 612, 792, 0.9)
    rebuilt = run_stages(pdf, tmp_path, write=False)
    where = ["page", "x0", "top", "x1", "bottom", "first_page"]
    for name in ("measures", "amounts", "quantities", "measure_targets", "organisations", "measure_organisations",
                 "region_interventions", "outline", "regions"):
        a = rebuilt[name].drop(columns=where, errors="ignore")
        b = real_build[1][name].drop(columns=where, errors="ignore")
        pd.testing.assert_frame_equal(a, b, obj=name)
