"""The stated numbers of a report, sentence by sentence, located in the sentence text: what the prose checks read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..layouts import Layout
from ..layouts.prose_facts import prose_words
from ..report.model import Report, StatedNumber
from ..text import nfkc


@dataclass
class Located:
    number: StatedNumber
    start: int  # in the NFKC sentence text
    end: int
    group: int  # index of the “(” the number stands inside (innermost), -1 at the top level


@dataclass
class Sentence:
    text: str  # NFKC
    quote: str  # as printed
    section: str | None
    numbers: list[Located] = field(default_factory=list)
    opens: dict[int, int] = field(default_factory=dict)  # “(” position → its closing “)” (or the end)


def _groups(text: str) -> tuple[list[int], dict[int, int]]:
    """For each character, the position of the innermost “(” it stands in (-1: none); and each “(” → its “)”."""
    inside: list[int] = []
    stack: list[int] = []
    opens: dict[int, int] = {}
    for i, ch in enumerate(text):
        if ch == "(":
            inside.append(stack[-1] if stack else -1)
            stack.append(i)
            continue
        if ch == ")" and stack:
            opens[stack.pop()] = i
            inside.append(stack[-1] if stack else -1)
            continue
        inside.append(stack[-1] if stack else -1)
    for i in stack:
        opens[i] = len(text)
    return inside, opens


_LAST: list[tuple[Report, list[Sentence]]] = []  # the last report read: its checks share one reading


def report_sentences(report: Report) -> list[Sentence]:
    """Each sentence that states a number, in order, with its numbers located (the same figure may repeat)."""
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] is report and len(report.numbers) == sum(len(s.numbers) for s in last[1]):
        return last[1]
    out = _read(report)
    _LAST[:] = [(report, out)]
    return out


def _read(report: Report) -> list[Sentence]:
    out: list[Sentence] = []
    for n in report.numbers:
        if not out or out[-1].quote != n.sentence or out[-1].section != n.section:
            out.append(Sentence(text=nfkc(n.sentence), quote=n.sentence, section=n.section))
        out[-1].numbers.append(Located(number=n, start=-1, end=-1, group=-1))
    for s in out:
        inside, s.opens = _groups(s.text)
        cursor = 0
        for loc in s.numbers:
            p = s.text.find(loc.number.raw, cursor)
            if p < 0:
                p = cursor
            loc.start, loc.end = p, p + len(loc.number.raw)
            loc.group = inside[p] if p < len(inside) else -1
            cursor = loc.end
    return out


def where(n: StatedNumber, layout: Layout) -> str:
    part = layout.part(n.section or layout.intro.key)
    return (part.heading if part else "正文") + (f"（第{n.line}行）" if n.line else "")


@lru_cache(maxsize=1)
def count_units() -> frozenset[str]:
    return frozenset(prose_words().count_units)


def same_unit(a: str, b: str, text: str) -> bool:
    """Whether counts in units a and b add up, in a sentence (条 and 件 do where the text says 条（件）)."""
    if a == b:
        return True
    return any(a in pair.units and b in pair.units and re.search(pair.said, text)
               for pair in prose_words().interchangeable_units)
