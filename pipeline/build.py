"""One document through every stage in one process (spaCy loaded once)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import extract, language, layout, segment, tables
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


def build_document(pdf: Path, interim: StagePaths, progress: Progress) -> Built:
    """PDF -> validated tables and report (not yet published).

    Raises :class:`InputError` for unreadable input and
    :class:`tables.ValidationFailed` when validation finds errors.
    """
    with progress.document(pdf.name, STAGES) as bar:
        with bar.stage("extract"):
            extract.extract(pdf, interim)
            record_source(pdf, interim)
        with bar.stage("layout"):
            layout.run(interim)
        with bar.stage("segment"):
            missing = segment.run(interim).missing
        for problem in missing:
            progress.warn(f"{pdf.name}: {problem}")
        with bar.stage("language"):
            language.run(interim)
        with bar.stage("tables"):
            built, report = tables.build_and_check(interim)
    return Built(built, report, missing)
