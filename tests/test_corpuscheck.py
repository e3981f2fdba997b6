"""`make corpus-check`: every real-world PDF of tests/data/real-world ends as expected."""
import csv
import subprocess
import sys

import pytest

from pipeline.core.paths import ROOT
from pipeline.corpuscheck import Expectation, Limits, Outcome, classify

REAL_WORLD = ROOT / "tests" / "data" / "real-world"


def corpus_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "corpus-check", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow  # runs the pipeline over ten PDFs (about 22 s)
def test_every_real_world_file_ends_as_expected_with_no_traceback_and_bounded_memory():
    result = corpus_check(str(REAL_WORLD), "--expect", str(REAL_WORLD / "expected.csv"))
    assert result.returncode == 0, result.stdout + result.stderr
    with (REAL_WORLD / "expected.csv").open(encoding="utf-8") as rows:
        expected = {row["file"]: int(row["exit"]) for row in csv.DictReader(rows)}
    assert set(expected) == {p.name for p in REAL_WORLD.glob("*.pdf")}
    for name, code in expected.items():
        (line,) = [line for line in result.stdout.splitlines() if f"  {name}  " in line]
        assert line.split()[0] == str(code) and f"  {name}  ok" in line, line
    assert "tracebacks: 0; stray stderr lines: 0" in result.stdout and "every file passed" in result.stdout


@pytest.mark.slow
def test_an_outcome_other_than_expected_fails_the_check(tmp_path):
    (tmp_path / "wrong.csv").write_text("file,exit,message\nboundingBox_invalid.pdf,2,\n", encoding="utf-8")
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "boundingBox_invalid.pdf").write_bytes((REAL_WORLD / "boundingBox_invalid.pdf").read_bytes())
    result = corpus_check(str(folder), "--expect", str(tmp_path / "wrong.csv"))
    assert result.returncode == 1 and "FAIL: exit 0, expected 2" in result.stdout


def test_a_traceback_a_stray_line_and_too_much_memory_are_problems():
    run = classify("Traceback (most recent call last):\n  File x\nKeyError: 'a'\n", Outcome("a.pdf", 1, 1.0, 700.0))
    problems = run.problems(Limits(), Expectation(0))
    assert run.traceback and run.stray == 3
    assert any("traceback" in p for p in problems) and any("over 600 MB" in p for p in problems)
