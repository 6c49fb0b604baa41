"""The six section headings of a report (一、总体情况 … 六、其他需要报告的事项), found in text lines.

Below tables/ and report/ in the data flow: the table parser uses it to read only sections 二–四 of a whole
report, the report parser to split the report, the knowledge splitter to chunk it."""

from __future__ import annotations

import re

from .text import nfkc

# What each section's heading must mention; a table row such as “二、上年结转…” mentions none of them.
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "一": ("总体情况",),
    "二": ("主动公开",),
    "三": ("收到和处理", "依申请公开", "处理政府信息公开申请"),
    "四": ("行政复议", "行政诉讼"),
    "五": ("问题", "改进"),
    "六": ("其他需要报告", "其他事项", "其他报告事项"),
}
TABLE_SECTIONS = ("二", "三", "四")
PROSE_SECTIONS = ("一", "五", "六")
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．,，]\s*(.{2,40}?)\s*$")


def find_sections(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line index, number, heading) of each section heading, in order of appearance."""
    found: list[tuple[int, str, str]] = []
    for i, line in enumerate(lines):
        m = _HEADING.match(nfkc(line).replace(" ", "") if "\t" not in line else "")
        if not m:
            continue
        number, title = m.group(1), m.group(2)
        if not any(w in title for w in SECTION_WORDS[number]):
            continue
        if any(n == number for _, n, _ in found):
            continue
        found.append((i, number, line.strip()))
    return found


def section_spans(lines: list[str]) -> list[tuple[int, str, str, int]]:
    """(heading line, number, heading, end line) of each section; a section ends where the next begins."""
    heads = find_sections(lines)
    return [(i, number, heading, heads[k + 1][0] if k + 1 < len(heads) else len(lines))
            for k, (i, number, heading) in enumerate(heads)]


def table_lines(lines: list[str], spans: list[tuple[int, str, str, int]] | None = None) -> list[str]:
    """The lines that may hold tables, the rest blanked (line numbers kept): in a whole report (one with a prose
    section) only sections 二 to 四; in anything else, every line."""
    spans = section_spans(lines) if spans is None else spans
    if not any(number in PROSE_SECTIONS for _, number, _, _ in spans):
        return lines
    keep = [False] * len(lines)
    for i, number, _, end in spans:
        if number in TABLE_SECTIONS:
            keep[i:end] = [True] * (end - i)
    return [line if keep[n] else "" for n, line in enumerate(lines)]
