"""The section headings of a report (一、总体情况 … 六、其他需要报告的事项), found in text lines; what each
heading must mention is layout data.

Below tables/ and report/ in the data flow: the table parser uses it to read only sections 二–四 of a whole
report, the report parser to split the report, the knowledge splitter to chunk it."""

from __future__ import annotations

import re

from .layouts import prose_numbers, section_words
from .text import nfkc

_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?([一二三四五六七八九十])\s*[、.．,，]\s*(.{2,40}?)\s*$")


def find_sections(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line index, number, heading) of each section heading, in order of appearance."""
    found: list[tuple[int, str, str]] = []
    for i, line in enumerate(lines):
        m = _HEADING.match(nfkc(line).replace(" ", "") if "\t" not in line else "")
        if not m:
            continue
        number, title = m.group(1), m.group(2)
        if not any(w in title for w in section_words().get(number, ())):
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
