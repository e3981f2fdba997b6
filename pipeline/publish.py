"""Swapping a finished output folder into place, atomically.

A run writes a complete new folder beside the old one, then exchanges the
two in one ``renameat2(RENAME_EXCHANGE)`` call where the kernel offers it,
so a reader, or a run killed at any moment, sees either the old complete
output or the new one, never a mixture and never none.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

AT_FDCWD = -100
RENAME_EXCHANGE = 2
STAGING_PREFIX = ".{name}.new-"


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


def publish_folder(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(folder)`` on a fresh folder beside ``out``, then swap it in."""
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
