"""The PDF libraries' log lines: captured while parsing, then our warnings or nothing."""
import logging
import subprocess
import sys

from pipeline.core.logs import captured, routed_to
from pipeline.core.paths import ROOT


def test_library_records_are_captured_and_said_once_each_in_our_words(capfd):
    with captured() as log:
        for _ in range(3):
            logging.getLogger("pdfminer.pdftypes").warning("Data-loss while decompressing corrupted data")
        logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor because None")
        logging.getLogger("pdfplumber.pdf").warning('[WARNING] Metadata key "Kids" could not be parsed due to '
                                                     "exception: maximum recursion depth exceeded")
    assert log.notes() == ["a compressed stream is damaged; what it held past the damage is lost, so some text "
                           "may be missing (3 times)"]
    assert capfd.readouterr().err == ""  # nothing bare on stderr
    assert not logging.getLogger("pdfminer").handlers  # and nothing left attached


def test_other_records_and_python_warnings_leave_as_warning_lines():
    said = []
    with routed_to(said.append):
        logging.getLogger("spacy").warning("[W123] something about the model")
        import warnings
        warnings.warn("a deprecation in some library", stacklevel=1)
    assert said == ["spacy reported: [W123] something about the model"]


def test_a_finished_run_leaves_no_handler_writing_to_its_closed_stream():
    """The CLI's handler stayed on the root logger after main() returned; the
    next library warning in the same process wrote to the closed stream of
    the earlier run ("I/O operation on closed file")."""
    before = list(logging.getLogger().handlers)
    from pipeline.cli import main
    assert main(["--quiet", "extract", "no-such.pdf", "--interim", "unused"]) == 2
    assert logging.getLogger().handlers == before
    logging.getLogger("pdfminer.pdftypes").warning("Data-loss while decompressing corrupted data")


def test_a_run_prints_only_warning_error_and_progress_lines(tmp_path):
    pdf = ROOT / "tests" / "data" / "real-world" / "issue13316_reduced.pdf"  # pdfminer logs "Data-loss …"
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(pdf), "--interim", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True)
    lines = result.stderr.splitlines()
    assert result.returncode == 0 and any("compressed stream is damaged" in line for line in lines)
    assert all(line.startswith(("warning: ", "error: ")) for line in lines), lines
