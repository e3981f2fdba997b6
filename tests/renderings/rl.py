"""The publication typeset with reportlab's platypus.

Every block of the source becomes flowables; platypus breaks them over pages
of one or two frames. A regional box is a ``BoxFlow``: header, then a body
balanced over one or two columns; when it does not fit, it splits into a
fragment whose frame is open at the bottom and a continuation whose frame is
open at the top. Furniture (running header, page numbers) is drawn last, by
a canvas that knows the page count.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .source import (
    BOLD,
    Axis,
    Box,
    Contents,
    Cover,
    CoverLine,
    Heading,
    Item,
    Lead,
    Panel,
    Part,
    Publication,
    Section,
    Sub,
    Summary,
    Title,
)
from .source import Paragraph as SPara
from .style import DEJAVU, FONT_FILES, RUNNING, Style, renamed_fonts, tint

STANDARD = {"helvetica": ("Helvetica", "Helvetica-Bold"), "times": ("Times-Roman", "Times-Bold")}


def register_fonts(style: Style, folder: Path) -> tuple[str, str, bool]:
    """(regular, bold, standard) font names for ``style``, registered with reportlab."""
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU / "DejaVuSans.ttf")))
    if style.font in STANDARD:
        regular, bold = STANDARD[style.font]
        return regular, bold, True
    if style.font == "f12":
        files, names = renamed_fonts(folder / "fonts"), ("F11", "F12")
    else:
        files = FONT_FILES[style.font]
        base = "DejaVuSans" if style.font == "dejavu-sans" else "DejaVuSerif"
        names = (base, base + "-Bold")
    for name, path in zip(names, files, strict=True):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0], boldItalic=names[1])
    return names[0], names[1], False


def encodable(char: str) -> bool:
    try:
        char.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


class RL:
    """One reportlab rendering: paragraph styles, flowables, page templates."""

    def __init__(self, style: Style, folder: Path):
        self.s = style
        self.regular, self.bold, self.standard = register_fonts(style, folder)
        self.colour = colors.HexColor(style.colour)
        self.accent = colors.HexColor(style.accent)
        self.tint = colors.HexColor(tint(style.colour, 0.12))
        self.tint2 = colors.HexColor(tint(style.colour, 0.28))
        self.running = ""
        self.page_info: list[tuple[bool, str]] = []  # (cover page, running text) per page
        self._styles: dict[str, ParagraphStyle] = {}
        width, height = style.pagesize
        top, right, bottom, left = style.margins
        self.frame_width = width - left - right
        self.gutter = style.size * 1.8

    # text ------------------------------------------------------------------------
    def markup(self, text: str, smallcaps: float = 0.0) -> str:
        """Paragraph markup: escaped, **bold** as <b>, characters the standard fonts lack in DejaVu Sans."""
        out = escape(text)
        out = BOLD.sub(r"<b>\1</b>", out)
        if smallcaps:
            out = self.small_caps(out, smallcaps)
        if self.standard:
            out = "".join(c if ord(c) < 128 or encodable(c) else f'<font name="DejaVuSans">{c}</font>'
                          for c in out)
        return out

    @staticmethod
    def small_caps(text: str, size: float) -> str:
        """Lower-case letters as capitals of a smaller size (a typesetter's synthesized small caps)."""
        out, run = [], ""
        for c in text:
            if c.islower():
                run += c.upper()
                continue
            if run:
                out.append(f'<font size="{size:.2f}">{run}</font>')
                run = ""
            out.append(c)
        if run:
            out.append(f'<font size="{size:.2f}">{run}</font>')
        return "".join(out)

    def ps(self, name: str) -> ParagraphStyle:
        if name in self._styles:
            return self._styles[name]
        s = self.s.size
        body = ParagraphStyle("body", fontName=self.regular, fontSize=s, leading=s * 1.32, spaceAfter=s * 0.55,
                              alignment=TA_JUSTIFY if self.s.justify else TA_LEFT, allowOrphans=0,
                              allowWidows=0)
        bs = s * 0.94
        box = ParagraphStyle("box", body, fontSize=bs, leading=bs * 1.3, spaceAfter=bs * 0.45)
        white = colors.white
        table = {
            "body": body,
            "box": box,
            "lead": ParagraphStyle("lead", box, fontName=self.bold, fontSize=bs * 1.02, textColor=self.colour,
                                   spaceBefore=bs * 0.3, spaceAfter=bs * 0.25, alignment=TA_LEFT),
            "title": ParagraphStyle("title", body, fontName=self.bold, fontSize=s * 2.2, leading=s * 2.6,
                                    textColor=self.colour, spaceAfter=s * 1.2, alignment=TA_LEFT),
            "axis": ParagraphStyle("axis", body, fontName=self.bold, fontSize=s * 2.2, leading=s * 2.5,
                                   textColor=self.colour, spaceAfter=s * 0.4, alignment=TA_LEFT),
            "part": ParagraphStyle("part", body, fontName=self.bold, fontSize=s * 1.3, leading=s * 1.6,
                                   textColor=white if self.s.part_band else self.colour,
                                   backColor=self.colour if self.s.part_band else None,
                                   borderPadding=(s * 0.45, s * 0.5) if self.s.part_band else 0,
                                   spaceBefore=s * 0.5, spaceAfter=s * 1.4, alignment=TA_LEFT),
            "section": ParagraphStyle("section", body, fontName=self.bold, fontSize=s * 1.25, leading=s * 1.5,
                                      textColor=self.colour, spaceBefore=s * 1.1, spaceAfter=s * 0.6,
                                      keepWithNext=1, alignment=TA_LEFT),
            "heading": ParagraphStyle("heading", body, fontName=self.bold, fontSize=s * 1.3, leading=s * 1.6,
                                      textColor=self.colour, spaceBefore=s * 0.6, spaceAfter=s * 0.6,
                                      keepWithNext=1, alignment=TA_LEFT),
            "sub": ParagraphStyle("sub", body, fontName=self.bold, fontSize=s * 1.05, leading=s * 1.35,
                                  textColor=self.colour, spaceBefore=s * 0.5, spaceAfter=s * 0.3, keepWithNext=1,
                                  alignment=TA_LEFT),
            "small": ParagraphStyle("small", body, fontSize=s * 0.75, leading=s * 0.95, spaceAfter=s * 0.2,
                                    alignment=TA_LEFT),
            "panel-title": ParagraphStyle("panel-title", body, fontName=self.bold, fontSize=s * 1.1,
                                          leading=s * 1.4, textColor=self.colour, spaceAfter=s * 0.4,
                                          alignment=TA_LEFT),
            "cell": ParagraphStyle("cell", body, fontSize=s * 0.92, leading=s * 1.15, spaceAfter=0,
                                   alignment=TA_LEFT),
            "cell-bold": ParagraphStyle("cell-bold", body, fontName=self.bold, fontSize=s * 0.92, leading=s * 1.15,
                                        spaceAfter=s * 0.3, textColor=self.colour, alignment=TA_LEFT),
            "badge": ParagraphStyle("badge", body, fontName=self.bold, fontSize=s * 1.1, leading=s * 1.3,
                                    textColor=white, alignment=TA_LEFT),
            "cover-date": ParagraphStyle("cover-date", body, textColor=white, fontSize=s * 1.1,
                                         spaceAfter=s * 6, alignment=TA_LEFT),
            "cover-kicker": ParagraphStyle("cover-kicker", body, fontName=self.bold, textColor=white,
                                           fontSize=s * 1.4, leading=s * 1.8, spaceAfter=s * 2, alignment=TA_LEFT),
            "cover-display": ParagraphStyle("cover-display", body, fontName=self.bold, textColor=white,
                                            fontSize=s * 4.2, leading=s * 4.8, spaceAfter=s * 1.2,
                                            alignment=TA_LEFT),
            "cover-subtitle": ParagraphStyle("cover-subtitle", body, textColor=white, fontSize=s * 2.0,
                                             leading=s * 2.5, spaceAfter=s * 2, alignment=TA_LEFT),
            "cover-item": ParagraphStyle("cover-item", body, textColor=white, fontSize=s * 1.15, leading=s * 1.6,
                                         leftIndent=s * 1.4, bulletIndent=0, spaceAfter=s * 0.3,
                                         alignment=TA_LEFT),
            "cover-note": ParagraphStyle("cover-note", body, fontName=self.bold, fontSize=s * 0.85,
                                         textColor=self.colour, spaceBefore=s * 3, alignment=TA_LEFT),
            "back-display": ParagraphStyle("back-display", body, fontName=self.bold, textColor=white,
                                           fontSize=s * 3.0, leading=s * 3.6, spaceBefore=s * 4,
                                           spaceAfter=s * 0.6, alignment=TA_LEFT),
            "back-subtitle": ParagraphStyle("back-subtitle", body, fontName=self.bold, textColor=white,
                                            fontSize=s * 1.5, leading=s * 1.9, spaceAfter=s * 1.2,
                                            alignment=TA_LEFT),
            "back-body": ParagraphStyle("back-body", body, textColor=white, fontSize=s * 1.05, leading=s * 1.45,
                                        alignment=TA_LEFT),
            "back-panel": ParagraphStyle("back-panel", body, textColor=white, fontSize=s * 0.9, leading=s * 1.2,
                                         alignment=TA_LEFT, spaceAfter=0),
        }
        for name_, st in list(table.items()):
            self._styles[name_] = st
        if name.startswith("item") or name.startswith("indent"):
            base, level = name.rstrip("0123456789").split(":")[0], int(name[-1])
            parent = self.ps("box" if ":box" in name else "body")
            step = parent.fontSize * 1.5
            if base == "item":
                st = ParagraphStyle(name, parent, leftIndent=step * level, bulletIndent=step * (level - 1) + 1,
                                    bulletFontName=self.regular, bulletFontSize=parent.fontSize,
                                    spaceAfter=parent.spaceAfter * 0.6)
            else:
                st = ParagraphStyle(name, parent, leftIndent=step * level)
            self._styles[name] = st
        return self._styles[name]

    def para(self, text: str, style: str, **kw) -> Paragraph:
        return Paragraph(self.markup(text, **kw), self.ps(style))

    def display(self, text: str, style: str) -> Paragraph:
        """A display title, its size reduced until its longest word fits the column."""
        st = self.ps(style)
        column = (self.frame_width - (self.s.page_columns - 1) * self.gutter) / self.s.page_columns
        widest = max(stringWidth(w, st.fontName, st.fontSize) for w in text.split())
        if widest > column:
            factor = column / widest * 0.97
            st = ParagraphStyle(style + "-fit", st, fontSize=st.fontSize * factor, leading=st.leading * factor)
        return Paragraph(self.markup(text), st)

    def item(self, item: Item, box: bool = False) -> Paragraph:
        style = self.ps(f"item{':box' if box else ''}{item.level}")
        return Paragraph(self.bullet(item.bullet) + self.markup(item.text), style)

    def bullet(self, char: str) -> str:
        """A <bullet> tag. The standard fonts encode "•" at code 127, which text extractors
        do not map back; like a typesetter's font fallback, bullets they cannot encode
        plainly are set in DejaVu Sans."""
        if self.standard and (char == "•" or not encodable(char)):
            char = f'<font name="DejaVuSans">{char}</font>'
        return f"<bullet>{escape(char) if not char.startswith('<') else char}</bullet>"

    def body_flowables(self, body, box: bool) -> list[Flowable]:
        out = []
        for b in body:
            if isinstance(b, Item):
                out.append(self.item(b, box))
            elif isinstance(b, Lead):
                out.append(self.para(b.text, "lead"))
            elif isinstance(b, SPara):
                name = f"indent{':box' if box else ''}{b.level}" if b.level else ("box" if box else "body")
                out.append(self.para(b.text, name))
        return out

    # blocks -----------------------------------------------------------------------
    def story(self, pub: Publication) -> list[Flowable]:
        story: list[Flowable] = []
        started = False
        for block in pub.blocks:
            if isinstance(block, Cover):
                if block.kind == "front":
                    story += [NextPageTemplate("cover"), *self.cover(block), NextPageTemplate("body"), PageBreak()]
                else:
                    story += [NextPageTemplate("back"), PageBreak(), *self.back_cover(block)]
            elif isinstance(block, Contents):
                story += [Mark(self, "")] + self.contents(block)
                started = True
            elif isinstance(block, (Title, Part, Axis)):
                if started:
                    story.append(PageBreak())
                started = True
                if isinstance(block, Title):
                    story += [Mark(self, block.text), self.display(block.text, "title")]
                elif isinstance(block, Part):
                    story += [Mark(self, f"{block.label} — {block.title}"),
                              self.para(f"{block.label}  {block.title}", "part")]
                else:
                    story += [self.display(block.title, "axis"), Badge(self, block.badge), Spacer(1, self.s.size)]
            elif isinstance(block, Section):
                story.append(Paragraph(f'<font color="{self.s.accent}">{escape(block.number)}</font>&nbsp;&nbsp;'
                                       + self.markup(block.title), self.ps("section")))
            elif isinstance(block, Heading):
                story.append(self.para(block.text, "heading"))
            elif isinstance(block, Sub):
                if block.bullet:
                    p = Paragraph(self.bullet(block.bullet) + self.markup(block.text),
                                  ParagraphStyle("subitem", self.ps("sub"), leftIndent=self.s.size * 1.5,
                                                 bulletFontName=self.bold, bulletFontSize=self.s.size * 1.05))
                    story.append(p)
                else:
                    story.append(self.para(block.text, "sub"))
            elif isinstance(block, (SPara, Item)):
                story += self.body_flowables([block], box=False)
            elif isinstance(block, Box):
                story += [Spacer(1, self.s.size * 0.3), self.box(block), Spacer(1, self.s.size * 0.9)]
            elif isinstance(block, Summary):
                story += [self.summary(block), Spacer(1, self.s.size)]
            elif isinstance(block, Panel):
                story += self.panel(block)
        return story

    def box(self, box: Box) -> Flowable:
        body = self.body_flowables(box.body, box=True)
        if self.s.title_repeat:
            body.insert(0, self.para(box.title, "lead"))
        columns = self.s.box_columns if self.frame_width / self.s.page_columns > 330 else 1
        return BoxFlow(self, BoxHead(self, box.region, box.title), body, columns, keep=self.s.keep_boxes)

    def panel(self, panel: Panel) -> list[Flowable]:
        if panel.kind == "legal":
            return [Spacer(1, self.s.size * 2)] + [self.para(p.text, "small") for p in panel.body]
        body = ([self.para(panel.title, "panel-title")] if panel.title else []) + \
            self.body_flowables(panel.body, box=True)
        return [Spacer(1, self.s.size * 0.6), BoxFlow(self, None, body, 1, decor="panel"),
                Spacer(1, self.s.size * 0.8)]

    def summary(self, summary: Summary) -> Flowable:
        s = self.s.size
        width = self.frame_width / self.s.page_columns - (self.gutter / 2 if self.s.page_columns > 1 else 0)
        kind = self.s.summary
        if kind == "comma":  # types side by side, each with its regions as one wrapping sentence
            per_row = max(1, min(3, int(width // 130)))
            cell_w = width / per_row
            cells = [[self.para(t.label, "cell-bold"), self.para(", ".join(t.regions), "cell")]
                     for t in summary.types]
            rows = [cells[i:i + per_row] + [""] * (per_row - len(cells[i:i + per_row]))
                    for i in range(0, len(cells), per_row)]
            table = Table(rows, colWidths=[cell_w] * per_row, splitByRow=1, hAlign="LEFT")
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), s * 1.2),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), s * 0.8)]))
            return table
        if kind in ("grid", "borderless"):
            label_w = width * (0.42 if kind == "borderless" else 0.6)
            rows = [[self.para(t.label, "cell-bold"), [self.para(r, "cell") for r in t.regions]]
                    for t in summary.types]
            table = Table(rows, colWidths=[label_w, width - label_w], splitByRow=1, hAlign="LEFT")
            cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), s * 0.5), ("RIGHTPADDING", (0, 0), (-1, -1), s * 0.5),
                    ("TOPPADDING", (0, 0), (-1, -1), s * 0.35), ("BOTTOMPADDING", (0, 0), (-1, -1), s * 0.45)]
            if kind == "grid":
                cmds.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
            else:
                cmds += [("LEFTPADDING", (0, 0), (0, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), s * 0.8)]
            table.setStyle(TableStyle(cmds))
            return table
        per_row = max(1, min(3, int(width // 130)))
        gap = s
        cell_w = (width - (per_row - 1) * gap) / per_row
        rows, cmds = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LEFTPADDING", (0, 0), (-1, -1), s * 0.5), ("RIGHTPADDING", (0, 0), (-1, -1), s * 0.5),
                          ("TOPPADDING", (0, 0), (-1, -1), s * 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), s * 0.8)]
        types = summary.types
        for r in range(0, len(types), per_row):
            row = []
            for i in range(per_row):
                col = 2 * i
                if r + i < len(types):
                    t = types[r + i]
                    row.append([self.para(t.label, "cell-bold")] + [self.para(x, "cell") for x in t.regions])
                    y = r // per_row * 2
                    cmds += [("BACKGROUND", (col, y), (col, y), self.tint),
                             ("LINEABOVE", (col, y), (col, y), 2, self.accent)]
                else:
                    row.append("")
                if i < per_row - 1:
                    row.append("")
            rows.append(row)
            rows.append([""] * (2 * per_row - 1))  # a gap row between panel rows
        widths = [cell_w if i % 2 == 0 else gap for i in range(2 * per_row - 1)]
        heights = [None if i % 2 == 0 else gap for i in range(len(rows))]
        for i in range(1, len(rows), 2):
            cmds += [("TOPPADDING", (0, i), (-1, i), 0), ("BOTTOMPADDING", (0, i), (-1, i), 0)]
        table = Table(rows[:-1], colWidths=widths, rowHeights=heights[:-1], splitByRow=1, hAlign="LEFT")
        table.setStyle(TableStyle(cmds))
        return table

    def contents(self, contents: Contents) -> list[Flowable]:
        out = [self.para(contents.title, "title")]
        for e in contents.entries:
            out.append(ContentsLine(self, e))
        return out

    def cover(self, cover: Cover) -> list[Flowable]:
        out = []
        for part in cover.parts:
            if isinstance(part, CoverLine):
                if part.role == "note":
                    out.append(FrameBreak())
                out.append(self.para(part.text, f"cover-{part.role}"))
            elif isinstance(part, Item):
                out.append(Paragraph(self.bullet(part.bullet) + self.markup(part.text),
                                     self.ps("cover-item")))
        return out

    def back_cover(self, cover: Cover) -> list[Flowable]:
        out = []
        for part in cover.parts:
            if isinstance(part, Panel):
                out.append(BoxFlow(self, None, [self.para(p.text, "back-panel") for p in part.body], 1,
                                   decor="back"))
            elif isinstance(part, CoverLine):
                out.append(self.para(part.text, f"back-{part.role}"))
            elif isinstance(part, SPara):
                out.append(self.para(part.text, "back-body"))
        return out

    # pages -------------------------------------------------------------------------
    def templates(self) -> list[PageTemplate]:
        width, height = self.s.pagesize
        top, right, bottom, left = self.s.margins
        fw, fh = width - left - right, height - top - bottom
        n = self.s.page_columns
        cw = (fw - (n - 1) * self.gutter) / n
        body = [Frame(left + i * (cw + self.gutter), bottom, cw, fh, id=f"col{i}", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0) for i in range(n)]
        split = bottom + fh * 0.36
        cover = [Frame(left, split, fw, fh - (split - bottom), id="coverTop", leftPadding=0, rightPadding=0,
                       topPadding=0, bottomPadding=0),
                 Frame(left, bottom, fw, split - bottom - self.s.size, id="coverBottom", leftPadding=0,
                       rightPadding=0, topPadding=0, bottomPadding=0)]
        back = [Frame(left, bottom, fw, fh, id="back", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)]
        return [PageTemplate("cover", cover, onPage=self.cover_background, onPageEnd=self.page_end(True)),
                PageTemplate("body", body, onPageEnd=self.page_end(False)),
                PageTemplate("back", back, onPage=self.back_background, onPageEnd=self.page_end(True))]

    def page_end(self, cover: bool):
        def end(canvas, doc):
            self.page_info.append((cover, self.running))
        return end

    def cover_background(self, canvas, _doc):  # a reportlab onPage callback
        width, height = self.s.pagesize
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(0, height * 0.36 + self.s.margins[2] * 0.4, width, height, stroke=0, fill=1)
        canvas.setFillColor(self.accent)
        canvas.rect(0, height * 0.36 + self.s.margins[2] * 0.4 - 6, width, 6, stroke=0, fill=1)
        canvas.restoreState()

    def back_background(self, canvas, _doc):  # a reportlab onPage callback
        width, height = self.s.pagesize
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)
        canvas.restoreState()

    def furniture(self, canvas: Canvas, number: int, total: int) -> None:
        cover, running = self.page_info[number - 1] if number - 1 < len(self.page_info) else (False, "")
        kind = self.s.furniture
        if cover or kind == "none":
            return
        width, height = self.s.pagesize
        top, right, bottom, left = self.s.margins
        small = self.s.size * 0.72
        head_y, foot_y = height - top * 0.55, bottom * 0.45
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#555555"))
        if kind == "header":
            canvas.setFont(self.regular, small)
            canvas.drawString(left, head_y, RUNNING)
            canvas.setFont(self.bold, small * 1.1)
            canvas.drawRightString(width - right, head_y, f"{number} / {total}")
            canvas.setStrokeColor(colors.HexColor("#999999"))
            canvas.setLineWidth(0.4)
            canvas.line(left, head_y - 4, width - right, head_y - 4)
        elif kind == "part":
            if running:
                canvas.setFont(self.regular, small)
                canvas.drawString(left, head_y, running)
            canvas.setFont(self.regular, small)
            canvas.drawCentredString(width / 2, foot_y, str(number))
        elif kind == "alternating":
            canvas.setFont(self.bold, small * 1.2)
            if number % 2:
                canvas.drawRightString(width - right, foot_y, str(number))
            else:
                canvas.drawString(left, foot_y, str(number))
        elif kind == "footer":
            canvas.setFont(self.regular, small)
            canvas.drawCentredString(width / 2, foot_y, f"page {number}")
        canvas.restoreState()

    def build(self, pub: Publication, path: Path) -> Path:
        width, height = self.s.pagesize
        doc = BaseDocTemplate(str(path), pagesize=self.s.pagesize, invariant=1,
                              title="Panorama — Les politiques régionales de soutien à l’IAE",
                              leftMargin=self.s.margins[3], rightMargin=self.s.margins[1],
                              topMargin=self.s.margins[0], bottomMargin=self.s.margins[2])
        doc.addPageTemplates(self.templates())
        renderer = self

        class FurnitureCanvas(Canvas):
            """Keeps every page until the end, then draws the furniture knowing the page count."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._pages = []

            def showPage(self):
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._pages)
                for i, state in enumerate(self._pages):
                    self.__dict__.update(state)
                    renderer.furniture(self, i + 1, total)
                    Canvas.showPage(self)
                Canvas.save(self)

        doc.build(self.story(pub), canvasmaker=FurnitureCanvas)
        return path


# flowables ------------------------------------------------------------------------------

class Mark(Flowable):
    """Zero-size: sets the running header text from the page where it is placed."""

    def __init__(self, r: RL, text: str):
        super().__init__()
        self.r, self.text = r, text

    def wrap(self, _aw, _ah):  # Flowable.wrap(availWidth, availHeight)
        return 0, 0

    def draw(self):
        self.r.running = self.text


class Badge(Flowable):
    """The axis badge: text in a filled pill sized to it."""

    def __init__(self, r: RL, text: str):
        super().__init__()
        self.r, self.text = r, text
        self.size = r.s.size * 1.1

    def wrap(self, aw, _ah):  # Flowable.wrap(availWidth, availHeight)
        self.tw = stringWidth(self.text, self.r.bold, self.size)
        self.width, self.height = aw, self.size * 1.8
        return aw, self.height

    def draw(self):
        c, pad = self.canv, self.size * 0.6
        x = self.width - self.tw - 2 * pad
        c.setFillColor(self.r.accent)
        c.roundRect(x, 0, self.tw + 2 * pad, self.height, self.height / 2, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(self.r.bold, self.size)
        c.drawString(x + pad, self.height * 0.3, self.text)


class ContentsLine(Flowable):
    """One contents entry: its text, then the printed page number at the right, after dot
    leaders, or right after the title, as the style says."""

    def __init__(self, r: RL, entry):
        super().__init__()
        self.r, self.e = r, entry
        s = r.s.size
        self.font = r.bold if entry.level < 3 else r.regular
        self.fs = s * (1.05 if entry.level == 1 else 0.95)
        self.indent = (entry.level - 1) * s * 1.4
        self.numw = s * 2.5
        self.style = ParagraphStyle("toc", r.ps("body"), fontName=self.font, fontSize=self.fs,
                                    leading=self.fs * 1.3, alignment=TA_LEFT,
                                    textColor=r.colour if entry.level == 1 else colors.black,
                                    spaceBefore=s * (0.7 if entry.level == 1 else 0.15), spaceAfter=0)

    def wrap(self, aw, ah):
        self.width = aw
        text = self.r.markup(self.e.text)
        if self.r.s.contents == "after":
            text += f"&nbsp;&nbsp;&nbsp;<b>{escape(self.e.page)}</b>"
            self.p = Paragraph(text, self.style)
            self.pw = aw - self.indent
        else:
            self.p = Paragraph(text, self.style)
            self.pw = aw - self.indent - self.numw - self.r.s.size * 2
        _, self.height = self.p.wrap(self.pw, ah)
        return aw, self.height

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def draw(self):
        c = self.canv
        self.p.drawOn(c, self.indent, 0)
        if self.r.s.contents == "after":
            return
        baseline = self.height - self.fs - (len(self.p.blPara.lines) - 1) * self.style.leading
        c.setFont(self.font, self.fs)
        c.setFillColor(self.style.textColor)
        c.drawRightString(self.width, baseline, self.e.page)
        if self.r.s.contents == "leaders":
            last = self.p.blPara.lines[-1]
            extra = last[0] if isinstance(last, tuple) else last.extraSpace
            x0 = self.indent + self.pw - extra + self.r.s.size
            x1 = self.width - stringWidth(self.e.page, self.font, self.fs) - self.r.s.size
            dot = stringWidth(". ", self.r.regular, self.fs)
            n = int((x1 - x0) / dot)
            if n > 1:
                c.setFont(self.r.regular, self.fs)
                c.drawRightString(x1, baseline, ". " * n)


class BoxHead:
    """A box header in the style's variant: lays out for a width, draws at a top-left corner."""

    def __init__(self, r: RL, region: str, title: str):
        self.r, self.region, self.title = r, region, title

    def layout(self, width: float) -> float:
        r, s = self.r, self.r.s.size
        kind = r.s.header
        self.hp = s * 0.45
        white = colors.white
        bold = r.bold
        reg = ParagraphStyle("reg", r.ps("box"), fontName=bold, fontSize=s, leading=s * 1.2, spaceAfter=0,
                             alignment=TA_LEFT, textColor=white)
        tit = ParagraphStyle("tit", reg, fontSize=s * 1.05, leading=s * 1.25, textColor=r.colour)
        self.parts = []  # (flowable, x, y_from_top, w, h)
        self.fills = []  # (colour, x, y_from_top, w, h)
        if kind == "beside":
            words = self.region.split()
            rw = max(width * 0.2, max(stringWidth(w, bold, s) for w in words) + 2 * self.hp + 2)
            p_reg = Paragraph(r.markup(self.region), reg)
            p_tit = Paragraph(r.markup(self.title), tit)
            _, h1 = p_reg.wrap(rw - 2 * self.hp, 1e6)
            _, h2 = p_tit.wrap(width - rw - 2 * self.hp, 1e6)
            h = max(h1, h2) + 2 * self.hp
            self.fills += [(r.colour, 0, 0, rw, h)]
            if r.s.box in ("tint-band", "tint"):
                self.fills.append((r.tint2, rw, 0, width - rw, h))
            self.parts += [(p_reg, self.hp, self.hp, rw, h1), (p_tit, rw + self.hp, self.hp, width, h2)]
            self.rule = r.s.box == "stroked"
            return h
        if kind == "above":
            tag = stringWidth(self.region, bold, s * 0.9) + 2 * self.hp
            p_reg = Paragraph(r.markup(self.region), ParagraphStyle("tag", reg, fontSize=s * 0.9))
            _, h1 = p_reg.wrap(min(tag, width) - 2 * self.hp + 1, 1e6)
            p_tit = Paragraph(r.markup(self.title), ParagraphStyle("tit2", tit, textColor=colors.black))
            _, h2 = p_tit.wrap(width - 2 * self.hp, 1e6)
            self.fills.append((r.colour, self.hp, self.hp, min(tag, width - self.hp) + 1, h1 + self.hp))
            self.parts += [(p_reg, 2 * self.hp, 1.5 * self.hp, tag, h1),
                           (p_tit, self.hp, 2.6 * self.hp + h1, width, h2)]
            self.rule = False
            return h1 + h2 + 3.2 * self.hp
        if kind in ("band-region", "band-inline"):
            text = self.region if kind == "band-region" else f"{self.region} – {self.title}"
            p_band = Paragraph(r.markup(text), ParagraphStyle("band", reg, fontSize=s * 1.02))
            _, h1 = p_band.wrap(width - 2 * self.hp, 1e6)
            band = h1 + 2 * self.hp
            self.fills.append((r.colour, 0, 0, width, band))
            self.parts.append((p_band, self.hp, self.hp, width, h1))
            self.rule = False
            if kind == "band-inline":
                return band
            p_tit = Paragraph(r.markup(self.title), ParagraphStyle("tit3", tit, textColor=colors.black))
            _, h2 = p_tit.wrap(width - 2 * self.hp, 1e6)
            self.parts.append((p_tit, self.hp, band + self.hp, width, h2))
            return band + h2 + 1.6 * self.hp
        # small caps region above a bold title
        p_reg = Paragraph(r.markup(self.region, smallcaps=s * 0.8),
                          ParagraphStyle("sc", reg, fontName=r.regular, textColor=r.colour, fontSize=s * 1.02))
        _, h1 = p_reg.wrap(width - 2 * self.hp, 1e6)
        p_tit = Paragraph(r.markup(self.title), ParagraphStyle("tit4", tit, textColor=colors.black,
                                                             fontSize=s * 1.1, leading=s * 1.3))
        _, h2 = p_tit.wrap(width - 2 * self.hp, 1e6)
        self.parts += [(p_reg, self.hp, self.hp * 0.5, width, h1), (p_tit, self.hp, self.hp + h1, width, h2)]
        self.rule = False
        return h1 + h2 + 1.8 * self.hp

    def draw(self, canvas, x: float, top: float, width: float, height: float) -> None:
        for colour, fx, fy, fw, fh in self.fills:
            canvas.setFillColor(colour)
            canvas.rect(x + fx, top - fy - fh, fw, fh, stroke=0, fill=1)
        if self.rule:
            canvas.setStrokeColor(self.r.colour)
            canvas.setLineWidth(0.8)
            canvas.line(x, top - height, x + width, top - height)
        for flow, fx, fy, _, fh in self.parts:
            flow.drawOn(canvas, x + fx, top - fy - fh)


class BoxFlow(Flowable):
    """A framed box: header, then body flowables over ``columns`` balanced columns.

    Splits over frames: the fragment keeps the header and is open at the bottom,
    the continuation has no header and is open at the top.
    """

    def __init__(self, r: RL, head: BoxHead | None, body: list[Flowable], columns: int, first: bool = True,
                 last: bool = True, filled: list | None = None, decor: str | None = None, keep: bool = False):
        super().__init__()
        self.r, self.head, self.body, self.ncol = r, head, body, columns
        self.first, self.last, self.filled = first, last, filled
        self.decor = decor or r.s.box
        self.keep = keep
        s = r.s.size
        self.pad = s * 0.8
        self.left = {"none": s * 1.6, "left-rule": s * 1.1}.get(self.decor, self.pad)
        self.right = 0 if self.decor in ("none", "left-rule") else self.pad
        self.colgap = s * 1.5

    # layout
    def _inner(self, aw):
        iw = aw - self.left - self.right
        return iw, (iw - (self.ncol - 1) * self.colgap) / self.ncol

    def _head_height(self, aw):
        if not (self.first and self.head):
            return 0.0
        self.head_h = self.head.layout(aw)
        return self.head_h + self.pad * 0.6

    @staticmethod
    def fill(body, ncol, cw, height):
        """Flow ``body`` into ``ncol`` columns of ``height``: (columns, what is left)."""
        cols, queue = [[] for _ in range(ncol)], list(body)
        for col in cols:
            used = 0.0
            while queue:
                f = queue[0]
                sb = f.getSpaceBefore() if col else 0.0
                _, h = f.wrap(cw, height)
                if used + sb + h <= height + 0.01:
                    col.append((f, h, sb))
                    used += sb + h + f.getSpaceAfter()
                    queue.pop(0)
                    continue
                parts = f.split(cw, height - used - sb) if height - used - sb > 0 else []
                if len(parts) >= 2:
                    _, h0 = parts[0].wrap(cw, height - used - sb)
                    col.append((parts[0], h0, sb))
                    queue[0:1] = parts[1:]
                break
        return cols, queue

    @staticmethod
    def col_height(col):
        return sum(sb + h for _, h, sb in col) + sum(f.getSpaceAfter() for f, _, _ in col[:-1])

    def wrap(self, aw, _ah):  # Flowable.wrap(availWidth, availHeight)
        self.width = aw
        iw, cw = self._inner(aw)
        hh = self._head_height(aw)
        if self.filled is None:
            total = sum(f.wrap(cw, 1e6)[1] + f.getSpaceAfter() + f.getSpaceBefore() for f in self.body)
            if self.ncol == 1:
                self.cols, _ = self.fill(self.body, 1, cw, 1e6)
            else:
                lo, hi = total / self.ncol * 0.9, total + self.r.s.size * 4
                best = None
                for _ in range(14):
                    mid = (lo + hi) / 2
                    cols, rest = self.fill(self.body, self.ncol, cw, mid)
                    if rest:
                        lo = mid
                    else:
                        hi, best = mid, cols
                self.cols = best or self.fill(self.body, self.ncol, cw, hi)[0]
        else:
            self.cols = self.filled
        self.body_h = max((self.col_height(c) for c in self.cols), default=0)
        self.height = hh + self.body_h + (self.pad if self.first or not self.head else self.pad * 0.8) + \
            (self.pad if self.last else self.pad * 0.3)
        if self.decor == "none":
            self.height -= self.pad
        return aw, self.height

    def split(self, aw, ah):
        if self.keep and self.first:
            return []
        iw, cw = self._inner(aw)
        hh = self._head_height(aw)
        room = ah - hh - self.pad * 1.4
        if room < self.r.s.size * 4:
            return []
        cols, rest = self.fill(self.body, self.ncol, cw, room)
        if not any(cols):
            return []
        if not rest:
            return [BoxFlow(self.r, self.head, self.body, self.ncol, self.first, self.last, cols, self.decor)]
        return [BoxFlow(self.r, self.head, [], self.ncol, self.first, False, cols, self.decor),
                BoxFlow(self.r, self.head, rest, self.ncol, False, self.last, None, self.decor)]

    # drawing
    def edge(self, c, x0, y0, x1, y1, width):
        """One edge: a stroked line or a thin filled rectangle, as the style says."""
        if self.r.s.edges == "rects":
            if x0 == x1:
                c.rect(x0 - width / 2, min(y0, y1), width, abs(y1 - y0), stroke=0, fill=1)
            else:
                c.rect(min(x0, x1), y0 - width / 2, abs(x1 - x0), width, stroke=0, fill=1)
        else:
            c.setLineWidth(width)
            c.line(x0, y0, x1, y1)

    def draw(self):
        c, r = self.canv, self.r
        w, h = self.width, self.height
        c.saveState()
        if self.decor in ("tint", "tint-band", "panel"):
            c.setFillColor(r.tint)
            c.rect(0, 0, w, h, stroke=0, fill=1)
        if self.decor in ("stroked", "back"):
            colour = colors.white if self.decor == "back" else r.colour
            c.setStrokeColor(colour)
            c.setFillColor(colour)
            lw = 0.9
            self.edge(c, 0, 0, 0, h, lw)
            self.edge(c, w, 0, w, h, lw)
            if self.first:
                self.edge(c, 0, h, w, h, lw)
            if self.last:
                self.edge(c, 0, 0, w, 0, lw)
        if self.decor in ("left-rule", "panel"):
            c.setStrokeColor(r.colour)
            c.setFillColor(r.colour)
            self.edge(c, 1.5, 0, 1.5, h, 3)
        c.restoreState()
        top = h
        if self.first and self.head:
            inset = self.left if self.decor in ("none", "left-rule") else 0
            c.saveState()
            self.head.draw(c, inset, top, w - inset, self.head_h)
            c.restoreState()
            top -= self.head_h + self.pad * 0.6
        elif self.first:
            top -= self.pad
        else:
            top -= self.pad * 0.8
        _, cw = self._inner(w)
        for i, col in enumerate(self.cols):
            x = self.left + i * (cw + self.colgap)
            y = top
            for f, fh, sb in col:
                y -= sb
                f.wrap(cw, fh + 1)  # a later trial split may have dropped its line breaks
                f.drawOn(c, x, y - fh)
                y -= fh + f.getSpaceAfter()


def render(style: Style, pub: Publication, path: Path, workdir: Path) -> Path:
    return RL(style, workdir).build(pub, path)
