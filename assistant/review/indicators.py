"""Risk indicators a reviewer looks at: ratios with thresholds (公开率, 不予公开占比, 纠错率), tables of nothing but
zeros, and the report checker's findings that mark a whole report (wrong layout for its year, missing sections)."""

from __future__ import annotations

from decimal import Decimal

from ..findings import WARNING, Finding
from .config import ReviewConfig, read_sum
from .entry import Entry


def _doubted(entry: Entry, table_id: str, severities: tuple[str, ...]) -> bool:
    """The report checker found fault with this table (or the copy is cut off): its figures are not judged again."""
    return any(f.rule == "report.truncated" or (f.table_id == table_id and f.severity in severities)
               for f in entry.findings)


def ratios(entry: Entry, config: ReviewConfig) -> dict[str, float | None]:
    """Each indicator's value (None when not computable or its denominator is too small to say anything)."""
    out: dict[str, float | None] = {}
    for ind in config.indicators:
        ts = entry.tables
        num = read_sum(ind.numerator, ts) if ts is not None else None
        den = read_sum(ind.denominator, ts) if ts is not None else None
        out[ind.id] = None if num is None or den is None or den < config.min_denominator else float(num / den)
    return out


def judged(entry: Entry, values: dict[str, float | None], config: ReviewConfig) -> dict[str, float | None]:
    """The values an indicator finding may rest on: none from a table with 错误 of its own."""
    tables = {ind.id: {c.table for c in ind.numerator + ind.denominator} for ind in config.indicators}
    return {k: (None if any(_doubted(entry, t, ("错误",)) for t in tables.get(k, ())) else v) for k, v in values.items()}


def zero_tables(entry: Entry, config: ReviewConfig) -> list[str]:
    """Tables (of those named in the config) that the report prints with every cell 0 or blank."""
    ts = entry.tables
    if ts is None:
        return []
    out = []
    for tid in config.zero_tables:
        data = ts.tables.get(tid)
        if data is None or _doubted(entry, tid, ("错误", "提醒")):  # misread, cut off or incomplete: not “all zero”
            continue
        cells = [c for row in data.rows.values() for c in row.values()]
        if cells and all(c.is_empty or (c.kind == "number" and c.value == Decimal(0)) for c in cells) \
                and any(c.kind == "number" for c in cells):
            out.append(ts.spec.table(tid).name)
    return out


def flags(entry: Entry, config: ReviewConfig) -> dict[str, int]:
    """How many of the report checker's findings of each flagged rule the report has."""
    return {rule: sum(1 for f in entry.findings if f.rule == rule) for rule in config.flag_rules}


def indicator_findings(entry: Entry, values: dict[str, float | None], zero: list[str], config: ReviewConfig) -> list[Finding]:
    """Ratios outside their bounds and tables all zero (`zero`: as zero_tables found them)."""
    out: list[Finding] = []
    values = judged(entry, values, config)
    for ind in config.indicators:
        v = values.get(ind.id)
        if v is None:
            continue
        low = ind.low is not None and v < ind.low
        high = ind.high is not None and v > ind.high
        if low or high:
            bound = ind.low if low else ind.high
            out.append(Finding(
                rule=f"review.indicator.{ind.id}", severity=WARNING, table=ind.name,
                expected=(f"≥ {ind.low:.0%}" if low else f"≤ {ind.high:.0%}") if bound is not None else None,
                actual=f"{v:.1%}",
                message=ind.message.format(value=f"{v:.1%}", low=f"{ind.low:.0%}" if ind.low is not None else "",
                                           high=f"{ind.high:.0%}" if ind.high is not None else "")))
    for name in zero:
        out.append(Finding(rule="review.zero_table", severity=WARNING, table=name, actual="全部为 0",
                           message=f"{name}所有数字均为 0，请核实本年度确无此类情况"))
    return out
