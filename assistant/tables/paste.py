"""Pasted text → filled tables.

Reads what staff copy from Excel, WPS, Word, a web page or a PDF: tab- or multi-space-separated cells,
with or without row labels, labels wrapped over lines, misaligned lines (as in the seed report), or a
bare stream of numbers in layout order. Nothing that parsed is dropped: what cannot be placed is kept in
``TableSet.unplaced`` and named in a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..findings import ERROR, WARNING, Finding
from ..layouts import Column, Layout, Row, TableSpec
from ..layouts.detect import detect_layout
from ..limits import MAX_TEXT_FIELDS, check_text, over
from ..sections import table_lines
from ..text import find_report_year, label_key
from .cells import Cell, missing_cell, parse_cell
from .fields import Field, line_fields, numberish, stray
from .labels import Candidate, LabelMatcher, matcher_for
from .model import TableData, TableSet

_LABEL_TEXT = 600  # characters of label text kept before the values (the longest label has about 60)


def _after_label(st: _State, matcher: LabelMatcher, f: Field, lineno: int) -> bool:
    """A number-like or stray token right after a whole row label on its line (“自然人\t35人”): the row's first cell."""
    if not st.buffer or st.buffer_line != lineno or (numberish(f.text) is None and not stray(f.text)):
        return False
    best, end = matcher.locate("".join(st.buffer), st.buffer)
    return best is not None and best.row is not None and end == sum(map(len, st.buffer))


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


def _optional_header(st: _State, matcher: LabelMatcher, key: str) -> None:
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
    matcher = matcher_for(detection.layout.id)
    prev_pipe, cells = False, 0
    for lineno, line in enumerate(table_lines(text.splitlines(), spans), 1):
        fields, lone_pipe = line_fields(line, prev_pipe)
        cells += len(fields)
        if cells > MAX_TEXT_FIELDS:
            raise over("粘贴的表格", "单元格（数值和文字）个数", str(MAX_TEXT_FIELDS))
        if line.strip():
            prev_pipe = lone_pipe
        i, n = 0, len(fields)
        while i < n:
            if fields[i].kind == "text" and state.label_end and _after_label(state, matcher, fields[i], lineno):
                fields[i] = Field("value", fields[i].text)
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


def _fit(seg: list[Field], need: int) -> list[Field]:
    """Drop layout padding: trailing, then leading empty fields beyond the cells the row needs."""
    seg = list(seg)
    while len(seg) > need and seg[-1].kind == "empty":
        seg.pop()
    while len(seg) > need and seg[0].kind == "empty":
        seg.pop(0)
    return seg


def _segment(st: _State, matcher: LabelMatcher, seg: list[Field], lineno: int, at_line_end: bool) -> None:
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
        best = Candidate(best.key, best.table, only) if not only.path else _expected_row(st, "".join(st.buffer))
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


def _confirmed(st: _State, matcher: LabelMatcher) -> Candidate | None:
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


def _label_after_label(st: _State, matcher: LabelMatcher, key: str, lineno: int) -> None:
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


def _extra_row(st: _State, label: str, seg: list[Field], lineno: int) -> bool:
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


def _more_extra(st: _State, seg: list[Field]) -> bool:
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


def _expected_row(st: _State, text: str) -> Candidate | None:
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
            return Candidate(head, st.context[0], row, printed)  # named as a variant (提醒)
        return Candidate(head, st.context[0], row)
    return None


def _misprint(printed: str, official: str) -> bool:
    """A whole label printed with a few characters wrong (“2.其他法律行政止公开”), not a PDF fragment."""
    if abs(len(printed) - len(official)) > 4 or printed == official or not printed.endswith(official[-2:]):
        return False  # a label cut short by a line break is not a misprint
    return SequenceMatcher(None, printed, official).ratio() >= 0.7


def _start_row(st: _State, cand: Candidate, lineno: int) -> _Pending:
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


def _fill_labeled(st: _State, values: list[Field], lineno: int) -> None:
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


def _fill_in_order(st: _State, values: list[Field], lineno: int) -> None:
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
