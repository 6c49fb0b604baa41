"""Per-cell checks: completeness (table, row, cell present) and value type (integer, sign, decimals, unit)."""

from __future__ import annotations

from ..findings import ERROR, WARNING, Finding
from ..layouts import Column, Layout, Row, TableSpec
from ..layouts.cell_words import cell_words
from ..tables.cells import KIND_NAMES, Cell
from ..tables.derive import DERIVED_NOTE
from ..tables.model import TableSet
from ..text import nfkc


def _at(table: TableSpec, row: Row, col: Column) -> dict:
    return dict(table=table.name, row=row.display or None, column=col.display,
                table_id=table.id, row_id=row.id, column_id=col.id)


def _where(table: TableSpec, row: Row, col: Column) -> str:
    return f"{table.name}「{row.display}」行「{col.display}」列" if row.path else f"{table.name}「{col.display}」列"


def _names(labels: list[str], limit: int = 6, noun: str = "项") -> str:
    """「A」「B」「C」等 7 行; the noun follows the list (行, 列)."""
    shown = "".join(f"「{x}」" for x in labels[:limit])
    return shown + (f"等 {len(labels)} {noun}" if len(labels) > limit else noun)


def _cut_off(ts: TableSet) -> tuple[str, int] | None:
    """Where the input stops inside a table (an excerpt, a page cut off): the last table read, when every row
    after its last row found is absent. (table id, index of the last row found)."""
    pairs = ts.ordered_tables()
    if not pairs:
        return None
    table, data = pairs[-1]
    found = [i for i, row in enumerate(table.rows) if row.id in data.rows]
    if not found or found[-1] == len(table.rows) - 1:
        return None
    if len(found) != found[-1] + 1 and any(table.rows[i].id not in data.rows for i in range(found[-1])):
        return None  # rows missing in the middle as well: not a plain cut
    return table.id, found[-1]


def check_completeness(ts: TableSet) -> list[Finding]:
    """Missing tables, and missing rows once per table (a table the input stops inside is one finding)."""
    layout = ts.spec
    out: list[Finding] = []
    if not ts.tables:
        return out
    missing_tables = [t for t in layout.tables if t.id not in ts.tables]
    for table in missing_tables:
        out.append(Finding(rule="table.missing", severity=WARNING, table=table.name, table_id=table.id,
                           message=f"未找到{table.name}（{layout.label}共有 {len(layout.tables)} 张表/子表）"))
    cut = _cut_off(ts)
    for table, data in ts.ordered_tables():
        absent = [row for row in table.rows if row.id not in data.rows]
        if not absent:
            continue
        if cut is not None and cut[0] == table.id:
            last = table.rows[cut[1]]
            out.append(Finding(rule="table.truncated", severity=ERROR, table=table.name, table_id=table.id,
                               row=last.display, row_id=last.id,
                               message=(f"{table.name}在「{last.display}」行之后中断，其后 {len(absent)} 行"
                                        f"（{_names([r.display for r in absent], 2, '行')}）均未找到；表格不完整（可能被截断）")))
            continue
        one = absent[0] if len(absent) == 1 else None
        out.append(Finding(rule="row.missing", severity=ERROR, table=table.name, table_id=table.id,
                           row=one.display if one else None, row_id=one.id if one else None,
                           message=(f"{table.name}缺少「{one.display}」行（未找到该行的行名或数值）" if one else
                                    f"{table.name}缺少 {len(absent)} 行：{_names([r.display for r in absent], 6, '行')}"
                                    "（未找到这些行的行名或数值）")))
    return out


def check_cell(layout: Layout, table: TableSpec, row: Row, col: Column, cell: Cell) -> Finding | None:
    vt = layout.value_type(col)
    where = _where(table, row, col)
    at = _at(table, row, col)
    shown = cell.raw.strip()
    if cell.kind in ("blank", "missing", "unsplit"):
        return None  # blanks and digits run together are reported once per table (check_cells)
    if cell.kind in ("dash", "slash", "not_applicable", "none"):
        return Finding(rule="cell.placeholder", severity=WARNING, actual=shown, quote=shown, **at,
                       message=f"{where}填写的是{KIND_NAMES[cell.kind]}，不是数字，无法参与合计核对；没有的应填 0")
    if cell.kind == "invalid":
        noun = "整数" if vt.kind == "integer" else "数字"
        vague = "，应填写具体数字" if nfkc(shown) in cell_words().vague else ""
        return Finding(rule="cell.not_number", severity=ERROR, actual=shown, quote=shown, **at,
                       message=f"{where}：“{shown}”不是{noun}{vague}")
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
    cut = _cut_off(ts)
    blanks: list[tuple[Finding, bool]] = []  # (finding, the whole table is blank)
    for table, data in ts.ordered_tables():
        empty: list[tuple[Row, Column, Cell]] = []
        unsplit: list[tuple[Row, str]] = []
        filled = 0
        for k, row in enumerate(table.rows):
            cells = data.rows.get(row.id)
            if cells is None:
                continue
            for col in table.columns:
                cell = cells[col.id]
                if cell.is_empty:
                    if not (cell.kind == "missing" and cut == (table.id, k)):  # the cut-off row's tail
                        empty.append((row, col, cell))
                    continue
                filled += 1
                if cell.kind == "unsplit" and cell.raw.strip("〔〕 "):
                    unsplit.append((row, cell.raw.strip()))
                finding = check_cell(layout, table, row, col, cell)
                if finding is not None:
                    out.append(finding)
        if empty:
            blanks.append((_blank_finding(ts, table, empty, whole=not filled), not filled))
        if unsplit:
            out.append(_unsplit_finding(table, unsplit))
    return _merge_whole_sections(ts, blanks) + out


def _unsplit_finding(table: TableSpec, rows: list[tuple[Row, str]]) -> Finding:
    """Rows whose digits the page ran together and that read more than one way: once per table, never guessed."""
    shown = "；".join((f"「{row.display}」行“{raw.strip('〔〕')}”" if row.path else f"“{raw.strip('〔〕')}”")
                     for row, raw in rows[:4]) + (f"等 {len(rows)} 行" if len(rows) > 4 else "")
    one = rows[0][0] if len(rows) == 1 and rows[0][0].path else None
    return Finding(rule="cell.run_together", severity=WARNING, table=table.name, table_id=table.id,
                   row=one.display if one else None, row_id=one.id if one else None,
                   quote=rows[0][1].strip("〔〕"),
                   message=(f"{table.name}{shown}的数字在原文中连写、没有分隔，可以有不止一种拆分，"
                            "无法确定各列数值，未作核对；请对照原表核对"))


def _blank_finding(ts: TableSet, table: TableSpec, empty: list[tuple[Row, Column, Cell]], whole: bool) -> Finding:
    """All the blank cells of one table, as one finding that lists them row by row."""
    derived = [(r, c) for r, c, _ in empty if ts.is_derived(table.id, r.id, c.id)]
    note = ""
    if derived:
        names = [_where(table, r, c).removeprefix(table.name) for r, c in derived]
        note = f"其中{_names(names, 3, '')}由同行（列）其他数值{DERIVED_NOTE}，用于核对；"
    advice = "空白不等于 0，没有的应填 0，不能留空"
    if len(empty) == 1:
        row, col, cell = empty[0]
        what = "未填写" if cell.kind == "blank" else "未找到数值"
        return Finding(rule="cell.blank", severity=ERROR, actual="", **_at(table, row, col),
                       message=f"{_where(table, row, col)}{what}；{note}{advice}")
    if whole:
        return Finding(rule="cell.blank", severity=ERROR, table=table.name, table_id=table.id, actual="",
                       message=f"{table.name}全部 {len(empty)} 个单元格均未填写（整张表空白）；{advice}")
    by_row: dict[str, list[str]] = {}
    for row, col, _ in empty:
        by_row.setdefault(row.id, []).append(col.display)
    parts = []
    for row in table.rows:
        cols = by_row.get(row.id)
        if not cols:
            continue
        head = f"「{row.display}」行" if row.path else ""
        parts.append(head + ("整行" if len(cols) == len(table.columns) and row.path else _names(cols, 4, "列")))
    return Finding(rule="cell.blank", severity=ERROR, table=table.name, table_id=table.id, actual="",
                   message=f"{table.name}有 {len(empty)} 个单元格空白：{'；'.join(parts)}。{note}{advice}")


def _merge_whole_sections(ts: TableSet, blanks: list[tuple[Finding, bool]]) -> list[Finding]:
    """A section whose sub-tables are all entirely blank (a 街道 that filled nothing in 表二) is one finding."""
    layout = ts.spec
    out: list[Finding] = []
    done: set[str] = set()
    whole = {f.table_id for f, entirely in blanks if entirely}
    for f, _ in blanks:
        table = layout.table_index.get(f.table_id or "")
        if table is None or f.table_id not in whole:
            out.append(f)
            continue
        siblings = [t for t in layout.section_tables(table.section) if t.id in ts.tables]
        if len(siblings) < 2 or not all(t.id in whole for t in siblings):
            out.append(f)
            continue
        if table.section in done:
            continue
        done.add(table.section)
        count = sum(len(t.rows) * len(t.columns) for t in siblings)
        first, last = siblings[0].title or siblings[0].name, siblings[-1].title or siblings[-1].name
        out.append(Finding(rule="cell.blank", severity=ERROR, table=f"表{table.section}", actual="",
                           message=(f"表{table.section}（「{first}」至「{last}」）全部 {count} 个单元格均未填写"
                                    "（整张表空白）；空白不等于 0，没有的应填 0，不能留空")))
    return out
