"""Whole reports written from the layouts, as text, .docx, .html and .pdf, for the report checker's tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.layouts import get_layout
from assistant.tables.render import render_html_tables
from tests.factory import paste_text, table_set


@dataclass
class Plan:
    """What a synthetic report says. Change a field to plant an inconsistency."""

    layout: str = "2021"
    year: int = 2023
    agency: str = "某某市某某局"
    values: dict = field(default_factory=dict)  # table values (tests.factory.consistent_values)
    period_year: int | None = None  # year printed in the statistical period (default: the report year)
    opening_year: int | None = None
    stated_new: int | None = None  # 新收申请 N 件 in the prose (default: the table's value)
    stated_review: int | None = None
    breakdown: tuple[int, list[int]] = (1520, [320, 1200])  # “主动公开 1520 条，包括：政策文件 320 条、工作动态 1200 条”
    interpretations: int = 35  # “其中政策解读 35 条” (a part of the breakdown's whole)
    drop_section: str | None = None
    fee_sentence: bool = True
    prose_override: dict = field(default_factory=dict)  # part ("一", "五", …) → its paragraphs, replacing the default

    def total(self, row: str) -> int:
        return int(self.values["三"][row]["total"])


SECTION_TITLES = {"一": "一、总体情况", "二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
                  "四": "四、政府信息公开行政复议、行政诉讼情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}


def prose(plan: Plan) -> dict[str, list[str]]:
    """Paragraphs of each part: "intro", "一", "五", "六"."""
    y = plan.year
    py = plan.period_year or y
    new = plan.stated_new if plan.stated_new is not None else plan.total("new")
    review = plan.stated_review if plan.stated_review is not None else int(plan.values["四"]["cases"]["review_total"])
    whole, parts = plan.breakdown
    names = ["政策文件", "工作动态", "通知公告", "人事信息"]
    listing = "、".join(f"{names[i]} {v} 条" for i, v in enumerate(parts))
    six = ["本年度未收取信息处理费。"] if plan.fee_sentence else ["无。"]
    return {**{
        "intro": [f"根据《中华人民共和国政府信息公开条例》规定，{plan.agency}编制本年度报告。本报告中所列数据的统计期限自"
                  f"{py}年1月1日起至{py}年12月31日止。如对本报告有疑问，请与{plan.agency}办公室联系。"],
        "一": [f"{plan.opening_year or y}年，{plan.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
              "（一）主动公开",
              f"全年主动公开政府信息 {whole} 条，包括：{listing}。其中政策解读 {plan.interpretations} 条。",
              "（二）依申请公开",
              f"全年新收政府信息公开申请 {new} 件，均在法定期限内答复。",
              "（三）政府信息管理",
              "严格落实公开前保密审查制度。",
              "（四）政府信息公开平台建设",
              "持续优化政府网站信息公开专栏。",
              "（五）监督保障",
              f"全年因政府信息公开工作被申请行政复议 {review} 件。"],
        "五": ["一是公开内容的针对性有待提高；二是解读形式还不够丰富。下一步将加强培训，提升公开质量。"],
        "六": six,
    }, **plan.prose_override}


def _tables_text(plan: Plan, section: str) -> str:
    layout = get_layout(plan.layout)
    vals = {t.id: plan.values[t.id] for t in layout.tables if t.section == section}
    lines = paste_text(plan.layout, vals).splitlines()
    return "\n".join(lines[1:])  # without the section heading (written by the report)


def report_text(plan: Plan) -> str:
    p = prose(plan)
    out = [f"{plan.agency}{plan.year}年政府信息公开工作年度报告", "", *p["intro"], ""]
    for number in "一二三四五六":
        if number == plan.drop_section:
            continue
        out.append(SECTION_TITLES[number])
        if number in p:
            out += p[number]
        else:
            out.append(_tables_text(plan, number))
        out.append("")
    return "\n".join(out)


def write_txt(plan: Plan, path: Path) -> Path:
    path.write_text(report_text(plan), encoding="utf-8")
    return path


def write_html(plan: Plan, path: Path) -> Path:
    import html

    ts = table_set(plan.layout, plan.values, plan.year)
    tables = render_html_tables(ts)
    blocks = {}
    for chunk in tables.split("<h3>")[1:]:
        heading, table = chunk.split("</h3>", 1)
        blocks[heading[:1]] = table
    p = prose(plan)
    body = [f"<h1>{html.escape(plan.agency)}{plan.year}年政府信息公开工作年度报告</h1>",
            '<div class="meta">发布时间：' + f"{plan.year + 1}-01-20</div>"]
    body += [f"<p>{html.escape(x)}</p>" for x in p["intro"]]
    for number in "一二三四五六":
        if number == plan.drop_section:
            continue
        body.append(f"<h2>{SECTION_TITLES[number]}</h2>")
        body += [f"<p>{html.escape(x)}</p>" for x in p.get(number, [])] or [blocks.get(number, "")]
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>年报</title></head><body>"
                    + "\n".join(body) + "</body></html>", encoding="utf-8")
    return path


def _grid(plan: Plan, number: str) -> list[tuple[list[list[str]], list[tuple[int, int, int, int]]]]:
    """The tables of a section as (rows of cell text, merges), as the official layout prints them."""
    from assistant.tables.grid import build_grid

    layout = get_layout(plan.layout)
    ts = table_set(plan.layout, plan.values, plan.year)
    grids = [build_grid(t, ts.tables[t.id], title=True) for t in layout.tables if t.section == number]
    return [(g.texts("groups"), g.merges()) for g in grids]


def write_docx(plan: Plan, path: Path) -> Path:
    from docx import Document

    doc = Document()
    p = prose(plan)
    doc.add_paragraph(f"{plan.agency}{plan.year}年政府信息公开工作年度报告")
    for x in p["intro"]:
        doc.add_paragraph(x)
    for number in "一二三四五六":
        if number == plan.drop_section:
            continue
        doc.add_paragraph(SECTION_TITLES[number])
        for x in p.get(number, []):
            doc.add_paragraph(x)
        if number not in p:
            for rows, merges in _grid(plan, number):
                table = doc.add_table(rows=len(rows), cols=len(rows[0]))
                table.style = "Table Grid"
                for r, row in enumerate(rows):
                    for c, text in enumerate(row):
                        table.cell(r, c).text = text
                for r0, c0, r1, c1 in merges:
                    text = rows[r0][c0]
                    merged = table.cell(r0, c0).merge(table.cell(r1, c1))
                    merged.text = text
    doc.save(path)
    return path


def write_pdf(plan: Plan, path: Path) -> Path:
    """A PDF laid out like real ones: narrow label column (labels wrap), grid tables, page footers “- N -”."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10)

    def footer(canvas, doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 20, f"- {doc.page} -")

    story = [Paragraph(f"{plan.agency}{plan.year}年政府信息公开工作年度报告", body)]
    p = prose(plan)
    story += [Paragraph(x, body) for x in p["intro"]]
    for number in "一二三四五六":
        if number == plan.drop_section:
            continue
        story.append(Paragraph(SECTION_TITLES[number], body))
        story += [Paragraph(x, body) for x in p.get(number, [])]
        for rows, merges in (_grid(plan, number) if number not in p else []):
            data = [[Paragraph(t, cell) if t and not t.lstrip("+-").replace(",", "").replace(".", "").isdigit() else t
                     for t in row] for row in rows]
            width = len(rows[0])
            label_cols = width - len([c for c in rows[-1] if c and c.lstrip("+-").replace(".", "").isdigit()])
            col_widths = [60] * label_cols + [(460 - 60 * label_cols) / (width - label_cols)] * (width - label_cols)
            t = Table(data, colWidths=col_widths, repeatRows=0)
            style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                     ("FONTSIZE", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in merges]
            t.setStyle(TableStyle(style))
            story += [t, Spacer(1, 8)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)
    return path


WRITERS = {"txt": write_txt, "html": write_html, "docx": write_docx, "pdf": write_pdf}
