"""Validation: the report on the publication, and each check proven able to fail."""
import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.core.paths import README, StagePaths
from pipeline.core.settings import ValidationSettings
from pipeline.dataset import tables as tables_stage
from pipeline.dataset.datapackage import with_dictionary
from pipeline.dataset.validate import coverage_check, validate
from pipeline.pdf.layout import Line
from pipeline.structure.regions import default_index
from pipeline.structure.segment import load_segments


@pytest.fixture(scope="module")
def context(real_build):
    paths = StagePaths(real_build[0] / "interim")
    return tables_stage.validation_context(paths, load_segments(paths))


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
    # 52 000€ for 224 markets: the same misprint seen from the quantities; two misprinted bodies.
    assert (23, "224 marchés") in warned and (23, "13 marchés") in warned
    assert (15, "AGEFAFOS PME") in warned and (16, "DIRRECTE") in warned


def test_the_report_lists_every_number_that_is_not_a_quantity(real_build, context):
    report = validate(real_build[1], context, default_index())
    (excluded,) = [n for n in report.notes if n.title.startswith("Numbers printed in digits")]
    reasons = {}
    for page, printed, reason, _ in excluded.rows:
        reasons.setdefault(reason, []).append((page, printed))
    assert (3, "01 53 25 02 25") in reasons["telephone"] and (3, "75013") in reasons["address"]
    assert (5, "24") in reasons["date"] and (10, "1ère") in reasons["ordinal"] and (7, "2/3") in reasons["fraction"]
    assert (9, "4") in reasons["region count"] and (22, "12") in reasons["region count"]
    assert len(excluded.rows) == 115 and len(reasons["contents page"]) == 25
    (unknown,) = [n for n in report.notes if n.title.startswith("Organisations not in the reference list")]
    assert {row[0] for row in unknown.rows} >= {"garie", "pradie", "ifree", "crce-geiq"}
    assert "## Numbers printed in digits that are not quantities (115)" in report.to_markdown()


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


def dropped_quantity(t):
    t["quantities"] = t["quantities"].iloc[1:]


def quantity_of_no_box(t):
    t["quantities"].loc[0, "measure_id"] = "00-no-such-box"


def partner_not_listed(t):
    t["measure_organisations"].loc[0, "org_id"] = "no-such-body"


def unknown_quantity_role(t):
    t["quantities"].loc[0, "role"] = "wish"


@pytest.mark.parametrize("corrupt,table,check_words", [
    (unknown_region, "measures", "INSEE"), (duplicate_id, "amounts", "schema"),
    (broken_foreign_key, "amounts", "foreign key measure_id"), (rate_of_140, "amounts", "0-100"),
    (negative_amount, "amounts", "positive"), (wrong_count, "regions", "n_measures"),
    (page_not_in_pdf, "amounts", "pages within"), (dropped_figure, "amounts", "coverage"),
    (dropped_quantity, "quantities", "coverage"), (quantity_of_no_box, "quantities", "foreign key measure_id"),
    (partner_not_listed, "measure_organisations", "foreign key org_id"),
    (unknown_quantity_role, "quantities", "schema"),
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
    signs = Line(id=9999, page=3, text="y.o.y(%) EUR (€) ntsc/2018%20-%20PK Rate 5.37% %%esp", x0=0, top=0, x1=9,
                 bottom=9, size=9, bold=False, block=0, leaf=None, header=False, paragraph_start=True, words=[])
    more = replace(context, lines=context.lines + [signs])
    assert not any("€ and %" in name for _, name in failing(validate(real_build[1], more, default_index())))
    missed = replace(context, lines=context.lines + [replace(signs, text="une aide de 12 000 € par an")])
    assert any("coverage" in name for _, name in failing(validate(real_build[1], missed, default_index())))



def test_a_number_and_a_percent_sign_in_two_cells_of_a_table_are_no_figure():
    """chelsea_pdta.pdf ended in exit 1: the cells "230" and "%" of one table
    block were joined into "230 %" and counted as a figure the amounts stage
    missed. Lines join within a piece of a block (its leaf), not across cells."""
    def cell(line_id: int, text: str, leaf: int) -> Line:
        return Line(id=line_id, page=62, text=text, x0=0, top=0, x1=9, bottom=9, size=9, bold=False, block="b0258",
                    leaf=leaf, header=False, paragraph_start=True, words=[])
    no_amounts = {"amounts": pd.DataFrame({"page": pd.Series(dtype=int), "text": pd.Series(dtype=str)})}
    assert not coverage_check(no_amounts, [cell(1, "230", 1034), cell(2, "%", 1035)]).failures
    wrapped = [cell(1, "une aide de 10 000", 7), cell(2, "€ par an", 7)]  # one cell: the figure is whole again
    assert coverage_check(no_amounts, wrapped).failures

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

    def count(r):
        return len([f for c in r.checks if "magnitude" in c.name for f in c.failures])

    assert count(strict) > count(loose) == 1
    with pytest.raises(ValueError):
        ValidationSettings(min_euros_per_item=0)
    with pytest.raises(ValueError):
        ValidationSettings(min_euros_per_outcome=10, max_euros_per_outcome=5)

    def per_outcome(r):
        return len([f for c in r.checks if "per outcome" in c.name for f in c.failures])

    demanding = validate(real_build[1], context, default_index(), ValidationSettings(min_euros_per_outcome=50_000))
    assert per_outcome(demanding) > per_outcome(loose) == 2


def test_contradicting_conditions_caps_and_ranges_are_warnings(real_build, context):
    tables = copies(real_build)
    quantities = tables["quantities"]
    cap = quantities.index[quantities["text"] == "20 ETP"][0]
    floor = quantities.index[quantities["text"] == "4 ETP"][0]
    quantities.loc[floor, "measure_id"] = quantities.loc[cap, "measure_id"]
    quantities.loc[floor, "value"] = 25.0  # "au moins 25 ETP" where the aid is "limitée à 20 ETP"
    staff = quantities.index[quantities["text"] == "8 salariés"][0]
    quantities.loc[staff, "qualifier"] = "max"  # "au plus 8 salariés" beside "au minimum … 4 salariés"
    quantities.loc[staff, "value"] = 3.0
    other = quantities.index[quantities["text"] == "4 salariés"][0]
    quantities.loc[other, "measure_id"] = quantities.loc[staff, "measure_id"]
    young = quantities.index[quantities["text"] == "16 à 26 ans"][0]
    quantities.loc[young, "value"] = 28.0
    report = validate(tables, context, default_index())
    (check,) = [c for c in report.checks if "contradicts" in c.name]
    assert sorted(f.text for f in check.failures) == ["16 à 26 ans", "4 ETP", "4 salariés"]
    assert validate(real_build[1], context, default_index()).warnings == 9  # none in the publication


def test_report_json_and_markdown_agree(real_build, context):
    report = validate(real_build[1], context, default_index())
    data = json.loads(report.to_json())
    assert data["summary"]["errors"] == 0 and data["summary"]["warnings"] == report.warnings == 9
    assert data["summary"]["tables"]["amounts"] == 76 and data["summary"]["tables"]["quantities"] == 47
    assert [n["title"] for n in data["notes"]] == ["Numbers printed in digits that are not quantities",
                                                  "Organisations not in the reference list (kept)"]
    assert f"**0 errors, {report.warnings} warnings**" in report.to_markdown()


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "review" not in p.relative_to(folder).parts}


def test_failed_validation_keeps_the_previous_output(real_build, tmp_path, cli):
    interim = tmp_path / "interim"
    shutil.copytree(real_build[0] / "interim", interim)
    out = tmp_path / "output"
    shutil.copytree(real_build[0] / "output", out)
    before = digest(out)
    amounts = (interim / "amounts.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (interim / "amounts.jsonl").write_text("".join(amounts[1:]), encoding="utf-8")  # drop a figure
    result = cli("tables", "--interim", str(interim), "--out", str(out))
    assert result.returncode == 1 and "validation failed" in result.stderr
    assert digest(out) == before
    assert "coverage" in (interim / "validation" / "report.md").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(real_build, tmp_path):
    paths = StagePaths(real_build[0] / "interim")
    tables_stage.run(paths, tmp_path / "again")
    assert digest(tmp_path / "again") == digest(real_build[0] / "output")


def test_readme_data_dictionary_is_up_to_date():
    readme = README.read_text(encoding="utf-8")
    assert with_dictionary(readme) == readme, "run `make dictionary`"


def test_a_box_body_that_loses_or_swallows_words_is_an_error(real_build, context):
    box = context.segments.boxes[0]
    swallowed = replace(box, body=box.body + "\nUn tableau imprimé après la boîte.")
    lost = replace(context.segments.boxes[1], body=context.segments.boxes[1].body[:40])
    segments = replace(context.segments, boxes=[swallowed, lost, *context.segments.boxes[2:]])
    report = validate(real_build[1], replace(context, segments=segments), default_index())
    check = failing(report)[("measures", "coverage: each box body holds exactly the words of its blocks")]
    assert {(f.row_id, f.page) for f in check.failures} == {(box.id, box.page), (lost.id, lost.page)}


def test_words_in_no_block_are_a_warning_and_words_read_twice_an_error(real_build, context):
    first = context.lines[40]
    dropped = replace(context, lines=[ln for ln in context.lines if ln.id != first.id])
    check = failing(validate(real_build[1], dropped, default_index()), "warning")[
        ("layout", "coverage: every printed word lands in exactly one block")]
    assert [f.page for f in check.failures] == [first.page]
    doubled = replace(context, lines=context.lines + [first])
    assert ("layout", "coverage: every printed word lands in exactly one block") in failing(
        validate(real_build[1], doubled, default_index()))
