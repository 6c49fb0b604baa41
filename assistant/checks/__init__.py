"""Every check of filled tables: completeness, cell types, and the layout's arithmetic rules."""

from __future__ import annotations

from ..findings import Finding
from ..tables.derive import derive_blanks
from ..tables.model import TableSet
from .cells import check_cells, check_completeness
from .rules import check_rules

__all__ = ["check_tables"]


def check_tables(ts: TableSet, last: TableSet | None = None) -> list[Finding]:
    """All findings for a table set: what parsing met, then completeness, cells and rules (blank cells the
    layout's equations determine are derived first, so the rules still run)."""
    derive_blanks(ts)
    return [*ts.findings, *check_completeness(ts), *check_cells(ts), *check_rules(ts, last)]
