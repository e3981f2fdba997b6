"""Shared fixtures: the real input run once, and generated renderings."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pipeline import extract, language, layout, segment, tables  # noqa: E402
from pipeline.paths import DEFAULT_PDF, StagePaths  # noqa: E402
from rendering import STYLES, render  # noqa: E402
from renderings.fixtures import rendering  # noqa: E402,F401  (renderings of the whole publication)

DATA = Path(__file__).parent / "data"


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


def run_stages(pdf: Path, folder: Path) -> dict[str, pd.DataFrame]:
    paths = StagePaths(folder / "interim")
    extract.extract(pdf, paths)
    layout.run(paths)
    segment.run(paths)
    language.run(paths)
    return tables.run(paths, folder / "output")[0]


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> tuple[Path, dict[str, pd.DataFrame]]:
    """The whole pipeline on the publication, once per test session."""
    folder = tmp_path_factory.mktemp("real")
    return folder, run_stages(DEFAULT_PDF, folder)


@pytest.fixture(scope="session")
def real_lines(real_build) -> list[layout.Line]:
    return layout.load_lines(StagePaths(real_build[0] / "interim"))


@pytest.fixture(scope="session", params=sorted(STYLES))
def variant_build(request, tmp_path_factory) -> tuple[str, dict[str, pd.DataFrame]]:
    """Each generated rendering of the small publication, built."""
    folder = tmp_path_factory.mktemp(request.param)
    pdf = render(folder / f"{request.param}.pdf", STYLES[request.param])
    return request.param, run_stages(pdf, folder)
