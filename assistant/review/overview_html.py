"""The self-contained HTML overview: charts (inline SVG), one row per agency, each agency's findings and key
figures. No script, no external style sheet, no web font."""

from __future__ import annotations

from html import escape

from ..findings import ERROR, WARNING
from .run import AgencyReview, ReviewResult
from .yoy import WHOLE, FigureChange

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#1f2933;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #d0d7de}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #d0d7de;padding:3px 6px;vertical-align:top}
th{background:#f3f5f7}.num{text-align:right}.错误{color:#c0392b;font-weight:bold}.提醒{color:#b7791f}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #e1e4e8;padding:8px}.chart svg{max-width:100%;height:auto}
.dismissed{color:#8a949e;text-decoration:line-through}.large{background:#fff3cd}.muted{color:#6b7680}
details{margin:6px 0}summary{cursor:pointer;font-weight:bold}
"""


def _pct(v: float | None) -> str:
    return "" if v is None else f"{v:.1%}"


def _num(v) -> str:
    return "" if v is None else format(v.normalize(), "f") if hasattr(v, "normalize") else str(v)


def figure_cells(f: FigureChange) -> list[str]:
    """上年, 本年, 增减, 增减幅度 as text."""
    change = f.change
    return [_num(f.last), _num(f.this), "" if change is None else f"{change:+}", "" if f.share is None else f"{f.share:+.1%}"]


def overview_rows(result: ReviewResult) -> tuple[list[str], list[list]]:
    """The overview table (also the workbook's first sheet): header and one row per agency."""
    cfg = result.config
    head = ["机关", "文件", "年度", "版式", "角色", "上年报告", "错误", "提醒", "已排除"] + \
           [i.name for i in cfg.indicators] + list(cfg.flag_rules.values()) + ["正文与上年重复占比"]
    rows = []
    for a in sorted(result.agencies, key=lambda a: (-a.count(ERROR), -a.count(WARNING), a.label)):
        rows.append([a.label, a.entry.name, a.entry.year or "", a.entry.layout, a.role,
                     a.last.name if a.last else ("未找到" if result.has_last_year else ""),
                     a.count(ERROR), a.count(WARNING), sum(1 for i in a.items if i.dismissed)]
                    + [a.indicators.get(i.id) for i in cfg.indicators] + [a.flags.get(r, 0) for r in cfg.flag_rules]
                    + [a.repeated.get(WHOLE)])
    return head, rows


def _cell(v) -> str:
    if isinstance(v, float):
        return f'<td class="num">{v:.1%}</td>'
    if isinstance(v, int):
        return f'<td class="num">{v}</td>'
    return f"<td>{escape('' if v is None else str(v))}</td>"


def _table(head: list[str], rows: list[list]) -> str:
    out = ["<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"]
    out += ["<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows]
    return "\n".join(out) + "</table>"


def agency_html(a: AgencyReview, result: ReviewResult) -> str:
    cfg = result.config
    parts = [f'<details id="{escape(a.entry.digest[:12])}"><summary>{escape(a.label)}：'
             f'<span class="错误">错误 {a.count(ERROR)}</span>，<span class="提醒">提醒 {a.count(WARNING)}</span>'
             f'<span class="muted">（{escape(a.entry.name)}）</span></summary>']
    if a.items:
        parts.append("<table><tr><th>严重程度</th><th>规则</th><th>来源</th><th>位置</th><th>问题</th><th>应为</th><th>实为</th>"
                     "<th>原文</th><th>审阅</th><th>指纹</th></tr>")
        for i in a.items:
            f = i.finding
            cls = ' class="dismissed"' if i.dismissed else ""
            note = f"{i.decision}{'：' + i.reason if i.reason else ''}"
            parts.append(f"<tr{cls}><td class=\"{f.severity}\">{f.severity}</td><td>{escape(cfg.rule_name(f.rule))}</td>"
                         f"<td>{escape(i.source)}</td><td>{escape(f.where())}</td><td>{escape(f.message)}</td>"
                         f"<td>{escape(f.expected or '')}</td><td>{escape(f.actual or '')}</td>"
                         f"<td>{escape(f.quote or '').replace(chr(10), '<br>')}</td><td>{escape(note)}</td>"
                         f"<td><code>{i.fingerprint}</code></td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>未发现问题。</p>")
    if a.last is not None:
        parts.append("<table><tr><th>主要数字</th><th>上年</th><th>本年</th><th>增减</th><th>增减幅度</th></tr>")
        for fig in a.figures:
            cls = ' class="large"' if fig.is_large(cfg) else ""
            parts.append(f"<tr{cls}><td>{escape(fig.name)}</td>" + "".join(f'<td class="num">{c}</td>' for c in figure_cells(fig))
                         + "</tr>")
        parts.append("</table>")
    parts.append("</details>")
    return "\n".join(parts)


def render_html(result: ReviewResult, charts: dict[str, str]) -> str:
    totals = result.totals()
    years = sorted({a.entry.year for a in result.agencies if a.entry.year})
    title = f"政府信息公开工作年度报告审阅总览{'（' + '、'.join(map(str, years)) + ' 年度）' if years else ''}"
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>共 {len(result.agencies) + len(result.unreadable)} 份报告：错误 {totals[ERROR]} 个，提醒 {totals[WARNING]} 个"
            f"{'；' + str(len(result.unreadable)) + ' 份无法读取' if result.unreadable else ''}"
            f"{'；与上年报告配对 ' + str(len(result.pairing.pairs)) + ' 份' if result.has_last_year else ''}。</p>"]
    if charts:
        body.append('<h2>图表</h2><div class="charts">' + "".join(
            f'<div class="chart"><h3>{escape(t)}</h3>{svg}</div>' for t, svg in charts.items()) + "</div>")
    head, rows = overview_rows(result)
    body += ["<h2>各机关一览</h2>", _table(head, rows)]
    if result.unreadable:
        body += ["<h2>无法读取的文件</h2>", _table(["文件", "原因"], [[e.name, e.error] for e in result.unreadable])]
    p = result.pairing
    if result.has_last_year and (p.unmatched or p.unmatched_last):
        body.append("<h2>未配对的报告</h2>")
        if p.unmatched:
            body += ["<p>本年报告中未找到上年报告的：</p>", _table(["机关", "文件"], [[e.label, e.name] for e in p.unmatched])]
        if p.unmatched_last:
            body += ["<p>上年报告中本年未见的：</p>", _table(["机关", "文件"], [[e.label, e.name] for e in p.unmatched_last])]
    body.append("<h2>各机关问题清单</h2>")
    body += [agency_html(a, result) for a in sorted(result.agencies, key=lambda a: a.label)]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>"
            + STYLE + "</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
