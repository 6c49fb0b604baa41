"""Workbooks (.xlsx, openpyxl): the overview (one row per agency, counts by rule, unpaired reports) and one
问题清单 per agency."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .overview_html import figure_cells, overview_rows
from .run import AgencyReview, ReviewResult

HEAD_FILL = PatternFill("solid", fgColor="DDE3EA")
ISSUE_HEADER = ["序号", "严重程度", "规则", "来源", "位置", "问题", "应为", "实为", "原文", "审阅结论", "审阅意见", "指纹"]


def _sheet(ws, head: list[str], rows: list[list], widths: dict[int, int] | None = None, percent: set[int] | None = None):
    ws.append(head)
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), HEAD_FILL
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    for k in percent or ():
        for (cell,) in ws.iter_rows(min_row=2, min_col=k + 1, max_col=k + 1):
            cell.number_format = "0.0%"
    for k, h in enumerate(head, start=1):
        ws.column_dimensions[get_column_letter(k)].width = (widths or {}).get(k - 1, max(8, min(30, len(h) * 2 + 2)))
    ws.freeze_panes = "A2"


def issue_rows(a: AgencyReview, result: ReviewResult) -> list[list]:
    rows = []
    for n, i in enumerate(a.items, start=1):
        f = i.finding
        rows.append([n, f.severity, result.config.rule_name(f.rule), i.source, f.where(), f.message, f.expected or "",
                     f.actual or "", f.quote or "", i.decision, i.reason, i.fingerprint])
    return rows


def write_overview(result: ReviewResult, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "各机关一览"
    head, rows = overview_rows(result)
    cfg = result.config
    first_ind = head.index(cfg.indicators[0].name) if cfg.indicators else -1
    percent = {first_ind + k for k in range(len(cfg.indicators))} | {len(head) - 1}
    _sheet(ws, head, rows, {0: 28, 1: 30}, percent)
    counts: Counter = Counter()
    for a in result.agencies:
        for i in a.open_items:
            counts[(i.finding.rule, i.finding.severity)] += 1
    _sheet(wb.create_sheet("按规则统计"), ["规则", "名称", "严重程度", "问题数"],
           [[r, cfg.rule_name(r), s, n] for (r, s), n in counts.most_common()], {0: 36, 1: 24})
    figs = []
    for a in result.agencies:
        if a.last is not None:
            figs += [[a.label, f.name, *figure_cells(f)] for f in a.figures]
    if figs:
        _sheet(wb.create_sheet("年度变化"), ["机关", "主要数字", "上年", "本年", "增减", "增减幅度"], figs, {0: 28, 1: 24})
    p = result.pairing
    unpaired = [["本年无上年报告", e.label, e.name] for e in p.unmatched] + \
               [["上年有、本年未见", e.label, e.name] for e in p.unmatched_last] + \
               [["无法读取", e.error or "", e.name] for e in result.unreadable]
    if unpaired:
        _sheet(wb.create_sheet("未配对和无法读取"), ["情况", "机关或原因", "文件"], unpaired, {1: 40, 2: 40})
    wb.save(path)
    return path


def write_issue_xlsx(a: AgencyReview, result: ReviewResult, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    _sheet(ws, ISSUE_HEADER, issue_rows(a, result), {0: 6, 4: 24, 5: 60, 8: 40, 10: 24, 11: 14})
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if a.last is not None:
        _sheet(wb.create_sheet("主要数字"), ["主要数字", "上年", "本年", "增减", "增减幅度"],
               [[f.name, *figure_cells(f)] for f in a.figures], {0: 24})
    wb.save(path)
    return path
