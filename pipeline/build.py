"""One document through every stage of the registry in one process (spaCy loaded once)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from pipeline.core.memory import collecting_only_new, give_back
from pipeline.core.paths import StagePaths
from pipeline.core.progress import Progress
from pipeline.dataset.validate import Report
from pipeline.stages import DOCUMENT_STAGES, Job


@dataclass
class Built:
    tables: dict[str, pd.DataFrame]
    report: Report


def build_document(pdf: Path, interim: StagePaths, progress: Progress, keep_model: bool = True) -> Built:
    """PDF -> validated tables and report (not yet published).

    A process that builds one document only (``keep_model=False``) releases
    spaCy's model once the language stage is done: the tables stage then runs
    in its memory (≈ 190 MB) instead of beside it. A corpus worker keeps it
    for the next document. Each stage's warnings are said as it ends.

    Raises :class:`InputError` for unreadable input and
    :class:`tables.ValidationFailed` when validation finds errors.
    """
    job = Job(pdf, interim, keep_model=keep_model)
    with collecting_only_new(), progress.document(pdf.name, [stage.name for stage in DOCUMENT_STAGES]) as bar:
        for stage in DOCUMENT_STAGES:
            with bar.stage(stage.name):
                outcome = stage.run(job)
            give_back()
            for warning in outcome.warnings:
                progress.warn(f"{pdf.name}: {warning}")
    tables, report = cast(tuple[dict[str, pd.DataFrame], Report], job.results["tables"])
    return Built(tables, report)
