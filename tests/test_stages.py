"""The stage registry: the Makefile's rules, the import rule, the CLI and the build all follow it.

The central test edits (by ``make -W``, which treats a file as just modified) each module
of the project in turn, and checks that ``make`` would redo exactly the stages whose code
imports it. What a stage imports is found here by another route than the registry's
reading of the source: by importing the stage's module in a fresh interpreter and
listing the project's modules it loaded.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT
from pipeline.stages import STAGES, import_violations, imported_names, layers

PROJECT_FILES = sorted([*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("schemas/*.py")])
STAGE_COMMAND = re.compile(r"-m pipeline (\w+)")  # "… -m pipeline layout --interim …" -> layout


# Run in a fresh interpreter: the libraries every stage uses are imported first (no module of
# the project among them), then one child is forked per stage to import it, so that each
# child's project modules are exactly those its stage loads, without importing spaCy six times.
LOADED_BY = """
import importlib, json, os, sys
for library in ("spacy", "pandas", "pandera", "pdfplumber", "pyarrow", "matplotlib.pyplot", "openpyxl"):
    importlib.import_module(library)
assert not [name for name in sys.modules if name.split(".")[0] in ("pipeline", "schemas")]
found = {}
for module in sys.argv[1:]:
    read, write = os.pipe()
    if os.fork() == 0:
        importlib.import_module(module)
        files = [m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)]
        os.write(write, json.dumps(files).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        found[module] = json.loads(pipe.read())
    os.wait()
print(json.dumps(found))
"""


def loaded_by(modules: list[str]) -> dict[str, set[Path]]:
    """The project's files that importing each of ``modules`` loads, each on its own."""
    done = subprocess.run([sys.executable, "-c", LOADED_BY, *modules], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    project = {p.resolve() for p in PROJECT_FILES}
    return {module: {Path(f).resolve() for f in files} & project for module, files in json.loads(done.stdout).items()}


@pytest.fixture(scope="module")
def built_folder(tmp_path_factory) -> dict[str, str]:
    """Make variables for a build whose every target is up to date: the targets exist and are
    newer than every source, so that only ``-W`` decides what ``make`` would redo."""
    folder = tmp_path_factory.mktemp("make")
    # The rules are generated once, here; STAGE_SOURCES empty keeps -W from generating them anew.
    variables = {"PDF": str(folder / "doc.pdf"), "INTERIM": str(folder / "interim"), "OUT": str(folder / "out"),
                 "STAGE_RULES": str(folder / "stages.mk"), "STAGE_SOURCES": ""}
    (folder / "doc.pdf").touch()
    listed = subprocess.run(["make", "-pn", *(f"{k}={v}" for k, v in variables.items())], cwd=ROOT,
                            capture_output=True, text=True).stdout
    targets = {Path(target) for line in listed.splitlines() if line.startswith(str(folder)) and ":" in line
               for target in line.split(":")[0].split()
               if target.startswith(str(folder)) and not target.endswith((".pdf", ".mk"))}
    newer = time.time() + 60  # one time for all: a target is not older than the one it is made from
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
        os.utime(target, (newer, newer))
    return variables


def stages_make_redoes(edited: Path, variables: dict[str, str]) -> set[str]:
    done = subprocess.run(["make", "-n", "-W", str(edited.relative_to(ROOT)),
                           *(f"{k}={v}" for k, v in variables.items())],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "MAKEFLAGS": ""})
    assert done.returncode == 0, done.stderr
    return set(STAGE_COMMAND.findall(done.stdout))


@pytest.mark.slow
def test_editing_any_module_makes_make_redo_exactly_the_stages_that_import_it(built_folder):
    loaded = loaded_by([stage.module for stage in STAGES])
    loads = {stage.name: loaded[stage.module] for stage in STAGES}
    wrong = []
    for path in PROJECT_FILES:
        expected = {name for name, files in loads.items() if path.resolve() in files}
        redone = stages_make_redoes(path, built_folder)
        if redone != expected:
            wrong.append(f"{path.relative_to(ROOT)}: make redoes {sorted(redone)}, imported by {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


def test_a_module_the_registry_does_not_know_still_reaches_the_rule_of_the_stage_importing_it():
    # The regression this guards against: segments.json's rule once lacked passages.py, so
    # editing it left measures.body stale. The registry finds it through the imports.
    segment = next(stage for stage in STAGES if stage.name == "segment")
    assert ROOT / "pipeline" / "structure" / "passages.py" in segment.modules()


def test_no_stage_imports_a_later_one():
    assert import_violations() == []


def test_the_layers_follow_the_stages():
    assert layers() == ["core", "pdf", "structure", "language", "dataset", "review"]


def test_imports_inside_functions_count():
    # The CLI imports every stage lazily (so that --help is fast): those imports are found.
    assert {"pipeline.dataset.tables", "pipeline.pdf.extract"} <= imported_names("pipeline.cli") | {
        name for stage in STAGES for name in imported_names(stage.module)}
    assert "pipeline.review.stage" in imported_names("pipeline.stages")


def test_the_cli_offers_each_stage_of_the_registry(cli):
    for stage in STAGES:
        result = cli(stage.name, "--help")
        assert result.returncode == 0 and stage.help in " ".join(result.stdout.split()), stage.name


def test_the_architecture_names_the_package_of_every_output_column_once():
    from schemas import TABLES

    listed: dict[tuple[str, str], int] = {}
    rows = re.findall(r"^\| (\w+) \| ([\w, ]+) \| (\w+) ", (ROOT / "ARCHITECTURE.md").read_text(), re.M)
    for row in rows[1:]:  # the header row aside
        table, columns, package = row
        assert package in {*layers(), "schemas"}, row
        for column in columns.split(", "):
            listed[(table, column)] = listed.get((table, column), 0) + 1
    expected = {(name, column) for name, model in TABLES.items() for column in model.columns}
    assert set(listed) == expected and set(listed.values()) == {1}


def test_the_readme_how_it_works_table_is_the_registry():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+) \| `(pipeline/\w+)` \(([^)]*)\) \| [^|]* \| ([^|]*) \|$", text, re.M)
    assert [row[0] for row in rows] == [stage.name for stage in STAGES]
    for (name, package, files, writes), stage in zip(rows, STAGES, strict=True):
        entry = Path(*stage.module.split("."))
        assert package == entry.parent.as_posix(), name
        named = re.findall(r"`(\w+\.py)`", files)
        assert named[0] == entry.with_suffix(".py").name, name
        assert all((ROOT / package / file).exists() for file in named), name
        if not stage.publishes:
            assert all(f"`{artefact}`" in writes for artefact in stage.writes), name


# The records the stages hand on through interim/: built by field name, so that a field
# added or moved can never shift the others silently.
ARTEFACT_RECORDS = {"Word", "Shape", "Line", "Block", "Part", "Cell", "Heading", "Box", "Summary", "Intervention",
                    "Segments", "AmountRecord", "GroupRecord", "QuantityRecord", "NumberRecord", "TargetRecord",
                    "OrgMention"}


def test_every_artefact_record_is_built_by_field_name():
    import ast

    positional = []
    for path in [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("tests/test_*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and not isinstance(node.args[0], ast.Starred):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ARTEFACT_RECORDS:
                    positional.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}(…)")
    assert not positional, "\n".join(positional)
