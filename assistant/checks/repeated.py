"""The same figure stated twice with different numbers: what one channel published in the year, said once in
一、总体情况 and again further on (“审计信息栏目公开信息20条” … “审计信息专栏公开政府信息16条”). A 提醒: two counts may
differ in scope, but the reader cannot tell which to believe."""

from __future__ import annotations

import re

from ..findings import WARNING, Finding
from ..layouts import prose_numbers
from ..layouts.prose_facts import prose_words
from ..report.model import Report
from ..report.parse import sentences
from ..text import nfkc


def _channel(name: str, suffixes: list[str]) -> str:
    name = re.sub(r"\s", "", name)
    for s in suffixes:
        name = name.removesuffix(s)
    return name


def check_same_figure(report: Report) -> list[Finding]:
    words = prose_words().same_figure
    patterns = [re.compile(p) for p in words.patterns]
    said: list[tuple[str, int, str]] = []  # (channel, number, sentence)
    out: list[Finding] = []
    for text in [report.intro, *(s.text for s in report.sections)]:
        if "公开" not in text or not any(rx.search(text) for rx in patterns):  # \d takes 全角 digits too
            continue
        for sentence in sentences(text):
            for rx in patterns:
                for m in rx.finditer(nfkc(sentence)):
                    said.append((_channel(m.group("what"), words.suffixes), int(m.group("n")), sentence))
    done: set[str] = set()
    for i, (what, n, sentence) in enumerate(said):
        for other, count, second in said[i + 1:]:
            short, long = sorted((what, other), key=len)
            if len(short) < 3 or not long.endswith(short) or n == count or short in done:
                continue
            done.add(short)
            out.append(Finding(rule="prose.self_contradiction", severity=WARNING, quote=second, expected=str(n),
                               actual=str(count),
                               message=(f"同一渠道（“{short}”）全年公开的信息数前后不一：“{sentence}”写 {n} 条，"
                                        f"“{second}”写 {count} 条；请核对并统一")))
    return out


_CJK = re.compile(r"[\u4e00-\u9fff]")
_GRAM = 6


def doubled_phrase(text: str, shortest: int = 8, longest: int = 40) -> str | None:
    """A phrase of `shortest`–`longest` characters printed twice in a row (“…新闻发布会…新闻发布会”), with at least
    four Chinese characters; found through repeated 6-grams, so long texts stay fast."""
    seen: dict[str, list[int]] = {}
    for j in range(len(text) - _GRAM + 1):
        gram = text[j:j + _GRAM]
        earlier = seen.setdefault(gram, [])
        for p in earlier:
            size = j - p
            if shortest <= size <= longest and text[p:j] == text[j:j + size] and len(_CJK.findall(text[p:j])) >= 4:
                return text[p:j]
        earlier.append(j)
        if len(earlier) > 4:
            del earlier[0]
    return None


def check_doubled_phrases(report: Report) -> list[Finding]:
    out: list[Finding] = []
    prose = prose_numbers()  # the table sections print header words twice by design (表四 结果维持…总计 ×3)
    for text in [report.intro, *(s.text for s in report.sections if s.number in prose)]:
        for line in text.split("\n"):
            if "\t" in line or "|" in line or len(line) < 16:
                continue
            phrase = doubled_phrase(nfkc(line))
            if phrase:
                out.append(Finding(rule="prose.duplicated_phrase", severity=WARNING, quote=phrase + phrase,
                                   message=f"“{phrase}”连写了两遍（“{phrase}{phrase}”），可能是编辑时重复粘贴"))
    return out
