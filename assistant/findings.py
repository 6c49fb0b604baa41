"""Finding: the one currency of problems (parse errors, rule violations, prose contradictions)."""

from __future__ import annotations

from collections import Counter
from typing import Literal
from collections.abc import Iterable

from pydantic import BaseModel

Severity = Literal["错误", "提醒"]
ERROR: Severity = "错误"
WARNING: Severity = "提醒"


class Finding(BaseModel):
    rule: str
    severity: Severity
    message: str
    table: str | None = None  # 表三, 表二「第二十条第（一）项」
    row: str | None = None  # display label of the row
    column: str | None = None  # display label of the column
    expected: str | None = None
    actual: str | None = None
    quote: str | None = None  # the sentence or cell text the finding is about
    line: int | None = None  # 1-based line of the input it came from, when known
    # Machine ids so a UI can mark the cell.
    table_id: str | None = None
    row_id: str | None = None
    column_id: str | None = None

    def public(self) -> dict:
        """The documented JSON shape of a finding."""
        data = {k: getattr(self, k) for k in ("rule", "severity", "table", "row", "column", "expected", "actual", "message")}
        if self.quote is not None:
            data["quote"] = self.quote
        if self.line is not None:
            data["line"] = self.line
        return data

    def where(self) -> str:
        parts = []
        if self.table:
            parts.append(self.table)
        if self.row:
            parts.append(f"「{self.row}」行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return "".join(parts)

    def line_text(self) -> str:
        return f"[{self.severity}] {self.message}"


def count(findings: Iterable[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
