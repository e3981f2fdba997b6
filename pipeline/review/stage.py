"""An HTML review of the dataset: every figure seen where it is printed.

``output/review/index.html`` (static, opens from disk, no network): a
summary, one card per box with a crop of the page and every amount and
quantity outlined on it (click a row to highlight its outline), the
structure types the measure is for and the organisations it names, the validation
findings with a crop of where each is printed, a view per region with a
chart, and a page index with thumbnails. Pages are rendered once by
pypdfium2 and cropped; images are WebP.
"""
from __future__ import annotations

import html
import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pandas as pd
import pypdfium2 as pdfium
from PIL import Image

from pipeline.core.geometry import BBox, union
from pipeline.core.paths import StagePaths
from pipeline.core.provenance import provenance_lines
from pipeline.core.settings import ReviewSettings
from pipeline.dataset.publish import is_previous_review, publish_folder
from pipeline.dataset.tables import read_output
from pipeline.pdf.blocks import Block, Part, load_blocks
from pipeline.pdf.extract import US_LETTER, usable_box
from pipeline.pdf.layout import Line, load_lines_where
from pipeline.structure.segment import Segments, load_segments

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the non-interactive backend)

STYLE = """
body{font-family:system-ui,sans-serif;margin:0 2rem 4rem;color:#1b2a35;max-width:1200px}
nav a{margin-right:1rem} h2{border-bottom:2px solid #d2e2ee;padding-bottom:.3rem;margin-top:2.5rem}
.card{display:flex;flex-wrap:wrap;gap:1.5rem;border:1px solid #d2e2ee;border-radius:8px;padding:1rem;margin:1rem 0}
.crop{position:relative;flex:0 0 auto;align-self:flex-start} .crop img{display:block;max-width:none}
.outline{position:absolute;border:2px solid #e1522a;border-radius:3px;box-sizing:border-box;pointer-events:none}
.outline.active{background:rgba(225,82,42,.25);border-width:3px}
.outline.quantity{border-color:#17597f;border-style:dashed} .outline.quantity.active{background:rgba(23,89,127,.2)}
table{border-collapse:collapse;font-size:.85rem} td,th{border-bottom:1px solid #e6eef4;padding:.2rem .5rem;text-align:left}
tr.amount,tr.quantity{cursor:pointer} tr.amount.active{background:#fde2d8} tr.quantity.active{background:#d9e8f3}
.tag{display:inline-block;border-radius:4px;padding:0 .35rem;margin:0 .2rem .2rem 0;background:#e6eef4;font-size:.85rem}
.tag.unknown{background:#fff1d6}
.meta{color:#4b6475;font-size:.9rem} .warning{color:#9a5b00} .error{color:#b00020}
.pages{display:flex;flex-wrap:wrap;gap:.8rem} .pages figure{margin:0;text-align:center;font-size:.8rem}
.pages img{border:1px solid #ccc}
.block{position:absolute;border:2px solid;box-sizing:border-box}
.block.continued{border-bottom-style:double;border-bottom-width:5px}
.legend span{display:inline-block;padding:0 .4rem;margin-right:.6rem;border:2px solid}
""" + "".join(f".{kind}{{border-color:{colour} !important;border-style:{line}}}"  # noqa: E501 (CSS as the page carries it)
              for kind, (colour, line) in {"framed": ("#17597f", "solid"), "styled": ("#8e44ad", "dashed"),
                                           "table": ("#27ae60", "solid"), "text": ("#9fb0bc", "dotted"),
                                           "furniture": ("#e67e22", "dotted")}.items())
SCRIPT = """
document.querySelectorAll('tr.amount, tr.quantity').forEach(function(row){
  row.addEventListener('click', function(){
    document.querySelectorAll('.active').forEach(function(e){e.classList.remove('active');});
    row.classList.add('active');
    document.querySelectorAll('.outline.o-' + CSS.escape(row.dataset.figure)).forEach(function(o){
      o.classList.add('active');
    });
  });
});
"""


@dataclass
class Crop:
    src: str
    box: BBox          # in PDF points
    width: int
    height: int


def drawable(page: pdfium.PdfPage) -> pdfium.PdfPage:
    """The page with an area PDFium can render: a crop box outside the media box
    leaves it 0 × 0 and render() raises "Crop exceeds page dimensions". Like a
    viewer, fall back on the media box, else on US Letter (as extract does)."""
    width, height = page.get_size()
    if width > 0 and height > 0:
        return page
    box = usable_box(list(page.get_mediabox())) or US_LETTER
    page.set_mediabox(*box)
    page.set_cropbox(*box)
    return page


class PageImages:
    """Pages rendered as they are needed, the last few kept; crops and thumbnails are cut from them."""

    def __init__(self, pdf: Path, folder: Path, settings: ReviewSettings = ReviewSettings()) -> None:
        self.document = pdfium.PdfDocument(str(pdf))
        self.folder = folder
        self.settings = settings
        self.rendered: OrderedDict[int, Image.Image] = OrderedDict()
        self.count = 0

    def page(self, number: int) -> Image.Image:
        """The page at ``crop_scale``; the last ``pages_kept`` stay rendered (an A4
        page is about 5.6 MB here: keeping all of a 1 000-page document's would not fit)."""
        if number not in self.rendered:
            page = drawable(self.document[number - 1])
            self.rendered[number] = page.render(scale=self.settings.crop_scale).to_pil().convert("RGB")
            if len(self.rendered) > self.settings.pages_kept:
                self.rendered.popitem(last=False)
        self.rendered.move_to_end(number)
        return self.rendered[number]

    def crop(self, number: int, box: BBox) -> Crop:
        image = self.page(number)
        scale, padding = self.settings.crop_scale, self.settings.crop_padding
        padded = BBox(max(0.0, box.x0 - padding), max(0.0, box.top - padding),
                      min(image.width / scale, box.x1 + padding), min(image.height / scale, box.bottom + padding))
        left, top, right, bottom = (round(v * scale) for v in (padded.x0, padded.top, padded.x1, padded.bottom))
        piece = image.crop((left, top, right, bottom))
        self.count += 1
        name = f"img/crop-{self.count:03d}.webp"
        piece.save(self.folder / name, "WEBP", quality=self.settings.image_quality)
        return Crop(name, padded, piece.width, piece.height)

    def scaled(self, number: int, scale: float, prefix: str) -> tuple[str, int, int]:
        """The page at ``scale`` (points to pixels): file name, width, height."""
        image = self.page(number)
        rendered = self.settings.crop_scale
        small = image.resize((round(image.width * scale / rendered), round(image.height * scale / rendered)))
        name = f"img/{prefix}-{number:02d}.webp"
        small.save(self.folder / name, "WEBP", quality=self.settings.image_quality)
        return name, small.width, small.height

    def thumbnail(self, number: int) -> str:
        image = self.page(number)
        scale, rendered = self.settings.thumbnail_scale, self.settings.crop_scale
        small = image.resize((round(image.width * scale / rendered), round(image.height * scale / rendered)))
        name = f"img/page-{number:02d}.webp"
        small.save(self.folder / name, "WEBP", quality=self.settings.image_quality)
        return name


def esc(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def outline_div(crop: Crop, box: BBox, element_id: str, amount_class: str = "",
                settings: ReviewSettings = ReviewSettings()) -> str:
    """An outline around ``box`` on the crop, its border outside the box."""
    scale, border = settings.crop_scale, settings.outline_border
    left, top = (box.x0 - crop.box.x0) * scale, (box.top - crop.box.top) * scale
    width, height = (box.x1 - box.x0) * scale, (box.bottom - box.top) * scale
    return (f'<div class="outline {amount_class}" id="{element_id}" '
            f'style="left:{left - border:.0f}px;top:{top - border:.0f}px;'
            f'width:{width + 2 * border:.0f}px;height:{height + 2 * border:.0f}px"></div>')


def printed_pieces(figure, lines_on_page: list[Line], tolerance: float) -> list[BBox]:
    """The figure's box split per printed line, so that "5 / 000€" broken over
    two lines gets two tight outlines instead of one covering both lines."""
    whole = BBox(figure.x0, figure.top, figure.x1, figure.bottom)
    pieces = []
    for line in lines_on_page:
        words = [BBox(x0, top, x1, bottom) for text, x0, top, x1, bottom in line.words
                 if whole.contains(BBox(x0, top, x1, bottom), tol=tolerance) and text.strip("().,;:") and
                 text.strip("().,;:") in figure.text]
        if words:
            pieces.append(union(words))
    return pieces or [whole]


def box_regions(lines: dict[int, Line], ids: list[int]) -> dict[int, BBox]:
    """The box's printed area on each page it spans."""
    by_page: dict[int, list[Line]] = {}
    for i in ids:
        by_page.setdefault(lines[i].page, []).append(lines[i])
    return {page: union(found) for page, found in sorted(by_page.items())}


@dataclass
class BoxRows:
    """What the tables hold for one box."""

    amounts: pd.DataFrame
    quantities: pd.DataFrame
    targets: pd.DataFrame
    partners: pd.DataFrame   # measure_organisations joined to organisations


def outlines_on(crop: Crop, rows: pd.DataFrame, id_column: str, lines_on_page: list[Line], extra: str = "",
                settings: ReviewSettings = ReviewSettings()) -> str:
    return "".join(outline_div(crop, piece, f"o-{getattr(r, id_column)}-{k}",
                               f"o-{getattr(r, id_column)}{extra}", settings)
                   for r in rows.itertuples()
                   for k, piece in enumerate(printed_pieces(r, lines_on_page, settings.figure_word_tolerance)))


def amount_table(amounts: pd.DataFrame) -> str:
    rows = "".join(f'<tr class="amount" data-figure="{esc(r.amount_id)}"><td>{esc(r.text)}</td><td>{r.value:,.2f}</td>'
                   f"<td>{esc(r.unit)}</td><td>{esc(r.role)}</td><td>{esc(r.qualifier)}</td><td>{esc(r.per)}</td>"
                   f"<td>{esc(r.target)}</td><td>{esc(r.page)}</td></tr>" for r in amounts.itertuples())
    return ("<table><tr><th>text</th><th>value</th><th>unit</th><th>role</th><th>qualifier</th><th>per</th>"
            f"<th>target</th><th>page</th></tr>{rows}</table>" if rows else "<p class=meta>No amounts.</p>")


def quantity_table(quantities: pd.DataFrame) -> str:
    rows = "".join(f'<tr class="quantity" data-figure="{esc(r.quantity_id)}"><td>{esc(r.text)}</td><td>{r.value:g}</td>'
                   f"<td>{esc(r.unit)}</td><td>{esc(r.kind)}</td><td>{esc(r.role)}</td><td>{esc(r.qualifier)}</td>"
                   f"<td>{esc(r.year)}</td><td>{esc(r.page)}</td></tr>" for r in quantities.itertuples())
    return ("<table class=quantities><tr><th>text</th><th>value</th><th>unit</th><th>kind</th><th>role</th>"
            f"<th>qualifier</th><th>year</th><th>page</th></tr>{rows}</table>" if rows
            else "<p class=meta>No quantities.</p>")


def who_lines(rows: BoxRows) -> str:
    """The structure types the measure is for, and the organisations it names."""
    targets = "".join(f'<span class="tag target" title="{esc(r.sentence)}">{esc(r.target)}</span>'
                      for r in rows.targets.itertuples()) or "<span class=meta>no type named</span>"
    partners = "".join(f'<span class="tag partner{"" if r.in_reference else " unknown"}" '
                       f'title="{esc(r.kind)} — {esc(r.sentence)}">{esc(r.name)}'
                       f'{f" ×{r.mentions}" if r.mentions > 1 else ""}</span>'
                       for r in rows.partners.itertuples()) or "<span class=meta>none named</span>"
    return f'<p class="targets"><b>For:</b> {targets}</p><p class="partners"><b>With:</b> {partners}</p>'


def measure_card(measure: pd.Series, rows: BoxRows, areas: dict[int, BBox], images: PageImages,
                 lines: dict[int, Line], settings: ReviewSettings = ReviewSettings()) -> str:
    figures = []
    for page, area in areas.items():
        crop = images.crop(page, area)
        page_lines = [ln for ln in lines.values() if ln.page == page]
        outlines = (outlines_on(crop, rows.amounts[rows.amounts["page"] == page], "amount_id", page_lines,
                                settings=settings)
                    + outlines_on(crop, rows.quantities[rows.quantities["page"] == page], "quantity_id", page_lines,
                                  " quantity", settings))
        figures.append(f'<div class="crop" style="width:{crop.width}px"><img src="{crop.src}" width="{crop.width}" '
                       f'height="{crop.height}" alt="page {page}">{outlines}</div>')
    start = "" if pd.isna(measure["start_year"]) else f" · since {int(measure['start_year'])}"
    return (f'<section class="card" id="m-{esc(measure["measure_id"])}" data-region="{esc(measure["region_name"])}">'
            f'<div>{"".join(figures)}</div><div><h3>{esc(measure["region_name"])} — {esc(measure["title"])}</h3>'
            f'<p class="meta">{esc(measure["axis"])}{esc(start)} · page {esc(measure["page"])} · '
            f'<code>{esc(measure["measure_id"])}</code></p>{who_lines(rows)}{amount_table(rows.amounts)}'
            f"{quantity_table(rows.quantities)}</div></section>")


def box_rows(tables: dict[str, pd.DataFrame], measure_id: str) -> BoxRows:
    links = tables["measure_organisations"]
    partners = links[links["measure_id"] == measure_id].merge(tables["organisations"], on="org_id", how="left")
    return BoxRows(tables["amounts"][tables["amounts"]["measure_id"] == measure_id],
                   tables["quantities"][tables["quantities"]["measure_id"] == measure_id],
                   tables["measure_targets"][tables["measure_targets"]["measure_id"] == measure_id], partners)


def finding_area(failure: dict, tables: dict[str, pd.DataFrame], lines: dict[int, Line],
                 settings: ReviewSettings = ReviewSettings()) -> BBox | None:
    """Where a validation finding is printed: its amount's box, else the lines that print its text."""
    for name, key in (("amounts", "amount_id"), ("quantities", "quantity_id")):
        hit = tables[name][tables[name][key] == failure.get("row_id")]
        if len(hit):
            r = hit.iloc[0]
            return BBox(r.x0, r.top, r.x1, r.bottom)
    text = (failure.get("text") or "")[:settings.finding_text_chars]
    found = [ln for ln in lines.values()
             if ln.page == failure.get("page") and text
             and (text[:settings.finding_line_chars] in ln.text or ln.text in text)]
    return union(found) if found else None


def findings_section(report: dict, tables: dict[str, pd.DataFrame], lines: dict[int, Line],
                     images: PageImages, settings: ReviewSettings = ReviewSettings()) -> str:
    items = []
    for check in report["checks"]:
        for failure in check["failures"]:
            area = finding_area(failure, tables, lines, settings) if failure.get("page") else None
            picture = ""
            if area is not None:
                dx, dy = settings.finding_margin_x, settings.finding_margin_y
                context = BBox(max(0, area.x0 - dx), max(0, area.top - dy), area.x1 + dx, area.bottom + dy)
                crop = images.crop(failure["page"], context)
                picture = (f'<div class="crop"><img src="{crop.src}" width="{crop.width}" height="{crop.height}" '
                           f'alt="page {failure["page"]}">{outline_div(crop, area, "", settings=settings)}</div>')
            items.append(f'<section class="card finding"><div>{picture}</div><div>'
                         f'<h3 class="{check["severity"]}">{esc(check["severity"])}: {esc(check["check"])}</h3>'
                         f'<p>{esc(failure["message"])}</p><p class="meta">{esc(check["table"])} · row '
                         f'{esc(failure.get("row_id"))} · page {esc(failure.get("page"))}</p>'
                         f'<p>{esc(failure.get("text"))}</p></div></section>')
    return "".join(items) or "<p>No errors or warnings.</p>"


def region_chart(tables: dict[str, pd.DataFrame], folder: Path,
                 settings: ReviewSettings = ReviewSettings()) -> str | None:
    """Measures and amounts per region: a matplotlib bar chart; None when no
    region has either (a document that is not the publication), since
    matplotlib cannot draw a bar chart of nothing."""
    regions = tables["regions"].set_index("region_code")
    amounts = tables["amounts"].dropna(subset=["region_code"]).groupby("region_code").size()
    data = pd.DataFrame({"measures": regions["n_measures"].astype(int),
                         "amounts": amounts.reindex(regions.index, fill_value=0)}, index=regions.index)
    data.index = regions["region_name"]
    data = data[(data["measures"] > 0) | (data["amounts"] > 0)].sort_values("amounts")
    if data.empty:
        return None
    figure, axes = plt.subplots(figsize=(settings.chart_width,
                                         settings.chart_height_per_region * len(data) + settings.chart_margin))
    data.plot.barh(ax=axes, color=["#17597f", "#e1522a"])
    axes.set_xlabel("rows")
    axes.set_ylabel("")
    figure.tight_layout()
    figure.savefig(folder / "img" / "regions.png", dpi=settings.chart_dpi)
    plt.close(figure)
    return "img/regions.png"


def regions_section(tables: dict[str, pd.DataFrame], chart: str | None,
                    settings: ReviewSettings = ReviewSettings()) -> str:
    measures, interventions = tables["measures"], tables["region_interventions"]
    members, groups = tables["region_group_members"], tables["region_groups"].set_index("group_id")
    partners = tables["measure_organisations"].merge(measures[["measure_id", "region_code"]], on="measure_id") \
        .merge(tables["organisations"], on="org_id")
    rows = []
    for r in tables["regions"].itertuples():
        own = "".join(f'<li><a href="#m-{esc(m.measure_id)}">{esc(m.title)}</a></li>'
                      for m in measures[measures["region_code"] == r.region_code].itertuples())
        types = "".join(f"<li>{esc(i.axis)}: {esc(i.intervention_type)}</li>"
                        for i in interventions[interventions["region_code"] == r.region_code].itertuples())
        preview = settings.group_sentence_chars
        listed = "".join(f"<li>p. {esc(groups.loc[g, 'page'])}: {esc(groups.loc[g, 'sentence'][:preview])}…</li>"
                         for g in members[members["region_code"] == r.region_code]["group_id"])
        bodies = partners[partners["region_code"] == r.region_code].drop_duplicates("org_id")
        works_with = "".join(f'<span class="tag">{esc(b.name)}</span>' for b in bodies.sort_values("name").itertuples())
        rows.append(f'<tr id="r-{r.region_code}"><td><b>{esc(r.region_name)}</b><br><span class=meta>'
                    f"{r.region_code} · {esc(r.survey_status)}</span></td>"
                    f"<td><ul>{own}</ul></td><td><ul>{types}</ul></td>"
                    f"<td><ul>{listed}</ul></td><td>{works_with}</td></tr>")
    picture = f'<img src="{chart}" alt="measures and amounts per region">' if chart else ""
    return (f'{picture}<table><tr><th>region</th><th>measures</th>'
            f"<th>interventions (axis summaries)</th><th>groups</th><th>works with (boxes)</th></tr>{''.join(rows)}"
            "</table>")


def pages_section(tables: dict[str, pd.DataFrame], page_count: int, images: PageImages) -> str:
    items = items_per_page(tables)
    return '<div class="pages">' + "".join(
        f'<figure><img src="{images.thumbnail(n)}" alt="page {n}"><figcaption>page {n} · {items.get(n, 0)} items'
        f"</figcaption></figure>" for n in range(1, page_count + 1)) + "</div>"


def items_per_page(tables: dict[str, pd.DataFrame]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for name in ("measures", "amounts", "quantities", "region_interventions", "region_groups"):
        for page in tables[name]["page"].dropna().astype(int):
            counts[page] = counts.get(page, 0) + 1
    return counts


def block_outline(block: Block, part: Part, scale: float) -> str:
    """One fragment of a block on its page, titled with what the block is."""
    link = "".join(f" · {word} {other}" for word, other in (("continues", block.continues),
                                                           ("continued by", block.continued_by)) if other)
    title = f"{block.id} · {block.kind} · {block.evidence}{link}"
    if block.cells:
        title += f" · {block.rows} rows × {block.columns} columns"
    style = (f"left:{part.x0 * scale:.0f}px;top:{part.top * scale:.0f}px;"
             f"width:{(part.x1 - part.x0) * scale:.0f}px;height:{(part.bottom - part.top) * scale:.0f}px")
    continued = " continued" if block.continued_by else ""
    return (f'<div class="block {block.kind}{continued}" data-block="{block.id}" title="{esc(title)}" '
            f'style="{style}"></div>')


def blocks_section(blocks: list[Block], page_count: int, images: PageImages,
                   settings: ReviewSettings = ReviewSettings()) -> str:
    """Every page with its blocks outlined by kind: what segmentation read."""
    legend = "".join(f'<span class="{kind}">{kind}</span>' for kind in ("framed", "styled", "table", "text",
                                                                         "furniture"))
    outlines_by_page: dict[int, list[str]] = {}
    for block in blocks:
        for part in block.parts:
            outlines_by_page.setdefault(part.page, []).append(block_outline(block, part, settings.blocks_scale))
    figures = []
    for number in range(1, page_count + 1):
        src, width, height = images.scaled(number, settings.blocks_scale, "blocks")
        outlines = "".join(outlines_by_page.get(number, []))
        figures.append(f'<figure><div class="crop" style="width:{width}px"><img src="{src}" width="{width}" '
                       f'height="{height}" alt="page {number}">{outlines}</div><figcaption>page {number}'
                       f"</figcaption></figure>")
    return (f'<p class="legend meta">Outlines by kind (hover for id, evidence, cells and the fragment each '
            f'continues): {legend}</p><div class="pages block-pages">{"".join(figures)}</div>')


def summary_section(tables: dict[str, pd.DataFrame], report: dict) -> str:
    rows = "".join(f'<tr><td>{name}</td><td class="count" data-table="{name}">{len(df)}</td></tr>'
                   for name, df in tables.items())
    s = report["summary"]
    return (f'<p id="totals"><b class="error" id="errors">{s["errors"]} errors</b>, '
            f'<b class="warning" id="warnings">{s["warnings"]} warnings</b> — '
            f'<a href="#validation">see the findings</a></p><table>{rows}</table>')


def page_html(title: str, sections: list[tuple[str, str, str]], header: Sequence[str] = ()) -> str:
    """The page: its title, the ``header`` lines under it (what it was built from), then the sections."""
    nav = "".join(f'<a href="#{anchor}">{esc(name)}</a>' for anchor, name, _ in sections)
    body = "".join(f'<h2 id="{anchor}">{esc(name)}</h2>{content}' for anchor, name, content in sections)
    built_from = "".join(f"<p>{esc(line)}</p>" for line in header)
    return (f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<style>{STYLE}</style></head><body><h1>{esc(title)}</h1><div id="provenance" class="meta">'
            f"{built_from}</div><nav>{nav}</nav>{body}"
            f"<script>{SCRIPT}</script></body></html>\n")


def shown_lines(interim: StagePaths, segments: Segments, report: dict) -> dict[int, Line]:
    """The lines the review draws on, by id: those of the boxes (their cards)
    and those of the pages with a finding (its crop), not the whole document."""
    box_lines = {i for box in segments.boxes for i in box.header_lines + box.body_lines}
    finding_pages = {f.get("page") for check in report["checks"] for f in check["failures"]}
    return load_lines_where(interim, lambda line: line["id"] in box_lines or line["page"] in finding_pages)


def write_review(pdf: Path, interim: StagePaths, out: Path, folder: Path,
                 settings: ReviewSettings = ReviewSettings()) -> None:
    tables = read_output(out)
    report = json.loads((out / "validation" / "report.json").read_text(encoding="utf-8"))
    segments = load_segments(interim)
    lines = shown_lines(interim, segments, report)
    (folder / "img").mkdir()
    images = PageImages(pdf, folder, settings)
    cards = []
    for box in segments.boxes:
        measure = tables["measures"][(tables["measures"]["page"] == box.page)
                                     & (tables["measures"]["title"] == box.title)]
        if len(measure):
            row = measure.iloc[0]
            cards.append(measure_card(row, box_rows(tables, row["measure_id"]),
                                      box_regions(lines, box.header_lines + box.body_lines), images, lines,
                                      settings))
    sections = [("summary", "Summary", summary_section(tables, report)),
                ("measures", f"Measures ({len(cards)})", "".join(cards)),
                ("validation", "Validation findings", findings_section(report, tables, lines, images, settings)),
                ("regions", "Regions", regions_section(tables, region_chart(tables, folder, settings), settings)),
                ("blocks", "Blocks", blocks_section(load_blocks(interim), len(images.document), images, settings)),
                ("pages", "Pages", pages_section(tables, len(images.document), images))]
    header = provenance_lines(report["provenance"]) if report.get("provenance") else []
    (folder / "index.html").write_text(page_html("Panorama IAE 2014 — review of the dataset", sections, header),
                                       encoding="utf-8")


def run(pdf: Path, interim: StagePaths, out: Path, settings: ReviewSettings = ReviewSettings()) -> Path:
    """Stage entry point: output tables + interim + PDF -> ``out/review/index.html``."""
    publish_folder(out / "review", lambda folder: write_review(pdf, interim, out, folder, settings),
                   is_ours=is_previous_review)
    return out / "review" / "index.html"
