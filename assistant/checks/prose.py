"""Numbers in the prose: breakdowns that must add up, and statements that must agree with the tables."""

from __future__ import annotations

import re
from decimal import Decimal

from ..findings import ERROR, Finding
from ..layouts import Layout, prose_numbers
from ..layouts.prose_facts import prose_facts
from ..report.model import Report, StatedNumber
from ..text import nfkc
from .rules import fmt

COUNT_UNITS = {"条", "件", "次", "个", "项", "篇", "期", "场", "人次", "家", "户", "份", "万元", "元"}
_MARKERS = re.compile(r"其中|包括|分别为|分别是")
_NON_EXHAUSTIVE = re.compile(r"主要包括|其中主要|等[^，。；、]{0,8}$")


def _where(n: StatedNumber, layout: Layout) -> str:
    part = layout.part(n.section or layout.intro.key)
    return (part.heading if part else "正文") + (f"（第{n.line}行）" if n.line else "")


def _by_sentence(numbers: list[StatedNumber]) -> list[tuple[str, list[StatedNumber]]]:
    groups: list[tuple[str, list[StatedNumber]]] = []
    for n in numbers:
        if groups and groups[-1][0] == n.sentence:
            groups[-1][1].append(n)
        else:
            groups.append((n.sentence, [n]))
    return groups


def check_breakdowns(report: Report) -> list[Finding]:
    """“累计 11627 条，其中业务信息 11620 条” (part ≤ whole); “11620 条，包括：A 1837 条、…” (parts add up)."""
    out: list[Finding] = []
    groups = _by_sentence([n for n in report.numbers if n.unit in COUNT_UNITS])
    prev: list[StatedNumber] = []
    for sentence, nums in groups:
        text = nfkc(sentence)
        cursor = 0
        located = []
        for n in nums:  # locate each number in order (the same figure may repeat)
            p = text.find(n.raw, cursor)
            located.append((p, n))
            cursor = p + len(n.raw)
        markers = list(_MARKERS.finditer(text))
        for k, m in enumerate(markers):
            before = [n for p, n in located if p < m.start()]
            end = markers[k + 1].start() if k + 1 < len(markers) else len(text)
            after = [n for p, n in located if m.end() <= p < end]
            if before:
                whole = before[-1]
            elif m.group() == "其中" and prev and after:
                # “…累计 11627 条，…。其中，…” refers to the sentence before: its first figure of that unit
                same = [n for n in prev if n.unit == after[0].unit]
                if not same:
                    continue
                whole = same[0]
            else:
                continue
            parts = [n for n in after if n.unit == whole.unit]
            if not parts:
                continue
            total = sum((n.value for n in parts), Decimal(0))
            listing = "、".join(n.raw for n in parts)
            base = dict(quote=sentence, line=whole.line, expected=fmt(whole.value), actual=fmt(total))
            if m.group() == "其中":
                bigger = [n for n in parts if n.value > whole.value]
                if bigger or total > whole.value:
                    out.append(Finding(rule="prose.part_exceeds_whole", severity=ERROR, **base,
                                       message=(f"{_where(whole, report.tables.spec)}：“{sentence}”中，“其中”的部分（{listing}，合计 {fmt(total)}）"
                                                f"大于总数 {whole.raw}")))
            elif len(parts) >= 2:
                partial = bool(_NON_EXHAUSTIVE.search(text[max(0, m.start() - 2):end]))
                if total != whole.value and not (partial and total < whole.value):
                    out.append(Finding(rule="prose.breakdown_sum", severity=ERROR, **base,
                                       message=(f"{_where(whole, report.tables.spec)}：“{sentence}”中，分项 {listing} 合计 {fmt(total)}{whole.unit}，"
                                                f"与总数 {whole.raw} 不符（相差 {fmt(abs(total - whole.value))}）")))
        prev = nums
    return out


def check_prose_against_tables(report: Report) -> list[Finding]:
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
            elif fact.zero_regex is not None and fact.zero_regex.search(text):
                stated = Decimal(0)
            if stated is None or (fact.id, sentence) in seen:
                continue
            seen.add((fact.id, sentence))
            value, where = report.tables.fact_total(fact)
            if value is None or value == stated:
                continue
            out.append(Finding(rule="prose.table_mismatch", severity=ERROR, quote=sentence,
                               table=where.split("「")[0] or None, expected=fmt(value), actual=fmt(stated),
                               message=(f"正文“{sentence}”称{fact.name} {fmt(stated)} 件，"
                                        f"但{where}为 {fmt(value)}")))
    return out


def _zero_sentences(report: Report) -> list[str]:
    """Sentences that state a count of zero in words (no digits), from the prose sections and the sections that
    hold the tables the prose facts name."""
    from ..report.parse import sentences

    layout = report.tables.spec
    fact_tables = {f.table for f in prose_facts()}
    wanted = prose_numbers() | {t.section for t in layout.tables if t.id in fact_tables}
    texts = [report.intro] + [s.text for s in report.sections if s.number in wanted]
    out = []
    for text in texts:
        for s in sentences(text):
            if "\t" not in s and ("未" in s or "没有" in s) and len(s) < 300:
                out.append(s)
    return out
