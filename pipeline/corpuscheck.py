"""Robustness check over a folder of PDFs: how a user's run ends on each.

    python -m pipeline corpus-check DIR [--expect expected.csv] [--jobs N]
    make corpus-check CORPUS=DIR

Every PDF of the folder is run exactly as ``python -m pipeline run FILE``
would run it — same code path, exit status and stderr — and one line per
file says its exit status, time, peak memory and the stderr it produced:
``warning:`` lines, ``error:`` lines, progress lines, and anything else
(a traceback, a library's bare log line), which is a defect. A summary
follows. The check fails (exit 1) on a traceback, a stray stderr line, a
run over the memory or time limit, or an outcome other than the one
``--expect`` names for the file.

spaCy's start-up is paid once per worker process, as in the corpus mode
(``pipeline/corpus.py``): each worker loads it, then forks one child per
file; the child inherits the loaded model, runs the file, and its own exit
status and peak resident memory are read with ``wait4``. The peak therefore
includes the model, as a single run's does once it reaches the language
stage.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.corpus import find_pdfs

# A progress line of a run: "a.pdf: extract done in 0.3 s", a table's row
# count "  measures   18 rows", the closing "0 errors, 5 warnings; report: …" and
# "review: out/review/index.html".
PROGRESS_LINE = re.compile(r"^(?:.+: \w+ done in \d+\.\d s|\s+\w+\s+\d+ rows|\d+ errors, \d+ warnings; report: .+"
                           r"|review: .+\.html)$")
TRACEBACK_START = "Traceback (most recent call last):"
# Exit status of a run that was stopped for taking too long.
TIMED_OUT = -1


@dataclass(frozen=True)
class Limits:
    """What every file's run must stay within."""

    max_rss_mb: float = 600.0
    timeout_s: int = 600


@dataclass
class Outcome:
    """How one file's run ended."""

    file: str
    exit: int
    seconds: float
    peak_mb: float
    warnings: int = 0
    errors: int = 0
    progress: int = 0
    stray: int = 0
    traceback: bool = False
    first_error: str = ""
    first_stray: str = ""
    said: str = ""  # every warning: and error: line, for expectations to look into

    def problems(self, limits: Limits, expected: Expectation | None) -> list[str]:
        """What is wrong with this run, if anything."""
        found = []
        if self.traceback:
            found.append("traceback")
        if self.stray:
            found.append(f"{self.stray} stray stderr lines ({self.first_stray[:60]!r})")
        if self.exit == TIMED_OUT:
            found.append(f"over {limits.timeout_s} s")
        if self.peak_mb > limits.max_rss_mb:
            found.append(f"peak {self.peak_mb:.0f} MB over {limits.max_rss_mb:.0f} MB")
        if expected is not None:
            if self.exit != expected.exit:
                found.append(f"exit {self.exit}, expected {expected.exit}")
            elif expected.message and expected.message not in self.said:
                found.append(f"no warning or error says {expected.message!r}")
        return found


@dataclass(frozen=True)
class Expectation:
    exit: int
    message: str = ""


def classify(stderr: str, outcome: Outcome) -> Outcome:
    """Count the kinds of stderr lines of a run.

    >>> o = classify("warning: a\\na.pdf: extract done in 0.1 s\\nerror: x: no text layer\\nboom\\n",
    ...              Outcome("a", 2, 0, 0))
    >>> (o.warnings, o.progress, o.errors, o.stray, o.first_error)
    (1, 1, 1, 1, 'error: x: no text layer')
    """
    for line in stderr.splitlines():
        if not line.strip():
            continue
        if line.startswith("warning: "):
            outcome.warnings += 1
            outcome.said += line + "\n"
        elif line.startswith("error: "):
            outcome.errors += 1
            outcome.first_error = outcome.first_error or line
            outcome.said += line + "\n"
        elif PROGRESS_LINE.match(line):
            outcome.progress += 1
        else:
            outcome.stray += 1
            outcome.first_stray = outcome.first_stray or line
            outcome.traceback = outcome.traceback or line.startswith(TRACEBACK_START)
    return outcome


def warm_up() -> None:
    """Worker start: load what every run needs once — spaCy's model above all, and the
    modules of every stage (pandas, Pandera, matplotlib), which each forked run would
    otherwise import again; a user's run imports them all too, so peaks stay comparable."""
    import importlib

    from pipeline.language.nlp import french
    from pipeline.stages import STAGES
    for stage in STAGES:
        importlib.import_module(stage.module)
    french()


def _child(pdf: Path, scratch: Path, stderr_path: Path, timeout_s: int) -> None:
    """In the forked child: one run as ``python -m pipeline run`` does it, then exit."""
    from pipeline.cli import main
    signal.alarm(timeout_s)
    fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    code = 1
    try:
        code = main(["run", str(pdf), "--out", str(scratch / "out"), "--interim", str(scratch / "interim")])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # what the interpreter would print for an uncaught error
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(code)


def check_file(pdf: Path, limits: Limits, keep: Path | None = None) -> Outcome:
    """Run one file in a forked child; its exit status, time, peak memory and stderr.
    With ``keep``, the run's output, interim artefacts and stderr stay in ``keep/<file stem>``."""
    if keep is not None:
        scratch = keep / pdf.stem
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="corpus-check-"))
    stderr_path = scratch / "stderr.txt"
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _child(pdf, scratch, stderr_path, limits.timeout_s)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.WIFSIGNALED(status):
        code = TIMED_OUT if os.WTERMSIG(status) == signal.SIGALRM else -os.WTERMSIG(status)
    else:
        code = os.WEXITSTATUS(status)
    stderr = stderr_path.read_text(encoding="utf-8", errors="replace") if stderr_path.exists() else ""
    if keep is None:
        shutil.rmtree(scratch, ignore_errors=True)
    return classify(stderr, Outcome(pdf.name, code, seconds, usage.ru_maxrss / 1024))


def read_expectations(path: Path) -> dict[str, Expectation]:
    """``file,exit,message`` rows: the exit status each file must have, and
    words one of its ``warning:``/``error:`` lines must hold (may be empty)."""
    with path.open(encoding="utf-8", newline="") as rows:
        return {row["file"]: Expectation(int(row["exit"]), row.get("message") or "") for row in csv.DictReader(rows)}


def line_of(outcome: Outcome, problems: list[str]) -> str:
    said = outcome.first_error.split(": ", 2)[-1] if outcome.first_error else ""
    verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
    return (f"{outcome.exit:>4} {outcome.seconds:>7.1f} s {outcome.peak_mb:>6.0f} MB {outcome.warnings:>4} warn "
            f"{outcome.errors:>2} err {outcome.stray:>2} stray  {outcome.file}  {verdict}"
            + (f"  [{said[:100]}]" if said else ""))


def summary(outcomes: list[Outcome], failed: int) -> list[str]:
    by_exit: dict[int, int] = {}
    for o in outcomes:
        by_exit[o.exit] = by_exit.get(o.exit, 0) + 1
    exits = ", ".join(f"exit {code}: {n}" for code, n in sorted(by_exit.items()))
    peak = max((o.peak_mb for o in outcomes), default=0.0)
    return [f"{len(outcomes)} files; {exits}; tracebacks: {sum(o.traceback for o in outcomes)}; "
            f"stray stderr lines: {sum(o.stray for o in outcomes)}; warnings: {sum(o.warnings for o in outcomes)}; "
            f"peak memory {peak:.0f} MB; total {sum(o.seconds for o in outcomes):.0f} s",
            f"{failed} files failed the check" if failed else "every file passed the check"]


def run(folder: Path, expect: Path | None, jobs: int, limits: Limits = Limits(), keep: Path | None = None) -> int:
    pdfs = find_pdfs(folder)
    expected = read_expectations(expect) if expect else {}
    missing = sorted(set(expected) - {p.name for p in pdfs})
    print(f"{'exit':>4} {'time':>9} {'peak':>9} {'warnings':>9} {'errors':>6} {'stray':>8}  file  verdict  [error]")
    failed = 0
    outcomes = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=warm_up) as pool:
        for outcome in pool.map(check_file, pdfs, [limits] * len(pdfs), [keep] * len(pdfs)):
            problems = outcome.problems(limits, expected.get(outcome.file))
            failed += bool(problems)
            outcomes.append(outcome)
            print(line_of(outcome, problems), flush=True)
    for name in missing:
        print(f"FAIL: {name} is expected but not in {folder}")
    for line in summary(outcomes, failed + len(missing)):
        print(line)
    return 1 if failed or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.corpuscheck", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="a folder of PDFs")
    parser.add_argument("--expect", help="CSV of file,exit,message: the outcome each file must have")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default: %(default)s)")
    parser.add_argument("--max-rss-mb", type=float, default=Limits.max_rss_mb, help="peak memory limit per run")
    parser.add_argument("--timeout", type=int, default=Limits.timeout_s, help="seconds allowed per run")
    parser.add_argument("--keep", help="keep each run's output, artefacts and stderr in KEEP/<file stem>")
    args = parser.parse_args(argv)
    return run(Path(args.folder), Path(args.expect) if args.expect else None, args.jobs,
               Limits(args.max_rss_mb, args.timeout), Path(args.keep) if args.keep else None)


if __name__ == "__main__":
    sys.exit(main())
