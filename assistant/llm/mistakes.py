"""A deterministic “mistake injector” model double (for the guard eval): given a correct reference draft, it answers
every request with the draft carrying one realistic error of one kind, at the i-th place that kind applies.

Kinds: digit_swap (1520 → 1250), unit_swap (条 → 件, 人次 → 次, 万元 → 元), subject_swap (the figure of another
thing: 申请 4 件 where 4 is the number of trainings), invented_percentage (较上年增长 12.5% out of nowhere),
wrong_year (2022年 for the report year 2023), wrong_article (第五十一条 for 第五十条, or an article never cited),
table_contradiction (新收申请 N 件 where the table says otherwise).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from decimal import Decimal

from ..claims import Claim, claim_words, claims_in
from ..text import nfkc
from .testing import FunctionModel

KINDS = ("digit_swap", "unit_swap", "subject_swap", "invented_percentage", "wrong_year", "wrong_article",
         "table_contradiction")
# a unit that says the figure counts something else (documents for cases, attendance for sessions, 元 for 万元)
UNIT_SWAPS = {"条": "件", "件": "条", "人次": "次", "次": "人次", "场": "人次", "期": "人次", "篇": "件", "个": "条",
              "项": "条", "家": "条", "名": "次", "户": "条", "份": "条", "人": "次"}
PERCENTS = ("12.5", "8.3", "20.6", "3.7", "15.2", "41.9", "6.4", "27.1")
CN_ARTICLES = ("第三十三条", "第四十一条")  # articles a draft may invent (when no cited article has that number)


@dataclass
class Injection:
    kind: str
    text: str  # the draft with the error
    marker: str  # the erroneous number as written in it
    note: str  # what was changed, in Chinese


@dataclass
class Truth:
    """What the reference stands on, so that an injected value is a real error and not a correct figure by chance."""

    year: int
    values: set[str] = field(default_factory=set)  # every value in the facts, tables and derived figures
    by_subject: dict[str, set[str]] = field(default_factory=dict)  # subject → its values there
    table_figures: dict[str, Decimal] = field(default_factory=dict)  # subject → the tables' figure
    table_values: list[Decimal] = field(default_factory=list)  # every number in the tables
    articles: set[str] = field(default_factory=set)


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f")


def _digits(c: Claim) -> str | None:
    """The digits of an Arabic number as written in the claim text (None for Chinese numerals)."""
    raw = "".join(ch for ch in c.text if ch.isdigit() or ch in ".,")
    return raw.strip(".,") or None


def _replace(sentence_text: str, text: str, c: Claim, new: str) -> tuple[str, int] | None:
    """The text with claim c (found by its sentence, which claims hold in NFKC) written as `new`; and where."""
    folded = nfkc(text)
    if len(folded) != len(text):
        folded = text
    at = folded.find(c.sentence)
    if at < 0:
        return None
    pos = folded.find(c.text, at)
    if pos < 0:
        return None
    return text[:pos] + new + text[pos + len(c.text):], pos


def _counts(text: str) -> list[Claim]:
    return [c for c in claims_in(text) if c.kind == "count" and _digits(c) and c.qualifier not in ("change", "share")]


def _variants(v: Decimal) -> list[Decimal]:
    s = _fmt(v)
    out = []
    if "." not in s and len(s) >= 2:
        for i in range(len(s) - 1, 0, -1):
            t = s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]
            if t != s and not t.startswith("0"):
                out.append(Decimal(t))
    return out + [v + 1, v + 10, v + 2, v + 3]


def inject(reference: str, kind: str, index: int, truth: Truth) -> Injection | None:
    """The reference with the index-th error of this kind, or None when the kind has no index-th place in it."""
    options = list(_places(reference, kind, truth))
    if index >= len(options):
        return None
    return options[index]


def _fresh(candidates: list[Decimal], truth: Truth, subject: str | None) -> Decimal | None:
    taken = truth.by_subject.get(subject or "", set()) | (truth.values if subject is None else set())
    return next((v for v in candidates if _fmt(v) not in taken and v >= 0), None)


def _places(text: str, kind: str, truth: Truth):
    claims = claims_in(text)
    if kind == "digit_swap":
        for c in _counts(text):
            assert isinstance(c.value, Decimal)
            new = _fresh(_variants(c.value), truth, c.subject)
            if new is None or c.unit == "" or "万" in c.text:
                continue
            digits = _digits(c) or ""
            shown = c.text.replace(digits, _fmt(new), 1)
            done = _replace(c.sentence, text, c, shown)
            if done:
                yield Injection(kind, done[0], shown, f"{c.text} → {shown}")
    elif kind == "unit_swap":
        for c in claims_in(text):
            if c.kind == "count" and c.unit in UNIT_SWAPS and _digits(c) and "万" not in c.text:
                shown = c.text[: len(c.text) - len(c.unit)] + UNIT_SWAPS[c.unit]
            elif c.kind == "money" and c.text.endswith("万元"):
                shown = c.text[:-2] + "元"
            else:
                continue
            if not c.text.endswith(c.unit) and c.kind == "count":
                continue
            done = _replace(c.sentence, text, c, shown)
            if done:
                yield Injection(kind, done[0], shown, f"{c.text} → {shown}")
    elif kind == "subject_swap":
        counts = _counts(text)
        for a in counts:
            if a.subject is None:
                continue
            own = truth.by_subject.get(a.subject, set())
            others = [b for b in counts if b.subject not in (None, a.subject) and b.key not in own and b.key != a.key]
            for b in others[:1]:
                shown = a.text.replace(_digits(a) or "", _digits(b) or "", 1)
                done = _replace(a.sentence, text, a, shown)
                if done:
                    yield Injection(kind, done[0], shown, f"{a.text} → {shown}（{b.text} 是{b.subject_name}）")
    elif kind == "invented_percentage":
        k = 0
        for c in _counts(text):
            if c.subject is None:
                continue
            pct = next((p for p in PERCENTS[k % len(PERCENTS):] + PERCENTS if p not in truth.values), None)
            k += 1
            if pct is None:
                continue
            word = "较上年增长" if k % 2 else "占比"
            shown = f"{pct}%"
            done = _replace(c.sentence, text, c, f"{c.text}，{word} {shown}")
            if done:
                yield Injection(kind, done[0], shown, f"{c.text} 后加“{word} {shown}”")
    elif kind == "wrong_year":
        for c in claims:
            if c.kind == "year" and c.key == str(truth.year):
                ctx = claim_words().year_context
                for y in (truth.year - 1, truth.year + 1, truth.year - 2):
                    if (y == truth.year - 1 and re.search(ctx.last, c.sentence)) or (
                            y == truth.year + 1 and re.search(ctx.next, c.sentence)):
                        continue  # a comparison or a plan may name that year: not surely an error there
                    shown = c.text.replace(str(truth.year), str(y))
                    done = _replace(c.sentence, text, c, shown)
                    if done:
                        yield Injection(kind, done[0], shown, f"{c.text} → {shown}")
    elif kind == "wrong_article":
        for c in claims:
            if c.kind == "article":
                assert isinstance(c.value, Decimal)
                n = int(c.value) + 1
                shown = f"第{n}条"
                if str(n) in truth.articles:
                    continue
                done = _replace(c.sentence, text, c, shown)
                if done:
                    yield Injection(kind, done[0], shown, f"{c.text} → {shown}")
        for art in CN_ARTICLES:
            value = str(claims_in(art)[0].key)
            if value in truth.articles:
                continue
            first = text.find("。")
            if first < 0:
                continue
            shown = f"根据《条例》{art}规定，"
            yield Injection(kind, text[:first + 1] + shown + text[first + 1:], art, f"插入“{shown}”")
    elif kind == "table_contradiction":
        seen = False
        for c in _counts(text):
            fig = truth.table_figures.get(c.subject or "")
            if fig is None or c.value != fig:
                continue
            seen = True
            wrong = next((v for v in truth.table_values if v != fig), fig + 1)
            shown = c.text.replace(_digits(c) or "", _fmt(wrong), 1)
            done = _replace(c.sentence, text, c, shown)
            if done:
                yield Injection(kind, done[0], shown, f"{c.text} → {shown}（统计表为 {_fmt(fig)}）")
        if not seen:
            for subject, fig in truth.table_figures.items():
                if subject != "applications":
                    continue
                new = next((v for v in truth.table_values if v != fig), fig + 1)
                shown = f"{_fmt(new)} 件"
                sentence = f"全年新收政府信息公开申请 {shown}。"
                end = text.find("。")
                if end >= 0:
                    yield Injection(kind, text[:end + 1] + sentence + text[end + 1:], shown, f"插入“{sentence}”")


class MistakeModel(FunctionModel):
    """Answers every request (the draft, the repair round) with the same injected draft."""

    def __init__(self, injection: Injection, *, name: str = "mistake-injector"):
        super().__init__(lambda _messages: injection.text, name=name)
        self.injection = injection
