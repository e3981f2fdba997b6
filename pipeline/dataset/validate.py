"""Validation: schema, keys and counts, the publication's own claims, coverage, plausibility.

Each check yields a :class:`Check` with its failing rows and where they are
printed. Errors make the build fail and keep the previous output; warnings
(the publication's inconsistencies, implausible figures, spelling
variants) are reported and do not.

Which is which, check by check:

- errors, on any document: what names a defect of the extraction itself —
  the schema (types, vocabularies, ranges, unique keys), foreign keys,
  INSEE codes, the counts in ``regions``, pages and boxes within the PDF,
  and coverage (a figure printed in a block of lines, as the amounts
  grammar reads it, that no ``amounts`` row holds: a figure lost on the way);
- errors on the publication (a document that names many of the regions,
  as any rendering of it does), warnings on any other document: the value
  ranges this publication's figures keep — its percentages are shares and
  rates within 0–100, its euro amounts positive — where another document
  may legitimately print "200 %" or "0 €";
- warnings, always: the publication's own inconsistencies and implausible
  figures, and spelling variants.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import groupby, pairwise

import pandas as pd
import pandera.errors

from pipeline.core.provenance import provenance_lines
from pipeline.core.settings import ValidationSettings
from pipeline.core.text import title_key
from pipeline.language.figures import find_figures
from pipeline.language.groups import french_count
from pipeline.language.quantities import DIGITS, TIME_UNITS, NumberRecord
from pipeline.pdf.blocks import FURNITURE, Block
from pipeline.pdf.extract import PageSize
from pipeline.pdf.layout import Line
from pipeline.structure.passages import Passage
from pipeline.structure.regions import RegionIndex, find_mentions, load_regions
from pipeline.structure.segment import Segments
from schemas import TABLES

ERROR, WARNING = "error", "warning"
# A unit sign or word printed in the text: each must belong to an amounts row.
UNIT_MARK = re.compile(r"€|%|\beuros?\b|\bpour\s?cent\b")
# The methodology's respondents: "entretiens téléphoniques réalisés auprès de 19
# régions et sur deux réponses effectuées par mail".
SURVEYED = re.compile(r"(?i)auprès\s+de\s+(?P<interviews>\w+)\s+régions\s+et\s+sur\s+(?P<written>\w+)\s+réponses")


@dataclass
class Failure:
    message: str
    row_id: str | None = None
    page: int | None = None
    text: str | None = None


@dataclass
class Check:
    table: str
    name: str
    severity: str
    failures: list[Failure] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.failures:
            return "passed"
        return "failed" if self.severity == ERROR else "warned"


@dataclass
class Context:
    """What validation needs besides the tables: the document it came from, and
    what the language stage made of every number printed in digits."""

    pages: list[PageSize]
    lines: list[Line]
    segments: Segments
    blocks: list[Block] = field(default_factory=list)
    words_per_page: dict[int, int] = field(default_factory=dict)  # words the PDF prints, by page
    numbers: list[NumberRecord] = field(default_factory=list)
    numbers_printed: dict[int, int] = field(default_factory=dict)  # by page: see printed_numbers


@dataclass
class Note:
    """Rows the report lists for a reader, neither errors nor warnings: numbers
    that are not quantities and why, names kept outside the reference list."""

    title: str
    columns: list[str]
    rows: list[list]


@dataclass
class Report:
    rows: dict[str, int]
    checks: list[Check]
    notes: list[Note] = field(default_factory=list)
    # The input, code and library versions the tables were built with (``provenance.provenance``).
    provenance: dict = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(len(c.failures) for c in self.checks if c.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(len(c.failures) for c in self.checks if c.severity == WARNING)

    def to_json(self) -> str:
        body = {"summary": {"tables": self.rows, "errors": self.errors, "warnings": self.warnings,
                            "checks": len(self.checks)},
                "checks": [dict(table=c.table, check=c.name, severity=c.severity, status=c.status,
                                failures=[asdict(f) for f in c.failures]) for c in self.checks],
                "notes": [dict(title=n.title, columns=n.columns, rows=n.rows) for n in self.notes]}
        if self.provenance:
            body["provenance"] = self.provenance
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    def to_markdown(self) -> str:
        out = ["# Validation report", ""]
        if self.provenance:
            out += [f"- {line}" for line in provenance_lines(self.provenance)] + [""]
        out += [f"**{self.errors} errors, {self.warnings} warnings** "
                f"in {len(self.checks)} checks.", "", "| table | rows |", "|---|---|"]
        out += [f"| {name} | {n} |" for name, n in self.rows.items()]
        flagged = [c for c in self.checks if c.failures]
        out += ["", "## Checks that did not pass"] + ([] if flagged else ["", "None."])
        for check in flagged:
            out += ["", f"### {check.severity}: {check.table} — {check.name} ({len(check.failures)})", "",
                    "| row | page | printed text | why |", "|---|---|---|---|"]
            out += [f"| {cell(f.row_id)} | {cell(f.page)} | {cell(f.text)} | {cell(f.message)} |"
                    for f in check.failures]
        out += ["", "## All checks", "", "| table | check | severity | status |", "|---|---|---|---|"]
        out += [f"| {c.table} | {c.name} | {c.severity} | {c.status} |" for c in self.checks]
        for note in self.notes:
            out += ["", f"## {note.title} ({len(note.rows)})", "", "| " + " | ".join(note.columns) + " |",
                    "|" + "---|" * len(note.columns)]
            out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in note.rows]
        return "\n".join(out) + "\n"


def cell(value) -> str:
    text = "" if value is None else str(value)
    text = text if len(text) <= 160 else text[:157] + "…"
    return text.replace("|", "\\|").replace("\n", " ")


def row_id(table: str, row: pd.Series) -> str:
    return "/".join(str(row[c]) for c in TABLES[table].primary_key)


def where(row: pd.Series) -> tuple[int | None, str | None]:
    page = int(row["page"]) if "page" in row and not pd.isna(row["page"]) else None
    for column in ("text", "title", "sentence", "region_name", "intervention_type"):
        if column in row and isinstance(row[column], str):
            return page, row[column]
    return page, None


def failure(table: str, row: pd.Series, message: str) -> Failure:
    page, text = where(row)
    return Failure(message, row_id(table, row), page, text)


def schema_checks(tables: dict[str, pd.DataFrame]) -> list[Check]:
    """Each table against its Pandera model, all failures collected in one pass."""
    checks = []
    for name, df in tables.items():
        check = Check(name, "schema: types, vocabularies, ranges, unique keys", ERROR)
        try:
            TABLES[name].model.validate(df, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            for case in exc.failure_cases.to_dict("records"):
                index = case.get("index")
                message = f"{case.get('column') or 'table'}: {case.get('check')} (found {case.get('failure_case')!r})"
                if index is not None and not pd.isna(index) and int(index) in df.index:
                    check.failures.append(failure(name, df.loc[int(index)], message))
                else:
                    check.failures.append(Failure(message))
        checks.append(check)
    return checks


def foreign_key_checks(tables: dict[str, pd.DataFrame]) -> list[Check]:
    checks = []
    for name, spec in TABLES.items():
        for key in spec.foreign_keys:
            check = Check(name, f"foreign key {','.join(key.columns)} -> {key.table}", ERROR)
            known = set(map(tuple, tables[key.table][list(key.reference)].astype(str).values))
            for _, row in tables[name].iterrows():
                value = tuple(str(row[c]) for c in key.columns)
                if any(pd.isna(row[c]) for c in key.columns):
                    continue
                if value not in known:
                    check.failures.append(failure(name, row, f"{value} not in {key.table}"))
            checks.append(check)
    return checks


def region_code_check(tables: dict[str, pd.DataFrame]) -> list[Check]:
    codes = {r.code for r in load_regions()}
    checks = []
    for name, df in tables.items():
        if "region_code" not in df.columns or name == "regions":
            continue
        check = Check(name, "region codes are INSEE codes of 2014", ERROR)
        for _, row in df[df["region_code"].notna() & ~df["region_code"].isin(codes)].iterrows():
            check.failures.append(failure(name, row, f"unknown region code {row['region_code']!r}"))
        checks.append(check)
    regions = Check("regions", "the 27 regions of 2014, each once", ERROR)
    if set(tables["regions"]["region_code"]) != codes:
        regions.failures.append(Failure(f"codes differ from the reference: "
                                        f"{sorted(set(tables['regions']['region_code']) ^ codes)}"))
    return checks + [regions]


def count_checks(tables: dict[str, pd.DataFrame]) -> list[Check]:
    check = Check("regions", "n_measures and n_interventions count their tables", ERROR)
    measures = Counter(tables["measures"]["region_code"])
    interventions = Counter(tables["region_interventions"]["region_code"])
    for _, row in tables["regions"].iterrows():
        got = (int(row["n_measures"]), int(row["n_interventions"]))
        want = (measures[row["region_code"]], interventions[row["region_code"]])
        if got != want:
            check.failures.append(failure("regions", row, f"counts {got} but the tables hold {want}"))
    groups = Check("region_groups", "n_regions counts region_group_members", ERROR)
    listed = Counter(tables["region_group_members"]["group_id"])
    for _, row in tables["region_groups"].iterrows():
        if int(row["n_regions"]) != listed[row["group_id"]]:
            groups.failures.append(failure("region_groups", row, f"n_regions {row['n_regions']} but "
                                           f"{listed[row['group_id']]} members"))
    return [check, groups]


def reads_as_publication(tables: dict[str, pd.DataFrame], settings: ValidationSettings) -> bool:
    """The document names as many regions as the publication does (any rendering of it)."""
    return int(tables["regions"]["survey_status"].notna().sum()) >= settings.publication_min_regions


def amount_range_checks(tables: dict[str, pd.DataFrame], severity: str = ERROR,
                        settings: ValidationSettings = ValidationSettings()) -> list[Check]:
    """The publication's value ranges: ``severity`` is an error on the
    publication, a warning on a document that may print "200 %" or "0 €"."""
    amounts = tables["amounts"]
    top = settings.max_percentage
    percent = Check("amounts", f"percentages within 0-{top:g}", severity)
    for _, row in amounts[(amounts["unit"] == "%") & ((amounts["value"] < 0) | (amounts["value"] > top))].iterrows():
        percent.failures.append(failure("amounts", row, f"{row['value']} % is outside 0-{top:g}"))
    euros = Check("amounts", "euro amounts are positive", severity)
    for _, row in amounts[(amounts["unit"] == "EUR") & (amounts["value"] <= 0)].iterrows():
        euros.failures.append(failure("amounts", row, f"{row['value']} € is not positive"))
    return [percent, euros]


def placement_checks(tables: dict[str, pd.DataFrame], pages: list[PageSize]) -> list[Check]:
    sizes = {p.page: p for p in pages}
    checks = []
    for name, df in tables.items():
        if "page" not in df.columns:
            continue
        check = Check(name, "pages within the PDF and boxes within the page", ERROR)
        for _, row in df[df["page"].notna()].iterrows():
            size = sizes.get(int(row["page"]))
            if size is None:
                check.failures.append(failure(name, row, f"page {row['page']} is not in the PDF ({len(pages)} pages)"))
            elif "x0" in row and not (0 <= row["x0"] <= row["x1"] <= size.width and 0 <= row["top"] <= row["bottom"]
                                      <= size.height):
                check.failures.append(failure(name, row, "box outside the page"))
        checks.append(check)
    return checks


def printed_figures(text: str) -> int:
    """Figures printed with their unit in ``text``, as the amounts grammar reads
    them: a "%" of a URL ("%20"), a sign with no number ("(%)", "EUR (€)") or
    a number in another notation ("5.37%") is no figure of this grammar.

    >>> printed_figures("12 000 € et 1,5 M€ ; taux (%) ; voir a%20b ; 5.37%")
    2
    """
    return sum(1 for figure in find_figures(text) if UNIT_MARK.search(figure.text))


def blocks_of(lines: list[Line]) -> Iterator[tuple[int, str]]:
    """(page, text) of each piece of a block on a page (a column, a cell: its
    leaf), lines joined by a space: a figure whose unit starts the next line
    ("10 000" / "€") is whole again, while a table's cells stay apart ("230"
    and a "%" column header are no "230 %")."""
    for (page, _, _), run in groupby(lines, key=lambda line: (line.page, line.block, line.leaf)):
        yield page, " ".join(line.text for line in run)


def coverage_check(tables: dict[str, pd.DataFrame], lines: list[Line],
                   settings: ValidationSettings = ValidationSettings()) -> Check:
    """Every figure printed with its € or % is accounted for by an amounts row
    (none is lost between the lines and the passages spaCy reads)."""
    check = Check("amounts", "coverage: every € and % printed has an amounts row", ERROR)
    printed: Counter = Counter()
    samples: dict[int, str] = {}
    for page, text in blocks_of(lines):
        figures = printed_figures(text)
        if figures:
            printed[page] += figures
            samples.setdefault(page, text[:settings.coverage_sample_chars])
    found: Counter[int] = Counter()
    for _, row in tables["amounts"].iterrows():
        found[int(row["page"])] += bool(UNIT_MARK.search(row["text"]))
    for page in sorted(printed):
        if printed[page] > found[page]:
            check.failures.append(Failure(f"{printed[page]} figures printed, {found[page]} read", None, page,
                                          samples[page]))
    return check


def page_coverage_check(context: Context) -> Check:
    """Every word the PDF prints lands in exactly one block: more words in blocks
    than printed is an error (a word read twice), fewer a warning (words lost)."""
    check = Check("layout", "coverage: every printed word lands in exactly one block", WARNING)
    placed: Counter = Counter()
    for line in context.lines:
        placed[line.page] += len(line.words)
    for block in context.blocks:
        if block.kind == FURNITURE:
            placed[block.page] += len(block.words)
    for page in sorted(set(context.words_per_page) | set(placed)):
        printed, found = context.words_per_page.get(page, 0), placed[page]
        if printed != found:
            sample = next((ln.text for ln in context.lines if ln.page == page), None)
            check.failures.append(Failure(f"{printed} words printed, {found} in blocks", None, page, sample))
    if any(placed[p] > context.words_per_page.get(p, 0) for p in placed):
        check.severity = ERROR
    return check


def box_body_check(context: Context, settings: ValidationSettings = ValidationSettings()) -> Check:
    """A box's body holds exactly the words of its blocks, its header aside:
    none lost, none taken from elsewhere (letters compared, so that a
    repaired line-end hyphen is not a difference)."""
    check = Check("measures", "coverage: each box body holds exactly the words of its blocks", ERROR)
    blocks = {b.id: b for b in context.blocks}
    for box in context.segments.boxes:
        own = [i for b in box.blocks if b in blocks for i in blocks[b].lines if i not in set(box.header_lines)]
        printed = title_key(" ".join(context.lines[i].text for i in own))
        if printed != title_key(box.body):
            lost, extra = len(printed) - len(title_key(box.body)), box.body[:settings.body_sample_chars]
            check.failures.append(Failure(f"body differs from its blocks' words ({lost:+d} letters)", box.id,
                                          box.page, extra))
    return check
def printed_numbers(passages: Iterable[Passage]) -> dict[int, int]:
    """Numbers printed in digits per page, read by the quantities' grammar over
    the passages the language stage reads: "5" / "000€" across a line break is
    one number, a line number beside a page number ("19", "177") two. A number
    counts on the page where it starts.

    >>> printed_numbers([Passage.from_text("20 000 € pour 12 postes", page=3)])
    {3: 2}
    """
    counts: Counter = Counter()
    for passage in passages:
        starts = [w.start for w in passage.words]
        for m in DIGITS.finditer(passage.text):
            counts[passage.words[max(0, bisect_right(starts, m.start()) - 1)].page] += 1
    return dict(counts)


def number_coverage_check(tables: dict[str, pd.DataFrame], context: Context) -> Check:
    """Every number printed in digits is a quantities row, part of an amounts row,
    or excluded for a reason the report lists."""
    check = Check("quantities", "coverage: every number printed in digits is a quantity, an amount or excluded", ERROR)
    printed = Counter(context.numbers_printed)
    accounted: Counter = Counter(int(p) for p in tables["quantities"]["page"])
    for _, row in tables["amounts"].iterrows():
        accounted[int(row["page"])] += len(DIGITS.findall(row["text"]))
    accounted.update(n.page for n in context.numbers if n.disposition == "excluded")
    samples: dict[int, str] = {}
    for line in context.lines:
        if DIGITS.search(line.text):
            samples.setdefault(line.page, line.text)
    for page in sorted(set(printed) | set(accounted)):
        if printed[page] != accounted[page]:
            check.failures.append(Failure(f"{printed[page]} numbers printed in digits, {accounted[page]} accounted for "
                                          "(quantities, amounts, exclusions)", None, page, samples.get(page)))
    return check


def exclusion_note(context: Context) -> Note:
    rows = [[n.page, n.text, n.reason, n.sentence] for n in context.numbers if n.disposition == "excluded"]
    return Note("Numbers printed in digits that are not quantities", ["page", "printed", "reason", "sentence"], rows)


def unknown_organisation_note(tables: dict[str, pd.DataFrame]) -> Note:
    organisations = tables["organisations"]
    unknown = organisations[organisations["in_reference"].eq(False).fillna(False)]
    links = tables["measure_organisations"]
    rows = [[r.org_id, r.name, r.kind, r.aliases, ", ".join(links[links["org_id"] == r.org_id]["measure_id"])]
            for r in unknown.itertuples()]
    return Note("Organisations not in the reference list (kept)", ["org_id", "name", "kind", "spellings", "measures"],
                rows)


def paired_budget(row: dict, budgets: list[dict]) -> dict | None:
    """The budget an outcome goes with: the nearest in its sentence ("224 marchés pour un
    montant de 52 000€"), else its box's only budget."""
    same = [b for b in budgets if b["sentence"] == row["sentence"]]
    if same:
        where = row["sentence"].find(row["text"])
        return min(same, key=lambda b: abs(row["sentence"].find(b["text"]) - where))
    boxed = [b for b in budgets if row["measure_id"] is not None and b["measure_id"] == row["measure_id"]]
    return boxed[0] if len(boxed) == 1 else None


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for nulls: plain Python is faster than pandas row by row."""
    return [{k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}
            for row in df.to_dict("records")]


def quantity_checks(tables: dict[str, pd.DataFrame], settings: ValidationSettings) -> list[Check]:
    """Outcomes per euro that cannot be right, and bounds that contradict each other."""
    quantities = records(tables["quantities"])
    budgets = [a for a in records(tables["amounts"]) if a["unit"] == "EUR" and a["role"] == "budget"]
    per_euro = Check("quantities", "euros per outcome plausible (a budget of the same sentence or box)", WARNING)
    for row in quantities:
        if row["role"] != "outcome" or row["kind"] != "count" or row["unit"] in TIME_UNITS or not row["value"]:
            continue
        budget = paired_budget(row, budgets)
        if budget is None:
            continue
        each = float(budget["value"]) / float(row["value"])
        if not settings.min_euros_per_outcome <= each <= settings.max_euros_per_outcome:
            per_euro.failures.append(Failure(f"{budget['text']} for {row['text']} is {each:,.0f} € each: a misprint "
                                             "in one of them?", row["quantity_id"], int(row["page"]), row["text"]))
    bounds = Check("quantities", "no condition contradicts another condition, a cap or its own range", WARNING)
    # Ceilings of a measure per unit: its caps, and its conditions "at most N" on a count (ages and
    # durations are left out: "plus de 45 ans et … moins de 26 ans" name two populations, not one).
    ceilings: dict[tuple, float] = {}
    for row in quantities:
        if row["measure_id"] is not None and (row["role"] == "cap" or (
                row["role"] == "condition" and row["kind"] == "count" and row["qualifier"] == "max")):
            key = (row["measure_id"], row["unit"])
            ceilings[key] = min(ceilings.get(key, row["value"]), row["value"])
    for row in quantities:
        ceiling = ceilings.get((row["measure_id"], row["unit"]))
        if (ceiling is not None and row["role"] == "condition" and row["kind"] == "count"
                and row["qualifier"] in ("min", "more_than") and row["value"] > ceiling):
            bounds.failures.append(Failure(f"asks for at least {row['value']:g} {row['unit']} but the measure allows "
                                           f"at most {ceiling:g}", row["quantity_id"], int(row["page"]), row["text"]))
    ordered = sorted(quantities, key=lambda r: r["quantity_id"])
    for low, high in pairwise(ordered):
        if (low["qualifier"] == "min" and high["qualifier"] == "max" and low["unit"] == high["unit"]
                and low["sentence"] == high["sentence"] and low["value"] > high["value"]):
            bounds.failures.append(Failure(f"range from {low['value']:g} to {high['value']:g} {high['unit']}: its "
                                           "bounds are reversed", low["quantity_id"], int(low["page"]), low["text"]))
    return [per_euro, bounds]


def organisation_checks(tables: dict[str, pd.DataFrame]) -> list[Check]:
    """Organisation names printed with a misprint: resolved to the reference, reported."""
    check = Check("organisations", "organisation names printed with a misprint (resolved, reported)", WARNING)
    organisations, links = tables["organisations"], tables["measure_organisations"]
    for _, row in organisations[organisations["misprints"].notna()].iterrows():
        pages = links[links["org_id"] == row["org_id"]]["first_page"]
        page = int(pages.min()) if len(pages) else None
        for spelling in str(row["misprints"]).split("; "):
            check.failures.append(Failure(f"printed {spelling!r}, read as {row['name']}", row["org_id"], page,
                                          spelling))
    return [check]


def badge_check(segments: Segments) -> Check:
    """Each axis summary's printed badge ("8 RÉGIONS") against the regions it lists."""
    check = Check("region_interventions", "axis badge equals the distinct regions listed", WARNING)
    for summary in segments.summaries:
        listed = {item.region_code for item in summary.interventions}
        if summary.badge_count is not None and summary.badge_count != len(listed):
            page = summary.interventions[0].page if summary.interventions else None
            check.failures.append(Failure(f"badge says {summary.badge_count}, the summary lists {len(listed)}",
                                          None, page, f"{summary.badge_count} RÉGIONS"))
    return check


def methodology_check(tables: dict[str, pd.DataFrame], lines: list[Line]) -> Check:
    """The methodology's counts against regions.survey_status."""
    check = Check("regions", "survey counts of the methodology agree with survey_status", WARNING)
    status = Counter(tables["regions"]["survey_status"].dropna())
    text = " ".join(ln.text for ln in lines)
    found = SURVEYED.search(text)
    if found:
        interviews, written = french_count(found["interviews"]), french_count(found["written"])
        if interviews is not None and written is not None and interviews + written != status["respondent"]:
            check.failures.append(Failure(f"{interviews} + {written} respondents printed, "
                                          f"{status['respondent']} regions marked respondent", None, None,
                                          found.group(0)))
    groups = tables["region_groups"]
    silent = groups[groups["group_id"].isin(
        tables["region_group_members"][tables["region_group_members"]["region_code"].isin(
            tables["regions"][tables["regions"]["survey_status"] == "non_respondent"]["region_code"])]["group_id"])]
    for _, row in silent.iterrows():
        if not pd.isna(row["claimed_count"]) and int(row["claimed_count"]) != status["non_respondent"]:
            check.failures.append(failure("region_groups", row, f"{row['claimed_count']} non-respondents printed, "
                                          f"{status['non_respondent']} marked"))
    return check


def group_count_check(tables: dict[str, pd.DataFrame]) -> Check:
    check = Check("region_groups", "a sentence's stated count equals the regions it lists", WARNING)
    groups = tables["region_groups"]
    for _, row in groups[groups["consistent"].eq(False).fillna(False)].iterrows():
        check.failures.append(failure("region_groups", row, f"says {row['claimed_count']}, lists {row['n_regions']}"))
    return check


# "224 marchés pour un montant de 52 000€": a count of items sharing the total that follows.
NON_DIGITS = re.compile(r"\D")
# The parts of a printed name: "Ile-de-de-France" -> Ile, de, de, France.
NAME_PARTS = re.compile(r"[\s\-‐’']+")
COUNTED_ITEMS = re.compile(r"(?P<count>\d[\d\u00a0\u202f ]*)\s+(?P<noun>[^\W\d]+)"
                           r"\s+pour\s+un\s+(?:montant|budget)\s+(?:total\s+)?de\s+$")


def plausibility_checks(tables: dict[str, pd.DataFrame], settings: ValidationSettings) -> list[Check]:
    amounts = tables["amounts"]
    big = Check("amounts", "budget magnitude plausible for a regional IAE aid", WARNING)
    for _, row in amounts[(amounts["unit"] == "EUR") & (amounts["role"] == "budget")
                          & (amounts["value"] > settings.max_regional_budget)].iterrows():
        big.failures.append(failure("amounts", row, f"{row['value']:,.0f} € exceeds "
                                    f"{settings.max_regional_budget:,.0f} € for one regional aid: "
                                    "a unit typo (K€/M€)?"))
    per_item = Check("amounts", "a total shared by counted items is plausible per item", WARNING)
    for _, row in amounts[amounts["unit"] == "EUR"].iterrows():
        sentence, text = row["sentence"], row["text"]
        before = sentence[:sentence.find(text)] if text in sentence else ""
        counted = COUNTED_ITEMS.search(before[-settings.counted_items_reach:])
        if counted:
            n = int(NON_DIGITS.sub("", counted["count"]))
            if n and row["value"] / n < settings.min_euros_per_item:
                per_item.failures.append(failure("amounts", row, f"{row['value']:,.0f} € for {n} {counted['noun']} is "
                                                 f"{row['value'] / n:,.0f} € each: a missing thousand?"))
    cap_budget = Check("amounts", "no cap above a budget of the same measure", WARNING)
    boxed = amounts[amounts["measure_id"].notna() & (amounts["unit"] == "EUR")]
    for _, rows in boxed.groupby("measure_id"):
        budgets = rows[rows["role"] == "budget"]["value"]
        for _, row in rows[rows["role"] == "cap"].iterrows():
            if len(budgets) and row["value"] > budgets.max():
                cap_budget.failures.append(failure("amounts", row, f"cap {row['value']:,.0f} € above the measure's "
                                                   f"budget {budgets.max():,.0f} €"))
    return [big, per_item, cap_budget]


def spelling_check(lines: list[Line], index: RegionIndex) -> Check:
    """Region names printed with a repeated word ("Ile-de-de-France"): resolved, and reported."""
    check = Check("regions", "region names printed with a typo (resolved, reported)", WARNING)
    for line in lines:
        for start, end, region in find_mentions(index, line.text):
            printed = line.text[start:end]
            if _has_repeated_word(printed):
                check.failures.append(Failure(f"printed {printed!r}, read as {region.name}", region.code,
                                              line.page, line.text))
    return check


def _has_repeated_word(printed: str) -> bool:
    words = [w.casefold() for w in NAME_PARTS.split(printed) if w]
    return any(a == b for a, b in pairwise(words))


def structure_check(segments: Segments) -> Check:
    """The structures of the publication the segment stage did not find (contents page,
    boxes, axis summaries, headings): warnings in the report, not only on the terminal."""
    check = Check("document", "expected structures found (contents page, headings, boxes, axis summaries)", WARNING)
    check.failures = [Failure(problem) for problem in segments.missing]
    return check


def validate(tables: dict[str, pd.DataFrame], context: Context, index: RegionIndex,
             settings: ValidationSettings = ValidationSettings()) -> Report:
    checks = (schema_checks(tables) + foreign_key_checks(tables) + region_code_check(tables)
              + count_checks(tables)
              + amount_range_checks(tables, ERROR if reads_as_publication(tables, settings) else WARNING, settings)
              + placement_checks(tables, context.pages)
              + [coverage_check(tables, context.lines, settings), page_coverage_check(context),
                 box_body_check(context, settings),
                 badge_check(context.segments),
                 methodology_check(tables, context.lines), group_count_check(tables)]
              + plausibility_checks(tables, settings) + [spelling_check(context.lines, index)]
              + [number_coverage_check(tables, context)] + quantity_checks(tables, settings)
              + organisation_checks(tables) + [structure_check(context.segments)])
    notes = [exclusion_note(context), unknown_organisation_note(tables)]
    return Report({name: len(df) for name, df in tables.items()}, checks, notes)
