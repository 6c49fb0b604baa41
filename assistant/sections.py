"""The section headings of a report (一、总体情况 … 六、其他需要报告的事项), found in text lines; what each
heading must mention is layout data.

Below tables/ and report/ in the data flow: the table parser uses it to read only sections 二–四 of a whole
report, the report parser to split the report, the knowledge splitter to chunk it.

Headings are found as published: after markdown “## ”, leading spaces, tabs or 全角 spaces; a table row that starts
like a heading (“二、上年结转…\t0\t0”) is not one. When sections 二–六 are all numbered one lower (“一、主动公开…”,
“二、收到和处理…”), each heading is taken for the section its words name, and the shift is reported once."""

from __future__ import annotations

import re
from typing import NamedTuple

from .layouts import prose_numbers, section_words
from .text import nfkc

NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")
_HEADING = re.compile(r"^(?:#{1,6})?([一二三四五六七八九十]{1,2})[、.．,，]+(.{2,40}?)[。:：]?$")
_CELL_SEP = re.compile(r"\t|\||\s{2,}\S")
_PREFIX = re.compile(r"^[#\s]*[一二三四五六七八九十]{1,2}\s*[、.．,，]\s*")


class Heading(NamedTuple):
    line: int
    number: str  # the section it is (after any numbering shift)
    text: str  # as printed, stripped
    printed: str  # the number as printed


def _index(numeral: str) -> int:
    return NUMERALS.index(numeral) if numeral in NUMERALS else -99


def _candidates(lines: list[str]) -> list[tuple[int, str, str, str]]:
    """(line, printed number, title, stripped line) of each line shaped like a section heading."""
    out = []
    for i, line in enumerate(lines):
        stripped = line.strip().strip("\u3000")
        if not stripped or stripped[0] not in "一二三四五六七八九十#" or _CELL_SEP.search(_PREFIX.sub("", stripped)):
            continue
        m = _HEADING.match(nfkc(stripped).replace(" ", ""))
        if m:
            out.append((i, m.group(1), m.group(2), stripped))
    return out


def _names(title: str) -> list[str]:
    """Section numbers whose heading words the title mentions."""
    return [n for n, words in section_words().items() if any(w in title for w in words)]


def find_headings(lines: list[str]) -> tuple[list[Heading], int]:
    """The section headings in order of appearance, and by how much the report's numbering is off throughout
    (1: sections 二–六 printed 一–五; -5: sub-topics of 一 numbered 二–六 and the sections 七–十二; 0: as the format)."""
    cands = _candidates(lines)
    shift = _numbering_shift(cands)
    found: list[Heading] = []
    seen: set[str] = set()
    for i, printed, title, text in cands:
        names = _names(title)
        number = printed
        if shift:
            k = _index(printed) + shift
            if 0 <= k < len(NUMERALS) and NUMERALS[k] in names:
                number = NUMERALS[k]
        if number not in names or number in seen:
            continue
        seen.add(number)
        found.append(Heading(i, number, text, printed))
    return found, shift


def _numbering_shift(cands: list[tuple[int, str, str, str]]) -> int:
    """The offset (section number − printed number) most headings share, when at least three headings name the
    section that far from their printed number and more of them than name their own printed number."""
    own = 0
    offsets: dict[int, int] = {}
    for _, printed, title, _ in cands:
        names = _names(title)
        if printed in names:
            own += 1
            continue
        for d in {_index(n) - _index(printed) for n in names if _index(printed) >= 0}:
            offsets[d] = offsets.get(d, 0) + 1
    if not offsets:
        return 0
    d, count = max(offsets.items(), key=lambda kv: kv[1])
    return d if count >= 3 and count > own else 0


def find_sections(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line index, number, heading) of each section heading, in order of appearance."""
    return [(h.line, h.number, h.text) for h in find_headings(lines)[0]]


def section_spans(lines: list[str]) -> list[tuple[int, str, str, int]]:
    """(heading line, number, heading, end line) of each section; a section ends where the next begins."""
    heads = find_sections(lines)
    return [(i, number, heading, heads[k + 1][0] if k + 1 < len(heads) else len(lines))
            for k, (i, number, heading) in enumerate(heads)]


def table_lines(lines: list[str], spans: list[tuple[int, str, str, int]] | None = None) -> list[str]:
    """The lines that may hold tables, the rest blanked (line numbers kept): in a whole report (one with a prose
    section) only the table sections (二 to 四); in anything else, every line."""
    spans = section_spans(lines) if spans is None else spans
    prose = prose_numbers()
    if not any(number in prose for _, number, _, _ in spans):
        return lines
    keep = [False] * len(lines)
    for i, number, _, end in spans:
        if number not in prose:
            keep[i:end] = [True] * (end - i)
    return [line if keep[n] else "" for n, line in enumerate(lines)]
