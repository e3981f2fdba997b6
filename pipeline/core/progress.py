"""Telling the person running the pipeline what is happening.

On a terminal, a tqdm progress bar per document over its stages (and one
over the documents of a corpus); elsewhere (CI, a log file), one plain line
per stage. ``quiet`` keeps only warnings and errors; ``verbose`` adds each
stage's timing on a terminal too.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from tqdm import tqdm


@dataclass
class Progress:
    quiet: bool = False
    verbose: bool = False
    stream: TextIO = field(default_factory=lambda: sys.stderr)

    @property
    def interactive(self) -> bool:
        return not self.quiet and self.stream.isatty()

    def say(self, message: str) -> None:
        if not self.quiet:
            tqdm.write(message, file=self.stream)

    def warn(self, message: str) -> None:
        tqdm.write(f"warning: {message}", file=self.stream)

    @contextmanager
    def document(self, name: str, stages: list[str]) -> Iterator[StageBar]:
        bar = tqdm(total=len(stages), desc=name, unit="stage", file=self.stream, leave=False,
                   disable=not self.interactive)
        try:
            yield StageBar(self, name, bar)
        finally:
            bar.close()

    def documents(self, total: int):
        return tqdm(total=total, desc="documents", unit="doc", file=self.stream, disable=not self.interactive)


@dataclass
class StageBar:
    progress: Progress
    name: str
    bar: tqdm

    @contextmanager
    def stage(self, stage: str) -> Iterator[None]:
        self.bar.set_postfix_str(stage)
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.bar.update(1)
        if not self.progress.interactive or self.progress.verbose:
            self.progress.say(f"{self.name}: {stage} done in {elapsed:.1f} s")
