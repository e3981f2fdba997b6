"""pytest fixtures: each rendering built once per test session, on demand."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from renderings.matrix import STYLE_NAMES, render, render_all

__all__ = ["STYLE_NAMES", "rendering"]


@pytest.fixture(scope="session")
def rendering(tmp_path_factory) -> Callable[[str], Path]:
    """``rendering(name)``: the PDF of style ``name``.

    The first call renders every style, two processes at a time (about 20 s on two
    cores), since a session that wants one rendering tends to want them all; a name
    added to the matrix later is rendered when asked for.
    """
    folder = tmp_path_factory.mktemp("renderings")
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if not built:
            built.update((n, path) for n, (path, _) in render_all(folder, STYLE_NAMES, parse=True).items())
        if name not in built:
            built[name] = render(name, folder)
        return built[name]

    return get
