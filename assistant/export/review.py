"""What a document says before it is exported: the findings `assistant check` reports on it (the tables as parsed,
the adopted drafts), and the parts not yet adopted, named as the layout names them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks.report import check_report, name_layout_table
from ..findings import ERROR, Finding
from ..layouts import Section as Part
from ..layouts.detect import detect_layout
from ..report.model import Report, Section
from ..report.parse import SUBHEADING, stated_numbers
from ..tables.model import TableSet
from . import ReportDoc

PENDING = "（待起草）"  # what the export prints for a part not yet adopted
NO_TABLES = "（未提供统计表）"


def doc_report(doc: ReportDoc) -> Report:
    """The document as the report checker sees it, built in memory (no file, no re-parsing of the tables)."""
    tables = doc.tables if doc.tables is not None else TableSet(layout=doc.layout.id, year=doc.year)
    report = Report(source="（导出前）", title=doc.title, agency=doc.agency, year=doc.year or None,
                    published=doc.published or None, intro=doc.intro.strip(), tables=tables)
    no_line = lambda _pos: None  # the document has no lines yet
    report.numbers = stated_numbers(report.intro, None, no_line)
    for part in doc.layout.sections:
        text = doc.sections.get(part.number, "").strip() if part.is_prose else ""
        subs = [l.strip().split("。")[0] for l in text.splitlines() if SUBHEADING.match(l)]
        report.sections.append(Section(number=part.number, title=part.title, line=0,
                                       text=text or (PENDING if part.is_prose else ""),
                                       subheadings=subs))
        if text:
            report.numbers.extend(stated_numbers(text, part.number, no_line))
    return report


@dataclass
class Review:
    findings: list[Finding]
    pending: list[Part] = field(default_factory=list)  # prose parts without an adopted draft

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def lines(self) -> list[str]:
        """Chinese lines for the export tab and the CLI's stderr; empty when there is nothing to say."""
        out = []
        if self.errors:
            out.append(f"尚有 {len(self.errors)} 个错误：")
            out += [f"  {k}. {f.message}" for k, f in enumerate(self.errors, 1)]
        if self.pending:
            names = "、".join(f"“{p.heading}”" for p in self.pending)
            out.append(f"尚未定稿的部分：{names}（导出中标为“{PENDING.strip('（）')}”）")
        return out

    def verdict(self) -> str:
        """「含 2 个错误」, or 「未发现错误」."""
        return f"含 {len(self.errors)} 个错误" if self.errors else "未发现错误"


def _layout_notes(doc: ReportDoc) -> list[Finding]:
    """What the checker says of the layout once the document is a file: there the layout comes from the headers,
    so a layout the user chose that is not the year's one gets the year's 提醒."""
    if doc.tables is None or doc.tables.layout_source != "用户指定":
        return []
    findings = detect_layout(" ".join(doc.layout.markers), year=doc.year or None).findings
    name_layout_table(findings, doc.tables)
    return findings


def review(doc: ReportDoc) -> Review:
    findings = check_report(doc_report(doc))
    if doc.tables is None:  # said as what to do in a workspace (the same 错误 `assistant check` reports)
        findings = [f.model_copy(update={"message": f"尚未粘贴统计表：第二至第四部分没有表格（导出中标为“{NO_TABLES.strip('（）')}”）"})
                    if f.rule == "report.no_tables" else f for f in findings]
    findings += [f for f in _layout_notes(doc) if f.rule not in {g.rule for g in findings}]
    pending = [p for p in doc.layout.prose_parts
               if not (doc.intro if p.number == "" else doc.sections.get(p.number, "")).strip()]
    return Review(findings=findings, pending=pending)
