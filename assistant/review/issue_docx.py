"""One agency's 问题清单 as .docx (python-docx, the export's 公文 fonts): the findings with quote, expected/actual and
the reviewer's note, then the key figures against last year."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..export.docx import _font
from ..export.fonts import BODY, HEADING, TITLE
from ..findings import ERROR, WARNING
from .overview_html import figure_cells
from .run import AgencyReview, ReviewResult

SMALL = Pt(10.5)


def _cells(table, values: list[str], bold: bool = False) -> None:
    row = table.add_row()
    for cell, text in zip(row.cells, values):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(str(text)), HEADING if bold else BODY, SMALL, bold)


def write_issue_docx(a: AgencyReview, result: ReviewResult, path: Path) -> Path:
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"{a.label}政府信息公开工作年度报告问题清单"), TITLE, Pt(18))
    meta = doc.add_paragraph()
    _font(meta.add_run(f"报告文件：{a.entry.name}；年度：{a.entry.year or '未识别'}；错误 {a.count(ERROR)} 个，提醒 {a.count(WARNING)} 个"
                       + (f"；上年报告：{a.last.name}" if a.last else "")), BODY, Pt(12))
    items = [i for i in a.items if not i.dismissed]
    if items:
        table = doc.add_table(rows=0, cols=6)
        table.style = "Table Grid"
        _cells(table, ["序号", "问题", "位置", "应为 / 实为", "原文", "审阅意见"], bold=True)
        for n, i in enumerate(items, start=1):
            f = i.finding
            values = f"{f.expected or ''} / {f.actual or ''}" if f.expected or f.actual else ""
            note = f"{i.decision}{'：' + i.reason if i.reason else ''}"
            _cells(table, [str(n), f"[{f.severity}] {f.message}", f.where(), values, (f.quote or "")[:300], note])
    else:
        p = doc.add_paragraph()
        _font(p.add_run("未发现需要修改的问题。"), BODY, Pt(12))
    if a.last is not None and a.figures:
        head = doc.add_paragraph()
        _font(head.add_run("主要数字与上年对比"), HEADING, Pt(14))
        table = doc.add_table(rows=0, cols=5)
        table.style = "Table Grid"
        _cells(table, ["主要数字", "上年", "本年", "增减", "增减幅度"], bold=True)
        for fig in a.figures:
            _cells(table, [fig.name, *figure_cells(fig)])
    doc.save(str(path))
    return path
