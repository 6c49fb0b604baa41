"""Export to .docx in 公文 style (GB/T 9704): A4, margins 37/35/28/26 mm; title 方正小标宋简体 二号 centred, wrapped only
between words; 一级标题 黑体 三号, 二级标题 楷体 三号, body 仿宋 三号 on a 28 pt line with a two-character indent;
page numbers “— 1 —” 四号 宋体 at the outside of the page foot. Every font names its fallbacks (fonts.py).
Tables: full borders, the official labels, numbers right-aligned, label columns wide enough that no label wraps more
than twice, header rows repeated after a page break, rows never split; headings kept with what follows them."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt
from docx.table import _Cell

from ..tables.grid import build_grid
from . import ReportDoc
from .fonts import ALL, BODY, HEADING, PAGE_NUMBER, SUBHEADING, TITLE, Font
from .geometry import CELL_MARGIN_PT, TEXT_WIDTH_PT, fit_table, title_width
from .review import NO_TABLES, PENDING

SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)  # 二号, 三号, 四号, 五号
LINE = Pt(28)
SUBHEADING_LINE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_NUMBER = re.compile(r"^[+\-−－]?[\d,，.]+(元|万元|%)?$")


def _font(run, font: Font, size, bold: bool = False) -> None:
    run.font.name = font.name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font.name)
    fonts.set(qn("w:hint"), "eastAsia")


def _para(doc, text: str, font: Font, size, *, align=None, indent: bool = False, keep: bool = False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if keep:
        fmt.keep_with_next = True
    _font(p.add_run(text), font, size)
    return p


def _body(doc, text: str) -> None:
    """Paragraphs of a part: a line “（一）…” alone is a 二级标题 (楷体, kept with what follows); a paragraph that opens
    with one (“（一）加强组织领导。中心……”) has that sentence in 楷体 and the rest in 仿宋."""
    for line in (l.strip() for l in text.splitlines()):
        if not line:
            continue
        if not SUBHEADING_LINE.match(line):
            _para(doc, line, BODY, SIZE_3, indent=True)
            continue
        end = line.find("。") + 1
        if len(line) <= 40 and not line.endswith("。"):
            _para(doc, line, SUBHEADING, SIZE_3, indent=True, keep=True)
        elif 0 < end <= 40 and end < len(line):
            p = _para(doc, line[:end], SUBHEADING, SIZE_3, indent=True)
            _font(p.add_run(line[end:]), BODY, SIZE_3)
        else:
            _para(doc, line, BODY, SIZE_3, indent=True)


def _title(doc, title: str) -> None:
    """Centred, and narrowed so that it wraps between words only (the text itself keeps no line break)."""
    p = _para(doc, title, TITLE, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(36)
    fmt.space_after = LINE
    fmt.keep_with_next = True
    width = title_width(title, SIZE_2.pt)
    if width < TEXT_WIDTH_PT:
        side = (TEXT_WIDTH_PT - width) / 2
        fmt.left_indent = fmt.right_indent = Pt(side)


def _cell_text(cell, text: str, align, *, header: bool, size, keep: bool) -> None:
    cell.text = ""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing = 1.0
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(0)
    fmt.keep_with_next = keep  # on every row but the last: a table that fits on a page is not cut
    _font(p.add_run(text), HEADING if header else BODY, size)


def _row_props(row, *, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _table(doc, spec, data) -> None:
    grid = build_grid(spec, data, title=True)
    rows, merges, top = grid.texts("groups"), grid.merges(), grid.top
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    size, widths = fit_table(grid)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(CELL_MARGIN_PT * 20)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)
    for k, col in enumerate(table.columns):
        col.width = Pt(widths[k])
    # table.cell() walks the whole table on every call: take each row's cells once (no merge made yet)
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, row in enumerate(rows):
        _row_props(table.rows[r], header=r < top)
        for c, text in enumerate(row):
            cell = cells[r][c]
            cell.width = Pt(widths[c])
            numeric = r >= top and c >= grid.label_cols and bool(_NUMBER.match(text))
            align = (WD_ALIGN_PARAGRAPH.RIGHT if numeric else
                     WD_ALIGN_PARAGRAPH.CENTER if r < top or c >= grid.label_cols else WD_ALIGN_PARAGRAPH.LEFT)
            _cell_text(cell, text, align, header=r < grid.title_rows, size=Pt(size), keep=r < len(rows) - 1)
    for r0, c0, r1, c1 in merges:
        merged = cells[r0][c0].merge(cells[r1][c1])
        _cell_text(merged, rows[r0][c0], WD_ALIGN_PARAGRAPH.CENTER, header=r0 < grid.title_rows, size=Pt(size),
                   keep=r1 < len(rows) - 1)
    gap = doc.add_paragraph()
    gap.paragraph_format.line_spacing = Pt(14)
    gap.paragraph_format.space_after = Pt(0)


def _page_number(footer, align, side: str) -> None:
    """「— 1 —」 四号 宋体, one character in from the outside edge."""
    p = footer.paragraphs[0]
    p.alignment = align
    setattr(p.paragraph_format, f"{side}_indent", SIZE_4)
    _font(p.add_run("— "), PAGE_NUMBER, SIZE_4)
    run = p.add_run()
    _font(run, PAGE_NUMBER, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(p.add_run(" —"), PAGE_NUMBER, SIZE_4)


def _font_table(doc) -> None:
    """Each official font with its first fallback (w:altName), GB2312 charset and family: what Word and WPS
    substitute by where the font is missing."""
    from lxml import etree

    part = doc.part.part_related_by(RT.FONT_TABLE)
    table = etree.fromstring(part.blob)
    for font in ALL:
        for el in table.findall(qn("w:font")):
            if el.get(qn("w:name")) == font.name:
                table.remove(el)
        el = etree.SubElement(table, qn("w:font"))
        el.set(qn("w:name"), font.name)
        for tag, value in (("w:altName", font.fallbacks[0]), ("w:charset", "86"), ("w:family", font.family),
                           ("w:pitch", "variable")):
            etree.SubElement(el, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def export_docx(report: ReportDoc, path: str | Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(18)  # the page number sits 7 mm below the text block
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right")
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")
    _font_table(doc)
    _title(doc, report.title)
    if report.intro.strip():
        _body(doc, report.intro)
    for s in report.layout.sections:
        _para(doc, s.heading, HEADING, SIZE_3, indent=True, keep=True)
        if s.kind == "tables":
            tables = report.tables.section_tables(s.number) if report.tables is not None else []
            if not tables:
                _para(doc, NO_TABLES, BODY, SIZE_3, indent=True)
            for spec, data in tables:
                _table(doc, spec, data)
        else:
            text = report.sections.get(s.number, "").strip()
            _body(doc, text or PENDING)
    if report.published:
        _para(doc, report.published, BODY, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
    path = Path(path)
    doc.save(str(path))
    return path
