"""Reading and writing interim artefacts: JSON Lines and JSON, deterministic."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


def temporary_name(path: Path) -> Path:
    """Where ``path`` is written before it is renamed into place: a hidden
    sibling, so that a reader never sees half a file and the rename is atomic.

    >>> temporary_name(Path("interim/words.jsonl"))
    PosixPath('interim/.words.jsonl.tmp')
    """
    return path.with_name(f".{path.name}.tmp")


def write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (temporary name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Write one JSON object per line, atomically."""
    with JsonlWriter(path) as out:
        for record in records:
            out.write(record)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def write_json(path: Path, value: Any) -> None:
    write_text(path, json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class JsonlWriter:
    """JSON Lines written one record at a time, in place only when complete.

    For artefacts too large to hold in memory (a 2 000-page document's
    words): records go to a temporary file that replaces ``path`` when the
    block ends without an error, and is removed otherwise.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> with JsonlWriter(folder / "a.jsonl") as out:
    ...     out.write({"b": 1, "a": 2})
    >>> (folder / "a.jsonl").read_text()
    '{"a": 2, "b": 1}\\n'
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = temporary_name(path)

    def __enter__(self) -> JsonlWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.out = self.tmp.open("w", encoding="utf-8")
        return self

    def write(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")

    def __exit__(self, kind, value, traceback) -> None:
        self.out.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
