"""Structured inputs: JSON (our own output, or a simple nested form) and lines of “行/列 = 值”."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from itertools import combinations
from typing import Any

from ..findings import ERROR, Finding
from ..layouts import Column, Layout, Row, TableSpec, all_layouts
from ..layouts.detect import detect_layout
from ..textfile import InputError
from .cells import Cell, missing_cell, parse_cell
from .model import TableData, TableSet

_KV_LINE = re.compile(r"^\s*(?P<key>[^=＝#]+?)\s*[=＝]\s*(?P<value>.*?)\s*$")
_KEY_SPLIT = re.compile(r"\s*[/／|｜]\s*")


def looks_like_kv(text: str) -> bool:
    lines = [l for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
    return bool(lines) and "\t" not in text and sum(1 for l in lines if _KV_LINE.match(l)) >= max(1, len(lines) * 0.8)


def _cell_from_json(value: Any) -> Cell:
    if value is None:
        return parse_cell("")
    if isinstance(value, dict):
        return parse_cell(str(value.get("raw", value.get("value", "")) or ""))
    if isinstance(value, bool):
        return parse_cell(str(value))
    if isinstance(value, (int, Decimal)):
        return parse_cell(str(value))
    return parse_cell(str(value))


def _unknown(ts: TableSet, what: str, key: str, value: Any = None) -> None:
    quote = None if value is None else str(value)
    if quote is not None:
        ts.unplaced.append(parse_cell(quote))
    ts.findings.append(Finding(rule="parse.unknown_key", severity=ERROR, quote=quote,
                               message=f"{what}“{key}”不在{ts.spec.label}中，" + ("其数值未采用" if quote else "已跳过")))


def _layout_for(data_text: str, year: int | None, layout: str | None, declared: Any) -> tuple[Layout, str, list[Finding]]:
    chosen = layout if layout is not None else (str(declared) if declared not in (None, "") else None)
    if chosen is not None and chosen not in {l.id for l in all_layouts()}:
        raise InputError(f"版式“{chosen}”不存在，可选：{'、'.join(l.id for l in all_layouts())}")
    det = detect_layout(data_text, year=year, layout=chosen)
    return det.layout, det.source, det.findings


def parse_json(text: str, *, year: int | None = None, layout: str | None = None) -> TableSet:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式有误：第 {exc.lineno} 行第 {exc.colno} 列（{exc.msg}）") from exc
    except RecursionError:
        raise InputError("JSON 嵌套层数过多，无法读取（统计表的 JSON 最多几层：表 → 行 → 列 → 值）") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InputError(f"JSON 中有无法读取的数值（{str(exc)[:80]}）") from None
    if not isinstance(data, dict) or "tables" not in data:
        raise InputError("JSON 需要一个对象，含“tables”键，例如 {\"layout\": \"2021\", \"tables\": {\"三\": {…}}}")
    if not isinstance(data["tables"], (dict, list)):
        raise InputError("JSON 的“tables”应为按表名的键值结构（{\"三\": {…}}）或表的列表，"
                         f"实为{type(data['tables']).__name__}")
    if year is None and isinstance(data.get("year"), int):
        year = data["year"]
    spec, source, findings = _layout_for(text, year, layout, data.get("layout"))
    ts = TableSet(layout=spec.id, year=year, layout_source=source, findings=findings)
    tables = data["tables"]
    items = tables.items() if isinstance(tables, dict) else ((t.get("id"), t) for t in tables if isinstance(t, dict))
    for key, body in items:
        table = spec.find_table(str(key))
        if table is None:
            _unknown(ts, "表", str(key))
            continue
        if isinstance(body, dict) and "rows" in body:
            body = body["rows"]
        _json_table(ts, table, body)
    return ts


def _json_table(ts: TableSet, table: TableSpec, body: Any) -> None:
    ts.tables.setdefault(table.id, TableData(id=table.id))
    ncols = len(table.columns)
    if isinstance(body, list) and body and all(not isinstance(x, (list, dict)) for x in body):
        if len(body) != table.cell_count:
            raise InputError(f"{table.name}的 JSON 数组有 {len(body)} 个数值，应有 {table.cell_count} 个")
        body = [body[i:i + ncols] for i in range(0, len(body), ncols)]
    if isinstance(body, list):
        for i, item in enumerate(body):
            if isinstance(item, dict) and "cells" in item:  # our own output form
                row = table.row_index.get(str(item.get("id"))) or table.find_row(str(item.get("label", "")))
                if row is None:
                    _unknown(ts, f"{table.name}的行", str(item.get("id") or item.get("label")))
                    continue
                _json_row(ts, table, row, item["cells"])
            elif isinstance(item, list):
                if i >= len(table.rows):
                    _unknown(ts, f"{table.name}的第 {i + 1} 行", str(i + 1), item)
                    continue
                _json_row(ts, table, table.rows[i], item)
        return
    if isinstance(body, dict):
        for row_key, cells in body.items():
            row = table.find_row(row_key) or (table.rows[0] if len(table.rows) == 1 and not table.rows[0].path and
                                              table.find_column(row_key) is not None else None)
            if row is not None and table.find_column(row_key) is not None and not isinstance(cells, (dict, list)):
                _json_row(ts, table, row, {row_key: cells}, merge=True)  # 表四: column → value
                continue
            if row is None:
                _unknown(ts, f"{table.name}的行", row_key)
                continue
            _json_row(ts, table, row, cells)


def _json_row(ts: TableSet, table: TableSpec, row: Row, cells: Any, merge: bool = False) -> None:
    data = ts.tables[table.id]
    current = data.rows.get(row.id) if merge else None
    out: dict[str, Cell] = dict(current) if current else {c.id: missing_cell() for c in table.columns}
    if isinstance(cells, list):
        if len(cells) > len(table.columns):
            for extra in cells[len(table.columns):]:
                _unknown(ts, f"{table.name}「{row.display}」行多出的数值", str(extra), extra)
        for col, value in zip(table.columns, cells):
            out[col.id] = _cell_from_json(value)
    elif isinstance(cells, dict):
        for col_key, value in cells.items():
            found = table.column_index.get(col_key) or table.find_column(col_key)
            if found is None:
                _unknown(ts, f"{table.name}「{row.display}」行的列", col_key, value)
                continue
            out[found.id] = _cell_from_json(value)
    data.rows[row.id] = out


def _resolve(spec: Layout, parts: list[str]) -> tuple[TableSpec, Row, Column] | None:
    n = len(parts)
    for groups in (3, 2):
        for cuts in combinations(range(1, n), groups - 1):
            bounds = (0, *cuts, n)
            keys = ["/".join(parts[bounds[i]:bounds[i + 1]]) for i in range(groups)]
            if groups == 3:
                table = spec.find_table(keys[0])
                if table is None:
                    continue
                row, col = table.find_row(keys[1]), table.find_column(keys[2])
                if row and col:
                    return table, row, col
                continue
            table = spec.find_table(keys[0])
            if table is not None and len(table.rows) == 1:
                col = table.find_column(keys[1])
                if col:
                    return table, table.rows[0], col
            for table in spec.tables:
                row = table.find_row(keys[0])
                col = table.find_column(keys[1]) if row else None
                if row and col:
                    return table, row, col
    return None


def parse_kv(text: str, *, year: int | None = None, layout: str | None = None) -> TableSet:
    """Lines such as “表三/（一）予以公开/自然人 = 5”, “行政许可/处理决定数量 = 3”, “表四/复议后起诉 总计 = 1”."""
    spec, source, findings = _layout_for(text, year, layout, None)
    ts = TableSet(layout=spec.id, year=year, layout_source=source, findings=findings)
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        m = _KV_LINE.match(line)
        if not m:
            ts.findings.append(Finding(rule="parse.bad_line", severity=ERROR, line=lineno, quote=line.strip(),
                                       message=f"第{lineno}行不是“行/列 = 值”的形式：“{line.strip()}”"))
            continue
        hit = _resolve(spec, _KEY_SPLIT.split(m["key"].strip()))
        value = m["value"]
        if hit is None:
            ts.unplaced.append(parse_cell(value, lineno))
            ts.findings.append(Finding(rule="parse.unknown_key", severity=ERROR, line=lineno, quote=line.strip(),
                                       message=f"第{lineno}行：“{m['key'].strip()}”不是{spec.label}中的单元格，数值“{value}”未采用"))
            continue
        table, row, col = hit
        data = ts.tables.setdefault(table.id, TableData(id=table.id))
        cells = data.rows.setdefault(row.id, {c.id: missing_cell() for c in table.columns})
        if not cells[col.id].is_empty:
            ts.findings.append(Finding(rule="parse.duplicate_cell", severity=ERROR, line=lineno, quote=line.strip(),
                                       table=table.name, row=row.display or None, column=col.display,
                                       message=f"第{lineno}行：{table.name}「{row.display}」行「{col.display}」列重复填写，已采用新值“{value}”，原值“{cells[col.id].raw}”"))
            ts.unplaced.append(cells[col.id])
        cells[col.id] = parse_cell(value, lineno)
    return ts
