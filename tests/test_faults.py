"""Interrupted runs, unrelated input and what the person running it sees."""
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from pipeline.core.paths import OUTPUT, ROOT


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "review" not in p.relative_to(folder).parts}


def pipeline(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.mark.slow
def test_a_run_killed_while_writing_leaves_a_complete_output(tmp_path, cli):
    """A separate process, killed as soon as it starts writing its new output folder. A small
    rendering is enough: what is tested is the swap, not the reading. The older dataset it
    replaces is the committed one (a complete output of this pipeline)."""
    from rendering import STYLES, render
    pdf = render(tmp_path / "a.pdf", STYLES["a4-filled-two-columns"])
    out = tmp_path / "output"
    shutil.copytree(OUTPUT, out, ignore=shutil.ignore_patterns("review"))
    before = digest(out)
    run = pipeline("run", str(pdf), "--out", str(out), "--interim", str(tmp_path / "i1"), "--no-review")
    deadline = time.monotonic() + 120
    while run.poll() is None and not list(tmp_path.glob(".output.new-*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    run.kill()
    run.communicate()
    after = digest(out)
    rerun = cli("--quiet", "run", str(pdf), "--out", str(out), "--interim", str(tmp_path / "i1"), "--no-review")
    complete = digest(out)
    assert rerun.returncode == 0 and complete != before
    assert after in (before, complete)  # the old one or the new one, never a mix
    assert not list(tmp_path.glob(".output.*"))  # staging left by the killed run is cleaned


@pytest.mark.slow  # runs the whole pipeline
def test_hundreds_of_pages_of_unrelated_text_complete_and_say_no_boxes(tmp_path, cli):
    pdf = tmp_path / "unrelated.pdf"
    c = Canvas(str(pdf))
    for page in range(300):
        c.drawString(72, 720, f"Chapter {page + 1}. The weather was mild and the harvest was early.")
        c.drawString(72, 700, "Nothing here concerns any regional policy at all.")
        c.showPage()
    c.save()
    result = cli("run", str(pdf), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "interim"),
                 "--no-review")
    assert result.returncode == 0, result.stderr
    assert "no boxes found" in result.stderr and "no contents page found" in result.stderr
    assert (tmp_path / "out" / "measures.csv").read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.slow  # runs the whole pipeline
def test_plain_progress_lines_off_a_terminal_and_quiet_keeps_warnings(tmp_path, cli, monkeypatch):
    """Also the regression of `pipeline run` writing interim/<pdf name>, so that the next
    `make` redid tables and review: the quiet run keeps its artefacts in interim/run/."""
    from rendering import STYLES, render

    from pipeline import cli as command_line
    monkeypatch.setattr(command_line, "RUN_INTERIM", tmp_path / "interim" / "run")
    pdf = render(tmp_path / "a.pdf", STYLES["a4-filled-two-columns"])
    loud = cli("run", str(pdf), "--out", str(tmp_path / "o1"), "--interim", str(tmp_path / "i1"))
    assert loud.returncode == 0
    for stage in ("extract", "layout", "segment", "language", "tables"):
        assert f"a.pdf: {stage} done in" in loud.stderr
    assert "measures" in loud.stderr and "0 errors" in loud.stderr and "report:" in loud.stderr
    assert "review: " in loud.stderr and (tmp_path / "o1" / "review" / "index.html").exists()  # as `make` builds
    quiet = cli("run", "--quiet", str(pdf), "--out", str(tmp_path / "o2"), "--no-review")
    assert quiet.returncode == 0 and quiet.stderr.strip() == ""
    assert (tmp_path / "interim" / "run" / "a" / "segments.json").exists()
    assert not (tmp_path / "interim" / "a").exists()


def test_help_documents_every_command_and_option(cli):
    for args in ([], ["run"], ["tables"]):
        assert cli(*args, "--help").returncode == 0
    stdout = cli("--help").stdout
    for word in ("run", "extract", "layout", "segment", "language", "tables", "validate", "dictionary",
                 "--quiet", "--verbose", "Exit status"):
        assert word in stdout
    stdout = cli("run", "--help").stdout
    for option in ("--out", "--interim", "--jobs", "--force", "--no-review", "--quiet"):
        assert option in stdout


# Running text for a long generated report: plain sentences, some with a figure or a region.
REPORT_SENTENCES = [
    "La Région soutient les structures de l’insertion par l’activité économique depuis 2009.",
    "Les partenaires se réunissent deux fois par an pour suivre les engagements pris ensemble.",
    "Une aide de 10 000 € par poste est versée chaque année aux ateliers et chantiers d’insertion.",
    "Les salariés en parcours bénéficient d’un accompagnement social et professionnel renforcé.",
    "En Bretagne et en Auvergne, les conventions sont signées pour trois ans avec les réseaux.",
    "Le comité de suivi examine les bilans et propose les évolutions du dispositif régional.",
]


def thousand_page_report(path: Path, pages: int = 1000) -> Path:
    """A long report: on each page a heading and five paragraphs (about 350 words)."""
    c = Canvas(str(path), invariant=1)
    for page in range(pages):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(72, 780, f"Chapitre {page + 1}")
        c.setFont("Helvetica", 10)
        y = 750
        for paragraph in range(5):
            for line in range(6):
                c.drawString(72, y, REPORT_SENTENCES[(page + paragraph + line) % len(REPORT_SENTENCES)])
                y -= 13
            y -= 10
        c.drawString(290, 40, str(page + 1))
        c.showPage()
    c.save()
    return path


@pytest.mark.memory
def test_a_thousand_page_report_runs_within_600_mb(tmp_path):
    """Memory must not grow with the page count (a 352-page book peaked at
    1.65 GiB): the whole run, measured as the peak resident memory of the
    child process that runs it (``resource``, not timing)."""
    pdf = thousand_page_report(tmp_path / "long.pdf")
    measure = ("import resource, subprocess, sys\n"
               "run = subprocess.run([sys.executable, '-m', 'pipeline', '--quiet', 'run', sys.argv[1], '--out',"
               " sys.argv[2], '--interim', sys.argv[3]], capture_output=True, text=True)\n"
               "print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.stderr.write(run.stderr)\n")
    result = subprocess.run([sys.executable, "-c", measure, str(pdf), str(tmp_path / "out"),
                             str(tmp_path / "interim")], cwd=ROOT, capture_output=True, text=True, timeout=1200)
    code, peak_kib = map(int, result.stdout.split())
    assert code == 0, result.stderr
    assert peak_kib / 1024 < 600, f"peak {peak_kib / 1024:.0f} MB"
    assert len((tmp_path / "out" / "amounts.csv").read_text(encoding="utf-8").splitlines()) == 1 + 5 * 1000
