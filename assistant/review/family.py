"""Parent against children: a summary (全市/全区) report's table cells must equal the sums of its member agencies'
cells; where a member is missing (not in the set, not readable, without the table, in another layout) the summary's
table is not compared and the members missing are named instead."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import ERROR, WARNING, Finding
from .entry import Entry
from .pairing import Family, find


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f") if v == v.to_integral() else str(v)


@dataclass
class FamilyResult:
    parent: Entry | None
    children: list[Entry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # declared members not found in the set
    findings: list[Finding] = field(default_factory=list)  # on the parent


def check_family(family: Family, entries: list[Entry]) -> FamilyResult:
    parent = find(family.parent, entries)
    result = FamilyResult(parent=parent)
    if parent is None or not parent.readable or parent.tables is None:
        return result
    for name in family.children:
        child = find(name, entries)
        if child is None or child is parent:
            result.missing.append(name)
        else:
            result.children.append(child)
    if result.missing:
        result.findings.append(Finding(
            rule="review.children_missing", severity=WARNING, actual="、".join(result.missing),
            message=f"汇总关系中的成员单位有 {len(result.missing)} 个不在本批报告中：{'、'.join(result.missing[:10])}"
                    f"{'等' if len(result.missing) > 10 else ''}；汇总表未与成员单位合计核对"))
        return result
    result.findings.extend(_sums(parent, result.children))
    return result


def _sums(parent: Entry, children: list[Entry]) -> list[Finding]:
    ts = parent.tables
    assert ts is not None
    out: list[Finding] = []
    for spec, data in ts.ordered_tables():
        absent = [c.label for c in children
                  if not c.readable or c.tables is None or c.tables.layout != ts.layout or spec.id not in c.tables.tables]
        if absent:
            out.append(Finding(
                rule="review.children_incomplete", severity=WARNING, table=spec.name, table_id=spec.id,
                actual="、".join(absent),
                message=f"{spec.name}未与成员单位合计核对：{'、'.join(absent[:10])}{'等' if len(absent) > 10 else ''}"
                        f"的报告没有此表或所用版式与汇总报告不同"))
            continue
        columns = {c.id: c for c in spec.columns_with(spec.optional_columns)}
        for row in spec.rows:
            for col_id in data.rows.get(row.id, {}):
                mine = ts.value(spec.id, row.id, col_id)
                if mine is None or col_id not in columns:
                    continue
                values = [c.tables.value(spec.id, row.id, col_id) for c in children if c.tables is not None]
                if any(v is None for v in values):
                    continue  # a member's cell is not a number (—, 不适用): that member's own check says so
                total = sum((v for v in values if v is not None), Decimal(0))
                if total != mine:
                    col = columns[col_id]
                    where = f"{spec.name}「{row.display}」行「{col.display}」列" if row.path else f"{spec.name}「{col.display}」列"
                    out.append(Finding(
                        rule="review.parent_sum", severity=ERROR, table=spec.name, row=row.display if row.path else None,
                        column=col.display, table_id=spec.id, row_id=row.id, column_id=col_id,
                        expected=_fmt(total), actual=_fmt(mine),
                        message=f"汇总报告{where}为 {_fmt(mine)}，{len(children)} 个成员单位合计为 {_fmt(total)}"))
    return out
