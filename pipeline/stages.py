"""The stages in order: what each reads and writes, the code it runs, and how to call it.

This is the one place the pipeline's shape is written. ``build.py`` runs the document
stages from it, the CLI's stage commands and the test fixtures call it, and the Makefile's
rules are generated from it (``python -m pipeline.stages makefile``): a stage's
prerequisites are the artefacts it reads, the data files it loads and every module of
``pipeline`` its code imports, found by reading the imports. A module added to a stage
is therefore never missing from its rule.

This module imports only the standard library at load time, so that ``make`` can read
it with any Python before the virtual environment exists; each stage's code is imported
when the stage runs.
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.core.paths import ROOT, StagePaths

# The project's own code, as opposed to the libraries it imports: schemas/ holds the tables' columns.
PROJECT_PACKAGES = ("pipeline", "schemas")
PACKAGE = ROOT / "pipeline"


@dataclass
class Job:
    """One document's run: the input, where its artefacts go, and where (if anywhere)
    the tables are published. Stages read and write only through these paths."""

    pdf: Path | None  # None for a stage run alone that does not read the PDF (``reads_pdf``)
    interim: StagePaths
    out: Path | None = None  # None: the tables are built and checked, not written
    force: bool = False
    keep_model: bool = True  # False: spaCy's model is released after the language stage
    results: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What a stage hands back besides its artefacts: its warnings (said once, by the
    caller, through ``Progress.warn``) and, for the tables stage, the tables and report."""

    warnings: list[str] = field(default_factory=list)
    value: object = None


@dataclass(frozen=True)
class Stage:
    """One stage.

    ``reads`` and ``writes`` name artefacts of the interim folder (a stage that
    ``publishes`` writes into the output folder instead); ``data`` names the reference files it loads; ``module``
    is its entry module, whose imports give the code it depends on.
    """

    name: str
    module: str
    help: str
    call: Callable[[Job], Outcome]
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    reads_pdf: bool = False
    publishes: bool = False  # writes into the output folder, not the interim one

    def run(self, job: Job) -> Outcome:
        outcome = self.call(job)
        job.results[self.name] = outcome.value
        return outcome

    def modules(self) -> list[Path]:
        """Every file of ``pipeline`` this stage's code imports, directly or not.

        >>> [relative(p) for p in STAGE["extract"].modules()][:4]
        ['pipeline/__init__.py', 'pipeline/core/__init__.py', 'pipeline/core/artefacts.py', 'pipeline/core/errors.py']
        """
        return [module_file(name) for name in sorted(imported_closure(self.module))]


def run_extract(job: Job) -> Outcome:
    from pipeline.core.provenance import record_source
    from pipeline.pdf import extract

    assert job.pdf is not None  # the extract stage reads_pdf: the CLI requires it
    notes = extract.extract(job.pdf, job.interim).notes
    record_source(job.pdf, job.interim)
    return Outcome(list(notes))


def run_layout(job: Job) -> Outcome:
    from pipeline.pdf import layout

    layout.run(job.interim)
    return Outcome()


def run_segment(job: Job) -> Outcome:
    from pipeline.structure import segment

    return Outcome(condensed(segment.run(job.interim).missing))


def run_language(job: Job) -> Outcome:
    from pipeline.language import stage as language

    language.run(job.interim)
    if not job.keep_model:
        language.release_model()
    return Outcome()


def run_tables(job: Job) -> Outcome:
    from pipeline.dataset import tables

    if job.out is None:
        return Outcome(value=tables.build_and_check(job.interim))
    return Outcome(value=tables.run(job.interim, job.out, job.force))


def run_review(job: Job) -> Outcome:
    from pipeline.review import stage as review

    if job.out is None:
        raise ValueError("the review reads the published tables: give the job an output folder")
    assert job.pdf is not None  # the review reads_pdf: the CLI requires it
    return Outcome(value=review.run(job.pdf, job.interim, job.out))


LANGUAGE_FILES = ("amounts.jsonl", "groups.jsonl", "mentions.json", "quantities.jsonl", "numbers.jsonl",
                  "targets.jsonl", "organisations.jsonl")

STAGES: tuple[Stage, ...] = (
    Stage(name="extract", module="pipeline.pdf.extract", call=run_extract,
          help="parse the PDF once: words, shapes, pages",
          reads_pdf=True, writes=("words.jsonl", "shapes.jsonl", "pages.json", "source.json")),
    Stage(name="layout", module="pipeline.pdf.layout", call=run_layout,
          help="lines in reading order, their blocks (blocks.json) and the full text",
          reads=("words.jsonl", "shapes.jsonl", "pages.json"), writes=("lines.jsonl", "blocks.json", "text.txt")),
    Stage(name="segment", module="pipeline.structure.segment", call=run_segment,
          help="outline, regional boxes and axis summaries",
          reads=("lines.jsonl", "blocks.json"), writes=("segments.json",), data=("regions_2014.csv",)),
    Stage(name="language", module="pipeline.language.stage", call=run_language,
          help="spaCy once: amounts, quantities, region groups, targets, organisations",
          reads=("segments.json", "blocks.json"), writes=LANGUAGE_FILES,
          data=("regions_2014.csv", "organisations_iae.csv", "iae_terms.csv")),
    Stage(name="tables", module="pipeline.dataset.tables", call=run_tables,
          help="validated tables as CSV, Parquet and a workbook, their report",
          reads=("segments.json", "blocks.json", "words.jsonl", "pages.json", "source.json", *LANGUAGE_FILES),
          data=("regions_2014.csv",), publishes=True),
    Stage(name="review", module="pipeline.review.stage", call=run_review,
          help="HTML review: every figure outlined on a crop of its page",
          reads_pdf=True, reads=("segments.json", "blocks.json", "lines.jsonl", "source.json"), publishes=True),
)
STAGE = {stage.name: stage for stage in STAGES}
# The stages a document goes through before its tables are published; the review follows publication.
DOCUMENT_STAGES = STAGES[:-1]

# One kind of problem listed one by one up to this many, then summed up in one line.
MAX_LISTED = 3


def condensed(problems: list[str]) -> list[str]:
    """One line per kind of problem ("heading not found in the body: 'X'")
    when a kind repeats more than MAX_LISTED times: a table of 146 states
    read as a contents page is one warning, not 146.

    >>> condensed([f"heading not found in the body: '{n}'" for n in "ABCDE"] + ["no boxes found"])
    ["heading not found in the body: 5 of them ('A', 'B', 'C', …)", 'no boxes found']
    """
    kinds: dict[str, list[str]] = {}
    for problem in problems:
        kind, _, detail = problem.partition(": ")
        kinds.setdefault(kind if detail else problem, []).append(detail)
    out = []
    for kind, details in kinds.items():
        if len(details) > MAX_LISTED:
            out.append(f"{kind}: {len(details)} of them ({', '.join(details[:MAX_LISTED])}, …)")
        else:
            out += [f"{kind}: {d}" if d else kind for d in details]
    return out


def module_file(name: str) -> Path:
    """``pipeline.pdf.layout`` -> ``ROOT/pipeline/pdf/layout.py`` (a package: its ``__init__.py``)."""
    path = ROOT.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def imported_names(name: str) -> set[str]:
    """The modules of ``pipeline`` and ``schemas`` that module ``name`` imports anywhere in its text
    (inside functions too: a stage imports some code only when it needs it), with the
    packages that hold them, since importing a module runs its package's ``__init__``.

    >>> sorted(imported_names("pipeline.core.provenance"))
    ['pipeline', 'pipeline.core', 'pipeline.core.artefacts', 'pipeline.core.paths']
    """
    tree = ast.parse(module_file(name).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    modules = {m for m in found if m.split(".")[0] in PROJECT_PACKAGES and module_file(m).exists()}
    return modules | {parent for m in modules for parent in packages_of(m)}


def packages_of(name: str) -> list[str]:
    """The packages whose ``__init__`` importing ``name`` runs.

    >>> packages_of("pipeline.pdf.layout")
    ['pipeline', 'pipeline.pdf']
    """
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


@cache
def imported_closure(name: str) -> frozenset[str]:
    """``name`` and every module of ``pipeline`` it imports, directly or through others."""
    seen, todo = {name, *packages_of(name)}, [name, *packages_of(name)]
    while todo:
        for found in imported_names(todo.pop()) - seen:
            seen.add(found)
            todo.append(found)
    return frozenset(seen)


def layers() -> list[str]:
    """The packages in the order a stage may import them: ``core`` first, then each
    stage's package in the order of the stages.

    >>> layers()
    ['core', 'pdf', 'structure', 'language', 'dataset', 'review']
    """
    order = ["core"]
    for stage in STAGES:
        package = stage.module.split(".")[1]
        if package not in order:
            order.append(package)
    return order


def import_violations() -> list[str]:
    """Each import by a stage package of a package that comes after it (or by ``core``
    of any stage): the rule that keeps the stages in order. The modules at the top of
    ``pipeline`` (the CLI, the build, the registry) may import every stage.

    >>> import_violations()
    []
    """
    order = layers()
    found = []
    for path in sorted(PACKAGE.glob("*/*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        rank = order.index(name.split(".")[1])
        for imported in sorted(imported_names(name)):
            parts = imported.split(".")
            if parts[0] == "pipeline" and len(parts) > 2 and order.index(parts[1]) > rank:
                found.append(f"{relative(path)} imports {imported}, which comes after its own stage")
    return found


def makefile() -> str:
    """The Makefile's stage rules: each stage's targets, prerequisites and command, in
    terms of the Makefile's own variables (PDF, INTERIM, OUT, PY, TABLE_FILES …)."""
    return "\n".join(make_rule(stage) for stage in STAGES)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def make_rule(stage: Stage) -> str:
    """A stage's rule: its modules in a variable, then targets, prerequisites, command, all
    from the registry (a publishing stage's targets are the Makefile's own, ``PUBLISHED``).

    >>> modules, rule, command = make_rule(STAGE["segment"]).splitlines()
    >>> targets, prerequisites = rule.split(" &: ")
    >>> targets
    '$(INTERIM)/segments.json'
    >>> prerequisites.split()[2:]
    ['schemas/regions_2014.csv', '$(SEGMENT_MODULES)', '|', '$(INSTALLED)']
    >>> command.strip()
    '$(PY) -m pipeline segment --interim $(INTERIM)'
    """
    variable = f"{stage.name.upper()}_MODULES"
    modules = " ".join(relative(path) for path in stage.modules())
    pdf = ["$(PDF)"] if stage.reads_pdf else []
    inputs = pdf + [f"$(INTERIM)/{name}" for name in stage.reads] + [f"schemas/{name}" for name in stage.data]
    targets, extra = PUBLISHED.get(stage.name, (" ".join(f"$(INTERIM)/{n}" for n in stage.writes), []))
    command = " ".join([*pdf, "--interim $(INTERIM)", *(["--out $(OUT)"] if stage.publishes else [])])
    return (f"{variable} := {modules}\n"
            f"{targets} &: {' '.join(inputs + extra)} $({variable}) | $(INSTALLED)\n"
            f"\t$(PY) -m pipeline {stage.name} {command}\n")


# What the publishing stages write, as the Makefile names it, and what they depend on beyond
# their inputs and code: the pins that decide the bytes of Parquet files; the published tables.
PUBLISHED = {
    "tables": ("$(TABLE_FILES)", ["pyproject.toml", "constraints.txt"]),
    "review": ("$(OUT)/review/index.html", ["$(TABLE_FILES)"]),
}


def main(argv: list[str]) -> int:
    if argv == ["makefile"]:
        print("# Generated by `python -m pipeline.stages makefile` from pipeline/stages.py: do not edit.")
        print(makefile())
        return 0
    if argv == ["check-imports"]:
        violations = import_violations()
        for violation in violations:
            print(f"error: {violation}", file=sys.stderr)
        return 1 if violations else 0
    print("usage: python -m pipeline.stages makefile | check-imports", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
