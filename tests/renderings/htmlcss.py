"""The publication as one HTML document with print CSS, printed by Chromium or WeasyPrint.

The HTML is the same for every style (apart from the summaries, whose markup
is a panel grid, a table or a paragraph); the CSS says how it looks. Boxes
break across pages where the engine breaks them, their borders sliced
(``box-decoration-break: slice``): open at the break.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from .source import (
    Axis,
    Box,
    Contents,
    Cover,
    CoverLine,
    Heading,
    Item,
    Lead,
    Panel,
    Paragraph,
    Part,
    Publication,
    Section,
    Sub,
    Summary,
    Title,
    spans,
)
from .style import CSS_FAMILIES, RUNNING, Style, renamed_fonts, tint

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run"]


def inline(text: str) -> str:
    return "".join(f"<b>{escape(s.text)}</b>" if s.bold else escape(s.text) for s in spans(text))


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Builder:
    def __init__(self, style: Style):
        self.s = style
        self.chapters: list[tuple[str, str]] = []  # (page name, running text)

    def body(self, items) -> str:
        out = []
        for b in items:
            if isinstance(b, Item):
                out.append(f'<p class="li l{b.level}"><span class="bullet">{escape(b.bullet)}</span>'
                           f"{inline(b.text)}</p>")
            elif isinstance(b, Lead):
                out.append(f'<p class="lead">{inline(b.text)}</p>')
            elif isinstance(b, Paragraph):
                out.append(f'<p class="p l{b.level}">{inline(b.text)}</p>')
        return "\n".join(out)

    def box(self, box: Box) -> str:
        repeat = f'<p class="lead repeat">{escape(box.title)}</p>\n' if self.s.title_repeat else ""
        return (f'<div class="box">\n<div class="box-head"><div class="region">{escape(box.region)}</div>'
                f'<span class="sep"> – </span><div class="title">{escape(box.title)}</div></div>\n'
                f'<div class="box-body">\n{repeat}{self.body(box.body)}\n</div>\n</div>')

    def summary(self, summary: Summary) -> str:
        kind = self.s.summary
        if kind == "panels":
            cells = "".join(f'<div class="panel"><div class="label">{escape(t.label)}</div>'
                            + "".join(f'<div class="r">{escape(r)}</div>' for r in t.regions) + "</div>"
                            for t in summary.types)
            return f'<div class="summary panels">{cells}</div>'
        if kind == "comma":
            return ('<div class="summary comma">'
                    + "".join(f'<div class="type"><p class="label">{escape(t.label)}</p><p class="regions">'
                              f'{escape(", ".join(t.regions))}</p></div>' for t in summary.types) + "</div>")
        rows = "".join(f'<tr><th>{escape(t.label)}</th><td>'
                       + "".join(f"<div>{escape(r)}</div>" for r in t.regions) + "</td></tr>"
                       for t in summary.types)
        return f'<table class="summary {kind}"><tbody>{rows}</tbody></table>'

    def panel(self, panel: Panel) -> str:
        title = f"<h4>{escape(panel.title)}</h4>" if panel.title else ""
        return f'<aside class="panel {panel.kind}">{title}{self.body(panel.body)}</aside>'

    def contents(self, contents: Contents) -> str:
        rows = []
        for e in contents.entries:
            rows.append(f'<p class="entry l{e.level}"><span class="t">{escape(e.text)}</span>'
                        f'<span class="dots"></span><span class="n">{escape(e.page)}</span></p>')
        return (f'<section class="contents"><h1 class="title">{escape(contents.title)}</h1>'
                f'<div class="toc">{"".join(rows)}</div></section>')

    def cover(self, cover: Cover) -> str:
        out = []
        for part in cover.parts:
            if isinstance(part, CoverLine):
                tag = "h1" if part.role == "display" else "p"
                out.append(f'<{tag} class="{part.role}">{escape(part.text)}</{tag}>')
            elif isinstance(part, Item):
                out.append(f'<p class="li l1"><span class="bullet">{escape(part.bullet)}</span>'
                           f"{inline(part.text)}</p>")
            elif isinstance(part, Panel):
                out.append(self.panel(part))
            elif isinstance(part, Paragraph):
                out.append(f'<p class="p">{inline(part.text)}</p>')
        if cover.kind == "front":
            note = [o for o in out if 'class="note"' in o]
            main = [o for o in out if 'class="note"' not in o]
            return (f'<section class="cover front"><div class="band">{"".join(main)}</div>'
                    f'{"".join(note)}</section>')
        return f'<section class="cover back">{"".join(out)}</section>'

    def document(self, pub: Publication, font_faces: str) -> str:
        parts: list[str] = []
        chapter: list[str] | None = None
        running = ""

        def close():
            if chapter is not None:
                name = f"c{len(self.chapters)}"
                parts.append(f'<section class="chapter" style="page: {name}">\n' + "\n".join(chapter)
                             + "\n</section>")
                self.chapters.append((name, running))

        for block in pub.blocks:
            if isinstance(block, Cover):
                close()
                chapter = None
                parts.append(self.cover(block))
            elif isinstance(block, Contents):
                parts.append(self.contents(block))
            elif isinstance(block, (Title, Part, Axis)):
                close()
                chapter = []
                if isinstance(block, Title):
                    running = block.text
                    chapter.append(f'<h1 class="title">{escape(block.text)}</h1>')
                elif isinstance(block, Part):
                    running = f"{block.label} — {block.title}"
                    chapter.append(f'<h1 class="part"><span class="label">{escape(block.label)}</span> '
                                   f'<span class="text">{escape(block.title)}</span></h1>')
                else:
                    chapter.append(f'<h1 class="axis"><span class="text">{escape(block.title)}</span> '
                                   f'<span class="badge">{escape(block.badge)}</span></h1>')
            elif chapter is None:
                raise ValueError(f"{type(block).__name__} outside a chapter")
            elif isinstance(block, Section):
                chapter.append(f'<h2 class="section"><span class="num">{escape(block.number)}</span> '
                               f"{escape(block.title)}</h2>")
            elif isinstance(block, Heading):
                chapter.append(f'<h2 class="heading">{escape(block.text)}</h2>')
            elif isinstance(block, Sub):
                if block.bullet:
                    chapter.append(f'<h3 class="sub li l{block.level}"><span class="bullet">'
                                   f"{escape(block.bullet)}</span>{escape(block.text)}</h3>")
                else:
                    chapter.append(f'<h3 class="sub">{escape(block.text)}</h3>')
            elif isinstance(block, (Paragraph, Item)):
                chapter.append(self.body([block]))
            elif isinstance(block, Box):
                chapter.append(self.box(block))
            elif isinstance(block, Summary):
                chapter.append(self.summary(block))
            elif isinstance(block, Panel):
                chapter.append(self.panel(block))
        close()
        return ('<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
                "<title>Panorama — Les politiques régionales de soutien à l’IAE</title>"
                f"<style>\n{font_faces}\n{self.css()}\n</style></head>\n<body>\n" + "\n".join(parts)
                + "\n</body></html>\n")

    # ------------------------------------------------------------------------------------------------
    def furniture(self) -> str:
        s = self.s
        small = f"font-family: {CSS_FAMILIES[s.font]}; font-size: {s.size * 0.72:.1f}pt; color: #555;"
        kind = s.furniture
        rules = []
        if kind == "header":
            rules.append(f"@page {{ @top-left {{ content: {css_string(RUNNING)}; {small} vertical-align: bottom;"
                         f" padding-bottom: 4pt; border-bottom: 0.4pt solid #999; }}"
                         f" @top-right {{ content: counter(page) \" / \" counter(pages); {small}"
                         f" font-weight: bold; vertical-align: bottom; padding-bottom: 4pt;"
                         f" border-bottom: 0.4pt solid #999; }} }}")
        elif kind == "part":
            rules.append(f"@page {{ @bottom-center {{ content: counter(page); {small} }} }}")
            for name, running in self.chapters:
                rules.append(f"@page {name} {{ @top-left {{ content: {css_string(running)}; {small}"
                             f" vertical-align: bottom; padding-bottom: 6pt; }} }}")
        elif kind == "alternating":
            rules.append(f"@page :left {{ @bottom-left {{ content: counter(page); {small} font-weight: bold; }} }}")
            rules.append(f"@page :right {{ @bottom-right {{ content: counter(page); {small} font-weight: bold; }} }}")
        elif kind == "footer":
            rules.append(f"@page {{ @bottom-center {{ content: \"page \" counter(page); {small} }} }}")
        blank = " ".join(f"@{b} {{ content: none; border: none; }}" for b in
                         ("top-left", "top-right", "bottom-left", "bottom-right", "bottom-center"))
        rules.append(f"@page cover {{ margin: 0; {blank} }}")
        rules.append(f"@page cover:left {{ margin: 0; {blank} }}")
        rules.append(f"@page cover:right {{ margin: 0; {blank} }}")
        return "\n".join(rules)

    def css(self) -> str:
        s = self.s
        top, right, bottom, left = s.margins
        width, height = s.pagesize
        c, a = s.colour, s.accent
        light, mid = tint(c, 0.12), tint(c, 0.28)
        size = s.size
        box = {
            "stroked": f"border: 1pt solid {c}; padding: 0 0 0.6em 0;",
            "tint": f"background: {light}; padding: 0 0 0.6em 0;",
            "tint-band": f"background: {light}; padding: 0 0 0.6em 0;",
            "left-rule": f"border-left: 3pt solid {c}; padding: 0.1em 0 0.3em 0.9em;",
            "none": "padding: 0 0 0 1.6em;",
        }[s.box]
        body_pad = "0.5em 0.8em 0 0.8em" if s.box in ("stroked", "tint", "tint-band") else "0.4em 0 0 0"
        head = {
            "beside": f"""
                .box-head {{ display: flex; align-items: stretch; }}
                .box-head .region {{ flex: 0 0 19%; background: {c}; color: white; font-weight: bold;
                    padding: 0.45em 0.5em; box-sizing: border-box; }}
                .box-head .title {{ flex: 1; font-weight: bold; color: {c}; padding: 0.45em 0.6em;
                    font-size: 1.05em; {'background: ' + mid + ';' if s.box in ('tint', 'tint-band') else ''}
                    {'border-bottom: 0.8pt solid ' + c + ';' if s.box == 'stroked' else ''} }}""",
            "above": f"""
                .box-head {{ padding: 0.5em 0.6em 0 0.6em; }}
                .box-head .region {{ display: inline-block; background: {c}; color: white; font-weight: bold;
                    font-size: 0.88em; padding: 0.15em 0.5em; margin-bottom: 0.35em; }}
                .box-head .title {{ font-weight: bold; font-size: 1.05em; }}""",
            "band-region": f"""
                .box-head .region {{ background: {c}; color: white; font-weight: bold; padding: 0.35em 0.6em; }}
                .box-head .title {{ font-weight: bold; font-size: 1.05em; padding: 0.45em 0.6em 0 0.6em; }}""",
            "band-inline": f"""
                .box-head {{ background: {c}; color: white; font-weight: bold; padding: 0.4em 0.6em; }}
                .box-head .region, .box-head .title {{ display: inline; }}
                .box-head .sep {{ display: inline; }}""",
            "smallcaps": f"""
                .box-head {{ padding: 0.3em 0 0 0; }}
                .box-head .region {{ font-variant: small-caps; color: {c}; letter-spacing: 0.03em;
                    font-size: 1.05em; }}
                .box-head .title {{ font-weight: bold; font-size: 1.1em; margin-top: 0.1em; }}""",
        }[s.header]
        if s.box in ("left-rule", "none") and s.header in ("above", "band-region", "band-inline"):
            head += ".box-head { padding-left: 0; padding-right: 0; } .box-head .title { padding-left: 0; }"
        summary = {
            "panels": f"""
                .summary.panels {{ display: grid; gap: 0.8em; margin: 1em 0;
                    grid-template-columns: repeat({3 if s.page_columns == 1 else 1}, 1fr); }}
                .summary .panel {{ background: {light}; border-top: 2.5pt solid {a}; padding: 0.5em 0.6em 0.8em;
                    font-size: 0.92em; break-inside: avoid; }}
                .summary .panel .label {{ font-weight: bold; color: {c}; margin-bottom: 0.4em; }}""",
            "grid": """
                table.summary { border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.92em; }
                table.summary th, table.summary td { border: 0.6pt solid black; padding: 0.35em 0.5em;
                    vertical-align: top; text-align: left; }
                table.summary th { width: 58%; }
                table.summary tr { break-inside: avoid; }""",
            "borderless": f"""
                table.summary {{ border-collapse: collapse; width: 100%; margin: 1em 0; font-size: 0.92em; }}
                table.summary th, table.summary td {{ padding: 0 0.8em 0.8em 0; vertical-align: top;
                    text-align: left; }}
                table.summary th {{ width: 42%; color: {c}; }}
                table.summary tr {{ break-inside: avoid; }}""",
            "comma": f"""
                .summary.comma {{ margin: 1em 0; display: grid; column-gap: 1.4em; font-size: 0.92em;
                    grid-template-columns: repeat({3 if s.page_columns == 1 else 1}, 1fr); }}
                .summary.comma .type {{ break-inside: avoid; }}
                .summary.comma .label {{ font-weight: bold; color: {c}; margin: 0.5em 0 0.2em; text-align: left; }}
                .summary.comma .regions {{ margin: 0 0 0.4em 0; text-align: left; }}""",
        }[s.summary]
        contents = {
            "right": (".toc .entry { display: flex; align-items: baseline; }"
                      " .toc .n { margin-left: auto; padding-left: 2em; }"),
            "after": ".toc .n { margin-left: 0.7em; font-weight: bold; }",
            "leaders": (".toc .entry { display: flex; align-items: baseline; }"
                        " .toc .dots { flex: 1; border-bottom: 1.4pt dotted #444; margin: 0 0.5em; }"
                        if s.engine == "chromium" else
                        ".toc .n::before { content: leader('. '); } .toc .entry { text-align: left; }"),
        }[s.contents]
        columns = (f".chapter {{ columns: {s.page_columns}; column-gap: {size * 1.8:.1f}pt; }}"
                   if s.page_columns > 1 else "")
        box_columns = (f".box-body {{ columns: {s.box_columns}; column-gap: 1.5em; }}"
                       if s.box_columns > 1 and s.page_columns == 1 else "")
        part_band = (f"h1.part {{ background: {c}; color: white; padding: 0.3em 0.5em; }}"
                     if s.part_band else f"h1.part .label {{ background: {a}; color: white; padding: 0.02em 0.3em; }}")
        return f"""
@page {{ size: {width:.2f}pt {height:.2f}pt; margin: {top}pt {right}pt {bottom}pt {left}pt; }}
{self.furniture()}
html {{ font-family: {CSS_FAMILIES[s.font]}; font-size: {size}pt; line-height: 1.32; }}
body {{ margin: 0; }}
p {{ margin: 0 0 0.55em 0; text-align: {'justify' if s.justify else 'left'}; orphans: 2; widows: 2; }}
h1, h2, h3, h4 {{ break-after: avoid; }}
h1 {{ color: {c}; line-height: 1.35; padding-top: 0.3em; }}  /* ink of accented capitals stays on its page */
h1 {{ column-span: all; overflow-wrap: break-word; }}  /* a chapter title across a magazine page's columns */
h1.title {{ font-size: 2.2em; margin: 0 0 0.5em 0; }}
h1.part {{ font-size: 1.3em; margin: 0 0 1em 0; }}
{part_band}
h1.axis {{ font-size: 2.1em; margin: 0 0 0.6em 0; }}
h1.axis .badge {{ font-size: 0.45em; background: {a}; color: white; border-radius: 1em; padding: 0.2em 0.7em;
    vertical-align: middle; white-space: nowrap; }}
h2 {{ color: {c}; font-size: 1.25em; margin: 1.1em 0 0.5em 0; }}
h2.section .num {{ color: {a}; margin-right: 0.3em; }}
h3.sub {{ color: {c}; font-size: 1.05em; margin: 0.7em 0 0.3em 0; }}
.chapter {{ break-before: page; }}
{columns}
.p.l1 {{ margin-left: 1.5em; }}
.li {{ padding-left: 1.5em; text-indent: -1.1em; text-align: left; }}
.li.l2 {{ padding-left: 3em; }}
.li .bullet {{ display: inline-block; width: 1.1em; text-indent: 0; }}
h3.sub.li {{ padding-left: 1.5em; text-indent: -1.1em; }}
.box {{ {box} margin: 0.9em 0 1.2em 0; box-decoration-break: slice; -webkit-box-decoration-break: slice;
    {'break-inside: avoid;' if s.keep_boxes else ''} }}
.box-head {{ break-after: avoid; break-inside: avoid; }}
.box-head .sep {{ display: none; }}
{head}
.box-body {{ padding: {body_pad}; font-size: 0.94em; }}
{box_columns}
.box-body p {{ margin-bottom: 0.45em; }}
.box-body .lead {{ font-weight: bold; color: {c}; break-after: avoid; text-align: left; }}
{summary}
aside.panel {{ background: {light}; border-left: 3pt solid {c}; padding: 0.6em 0.9em 0.2em; margin: 1.2em 0;
    box-decoration-break: slice; }}
aside.panel h4 {{ color: {c}; font-size: 1.1em; margin: 0 0 0.4em 0; }}
aside.panel.legal {{ background: none; border: none; padding: 0; font-size: 0.75em; margin-top: 2em; }}
aside.panel.legal p {{ margin: 0; }}
.contents .toc .entry {{ margin: 0.15em 0; text-align: left; }}
.contents .toc .entry.l1 {{ font-weight: bold; color: {c}; margin-top: 0.8em; }}
.contents .toc .entry.l2 {{ font-weight: bold; margin-left: 1.4em; }}
.contents .toc .entry.l3 {{ margin-left: 2.8em; font-size: 0.95em; }}
{contents}
.cover {{ page: cover; break-before: page; break-after: page; height: {height - 2:.1f}pt; box-sizing: border-box;
    padding: {top}pt {right}pt {bottom}pt {left}pt; overflow: hidden; }}
.cover.front {{ padding: 0; }}
.cover.front .band {{ background: {c}; color: white; height: 62%; box-sizing: border-box;
    padding: {top}pt {right}pt 1em {left}pt; border-bottom: 6pt solid {a}; }}
.cover.front .date {{ margin-bottom: 5em; }}
.cover.front .kicker {{ font-weight: bold; font-size: 1.4em; margin-bottom: 1.5em; }}
.cover.front h1.display {{ color: white; font-size: 4.2em; margin: 0 0 0.2em 0; }}
.cover.front .subtitle {{ font-size: 2em; line-height: 1.25; text-align: left; }}
.cover.front .note {{ padding: 2em {right}pt 0 {left}pt; font-weight: bold; font-size: 0.85em; color: {c}; }}
.cover.back {{ background: {c}; color: white; }}
.cover.back aside.panel {{ background: none; border: 1pt solid white; font-size: 0.9em; }}
.cover.back h1.display {{ color: white; font-size: 3em; margin: 3em 0 0.2em 0; }}
.cover.back .subtitle {{ font-weight: bold; font-size: 1.5em; text-align: left; }}
"""


def font_faces(style: Style, workdir: Path) -> str:
    if style.font != "f12":
        return ""
    regular, bold = renamed_fonts(workdir / "fonts")
    return (f'@font-face {{ font-family: "F11"; src: url("{regular.resolve().as_uri()}"); font-weight: normal; }}\n'
            f'@font-face {{ font-family: "F11"; src: url("{bold.resolve().as_uri()}"); font-weight: bold; }}')


def write_html(style: Style, pub: Publication, path: Path, workdir: Path) -> Path:
    path.write_text(Builder(style).document(pub, font_faces(style, workdir)), encoding="utf-8")
    return path


def render(style: Style, pub: Publication, path: Path, workdir: Path) -> Path:
    html = write_html(style, pub, path.with_suffix(".html"), workdir)
    if style.engine == "weasyprint":
        import weasyprint

        weasyprint.HTML(filename=str(html)).write_pdf(str(path))
        return path
    from browser import (
        find,  # any Chrome or Chromium (tests/browser.py); None: Playwright's own
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find(), args=FLAGS)
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri())
            page.emulate_media(media="print")
            page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    return path
