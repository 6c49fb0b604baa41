"""The filled tables of one report: typed cells keyed by the layout's row and column ids."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from ..findings import Finding
from ..layouts import Layout, TableSpec, get_layout
from ..layouts.prose_facts import ProseFact
from .cells import Cell


class TableData(BaseModel):
    id: str
    # row id -> column id -> cell; a row absent here was not found in the input
    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)


class TableSet(BaseModel):
    layout: str  # layout id (see layouts/data)
    year: int | None = None
    layout_source: str = ""  # 用户指定 | 表头 | 年度 | 默认
    tables: dict[str, TableData] = Field(default_factory=dict)
    unplaced: list[Cell] = Field(default_factory=list)  # values that could not be placed, kept
    findings: list[Finding] = Field(default_factory=list)  # problems met while reading the input
    # blank cells whose value the layout's equations determine (tables/derive.py): table → row → column → value
    derived: dict[str, dict[str, dict[str, Decimal]]] = Field(default_factory=dict, exclude=True)

    @property
    def spec(self) -> Layout:
        return get_layout(self.layout)

    def cell(self, table_id: str, row_id: str, col_id: str) -> Cell | None:
        table = self.tables.get(table_id)
        if table is None:
            return None
        row = table.rows.get(row_id)
        return None if row is None else row.get(col_id)

    def value(self, table_id: str, row_id: str, col_id: str) -> Decimal | None:
        """The cell's number; for a blank cell the layout's equations determine, the derived value."""
        cell = self.cell(table_id, row_id, col_id)
        if cell is None:
            return None
        if cell.kind == "number":
            return cell.value
        return self.derived.get(table_id, {}).get(row_id, {}).get(col_id) if cell.is_empty else None

    def is_derived(self, table_id: str, row_id: str, col_id: str) -> bool:
        return col_id in self.derived.get(table_id, {}).get(row_id, {})

    def ordered_tables(self) -> list[tuple[TableSpec, TableData]]:
        return [(spec, self.tables[spec.id]) for spec in self.spec.tables if spec.id in self.tables]

    def section_tables(self, number: str) -> list[tuple[TableSpec, TableData]]:
        """The filled tables of one section (二, 三, 四), in layout order."""
        return [(spec, data) for spec, data in self.ordered_tables() if spec.section == number]

    def fact_total(self, fact: ProseFact) -> tuple[Decimal | None, str]:
        """The sum of the cells a prose statement names, and where they are (None when not all are numbers)."""
        spec = self.spec.table_index.get(fact.table)
        if spec is None or fact.table not in self.tables:
            return None, ""
        rows = [r for r in fact.rows if r in spec.row_index]
        if not rows:
            return None, ""
        total = Decimal(0)
        derived = False
        for r in rows:
            for c in fact.columns:
                v = self.value(fact.table, r, c)
                if v is None:
                    return None, ""
                total += v
                derived |= self.is_derived(fact.table, r, c)
        row_names = "、".join(f"「{spec.row_index[r].display}」" for r in rows[:2]) + ("等行" if len(rows) > 2 else "行")
        col_names = "、".join(f"「{spec.column_index[c].display}」" for c in fact.columns) + "列"
        where = f"{spec.name}{row_names}{col_names}" if spec.rows[0].path else f"{spec.name}{col_names}"
        return total, where + ("（表中空白，按各列之和推算）" if derived else "")
