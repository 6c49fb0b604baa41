"""Which year a report is about, from everything that names it: the title (in all its forms), a sentence that
publishes the report (“现将我局2020年度…报告如下”), the statistical period, the opening of the body. Mistyped years
(“2022度”, “202020年”, a period “202111日”) are kept to be reported."""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

from ..text import nfkc
from .vocab import report_text

PERIOD = re.compile(
    r"(?:(20\d{2})\s*年\s*)?1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)+\s*(?:(20\d{2})\s*年\s*)?12\s*月\s*31\s*日")
_PERIOD_SENTENCE = re.compile(r"统计(?:期限|时限|期间|时段|时间段|时间)[^。\n]{0,60}")
_BAD_DATE = re.compile(r"\d{5,}\s*年|20\d{2}\s*1\s*1\s*日|20\d{2}\s*12\s*31\s*日|20\d{2}\s*度")
_OPENING = re.compile(r"(?:^|[。\n])\s*(20\d{2})\s*年\s*(?:度)?\s*(?:[,，以来]|[^\d\s年]{1,12}[,，])", re.M)
_ANY_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE_TYPO = re.compile(r"(20\d{2})\s*度")


class YearEvidence(BaseModel):
    title: int | None = None
    title_text: str = ""
    title_typo: str | None = None  # “2022度”
    sentence: int | None = None
    period: list[int] = Field(default_factory=list)
    period_text: str | None = None
    period_typo: str | None = None  # the period sentence when its dates are malformed
    body: int | None = None
    year: int | None = None
    source: str = ""  # 标题 | 正文说明 | 统计期限 | 正文


def _first_year(patterns: list[str], text: str) -> tuple[int | None, str]:
    for p in patterns:
        m = re.search(p, text)
        if m:
            return int(next(g for g in m.groups() if g)), m.group(0)
    return None, ""


def year_evidence(title: str, head: str, body: str) -> YearEvidence:
    """head: the text before the first section and the first section; body: the whole text."""
    vocab = report_text()
    ev = YearEvidence()
    title_n, head_n = nfkc(title), nfkc(head[:6000])
    ev.title, ev.title_text = _first_year(vocab.year_titles, title_n)
    typo = _TITLE_TYPO.search(title_n)
    if typo and not re.search(r"年\s*度", title_n[typo.start(): typo.end() + 1]):
        ev.title_typo = title.strip()
        ev.title = ev.title or int(typo.group(1))
    ev.sentence, _ = _first_year(vocab.year_sentences, re.sub(r"《[^》]*》", "", head_n))
    for m in _PERIOD_SENTENCE.finditer(re.sub(r"\s*\n\s*", "", head_n)):  # PDFs wrap the period sentence
        sentence = m.group(0)
        p = PERIOD.search(sentence)
        if p:
            ev.period = [int(y) for y in p.groups() if y]
            ev.period_text = p.group(0)
        elif _BAD_DATE.search(sentence) or re.search(r"\d", sentence):
            ev.period_typo = sentence.strip()
            ev.period_text = sentence.strip()
        break
    if not ev.period:
        p = PERIOD.search(head_n)
        if p:
            ev.period, ev.period_text = [int(y) for y in p.groups() if y], p.group(0)
    opening = _OPENING.search(head_n)
    if opening:
        ev.body = int(opening.group(1))
    else:
        years = Counter(int(y) for y in _ANY_YEAR.findall(re.sub(r"《[^》]*》", "", nfkc(body[:4000]))))
        ev.body = years.most_common(1)[0][0] if years else None
    period = ev.period[0] if ev.period and len(set(ev.period)) == 1 else None
    title_year = ev.title or ev.sentence
    if title_year and period and title_year != period and ev.body == period:
        ev.year, ev.source = period, "统计期限"  # the title is the slip
    elif title_year:
        ev.year, ev.source = title_year, "标题" if ev.title else "正文说明"
    elif period:
        ev.year, ev.source = period, "统计期限"
    elif ev.body:
        ev.year, ev.source = ev.body, "正文"
    return ev
