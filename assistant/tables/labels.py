"""Row labels and table anchors: which official label (or accepted variant) a run of label text ends with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..layouts import Layout, Row, TableSpec
from ..text import label_key

_LABEL_START = re.compile(r"(?:\d+\.|\([一二三四五六七八九十]\)|[一二三四五六]、)")


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    table: TableSpec
    row: Row | None  # None: a table anchor (a title or header word)
    variant: str | None = None  # the non-official wording matched


class LabelMatcher:
    """Finds the row label (or table anchor) that a run of label text ends with."""

    def __init__(self, layout: Layout):
        cands: list[Candidate] = []
        for table in layout.tables:
            for anchor in table.anchors:
                cands.append(Candidate(label_key(anchor), table, None))
            for row in table.rows:
                if not row.path:
                    continue
                cands.append(Candidate(label_key(row.label), table, row))
                cands.extend(Candidate(label_key(a), table, row) for a in row.aliases)
                cands.extend(Candidate(label_key(v), table, row, v) for v in row.variants)
        self.candidates = sorted(cands, key=lambda c: -len(c.key))
        self.row_keys = [c for c in self.candidates if c.row is not None and c.variant is None]
        self._located: dict[tuple[str, tuple[str, ...] | None], tuple[Candidate | None, int]] = {}
        self.optional = {label_key(c.label) for table in layout.tables for c in table.optional_columns}
        self.group_keys = {label_key(part) for table in layout.tables for row in table.rows for part in row.path[:-1]}

    def best(self, text: str, parts: list[str] | None = None) -> Candidate | None:
        return self.locate(text, parts)[0]

    def locate(self, text: str, parts: list[str] | None = None) -> tuple[Candidate | None, int]:
        """The label the text ends with, and where its match ends. A label inside a parenthesised explanation of
        another label (“其他主动公开文件(含…除规范性文件以外的…)”) is not a match; `parts`: the label pieces the text
        joins, each with its own parentheses."""
        key = (text, tuple(parts) if parts is not None and "(" in text else None)
        hit = self._located.get(key)
        if hit is None:
            if len(self._located) > 20000:
                self._located.clear()
            hit = self._located[key] = self._locate(text, parts)
        return hit

    def _locate(self, text: str, parts: list[str] | None) -> tuple[Candidate | None, int]:
        inside = _inside_parens(parts if parts is not None else [text]) if "(" in text else set()
        best: Candidate | None = None
        best_end = -1
        for cand in self.candidates:  # longest first, so a tie keeps the longer label
            pos = text.rfind(cand.key)
            if pos >= 0 and pos + len(cand.key) > best_end and not (inside and pos in inside):
                best, best_end = cand, pos + len(cand.key)
        return self._wrapped(text, best, best_end), best_end

    def _wrapped(self, text: str, best: Candidate | None, best_end: int) -> Candidate | None:
        if best_end < len(text):
            # A label wrapped onto the next line: the text ends with the start of a label.
            starts = list(_LABEL_START.finditer(text, max(0, best_end)))
            if starts:
                frag, least = text[starts[-1].start():], len(starts[-1].group()) + 3
            else:
                frag, least = text[max(0, best_end):], 4
            if len(frag) >= least:
                hits = [c for c in self.row_keys if c.key.startswith(frag) and c.key != frag]
                if len(hits) == 1:
                    return hits[0]
        return best


def _inside_parens(parts: list[str]) -> set[int]:
    """Positions (in the joined parts) inside parentheses opened in the same part."""
    out: set[int] = set()
    offset = 0
    for part in parts:
        depth = 0
        if "(" in part:
            for k, ch in enumerate(part):
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth = max(0, depth - 1)
                elif depth:
                    out.add(offset + k)
        offset += len(part)
    return out


_MATCHERS: dict[int, tuple[Layout, LabelMatcher]] = {}  # by the layout object (reloaded layouts get new ones)


def matcher_for(layout_id: str) -> LabelMatcher:
    from ..layouts import get_layout

    layout = get_layout(layout_id)
    hit = _MATCHERS.get(id(layout))
    if hit is None:
        hit = _MATCHERS[id(layout)] = (layout, LabelMatcher(layout))
    return hit[1]
