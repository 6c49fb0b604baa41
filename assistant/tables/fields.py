"""Pasted lines → cells: how a line splits into fields (tabs, pipes, runs of spaces), which tokens are cell values,
and the number-like tokens in the number area that are cells though not valid values (so that nothing shifts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import nfkc
from .cells import is_cell_token

_MULTISPACE = re.compile(r"[ \u3000\xa0]{2,}")
# Page footers that PDF text (pasted or extracted) leaves inside tables: “- 4 -”, “— 4 —”, “第 4 页”, “第4页 共10页”.
_FOOTER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?)\s*$")
_LONE_PIPE = re.compile(r"^\s*\|\s*$")
# Tokens meant as a number but not a valid cell value: “3.5万”, “1亿”, “35人”, “(35)”, “三十五”. Beside a cell value
# on the same line they are cells (each reported at its own row and column), never label text that would shift the
# values after them one column left.
_NUMBERISH = re.compile(r"^(?:[+-]?\d[\d,]*(?:\.\d+)?[万亿千百]?[\u4e00-\u9fff]{0,2}|[零〇一二三四五六七八九十百千万亿两]+)$")
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_PAREN_NUMBER = re.compile(r"^\(\s*[+-]?\d[\d,.]*\s*\)$")



@dataclass(slots=True)
class Field:
    kind: str  # "text" | "value" | "empty"
    text: str
    whole: bool = True  # a cell of its own (split off by tabs, pipes or 2+ spaces), not one word of one


def split_fields(line: str) -> list[Field]:
    """One line into cells: tabs, else runs of 2+ spaces; numbers separated by single spaces split too."""
    if "\t" in line:
        raw_fields = line.split("\t")
    elif line.count("|") >= 2:  # Markdown-style tables (converters, some web pages)
        raw_fields = line.strip().strip("|").split("|")
    else:
        stripped = line.strip()
        raw_fields = _MULTISPACE.split(stripped) if stripped else []
    out: list[Field] = []
    for raw in raw_fields:
        text = raw.strip()
        if not text:
            out.append(Field("empty", ""))
            continue
        parts = text.split()
        if len(parts) == 1:
            out.append(Field("value" if is_cell_token(text) else "text", text))
            continue
        words: list[str] = []
        for part in parts:
            if is_cell_token(part):
                if words:
                    out.append(Field("text", " ".join(words), False))
                    words = []
                out.append(Field("value", part, False))
            else:
                words.append(part)
        if words:
            out.append(Field("text", " ".join(words), False))
    return out


def numberish(text: str) -> bool | None:
    """None: not number-like; else whether it is a parenthesised number."""
    token = nfkc(text).replace(" ", "")
    if _PAREN_NUMBER.match(token):
        return True
    return False if _NUMBERISH.match(token) else None


def stray(text: str) -> bool:
    """A short token with no Chinese in it (“?”, “x”, “N/A”): no label, so beside cell values it is a cell."""
    return len(text.strip()) <= 8 and not _HAS_CJK.search(text)


def _split_numberish(f: Field) -> list[Field]:
    words = f.text.split() if f.kind == "text" and " " in f.text else []
    if len(words) > 1 and all(numberish(w) is not None for w in words):
        return [Field("text", w, False) for w in words]
    return [f]


def mark_numberish(fields: list[Field]) -> list[Field]:
    """Tokens in the number area that are no valid value become cells, so that nothing after them shifts:
    a number-like one (see _NUMBERISH) whose nearest non-empty neighbour before it is a cell value, or after it (a
    parenthesised number, which may also number a label, only at the start of the line: 表四 rows have no label);
    a stray one (see stray) after a cell value, when it is a cell of its own or another cell value follows. Several number-like tokens split by single spaces are judged one by one."""
    fields = [part for f in fields for part in _split_numberish(f)]
    changed = True
    while changed:
        changed = False
        for k, f in enumerate(fields):
            if f.kind != "text":
                continue
            paren = numberish(f.text)
            if paren is None and len(f.text) > 8:
                continue
            before = next((g.kind for g in reversed(fields[:k]) if g.kind != "empty"), None)
            after = next((g.kind for g in fields[k + 1:] if g.kind != "empty"), None)
            if paren is None:
                cell = stray(f.text) and before == "value" and (after == "value" or f.whole)
            else:
                cell = before == "value" or (after == "value" and (not paren or before is None))
            if cell:
                fields[k] = Field("value", f.text, f.whole)
                changed = True
    return fields


def line_fields(line: str, prev_pipe: bool) -> tuple[list[Field], bool]:
    """A line's cells, and whether it is a lone “|”. Web pages printed one cell per line end each with “|”
    (“规章 |”, “0 |”); a line that is only “|” separates cells, and a second one right after it stands for the
    blank cell between them."""
    if _FOOTER.match(line):
        return [], False
    if line.count("|") == 1:
        if _LONE_PIPE.match(line):
            return ([Field("empty", "")] if prev_pipe else []), True
        line = line.replace("|", "  ")
    return mark_numberish(split_fields(line)), False
