"""Per-cell checks: completeness (table, row, cell present) and value type (integer, sign, decimals, unit)."""

from __future__ import annotations

from ..findings import ERROR, WARNING, Finding
from ..layouts import Column, Layout, Row, TableSpec
from ..tables.cells import KIND_NAMES, Cell
from ..tables.model import TableSet


def _at(table: TableSpec, row: Row, col: Column) -> dict:
    return dict(table=table.name, row=row.display or None, column=col.display,
                table_id=table.id, row_id=row.id, column_id=col.id)


def _where(table: TableSpec, row: Row, col: Column) -> str:
    return f"{table.name}「{row.display}」行「{col.display}」列" if row.path else f"{table.name}「{col.display}」列"


def check_completeness(ts: TableSet) -> list[Finding]:
    layout = ts.spec
    out: list[Finding] = []
    if not ts.tables:
        return out
    missing_tables = [t for t in layout.tables if t.id not in ts.tables]
    for table in missing_tables:
        out.append(Finding(rule="table.missing", severity=WARNING, table=table.name, table_id=table.id,
                           message=f"未找到{table.name}（{layout.label}共有 {len(layout.tables)} 张表/子表）"))
    for table, data in ts.ordered_tables():
        for row in table.rows:
            if row.id not in data.rows:
                out.append(Finding(rule="row.missing", severity=ERROR, table=table.name, row=row.display,
                                   table_id=table.id, row_id=row.id,
                                   message=f"{table.name}缺少「{row.display}」行（未找到该行的行名或数值）"))
    return out


def check_cell(layout: Layout, table: TableSpec, row: Row, col: Column, cell: Cell) -> Finding | None:
    vt = layout.value_type(col)
    where = _where(table, row, col)
    at = _at(table, row, col)
    shown = cell.raw.strip()
    if cell.kind in ("blank", "missing"):
        what = "未填写" if cell.kind == "blank" else "未找到数值"
        return Finding(rule="cell.blank", severity=ERROR, actual="", **at,
                       message=f"{where}{what}；没有的应填 0，不能留空")
    if cell.kind in ("dash", "slash", "not_applicable", "none"):
        return Finding(rule="cell.placeholder", severity=WARNING, actual=shown, quote=shown, **at,
                       message=f"{where}填写的是{KIND_NAMES[cell.kind]}，不是数字，无法参与合计核对；没有的应填 0")
    if cell.kind == "invalid":
        noun = "整数" if vt.kind == "integer" else "数字"
        return Finding(rule="cell.not_number", severity=ERROR, actual=shown, quote=shown, **at,
                       message=f"{where}：“{shown}”不是{noun}")
    value = cell.value
    assert value is not None
    if vt.kind == "integer" and value != value.to_integral_value():
        return Finding(rule="cell.not_integer", severity=ERROR, actual=shown, quote=shown, **at,
                       message=f"{where}：“{shown}”不是整数，{vt.name}应为整数")
    if vt.min is not None and value < vt.min:
        return Finding(rule="cell.negative", severity=ERROR, actual=shown, quote=shown, expected=f"≥ {vt.min}", **at,
                       message=f"{where}：“{shown}”为负数，{vt.name}不能小于 {vt.min}")
    if vt.decimals is not None:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > vt.decimals:
            return Finding(rule="cell.decimals", severity=ERROR, actual=shown, quote=shown, **at,
                           message=f"{where}：“{shown}”有 {-exponent} 位小数，金额最多保留 {vt.decimals} 位小数")
    if cell.unit is not None and cell.unit not in vt.units:
        expected = vt.unit or "、".join(vt.units) or "无单位"
        return Finding(rule="cell.unit", severity=WARNING, actual=shown, quote=shown, expected=expected, **at,
                       message=f"{where}：“{shown}”的单位“{cell.unit}”与本列（{expected}）不符，数值未换算，请核对")
    return None


def check_cells(ts: TableSet) -> list[Finding]:
    layout = ts.spec
    out: list[Finding] = []
    for table, data in ts.ordered_tables():
        for row in table.rows:
            cells = data.rows.get(row.id)
            if cells is None:
                continue
            for col in table.columns:
                finding = check_cell(layout, table, row, col, cells[col.id])
                if finding is not None:
                    out.append(finding)
    return out
