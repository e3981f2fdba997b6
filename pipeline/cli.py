"""Command line: each command runs one stage, ``run`` runs them all.

    python -m pipeline run raw/panorama-iae-regions-2014.pdf --out output
    python -m pipeline extract PDF --interim DIR
    python -m pipeline layout  --interim DIR
    python -m pipeline segment --interim DIR
    python -m pipeline language --interim DIR
    python -m pipeline tables  --interim DIR --out DIR
    python -m pipeline validate --interim DIR --out DIR
    python -m pipeline dictionary
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import extract, language, layout, segment, tables
from .errors import InputError
from .datapackage import with_dictionary
from .paths import DEFAULT_PDF, OUTPUT, README, StagePaths

EXIT_BAD_INPUT = 2
EXIT_INVALID = 1


def _interim(args: argparse.Namespace) -> StagePaths:
    if args.interim:
        return StagePaths(Path(args.interim))
    return StagePaths.for_pdf(Path(args.pdf))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="all stages: PDF -> output tables")
    run.add_argument("pdf", nargs="?", default=str(DEFAULT_PDF), help="input PDF (default: %(default)s)")
    run.add_argument("--out", default=str(OUTPUT), help="output folder (default: %(default)s)")
    run.add_argument("--interim", help="folder for stage artefacts (default: interim/<pdf name>)")
    ext = commands.add_parser("extract", help="PDF -> words, shapes, pages")
    ext.add_argument("pdf")
    ext.add_argument("--interim")
    for name, help_text in (("layout", "words -> lines in reading order, text"),
                            ("segment", "lines -> outline, boxes, summaries"),
                            ("language", "lines + segments -> amounts and region groups (spaCy, loaded once)")):
        stage = commands.add_parser(name, help=help_text)
        stage.add_argument("--interim", required=True)
    tab = commands.add_parser("tables", help="segments -> validated tables, report and data package in --out")
    tab.add_argument("--interim", required=True)
    tab.add_argument("--out", default=str(OUTPUT))
    val = commands.add_parser("validate", help="re-run validation on the tables in --out; rewrite its report")
    val.add_argument("--interim", required=True)
    val.add_argument("--out", default=str(OUTPUT))
    commands.add_parser("dictionary", help="regenerate the README's data dictionary from the schemas")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command in ("run", "extract"):
            extract.extract(Path(args.pdf), _interim(args))
        if args.command in ("run", "layout"):
            layout.run(_interim(args))
        if args.command in ("run", "segment"):
            segment.run(_interim(args))
        if args.command in ("run", "language"):
            language.run(_interim(args))
        if args.command in ("run", "tables"):
            tables.run(_interim(args), Path(args.out))
        if args.command == "validate":
            report = tables.revalidate(_interim(args), Path(args.out))
            print(f"{report.errors} errors, {report.warnings} warnings", file=sys.stderr)
        if args.command == "dictionary":
            README.write_text(with_dictionary(README.read_text(encoding="utf-8")), encoding="utf-8")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FileNotFoundError as exc:
        print(f"error: {exc.filename}: missing; run the earlier stages first (make)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except tables.ValidationFailed as exc:
        print(f"error: validation failed, previous output kept: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return 0
