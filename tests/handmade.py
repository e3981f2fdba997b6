"""Built figures against a file written by hand from the reference text layer:
the pairing that `test_amounts.py` and `test_quantities.py` score."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pandas as pd


def with_box_titles(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """Table ``name`` with the title of each row's box (the hand-made files name boxes by title)."""
    rows = tables[name].copy()
    titles = tables["measures"].set_index("measure_id")["title"]
    rows["box_title"] = rows["measure_id"].map(titles).fillna("")
    return rows


def match(expected: pd.DataFrame, built: pd.DataFrame,
          unit_key: Callable[[str], str] = str) -> tuple[list[tuple[dict, dict]], int, int]:
    """Pair rows by (value, unit, box) in reading order; return pairs, unmatched
    expected, unmatched built. ``unit_key`` normalises the unit before comparing."""
    def key(row: dict) -> tuple:
        return round(float(row["value"]), 2), unit_key(row["unit"]), row["box_title"]

    pool: dict[tuple, list[dict]] = defaultdict(list)
    for row in built.to_dict("records"):
        pool[key(row)].append(row)
    pairs, missing = [], 0
    for row in expected.to_dict("records"):
        candidates = pool[key(row)]
        if candidates:
            pairs.append((row, candidates.pop(0)))
        else:
            missing += 1
    return pairs, missing, sum(len(rest) for rest in pool.values())


def text_or_empty(value) -> str:
    """A built cell as the hand-made file writes it: "" for missing, 2012 not 2012.0."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(int(value)) if isinstance(value, float) else str(value)
