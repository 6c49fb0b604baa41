"""Blank cells that the layout's equations determine: a blank total from its parts, a blank part from the total
and the other parts. A blank stays blank (its cell says so); the derived value only lets the table rules and the
prose checks go on, and every finding that used one says “按各列之和推算”."""

from __future__ import annotations

from decimal import Decimal

from ..layouts import Rule, TableSpec
from .model import TableSet

DERIVED_NOTE = "按各列之和推算"


def _sign(term: str) -> tuple[int, str]:
    return (-1, term[1:]) if term.startswith("-") else (1, term)


def derive_blanks(ts: TableSet) -> dict[str, dict[str, dict[str, Decimal]]]:
    """Fill ``ts.derived`` (table → row → column → value) from the equations of the layout, repeatedly, until no
    blank can be derived any more. Only empty cells (blank, or not given; not “—”, “/”, 不适用) are derived; a value that would be
    negative is not derived."""
    layout = ts.spec
    derived: dict[str, dict[str, dict[str, Decimal]]] = {}
    ts.derived = derived
    blank = any(c.is_empty for t in ts.tables.values() for cells in t.rows.values() for c in cells.values())
    rules = [r for r in layout.rules if r.op == "==" and not r.cross_year and r.table in ts.tables] if blank else []
    if not rules:
        return derived
    changed = True
    while changed:
        changed = False
        for rule in rules:
            table = layout.table(rule.table)
            changed |= _derive_rule(ts, rule, table, derived)
    return derived


def _derive_rule(ts: TableSet, rule: Rule, table: TableSpec, derived: dict) -> bool:
    data = ts.tables[table.id]
    items = table.rows if rule.each == "row" else table.columns
    terms = [(s, t, 1) for s, t in map(_sign, rule.lhs)] + [(s, t, -1) for s, t in map(_sign, rule.rhs)]
    changed = False
    for item in items:
        known = Decimal(0)
        unknown: tuple[int, str, str] | None = None
        ok = True
        for sign, term, side in terms:
            row_id, col_id = (item.id, term) if rule.each == "row" else (term, item.id)
            cells = data.rows.get(row_id)
            if cells is None or col_id not in cells:
                ok = False
                break
            value = ts.value(table.id, row_id, col_id)
            if value is not None:
                known += sign * side * value
            elif cells[col_id].is_empty and unknown is None:  # left blank, or not given in the paste: printed blank
                unknown = (sign * side, row_id, col_id)
            else:
                ok = False
                break
        if not ok or unknown is None:
            continue
        coef, row_id, col_id = unknown
        value = -known / coef
        if value < 0:
            continue
        derived.setdefault(table.id, {}).setdefault(row_id, {})[col_id] = value
        changed = True
    return changed
