"""Render filled tables in the official layout and wording: Markdown, HTML, CSV and JSON."""

from __future__ import annotations

import csv
import html
import io
import json

from ..findings import Finding, count
from ..layouts import Layout
from .grid import Grid, build_grid
from .model import TableSet

def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(ts: TableSet, findings: list[Finding] | None = None) -> str:
    layout = ts.spec
    lines = [f"按{layout.label}" + (f"，{ts.year} 年度" if ts.year else "")]
    section = None
    for table, data in ts.ordered_tables():
        if table.section != section:
            section = table.section
            heading = next((s.heading for s in layout.sections if s.number == section), section)
            lines += ["", f"## {heading}"]
        lines += ["", f"### {table.title or table.name}", ""]
        grid = build_grid(table, data).flat()
        lines.append("| " + " | ".join(_md_escape(c) for c in grid[0]) + " |")
        lines.append("|" + "|".join("---" if i < len(grid[0]) - len(table.columns) else "---:" for i in range(len(grid[0]))) + "|")
        for row in grid[1:]:
            lines.append("| " + " | ".join(_md_escape(c) for c in row) + " |")
    if findings is not None:
        lines += ["", "## 校验结果", ""]
        lines += [f"- {f.line_text()}" for f in findings] or ["- 未发现问题"]
    return "\n".join(lines) + "\n"


def render_csv(ts: TableSet) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for i, (table, data) in enumerate(ts.ordered_tables()):
        if i:
            writer.writerow([])
        writer.writerow([table.name])
        writer.writerows(build_grid(table, data).flat())
    return buf.getvalue()


def to_json(ts: TableSet, findings: list[Finding] | None = None) -> dict:
    layout = ts.spec
    tables = []
    for table, data in ts.ordered_tables():
        rows = []
        for row in table.rows:
            if row.id not in data.rows:
                continue
            rows.append({
                "id": row.id, "label": row.display,
                "cells": {c.id: {"column": c.display, "raw": cell.raw, "kind": cell.kind,
                                 "value": None if cell.value is None else format(cell.value, "f"),
                                 **({"unit": cell.unit} if cell.unit else {})}
                          for c in table.columns for cell in [data.rows[row.id][c.id]]},
            })
        tables.append({"id": table.id, "name": table.name, "rows": rows})
    out = {"layout": layout.id, "layout_name": f"{layout.name}（{layout.notice}）", "year": ts.year, "tables": tables,
           "unplaced": [{"raw": c.raw, "line": c.line} for c in ts.unplaced]}
    if findings is not None:
        out["findings"] = [f.public() for f in findings]
    return out


def render_json(ts: TableSet, findings: list[Finding] | None = None) -> str:
    return json.dumps(to_json(ts, findings), ensure_ascii=False, indent=2) + "\n"


# ---- HTML: the official merged-cell layout ---------------------------------------------------------

def _html_rows(grid: Grid, marks: dict, width_extra: int = 0) -> list[str]:
    """The grid's rows with their merged cells; the cells reaching the right edge widened by `width_extra`.
    The header rows are the same for every report: they are written once per table."""
    key = (id(grid.table), grid.title_rows, width_extra)
    head = _HEAD_ROWS.get(key)
    if head is None or head[0] is not grid.table:
        head = _HEAD_ROWS[key] = (grid.table, _html_row_range(grid, {}, width_extra, 0, grid.top))
    return head[1] + _html_row_range(grid, marks, width_extra, grid.top, len(grid.cells))


_HEAD_ROWS: dict[tuple[int, int, int], tuple[object, list[str]]] = {}


def _html_row_range(grid: Grid, marks: dict, width_extra: int, first: int, last: int) -> list[str]:
    table_id = grid.table.id
    attr_id = html.escape(table_id)
    width = grid.width
    out = []
    for r in range(first, last):
        cells = []
        for c, cell in enumerate(grid.cells[r]):
            if cell.covered_by is not None:
                continue
            colspan = cell.colspan + (width_extra if c + cell.colspan == width else 0)
            text = html.escape(cell.text)
            if cell.kind == "corner":
                cells.append(f'<th colspan="{colspan}" rowspan="{cell.rowspan}">{text}</th>')
            elif cell.kind == "data":
                sev = marks.get((table_id, cell.row_id, cell.col_id))
                cls = "num" + (" error" if sev == "错误" else " warning" if sev == "提醒" else "")
                span = f' colspan="{colspan}"' if colspan > 1 else ""
                cells.append(f'<td class="{cls}" data-table="{attr_id}" data-row="{cell.row_id}" data-col="{cell.col_id}"'
                             f"{span}>{text}</td>")
            elif cell.kind == "label":
                span = f' rowspan="{cell.rowspan}"' if cell.group else f' colspan="{colspan}"' if colspan > 1 else ""
                cells.append(f'<th class="row-label"{span}>{text}</th>')
            else:
                attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
                cells.append(f"<th{attrs}>{text}</th>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return out


def _marks(findings: list[Finding] | None) -> dict:
    marks: dict = {}
    for f in findings or []:
        if f.table_id and f.row_id and f.column_id:
            key = (f.table_id, f.row_id, f.column_id)
            if marks.get(key) != "错误":
                marks[key] = f.severity
    return marks


def render_html_tables(ts: TableSet, findings: list[Finding] | None = None) -> str:
    """The tables alone (no page shell), one <table> per section, as the official layout prints them."""
    layout: Layout = ts.spec
    marks = _marks(findings)
    parts = []
    for section in layout.sections:
        pairs = ts.section_tables(section.number)
        if not pairs:
            continue
        parts.append(f"<h3>{html.escape(section.heading)}</h3>")
        rows: list[str] = []
        if len({t.section for t, _ in pairs}) == 1 and pairs[0][0].title:
            width = max(len(t.columns) for t, _ in pairs)
            for table, data in pairs:
                extra = width - len(table.columns)
                rows.append(f'<tr><th class="subtitle" colspan="{width + 1}">{html.escape(table.title or "")}</th></tr>')
                rows += _html_rows(build_grid(table, data), marks, extra)
        else:
            for table, data in pairs:
                rows += _html_rows(build_grid(table, data), marks)
        parts.append(f'<table class="official" data-section="{section.number}">' + "".join(rows) + "</table>")
    return "\n".join(parts)


_STYLE = """body{font-family:"FangSong","仿宋",serif;margin:2em}table.official{border-collapse:collapse;margin:1em 0}
table.official th,table.official td{border:1px solid #333;padding:4px 8px;font-weight:normal}
td.num{text-align:right;min-width:3em}td.error{background:#fdd}td.warning{background:#ffd}
li.错误{color:#a00}li.提醒{color:#850}"""


def render_html(ts: TableSet, findings: list[Finding] | None = None) -> str:
    layout = ts.spec
    body = [f"<p>按{html.escape(layout.label)}" + (f"，{ts.year} 年度" if ts.year else "") + "</p>", render_html_tables(ts, findings)]
    if findings is not None:
        c = count(findings)
        body.append(f"<h3>校验结果：错误 {c['错误']} 个，提醒 {c['提醒']} 个</h3><ul>")
        body += [f'<li class="{f.severity}">{html.escape(f.line_text())}</li>' for f in findings]
        body.append("</ul>")
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>统计表</title>'
            f"<style>{_STYLE}</style></head><body>" + "\n".join(body) + "</body></html>\n")

