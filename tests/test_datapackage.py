"""The data package: valid for the reference validator, complete, and as strict as the Pandera models."""
import copy
import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT
from schemas import TABLES


def frictionless_errors(descriptor: dict, folder: Path) -> list:
    """Validate ``descriptor`` as the package of ``folder``; its errors, flattened.

    frictionless reads Parquet through fastparquet, which gives it no byte stream: it
    cannot count a Parquet file's bytes nor hash them, so those two are left to
    test_every_file_has_its_bytes_and_hash and the Parquet rows are validated for the rest.
    """
    from frictionless import validate
    checked = copy.deepcopy(descriptor)
    for resource in checked["resources"]:
        if resource["format"] == "parquet":
            resource.pop("bytes"), resource.pop("hash")
    path = folder / "datapackage.checked.json"
    path.write_text(json.dumps(checked), encoding="utf-8")
    try:
        report = validate(str(path))
    finally:
        path.unlink()
    return report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])


@pytest.fixture(scope="module")
def package(real_build) -> dict:
    return json.loads((real_build[0] / "output" / "datapackage.json").read_text(encoding="utf-8"))


def test_the_package_is_valid_for_frictionless(real_build, package):
    assert frictionless_errors(package, real_build[0] / "output") == []


def test_every_table_is_a_csv_and_a_parquet_resource(package):
    names = [r["name"] for r in package["resources"]]
    assert names == list(TABLES) + [f"{t}-parquet" for t in TABLES]
    for resource in package["resources"]:
        kind = "parquet" if resource["name"].endswith("-parquet") else "csv"
        assert resource["format"] == kind and resource["path"].endswith(f".{kind}")
        table = TABLES[resource["name"].removesuffix("-parquet")]
        assert [f["name"] for f in resource["schema"]["fields"]] == table.columns


def test_every_file_has_its_bytes_and_hash(real_build, package):
    for resource in package["resources"]:
        data = (real_build[0] / "output" / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"


def test_licences_sources_version_contributors(package, real_build):
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0", "other-closed"]
    assert "Avise" in package["sources"][0]["title"] and "2014" in package["sources"][0]["title"]
    digest = hashlib.sha256((ROOT / "raw" / "panorama-iae-regions-2014.pdf").read_bytes()).hexdigest()
    assert any(digest in s["title"] and "26 pages" in s["title"] for s in package["sources"][1:])
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert package["version"] == pyproject["project"]["version"]
    assert package["description"] and {c["role"] for c in package["contributors"]} >= {"author"}


def test_pandera_constraints_are_in_the_table_schema(package):
    fields = {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}
    assert fields[("regions", "region_code")]["constraints"] == {"required": True, "unique": True,
                                                                 "pattern": r"\d{2}"}
    assert fields[("measures", "page")]["constraints"] == {"required": True, "minimum": 1}
    assert fields[("amounts", "year")]["constraints"] == {"minimum": 1900, "maximum": 2100}
    assert fields[("amounts", "unit")]["constraints"]["enum"] == ["EUR", "%"]
    assert fields[("amounts", "text")]["constraints"]["minLength"] == 1
    resources = {r["name"]: r["schema"] for r in package["resources"]}
    assert resources["measure_targets"]["primaryKey"] == ["measure_id", "target"]
    assert {"fields": ["section"], "reference": {"resource": "outline", "fields": ["title"]}} in \
        resources["region_interventions"]["foreignKeys"]


@pytest.mark.parametrize("table,column,value,error", [
    ("regions", "region_code", "1A", "constraint-error"),           # pattern
    ("measures", "page", "0", "constraint-error"),                  # minimum
    ("amounts", "unit", "USD", "constraint-error"),                 # enum
    ("measures", "measure_id", None, "primary-key"),                # unique: a duplicate id
    ("amounts", "measure_id", "00-no-such-box", "foreign-key"),     # foreign key
])
def test_frictionless_finds_what_pandera_would(real_build, package, tmp_path, table, column, value, error):
    """Each exported constraint can fail: a broken copy of one table is invalid."""
    import pandas as pd
    folder = tmp_path / "output"
    shutil.copytree(real_build[0] / "output", folder, ignore=shutil.ignore_patterns("review"))
    df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    df.loc[1, column] = df.loc[0, column] if value is None else value
    df.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    broken = copy.deepcopy(package)
    broken["resources"] = [r for r in broken["resources"] if r["format"] == "csv"]
    for resource in broken["resources"]:
        resource.pop("bytes"), resource.pop("hash")
    assert error in {e[3] for e in frictionless_errors(broken, folder)}


def test_the_citation_file_names_the_same_version_licence_and_publication(package):
    import yaml
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["version"] == package["version"]
    assert citation["license"] == package["licenses"][0]["name"]
    (publication,) = citation["references"]
    assert publication["year"] == 2014 and publication["month"] == 5
    assert [a["name"] for a in publication["authors"]][0] == "Avise"
