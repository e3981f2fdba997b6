"""Shared fixtures: the real input built once, generated renderings, the command line in-process.

Under pytest-xdist (``make test`` runs two workers) each session-wide build is
made once for all workers: the first worker that needs it builds it into the
session's common temporary folder under a file lock, the others wait for the
lock and read what it wrote. Tests that need such a build, or run the whole
pipeline themselves, are marked ``slow``; ``make test-fast`` leaves them out.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock
from hypothesis import settings

# make test-fast's inner loop: property tests take their example counts from the profile, so they
# run a third of it (hypothesis's default profile otherwise).
settings.register_profile("inner-loop", max_examples=30)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

sys.path.insert(0, str(Path(__file__).parent))

from rendering import STYLES, render  # noqa: E402
from renderings.fixtures import rendering  # noqa: E402,F401  (renderings of the whole publication)

from pipeline.core.paths import DEFAULT_PDF, StagePaths  # noqa: E402
from pipeline.dataset import tables  # noqa: E402
from pipeline.pdf import layout  # noqa: E402
from pipeline.stages import DOCUMENT_STAGES, STAGE, Job  # noqa: E402

DATA = Path(__file__).parent / "data"
# Extract artefacts kept between sessions (git ignores .cache; `make clean` removes it).
EXTRACT_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "extract"
PARSERS = ("pdfplumber", "pdfminer.six", "pypdfium2")
# Fixtures that build the publication or its renderings: a test that uses one is slow.
HEAVY_FIXTURES = {"real_build", "real_lines", "variant_build", "rich_build", "rendering", "rendered_dataset"}
# The file a finished shared build leaves, so a worker that finds it does not build again.
DONE = ".done"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def run_stages(pdf: Path, folder: Path, write: bool = True, reuse_extract: bool = False) -> dict[str, pd.DataFrame]:
    """Every stage on ``pdf``, artefacts in ``folder/interim``; the validated tables, also written
    to ``folder/output`` (with the workbook and the data package) unless ``write`` is False.
    With ``reuse_extract``, the extract stage's artefacts come from :func:`extracted_once`."""
    job = Job(pdf, StagePaths(folder / "interim"), folder / "output" if write else None)
    for stage in DOCUMENT_STAGES:
        if stage.name == "extract" and reuse_extract:
            extracted_once(job)
        else:
            stage.run(job)
    return job.results["tables"][0]


def extract_code_key() -> str:
    """A digest of everything the extract stage's artefacts depend on besides the PDF: the
    files of its code (the registry's list, as the Makefile uses) and the parsers' versions."""
    digest = hashlib.sha256()
    for path in STAGE["extract"].modules():
        digest.update(path.name.encode() + path.read_bytes())
    for library in PARSERS:
        digest.update(f"{library}={metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


def extracted_once(job: Job) -> None:
    """The extract stage on ``job.pdf``, or its artefacts copied from the last time it ran on
    the same bytes with the same code (``.cache/extract/<code>/<pdf>``): the renderings are
    parsed again only when the extract stage's code, pdfplumber or the rendering changes.
    The parse is 60 % of a rendering's build and does not change between sessions
    otherwise; the stages after it always run. Older code's entries are removed."""
    pdf_key = hashlib.sha256(job.pdf.name.encode() + job.pdf.read_bytes()).hexdigest()[:16]

    def extract_into(folder: Path) -> None:
        only_sibling(folder.parent)
        STAGE["extract"].run(Job(job.pdf, StagePaths(folder)))

    kept = build_once(EXTRACT_CACHE / extract_code_key() / pdf_key, extract_into)
    job.interim.folder.mkdir(parents=True, exist_ok=True)
    for name in STAGE["extract"].writes:
        shutil.copy2(kept / name, job.interim.folder / name)


def only_sibling(folder: Path) -> None:
    """Remove the other folders beside ``folder``: a cache's entries under keys of older sources."""
    for other in folder.parent.glob("*"):
        if other.is_dir() and other != folder:
            shutil.rmtree(other, ignore_errors=True)


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """``name`` in the temporary folder every xdist worker of this session shares
    (the workers' own folders are its subfolders)."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name


def build_once(folder: Path, build: Callable[[Path], object]) -> Path:
    """``build(folder)`` run by the first worker that asks, under a file lock; the others wait
    for it, then use the folder as it left it."""
    with FileLock(f"{folder}.lock"):
        if not (folder / DONE).exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            build(folder)
            (folder / DONE).touch()
    return folder


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> tuple[Path, dict[str, pd.DataFrame]]:
    """The whole pipeline on the publication, once per test session (for every worker). Its
    parse is reused while the extract stage's code and the PDF are unchanged (a fresh clone,
    as CI's, parses it anew)."""
    folder = build_once(shared_folder(tmp_path_factory, "real"),
                        lambda f: run_stages(DEFAULT_PDF, f, reuse_extract=True))
    return folder, tables.read_output(folder / "output")


@pytest.fixture(scope="session")
def real_lines(real_build) -> list[layout.Line]:
    return layout.load_lines(StagePaths(real_build[0] / "interim"))


@pytest.fixture(scope="session", params=sorted(STYLES))
def variant_build(request, tmp_path_factory) -> tuple[str, dict[str, pd.DataFrame]]:
    """Each generated rendering of the small publication, built once for every worker."""
    name = request.param
    folder = build_once(shared_folder(tmp_path_factory, f"variant-{name}"),
                        lambda f: run_stages(render(f / f"{name}.pdf", STYLES[name]), f, reuse_extract=True))
    return name, tables.read_output(folder / "output")


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys) -> Callable[..., CliResult]:
    """``cli(*args)``: the command line run in this process (no interpreter or spaCy
    start-up per call), with its exit status and what it printed."""
    from pipeline.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help, a usage error
            code = exc.code
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run
