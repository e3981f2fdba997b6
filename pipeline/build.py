"""One document through every stage in one process (spaCy loaded once)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import extract, language, layout, segment, tables
from .paths import StagePaths
from .progress import Progress
from .validate import Report

STAGES = ["extract", "layout", "segment", "language", "tables"]


@dataclass
class Built:
    tables: dict[str, pd.DataFrame]
    report: Report
    missing: list[str]


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
        for note in extracted.notes:
            progress.warn(f"{pdf.name}: {note}")
        with bar.stage("layout"):
            layout.run(interim)
        with bar.stage("segment"):
            missing = segment.run(interim).missing
        for problem in missing:
            progress.warn(f"{pdf.name}: {problem}")
        with bar.stage("language"):
            language.run(interim)
        if not keep_model:
            language.release_model()
        with bar.stage("tables"):
            built, report = tables.build_and_check(interim)
    return Built(built, report, missing)
