"""A folder of PDFs built as a corpus, one process per core.

Each document goes through every stage in a worker process; the tables of
the documents that pass validation are combined with a ``document_id``
column (from the file's SHA-256), each document's report is kept, and a
summary says which documents failed and why. One failure never stops the
others.
"""
from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.build import build_document
from pipeline.core.errors import InputError
from pipeline.core.paths import StagePaths
from pipeline.core.progress import Progress
from pipeline.dataset.publish import guard_target
from pipeline.dataset.tables import ValidationFailed, publish
from schemas import TABLES

DOCUMENT_ID = "document_id"


@dataclass
class DocumentResult:
    pdf: Path
    document_id: str
    tables: dict[str, pd.DataFrame] | None = None
    report_json: str | None = None
    report_md: str | None = None
    error: str | None = None


def document_id(pdf: Path) -> str:
    """The first 16 hex digits of the file's SHA-256: the same file, the same id."""
    digest = hashlib.sha256()
    with pdf.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def find_pdfs(folder: Path) -> list[Path]:
    pdfs = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    if not pdfs:
        raise InputError(folder, "directory holds no PDF files")
    return pdfs


def build_one(pdf: Path, interim_root: Path) -> DocumentResult:
    """Worker: one document, quietly; errors come back as text, never as a crash."""
    doc_id = document_id(pdf)
    try:
        built = build_document(pdf, StagePaths(interim_root / f"{pdf.stem}-{doc_id}"), Progress(quiet=True))
    except (InputError, ValidationFailed) as exc:
        return DocumentResult(pdf, doc_id, error=str(exc))
    except Exception as exc:  # a bug on one document must not stop the corpus
        return DocumentResult(pdf, doc_id, error=f"{type(exc).__name__}: {exc}")
    return DocumentResult(pdf, doc_id, built.tables, built.report.to_json(), built.report.to_markdown())


def combine(results: list[DocumentResult]) -> dict[str, pd.DataFrame]:
    """Each table of the successful documents, with ``document_id`` last, sorted by document then id."""
    combined = {}
    for name, spec in TABLES.items():
        parts = [r.tables[name].assign(**{DOCUMENT_ID: r.document_id}) for r in results if r.tables]
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=spec.columns + [DOCUMENT_ID])
        frame[DOCUMENT_ID] = frame[DOCUMENT_ID].astype("string")
        combined[name] = frame.sort_values([DOCUMENT_ID, *spec.sort_by], kind="stable").reset_index(drop=True)
    return combined


def summary(results: list[DocumentResult]) -> tuple[str, str]:
    rows = [dict(document_id=r.document_id, file=r.pdf.name, status="failed" if r.error else "built",
                 error=r.error, **(json.loads(r.report_json)["summary"] if r.report_json else {}))
            for r in results]
    md = ["# Corpus summary", "",
          "| document | file | status | errors | warnings | problem |", "|---|---|---|---|---|---|"]
    md += [f"| {r['document_id']} | {r['file']} | {r['status']} | {r.get('errors', '')} | {r.get('warnings', '')} | "
           f"{(r['error'] or '').replace('|', '/')} |" for r in rows]
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "\n".join(md) + "\n"


def distinct(pdfs: list[Path], progress: Progress) -> list[Path]:
    """One file per content: a byte-identical copy is the same document."""
    seen: dict[str, Path] = {}
    for pdf in pdfs:
        doc_id = document_id(pdf)
        if doc_id in seen:
            progress.warn(f"{pdf.name}: same content as {seen[doc_id].name}; built once")
        else:
            seen[doc_id] = pdf
    return list(seen.values())


def run_corpus(folder: Path, out: Path, interim_root: Path, jobs: int | None, progress: Progress,
               force: bool = False) -> list[DocumentResult]:
    guard_target(out, force)  # before hours of work, not after
    pdfs = distinct(find_pdfs(folder), progress)
    results: list[DocumentResult] = []
    with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool, progress.documents(len(pdfs)) as bar:
        futures = [pool.submit(build_one, pdf, interim_root) for pdf in pdfs]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            bar.update(1)
            if result.error:
                progress.warn(f"{result.pdf.name}: {result.error}")
            else:
                progress.say(f"{result.pdf.name}: built ({result.document_id})")
    results.sort(key=lambda r: r.pdf.name)
    files = {f"validation/{r.document_id}/report.{kind}": text for r in results if r.report_json and r.report_md
             for kind, text in (("json", r.report_json), ("md", r.report_md))}
    files["validation/summary.json"], files["validation/summary.md"] = summary(results)
    inputs = [json.loads(r.report_json).get("provenance", {}).get("input") for r in results if r.report_json]
    publish(combine(results), out, files, force, [i for i in inputs if i], document_id=True)
    return results
