"""Numbers in the prose: breakdowns that must add up, and statements that must agree with the tables."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from ..findings import ERROR, Finding
from ..report.model import Report, StatedNumber
from ..text import nfkc
from .rules import fmt

COUNT_UNITS = {"条", "件", "次", "个", "项", "篇", "期", "场", "人次", "家", "户", "份", "万元", "元"}
_MARKERS = re.compile(r"其中|包括|分别为|分别是")
_NON_EXHAUSTIVE = re.compile(r"主要包括|其中主要|等[^，。；、]{0,8}$")
_FACTS = Path(__file__).resolve().parent.parent / "layouts" / "data" / "prose_facts.yaml"
_SECTION_NAMES = {None: "开头说明", "一": "一、总体情况", "二": "第二部分", "三": "第三部分", "四": "第四部分",
                  "五": "第五部分", "六": "第六部分"}


def _where(n: StatedNumber) -> str:
    return _SECTION_NAMES.get(n.section, "正文") + (f"（第{n.line}行）" if n.line else "")


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
                                       message=(f"{_where(whole)}：“{sentence}”中，“其中”的部分（{listing}，合计 {fmt(total)}）"
                                                f"大于总数 {whole.raw}")))
            elif len(parts) >= 2:
                partial = bool(_NON_EXHAUSTIVE.search(text[max(0, m.start() - 2):end]))
                if total != whole.value and not (partial and total < whole.value):
                    out.append(Finding(rule="prose.breakdown_sum", severity=ERROR, **base,
                                       message=(f"{_where(whole)}：“{sentence}”中，分项 {listing} 合计 {fmt(total)}{whole.unit}，"
                                                f"与总数 {whole.raw} 不符（相差 {fmt(abs(total - whole.value))}）")))
        prev = nums
    return out


@lru_cache(maxsize=1)
def prose_facts() -> list[dict]:
    facts = yaml.safe_load(_FACTS.read_text(encoding="utf-8"))
    for f in facts:
        words = "|".join(f["patterns"])
        f["_re"] = re.compile(rf"(?:{words})[^\d，。；、,;：:]{{0,6}}?[:：]?\s*(\d+)\s*(件|个|起)")
        f["_zero"] = re.compile("|".join(f.get("zero", []))) if f.get("zero") else None
    return facts


def fact_total(tables, fact: dict) -> tuple[Decimal | None, str]:
    """The sum of the cells a prose statement names, and where they are (None when not all are numbers)."""
    spec = tables.spec.table_index.get(fact["table"])
    if spec is None or fact["table"] not in tables.tables:
        return None, ""
    rows = [r for r in fact["rows"] if r in spec.row_index]
    cols = fact.get("columns") or [fact["column"]]
    if not rows:
        return None, ""
    total = Decimal(0)
    for r in rows:
        for c in cols:
            v = tables.value(fact["table"], r, c)
            if v is None:
                return None, ""
            total += v
    row_names = "、".join(f"「{spec.row_index[r].display}」" for r in rows[:2]) + ("等行" if len(rows) > 2 else "行")
    col_names = "、".join(f"「{spec.column_index[c].display}」" for c in cols) + "列"
    return total, f"{spec.name}{row_names}{col_names}" if spec.rows[0].path else f"{spec.name}{col_names}"


def check_prose_against_tables(report: Report) -> list[Finding]:
    out: list[Finding] = []
    if not report.tables.tables:
        return out
    seen: set[tuple[str, str]] = set()
    for sentence in dict.fromkeys(n.sentence for n in report.numbers) | dict.fromkeys(_zero_sentences(report)):
        text = nfkc(sentence)
        for fact in prose_facts():
            stated = None
            m = fact["_re"].search(text)
            if m:
                stated = Decimal(m.group(1))
            elif fact["_zero"] is not None and fact["_zero"].search(text):
                stated = Decimal(0)
            if stated is None or (fact["id"], sentence) in seen:
                continue
            seen.add((fact["id"], sentence))
            value, where = fact_total(report.tables, fact)
            if value is None or value == stated:
                continue
            out.append(Finding(rule="prose.table_mismatch", severity=ERROR, quote=sentence,
                               table=where.split("「")[0] or None, expected=fmt(value), actual=fmt(stated),
                               message=(f"正文“{sentence}”称{fact['name']} {fmt(stated)} 件，"
                                        f"但{where}为 {fmt(value)}")))
    return out


def _zero_sentences(report: Report) -> list[str]:
    """Sentences that state a count of zero in words (no digits), from every prose section."""
    from ..report.parse import _sentences

    texts = [report.intro] + [s.text for s in report.sections if s.number in ("一", "三", "四", "五", "六")]
    out = []
    for text in texts:
        for s in _sentences(text):
            if "\t" not in s and ("未" in s or "没有" in s) and len(s) < 300:
                out.append(s)
    return out
