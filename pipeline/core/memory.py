"""Memory handed back between the stages of one process.

A stage's records are garbage once it has written its artefacts, but
CPython's allocator and glibc's heap keep the pages they grew to: run in
one process, the stages' peaks add up (a 1 000-page report peaked at
601 MB in one process against 490 MB for its largest stage alone).
``give_back`` collects the garbage and asks glibc to return free heap
pages to the system, so each stage starts from what is really in use.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _glibc() -> ctypes.CDLL | None:
    """glibc when the process runs on it (``malloc_trim`` is glibc's own; musl
    and macOS have none and nothing to trim the same way)."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        library = ctypes.CDLL(name)
        library.malloc_trim  # noqa: B018  (AttributeError when the C library has none)
    except (OSError, AttributeError):
        return None
    return library


def give_back() -> None:
    """Collect garbage and return free heap to the system (what it frees
    depends on the process, so there is nothing to show but that it returns).

    >>> give_back()
    """
    gc.collect()
    library = _glibc()
    if library is not None:
        library.malloc_trim(0)
