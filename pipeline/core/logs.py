"""The PDF libraries' own log lines, turned into our warnings or dropped.

pdfminer and pdfplumber log through :mod:`logging`; with no handler set,
Python prints their WARNING records bare on stderr ("Could not get FontBBox
…", "Data-loss while decompressing corrupted data"), beside our one-line
``warning:``/``error:`` messages. While a PDF is parsed, :func:`captured`
takes those records instead; :meth:`LibraryLog.notes` then says, once each,
what a reader of the output should know, in words about the document, and
drops what changes nothing in the output (a font's bounding box that is
not used, metadata we do not read).
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# The loggers of the libraries that parse PDFs for us.
LIBRARY_LOGGERS = ("pdfminer", "pdfplumber")
# The project's own logger: its warnings pass as they are worded.
OWN_LOGGER = "pipeline"
# Longest library message quoted in a warning.
MAX_QUOTE = 120


@dataclass(frozen=True)
class Rule:
    """A library message, by pattern, and what we tell the user (None: drop it)."""

    pattern: re.Pattern[str]
    note: str | None


RULES = (
    # A font descriptor without a usable /FontBBox: pdfminer uses a default
    # box; we read word boxes from glyph widths and sizes, not from it.
    Rule(re.compile(r"Could not get FontBBox"), None),
    # Document metadata (title, author) that pdfplumber cannot resolve: unused.
    Rule(re.compile(r"Metadata key .* could not be parsed"), None),
    # Page-box defaults are decided and reported by extract itself.
    Rule(re.compile(r"(?:MediaBox|CropBox) (?:missing|in /Page)|Invalid (?:MediaBox|CropBox)"), None),
    # A Flate stream damaged near its end: pdfminer keeps what came before.
    Rule(re.compile(r"Data-loss while decompressing"),
         "a compressed stream is damaged; what it held past the damage is lost, so some text may be missing"),
)


class LibraryLog(logging.Handler):
    """Collects the libraries' records while it is attached."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def notes(self) -> list[str]:
        """What to tell the user, once per kind, with how often it happened.

        >>> log = LibraryLog()
        >>> for text in ("Could not get FontBBox from font descriptor", "Data-loss while decompressing corrupted data",
        ...              "Data-loss while decompressing corrupted data", "odd thing"):
        ...     log.emit(logging.makeLogRecord({"msg": text, "levelno": logging.WARNING}))
        >>> log.notes()  # doctest: +NORMALIZE_WHITESPACE
        ['a compressed stream is damaged; what it held past the damage is lost, so some text may be missing (2 times)',
         'the PDF parser reported: odd thing']
        """
        counts: Counter[str] = Counter()
        for record in self.records:
            note = translate(record.getMessage())
            if note is not None:
                counts[note] += 1
        return [note if n == 1 else f"{note} ({n} times)" for note, n in counts.items()]


def translate(message: str, source: str = "the PDF parser") -> str | None:
    """Our wording of one library message; None when it changes nothing for the user.

    >>> translate("Could not get FontBBox from font descriptor") is None
    True
    >>> translate("[W095] Model version differs", "spacy")
    'spacy reported: [W095] Model version differs'
    """
    for rule in RULES:
        if rule.pattern.search(message):
            return rule.note
    first_line = message.strip().splitlines()[0] if message.strip() else "an unnamed problem"
    quoted = first_line if len(first_line) <= MAX_QUOTE else first_line[:MAX_QUOTE - 1] + "…"
    return f"{source} reported: {quoted}"


@contextmanager
def captured() -> Iterator[LibraryLog]:
    """Route the PDF libraries' log records to a :class:`LibraryLog` (and nowhere else) inside the block."""
    log = LibraryLog()
    saved = []
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(log)
        logger.propagate = False
    try:
        yield log
    finally:
        for logger, propagate in saved:
            logger.removeHandler(log)
            logger.propagate = propagate


class WarningLines(logging.Handler):
    """Any other library's log record (spaCy, pandas, …) as one ``warning:``
    line through ``warn``; Python's ``warnings`` (deprecations and the like,
    about library code, not about the document) only when ``verbose``."""

    def __init__(self, warn: Callable[[str], None], verbose: bool = False) -> None:
        super().__init__(level=logging.WARNING)
        self.warn = warn
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "py.warnings" and not self.verbose:
            return
        library = record.name.split(".")[0]
        if library == OWN_LOGGER:  # our own warnings are already worded for the user
            note: str | None = record.getMessage()
        else:
            note = translate(record.getMessage(), "the PDF parser" if library in LIBRARY_LOGGERS else library)
        if note is not None:
            self.warn(note)


@contextmanager
def routed_to(warn: Callable[[str], None], verbose: bool = False) -> Iterator[None]:
    """Inside the block, send every log record and Python warning of this
    process through ``warn``, so that stderr holds only our ``warning:``/
    ``error:`` lines and progress. Detached on the way out: a handler left on
    the root logger would write to a stream its caller may have closed
    (``main()`` called twice in one process, as the tests do)."""
    root = logging.getLogger()
    handler = WarningLines(warn, verbose)
    logging.captureWarnings(True)
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        logging.captureWarnings(False)
