"""What the report, the data package and the review say the dataset was built from."""
import json
import re

from pipeline.core.paths import DEFAULT_PDF, RAW, StagePaths
from pipeline.core.provenance import LIBRARIES, provenance, record_source

# A date and time of day, as a clock would stamp it: none may be in what is committed.
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def raw_sha256() -> str:
    return (RAW / "SHA256SUMS").read_text().split()[0]


def test_the_input_is_recorded_beside_the_artefacts(tmp_path):
    paths = StagePaths(tmp_path)
    source = record_source(DEFAULT_PDF, paths)
    assert source == {"file": DEFAULT_PDF.name, "sha256": raw_sha256(), "bytes": DEFAULT_PDF.stat().st_size}
    assert json.loads(paths.source.read_text())["sha256"] == raw_sha256()


def test_an_interim_folder_without_a_source_gives_nulls(tmp_path):
    record = provenance(StagePaths(tmp_path))
    assert record["input"] == {"file": None, "sha256": None, "bytes": None, "pages": None}
    assert record["code"]["name"] == "panorama-iae" and set(record["libraries"]) == set(LIBRARIES)


def test_the_report_names_input_pages_code_and_libraries(real_build):
    folder = real_build[0] / "output" / "validation"
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))["provenance"]
    assert report["input"] == {"file": DEFAULT_PDF.name, "sha256": raw_sha256(), "bytes": DEFAULT_PDF.stat().st_size,
                               "pages": 26}
    assert report["code"]["version"] and all(report["libraries"][name] for name in ("pandas", "pyarrow", "spacy"))
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    assert f"SHA-256 {raw_sha256()}" in markdown and "26 pages" in markdown and "pandas " in markdown


def test_no_clock_time_in_what_is_committed(real_build):
    """Provenance must not break byte-identical rebuilds: nothing that names when it was built."""
    out = real_build[0] / "output"
    for path in [out / "datapackage.json", out / "validation" / "report.json", out / "validation" / "report.md"]:
        assert not TIMESTAMP.search(path.read_text(encoding="utf-8")), path.name
