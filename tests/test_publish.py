"""Publishing an output folder: atomic, and never over a folder the pipeline did not write."""
import json
from pathlib import Path

import pytest

from pipeline.cli import EXIT_BAD_INPUT, main
from pipeline.core.errors import InputError
from pipeline.core.paths import DEFAULT_PDF, ROOT
from pipeline.dataset.publish import (
    PACKAGE_NAME,
    guard_target,
    is_previous_output,
    publish_folder,
)


def previous_output(folder: Path) -> Path:
    """A folder as a previous run leaves it: tables and the data package that marks it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "measures.csv").write_text("measure_id\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps({"name": PACKAGE_NAME}), encoding="utf-8")
    return folder


def refused(capsys, *args: str) -> str:
    """Run the command line in this process; it must refuse with exit 2 and one line."""
    assert main(list(args)) == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_a_folder_with_notes_is_not_destroyed(tmp_path, capsys):
    """Regression: `--out mine` replaced a folder of the user's whole, notes.txt with it."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("precious", encoding="utf-8")
    line = refused(capsys, "--quiet", "run", str(DEFAULT_PDF), "--out", str(mine))
    assert "did not write" in line and "--force" in line
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_force_replaces_a_folder_the_pipeline_did_not_write(tmp_path, real_build, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("not needed any more", encoding="utf-8")
    interim = str(real_build[0] / "interim")
    refused(capsys, "tables", "--interim", interim, "--out", str(mine))
    assert main(["tables", "--interim", interim, "--out", str(mine), "--force", "--quiet"]) == 0
    assert not (mine / "notes.txt").exists() and is_previous_output(mine)


def test_a_previous_output_or_an_empty_folder_is_replaced_without_force(tmp_path):
    for out in (previous_output(tmp_path / "old"), tmp_path / "empty", tmp_path / "new"):
        if out.name == "empty":
            out.mkdir()
        publish_folder(out, lambda folder: (folder / "t.csv").write_text("a\n1\n", encoding="utf-8"))
        assert sorted(p.name for p in out.iterdir()) == ["t.csv"]


def test_the_current_folder_is_always_refused(tmp_path, monkeypatch, capsys):
    previous_output(tmp_path)
    monkeypatch.chdir(tmp_path)
    line = refused(capsys, "run", str(DEFAULT_PDF), "--out", ".", "--force")
    assert "current folder" in line
    refused(capsys, "run", str(DEFAULT_PDF), "--out", "..", "--force")  # one that holds it
    assert (tmp_path / "measures.csv").exists()


def test_a_repository_root_is_always_refused(tmp_path, capsys):
    repository = previous_output(tmp_path / "clone")
    (repository / ".git").mkdir()
    assert "repository root" in refused(capsys, "run", str(DEFAULT_PDF), "--out", str(repository), "--force")
    assert "repository root" in refused(capsys, "run", str(DEFAULT_PDF), "--out", str(ROOT), "--force")
    assert (repository / ".git").is_dir()


def test_the_home_folder_is_always_refused(tmp_path, monkeypatch, capsys):
    home = previous_output(tmp_path / "home")
    monkeypatch.setenv("HOME", str(home))
    assert "home folder" in refused(capsys, "run", str(DEFAULT_PDF), "--out", str(home), "--force")


def test_the_root_and_a_file_are_always_refused(tmp_path, capsys):
    assert "root" in refused(capsys, "run", str(DEFAULT_PDF), "--out", "/", "--force")
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    assert "is a file" in refused(capsys, "run", str(DEFAULT_PDF), "--out", str(tmp_path / "a.csv"), "--force")


def test_the_project_folder_is_refused_even_without_its_git(tmp_path):
    project = tmp_path / "unpacked"
    (project / "output").mkdir(parents=True)
    for out in (project, tmp_path):
        with pytest.raises(InputError, match="project folder"):
            guard_target(out, force=True, root=project)
    guard_target(project / "output", root=project)  # its output folder is fine


def test_a_corrupt_or_foreign_data_package_is_no_marker(tmp_path):
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "someone-elses-data"}), encoding="utf-8")
    assert not is_previous_output(tmp_path)
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    assert not is_previous_output(tmp_path)
