"""Pasted text → filled tables.

Reads what staff copy from Excel, WPS, Word, a web page or a PDF: tab- or multi-space-separated cells,
with or without row labels, labels wrapped over lines, misaligned lines (as in the seed report), or a
bare stream of numbers in layout order. Nothing that parsed is dropped: what cannot be placed is kept in
``TableSet.unplaced`` and named in a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..findings import ERROR, WARNING, Finding
from ..layouts import Column, Layout, Row, TableSpec
from ..layouts.detect import detect_layout
from ..limits import MAX_TEXT_FIELDS, check_text, over
from ..sections import table_lines
from ..text import find_report_year, label_key, nfkc
from .cells import Cell, is_cell_token, missing_cell, parse_cell
from .model import TableData, TableSet

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
_LABEL_TEXT = 600  # characters of label text kept before the values (the longest label has about 60)
_LABEL_START = re.compile(r"(?:\d+\.|\([一二三四五六七八九十]\)|[一二三四五六]、)")


@dataclass(slots=True)
class _Field:
    kind: str  # "text" | "value" | "empty"
    text: str
    whole: bool = True  # a cell of its own (split off by tabs, pipes or 2+ spaces), not one word of one


def split_fields(line: str) -> list[_Field]:
    """One line into cells: tabs, else runs of 2+ spaces; numbers separated by single spaces split too."""
    if "\t" in line:
        raw_fields = line.split("\t")
    elif line.count("|") >= 2:  # Markdown-style tables (converters, some web pages)
        raw_fields = line.strip().strip("|").split("|")
    else:
        stripped = line.strip()
        raw_fields = _MULTISPACE.split(stripped) if stripped else []
    out: list[_Field] = []
    for raw in raw_fields:
        text = raw.strip()
        if not text:
            out.append(_Field("empty", ""))
            continue
        parts = text.split()
        if len(parts) == 1:
            out.append(_Field("value" if is_cell_token(text) else "text", text))
            continue
        words: list[str] = []
        for part in parts:
            if is_cell_token(part):
                if words:
                    out.append(_Field("text", " ".join(words), False))
                    words = []
                out.append(_Field("value", part, False))
            else:
                words.append(part)
        if words:
            out.append(_Field("text", " ".join(words), False))
    return out


def _numberish(text: str) -> bool | None:
    """None: not number-like; else whether it is a parenthesised number."""
    token = nfkc(text).replace(" ", "")
    if _PAREN_NUMBER.match(token):
        return True
    return False if _NUMBERISH.match(token) else None


def _stray(text: str) -> bool:
    """A short token with no Chinese in it (“?”, “x”, “N/A”): no label, so beside cell values it is a cell."""
    return len(text.strip()) <= 8 and not _HAS_CJK.search(text)


def _after_label(st: _State, matcher: _Matcher, f: _Field, lineno: int) -> bool:
    """A number-like or stray token right after a whole row label on its line (“自然人\t35人”): the row's first cell."""
    if not st.buffer or st.buffer_line != lineno or (_numberish(f.text) is None and not _stray(f.text)):
        return False
    best, end = matcher.locate("".join(st.buffer), st.buffer)
    return best is not None and best.row is not None and end == sum(map(len, st.buffer))


def _split_numberish(f: _Field) -> list[_Field]:
    words = f.text.split() if f.kind == "text" and " " in f.text else []
    if len(words) > 1 and all(_numberish(w) is not None for w in words):
        return [_Field("text", w, False) for w in words]
    return [f]


def _mark_numberish(fields: list[_Field]) -> list[_Field]:
    """Tokens in the number area that are no valid value become cells, so that nothing after them shifts:
    a number-like one (see _NUMBERISH) whose nearest non-empty neighbour before it is a cell value, or after it (a
    parenthesised number, which may also number a label, only at the start of the line: 表四 rows have no label);
    a stray one (see _stray) after a cell value, when it is a cell of its own or another cell value follows. Several number-like tokens split by single spaces are judged one by one."""
    fields = [part for f in fields for part in _split_numberish(f)]
    changed = True
    while changed:
        changed = False
        for k, f in enumerate(fields):
            if f.kind != "text":
                continue
            paren = _numberish(f.text)
            if paren is None and len(f.text) > 8:
                continue
            before = next((g.kind for g in reversed(fields[:k]) if g.kind != "empty"), None)
            after = next((g.kind for g in fields[k + 1:] if g.kind != "empty"), None)
            if paren is None:
                cell = _stray(f.text) and before == "value" and (after == "value" or f.whole)
            else:
                cell = before == "value" or (after == "value" and (not paren or before is None))
            if cell:
                fields[k] = _Field("value", f.text, f.whole)
                changed = True
    return fields


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    table: TableSpec
    row: Row | None  # None: a table anchor (a title or header word)
    variant: str | None = None  # the non-official wording matched


class _Matcher:
    """Finds the row label (or table anchor) that a run of label text ends with."""

    def __init__(self, layout: Layout):
        cands: list[_Candidate] = []
        for table in layout.tables:
            for anchor in table.anchors:
                cands.append(_Candidate(label_key(anchor), table, None))
            for row in table.rows:
                if not row.path:
                    continue
                cands.append(_Candidate(label_key(row.label), table, row))
                cands.extend(_Candidate(label_key(a), table, row) for a in row.aliases)
                cands.extend(_Candidate(label_key(v), table, row, v) for v in row.variants)
        self.candidates = sorted(cands, key=lambda c: -len(c.key))
        self.row_keys = [c for c in self.candidates if c.row is not None and c.variant is None]
        self._located: dict[tuple[str, tuple[str, ...] | None], tuple[_Candidate | None, int]] = {}
        self.optional = {label_key(c.label) for table in layout.tables for c in table.optional_columns}
        self.group_keys = {label_key(part) for table in layout.tables for row in table.rows for part in row.path[:-1]}

    def best(self, text: str, parts: list[str] | None = None) -> _Candidate | None:
        return self.locate(text, parts)[0]

    def locate(self, text: str, parts: list[str] | None = None) -> tuple[_Candidate | None, int]:
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

    def _locate(self, text: str, parts: list[str] | None) -> tuple[_Candidate | None, int]:
        inside = _inside_parens(parts if parts is not None else [text]) if "(" in text else set()
        best: _Candidate | None = None
        best_end = -1
        for cand in self.candidates:  # longest first, so a tie keeps the longer label
            pos = text.rfind(cand.key)
            if pos >= 0 and pos + len(cand.key) > best_end and not (inside and pos in inside):
                best, best_end = cand, pos + len(cand.key)
        return self._wrapped(text, best, best_end), best_end

    def _wrapped(self, text: str, best: _Candidate | None, best_end: int) -> _Candidate | None:
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


_MATCHERS: dict[int, tuple[Layout, _Matcher]] = {}  # by the layout object (reloaded layouts get new ones)


def _matcher(layout_id: str) -> _Matcher:
    from ..layouts import get_layout

    layout = get_layout(layout_id)
    hit = _MATCHERS.get(id(layout))
    if hit is None:
        hit = _MATCHERS[id(layout)] = (layout, _Matcher(layout))
    return hit[1]


@dataclass
class _Pending:
    table: TableSpec
    row: Row
    cells: list[Cell]
    labeled: bool
    line: int
    columns: list[Column] = field(default_factory=list)  # as printed (with any optional column)

    def __post_init__(self) -> None:
        self.columns = self.columns or list(self.table.columns)

    @property
    def need(self) -> int:
        return len(self.columns) - len(self.cells)


@dataclass
class _State:
    layout: Layout
    ts: TableSet
    buffer: list[str] = field(default_factory=list)
    buffer_line: int = 0
    pending: _Pending | None = None
    context: tuple[TableSpec, int] | None = None
    row_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    orphans: list[Cell] = field(default_factory=list)
    order_filled: dict[str, list[str]] = field(default_factory=dict)
    saw_label: bool = False
    last_content_line: int = 0  # the line before this one that held anything
    unlabeled: tuple[str, str, int] | None = None  # the row last filled in order (no label yet), and its line
    label_end: bool = False  # the last field read was label text
    extra: tuple[Finding, int] | None = None  # an extra row being read: its finding, and the cells it may still take
    printed: dict[str, list[Column]] = field(default_factory=dict)  # table id → its columns as printed, when wider

    def columns(self, table: TableSpec) -> list[Column]:
        return self.printed.get(table.id) or list(table.columns)


def _optional_header(st: _State, matcher: _Matcher, key: str) -> None:
    """A header word naming an optional column (表三「小计」) of the table being read (or whose title the label text
    before it holds): its rows carry that column."""
    if not matcher.optional or not any(k in key for k in matcher.optional):
        return
    anchor = matcher.best("".join(st.buffer)) if st.buffer else None
    table = anchor.table if anchor is not None else st.context[0] if st.context is not None else None
    if table is None or not table.optional_columns or st.ts.tables.get(table.id):
        return
    named = [c for c in table.optional_columns if label_key(c.label) in key]
    if named:
        st.printed[table.id] = table.columns_with(named)


def _line_fields(line: str, prev_pipe: bool) -> tuple[list[_Field], bool]:
    """A line's cells, and whether it is a lone “|”. Web pages printed one cell per line end each with “|”
    (“规章 |”, “0 |”); a line that is only “|” separates cells, and a second one right after it stands for the
    blank cell between them."""
    if _FOOTER.match(line):
        return [], False
    if line.count("|") == 1:
        if _LONE_PIPE.match(line):
            return ([_Field("empty", "")] if prev_pipe else []), True
        line = line.replace("|", "  ")
    return _mark_numberish(split_fields(line)), False


def parse_paste(text: str, *, year: int | None = None, layout: str | None = None, spans=None) -> TableSet:
    """Parse pasted table text into a TableSet of the detected (or chosen) layout.

    In a whole report only sections 二–四 are read (`spans`: its sections, when the caller has found them).
    Text over the limits of assistant/limits.py (lines, characters) is an InputError naming the limit."""
    check_text(text, "粘贴的表格")
    if year is None:
        year = find_report_year(text)
    detection = detect_layout(text, year=year, layout=layout)
    ts = TableSet(layout=detection.layout.id, year=year, layout_source=detection.source)
    ts.findings.extend(detection.findings)
    state = _State(detection.layout, ts)
    matcher = _matcher(detection.layout.id)
    prev_pipe, cells = False, 0
    for lineno, line in enumerate(table_lines(text.splitlines(), spans), 1):
        fields, lone_pipe = _line_fields(line, prev_pipe)
        cells += len(fields)
        if cells > MAX_TEXT_FIELDS:
            raise over("粘贴的表格", "单元格（数值和文字）个数", str(MAX_TEXT_FIELDS))
        if line.strip():
            prev_pipe = lone_pipe
        i, n = 0, len(fields)
        while i < n:
            if fields[i].kind == "text" and state.label_end and _after_label(state, matcher, fields[i], lineno):
                fields[i] = _Field("value", fields[i].text)
            if fields[i].kind == "text":
                key = label_key(fields[i].text)
                if state.buffer and state.label_end:
                    _label_after_label(state, matcher, key, lineno)
                _optional_header(state, matcher, key)
                state.buffer.append(key)
                while len(state.buffer) > 1 and sum(map(len, state.buffer)) > _LABEL_TEXT:
                    del state.buffer[0]  # label text long past any label: only its end can hold one
                state.buffer_line = lineno
                state.label_end = True
                state.extra = None
                i += 1
                continue
            j = i
            while j < n and fields[j].kind != "text":
                j += 1
            _segment(state, matcher, fields[i:j], lineno, at_line_end=(j == n))
            state.label_end = False
            i = j
        if fields:
            state.last_content_line = lineno
    _finish(state)
    return ts


def _fit(seg: list[_Field], need: int) -> list[_Field]:
    """Drop layout padding: trailing, then leading empty fields beyond the cells the row needs."""
    seg = list(seg)
    while len(seg) > need and seg[-1].kind == "empty":
        seg.pop()
    while len(seg) > need and seg[0].kind == "empty":
        seg.pop(0)
    return seg


def _segment(st: _State, matcher: _Matcher, seg: list[_Field], lineno: int, at_line_end: bool) -> None:
    best = _confirmed(st, matcher) if st.buffer else None
    if all(f.kind == "empty" for f in seg):
        # Empty fields only start a row when a row label stands right before them, on this line or alone on the
        # line before (“行政强制 |” then “| ||”).
        label_here = st.buffer_line == lineno or (st.buffer_line == st.last_content_line and st.label_end)
        if best is not None and best.row is not None and label_here and at_line_end:
            st.buffer.clear()
            pending = _start_row(st, best, lineno)
            _fill_labeled(st, _fit(seg, pending.need), lineno)
        elif best is None and not st.buffer and st.pending is not None and st.pending.labeled and 0 < len(
                st.pending.cells) and st.pending.need > 0 and len(seg) == 1:
            _fill_labeled(st, seg, lineno)  # a blank between two cells printed one per line
        return
    p = st.pending
    if best is not None and best.row is None and p is not None and p.table.id == best.table.id and not p.row.path \
            and p.need > 0 and p.cells:
        # 表四 printed in blocks (复议｜直接起诉｜复议后起诉), each under its own header, often across pages
        st.buffer.clear()
        _fill_labeled(st, _fit(seg, p.need), lineno)
        return
    if best is not None and best.row is None:  # a table anchor: a title or header words
        _finalize(st)
        st.context = (best.table, 0)
        st.saw_label = True
        only = best.table.rows[0]  # 表四 has one row and no label: its header is the row's anchor
        best = _Candidate(best.key, best.table, only) if not only.path else _expected_row(st, "".join(st.buffer))
    elif best is None and st.buffer:
        best = _expected_row(st, "".join(st.buffer))
    label = "".join(st.buffer)
    st.buffer.clear()
    if best is not None:
        pending = _start_row(st, best, lineno)
        _fill_labeled(st, _fit(seg, pending.need), lineno)
        return
    if st.pending is not None and st.pending.need > 0:
        values = _fit(seg, st.pending.need)
        if st.pending.labeled:
            _fill_labeled(st, values, lineno)
            return
        _fill_in_order(st, values, lineno)
        return
    if st.context is not None:
        if _next_free_row(st) is None and (st.pending is None or st.pending.need == 0):
            if len(label) >= 4 and _extra_row(st, label, seg, lineno):
                return
            if not label and st.extra is not None and _more_extra(st, seg):
                return
        _fill_in_order(st, _fit(seg, 0), lineno)
        return
    st.orphans.extend(parse_cell(f.text, lineno) for f in _fit(seg, 0))


def _confirmed(st: _State, matcher: _Matcher) -> _Candidate | None:
    """The row label the buffer ends with. PDF text prints a row's numbers on the line above its label when the
    label cell is taller: that row was filled in layout order, and its label, coming next, only confirms it; the
    label text after it names the row the values now read belong to."""
    text = "".join(st.buffer)
    best, end = matcher.locate(text, st.buffer)
    held = st.unlabeled
    if held is None:
        return best
    table = st.layout.table(held[0])
    row = table.row_index[held[1]]
    at = text.find(label_key(row.label))
    if at < 0:
        return best
    st.unlabeled = None
    rows = st.order_filled.get(table.id, [])
    if row.display in rows:
        rows.remove(row.display)
    rest = text[at + len(label_key(row.label)):]
    return matcher.locate(rest)[0] if rest else None


def _label_after_label(st: _State, matcher: _Matcher, key: str, lineno: int) -> None:
    """A row label followed straight by another row label (or a table's title): the first row is printed with all
    its cells blank (web pages that give each cell a line print nothing for a blank one)."""
    if key not in matcher.group_keys:
        following, end = matcher.locate(key)
        if following is None or end != len(key):
            return
    best, end = matcher.locate("".join(st.buffer), st.buffer)
    if best is None or best.row is None or end != sum(map(len, st.buffer)):
        return
    data = st.ts.tables.get(best.table.id)
    if (data is not None and best.row.id in data.rows) or (st.unlabeled and st.unlabeled[:2] == (best.table.id, best.row.id)):
        return
    st.buffer.clear()
    pending = _start_row(st, best, st.buffer_line)
    pending.cells.extend(parse_cell("", st.buffer_line) for _ in range(pending.need))
    _finalize(st)


def _extra_row(st: _State, label: str, seg: list[_Field], lineno: int) -> bool:
    """Values under a label that is no row of the table, after its last row (a local template's extra row such as
    “其他主动公开文件”): named once, as a reminder, and not used."""
    assert st.context is not None
    table = st.context[0]
    values = [f.text for f in seg if f.kind != "empty"]
    if len(values) > len(st.columns(table)):
        return False
    shown = label.split("(")[0][:30]
    finding = Finding(rule="parse.extra_row", severity=WARNING, table=table.name, table_id=table.id, line=lineno,
                      quote=shown, actual="、".join(values), message="")
    st.ts.findings.append(finding)
    st.extra = (finding, len(st.columns(table)) - len(values))
    _extra_message(st, finding)
    return True


def _more_extra(st: _State, seg: list[_Field]) -> bool:
    """The next values of an extra row printed one cell per line."""
    assert st.extra is not None
    finding, room = st.extra
    values = [f.text for f in seg if f.kind != "empty"]
    if len(values) > room:
        return False
    finding.actual = "、".join([v for v in (finding.actual or "").split("、") if v] + values)
    st.extra = (finding, room - len(values))
    _extra_message(st, finding)
    return True


def _extra_message(st: _State, f: Finding) -> None:
    f.message = (f"{f.table}第{f.line}行多出一行“{f.quote}”（{f.actual or '空'}），不是{st.layout.label}的行，"
                 "未采用；如为地方模板增加的行，可不理会")


def _expected_row(st: _State, text: str) -> _Candidate | None:
    """PDF tables break a label into pieces interleaved with the group labels beside it; when the text holds
    the head of the row that comes next in layout order, that is the row."""
    if st.pending is not None and st.pending.need > 0 and st.pending.cells:
        return None
    row = _next_free_row(st)
    if row is None or not row.path:
        return None
    full = label_key(row.label)
    head = full[:5]
    if len(head) >= 4 and head in text and st.context is not None:
        printed = text[text.rfind(head):]
        if full not in text and _misprint(printed, full):
            return _Candidate(head, st.context[0], row, printed)  # named as a variant (提醒)
        return _Candidate(head, st.context[0], row)
    return None


def _misprint(printed: str, official: str) -> bool:
    """A whole label printed with a few characters wrong (“2.其他法律行政止公开”), not a PDF fragment."""
    if abs(len(printed) - len(official)) > 4 or printed == official or not printed.endswith(official[-2:]):
        return False  # a label cut short by a line break is not a misprint
    return SequenceMatcher(None, printed, official).ratio() >= 0.7


def _start_row(st: _State, cand: _Candidate, lineno: int) -> _Pending:
    _finalize(st)
    table, row = cand.table, cand.row
    assert row is not None
    st.saw_label = True
    st.pending = pending = _Pending(table, row, [], True, lineno, st.columns(table))
    st.context = (table, table.row_position[row.id] + 1)
    if cand.variant is not None:
        st.ts.findings.append(Finding(
            rule="parse.label_variant", severity=WARNING, table=table.name, row=row.display, line=lineno,
            table_id=table.id, row_id=row.id, expected=row.label, actual=cand.variant,
            message=f"{table.name}第{lineno}行：行名写作“{cand.variant}”，{st.layout.label}的行名为“{row.label}”"))
    return pending


def _fill_labeled(st: _State, values: list[_Field], lineno: int) -> None:
    p = st.pending
    assert p is not None
    take = values[: p.need]
    p.cells.extend(parse_cell(f.text, lineno) for f in take)
    extra = [f.text for f in values[len(take):] if f.kind != "empty"]
    if extra:
        st.ts.unplaced.extend(parse_cell(t, lineno) for t in extra)
        st.ts.findings.append(Finding(
            rule="parse.extra_values", severity=ERROR, table=p.table.name, row=p.row.display, line=lineno,
            table_id=p.table.id, row_id=p.row.id, expected=str(len(p.columns)),
            actual=str(len(p.columns) + len(extra)), quote="、".join(extra),
            message=(f"{p.table.name}「{p.row.display}」行（第{lineno}行）多出 {len(extra)} 个数值："
                     f"{'、'.join('“' + t + '”' for t in extra)}；本行应有 {len(p.columns)} 个数值，多出的未采用")))
    if p.need == 0:
        _finalize(st)


def _fill_in_order(st: _State, values: list[_Field], lineno: int) -> None:
    """Values with no row label: fill the rows of the current table in layout order."""
    queue = list(values)
    while queue:
        p = st.pending
        if p is None or p.need == 0:
            row = _next_free_row(st)
            if row is None:
                st.orphans.extend(parse_cell(f.text, lineno) for f in queue if f.kind != "empty")
                return
            assert st.context is not None  # the free row was found in the current table
            table = st.context[0]
            st.pending = p = _Pending(table, row, [], False, lineno, st.columns(table))
            st.context = (table, table.row_position[row.id] + 1)
            st.order_filled.setdefault(table.id, []).append(row.display)
            st.unlabeled = (table.id, row.id, lineno)
        take, queue = queue[: p.need], queue[p.need:]
        p.cells.extend(parse_cell(f.text, lineno) for f in take)
        if p.need == 0:
            _finalize(st)


def _next_free_row(st: _State) -> Row | None:
    if st.context is None:
        return None
    table, start = st.context
    data = st.ts.tables.get(table.id)
    for row in table.rows[start:]:
        if data is None or row.id not in data.rows:
            return row
    return None


def _finalize(st: _State) -> None:
    p = st.pending
    st.pending = None
    if p is None:
        return
    cells = p.cells + [missing_cell() for _ in range(p.need)]
    data = st.ts.tables.setdefault(p.table.id, TableData(id=p.table.id))
    key = (p.table.id, p.row.id)
    if p.row.id in data.rows:
        kept = [c.raw for c in cells if not c.is_empty]
        st.ts.unplaced.extend(c for c in cells if not c.is_empty)
        st.ts.findings.append(Finding(
            rule="parse.duplicate_row", severity=ERROR, table=p.table.name, row=p.row.display, line=p.line,
            table_id=p.table.id, row_id=p.row.id, quote="、".join(kept),
            message=(f"{p.table.name}「{p.row.display}」行重复出现（第{st.row_lines[key]}行、第{p.line}行）；"
                     f"已采用第一次的数值，第二次的数值（{'、'.join(kept) or '空'}）未采用")))
        return
    st.row_lines[key] = p.line
    data.rows[p.row.id] = {col.id: cell for col, cell in zip(p.columns, cells)}


def _finish(st: _State) -> None:
    _finalize(st)
    ts, layout = st.ts, st.layout
    if not st.saw_label and st.orphans and _fill_bare(st):
        return
    for table_id, rows in st.order_filled.items():
        if not rows:
            continue
        table = layout.table(table_id)
        listed = "、".join(f"「{r}」" for r in rows[:3]) + ("等" if len(rows) > 3 else "")
        ts.findings.append(Finding(
            rule="parse.order_fill", severity=WARNING, table=table.name, table_id=table.id,
            message=f"{table.name}有 {len(rows)} 行未见行名，已按版式顺序填入{listed}，请核对"))
    if st.orphans:
        ts.unplaced.extend(st.orphans)
        by_line: dict[int | None, list[str]] = {}
        for cell in st.orphans:
            by_line.setdefault(cell.line, []).append(cell.raw)
        for line, raws in by_line.items():
            ts.findings.append(Finding(
                rule="parse.unplaced", severity=ERROR, line=line, quote="、".join(raws),
                message=(f"第{line}行的数值{'、'.join('“' + r + '”' for r in raws)}未能对应到任何表格的行，未采用；"
                         "请检查行名是否完整")))
    if not ts.tables and not st.orphans:
        ts.findings.append(Finding(
            rule="parse.no_tables", severity=ERROR,
            message="未识别到任何统计表：没有找到表头、行名或数值。请粘贴包含行名和数值的表格"))


def _fill_bare(st: _State) -> bool:
    """A bare stream of numbers (as PDF text extraction gives): place it by count, in layout order."""
    layout, values = st.layout, st.orphans
    sections: list[list[TableSpec]] = []
    for table in layout.tables:
        if sections and sections[-1][0].section == table.section:
            sections[-1].append(table)
        else:
            sections.append([table])
    options = []
    for i in range(len(sections)):
        for j in range(i + 1, len(sections) + 1):
            tables = [t for group in sections[i:j] for t in group]
            if sum(t.cell_count for t in tables) == len(values):
                options.append(tables)
    if len(options) != 1:
        sizes = "、".join(f"表{g[0].section} {sum(t.cell_count for t in g)} 个" for g in sections)
        st.ts.unplaced.extend(values)
        st.ts.findings.append(Finding(
            rule="parse.bare_count", severity=ERROR, actual=str(len(values)),
            message=(f"未识别到行名或表头，共有 {len(values)} 个数值，与{layout.label}各表的数值个数（{sizes}）都不符，"
                     "无法按顺序填表；请连同行名一起粘贴")))
        st.orphans = []
        return True
    queue = list(values)
    names = []
    for table in options[0]:
        data = st.ts.tables.setdefault(table.id, TableData(id=table.id))
        for row in table.rows:
            cells, queue = queue[: len(table.columns)], queue[len(table.columns):]
            data.rows[row.id] = {c.id: cell for c, cell in zip(table.columns, cells)}
        names.append(table.name)
    st.ts.findings.append(Finding(
        rule="parse.order_fill", severity=WARNING,
        message=f"未识别到行名，已将 {len(values)} 个数值按{layout.label}的顺序填入{'、'.join(names)}，请核对"))
    st.orphans = []
    return True
