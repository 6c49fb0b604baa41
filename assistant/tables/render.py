"""Render filled tables in the official layout and wording: Markdown, HTML, CSV and JSON."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict

from ..findings import Finding, count
from ..layouts import Layout, TableSpec
from .model import TableData, TableSet

Grid = list[list[str]]


def _cell_text(data: TableData | None, row_id: str, col_id: str) -> str:
    if data is None or row_id not in data.rows:
        return ""
    return data.rows[row_id][col_id].text()


def _label_depth(table: TableSpec) -> int:
    return max((len(r.path) for r in table.rows), default=0)


def _label_cells(table: TableSpec) -> list[list[str]]:
    """Row labels spread over the label columns; a group label only on its group's first row."""
    depth = _label_depth(table)
    out, prev = [], []
    for row in table.rows:
        cells = [""] * depth
        for level, part in enumerate(row.path):
            is_leaf = level == len(row.path) - 1
            if is_leaf or row.path[: level + 1] != prev[: level + 1]:
                cells[level] = part
        prev = row.path
        out.append(cells)
    return out


def table_grid(table: TableSpec, data: TableData | None) -> Grid:
    """A flat grid (header row + data rows) for Markdown and CSV."""
    depth = _label_depth(table)
    head = ([table.corner or "项目"] + [""] * (depth - 1) if depth else []) + [c.display for c in table.columns]
    grid = [head]
    for labels, row in zip(_label_cells(table), table.rows):
        grid.append(labels + [_cell_text(data, row.id, c.id) for c in table.columns])
    return grid


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
        grid = table_grid(table, data)
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
        writer.writerows(table_grid(table, data))
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

def _header_rows(table: TableSpec, width_extra: int = 0) -> list[str]:
    depth = max(len(c.path) for c in table.columns)
    label_cols = _label_depth(table)
    rows: list[str] = []
    for level in range(depth):
        cells = []
        if level == 0 and label_cols:
            cells.append(f'<th colspan="{label_cols}" rowspan="{depth}">{html.escape(table.corner or "")}</th>')
        i, cols = 0, table.columns
        while i < len(cols):
            path = cols[i].path
            if len(path) <= level:
                i += 1
                continue
            j = i + 1
            if len(path) > level + 1:
                while j < len(cols) and cols[j].path[: level + 1] == path[: level + 1] and len(cols[j].path) > level + 1:
                    j += 1
            span = j - i + (width_extra if j == len(cols) else 0)
            leaf = len(path) == level + 1
            attrs = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{depth - level}"' if leaf and depth - level > 1 else "")
            cells.append(f"<th{attrs}>{html.escape(path[level])}</th>")
            i = j
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows


def _body_rows(table: TableSpec, data: TableData | None, marks: dict, width_extra: int = 0) -> list[str]:
    label_cols = _label_depth(table)
    out = []
    for index, row in enumerate(table.rows):
        cells = []
        for level, part in enumerate(row.path):
            leaf = level == len(row.path) - 1
            prev = table.rows[index - 1].path if index else []
            if not leaf and prev[: level + 1] == row.path[: level + 1]:
                continue
            if leaf:
                span = label_cols - level
                cells.append(f'<th class="row-label"{f" colspan={chr(34)}{span}{chr(34)}" if span > 1 else ""}>{html.escape(part)}</th>')
            else:
                n = 1
                while index + n < len(table.rows) and table.rows[index + n].path[: level + 1] == row.path[: level + 1]:
                    n += 1
                cells.append(f'<th class="row-label" rowspan="{n}">{html.escape(part)}</th>')
        for k, col in enumerate(table.columns):
            sev = marks.get((table.id, row.id, col.id))
            cls = "num" + (" error" if sev == "错误" else " warning" if sev == "提醒" else "")
            span = f' colspan="{1 + width_extra}"' if k == len(table.columns) - 1 and width_extra else ""
            cells.append(f'<td class="{cls}" data-table="{html.escape(table.id)}" data-row="{row.id}" data-col="{col.id}"{span}>'
                         f"{html.escape(_cell_text(data, row.id, col.id))}</td>")
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
    by_section: dict[str, list[tuple[TableSpec, TableData]]] = defaultdict(list)
    for table, data in ts.ordered_tables():
        by_section[table.section].append((table, data))
    parts = []
    for section in layout.sections:
        pairs = by_section.get(section.number)
        if not pairs:
            continue
        parts.append(f"<h3>{html.escape(section.heading)}</h3>")
        rows: list[str] = []
        if len({t.section for t, _ in pairs}) == 1 and pairs[0][0].title:
            width = max(len(t.columns) for t, _ in pairs)
            for table, data in pairs:
                extra = width - len(table.columns)
                rows.append(f'<tr><th class="subtitle" colspan="{width + 1}">{html.escape(table.title or "")}</th></tr>')
                rows += _header_rows(table, extra)
                rows += _body_rows(table, data, marks, extra)
        else:
            for table, data in pairs:
                rows += _header_rows(table)
                rows += _body_rows(table, data, marks)
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


RENDERERS = {"md": render_markdown, "html": render_html, "json": render_json}
