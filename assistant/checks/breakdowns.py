"""Lists of parts in the prose: “累计 11627 条，其中业务信息 11620 条” (a part is at most its figure), “11620 条，包括：
A 1837 条、…” (the parts add up), “受理 15 件，其中网上申请 15 件，办结 12 件，结转 2 件” (a channel breakdown plus an
outcome split, each checked on its own), and the 办理结果 listed after the number of requests answered."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..findings import ERROR, WARNING, Finding
from ..layouts import Layout
from ..layouts.prose_facts import Dimension, prose_words
from ..report.model import Report
from .rules import fmt
from .sentences import Located, Sentence, count_units, report_sentences, same_unit, where

ITEM = Dimension(id="item", name="分项", words=[])


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern[str], frozenset[str]]:
    b = prose_words().breakdown
    words = sorted({*b.part_of, *b.sum_to}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))), frozenset(b.part_of)


def _dimension(label: str) -> Dimension:
    for d in prose_words().dimensions:
        if any(w in label for w in d.words):
            return d
    return ITEM


def _is_complete(d: Dimension, labels: list[str]) -> bool:
    return bool(d.complete) and all(any(w in lab for lab in labels for w in group) for group in d.complete)


def _listing(parts: list[Located]) -> str:
    return "、".join(p.number.raw for p in parts)


def check_breakdowns(report: Report) -> list[Finding]:
    layout = report.tables.spec
    marker_re, part_of = _markers()
    out: list[Finding] = []
    prev: Sentence | None = None
    for s in report_sentences(report):
        nums = [n for n in s.numbers if n.number.unit in count_units()]
        for m in marker_re.finditer(s.text):
            inside = _group_at(s, m.start())
            scope = [n for n in nums if n.group == inside]
            markers_here = [x for x in marker_re.finditer(s.text) if _group_at(s, x.start()) == inside]
            nxt = next((x.start() for x in markers_here if x.start() > m.start()), None)
            end = nxt if nxt is not None else (s.opens.get(inside, len(s.text)) if inside >= 0 else len(s.text))
            before = [n for n in scope if n.start < m.start()]
            after = [n for n in scope if m.end() <= n.start < end]
            whole = _whole(s, before, inside, nums, prev, m.group() in part_of, after)
            if whole is None:
                continue
            parts = _parts(s, whole, after)
            if not parts:
                continue
            list_text = s.text[max(0, m.start() - 2):min(end, parts[-1].end + 2)].rstrip("。；;，,、 ")
            out += _judge(s, layout, whole, parts, m.group() in part_of, list_text)
        prev = s if nums else prev
    return out


def _parts(s: Sentence, whole: Located, after: list[Located]) -> list[Located]:
    """The parts in the unit of the whole; parts in an interchangeable unit count too where the text says so, or
    where with them the parts make up the whole exactly (“47 条，其中部门文件 22 件，通知公告 16 条……”)."""
    strict = [n for n in after if n.number.unit == whole.number.unit]
    loose = [n for n in after if same_unit(n.number.unit, whole.number.unit, s.text)]
    if loose != strict:
        return loose
    mixed = [n for n in after if same_unit(n.number.unit, whole.number.unit, "条(件)")]
    if mixed != strict and sum((n.number.value for n in mixed), Decimal(0)) == whole.number.value:
        return mixed
    return strict


def _group_at(s: Sentence, pos: int) -> int:
    best = -1
    for open_, close in s.opens.items():
        if open_ < pos < close and open_ > best:
            best = open_
    return best


def _whole(s: Sentence, before: list[Located], inside: int, nums: list[Located], prev: Sentence | None,
           is_part_of: bool, after: list[Located]) -> Located | None:
    if before:
        return before[-1]
    if inside >= 0:  # “部门财务信息 2 条（其中部门预算 1 条、部门决算 1 条）”: the figure the parentheses follow
        owner = [n for n in nums if n.start < inside and n.group == _group_at(s, inside)]
        return owner[-1] if owner else None
    if is_part_of and prev is not None and after:
        # “…累计 11627 条，…。其中，…” refers to the sentence before: its first figure of that unit
        same = [n for n in prev.numbers if n.number.unit == after[0].number.unit]
        return same[0] if same else None
    return None


def _judge(s: Sentence, layout: Layout, whole: Located, parts: list[Located], is_part_of: bool,
           list_text: str) -> list[Finding]:
    out: list[Finding] = []
    w = whole.number
    kinds: dict[str, tuple[Dimension, list[Located], list[str]]] = {}
    cut = whole.end
    for p in parts:
        label = s.text[cut:p.start]
        d = _dimension(label)
        kinds.setdefault(d.id, (d, [], []))
        kinds[d.id][1].append(p)
        kinds[d.id][2].append(label)
        cut = p.end
    several = len(kinds) > 1
    for d, group, labels in kinds.values():
        total = sum((p.number.value for p in group), Decimal(0))
        bigger = [p for p in group if p.number.value > w.value]
        what = f"{d.name}" if several or d is not ITEM else "分项"
        base = dict(quote=s.quote, line=w.line, expected=fmt(w.value), actual=fmt(total))
        head = f"{where(w, layout)}：“{s.quote}”中，"
        listing = _listing(group)
        if is_part_of:
            if bigger or (len(group) >= 2 and total > w.value):
                out.append(Finding(rule="prose.part_exceeds_whole", severity=ERROR, **base,
                                   message=f"{head}“其中”的{what}（{listing}，合计 {fmt(total)}）大于总数 {w.raw}"))
            elif _is_complete(d, labels) and total != w.value:
                sums = " + ".join(f"{_word(lab, d)} {p.number.raw}" for p, lab in zip(group, labels))
                out.append(Finding(rule="prose.breakdown_sum", severity=ERROR, **base,
                                   message=(f"{head}{sums} = {fmt(total)}{w.unit}，与总数 {w.raw} 不符"
                                            f"（相差 {fmt(abs(total - w.value))}）")))
            elif (d is ITEM and not several and len(group) >= prose_words().breakdown.complete_part_of
                  and w.value * Decimal(str(prose_words().breakdown.complete_share)) <= total < w.value
                  and not re.search(prose_words().breakdown.non_exhaustive, list_text)):
                out.append(Finding(rule="prose.breakdown_sum", severity=WARNING, **base,
                                   message=(f"{head}“其中”所列{len(group)}项（{listing}）合计 {fmt(total)}{w.unit}，"
                                            f"少于总数 {w.raw}（相差 {fmt(w.value - total)}）；若已列全，请核对")))
        else:
            partial = bool(re.search(prose_words().breakdown.non_exhaustive, list_text))
            if bigger:
                out.append(Finding(rule="prose.part_exceeds_whole", severity=ERROR, **base,
                                   message=(f"{head}分项 {'、'.join(p.number.raw for p in bigger)} 大于总数 {w.raw}"
                                            + (f"，分项 {listing} 合计 {fmt(total)}{w.unit}，与总数不符" if len(group) >= 2 else ""))))
            elif len(group) >= 2 and total != w.value and not (partial and total < w.value):
                out.append(Finding(rule="prose.breakdown_sum", severity=ERROR, **base,
                                   message=(f"{head}{what} {listing} 合计 {fmt(total)}{w.unit}，与总数 {w.raw} 不符"
                                            f"（相差 {fmt(abs(total - w.value))}）")))
            elif len(group) >= 2 and partial and w.value * Decimal(str(prose_words().breakdown.near_share)) <= total < w.value:
                # “……等” and yet only a little short of the figure: more likely a miscount than parts left out
                out.append(Finding(rule="prose.breakdown_sum", severity=WARNING, **base,
                                   message=(f"{head}{what} {listing} 合计 {fmt(total)}{w.unit}，比总数 {w.raw} 少 "
                                            f"{fmt(w.value - total)}；列举以“等”结尾，若已列全，请核对")))
    return out


def _word(label: str, d: Dimension) -> str:
    return next((w for w in d.words if w in label), label.strip(" ,，、"))


def check_outcome_split(report: Report) -> list[Finding]:
    """“答复申请 805 件 …… 予以公开及部分公开 258 件 …… 其他处理 0 件”: the outcomes listed add up to the number answered."""
    spec = prose_words().outcome_split
    answered = re.compile(spec.answered + r"[^\d,，。；;]{0,6}?(\d+)\s*件")
    outcomes = [(re.compile(o.words + r"[^\d,，。；;、]{0,12}?(\d+)\s*件"), o.covers) for o in spec.outcomes]
    layout = report.tables.spec
    sents = report_sentences(report)
    out: list[Finding] = []
    for i, s in enumerate(sents):
        m = answered.search(s.text)
        if not m:
            continue
        total = Decimal(m.group(1))
        covered, summed, quoted = 0, Decimal(0), []
        texts = [s.text[m.end():]] + [x.text for x in sents[i + 1:i + 7] if x.section == s.section]
        for k, t in enumerate(texts):
            masked, hit = t, False
            for rx, covers in outcomes:
                for om in rx.finditer(masked):
                    covered += covers
                    summed += Decimal(om.group(1))
                    quoted.append(om.group(0))
                    hit = True
                    masked = masked[:om.start()] + "#" * (om.end() - om.start()) + masked[om.end():]
            if not hit and k:
                break
        if covered < spec.min_categories or summed == total:
            continue
        severity = ERROR if covered >= spec.categories else WARNING
        line = s.numbers[0].number.line if s.numbers else None
        out.append(Finding(rule="prose.breakdown_sum", severity=severity, quote=s.quote, line=line,
                           expected=fmt(total), actual=fmt(summed),
                           message=(f"{where(s.numbers[0].number, layout) if s.numbers else '正文'}：正文称答复申请 {fmt(total)} 件，"
                                    f"其后所列各项办理结果（{'；'.join(quoted)}）合计 {fmt(summed)} 件，与 {fmt(total)} 件不符"
                                    f"（相差 {fmt(abs(total - summed))}）")))
    return out
