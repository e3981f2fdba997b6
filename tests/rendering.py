"""Render a small publication in the Panorama's structure with reportlab.

Tests use it to make their own renderings: other page sizes and fonts, box
bodies in one or two columns, the region name beside or above the title,
boxes filled, stroked or drawn as four separate edges, summaries as panels
or as a bordered two-column table, headers and page numbers repeated on
every page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

# The document: (kind, ...) items in reading order.
CONTENTS = [
    (1, "Introduction"),
    (1, "Partie 1 : La place de l’IAE dans les politiques régionales"),
    (2, "Formalisation d’une volonté politique"),
    (2, "Place dans les documents cadre régionaux"),
    (1, "Partie 2 : Les grands types d’intervention des régions"),
    (2, "Axe 1 : Soutien au développement de l’emploi"),
    (3, "Mise en place d’emplois tremplins dédiés à l’IAE"),
    (3, "Autres aides à l’emploi dans l’IAE"),
    (2, "Axe 2 : Soutien à la professionnalisation"),
    (3, "Accords-cadres pour la formation des salariés de l’IAE"),
    (1, "Pistes pour développer le soutien régional en faveur de l’IAE"),
]
LOREM = ("Les Régions sont en effet des acteurs incontournables pour le secteur, étant donné leurs "
         "compétences en matière de développement économique et de formation professionnelle. ")
BODY = [
    ("title", "INTRODUCTION"),
    ("para", LOREM * 3),
    ("part", "PARTIE 1 LA PLACE DE L’IAE DANS LES POLITIQUES RÉGIONALES"),
    ("para", LOREM * 2),
    ("section", "1", "Formalisation d’une volonté politique"),
    ("para", "Deux régions disposent cependant d’un cadre régional dédié, dont la Région PACA."),
    ("box", "PACA", "Un dispositif régional d’appui aux SIAE en 6 axes",
     ["Les six axes du dispositif régional dédié à l’IAE en Région Provence-Alpes-Côte d’Azur sont "
      "le soutien à la création et au développement des SIAE et le soutien spécifique aux chantiers.", LOREM * 2]),
    ("section", "2", "Place dans les documents cadre régionaux"),
    ("para", LOREM * 2),
    ("part", "PARTIE 2 LES GRANDS TYPES D’INTERVENTION DES RÉGIONS"),
    ("para", "Les Conseils régionaux peuvent intervenir en soutien au secteur de l’IAE à plusieurs niveaux."),
    ("axis", "SOUTIEN AU DÉVELOPPEMENT DE L’EMPLOI", "3 RÉGIONS"),
    ("para", "L’enquête a permis de mettre en évidence deux types de soutien. Trois régions sont concernées :"),
    ("summary", [("Mise en place d'emplois tremplins dédiés à l'IAE", ["Poitou-Charentes", "Ile-de-France"]),
                 ("Autres aides à l'emploi dans l'IAE", ["Midi-Pyrénées"])]),
    ("section", "1", "Mise en place d’emplois tremplins dédiés à l’IAE"),
    ("para", LOREM * 2),
    ("box", "Poitou-Charentes", "Emplois Tremplin Environnement",
     ["Depuis 2004, la Région attribue une aide à l’employeur pour la création ou la consolidation de "
      "postes dans le secteur de l’environnement.", "- une aide aux postes d’encadrement dans la limite de "
      "10 000€ par poste ETP ;", "- une aide unique à l’investissement (40% des dépenses de matériel).",
      LOREM * 2]),
    ("section", "2", "Autres aides à l’emploi dans l’IAE"),
    ("para", LOREM),
    ("box", "Midi-Pyrénées", "Dispositif d’aide au recrutement des jeunes dans l’IAE",
     ["Ce plan d’aide vise à poursuivre l’action du dispositif « TRACE » mis en place par l’Etat.", LOREM]),
    ("axis", "SOUTIEN À LA PROFESSIONNALISATION", "2 RÉGIONS"),
    ("para", LOREM),
    ("summary", [("Accords-cadres Région /OPCA pour la formation des salariés", ["Rhône-Alpes"]),
                 ("Aides à la formation adossées aux dispositifs emploi-tremplins", ["Corse", "Rhône-Alpes"])]),
    ("box", "Ile-De-France", "Aide Régionale aux structures d’Insertion par l’Activité Économique (ARSIE)",
     ["Destinée à soutenir les efforts des structures qui souhaitent créer ou développer une activité.", LOREM]),
    ("title", "CONCLUSION"),
    ("heading", "Pistes pour développer le soutien régional en faveur de l’IAE"),
    ("para", LOREM * 2),
]
# What every rendering must yield.
EXPECTED_MEASURES = {
    ("93", "Un dispositif régional d’appui aux SIAE en 6 axes", "politique", "Formalisation d’une volonté politique"),
    ("54", "Emplois Tremplin Environnement", "emploi", "Mise en place d’emplois tremplins dédiés à l’IAE"),
    ("73", "Dispositif d’aide au recrutement des jeunes dans l’IAE", "emploi", "Autres aides à l’emploi dans l’IAE"),
    ("11", "Aide Régionale aux structures d’Insertion par l’Activité Économique (ARSIE)", "professionnalisation", None),
}
EXPECTED_AMOUNTS = {  # (value, unit, role, qualifier, per, box region)
    (10_000.0, "EUR", "cap", "max", "ETP", "54"),
    (40.0, "%", "rate", "exact", None, "54"),
}
EXPECTED_INTERVENTIONS = {
    ("emploi", "Mise en place d'emplois tremplins dédiés à l'IAE", "54"),
    ("emploi", "Mise en place d'emplois tremplins dédiés à l'IAE", "11"),
    ("emploi", "Autres aides à l'emploi dans l'IAE", "73"),
    ("professionnalisation", "Accords-cadres Région /OPCA pour la formation des salariés", "82"),
    ("professionnalisation", "Aides à la formation adossées aux dispositifs emploi-tremplins", "94"),
    ("professionnalisation", "Aides à la formation adossées aux dispositifs emploi-tremplins", "82"),
}


@dataclass
class Style:
    """How one rendering looks."""

    pagesize: tuple[float, float] = A4
    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    size: float = 10.0
    margin: float = 56.0
    box: str = "filled"          # filled | stroked | edges
    region_above_title: bool = False
    box_columns: int = 2
    summary: str = "panels"       # panels | table
    furniture: bool = True


@dataclass
class Renderer:
    style: Style
    canvas: Canvas
    y: float = 0.0
    page: int = 0
    contents_pages: dict = field(default_factory=dict)

    @property
    def width(self) -> float:
        return self.style.pagesize[0] - 2 * self.style.margin

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        self.y = self.style.pagesize[1] - self.style.margin
        if self.style.furniture:
            self.canvas.setFont(self.style.font, self.style.size * 0.7)
            top = self.style.pagesize[1] - self.style.margin * 0.6
            self.canvas.drawString(self.style.margin, top, "PANORAMA DES POLITIQUES RÉGIONALES")
            self.canvas.drawRightString(self.style.margin + self.width, top, f"{self.page} / 99")

    def need(self, height: float) -> None:
        if self.y - height < self.style.margin:
            self.new_page()

    def text_lines(self, text: str, font: str, size: float, width: float) -> list[str]:
        return simpleSplit(text, font, size, width)

    def write(self, text: str, font: str | None = None, size: float | None = None, x: float | None = None,
              width: float | None = None, gap: float = 0.6) -> None:
        font, size = font or self.style.font, size or self.style.size
        x = self.style.margin if x is None else x
        for line in self.text_lines(text, font, size, width or self.width):
            self.need(size * 1.4)
            self.canvas.setFont(font, size)
            self.canvas.drawString(x, self.y - size, line)
            self.y -= size * 1.4
        self.y -= size * gap

    def frame(self, x: float, top: float, w: float, h: float, shade: float = 0.92) -> None:
        c = self.canvas
        if self.style.box == "filled":
            c.setFillGray(shade)
            c.rect(x, top - h, w, h, stroke=0, fill=1)
        elif self.style.box == "stroked":
            c.rect(x, top - h, w, h, stroke=1, fill=0)
        else:
            for x0, y0, x1, y1 in ((x, top, x + w, top), (x, top - h, x + w, top - h),
                                   (x, top, x, top - h), (x + w, top, x + w, top - h)):
                c.line(x0, y0, x1, y1)
        c.setFillGray(0)

    def box(self, region: str, title: str, paragraphs: list[str]) -> None:
        s = self.style
        pad, colgap = s.size, s.size * 2
        cols = s.box_columns
        colw = (self.width - 2 * pad - (cols - 1) * colgap) / cols
        lines = [(ln, i == 0 and p.startswith("-")) for p in paragraphs
                 for i, ln in enumerate(self.text_lines(p, s.font, s.size * 0.94, colw))]
        lines = [ln for ln, _ in lines]
        per_col = -(-len(lines) // cols)
        header = [region, title] if s.region_above_title else [f"{region}   {title}"]
        head_h = len(header) * s.size * 1.5 + pad
        body_h = per_col * s.size * 1.3 + 2 * pad
        self.need(head_h + body_h + s.size)
        top = self.y
        self.frame(s.margin, top, self.width, head_h + body_h)
        if s.box == "filled":
            self.frame(s.margin, top, self.width, head_h, shade=0.8)
        y = top - pad
        for text in header:
            self.canvas.setFont(s.bold, s.size * 1.05)
            self.canvas.drawString(s.margin + pad, y - s.size, text)
            y -= s.size * 1.5
        y -= pad
        for c in range(cols):
            cy = y
            for line in lines[c * per_col:(c + 1) * per_col]:
                self.canvas.setFont(s.font, s.size * 0.94)
                self.canvas.drawString(s.margin + pad + c * (colw + colgap), cy - s.size, line)
                cy -= s.size * 1.3
        self.y = top - head_h - body_h - s.size * 1.5

    def summary(self, items: list[tuple[str, list[str]]]) -> None:
        s = self.style
        if s.summary == "table":
            for label, regions in items:
                label_lines = self.text_lines(label, s.bold, s.size * 0.92, self.width / 2 - 2 * s.size)
                rows = max(len(label_lines), len(regions))
                h = rows * s.size * 1.3 + s.size
                self.need(h)
                for x, w in ((s.margin, self.width / 2), (s.margin + self.width / 2, self.width / 2)):
                    saved = s.box
                    s.box = "edges"
                    self.frame(x, self.y, w, h)
                    s.box = saved
                top = self.y
                self.y = top - s.size * 0.5
                self.write(label, s.bold, s.size * 0.92, s.margin + s.size, self.width / 2 - 2 * s.size, gap=0)
                self.y = top - s.size * 0.5
                for region in regions:
                    self.write(region, s.font, s.size * 0.92, s.margin + self.width / 2 + s.size, gap=0)
                self.y = top - h
            self.y -= s.size
            return
        n = len(items)
        gap = s.size
        w = (self.width - (n - 1) * gap) / n
        h = s.size * 9
        self.need(h)
        top = self.y
        for i, (label, regions) in enumerate(items):
            x = s.margin + i * (w + gap)
            self.frame(x, top, w, h)
            self.y = top - s.size * 0.6
            self.write(label, s.bold, s.size * 0.92, x + s.size * 0.6, w - 1.2 * s.size, gap=0.3)
            for region in regions:
                self.write(region, s.font, s.size * 0.92, x + s.size * 0.6, gap=0)
        self.y = top - h - s.size

    def contents(self) -> None:
        s = self.style
        self.write("SOMMAIRE", s.bold, s.size * 2.2)
        for level, title in CONTENTS:
            font = s.bold if level < 3 else s.font
            x = s.margin + (level - 1) * s.size * 1.5
            self.need(s.size * 1.6)
            self.canvas.setFont(font, s.size)
            self.canvas.drawString(x, self.y - s.size, title)
            self.canvas.drawRightString(s.margin + self.width, self.y - s.size, str(self.contents_pages.get(title, 1)))
            self.y -= s.size * 1.7

    def item(self, kind: str, *args) -> None:
        s = self.style
        if kind in ("title", "part"):
            self.new_page()
            self.write(args[0], s.bold, s.size * (2.2 if kind == "title" else 1.3))
        elif kind == "axis":
            self.new_page()
            self.write(args[0], s.bold, s.size * 2.0, gap=0.2)
            self.write(args[1], s.bold, s.size * 1.1)
        elif kind == "section":
            self.write(f"{args[0]}  {args[1]}", s.bold, s.size * 1.25)
        elif kind == "heading":
            self.write(args[0], s.bold, s.size * 1.3)
        elif kind == "para":
            self.write(args[0])
        elif kind == "box":
            self.box(*args)
        elif kind == "summary":
            self.summary(args[0])


def render(path: Path, style: Style | None = None, body: list[tuple] = BODY) -> Path:
    """Write the small publication (or another ``body`` of the same items) to
    ``path`` in ``style`` (the default one if none); return the path."""
    style = Style() if style is None else style  # a fresh one: Renderer.summary changes its box for a moment
    canvas = Canvas(str(path), pagesize=style.pagesize, invariant=1)
    r = Renderer(style, canvas)
    r.new_page()
    r.contents()
    for item in body:
        r.item(*item)
    canvas.save()
    return path


STYLES = {
    "a4-filled-two-columns": Style(),
    "letter-times-stroked-one-column-above": Style(pagesize=LETTER, font="Times-Roman", bold="Times-Bold",
                                                   size=11, box="stroked", box_columns=1, region_above_title=True),
    "edges-table-summary": Style(box="edges", summary="table", size=9, margin=40),
    "no-furniture-two-columns-above": Style(furniture=False, region_above_title=True, size=10.5),
}
