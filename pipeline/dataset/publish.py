"""Swapping a finished output folder into place, atomically.

A run writes a complete new folder beside the old one, then exchanges the
two in one ``renameat2(RENAME_EXCHANGE)`` call where the kernel offers it,
so a reader, or a run killed at any moment, sees either the old complete
output or the new one, never a mixture and never none.

Since the swap replaces the target whole, a target is first checked
(:func:`guard_target`): a folder this pipeline did not write is refused
unless forced, and the current folder, a repository root, the home folder
and ``/`` are always refused.
"""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.core.errors import InputError
from pipeline.core.paths import ROOT

AT_FDCWD = -100
RENAME_EXCHANGE = 2
STAGING_PREFIX = ".{name}.new-"
# Every output folder the pipeline writes holds this data package, under this name:
# the marker that a folder is a previous output and may be replaced.
OUTPUT_MARKER = "datapackage.json"
PACKAGE_NAME = "panorama-iae-regions-2014"
# The marker of a review folder (``<out>/review``): its page, with this in its title.
REVIEW_MARKER = ("index.html", "review of the dataset")


def is_previous_output(folder: Path) -> bool:
    """True when ``folder`` holds the data package a previous run wrote.

    >>> is_previous_output(Path("/nonexistent"))
    False
    """
    try:
        return json.loads((folder / OUTPUT_MARKER).read_text(encoding="utf-8")).get("name") == PACKAGE_NAME
    except (OSError, ValueError, AttributeError):
        return False


def is_previous_review(folder: Path) -> bool:
    """True when ``folder`` holds a review page a previous run wrote."""
    name, title = REVIEW_MARKER
    try:
        return title in (folder / name).read_text(encoding="utf-8")[:2000]
    except (OSError, ValueError):
        return False


def never_replaced(out: Path, root: Path | None = ROOT) -> str | None:
    """Why ``out`` may never be replaced, even with ``--force``; None when it may.

    >>> never_replaced(Path("/"))
    'the file system root is never replaced'
    """
    out = out.resolve()
    if out == Path(out.anchor):
        return "the file system root is never replaced"
    if out == Path.home().resolve():
        return "the home folder is never replaced"
    if (out / ".git").exists():  # a folder in a clone, or a file in a worktree
        return "a repository root is never replaced"
    cwd = Path.cwd().resolve()
    if out == cwd or out in cwd.parents:
        return "the current folder (or one holding it) is never replaced"
    if root is not None and (out == root.resolve() or out in root.resolve().parents):
        return "the project folder (or one holding it) is never replaced"
    return None


def guard_target(out: Path, force: bool = False, is_ours: Callable[[Path], bool] = is_previous_output,
                 root: Path | None = ROOT) -> None:
    """Refuse, with one line, a target that replacing would destroy.

    Raises :class:`InputError` for a folder that may never be replaced, a
    file, or (unless ``force``) a folder holding files this pipeline did not
    write: one with something in it and no marker of a previous output.
    """
    why = never_replaced(out, root)
    if why:
        raise InputError(out, f"{why}; choose an output folder of its own")
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file, not an output folder")
    if not force and out.is_dir() and any(out.iterdir()) and not is_ours(out):
        raise InputError(out, "holds files this pipeline did not write (no data package of a previous output); "
                              "choose another folder, or --force to replace it whole")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


def swap_in(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out``; the previous ``out`` is removed afterwards."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging)
        return
    retired = out.parent / f".{out.name}.old"
    shutil.rmtree(retired, ignore_errors=True)
    if out.exists():
        os.replace(out, retired)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def remove_stale_staging(out: Path) -> None:
    """Staging folders left by killed runs."""
    for stale in out.parent.glob(STAGING_PREFIX.format(name=out.name) + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def publish_folder(out: Path, write: Callable[[Path], None], force: bool = False,
                   is_ours: Callable[[Path], bool] = is_previous_output) -> None:
    """Call ``write(folder)`` on a fresh folder beside ``out``, then swap it in
    (after :func:`guard_target`: a folder the pipeline did not write is refused)."""
    guard_target(out, force, is_ours)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX.format(name=out.name), dir=out.parent))
    staging.chmod(0o755)
    try:
        write(staging)
        swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
