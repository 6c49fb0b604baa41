"""Whole-report checks: the six sections, the statistical period and years, layout-specific content."""

from __future__ import annotations

import re

from ..findings import ERROR, WARNING, Finding
from ..report.model import Report
from ..tables.model import TableSet
from ..text import label_key, nfkc
from ..report.vocab import report_text
from ..report.year import PERIOD as _PERIOD
from . import check_tables
from .citations import check_citations
from .headers import check_headers
from .prose import check_prose

_OPENING_YEAR = re.compile(r"^\s*(20\d{2})\s*年\s*[,，]")
_ENDS_WELL = tuple("。！？!?）)」”")


def plainly_cut(report: Report) -> bool:
    """The text stops mid-way: its last line is a table row, a heading, or a sentence without its end."""
    _, last = report.last_line
    if not last:
        return False
    if "\t" in last or "|" in last or last.endswith(("：", ":", "、", "，", ",")):
        return True
    if report.sections and report.sections[-1].text.strip() == "":
        return True  # stops right after a heading
    return not last.endswith(_ENDS_WELL)


def _numbering(report: Report) -> list[Finding]:
    shift = report.numbering_shift
    if not shift:
        return []
    printed = {s.number: s for s in report.sections}
    first = report.sections[0] if report.sections else None
    how = f"整体少{'一二三四五六七八九'[shift - 1]}位" if 0 < shift <= 9 else \
        f"整体多{'一二三四五六七八九'[-shift - 1]}位" if -9 <= shift < 0 else "整体错位"
    numbers = [s.number for s in report.sections]
    span = f"第{numbers[0]}至第{numbers[-1]}部分" if len(numbers) > 1 else f"第{numbers[0]}部分" if numbers else "各部分"
    return [Finding(rule="report.section_numbering", severity=WARNING, line=first.line if first else None,
                    quote=first.title if first else None, expected=",".join(printed),
                    message=f"{span}编号{how}（如第 {first.line if first else '?'} 行），已按各标题内容认定各部分并照常检查")]


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
            line, last = report.last_line
            if plainly_cut(report):
                out.append(Finding(rule="report.truncated", severity=WARNING, line=line, quote=last[-30:],
                                   message=f"报告不完整：文本在第 {line} 行“…{last[-20:]}”处中断，之后的{names}都没有；"
                                           "中断处以后的部分和统计表未检查，请提供完整报告"))
            else:
                out.append(Finding(rule="report.truncated", severity=ERROR, line=line,
                                   message=f"报告不完整：在“{report.sections[-1].number}、{report.sections[-1].title}”之后缺少{names}"))
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
        accepted = [official.title, *official.variants] if official else []
        if official and not any(label_key(t) in label_key(s.title) for t in accepted):
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
    ev = report.year_evidence
    if ev.title_typo:
        out.append(Finding(rule="report.title_year", severity=ERROR, quote=ev.title_typo,
                           expected=f"{year}年度" if year else None, actual=ev.title_typo,
                           message=f"标题“{ev.title_typo}”中的年度写法有误"
                                   + (f"；统计期限和正文所写为 {year} 年度" if year and ev.title != year else "")))
    elif year and ev.title and ev.title != year:
        out.append(Finding(rule="report.title_year", severity=ERROR, quote=report.title or None, expected=str(year),
                           actual=str(ev.title),
                           message=f"标题写 {ev.title} 年，但统计期限和正文所写为 {year} 年度"))
    if ev.period_typo:
        out.append(Finding(rule="report.period_year", severity=ERROR, quote=ev.period_typo, actual=ev.period_typo,
                           expected=f"{year}年1月1日至{year}年12月31日" if year else None,
                           message=f"统计期限“{ev.period_typo}”中的日期有误，读不出完整的起止日期"))
    if year is None:
        out.append(Finding(rule="report.year_unknown", severity=WARNING,
                           message="未能从标题、统计期限或正文中识别报告年度；可用 --year 指定"))
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
    body = "\n".join([report.intro] + [s.text for s in report.sections])
    own = report_text().compiled("own_year")
    for m in own.finditer(re.sub(r"《[^》]*》", "", nfkc(body))):
        said = int(next(g for g in m.groups() if g))
        if said != year and not any(f.rule in ("report.title_year", "report.period_year") for f in out):
            out.append(Finding(rule="report.own_year", severity=WARNING, quote=m.group(0)[:60], expected=str(year),
                               actual=str(said),
                               message=f"正文称本报告为 {said} 年度（“{m.group(0)[:40]}”），与报告年度 {year} 年不符"))
            break
    if report.published:
        pub_year = int(report.published[:4])
        if pub_year < year:
            out.append(Finding(rule="report.published_year", severity=ERROR, expected=f"≥ {year}", actual=report.published,
                               message=f"发布日期 {report.published} 早于报告年度 {year} 年"))
    return out


def _after_the_cut(report: Report, findings: list[Finding]) -> list[Finding]:
    """A copy cut off mid-way: drop what only says that the rest is missing (tables of the missing sections, the
    rows after the last row read in the table the cut falls in, the cells of that last row not found)."""
    ts, layout = report.tables, report.tables.spec
    present = {s.number for s in report.sections}
    cut_table, last_row = None, -1
    best = -1
    for table, data in ts.ordered_tables():
        for k, row in enumerate(table.rows):
            lines = [c.line for c in data.rows.get(row.id, {}).values() if c.line]
            if lines and max(lines) >= best:
                best, cut_table, last_row = max(lines), table, k
    order = [t.id for t in layout.tables]
    after: set[str] = set()
    if cut_table is not None:
        after = set(order[order.index(cut_table.id) + 1:])
    gone_rows = {r.id for r in cut_table.rows[last_row + 1:]} if cut_table is not None else set()
    last_id = cut_table.rows[last_row].id if cut_table is not None else None

    def dropped(f: Finding) -> bool:
        if f.rule in ("report.no_tables", "parse.no_tables", "report.missing_section", "report.no_sections",
                      "table.truncated"):
            return True
        if f.rule == "table.missing" and f.table_id:
            return f.table_id in after or layout.table(f.table_id).section not in present
        if cut_table is not None and f.table_id == cut_table.id:
            if f.rule == "row.missing" and f.row_id in gone_rows:
                return True
            if f.rule == "cell.blank" and f.row_id == last_id and ("未找到" in f.message or best >= report.last_line[0]):
                return True  # the last row read, cut: its cells after the cut are not blanks
        return False

    return [f for f in findings if f.rule == "report.truncated" or not dropped(f)]


def name_layout_table(findings: list[Finding], tables: TableSet) -> None:
    """The layout/year finding names the first table printed in the other layout."""
    ordered = tables.ordered_tables()
    for f in findings:
        if f.rule == "layout.year_mismatch" and not f.table and ordered:
            f.table, f.table_id = ordered[0][0].name, ordered[0][0].id


def check_report(report: Report, last: TableSet | None = None) -> list[Finding]:
    findings = [*report.findings, *check_tables(report.tables, last), *check_structure(report), *_numbering(report),
                *check_years(report), *check_citations(report), *check_headers(report), *check_prose(report)]
    if not report.sections and plainly_cut(report):  # a page copied without headings and cut off
        line, last_text = report.last_line
        findings.append(Finding(rule="report.truncated", severity=WARNING, line=line, quote=last_text[-30:],
                                message=f"报告不完整：没有找到各部分标题，文本在第 {line} 行“…{last_text[-20:]}”处中断；"
                                        "请提供完整报告"))
    name_layout_table(findings, report.tables)
    truncated = any(f.rule == "report.truncated" for f in findings)
    if truncated:  # a copy cut off: said once, as the truncation
        return _after_the_cut(report, findings)
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
