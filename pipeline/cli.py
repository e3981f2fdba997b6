"""Command line of the pipeline.

    python -m pipeline run raw/panorama-iae-regions-2014.pdf --out output
    python -m pipeline run folder/ --out dir --jobs 2     (a corpus, in parallel)

Each stage can also run alone, as the Makefile does (it reads and writes
the artefacts in --interim):

    python -m pipeline extract PDF --interim DIR
    python -m pipeline layout --interim DIR
    python -m pipeline segment --interim DIR
    python -m pipeline language --interim DIR
    python -m pipeline tables --interim DIR --out DIR
    python -m pipeline validate --interim DIR --out DIR
    python -m pipeline review PDF --interim DIR --out DIR
    python -m pipeline dictionary
    python -m pipeline corpus-check FOLDER [--expect expected.csv]

Exit status: 0 done; 1 validation errors (the previous output is kept);
2 bad input (one line names the file and the problem).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

# Only light modules here: the stages (pdfplumber, spaCy, pandas) are imported
# where they are used, so that --help and a bad path answer at once.
from pipeline.core.errors import InputError, ValidationFailed
from pipeline.core.paths import DEFAULT_PDF, INTERIM, OUTPUT, README, StagePaths
from pipeline.stages import STAGES, Stage

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.core.progress import Progress
    from pipeline.dataset.validate import Report

EXIT_BAD_INPUT = 2
EXIT_INVALID = 1
# `run` keeps its stage artefacts apart from the Makefile's (interim/<pdf name>),
# so that a run does not make the next `make` redo its stages.
RUN_INTERIM = INTERIM / "run"


def talk_flags(default: object) -> argparse.ArgumentParser:
    """--quiet and --verbose, accepted before and after the command: the
    command's copy defaults to SUPPRESS so it never overrides the top level's."""
    flags = argparse.ArgumentParser(add_help=False)
    talk = flags.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", default=default, help="only warnings and errors")
    talk.add_argument("-v", "--verbose", action="store_true", default=default,
                      help="every stage's timing, also on a terminal")
    return flags


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__, parents=[talk_flags(False)],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    flags = talk_flags(argparse.SUPPRESS)
    add = lambda name, **kwargs: commands.add_parser(name, parents=[flags], **kwargs)  # noqa: E731
    force_help = ("replace --out even when it holds files this pipeline did not write (the current folder, "
                  "a repository root, the home folder and / are never replaced)")
    run = add("run", help="every stage: a PDF, or a folder of PDFs, -> validated tables and their review")
    run.add_argument("pdf", nargs="?", default=str(DEFAULT_PDF),
                     help="input PDF, or a folder of PDFs built as a corpus (default: %(default)s)")
    run.add_argument("--out", default=str(OUTPUT), help="output folder, replaced as a whole (default: %(default)s)")
    run.add_argument("--interim", help="folder for stage artefacts (default: interim/run/<pdf name>; "
                                       "for a corpus, one subfolder per document of interim/)")
    run.add_argument("--jobs", type=int, default=None, help="parallel processes for a corpus (default: one per core)")
    run.add_argument("--force", action="store_true", help=force_help)
    run.add_argument("--no-review", dest="review", action="store_false",
                     help="skip the HTML review (out/review/), built by default for a single PDF as `make` does")
    for number, stage in enumerate(STAGES, 1):
        add_stage(add(stage.name, help=f"stage {number}: {stage.help}", description=stage.help), stage, force_help)
    validate = add("validate", help="re-run validation on the tables in --out; rewrite its report")
    validate.add_argument("--interim", required=True, help="artefact folder")
    validate.add_argument("--out", default=str(OUTPUT), help="output folder (default: %(default)s)")
    add("dictionary", help="regenerate the README's data dictionary from schemas/")
    check = add("corpus-check", help="run every PDF of a folder as a user would; one line per file "
                                     "(exit, time, peak memory, stderr) and a summary")
    check.add_argument("folder", help="a folder of PDFs")
    check.add_argument("--expect", help="CSV of file,exit,message: the outcome each file must have")
    check.add_argument("--jobs", type=int, default=1, help="worker processes (default: %(default)s)")
    check.add_argument("--keep", help="keep each run's output, artefacts and stderr in KEEP/<file stem>")
    return top


def add_stage(command: argparse.ArgumentParser, stage: Stage, force_help: str) -> None:
    """A stage's arguments, from what the registry says it reads and writes."""
    if stage.reads_pdf:
        command.add_argument("pdf", help="input PDF" if not stage.reads else "the PDF the output was built from")
    if stage.reads:
        command.add_argument("--interim", required=True, help="artefact folder")
    else:
        command.add_argument("--interim", help="artefact folder (default: interim/<pdf name>)")
    if stage.publishes:
        command.add_argument("--out", default=str(OUTPUT), help="output folder (default: %(default)s)")
    if stage.name == "tables":
        command.add_argument("--force", action="store_true", help=force_help)


def run_one(args: argparse.Namespace, progress: Progress) -> int:
    """One PDF: every stage, the tables published, then their review (as `make` builds them)."""
    from pipeline.dataset.publish import guard_target
    pdf, out = Path(args.pdf), Path(args.out)
    if not pdf.exists():  # answered before the stages are even imported
        raise InputError(pdf, "no such file")
    guard_target(out, args.force)
    from pipeline.pdf import extract
    extract.check_pdf_file(pdf)
    from pipeline.build import build_document
    from pipeline.core.memory import give_back
    from pipeline.dataset import tables
    from pipeline.review import stage as review
    interim = StagePaths(Path(args.interim)) if args.interim else StagePaths.for_pdf(pdf, RUN_INTERIM)
    built = build_document(pdf, interim, progress, keep_model=False)
    tables.publish(built.tables, out, tables.report_files(built.report), args.force,
                   tables.report_inputs(built.report))
    for line in tables.summary_lines(built.tables, built.report, out):
        progress.say(line)
    if args.review:
        del built  # the tables are published: the review reads them back from out/
        give_back()
        progress.say(f"review: {review.run(pdf, interim, out)}")
    return 0


def run_many(args: argparse.Namespace, progress: Progress) -> int:
    from pipeline import corpus
    out = Path(args.out)
    results = corpus.run_corpus(Path(args.pdf), out, Path(args.interim or INTERIM), args.jobs, progress, args.force)
    failed = [r for r in results if r.error]
    progress.say(f"{len(results) - len(failed)} of {len(results)} documents built; "
                 f"summary: {out / 'validation' / 'summary.md'}")
    return EXIT_INVALID if failed else 0


def run_stage(args: argparse.Namespace, progress: Progress) -> int:
    """One stage of the registry, as the Makefile runs it: only that stage's modules are
    imported (a stage that needs no spaCy does not load it)."""
    from pipeline.stages import STAGE, Job

    pdf = Path(args.pdf) if getattr(args, "pdf", None) else None
    interim = StagePaths(Path(args.interim)) if args.interim else StagePaths.for_pdf(Path(args.pdf))
    out = Path(args.out) if getattr(args, "out", None) else None
    if args.command == "validate":
        from pipeline.dataset import tables
        report = tables.revalidate(interim, Path(args.out))
        progress.say(f"{report.errors} errors, {report.warnings} warnings")
        return 0
    job = Job(pdf, interim, out, force=getattr(args, "force", False))
    outcome = STAGE[args.command].run(job)
    for warning in outcome.warnings:
        progress.warn(f"{pdf.name}: {warning}" if pdf else warning)
    if args.command == "tables":
        from pipeline.dataset import tables
        built, report = cast("tuple[dict[str, pd.DataFrame], Report]", job.results["tables"])
        for line in tables.summary_lines(built, report, Path(args.out)):
            progress.say(line)
    elif args.command == "review":
        progress.say(f"review: {outcome.value}")
    return 0


def is_earlier_artefact(filename: str | None, args: argparse.Namespace) -> bool:
    """Whether a missing file is one an earlier stage writes into the interim folder
    of a stage command: the user skipped a stage. ``run`` checks its input first."""
    interim = getattr(args, "interim", None)
    if args.command in ("run", "corpus-check") or not filename or not interim:
        return False
    return Path(filename).resolve().parent == Path(interim).resolve()


def main(argv: list[str] | None = None) -> int:
    command_line = parser()
    args = command_line.parse_args(argv)
    if args.quiet and args.verbose:
        command_line.error("--quiet and --verbose exclude each other")
    from pipeline.core.progress import Progress
    progress = Progress(quiet=args.quiet, verbose=args.verbose)
    from pipeline.core import logs
    with logs.routed_to(progress.warn, verbose=args.verbose):
        return dispatched(args, progress)


def dispatched(args: argparse.Namespace, progress: Progress) -> int:
    """The command run, its failures turned into one ``error:`` line and an exit status."""
    try:
        if args.command == "dictionary":
            from pipeline.dataset.datapackage import with_dictionary
            README.write_text(with_dictionary(README.read_text(encoding="utf-8")), encoding="utf-8")
            return 0
        if args.command == "corpus-check":
            from pipeline import corpuscheck
            return corpuscheck.run(Path(args.folder), Path(args.expect) if args.expect else None, args.jobs,
                                   keep=Path(args.keep) if args.keep else None)
        if args.command == "run":
            return run_many(args, progress) if Path(args.pdf).is_dir() else run_one(args, progress)
        return run_stage(args, progress)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FileNotFoundError as exc:
        if not is_earlier_artefact(exc.filename, args):  # any other missing file is a bug: show it
            raise
        print(f"error: {exc.filename}: missing; run the earlier stages first (make)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValidationFailed as exc:
        print(f"error: validation failed, previous output kept: {exc}", file=sys.stderr)
        return EXIT_INVALID
