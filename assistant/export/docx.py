"""Export to .docx in 公文 style (GB/T 9704 spirit): A4, 方正小标宋简体 title (黑体 fallback) 二号 centred,
黑体 三号 headings, 楷体 sub-headings, 仿宋_GB2312 三号 body with a two-character first-line indent, tables with
full borders and the official labels, numbers right-aligned."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..tables.grid import build_grid
from . import ReportDoc

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "黑体"
HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "黑体", "楷体_GB2312", "仿宋_GB2312"
SIZE_2, SIZE_3, SIZE_5 = Pt(22), Pt(16), Pt(10.5)  # 二号, 三号, 五号
SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_NUMBER = re.compile(r"^[+\-−－]?[\d,，.]+(元|万元|%)?$")


def _font(run, name: str, size, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _para(doc, text: str, font: str, size, *, align=None, indent: bool = False, bold: bool = False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    _font(p.add_run(text), font, size, bold)
    return p


def _body(doc, text: str) -> None:
    for line in (l.strip() for l in text.splitlines()):
        if not line:
            continue
        font = SUBHEADING_FONT if SUBHEADING.match(line) and len(line) <= 40 else BODY_FONT
        _para(doc, line, font, SIZE_3, indent=True)


def _table(doc, spec, data) -> None:
    grid = build_grid(spec, data, title=True)
    rows, merges, header_rows = grid.texts("groups"), grid.merges(), grid.top
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            p = cell.paragraphs[0]
            numeric = r >= header_rows and bool(_NUMBER.match(text))
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else (WD_ALIGN_PARAGRAPH.CENTER if r < header_rows else None)
            _font(p.add_run(text), BODY_FONT, SIZE_5)
    for r0, c0, r1, c1 in merges:
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        text = rows[r0][c0]
        merged.text = ""
        p = merged.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), BODY_FONT, SIZE_5)
    doc.add_paragraph()


def export_docx(report: ReportDoc, path: str | Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    title = _para(doc, report.title, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    # Where 方正小标宋简体 is not installed, Word falls back to 黑体 (w:rFonts hint).
    title.runs[0]._element.rPr.find(qn("w:rFonts")).set(qn("w:hint"), "eastAsia")
    title.paragraph_format.space_after = Pt(16)
    if report.intro.strip():
        _body(doc, report.intro)
    for s in report.layout.sections:
        _para(doc, s.heading, HEADING_FONT, SIZE_3, indent=True)
        if s.kind == "tables":
            tables = report.tables.section_tables(s.number) if report.tables is not None else []
            if not tables:
                _para(doc, "（未提供统计表）", BODY_FONT, SIZE_3, indent=True)
            for spec, data in tables or []:
                _table(doc, spec, data)
        else:
            text = report.sections.get(s.number, "").strip()
            _body(doc, text or "（待起草）")
    if report.published:
        _para(doc, report.published, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
    path = Path(path)
    doc.save(str(path))
    return path
