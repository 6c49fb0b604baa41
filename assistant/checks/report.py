"""Whole-report checks: the six sections, the statistical period and years, layout-specific content."""

from __future__ import annotations

import re

from ..findings import ERROR, WARNING, Finding
from ..report.model import Report
from ..tables.model import TableSet
from ..text import label_key, nfkc
from . import check_tables
from .prose import check_breakdowns, check_prose_against_tables

_PERIOD = re.compile(
    r"(?:(20\d{2})\s*年\s*)?1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)+\s*(?:(20\d{2})\s*年\s*)?12\s*月\s*31\s*日")
_OPENING_YEAR = re.compile(r"^\s*(20\d{2})\s*年\s*[,，]")


def check_structure(report: Report) -> list[Finding]:
    layout = report.tables.spec
    order = [s.number for s in layout.sections]
    out: list[Finding] = []
    found = {s.number: s for s in report.sections}
    missing = [part for part in layout.sections if part.number not in found]
    known = [s for s in report.sections if s.number in order]
    if known and missing:
        last_found = max(order.index(s.number) for s in known)
        tail = [s for s in missing if order.index(s.number) > last_found]
        if tail and len(tail) == len(missing):
            names = "、".join(part.heading for part in tail)
            out.append(Finding(rule="report.truncated", severity=ERROR,
                               message=f"报告不完整：在“{report.sections[-1].number}、{report.sections[-1].title}”之后缺少{names}（可能被截断）"))
        else:
            for part in missing:
                out.append(Finding(rule="report.missing_section", severity=ERROR,
                                   message=f"缺少第{part.number}部分“{part.heading}”"))
    numbers = [s.number for s in known]
    if numbers != sorted(numbers, key=order.index):
        first, last = layout.sections[0].number, layout.sections[-1].number
        out.append(Finding(rule="report.section_order", severity=ERROR,
                           message=f"各部分顺序有误：报告中依次为{'、'.join(numbers)}，应为{first}至{last}依次排列"))
    for s in report.sections:
        official = layout.part(s.number)
        if official and label_key(official.title) not in label_key(s.title):
            out.append(Finding(rule="report.section_title", severity=WARNING, quote=f"{s.number}、{s.title}",
                               line=s.line, expected=official.heading, actual=f"{s.number}、{s.title}",
                               message=f"第{s.line}行标题“{s.number}、{s.title}”与{layout.label}的标题“{official.heading}”不同"))
        for need in official.required if official else []:
            if not any(word in s.text for word in need.any):
                out.append(Finding(rule=need.rule, severity=need.severity, quote=s.text[:80] or None, line=s.line,
                                   message=need.message))
    return out


def check_years(report: Report) -> list[Finding]:
    out: list[Finding] = []
    year = report.year
    if year is None:
        out.append(Finding(rule="report.year_unknown", severity=WARNING,
                           message="未能从标题中识别报告年度；可用 --year 指定"))
        return out
    head = report.intro + "\n" + "\n".join(s.text for s in report.sections[:1])
    for m in _PERIOD.finditer(nfkc(head)):
        years = [int(y) for y in m.groups() if y]
        if any(y != year for y in years):
            out.append(Finding(rule="report.period_year", severity=ERROR, quote=m.group(0), expected=str(year),
                               actual="、".join(dict.fromkeys(str(y) for y in years)),
                               message=f"统计期限“{m.group(0)}”与报告年度 {year} 年不符"))
    first_part = report.tables.spec.sections[0]
    first = report.section(first_part.number)
    if first is not None:
        opening = _OPENING_YEAR.match(nfkc(first.text.strip()))
        if opening and int(opening.group(1)) != year:
            out.append(Finding(rule="report.opening_year", severity=ERROR, quote=first.text.strip()[:40],
                               line=first.line + 1, expected=str(year), actual=opening.group(1),
                               message=f"“{first_part.heading}”开头写“{opening.group(1)}年”，与报告年度 {year} 年不符"))
    if report.published:
        pub_year = int(report.published[:4])
        if pub_year < year:
            out.append(Finding(rule="report.published_year", severity=ERROR, expected=f"≥ {year}", actual=report.published,
                               message=f"发布日期 {report.published} 早于报告年度 {year} 年"))
    return out


def check_report(report: Report, last: TableSet | None = None) -> list[Finding]:
    findings = [*report.findings, *check_tables(report.tables, last), *check_structure(report), *check_years(report),
                *check_breakdowns(report), *check_prose_against_tables(report)]
    truncated = any(f.rule == "report.truncated" for f in findings)
    if truncated:  # tables of the sections cut off are reported once, as the truncation
        present = {s.number for s in report.sections}
        layout = report.tables.spec
        findings = [f for f in findings if f.rule != "table.truncated" and not (f.rule == "table.missing" and f.table_id
                                                 and layout.table(f.table_id).section not in present)]
    if not report.tables.tables:
        findings = [f for f in findings if f.rule != "parse.no_tables"]
        findings.append(Finding(rule="report.no_tables", severity=ERROR,
                                message="报告中没有找到统计表（第二至第四部分的表格）；若报告被截断或表格为图片，请提供完整的文字版"))
    return findings


def check_file(path, *, year: int | None = None, layout: str | None = None, last: TableSet | None = None):
    """A file as the user gives it: a whole report is checked as one, anything else as tables.
    Returns (tables, report or None, findings); raises InputError (Chinese) when it cannot be read."""
    from ..report import load

    ts, report = load(path, year=year, layout=layout)
    return ts, report, (check_report(report, last) if report is not None else check_tables(ts, last))
