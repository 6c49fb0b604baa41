"""A prose figure against a table total the blanks hide, and what a wrong figure is instead of the total.

Counts are never negative, so the filled cells of a statement's rows are a floor for its total even where blanks keep
the total itself unknown: “予以公开及部分公开 258 件” under rows whose filled cells add to 275 is wrong whatever the
blanks hold. And a figure that is not the total is often one column (自然人 only) or one row (“1.本机关不掌握…” of
（四）无法提供): the finding says so."""

from __future__ import annotations

from decimal import Decimal

from ..layouts import TableSpec
from ..layouts.prose_facts import ProseFact, prose_facts
from ..tables.model import TableSet


def _parts(spec: TableSpec, ts: TableSet, column: str) -> list[str]:
    """The columns the layout sums into `column` in each row (表三 总计 ← 自然人 … 其他)."""
    for rule in ts.spec.rules:
        if rule.table == spec.id and rule.each == "row" and rule.lhs == [column] and not rule.cross_year:
            return [t for t in rule.rhs if not t.startswith("-")]
    return []


def _num(ts: TableSet, table: str, row: str, col: str) -> Decimal | None:
    return ts.value(table, row, col)


def floor_of(ts: TableSet, fact: ProseFact) -> Decimal | None:
    """The least the fact's total can be: per row its total where given, else the sum of its filled parts. None when
    the fact is not one column summed from parts, or a row is absent."""
    spec = ts.spec.table_index.get(fact.table)
    if spec is None or fact.table not in ts.tables or len(fact.columns) != 1:
        return None
    parts = _parts(spec, ts, fact.columns[0])
    rows = [r for r in fact.rows if r in spec.row_index]
    if not parts or not rows or any(r not in ts.tables[fact.table].rows for r in rows):
        return None
    floor = Decimal(0)
    for r in rows:
        total = _num(ts, fact.table, r, fact.columns[0])
        floor += total if total is not None else sum(
            (v for c in parts if (v := _num(ts, fact.table, r, c)) is not None and v > 0), Decimal(0))
    return floor


def what_it_is(ts: TableSet, fact: ProseFact, stated: Decimal) -> str:
    """“；正文数字 258 恰为「自然人」一列…” when the stated figure is one column, one row or one cell of the fact's cells."""
    spec = ts.spec.table_index.get(fact.table)
    data = ts.tables.get(fact.table)
    if spec is None or data is None or len(fact.columns) != 1 or stated == 0:
        return ""
    rows = [r for r in fact.rows if r in spec.row_index and r in data.rows]
    parts = _parts(spec, ts, fact.columns[0])
    for c in parts:
        values = [_num(ts, fact.table, r, c) for r in rows]
        if len(rows) > 1 and all(v is not None for v in values) and sum(v for v in values if v is not None) == stated:
            return f"；正文数字 {stated} 恰为「{spec.column_index[c].display}」一列之和，不是各类申请人的总计"
    if len(rows) > 1:
        for r in rows:
            total = _num(ts, fact.table, r, fact.columns[0])
            if total is None and parts:
                total = sum((v for c in parts if (v := _num(ts, fact.table, r, c)) is not None), Decimal(0))
            if total == stated:
                return f"；正文数字 {stated} 恰为「{spec.row_index[r].display}」一行，不是各行之和"
    for r in rows:
        for c in parts:
            if _num(ts, fact.table, r, c) == stated:
                return (f"；正文数字 {stated} 恰为「{spec.row_index[r].display}」行「{spec.column_index[c].display}」列"
                        "一格，不是合计")
    for other in prose_facts():  # another count of the table: 收到 written for 办理 (新收 + 上年结转 = （七）总计)
        if other.id != fact.id and other.table == fact.table and ts.fact_total(other)[0] == stated:
            return f"；正文数字 {stated} 恰为表中“{other.name}”的数（{ts.fact_total(other)[1]}），两个口径可能写混"
    return ""
