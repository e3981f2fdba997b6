"""The README's "Loading the data" snippets, run on a fresh build as a reader would run them."""
import re

import pandas as pd
import pytest

from pipeline.core.paths import README
from pipeline.dataset.datapackage import columns
from schemas import TABLES

# A fenced code block: its language and its text.
FENCE = re.compile(r"^```(?P<language>\w+)\n(?P<code>.*?)^```", re.MULTILINE | re.DOTALL)
# readr's one-letter column types for the Table Schema types.
READR = {"string": "c", "integer": "i", "number": "d", "boolean": "l"}
# A readr call in the README: the file it reads and the types it gives.
READR_CALL = re.compile(r'read_csv\("output/(?P<table>\w+)\.csv", col_types = "(?P<types>\w+)"')


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    return text[start:text.index("\n## ", start + 1)]


def snippets(language: str) -> list[str]:
    return [m["code"] for m in FENCE.finditer(section("Loading the data")) if m["language"] == language]


def readr_types(table: str) -> str:
    """The col_types string readr needs for ``table``, from the schema."""
    return "".join(READR[c["type"]] for c in columns(TABLES[table]))


@pytest.fixture
def in_build(real_build, monkeypatch):
    """Run with the build's folder as the current one: its output/ is what the snippets read."""
    monkeypatch.chdir(real_build[0])
    return real_build


def test_the_pandas_snippet_keeps_codes_as_text_and_filters_warned_rows(in_build):
    (code,) = [c for c in snippets("python") if "pandas" in c]
    scope: dict = {}
    exec(code, scope)
    amounts, clean = scope["amounts"], scope["clean"]
    assert str(amounts["region_code"].dtype) == "string" and amounts["region_code"].str.len().eq(2).all()
    assert str(amounts["year"].dtype) == "Int64" and str(amounts["value"].dtype) == "float64"
    assert "700 M€" in set(amounts["text"]) and "700 M€" not in set(clean["text"])
    for name in TABLES:  # every table reads back as the Parquet file holds it
        pd.testing.assert_frame_equal(scope["read_table"](name), pd.read_parquet(f"output/{name}.parquet"),
                                      check_dtype=False, obj=name)


def test_the_duckdb_snippet_sums_euros_without_the_typo(in_build):
    (code,) = [c for c in snippets("python") if "duckdb" in c]
    scope: dict = {}
    exec(code, scope)
    euros = scope["euros"].set_index("region_name")["euros"]
    assert euros["Franche-Comté"] < 10_000_000  # 700 M€ left out by flags IS NULL
    assert scope["regions"]["region_code"].tolist()[:2] == ["01", "02"]


def test_the_readr_snippet_gives_each_column_its_type():
    """R is not installed here: what can be checked is that each col_types string is the schema's."""
    (code,) = snippets("r")
    calls = READR_CALL.findall(code)
    assert calls and all(types == readr_types(table) for table, types in calls), calls
    assert 'read_parquet("output/amounts.parquet")' in code

