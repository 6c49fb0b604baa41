"""Typed models of an official layout, loaded from the YAML data files beside this module."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..text import label_key


class ValueType(BaseModel):
    id: str
    name: str
    kind: Literal["integer", "decimal"]
    min: Decimal | None = None
    decimals: int | None = None
    unit: str | None = None  # the unit the column is printed in, when fixed
    units: list[str] = Field(default_factory=list)  # units a cell may carry


class Column(BaseModel):
    id: str
    path: list[str]  # header labels from the top header row down to this column
    type: str
    name: str | None = None  # how findings name the column, when the label alone is ambiguous
    after: str | None = None  # an optional column: printed after this column when a report prints it

    @property
    def label(self) -> str:
        return self.path[-1]

    @property
    def display(self) -> str:
        return self.name or self.label


class Row(BaseModel):
    id: str
    path: list[str]  # row labels from the outer group down to this row (empty for 表四)
    aliases: list[str] = Field(default_factory=list)  # accepted silently
    variants: list[str] = Field(default_factory=list)  # accepted with a 提醒 (non-official wording)
    name: str | None = None

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else (self.name or "")

    @property
    def display(self) -> str:
        """「三、本年度办理结果（三）不予公开 4.保护第三方合法权益」"""
        if not self.path:
            return self.name or ""
        text = self.path[0]
        for part in self.path[1:]:
            text += (" " if part[:1].isdigit() else "") + part
        return text


class TableSpec(BaseModel):
    model_config = ConfigDict(ignored_types=(cached_property,))

    id: str
    section: str
    name: str
    title: str | None = None
    anchors: list[str] = Field(default_factory=list)
    corner: str | None = None
    columns: list[Column]
    rows: list[Row]
    # Columns some published tables add (表三's 法人或其他组织「小计」): read and checked when printed, never required.
    optional_columns: list[Column] = Field(default_factory=list)

    @cached_property
    def column_index(self) -> dict[str, Column]:
        return {c.id: c for c in self.columns + self.optional_columns}

    def columns_with(self, optional: list[Column]) -> list[Column]:
        """The columns in print order when the optional ones given are printed too."""
        out = list(self.columns)
        for col in optional:
            at = next((k + 1 for k, c in enumerate(out) if c.id == col.after), len(out))
            out.insert(at, col)
        return out

    @cached_property
    def row_index(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows}

    @cached_property
    def row_position(self) -> dict[str, int]:
        return {r.id: k for k, r in enumerate(self.rows)}

    @property
    def cell_count(self) -> int:
        return len(self.rows) * len(self.columns)

    def find_row(self, text: str) -> Row | None:
        key = label_key(text)
        for row in self.rows:
            if key in {label_key(row.id), label_key(row.label), label_key(row.display)} | {
                label_key(a) for a in row.aliases + row.variants
            }:
                return row
        return None

    def find_column(self, text: str) -> Column | None:
        key = label_key(text)
        for col in self.columns:
            keys = {label_key(col.id), label_key(col.display), label_key("".join(col.path)), label_key("".join(col.path[1:]))}
            if len(self.columns) == len({c.label for c in self.columns}):
                keys.add(label_key(col.label))
            if key in keys:
                return col
        return None


class Rule(BaseModel):
    id: str
    title: str
    basis: str
    table: str
    each: Literal["row", "column"]
    lhs: list[str]
    rhs: list[str]
    op: Literal["==", ">="] = "=="
    severity: Literal["错误", "提醒"] = "错误"

    @property
    def cross_year(self) -> bool:
        return any(t.lstrip("-").startswith("last.") for t in self.lhs + self.rhs)


class Requirement(BaseModel):
    """Something a report must say in a section (e.g. 信息处理费 in 六 of the 2021 layout)."""

    rule: str
    any: list[str]  # the section satisfies it when it mentions any of these
    message: str
    severity: Literal["错误", "提醒"] = "提醒"


class DraftSpec(BaseModel):
    """How the drafter prepares a prose part: what to retrieve, the 条例 articles that govern it, and the outline
    a draft of it shows (each entry: alternatives separated by “|”)."""

    query: str
    articles: list[str] = Field(default_factory=list)
    outline: list[str] = Field(default_factory=list)


class Section(BaseModel):
    """A part of the report: the opening (no number) or one of the numbered sections 一–六."""

    key: str  # how code names the part: intro, overview, problems, other …
    number: str = ""  # 一 … 六; the opening has none
    title: str
    kind: Literal["prose", "tables"]
    words: list[str] = Field(default_factory=list)  # what a published heading must mention to be this section
    # Titles agencies publish for this section that say the same thing (no 提醒 for them); other titles that still
    # mention `words` get a 提醒.
    variants: list[str] = Field(default_factory=list)
    required: list[Requirement] = Field(default_factory=list)
    draft: DraftSpec | None = None

    @property
    def heading(self) -> str:
        """「一、总体情况」; the opening has no heading and shows its title (开头说明)."""
        return f"{self.number}、{self.title}" if self.number else self.title

    @property
    def is_prose(self) -> bool:
        return self.kind == "prose"


class YearRange(BaseModel):
    first: int | None = None
    last: int | None = None

    def covers(self, year: int) -> bool:
        return (self.first is None or year >= self.first) and (self.last is None or year <= self.last)


class Layout(BaseModel):
    model_config = ConfigDict(ignored_types=(cached_property,))

    id: str
    name: str
    notice: str
    # How a report names the notice without its number (its title), to tell which notice a report cites.
    notice_titles: list[str] = Field(default_factory=list)
    default_for_years: YearRange
    # Reports of a year this many years or more after the layout took effect, still in an older layout, are 错误
    # (before that, in the changeover, a 提醒).
    strict_after_years: int | None = None
    markers: list[str]
    intro: Section
    sections: list[Section]
    tables: list[TableSpec]
    rules: list[Rule]
    value_types: dict[str, ValueType]

    def replaces_strictly(self, year: int) -> bool:
        """Whether a report of that year, due in this layout, is in error (not merely reminded) when it uses an older
        one: the changeover years are over (strict_after_years)."""
        first = self.default_for_years.first
        return self.strict_after_years is not None and first is not None and year >= first + self.strict_after_years

    @model_validator(mode="after")
    def _consistent(self) -> Layout:
        tables = {t.id: t for t in self.tables}
        keys = [p.key for p in self.parts]
        if len(set(keys)) != len(keys) or len({s.number for s in self.sections}) != len(self.sections):
            raise ValueError(f"layout {self.id}: section keys and numbers must be unique")
        if self.intro.number or not all(s.number for s in self.sections):
            raise ValueError(f"layout {self.id}: the intro has no number, every section has one")
        table_sections = {s.number for s in self.sections if s.kind == "tables"}
        for table in self.tables:
            if table.section not in table_sections:
                raise ValueError(f"layout {self.id}: table {table.id} is in {table.section}, which is not a tables section")
            for col in table.columns:
                if col.type not in self.value_types:
                    raise ValueError(f"layout {self.id}: column {table.id}.{col.id} has unknown type {col.type}")
        for rule in self.rules:
            ruled = tables.get(rule.table)
            if ruled is None:
                raise ValueError(f"layout {self.id}: rule {rule.id} names unknown table {rule.table}")
            ids: dict[str, Column] | dict[str, Row] = ruled.column_index if rule.each == "row" else ruled.row_index
            for term in rule.lhs + rule.rhs:
                name = term.lstrip("-").removeprefix("last.")
                if name not in ids:
                    raise ValueError(f"layout {self.id}: rule {rule.id} names unknown {rule.each} term {term}")
        return self

    @property
    def parts(self) -> list[Section]:
        """The opening and the numbered sections, in order."""
        return [self.intro, *self.sections]

    @property
    def prose_parts(self) -> list[Section]:
        """The parts a drafter writes (intro, overview, problems, other in the official layouts)."""
        return [p for p in self.parts if p.is_prose]

    def part(self, key_or_number: str) -> Section | None:
        """A part by key (overview) or number (一)."""
        return next((p for p in self.parts if key_or_number in (p.key, p.number)), None)

    def section_tables(self, number: str) -> list[TableSpec]:
        return [t for t in self.tables if t.section == number]

    @cached_property
    def table_index(self) -> dict[str, TableSpec]:
        return {t.id: t for t in self.tables}

    def table(self, table_id: str) -> TableSpec:
        return self.table_index[table_id]

    def find_table(self, text: str) -> TableSpec | None:
        """A table by id (三, 二(一)), by name (表三) or by sub-table title (第二十条第（一）项)."""
        key = label_key(text).removeprefix("表")
        for t in self.tables:
            if key in {label_key(t.id), label_key(t.name).removeprefix("表"), label_key(t.title or "\0")}:
                return t
        return None

    def value_type(self, column: Column) -> ValueType:
        return self.value_types[column.type]

    @property
    def label(self) -> str:
        return f"{self.id} 版格式（{self.notice}）"
