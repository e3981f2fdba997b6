"""The matrix of renderings: named styles, and rendering them.

    python tests/renderings/matrix.py OUTDIR [NAME ...]

writes OUTDIR/NAME.pdf and a contact sheet OUTDIR/NAME.png for every style
(or those named), two at a time, and prints how long each took.
"""
from __future__ import annotations

import re
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import the package from tests/
    sys.path[0] = str(Path(__file__).resolve().parents[1])
    __package__ = "renderings"

from renderings.source import Box, Summary, load  # noqa: E402
from renderings.style import RUNNING, Style  # noqa: E402,F401  (RUNNING: the furniture tests know)

S = Style
STYLES: dict[str, Style] = {
    # reportlab ------------------------------------------------------------------------
    "rl-a4-beside": S(
        "reportlab", "A4, Helvetica; tinted boxes, region and title in two header cells side by side, "
        "two-column box bodies; summaries as side-by-side panels; running header and N / total; "
        "edges and bands as filled rectangles", edges="rects"),
    "rl-letter-times-stroked": S(
        "reportlab", "Letter, Times; closed stroked frames (stroked paths), open where a box splits; region tag "
        "above the title; one-column box bodies; summaries as a bordered grid table; 'page N' footer; "
        "contents page number right after the title",
        page="Letter", font="times", size=10.5, box="stroked", header="above", box_columns=1, summary="grid",
        furniture="footer", contents="after"),
    "rl-plain-band-grid": S(
        "reportlab", "(b) plain: one-column boxes framed with thin filled rectangles, 'Region – Title' in one "
        "band; summaries as two-column grid tables; no furniture; contents with dot leaders",
        size=9.5, box="stroked", edges="rects", header="band-inline", box_columns=1, summary="grid",
        furniture="none", contents="leaders", justify=False),
    "rl-magazine-letter": S(
        "reportlab", "magazine on Letter, Times: whole page in two columns, boxes with only a coloured rule "
        "on their left, region in (synthesized) small capitals above the bold title; borderless summary "
        "tables; page numbers alternating between outer corners; part titles in a filled band",
        page="Letter", font="times", size=9.5, page_columns=2, box="left-rule", edges="rects", header="smallcaps",
        box_columns=1, summary="borderless", furniture="alternating", part_band=True, justify=False),
    "rl-a5-serif-nodrawing": S(
        "reportlab", "A5, DejaVu Serif; boxes with no drawing at all (set apart by typography and indentation), "
        "region in small capitals above the title, the title printed again as the body's first line; "
        "regions comma-separated; 'page N' footer; dot leaders",
        page="A5", font="dejavu-serif", size=8.5, box="none", header="smallcaps", title_repeat=True,
        box_columns=1, summary="comma", furniture="footer", contents="leaders", justify=False),
    "rl-f12-tint-part": S(
        "reportlab", "A4, DejaVu Sans embedded as F11/F12 (the bold font's name does not say Bold); tinted "
        "boxes with no stroke, region beside the title, two-column bodies; panels; a running header that "
        "changes with the part; part titles in a filled band",
        font="f12", size=9.5, box="tint", header="beside", furniture="part", part_band=True),
    "rl-a4-sans-two-pages": S(
        "reportlab", "A4, DejaVu Sans; whole page in two columns, closed stroked frames split open over "
        "columns and pages, region alone in a coloured band with the title under it; bordered grid "
        "summaries; running header; contents number after the title",
        font="dejavu-sans", size=8.8, page_columns=2, box="stroked", header="band-region", box_columns=1,
        summary="grid", contents="after"),
    "rl-letter-kept-boxes": S(
        "reportlab", "Letter, Helvetica; tinted boxes with a coloured band holding the region, title under "
        "the band; boxes never split (moved whole to the next page); borderless summary tables; "
        "alternating page numbers",
        page="Letter", size=10, box="tint-band", header="band-region", keep_boxes=True, summary="borderless",
        furniture="alternating"),
    # Chromium ----------------------------------------------------------------------------
    "chromium-letter-above": S(
        "chromium", "(a) HTML printed by Chromium on Letter, DejaVu Sans (ligatures ﬁ/ﬂ in the text); closed "
        "frames sliced open at page breaks, region tag above the title, two-column box bodies; panels; "
        "'page N' footer",
        page="Letter", font="dejavu-sans", size=9.5, box="stroked", header="above", furniture="footer"),
    "chromium-magazine": S(
        "chromium", "(d) magazine: whole page in two CSS columns, no frame at all around boxes but a coloured "
        "rule on their left, the region in CSS small capitals above the bold title; borderless summary "
        "tables; alternating page numbers; part titles in a filled band; dotted leaders",
        font="dejavu-serif", size=9, page_columns=2, box="left-rule", header="smallcaps", box_columns=1,
        summary="borderless", furniture="alternating", part_band=True, contents="leaders", justify=False),
    "chromium-a5-band-region": S(
        "chromium", "A5, Liberation Sans; tinted boxes with the region in a coloured band and the title "
        "under it, one-column bodies; bordered grid summaries; running header with N / total; contents "
        "number after the title",
        page="A5", size=8.5, box="tint-band", header="band-region", box_columns=1, summary="grid",
        contents="after"),
    "chromium-times-repeat": S(
        "chromium", "A4, Liberation Serif; tinted boxes without stroke, region beside the title, the title "
        "printed again as the body's first line; regions comma-separated; running header changing with "
        "the part (CSS named pages)",
        font="times", size=10, box="tint", header="beside", title_repeat=True, summary="comma",
        furniture="part"),
    "chromium-f12-plain": S(
        "chromium", "Letter, F11/F12 fonts (bold not named Bold); boxes with no drawing at all, region in "
        "CSS small capitals above the title; bordered grid summaries; no furniture; dotted leaders",
        page="Letter", font="f12", size=9.5, box="none", header="smallcaps", box_columns=1, summary="grid",
        furniture="none", contents="leaders"),
    # WeasyPrint --------------------------------------------------------------------------
    "weasy-tint-band": S(
        "weasyprint", "(c) WeasyPrint, A4, DejaVu Serif: tinted boxes (fill, no stroke) with a coloured band "
        "holding the region name and the title under the band; two-column bodies; panels; running header "
        "changing with the part; text dot leaders (CSS leader())",
        font="dejavu-serif", size=9.5, box="tint-band", header="band-region", furniture="part",
        contents="leaders"),
    "weasy-letter-inline": S(
        "weasyprint", "Letter, Liberation Sans; closed frames sliced open at page breaks, 'Region – Title' in "
        "one band; regions comma-separated; alternating page numbers; part titles in a filled band",
        page="Letter", size=10, box="stroked", header="band-inline", box_columns=1, summary="comma",
        furniture="alternating", part_band=True),
    "weasy-a5-smallcaps": S(
        "weasyprint", "A5, DejaVu Sans; closed frames, region in CSS small capitals above the bold title, "
        "one-column bodies; borderless two-column summary tables; 'page N' footer; number after the title",
        page="A5", font="dejavu-sans", size=8.5, box="stroked", header="smallcaps", box_columns=1,
        summary="borderless", furniture="footer", contents="after", justify=False),
}
STYLE_NAMES = list(STYLES)


def render(name: str, folder: Path) -> Path:
    """Render style ``name`` to ``folder/name.pdf``; return the path."""
    style = STYLES[name]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    workdir = folder / ".work"
    if style.engine == "reportlab":
        from renderings import rl

        return rl.render(style, load(), path, workdir)
    from renderings import htmlcss

    return htmlcss.render(style, load(), path, workdir)


def _timed(args: tuple[str, str, bool]) -> tuple[str, Path, float]:
    name, folder, parse = args
    start = time.perf_counter()
    path = render(name, Path(folder))
    seconds = time.perf_counter() - start
    if parse:
        page_words(path)  # parsed here, in parallel, and kept beside the PDF
    return name, path, seconds


def render_all(folder: Path, names: list[str] | None = None, jobs: int = 2,
               parse: bool = False) -> dict[str, tuple[Path, float]]:
    """Render several styles in ``jobs`` processes: {name: (pdf, seconds to render)};
    with ``parse``, also read each PDF's words (for tests) in the same processes."""
    names = names or STYLE_NAMES
    order = sorted(names, key=lambda n: STYLES[n].engine != "weasyprint")  # slowest first
    with ProcessPoolExecutor(jobs) as pool:
        done = pool.map(_timed, [(n, str(folder), parse) for n in order])
        return {name: (path, seconds) for name, path, seconds in done}


# What a rendering prints ---------------------------------------------------------------

def expected_blocks(name: str) -> list[tuple[object, list[str]]]:
    """Each block of the source with the strings style ``name`` prints for it, in reading order."""
    style = STYLES[name]
    out = []
    for block in load().blocks:
        if isinstance(block, Box):
            head = [block.region, "–", block.title] if style.header == "band-inline" else [block.region, block.title]
            if style.title_repeat:
                head.append(block.title)
            out.append((block, head + [s for b in block.body for s in b.strings()]))
        elif isinstance(block, Summary) and style.summary == "comma":
            out.append((block, [s for t in block.types for s in (t.label, ", ".join(t.regions))]))
        else:
            out.append((block, block.strings()))
    return out


def expected_strings(name: str) -> list[str]:
    """The source's printed strings in reading order, as style ``name`` prints them."""
    return [s for _, strings in expected_blocks(name) for s in strings]


def normalise(word: str) -> str:
    """Ligatures (ﬁ, ﬂ) as letters: a glyph matter, not a word one."""
    return unicodedata.normalize("NFKC", word) if any("\ufb00" <= c <= "\ufb06" for c in word) else word


LEADER = re.compile(r"^[.\u2024\u2027·\s]+$")


def expected_words(name: str) -> list[str]:
    return [normalise(w) for s in expected_strings(name) for w in s.split()]


@lru_cache(maxsize=64)
def _page_words(pdf: str, mtime: float) -> tuple:
    import json

    import pdfplumber

    sidecar = Path(pdf).with_suffix(".words.json")
    if sidecar.exists():
        saved = json.loads(sidecar.read_text(encoding="utf-8"))
        if saved["mtime"] == mtime:
            return tuple((n, h, tuple(map(tuple, ws))) for n, h, ws in saved["pages"])
    with pdfplumber.open(pdf) as doc:
        pages = tuple((page.page_number, page.height,
                       tuple((w["text"], w["top"], w["bottom"]) for w in page.extract_words(use_text_flow=True)))
                      for page in doc.pages)
    sidecar.write_text(json.dumps({"mtime": mtime, "pages": pages}, ensure_ascii=False), encoding="utf-8")
    return pages


def page_words(pdf: Path) -> tuple:
    """Per page: (number, height, ((text, top, bottom), ...)) in the order the PDF prints
    them; parsed once per file and kept beside it (NAME.words.json)."""
    pdf = Path(pdf)
    return _page_words(str(pdf.resolve()), pdf.stat().st_mtime)


def pdf_words(name: str, pdf: Path, pages: bool = False, margins: bool = False) -> list:
    """The words the PDF prints, in the order it prints them, without its furniture
    (with their 1-based page numbers when ``pages``; only the furniture when ``margins``).

    Furniture lies in the page margins, where this renderer prints nothing else;
    dot leaders of the contents are left out.
    """
    style = STYLES[name]
    top, bottom = style.body_area()
    words = []
    for number, height, printed in page_words(pdf):
        scale = height / style.pagesize[1]
        for text, w_top, w_bottom in printed:
            middle = (w_top + w_bottom) / 2 / scale
            if (top - 2 <= middle <= bottom + 2) == margins or LEADER.match(text):
                continue
            text = normalise(text)
            words.append((text, number) if pages else text)
    return words


def block_pages(name: str, pdf: Path) -> list[tuple[object, int, int]]:
    """(block, first page, last page) of every block, found by aligning the PDF's
    words with the source's: where boxes and summaries break over pages."""
    import difflib

    blocks = expected_blocks(name)
    expected, owner = [], []
    for i, (_, strings) in enumerate(blocks):
        for s in strings:
            for w in s.split():
                expected.append(normalise(w))
                owner.append(i)
    placed = pdf_words(name, pdf, pages=True)
    matcher = difflib.SequenceMatcher(None, expected, [w for w, _ in placed], autojunk=False)
    pages: dict[int, list[int]] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            pages.setdefault(owner[a + k], []).append(placed[b + k][1])
    return [(block, min(pages[i]), max(pages[i])) for i, (block, _) in enumerate(blocks) if i in pages]


def similarity(a: list[str], b: list[str]) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def contact_sheet(pdf: Path, png: Path, dpi: int = 36, columns: int = 8) -> Path:
    """Every page of ``pdf`` side by side in one PNG, to look at."""
    import subprocess
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True)
        images = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.png"))]
        w, h = max(i.width for i in images), max(i.height for i in images)
        rows = -(-len(images) // columns)
        sheet = Image.new("RGB", (columns * (w + 6) + 6, rows * (h + 6) + 6), "#666666")
        for k, image in enumerate(images):
            sheet.paste(image, (6 + (k % columns) * (w + 6), 6 + (k // columns) * (h + 6)))
        sheet.save(png)
    return png


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    out, names = Path(argv[0]), argv[1:] or STYLE_NAMES
    unknown = [n for n in names if n not in STYLES]
    if unknown:
        print(f"unknown style(s): {', '.join(unknown)}; known: {', '.join(STYLE_NAMES)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = render_all(out, names)
    wall = time.perf_counter() - start
    for name in names:
        pdf, seconds = results[name]
        contact_sheet(pdf, pdf.with_suffix(".png"))
        print(f"{name:28} {STYLES[name].engine:10} {seconds:6.1f} s  {pdf}")
    print(f"{len(names)} renderings in {wall:.1f} s wall time (2 processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
