"""pytest fixtures: each rendering built once, for every xdist worker, and kept until its sources change."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

from renderings.matrix import STYLE_NAMES, render, render_all

__all__ = ["STYLE_NAMES", "rendering"]

HERE = Path(__file__).resolve().parent
# Renderings are kept here between sessions (git ignores it; `make clean` removes it), under a
# key that changes with anything that changes what they print. RENDERINGS_CACHE=0 renders anew.
CACHE = HERE.parent.parent / ".cache" / "renderings"
ENGINES = ("reportlab", "weasyprint", "playwright", "fonttools", "pdfplumber")


def sources_key() -> str:
    """A digest of what the renderings are made from: this folder's code and text, the
    engines' versions, the browser and the system fonts the styles use."""
    from browser import find

    from renderings.style import DEJAVU

    digest = hashlib.sha256()
    for path in sorted(HERE.glob("*")):
        if path.suffix in (".py", ".txt"):  # the renderers and the publication's text, not the README
            digest.update(path.name.encode() + path.read_bytes())
    for name in ENGINES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    for path in [Path(find() or "none"), *sorted(DEJAVU.glob("*.ttf"))]:
        digest.update(f"{path}:{path.stat().st_size if path.exists() else 0}".encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def rendering(tmp_path_factory) -> Callable[[str], Path]:
    """``rendering(name)``: the PDF of style ``name``.

    The first call renders every style, two processes at a time (about 45 s of CPU on
    two cores), since a session that wants one rendering tends to want them all; it does
    so once for all xdist workers (under a file lock: the other workers wait and read the
    same PDFs), and once until the renderers, their engines or the publication change
    (``.cache/renderings/<key>``). A name added to the matrix later is rendered when asked for.
    """
    from conftest import build_once, only_sibling, shared_folder

    if os.environ.get("RENDERINGS_CACHE", "1") == "0":
        folder = shared_folder(tmp_path_factory, "renderings")
    else:
        folder = CACHE / sources_key()

    def render_every_style(target: Path) -> None:
        if target.parent == CACHE:  # renderings of older sources are not needed any more
            only_sibling(target)
        render_all(target, STYLE_NAMES, parse=True)

    build_once(folder, render_every_style)

    def get(name: str) -> Path:
        path = folder / f"{name}.pdf"
        if not path.exists():
            # Locked on a folder of its own; the PDF goes into the shared one.
            build_once(folder.parent / f"{folder.name}-{name}", lambda _lock_folder: render(name, folder))
        return path

    return get
