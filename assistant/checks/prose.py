"""Numbers in the prose: statements that must agree with the tables; and every prose check of a report in one call."""

from __future__ import annotations

from decimal import Decimal

from ..findings import ERROR, Finding
from ..layouts import prose_numbers
from ..layouts.prose_facts import ProseFact, prose_facts
from ..report.model import Report
from ..tables.model import TableSet
from ..text import nfkc
from .breakdowns import check_breakdowns, check_outcome_split
from .claims import check_all_upheld, check_shares
from .outline import check_outline
from .prose_parts import floor_of, what_it_is
from .repeated import check_doubled_phrases, check_same_figure
from .rules import fmt

DERIVED_NOTE = "按各列之和推算"

__all__ = ["check_breakdowns", "check_prose", "check_prose_against_tables"]


def check_prose(report: Report) -> list[Finding]:
    """Every check of the report prose; one finding per rule and sentence."""
    found = [*check_breakdowns(report), *check_outcome_split(report), *check_prose_against_tables(report),
             *check_all_upheld(report), *check_shares(report), *check_outline(report), *check_same_figure(report),
             *check_doubled_phrases(report)]
    seen: set[tuple[str, str | None, str | None]] = set()
    out = []
    for f in found:
        key = (f.rule, f.quote, f.expected)
        if f.quote is not None and key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _derived(ts: TableSet, fact: ProseFact) -> bool:
    """Whether a cell the fact sums was derived from its row or column (blank in the report)."""
    is_derived = getattr(ts, "is_derived", None)  # set once blank cells are derived (tables/derive.py)
    if is_derived is None:
        return False
    return any(is_derived(fact.table, r, c) for r in fact.rows for c in fact.columns)


def check_prose_against_tables(report: Report) -> list[Finding]:
    """“新收政府信息公开申请 37 件” against 表三; a combined statement (“予以公开及部分公开 258 件”) against the sum of
    its rows, and its words are not read again as the single statements they contain."""
    out: list[Finding] = []
    if not report.tables.tables:
        return out
    seen: set[tuple[str, str]] = set()
    for sentence in dict.fromkeys(n.sentence for n in report.numbers) | dict.fromkeys(_zero_sentences(report)):
        text = nfkc(sentence)
        for fact in prose_facts():
            stated = None
            m = fact.regex.search(text)
            if m:
                stated = Decimal(m.group(1))
                text = text[:m.start()] + "#" * (m.end() - m.start()) + text[m.end():]
            elif fact.zero_regex is not None and fact.zero_regex.search(text):
                stated = Decimal(0)
            if stated is None or (fact.id, sentence) in seen:
                continue
            seen.add((fact.id, sentence))
            value, where = report.tables.fact_total(fact)
            if value is None:
                out.extend(_below_floor(report.tables, fact, sentence, stated))
                continue
            if value == stated:
                continue
            note = f"（表中空白单元格{DERIVED_NOTE}）" if _derived(report.tables, fact) else ""
            out.append(Finding(rule="prose.table_mismatch", severity=ERROR, quote=sentence,
                               table=where.split("「")[0] or None, table_id=fact.table, expected=fmt(value),
                               actual=fmt(stated),
                               message=(f"正文“{sentence}”称{fact.name} {fmt(stated)} 件，"
                                        f"但{where}为 {fmt(value)}{note}{what_it_is(report.tables, fact, stated)}")))
    return out


def _below_floor(ts: TableSet, fact: ProseFact, sentence: str, stated: Decimal) -> list[Finding]:
    """A total the blanks hide, yet its filled cells already exceed the stated figure."""
    floor = floor_of(ts, fact)
    if floor is None or stated >= floor:
        return []
    spec = ts.spec.table(fact.table)
    rows = "、".join(f"「{spec.row_index[r].display}」" for r in fact.rows if r in spec.row_index)
    return [Finding(rule="prose.table_mismatch", severity=ERROR, quote=sentence, table=spec.name, table_id=fact.table,
                    expected=f"≥ {fmt(floor)}", actual=fmt(stated),
                    message=(f"正文“{sentence}”称{fact.name} {fmt(stated)} 件，但{spec.name}{rows}行已填写的数值合计"
                             f"已有 {fmt(floor)}（空白单元格未计入，总计不会更少）{what_it_is(ts, fact, stated)}"))]


def _zero_sentences(report: Report) -> list[str]:
    """Sentences that state a count of zero in words (no digits), from the prose sections and the sections that
    hold the tables the prose facts name."""
    from ..report.parse import sentences

    layout = report.tables.spec
    fact_tables = {f.table for f in prose_facts()}
    wanted = prose_numbers() | {t.section for t in layout.tables if t.id in fact_tables}
    texts = [report.intro] + [s.text for s in report.sections if s.number in wanted]
    zeros = [f.zero_regex for f in prose_facts() if f.zero_regex is not None]
    out = []
    for text in texts:
        if not any(rx.search(text) for rx in zeros):
            continue  # no statement of a zero count anywhere in it
        for s in sentences(text):
            if "\t" not in s and ("未" in s or "没有" in s) and len(s) < 300:
                out.append(s)
    return out
