"""One document through every stage in one process (spaCy loaded once)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import extract, language, layout, segment, tables
from .memory import give_back
from .paths import StagePaths
from .provenance import record_source
from .progress import Progress
from .validate import Report

STAGES = ["extract", "layout", "segment", "language", "tables"]


@dataclass
class Built:
    tables: dict[str, pd.DataFrame]
    report: Report
    missing: list[str]


# Findings of one kind listed one by one up to this many, then summed up in one line.
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


def build_document(pdf: Path, interim: StagePaths, progress: Progress, keep_model: bool = True) -> Built:
    """PDF -> validated tables and report (not yet published).

    A process that builds one document only (``keep_model=False``) releases
    spaCy's model once the language stage is done: the tables stage then runs
    in its memory (≈ 190 MB) instead of beside it. A corpus worker keeps it
    for the next document.

    Raises :class:`InputError` for unreadable input and
    :class:`tables.ValidationFailed` when validation finds errors.
    """
    with progress.document(pdf.name, STAGES) as bar:
        with bar.stage("extract"):
            extracted = extract.extract(pdf, interim)
            record_source(pdf, interim)
        give_back()
        for note in extracted.notes:
            progress.warn(f"{pdf.name}: {note}")
        with bar.stage("layout"):
            layout.run(interim)
        give_back()
        with bar.stage("segment"):
            missing = segment.run(interim).missing
        give_back()
        for problem in condensed(missing):
            progress.warn(f"{pdf.name}: {problem}")
        with bar.stage("language"):
            language.run(interim)
        if not keep_model:
            language.release_model()
        give_back()
        with bar.stage("tables"):
            built, report = tables.build_and_check(interim)
    return Built(built, report, missing)
