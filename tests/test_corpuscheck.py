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


# The one expectation falsified on purpose, so that the same run shows a wrong outcome is caught.
FALSIFIED = "boundingBox_invalid.pdf"


@pytest.mark.slow  # runs the pipeline over ten PDFs (about 22 s): once, for both checks
def test_every_real_world_file_ends_as_expected_and_an_unexpected_outcome_fails_the_check(tmp_path):
    with (REAL_WORLD / "expected.csv").open(encoding="utf-8") as rows:
        expected = list(csv.DictReader(rows))
    assert {row["file"] for row in expected} == {p.name for p in REAL_WORLD.glob("*.pdf")}
    assert [row["exit"] for row in expected if row["file"] == FALSIFIED] == ["0"]
    text = (REAL_WORLD / "expected.csv").read_text(encoding="utf-8")
    (tmp_path / "expect.csv").write_text(text.replace(f"\n{FALSIFIED},0,", f"\n{FALSIFIED},2,"), encoding="utf-8")
    result = corpus_check(str(REAL_WORLD), "--expect", str(tmp_path / "expect.csv"))
    assert result.returncode == 1, result.stdout + result.stderr
    for row in expected:
        (line,) = [line for line in result.stdout.splitlines() if f"  {row['file']}  " in line]
        assert line.split()[0] == row["exit"], line
        if row["file"] == FALSIFIED:
            assert "FAIL: exit 0, expected 2" in line
        else:
            assert f"  {row['file']}  ok" in line, line
    assert "tracebacks: 0; stray stderr lines: 0" in result.stdout and "1 files failed the check" in result.stdout


def test_a_traceback_a_stray_line_and_too_much_memory_are_problems():
    run = classify("Traceback (most recent call last):\n  File x\nKeyError: 'a'\n", Outcome("a.pdf", 1, 1.0, 700.0))
    problems = run.problems(Limits(), Expectation(0))
    assert run.traceback and run.stray == 3
    assert any("traceback" in p for p in problems) and any("over 600 MB" in p for p in problems)
