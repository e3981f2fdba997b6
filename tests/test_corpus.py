"""A folder of PDFs built as a corpus, in parallel, one failure not stopping the others."""
import json
import shutil

import pandas as pd
import pytest
from rendering import STYLES, render

from pipeline.corpus import document_id


@pytest.mark.slow  # runs the whole pipeline
def test_corpus_builds_each_document_and_reports_the_broken_one(tmp_path, cli):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    render(folder / "a.pdf", STYLES["a4-filled-two-columns"])
    render(folder / "b.pdf", STYLES["letter-times-stroked-one-column-above"])
    (folder / "broken.pdf").write_bytes((folder / "a.pdf").read_bytes()[:500])
    shutil.copy(folder / "a.pdf", folder / "a-again.pdf")  # the same document twice is built once
    out = tmp_path / "out"
    result = cli("run", str(folder), "--out", str(out), "--interim", str(tmp_path / "interim"), "--jobs", "2")
    assert result.returncode == 1, result.stderr  # one document failed
    assert "broken.pdf: " in result.stderr and "2 of 3 documents built" in result.stderr
    assert "a.pdf: same content as a-again.pdf; built once" in result.stderr
    measures = pd.read_csv(out / "measures.csv", dtype=str)
    ids = {document_id(folder / "a-again.pdf"), document_id(folder / "b.pdf")}
    assert list(measures.columns)[-1] == "document_id" and set(measures["document_id"]) == ids
    assert len(measures) == 8  # four boxes in each rendering
    summary = json.loads((out / "validation" / "summary.json").read_text(encoding="utf-8"))
    assert [(s["file"], s["status"]) for s in summary] == [("a-again.pdf", "built"), ("b.pdf", "built"),
                                                             ("broken.pdf", "failed")]
    for doc in ids:
        assert (out / "validation" / doc / "report.md").exists()
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["schema"]["primaryKey"] == ["document_id", "measure_id"]
    from test_datapackage import frictionless_errors
    assert frictionless_errors(package, out) == []  # regression: (document_id, section) with a null section
    assert sum("Input read by this build" in s["title"] for s in package["sources"]) == 2


def test_document_id_is_the_files_hash(tmp_path):
    pdf = render(tmp_path / "a.pdf", STYLES["a4-filled-two-columns"])
    shutil.copy(pdf, tmp_path / "copy.pdf")
    assert document_id(pdf) == document_id(tmp_path / "copy.pdf") and len(document_id(pdf)) == 16
