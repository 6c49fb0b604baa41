"""Drafts and facts against the pasted tables: the report checker's prose-versus-table checks, run on a draft or on
the facts before drafting (“新收 37 件” while 表三「一、本年新收」「总计」is 0 is a 错误 naming the cell)."""

from __future__ import annotations

from ..checks.claims import check_all_upheld
from ..checks.prose import check_prose_against_tables
from ..claims import claims_in
from ..findings import ERROR, Finding
from ..report.model import Report, Section
from ..report.parse import stated_numbers
from ..tables.model import TableSet
from ..text import nfkc
from .facts import Facts
from .numbers import Backing, conflict_text, conflicting_figure

__all__ = ["check_facts", "draft_table_findings", "facts_table_findings"]


def _as_report(text: str, tables: TableSet, number: str | None) -> Report:
    report = Report(tables=tables, intro=text if number is None else "")
    if number is not None:
        report.sections.append(Section(number=number, title="", line=1, text=text))
    report.numbers = stated_numbers(text, number, lambda _pos: None)
    return report


def _findings(text: str, tables: TableSet, number: str | None, backing: Backing | None, rule: str) -> list[Finding]:
    report = _as_report(text, tables, number)
    out = [*check_prose_against_tables(report), *check_all_upheld(report)]
    quoted = {nfkc(f.quote or "") for f in out}
    if backing is not None:  # counts the checker's patterns do not read (三十七件, 受理 …) against the same cells
        for c in claims_in(text):
            fig = conflicting_figure(c, backing)
            if fig is not None and c.sentence not in quoted:
                quoted.add(c.sentence)
                out.append(Finding(rule=rule, severity=ERROR, quote=c.sentence, actual=c.key,
                                   expected=format(fig.value.normalize(), "f"),
                                   message=f"“{c.sentence}”中“{c.text}”{conflict_text(fig)}"))
    return out


def draft_table_findings(text: str, tables: TableSet | None, section_number: str | None,
                         backing: Backing | None = None) -> list[Finding]:
    """What a draft says that the tables contradict."""
    if tables is None or not tables.tables:
        return []
    return _findings(text, tables, section_number, backing, "draft.table_mismatch")


def facts_table_findings(facts: Facts, tables: TableSet | None, backing: Backing | None = None) -> list[Finding]:
    """What the facts say that the tables contradict, before anything is drafted (each message says “事实”)."""
    if tables is None or not tables.tables:
        return []
    text = "\n".join(b.rstrip("。；;") + "。" for part in facts.layout_spec.prose_parts for b in facts.bullets(part.key))
    out = []
    for f in _findings(text, tables, None, backing, "facts.table_mismatch"):
        message = f.message.replace("正文“", "事实“", 1)
        if not message.startswith("事实"):
            message = "事实" + message
        out.append(f.model_copy(update={"message": message, "rule": "facts.table_mismatch"}))
    return out


def check_facts(facts: Facts) -> list[Finding]:
    """The facts against their own tables, before drafting (what the CLI and the drafting tab show first)."""
    from ..tables import parse_tables
    from .context import backing_for

    if not facts.tables:
        return []
    tables = parse_tables(facts.tables, year=facts.year, layout=facts.layout)
    return facts_table_findings(facts, tables, backing_for(facts, tables, []))
