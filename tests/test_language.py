"""The language stage: windows of lines that no passage crosses, so memory is bounded."""
import shutil

from pipeline import language
from pipeline.artefacts import read_jsonl
from pipeline.paths import StagePaths


def test_reading_in_small_windows_gives_the_same_amounts_and_groups(real_build, tmp_path, monkeypatch):
    """A long document is read a window at a time; a window only ends where no
    passage and no lead-in with its list runs on, so the result is the same."""
    interim = tmp_path / "interim"
    shutil.copytree(real_build[0] / "interim", interim)
    paths = StagePaths(interim)
    whole = {name: (interim / name).read_text(encoding="utf-8") for name in ("amounts.jsonl", "groups.jsonl",
                                                                             "mentions.json")}
    windows = []
    real_windows = language.windows
    monkeypatch.setattr(language, "WINDOW_CHARS", 2_000)
    monkeypatch.setattr(language, "windows", lambda lines: (windows.append(w) or w for w in real_windows(lines)))
    language.run(paths)
    assert len(windows) > 10  # the publication, read in many windows ...
    for name, text in whole.items():  # ... gives the same artefacts
        assert (interim / name).read_text(encoding="utf-8") == text, name
    assert sum(len(w) for w in windows) == len(list(read_jsonl(paths.lines)))


def test_a_text_without_paragraph_breaks_is_still_cut_at_page_breaks(monkeypatch):
    from pipeline.layout import Line
    monkeypatch.setattr(language, "MAX_WINDOW_CHARS", 100)
    lines = [Line(i, 1 + i // 10, "mot " * 10, 0, 0, 1, 1, 9, False, 0, None, False, False, []) for i in range(50)]
    cuts = [w[0].page for w in language.windows(lines)]
    assert len(cuts) == 5 and cuts == sorted(set(cuts))
