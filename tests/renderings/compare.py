"""Compare a dataset built from a rendering with the main build, apart from pages and coordinates.

Every table is reduced to what does not depend on where the words fall on
the page: page numbers, coordinates and the ids that carry a page number
(``amounts`` outside boxes, ``region_groups``) are left out, and rows are
compared as sorted lists, so that a difference names its table and its
rows.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

# Columns that say where a row is printed, not what it says.
PLACEMENT = ["page", "x0", "top", "x1", "bottom"]
# Ids built from a page number ("p05-03", "p20-g4").
PAGE_IDS = {"amounts": ["amount_id"], "region_groups": ["group_id"], "region_group_members": ["group_id"]}


def _cell(value) -> object:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def rows(df: pd.DataFrame, name: str) -> list[tuple]:
    """The table's rows without placement, as sorted tuples of plain values."""
    kept = [c for c in df.columns if c not in PLACEMENT and c not in PAGE_IDS.get(name, [])]
    return sorted((tuple(_cell(v) for v in row) for row in df[kept].itertuples(index=False)), key=repr)


def groups(tables: dict[str, pd.DataFrame]) -> list[tuple]:
    """region_groups with their members folded in, so that ids built from pages drop out."""
    members = tables["region_group_members"].groupby("group_id")["region_code"].apply(lambda s: tuple(sorted(s)))
    found = []
    for row in tables["region_groups"].itertuples(index=False):
        found.append((row.sentence, _cell(row.claimed_count), int(row.n_regions), _cell(row.consistent),
                      members.get(row.group_id, ())))
    return sorted(found, key=repr)


def expected_measures(main: pd.DataFrame, title_repeat: bool) -> pd.DataFrame:
    """The main build's measures as a rendering prints them: a rendering that
    prints each title again as its body's first line has it in the body."""
    if not title_repeat:
        return main
    repeated = main.copy()
    repeated["body"] = repeated["title"] + "\n" + repeated["body"]
    return repeated


def differences(built: dict[str, pd.DataFrame], main: dict[str, pd.DataFrame], title_repeat: bool = False,
                limit: int = 6) -> list[str]:
    """One line per differing row: which table, which row, missing or extra."""
    expected = dict(main, measures=expected_measures(main["measures"], title_repeat))
    report = measure_differences(built["measures"], expected["measures"])
    for name in ("amounts", "region_interventions", "outline", "regions"):
        report += _diff(name, rows(built[name], name), rows(expected[name], name), limit)
    report += _diff("region_groups", groups(built), groups(expected), limit)
    return report


def measure_differences(built: pd.DataFrame, main: pd.DataFrame) -> list[str]:
    """Boxes missing or extra, and for a box found in both each column that
    differs (a body: its first differing paragraph)."""
    got, want = built.set_index("measure_id"), main.set_index("measure_id")
    lines = [f"measures: missing {i}" for i in want.index.difference(got.index)]
    lines += [f"measures: extra   {i} ({got.loc[i, 'region_name']} — {got.loc[i, 'title']})"
              for i in got.index.difference(want.index)]
    for i in want.index.intersection(got.index):
        for column in want.columns.difference(PLACEMENT):
            a, b = _cell(want.loc[i, column]), _cell(got.loc[i, column])
            if a != b:
                lines.append(f"measures: {i} {column}: " + (_first_difference(a, b) if column == "body"
                                                               else f"{a!r} != {b!r}"))
    return lines


def _first_difference(want: str, got: str) -> str:
    wanted, found = (want or "").split("\n"), (got or "").split("\n")
    for k, (a, b) in enumerate(zip(wanted, found, strict=False)):  # one may have more lines
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            start = max(0, at - 30)
            return f"paragraph {k + 1}: expected …{a[start:at + 50]!r}, got …{b[start:at + 50]!r}"
    return f"{len(wanted)} paragraphs expected, {len(found)} found"


def _diff(name: str, got: list[tuple], want: list[tuple], limit: int) -> list[str]:
    extra, missing = Counter(got) - Counter(want), Counter(want) - Counter(got)
    lines = [f"{name}: missing {_short(row)}" for row in list(missing.elements())[:limit]]
    lines += [f"{name}: extra   {_short(row)}" for row in list(extra.elements())[:limit]]
    if len(missing) + len(extra) > 2 * limit:
        lines.append(f"{name}: {sum(missing.values())} rows missing, {sum(extra.values())} extra in all")
    return lines


def _short(row: tuple) -> str:
    return repr(tuple(v[:110] + "…" if isinstance(v, str) and len(v) > 112 else v for v in row))
