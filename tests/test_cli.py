import hashlib
import subprocess
import sys
from pathlib import Path

from test_extract import make_bad_inputs

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_bad_input_exits_2_with_one_line_and_leaves_output_alone(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "measures.csv").write_text("previous good output\n")
    before = digest(out)
    for case, (path, message) in make_bad_inputs(tmp_path / "inputs" if (tmp_path / "inputs").mkdir() is None
                                                 else tmp_path).items():
        result = run_cli("run", str(path), "--out", str(out), "--interim", str(tmp_path / "interim"))
        assert result.returncode == 2, case
        errors = result.stderr.strip().splitlines()
        assert len(errors) == 1 and errors[0].startswith("error: ") and message in errors[0], (case, errors)
    assert digest(out) == before


def test_unrelated_pdf_builds_what_it_can_and_says_what_is_missing(tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    pdf = tmp_path / "other.pdf"
    c = Canvas(str(pdf))
    for page in range(3):
        c.drawString(72, 700, f"Quarterly report, chapter {page + 1}: sales went up.")
        c.showPage()
    c.save()
    result = run_cli("run", str(pdf), "--out", str(tmp_path / "out"), "--interim", str(tmp_path / "interim"))
    assert result.returncode == 0, result.stderr
    assert "no contents page found" in result.stderr and "no boxes found" in result.stderr
    assert (tmp_path / "out" / "regions.csv").read_text(encoding="utf-8").count("\n") == 28
    assert (tmp_path / "out" / "measures.csv").read_text(encoding="utf-8").count("\n") == 1


def test_help_documents_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("run", "extract", "layout", "segment", "tables"):
        assert command in result.stdout
