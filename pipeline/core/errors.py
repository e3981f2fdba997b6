"""Errors that carry a one-line message for the person running the pipeline."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """The input cannot be processed; the CLI prints it on one line and exits 2.

    >>> str(InputError(Path("a.pdf"), "not a PDF"))
    'a.pdf: not a PDF'
    """

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


class ValidationFailed(Exception):
    """A table does not meet its schema or the document; nothing was written (exit 1).

    Defined here, not in ``tables``, so that the command line can catch it
    without importing pandas.
    """
