"""Every rendering of the matrix gives the main build's tables, apart from pages and coordinates.

The renderings (``tests/renderings``) print the same publication with three
engines in 16 styles; each is built once per session, in this process, and
compared table by table with the build from ``raw/``. A failure lists the
table and the rows that differ.
"""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import run_stages
from renderings.compare import differences
from renderings.matrix import STYLE_NAMES, STYLES


@pytest.fixture(scope="session")
def rendered_dataset(rendering, tmp_path_factory):
    """``rendered_dataset(name)``: the tables built from style ``name``, built once."""
    built: dict[str, dict[str, pd.DataFrame]] = {}

    def get(name: str) -> dict[str, pd.DataFrame]:
        if name not in built:
            built[name] = run_stages(rendering(name), tmp_path_factory.mktemp(f"dataset-{name}"), write=False,
                                     reuse_extract=True)
        return built[name]

    return get


@pytest.mark.parametrize("name", STYLE_NAMES)
def test_every_rendering_gives_the_main_builds_tables(name, rendered_dataset, real_build):
    found = differences(rendered_dataset(name), real_build[1], title_repeat=STYLES[name].title_repeat)
    assert not found, f"{name} ({STYLES[name].description}):\n" + "\n".join(found)
