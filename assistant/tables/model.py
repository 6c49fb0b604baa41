"""The filled tables of one report: typed cells keyed by the layout's row and column ids."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from ..findings import Finding
from ..layouts import Layout, TableSpec, get_layout
from .cells import Cell


class TableData(BaseModel):
    id: str
    # row id -> column id -> cell; a row absent here was not found in the input
    rows: dict[str, dict[str, Cell]] = Field(default_factory=dict)


class TableSet(BaseModel):
    layout: str  # layout id, "2019" | "2021"
    year: int | None = None
    layout_source: str = ""  # 用户指定 | 表头 | 年度 | 默认
    tables: dict[str, TableData] = Field(default_factory=dict)
    unplaced: list[Cell] = Field(default_factory=list)  # values that could not be placed, kept
    findings: list[Finding] = Field(default_factory=list)  # problems met while reading the input

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
        cell = self.cell(table_id, row_id, col_id)
        return cell.value if cell is not None and cell.kind == "number" else None

    def ordered_tables(self) -> list[tuple[TableSpec, TableData]]:
        return [(spec, self.tables[spec.id]) for spec in self.spec.tables if spec.id in self.tables]
