"""The arithmetic rules of a layout, interpreted from its data (layouts/data/*.yaml → rules)."""

from __future__ import annotations

from decimal import Decimal
from collections.abc import Iterator

from ..findings import Finding
from ..layouts import Column, Row, Rule, TableSpec
from ..tables.derive import DERIVED_NOTE
from ..tables.model import TableSet


def fmt(value: Decimal) -> str:
    """A number as a reader writes it: no exponent, no trailing zeros past the point, a sign only if negative."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Term:
    __slots__ = ("id", "sign", "last")

    def __init__(self, raw: str):
        self.sign = -1 if raw.startswith("-") else 1
        name = raw.lstrip("-")
        self.last = name.startswith("last.")
        self.id = name.removeprefix("last.")


def _terms(raws: list[str]) -> list[_Term]:
    return [_Term(r) for r in raws]


def _sum(values: list[tuple[_Term, Decimal]]) -> Decimal:
    return sum((t.sign * v for t, v in values), Decimal(0))


def _describe(values: list[tuple[_Term, Decimal]], name_of) -> str:
    """自然人 3 + 商业企业 2 + …；zero parts are summarised so long sums stay readable."""
    if not values:
        return "0"
    shown = values if len(values) <= 6 else [(t, v) for t, v in values if v != 0]
    zeros = len(values) - len(shown)
    parts = []
    for i, (t, v) in enumerate(shown):
        op = ("－" if t.sign < 0 else "＋") if i else ("－" if t.sign < 0 else "")
        parts.append(f"{op}{'上年' if t.last else ''}{name_of(t.id)} {fmt(v)}")
    text = " ".join(parts) if parts else "各项均为 0"
    if zeros and parts:
        text += "（其余各项为 0）"
    return text


def check_rules(ts: TableSet, last: TableSet | None = None) -> list[Finding]:
    out: list[Finding] = []
    layout = ts.spec
    for rule in layout.rules:
        if rule.cross_year and last is None:
            continue
        table = layout.table(rule.table)
        if table.id not in ts.tables:
            continue
        out.extend(_apply(rule, table, ts, last))
    return out


def _apply(rule: Rule, table: TableSpec, ts: TableSet, last: TableSet | None) -> Iterator[Finding]:
    lhs, rhs = _terms(rule.lhs), _terms(rule.rhs)
    outer: list[Row] | list[Column]
    if rule.each == "row":
        outer = list(table.rows)
        name_of = lambda i: table.column_index[i].display
    else:
        outer = list(table.columns)
        name_of = lambda i: table.row_index[i].display
    last_layout_table = None
    if last is not None and rule.cross_year:
        last_layout_table = last.spec.table_index.get(rule.table)
        if last_layout_table is None or rule.table not in last.tables:
            return

    for item in outer:
        def derived(term: _Term, item: Row | Column = item) -> bool:
            if term.last:
                return False
            row_id, col_id = (item.id, term.id) if rule.each == "row" else (term.id, item.id)
            return ts.is_derived(rule.table, row_id, col_id)

        def value(term: _Term, item: Row | Column = item) -> Decimal | None:
            source = last if term.last else ts
            if source is None:
                return None
            if rule.each == "row":
                row_id, col_id = item.id, term.id
            else:
                row_id, col_id = term.id, item.id
            if term.last:
                # Last year's layout may differ: the same ids must exist there.
                spec = last_layout_table
                if spec is None or row_id not in spec.row_index or col_id not in spec.column_index:
                    return None
            return source.value(rule.table, row_id, col_id)

        lv = [(t, v) for t in lhs if (v := value(t)) is not None]
        rv = [(t, v) for t in rhs if (v := value(t)) is not None]
        if len(lv) < len(lhs) or len(rv) < len(rhs):
            continue  # a non-number involved: that cell has its own finding
        left, right = _sum(lv), _sum(rv)
        ok = left == right if rule.op == "==" else left >= right
        if ok:
            continue
        anchor = lhs[0].id
        if isinstance(item, Row):
            row, col = item, table.column_index[anchor]
        else:
            row, col = table.row_index[anchor], item
        where = (f"{table.name}「{row.display}」行「{col.display}」列" if row.path
                 else f"{table.name}「{col.display}」列")
        left_text = _describe(lv, name_of)
        right_text = _describe(rv, name_of)
        if rule.op == "==":
            if len(lhs) == 1 and not lhs[0].last:
                detail = f"应为 {right_text} = {fmt(right)}，实为 {fmt(left)}"
            else:
                detail = f"{left_text} = {fmt(left)}，{right_text} = {fmt(right)}，两者不等（相差 {fmt(abs(left - right))}）"
            expected = fmt(right)
        else:
            detail = f"{left_text} = {fmt(left)}，小于 {right_text if rhs else ''}{' = ' if rhs else ''}{fmt(right)}"
            expected = f"≥ {fmt(right)}"
        guessed = [name_of(t.id) for t in lhs + rhs if derived(t)]
        if guessed:
            detail += f"；其中{'、'.join('「' + g + '」' for g in guessed)}为空白，{DERIVED_NOTE}"
        yield Finding(
            rule=rule.id, severity=rule.severity, table=table.name, row=row.display or None, column=col.display,
            table_id=table.id, row_id=row.id, column_id=col.id, expected=expected, actual=fmt(left),
            message=f"{where}：{rule.title}。{detail}（依据：{rule.basis}）")
