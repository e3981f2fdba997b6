"""How one rendering looks: the options every engine reads, page geometry, fonts."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_SIZES = {  # points
    "A4": (595.28, 841.89),
    "Letter": (612.0, 792.0),
    "A5": (419.53, 595.28),
}
RUNNING = "PANORAMA DES POLITIQUES RÉGIONALES DE SOUTIEN À L’INSERTION PAR L’ACTIVITÉ ÉCONOMIQUE"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# Font families: (regular TTF, bold TTF) for engines that embed files; None for
# the standard PDF fonts (reportlab) or a system family name (HTML engines).
FONT_FILES = {
    "dejavu-sans": (DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
    "dejavu-serif": (DEJAVU / "DejaVuSerif.ttf", DEJAVU / "DejaVuSerif-Bold.ttf"),
    # DejaVu Sans under the names F11 (regular) and F12 (bold): a bold font whose
    # name does not say so, as some producers write them.
    "f12": (DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
}
CSS_FAMILIES = {
    "helvetica": '"Liberation Sans", Helvetica, Arial, sans-serif',
    "times": '"Liberation Serif", "Times New Roman", Times, serif',
    "dejavu-sans": '"DejaVu Sans", sans-serif',
    "dejavu-serif": '"DejaVu Serif", serif',
    "f12": '"F11", sans-serif',
}


@dataclass(frozen=True)
class Style:
    """One rendering of the publication. Engines read every field generically."""

    engine: str                     # reportlab | chromium | weasyprint
    description: str = ""
    page: str = "A4"                # A4 | Letter | A5
    font: str = "helvetica"         # helvetica | times | dejavu-sans | dejavu-serif | f12
    size: float = 10.0              # body text, points
    justify: bool = True
    page_columns: int = 1           # the whole page body in 1 or 2 columns
    box: str = "tint-band"          # stroked | tint | tint-band | left-rule | none
    edges: str = "stroke"           # stroke | rects: frame edges as stroked paths or thin filled rectangles
    header: str = "beside"          # beside | above | band-region | band-inline | smallcaps
    title_repeat: bool = False      # the title printed again as the box body's first line
    box_columns: int = 2
    keep_boxes: bool = False        # True: a box is moved whole to the next page rather than split
    summary: str = "panels"         # panels | grid | borderless | comma
    furniture: str = "header"       # header | part | alternating | footer | none
    contents: str = "right"         # right | leaders | after
    part_band: bool = False         # part titles set in a filled band
    colour: str = "#1f5f8b"
    accent: str = "#e0592a"

    @property
    def pagesize(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page]

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """top, right, bottom, left, in points: the page body lies inside."""
        if self.page == "A5":
            return 46.0, 34.0, 42.0, 34.0
        return 64.0, 54.0, 58.0, 54.0

    def body_area(self) -> tuple[float, float]:
        """(top, bottom) of the page body, points from the page top: furniture lies outside."""
        top, _, bottom, _ = self.margins
        return top, self.pagesize[1] - bottom


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: amount 0 is white, 1 the colour."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def renamed_fonts(folder: Path) -> tuple[Path, Path]:
    """DejaVu Sans and DejaVu Sans Bold copied as F11.ttf and F12.ttf, their name tables rewritten."""
    from fontTools.ttLib import TTFont

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for source, name in zip(FONT_FILES["f12"], ("F11", "F12"), strict=True):
        path = folder / f"{name}.ttf"
        if not path.exists():
            font = TTFont(source)
            table = font["name"]
            for record in list(table.names):
                if record.nameID in (16, 17, 21, 22):
                    table.removeNames(nameID=record.nameID)
            for name_id, value in ((1, name), (2, "Regular"), (3, f"{name};renamed"), (4, name), (6, name)):
                table.setName(value, name_id, 3, 1, 0x409)
                table.setName(value, name_id, 1, 0, 0)
            tmp = path.with_suffix(".tmp")
            font.save(tmp)
            tmp.replace(path)
        out.append(path)
    return out[0], out[1]
