"""Validation: the report on the publication, and each check proven able to fail."""
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline import tables as tables_stage
from pipeline.datapackage import with_dictionary
from pipeline.layout import Line, load_extraction, load_lines
from pipeline.paths import README, StagePaths
from pipeline.regions import default_index
from pipeline.segment import load_segments
from pipeline.validate import Context, ValidationSettings, validate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def context(real_build):
    paths = StagePaths(real_build[0] / "interim")
    return Context(load_extraction(paths)[2], load_lines(paths), load_segments(paths))


def copies(real_build):
    return {name: df.copy() for name, df in real_build[1].items()}


def failing(report, severity="error"):
    return {(c.table, c.name): c for c in report.checks if c.failures and c.severity == severity}


def test_publication_has_no_errors_and_its_own_inconsistencies_as_warnings(real_build, context):
    report = validate(real_build[1], context, default_index())
    assert report.errors == 0
    warned = {(f.page, f.text) for c in report.checks if c.severity == "warning" for f in c.failures}
    assert (19, "700 M€") in warned and (23, "52 000€") in warned and (23, "3 568€") in warned
    assert any(page == 19 and text.startswith("Seize régions") for page, text in warned)
    assert any(page == 6 and "Ile-de-de-France" in text for page, text in warned)


def unknown_region(t):
    t["measures"].loc[0, "region_code"] = "99"


def duplicate_id(t):
    t["amounts"].loc[1, "amount_id"] = t["amounts"].loc[0, "amount_id"]


def broken_foreign_key(t):
    t["amounts"].loc[0, "measure_id"] = "00-no-such-box"


def rate_of_140(t):
    t["amounts"].loc[(t["amounts"]["unit"] == "%").idxmax(), "value"] = 140.0


def negative_amount(t):
    t["amounts"].loc[(t["amounts"]["unit"] == "EUR").idxmax(), "value"] = -5.0


def wrong_count(t):
    t["regions"].loc[5, "n_measures"] = 9


def page_not_in_pdf(t):
    t["amounts"].loc[0, "page"] = 99


def dropped_figure(t):
    t["amounts"] = t["amounts"].iloc[1:]


@pytest.mark.parametrize("corrupt,table,check_words", [
    (unknown_region, "measures", "INSEE"), (duplicate_id, "amounts", "schema"),
    (broken_foreign_key, "amounts", "foreign key measure_id"), (rate_of_140, "amounts", "0-100"),
    (negative_amount, "amounts", "positive"), (wrong_count, "regions", "n_measures"),
    (page_not_in_pdf, "amounts", "pages within"), (dropped_figure, "amounts", "coverage"),
])
def test_each_error_check_can_fail(real_build, context, corrupt, table, check_words):
    tables = copies(real_build)
    corrupt(tables)
    report = validate(tables, context, default_index())
    named = [c for (t, name), c in failing(report).items() if t == table and check_words in name]
    assert named, [key for key in failing(report)]
    assert any(f.row_id or f.page for f in named[0].failures)


def unrelated(t):
    """The tables as a document that names no region would give (not the publication)."""
    t["regions"]["survey_status"] = pd.Series([None] * len(t["regions"]), dtype="string")


def test_a_rate_above_100_is_an_error_of_the_publication_and_a_warning_elsewhere(real_build, context):
    tables = copies(real_build)
    rate_of_140(tables)
    assert any("0-100" in name for _, name in failing(validate(tables, context, default_index())))
    unrelated(tables)
    report = validate(tables, context, default_index())  # "200 %" is legitimate in a growth table
    assert report.errors == 0 and any("0-100" in name for _, name in failing(report, "warning"))


def test_coverage_counts_figures_not_signs_the_grammar_does_not_read(real_build, context):
    """Exit 1 on 14 unrelated PDFs: "(%)" headers, URL escapes ("2018%20"), "EUR (€)", "5.37%" were counted
    as figures the amounts stage missed."""
    signs = Line(9999, 3, "y.o.y(%) EUR (€) ntsc/2018%20-%20PK Rate 5.37% %%esp", 0, 0, 9, 9, 9, False, 0,
                 None, False, True, [])
    more = replace(context, lines=context.lines + [signs])
    assert validate(real_build[1], more, default_index()).errors == 0
    missed = replace(context, lines=context.lines + [replace(signs, text="une aide de 12 000 € par an")])
    assert any("coverage" in name for _, name in failing(validate(real_build[1], missed, default_index())))


def test_a_wrong_badge_is_a_warning_with_its_page(real_build, context):
    summaries = [replace(s, badge_count=s.badge_count + 1) for s in context.segments.summaries]
    wrong = replace(context, segments=replace(context.segments, summaries=summaries))
    report = validate(real_build[1], wrong, default_index())
    (check,) = [c for (t, name), c in failing(report, "warning").items() if "badge" in name]
    assert [f.page for f in check.failures] == [9, 14, 17] and "badge says 9" in check.failures[0].message
    assert report.errors == 0


def test_plausibility_thresholds_are_settings(real_build, context):
    strict = validate(real_build[1], context, default_index(), ValidationSettings(max_regional_budget=1_000_000))
    loose = validate(real_build[1], context, default_index())
    count = lambda r: len([f for c in r.checks if "magnitude" in c.name for f in c.failures])
    assert count(strict) > count(loose) == 1
    with pytest.raises(ValueError):
        ValidationSettings(min_euros_per_item=0)


def test_report_json_and_markdown_agree(real_build, context):
    report = validate(real_build[1], context, default_index())
    data = json.loads(report.to_json())
    assert data["summary"]["errors"] == 0 and data["summary"]["warnings"] == report.warnings == 5
    assert data["summary"]["tables"]["amounts"] == 76
    assert f"**0 errors, {report.warnings} warnings**" in report.to_markdown()


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "review" not in p.relative_to(folder).parts}


def test_failed_validation_keeps_the_previous_output(real_build, tmp_path):
    interim = tmp_path / "interim"
    shutil.copytree(real_build[0] / "interim", interim)
    out = tmp_path / "output"
    shutil.copytree(real_build[0] / "output", out)
    before = digest(out)
    amounts = (interim / "amounts.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (interim / "amounts.jsonl").write_text("".join(amounts[1:]), encoding="utf-8")  # drop a figure
    result = subprocess.run([sys.executable, "-m", "pipeline", "tables", "--interim", str(interim), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "validation failed" in result.stderr
    assert digest(out) == before
    assert "coverage" in (interim / "validation" / "report.md").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(real_build, tmp_path):
    paths = StagePaths(real_build[0] / "interim")
    tables_stage.run(paths, tmp_path / "again")
    assert digest(tmp_path / "again") == digest(real_build[0] / "output")


def test_datapackage_is_valid_frictionless(real_build):
    from frictionless import Package, validate as frictionless_validate
    descriptor = real_build[0] / "output" / "datapackage.json"
    report = frictionless_validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(str(descriptor))
    assert {r.name for r in package.resources} == {"measures", "amounts", "region_groups", "region_group_members",
                                                  "region_interventions", "outline", "regions"}
    amounts = package.get_resource("amounts").schema
    assert amounts.primary_key == ["amount_id"] and amounts.get_field("value").type == "number"


def test_readme_data_dictionary_is_up_to_date():
    readme = README.read_text(encoding="utf-8")
    assert with_dictionary(readme) == readme, "run `make dictionary`"
