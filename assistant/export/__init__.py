"""The whole report as a document: six sections in order, tables from the deterministic core, drafts from the
workspace (or the sections of a parsed report); exported to .docx in 公文 style and to Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..layouts import Layout, get_layout, layout_for_year
from ..tables import parse_tables
from ..tables.model import TableSet


@dataclass
class ReportDoc:
    title: str
    agency: str
    year: int
    layout: Layout
    intro: str = ""
    sections: dict[str, str] = field(default_factory=dict)  # number of a prose section (一/五/六) → text
    tables: TableSet | None = None
    published: str = ""


def workspace_tables(ws) -> TableSet | None:
    """The workspace's tables exactly as the table tab parses them: in the layout the user chose, else the one the
    headers show (a 2021 report may paste 2019-layout tables), never rebuilt from the year alone."""
    if not ws.tables_text.strip():
        return None
    try:
        return parse_tables(ws.tables_text, year=ws.year, layout=ws.layout or None)
    except InputError as exc:  # what the user pasted stays in the workspace, untouched
        raise InputError(f"工作区“{ws.label}”的统计表无法读取：{exc}（请在“统计表”页修改）", where=exc.where) from exc


def from_workspace(ws) -> ReportDoc:
    tables = workspace_tables(ws)
    if tables is not None:
        layout = tables.spec
    else:
        layout = get_layout(ws.layout) if ws.layout else layout_for_year(ws.year)
    return ReportDoc(title=f"{ws.agency}{ws.year}年政府信息公开工作年度报告", agency=ws.agency, year=ws.year,
                     layout=layout, intro=ws.drafts.get(layout.intro.key, ""),
                     sections={s.number: ws.drafts.get(s.key, "") for s in layout.sections if s.is_prose},
                     tables=tables)


def from_report(report) -> ReportDoc:
    title = report.title or f"{report.agency}{report.year or ''}年政府信息公开工作年度报告"
    if report.agency and report.agency not in title:
        title = report.agency + title.strip()
    layout = report.tables.spec
    prose = {s.number for s in layout.sections if s.is_prose}
    return ReportDoc(title=title.replace(" ", ""), agency=report.agency, year=report.year or 0, layout=layout,
                     intro=report.intro, sections={s.number: s.text for s in report.sections if s.number in prose},
                     tables=report.tables if report.tables.tables else None, published=report.published or "")
