"""The tables stage: segments -> the dataset's tables, validated, written atomically.

Column names, order and types come from ``schemas``; this module only
builds rows. A run writes a complete new output folder next to the old one
and swaps it in, so a failed or interrupted run leaves the previous good
output as it was.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from pipeline.core.artefacts import read_jsonl, write_text
from pipeline.core.errors import ValidationFailed  # noqa: F401  (raised here, re-exported for callers)
from pipeline.core.paths import StagePaths
from pipeline.core.provenance import provenance
from pipeline.core.text import folded
from pipeline.dataset.datapackage import datapackage_json
from pipeline.dataset.publish import publish_folder
from pipeline.dataset.validate import Context, Report, printed_numbers, validate
from pipeline.dataset.workbook import (
    EXCEL_CSV_FOLDER,
    WORKBOOK,
    write_excel_csv,
    write_workbook,
)
from pipeline.language.amounts import AmountRecord, PrintedFigure
from pipeline.language.groups import GroupRecord
from pipeline.language.meaning import start_year_of
from pipeline.language.organisations import OrgMention
from pipeline.language.quantities import QuantityRecord
from pipeline.language.stage import (
    load_amounts,
    load_groups,
    load_mentions,
    load_numbers,
    load_organisations,
    load_quantities,
    load_targets,
    reading_passages,
    stream_lines,
)
from pipeline.language.targets import TargetRecord
from pipeline.pdf.blocks import load_blocks
from pipeline.pdf.extract import load_pages
from pipeline.pdf.layout import Line
from pipeline.structure.outline import Heading, enclosing
from pipeline.structure.regions import Region, default_index, load_regions, name_key
from pipeline.structure.segment import Segments, load_segments
from schemas import TABLES
from schemas.tables import (
    AXIS_OF_PART_WITHOUT_AXES,
    AXIS_TITLE_WORDS,
    NON_RESPONSE_WORDING,
    VALIDATED,
)

# A measure's id is its region code and at most this many characters of its title's words, so
# that the ids of its rows ("<measure_id>-01", "<measure_id>-q01") stay under 40 characters.
# Warnings about the document reach the user through logging (pipeline.core.logs routes them).
LOG = logging.getLogger(__name__)
MAX_SLUG_LENGTH = 32
# An id's words: ASCII letters and digits ("emplois", "2014").
SLUG_WORD = re.compile(r"[a-z0-9]+")
# French articles, prepositions and elided forms: they make an id longer, not clearer
# ("d-insertion-par-l" cut an id in the middle of "l'Activité"). Also ignored when
# matching a summary's type label to a section title.
FUNCTION_WORDS = frozenset("a au aux d de des du dans en et l la le les ou par pour sur un une via".split())
NON_RESPONSE = re.compile(NON_RESPONSE_WORDING)


def plain_words(text: str) -> list[str]:
    """Lower-case ASCII words, accents removed.

    >>> plain_words("Mise en place d’emplois")
    ['mise', 'en', 'place', 'd', 'emplois']
    """
    return SLUG_WORD.findall(folded(text))


def slug(text: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """The title's words but articles and prepositions, joined by hyphens, cut at a whole word.

    >>> slug("Emplois Tremplin Environnement")
    'emplois-tremplin-environnement'
    >>> slug("Aide Régionale aux structures d’Insertion par l’Activité Économique (ARSIE)")
    'aide-regionale-structures'
    """
    words = [w for w in plain_words(text) if w not in FUNCTION_WORDS] or plain_words(text)
    out = words[0][:limit] if words else ""
    for word in words[1:]:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}"
    return out


def axis_of_title(title: str) -> str | None:
    """The axis vocabulary value an axis heading names.

    >>> axis_of_title("Soutien au développement de l’emploi")
    'emploi'
    """
    words = set(name_key(title).split())
    return next((axis for axis, needed in AXIS_TITLE_WORDS if set(needed) <= words), None)


def axis_of(outline: list[Heading], line: int) -> str | None:
    part = enclosing(outline, line, 1)
    if part is None:
        return None
    after_part = outline[outline.index(part) + 1:]
    has_axes = any(h.level == 2 for h in after_part[:next((i for i, h in enumerate(after_part) if h.level == 1),
                                                          len(after_part))])
    if not has_axes:
        return AXIS_OF_PART_WITHOUT_AXES
    axis = enclosing(outline, line, 2)
    return axis_of_title(axis.title) if axis else None


def measure_rows(segments: Segments) -> list[dict]:
    """One row per box; ``box_id`` (dropped before output) links amounts to it."""
    rows: list[dict] = []
    ids: Counter[str] = Counter()
    for box in segments.boxes:
        axis = axis_of(segments.outline, box.first_line)
        if axis is None:
            LOG.warning(f"box {box.region_name} — {box.title!r} (page {box.page}) is under no part or axis; "
                        "not kept")
            continue
        section = enclosing(segments.outline, box.first_line, 3)
        base = f"{box.region_code}-{slug(box.title)}"
        ids[base] += 1
        rows.append(dict(
            measure_id=base if ids[base] == 1 else f"{base}-{ids[base]}",
            region_code=box.region_code, region_name=box.region_name, title=box.title, axis=axis,
            section=section.title if section else None, page=box.page, start_year=start_year_of(box.body),
            body=box.body, box_id=box.id,
        ))
    return rows


def ranked_rows(records: Sequence[PrintedFigure], measures: list[dict], id_column: str,
                mark: str = "") -> list[dict]:
    """Figure rows with ids ranked within their box ("m03-…-02", or with
    ``mark="q"`` "m03-…-q02"), or within their page outside boxes ("p07-01")."""
    by_box = {m["box_id"]: m for m in measures}
    rank: Counter = Counter()
    rows = []
    for record in records:
        measure = by_box.get(record.box)
        scope = measure["measure_id"] if measure else f"p{record.page:02d}"
        rank[scope] += 1
        row = {k: v for k, v in asdict(record).items() if k != "box"}
        rows.append(dict(row, **{id_column: f"{scope}-{mark}{rank[scope]:02d}"},
                         measure_id=measure["measure_id"] if measure else None))
    return rows


def amount_rows(records: list[AmountRecord], measures: list[dict]) -> list[dict]:
    return ranked_rows(records, measures, "amount_id")


def quantity_rows(records: list[QuantityRecord], measures: list[dict]) -> list[dict]:
    return ranked_rows(records, measures, "quantity_id", mark="q")


def target_rows(records: list[TargetRecord], measures: list[dict]) -> list[dict]:
    by_box = {m["box_id"]: m["measure_id"] for m in measures}
    return [dict(measure_id=by_box[r.box], target=r.target, sentence=r.sentence) for r in records if r.box in by_box]


def organisation_rows(mentions: list[OrgMention], measures: list[dict]) -> tuple[list[dict], list[dict]]:
    """organisations (one per body, with every spelling met) and measure_organisations
    (one per measure and body: how often, where first, in which sentence)."""
    by_box = {m["box_id"]: m["measure_id"] for m in measures}
    kept = [m for m in mentions if m.box in by_box]
    bodies: dict[str, dict] = {}
    links: dict[tuple[str, str], dict] = {}
    for m in kept:
        body = bodies.setdefault(m.org_id, dict(org_id=m.org_id, name=m.name, kind=m.kind, spellings=set(),
                                                misprints=set(), in_reference=m.in_reference))
        body["spellings"] |= {" ".join(m.printed.split())} | ({m.long_form} if m.long_form else set())
        if m.misprint:
            body["misprints"].add(m.printed)
        key = (by_box[m.box], m.org_id)
        if key in links:
            links[key]["mentions"] += 1
        else:
            links[key] = dict(measure_id=key[0], org_id=m.org_id, mentions=1, first_page=m.page, sentence=m.sentence)
    organisations = [dict(org_id=b["org_id"], name=b["name"], kind=b["kind"],
                          aliases="; ".join(sorted(b["spellings"])), in_reference=b["in_reference"],
                          misprints="; ".join(sorted(b["misprints"])) or None) for b in bodies.values()]
    return organisations, list(links.values())


def content_words(text: str) -> frozenset[str]:
    """The words that carry a title's meaning, for matching: no accents, case, apostrophes,
    articles or prepositions, a plural's final s dropped.

    >>> sorted(content_words("Soutien à la création d’activités"))
    ['activite', 'creation', 'soutien']
    """
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w
                     for w in plain_words(text) if w not in FUNCTION_WORDS)


def axis_sections(outline: list[Heading], axis_line: int) -> list[Heading]:
    """The section headings (level 3) the contents page lists under the axis heading printed at
    ``axis_line``, located in the body or not."""
    start = next((i for i, h in enumerate(outline) if h.level == 2 and h.line == axis_line), None)
    if start is None:
        return []
    after = outline[start + 1:]
    return [h for h in after[:next((i for i, h in enumerate(after) if h.level <= 2), len(after))] if h.level == 3]


def section_of(label: str, sections: list[Heading]) -> str | None:
    """The title of the one section whose words are the label's, or contained in them, or
    contain them; None when no section, or more than one, does.

    >>> from pipeline.structure.outline import Heading
    >>> sections = [Heading(3, "3", "Développement des clauses d’insertion dans la commande publique", 22)]
    >>> section_of("Développement des clauses sociales d'insertion dans la commande publique", sections)
    'Développement des clauses d’insertion dans la commande publique'
    >>> section_of("Aides à la formation", sections) is None
    True
    """
    words = content_words(label)
    found = [h for h in sections if (key := content_words(h.title)) and words and (key <= words or words <= key)]
    return found[0].title if len(found) == 1 else None


def intervention_rows(segments: Segments) -> list[dict]:
    """One row per (axis, type, region) of the axis summaries, with the section its type is about."""
    axis_by_line = {h.line: axis_of_title(h.title) for h in segments.outline if h.level == 2}
    rows: dict[tuple[str | None, str, str], dict] = {}
    for summary in segments.summaries:
        sections = axis_sections(segments.outline, summary.axis_line)
        for item in summary.interventions:
            key = (axis_by_line[summary.axis_line], item.label, item.region_code)
            rows.setdefault(key, dict(axis=key[0], intervention_type=item.label, region_code=item.region_code,
                                      region_name=item.region_name, page=item.page,
                                      section=section_of(item.label, sections)))
    return list(rows.values())


def outline_rows(segments: Segments) -> list[dict]:
    return [dict(level=h.level, number=h.number, title=h.title, page=h.page, contents_page=h.contents_page,
                 position=i + 1) for i, h in enumerate(segments.outline)]


def group_rows(groups: list[GroupRecord]) -> tuple[list[dict], list[dict]]:
    """region_groups and region_group_members rows; ids rank groups on their page."""
    rank: Counter = Counter()
    rows, members = [], []
    for group in groups:
        rank[group.page] += 1
        group_id = f"p{group.page:02d}-g{rank[group.page]}"
        count = group.claimed_count
        rows.append(dict(group_id=group_id, page=group.page, sentence=group.sentence, claimed_count=count,
                         n_regions=len(group.regions),
                         consistent=None if count is None else count == len(group.regions)))
        members += [dict(group_id=group_id, region_code=code) for code in group.regions]
    return rows, members


def survey_status(groups: list[GroupRecord], mentioned: dict[str, int]) -> dict[str, str]:
    """Non-respondents from the group that says so; every other region the
    publication names is a respondent; one it never names is not covered."""
    silent = {code for g in groups if NON_RESPONSE.search(g.sentence) for code in g.regions}
    return {code: "non_respondent" if code in silent else "respondent" for code in set(mentioned) | silent}


def region_rows(regions: list[Region], measures: list[dict], interventions: list[dict],
                status: dict[str, str]) -> list[dict]:
    n_measures = Counter(m["region_code"] for m in measures)
    n_interventions = Counter(i["region_code"] for i in interventions)
    return [dict(region_code=r.code, region_name=r.name, region_code_2016=r.code_2016,
                 region_name_2016=r.name_2016, survey_status=status.get(r.code),
                 n_measures=n_measures[r.code], n_interventions=n_interventions[r.code]) for r in regions]


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame with the schema's columns, dtypes and sort order."""
    spec = TABLES[name]
    schema = spec.model.to_schema()
    df = pd.DataFrame(rows, columns=spec.columns)  # a column no row has (flags, before validation) is null
    for column, definition in schema.columns.items():
        kind = str(definition.dtype)
        df[column] = df[column].astype(kind if kind in ("Int64", "float64", "boolean") else "string")
    return df.sort_values(list(spec.sort_by), kind="stable").reset_index(drop=True)


def build_tables(segments: Segments, amounts: list[AmountRecord], groups: list[GroupRecord],
                 mentioned: dict[str, int], quantities: Sequence[QuantityRecord] = (),
                 targets: Sequence[TargetRecord] = (),
                 organisations: Sequence[OrgMention] = ()) -> dict[str, pd.DataFrame]:
    measures = measure_rows(segments)
    interventions = intervention_rows(segments)
    group_table, members = group_rows(groups)
    status = survey_status(groups, mentioned)
    bodies, links = organisation_rows(list(organisations), measures)
    built = {
        "measures": frame("measures", measures),
        "amounts": frame("amounts", amount_rows(amounts, measures)),
        "quantities": frame("quantities", quantity_rows(list(quantities), measures)),
        "measure_targets": frame("measure_targets", target_rows(list(targets), measures)),
        "organisations": frame("organisations", bodies),
        "measure_organisations": frame("measure_organisations", links),
        "region_groups": frame("region_groups", group_table),
        "region_group_members": frame("region_group_members", members),
        "region_interventions": frame("region_interventions", interventions),
        "outline": frame("outline", outline_rows(segments)),
        "regions": frame("regions", region_rows(load_regions(), measures, interventions, status)),
    }
    return {name: built[name] for name in VALIDATED}  # the schemas' order, as read_output reads them back


def write_table(df: pd.DataFrame, folder: Path, name: str) -> None:
    df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    df.to_parquet(folder / f"{name}.parquet", index=False, engine="pyarrow", compression="snappy")


def write_folder(tables: dict[str, pd.DataFrame], files: dict[str, str], folder: Path,
                 inputs: Sequence[dict] = (), document_id: bool = False) -> None:
    """The tables, the text ``files`` (by relative path), then the data package that
    describes them (it records each table file's size and hash)."""
    for name, df in tables.items():
        write_table(df, folder, name)
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    write_workbook(tables, folder / WORKBOOK, inputs)
    write_excel_csv(tables, folder / EXCEL_CSV_FOLDER)
    package = datapackage_json(document_id, folder, list(inputs), list(tables))
    (folder / "datapackage.json").write_text(package, encoding="utf-8")


def publish(tables: dict[str, pd.DataFrame], out: Path, files: dict[str, str] | None = None,
            force: bool = False, inputs: Sequence[dict] = (), document_id: bool = False) -> None:
    """Write every table (and text ``files``, by relative path) into a fresh
    folder beside ``out``, then swap it in atomically; a folder this pipeline
    did not write is refused unless ``force`` (see ``publish.guard_target``).
    ``inputs`` are the files the tables were built from, for the data package."""
    publish_folder(out, lambda folder: write_folder(tables, files or {}, folder, inputs, document_id), force)


def report_files(report: Report) -> dict[str, str]:
    return {"validation/report.json": report.to_json(), "validation/report.md": report.to_markdown()}


def report_inputs(report: Report) -> list[dict]:
    """The input file the report names, as the data package lists it."""
    source = report.provenance.get("input") if report.provenance else None
    return [source] if source else []


def summary_lines(tables: dict[str, pd.DataFrame], report: Report, out: Path) -> list[str]:
    """What a person wants at the end of a run."""
    lines = [f"  {name:<22} {len(df):>6} rows" for name, df in tables.items()]
    return lines + [f"{report.errors} errors, {report.warnings} warnings; report: {out / 'validation' / 'report.md'}"]


def lines_without_words(paths: StagePaths) -> list[Line]:
    """The lines as validation reads them: text, page and place, each word's
    text without its box (most of a line's memory, and of a long document's)."""
    return [Line(**{**record, "words": [[word[0]] for word in record["words"]]}) for record in read_jsonl(paths.lines)]


def validation_context(paths: StagePaths, segments: Segments) -> Context:
    """The document the tables came from: pages, lines, blocks, words per page
    (counted as the words file streams by, not loaded)."""
    words_per_page = Counter(record["page"] for record in read_jsonl(paths.words))
    blocks = load_blocks(paths)
    numbers_printed = printed_numbers(reading_passages(lambda: stream_lines(paths), blocks, segments))
    return Context(pages=load_pages(paths), lines=lines_without_words(paths), segments=segments, blocks=blocks,
                   words_per_page=dict(words_per_page), numbers=load_numbers(paths), numbers_printed=numbers_printed)


def check(tables: dict[str, pd.DataFrame], paths: StagePaths) -> Report:
    """Validate against the document; on errors, write the report beside the
    interim artefacts and raise, so that the previous output stays."""
    context = validation_context(paths, load_segments(paths))
    report = validate({name: tables[name] for name in VALIDATED}, context, default_index())
    report.provenance = provenance(paths)
    if report.errors:
        folder = paths.folder / "validation"
        write_text(folder / "report.json", report.to_json())
        write_text(folder / "report.md", report.to_markdown())
        raise ValidationFailed(f"{report.errors} errors, {report.warnings} warnings; see {folder / 'report.md'}")
    return report


def finding_rows(report: Report) -> list[dict]:
    """Every failure of the report, in its order, with the table and row it is about."""
    rows: list[dict] = []
    for check_ in report.checks:
        for failure in check_.failures:
            rows.append(dict(finding_id=f"f{len(rows) + 1:02d}", table=check_.table, row_id=failure.row_id,
                             severity=check_.severity, check=check_.name, message=failure.message,
                             page=failure.page, text=failure.text))
    return rows


def with_findings(tables: dict[str, pd.DataFrame], report: Report) -> dict[str, pd.DataFrame]:
    """The tables with the report's findings: the ``findings`` table, and each warned row of
    ``amounts`` and ``quantities`` flagged with why (so ``flags IS NULL`` leaves them out)."""
    findings = frame("findings", finding_rows(report))
    TABLES["findings"].model.validate(findings)
    out = dict(tables, findings=findings)
    for name in ("amounts", "quantities"):
        key = TABLES[name].primary_key[0]
        mine = findings[findings["table"] == name]
        why = mine.groupby("row_id", sort=False)["message"].agg("; ".join)
        out[name] = tables[name].assign(flags=tables[name][key].map(why).astype("string"))
    return {name: out[name] for name in TABLES}


def build_and_check(paths: StagePaths) -> tuple[dict[str, pd.DataFrame], Report]:
    """Interim artefacts -> validated tables, with their findings, and their report (raises on errors)."""
    tables = build_tables(load_segments(paths), load_amounts(paths), load_groups(paths), load_mentions(paths),
                          load_quantities(paths), load_targets(paths), load_organisations(paths))
    report = check(tables, paths)
    return with_findings(tables, report), report


def run(paths: StagePaths, out: Path, force: bool = False) -> tuple[dict[str, pd.DataFrame], Report]:
    """Stage entry point: interim artefacts -> validated tables, report and data package in ``out``."""
    tables, report = build_and_check(paths)
    publish(tables, out, report_files(report), force, report_inputs(report))
    return tables, report


def read_output(out: Path) -> dict[str, pd.DataFrame]:
    """The published tables, from their Parquet files."""
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def revalidate(paths: StagePaths, out: Path) -> Report:
    """Validate the tables already in ``out`` and rewrite its report (the findings table and
    the flags are the report's, so they are left out of what is validated)."""
    tables = read_output(out)
    report = check(tables, paths)
    for relative, text in report_files(report).items():
        write_text(out / relative, text)
    return report
