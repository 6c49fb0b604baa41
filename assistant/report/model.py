"""A parsed report: front matter, the six sections, the tables and every number stated in the prose."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from ..findings import Finding
from ..tables.model import TableSet
from .year import YearEvidence


class Section(BaseModel):
    number: str  # 一 … 六
    title: str  # as printed
    line: int  # 1-based line of the heading
    text: str = ""
    subheadings: list[str] = Field(default_factory=list)  # （一）…


class StatedNumber(BaseModel):
    value: Decimal
    unit: str  # 条 件 次 万元 元 % …
    raw: str  # as printed, with its unit
    sentence: str
    section: str | None = None  # None: the opening 说明 before 一、总体情况
    line: int | None = None


class Report(BaseModel):
    source: str = ""
    title: str = ""
    agency: str = ""
    year: int | None = None
    published: str | None = None
    intro: str = ""
    sections: list[Section] = Field(default_factory=list)
    tables: TableSet
    numbers: list[StatedNumber] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    year_evidence: YearEvidence = Field(default_factory=YearEvidence)  # where the year was read, mistyped years
    numbering_shift: int = 0  # section number − printed number, when the numbering is off throughout
    last_line: tuple[int, str] = (0, "")  # where the text stops

    @property
    def layout(self) -> str:
        return self.tables.layout

    def section(self, number: str) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)
