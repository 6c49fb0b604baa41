"""Tables a web page prints on one line with the cells run together: “一、本年新收政府信息公开申请数量640020470二、上年结转…”.

Such a row is rewritten as one line of separate cells only where the digits can be read one way: cells printed apart
(spaces between as many numbers as the table has columns), or digits run together that exactly one split satisfies
under the row's own equations of the layout (表三 总计 = 自然人 + the five 法人或其他组织 columns; 表四 each 总计 = its four
results; a one-column table takes the whole number). Equations across rows (（七）总计 = the results) never choose a
split, so a slip there still shows. A row whose digits admit no split or several is kept unsplit: its cells are marked
(``〔640020〕`` then ``〔〕``), and the checks report it once per table instead of guessing digits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from ..layouts import Column, Layout, TableSpec, section_words
from ..text import label_key

UNSPLIT_OPEN, UNSPLIT_CLOSE = "〔", "〕"
_NUMERIC = frozenset("0123456789.-")
_ORDINAL = re.compile(r"(?<![0-9])([0-9]+)[.、．]")
_BUDGET = 100_000  # search steps per row before giving up (kept unsplit)
_RUN = re.compile(r"\d{5}")


def may_run_on(line: str) -> bool:
    """A line that may hold a run-on table: a page printed as one line, or five digits run together."""
    return "\t" not in line and line.count("|") < 2 and (len(line) >= 200 or _RUN.search(line) is not None)


@dataclass
class Rewrite:
    text: str
    split_rows: int = 0  # rows whose run-together digits were split (one way only)
    examples: list[str] = field(default_factory=list)  # “640020470 → 64、0、0、2、0、4、70”
    unsplit: dict[str, list[str]] = field(default_factory=dict)  # table name → rows kept unsplit


@dataclass
class _Keyed:
    key: str
    origin: list[int]  # index in the line of each key character
    spaced: list[bool]  # whitespace stood right before this key character


def _keyed(line: str) -> _Keyed:
    chars: list[str] = []
    origin: list[int] = []
    spaced: list[bool] = []
    gap = False
    for i, ch in enumerate(line):
        if ch.isspace():
            gap = True
            continue
        for c in label_key(ch):
            chars.append(c)
            origin.append(i)
            spaced.append(gap)
            gap = False
    key = _ORDINAL.sub(r"\1.", "".join(chars))  # keeps the length: one character for one
    return _Keyed(key, origin, spaced)


def _value_ok(part: str, col: Column, layout: Layout) -> bool:
    vt = layout.value_type(col)
    signed = vt.min is None or vt.min < 0
    decimals = vt.kind == "decimal"
    pattern = (r"-?" if signed else "") + r"(?:0|[1-9]\d{0,8})" + (r"(?:\.\d+)?" if decimals else "")
    return re.fullmatch(pattern, part) is not None


def _row_rules(layout: Layout, table: TableSpec) -> list[tuple[list[tuple[int, str]], list[tuple[int, str]]]]:
    """The table's own per-row equations, as (lhs, rhs) lists of (sign, column id)."""
    def terms(raw: list[str]) -> list[tuple[int, str]]:
        return [(-1, t[1:]) if t.startswith("-") else (1, t) for t in raw]

    cols = {c.id for c in table.columns}
    out = []
    for rule in layout.rules:
        if rule.table == table.id and rule.each == "row" and rule.op == "==" and not rule.cross_year:
            lhs, rhs = terms(rule.lhs), terms(rule.rhs)
            if all(t in cols for _, t in lhs + rhs):
                out.append((lhs, rhs))
    return out


def _holds(rule, values: dict[str, Decimal]) -> bool | None:
    lhs, rhs = rule
    if any(t not in values for _, t in lhs + rhs):
        return None
    return sum((s * values[t] for s, t in lhs), Decimal(0)) == sum((s * values[t] for s, t in rhs), Decimal(0))


def split_run(run: str, spaced: list[bool], layout: Layout, table: TableSpec) -> list[str] | None:
    """The cells of a row printed as `run` (no spaces; `spaced`: a space stood before that character), or None when
    the digits do not read one way only."""
    columns = table.columns
    n = len(columns)
    tokens: list[str] = []
    for ch, gap in zip(run, spaced):
        if gap or not tokens:
            tokens.append(ch)
        else:
            tokens[-1] += ch
    if len(tokens) == n and all(_value_ok(t, c, layout) for t, c in zip(tokens, columns)):
        return tokens  # printed apart: read as printed, whatever the sums say
    if n == 1:
        return [run] if _value_ok(run, columns[0], layout) else None
    rules = _row_rules(layout, table)
    position = {c.id: k for k, c in enumerate(columns)}
    closing: dict[int, list] = {}  # column index → rules all of whose terms are known once it is
    for rule in rules:
        closing.setdefault(max(position[t] for _, t in rule[0] + rule[1]), []).append(rule)
    found: list[list[str]] = []
    steps = 0
    values: dict[str, Decimal] = {}
    parts: list[str] = []

    def dfs(pos: int, k: int) -> None:
        nonlocal steps
        steps += 1
        if len(found) > 1 or steps > _BUDGET:
            return
        if k == n:
            if pos == len(run):
                found.append(list(parts))
            return
        left = len(run) - pos
        if left < n - k:
            return
        col = columns[k]
        for end in range(pos + 1, min(len(run), pos + 12) + 1):
            part = run[pos:end]
            if not _value_ok(part, col, layout):
                continue  # “-”, “12.”: a longer piece may still be a number
            values[col.id] = Decimal(part)
            parts.append(part)
            if all(_holds(rule, values) is not False for rule in closing.get(k, [])):
                dfs(end, k + 1)
            parts.pop()
            del values[col.id]
            if len(found) > 1 or steps > _BUDGET:
                return

    dfs(0, 0)
    return found[0] if len(found) == 1 and steps <= _BUDGET else None


def _candidates(table: TableSpec) -> list[list[str]]:
    """Per row, the keys its label may be printed as (longest first)."""
    return [sorted({label_key(row.label), *(label_key(a) for a in row.aliases + row.variants)}, key=len, reverse=True)
            for row in table.rows]


def _find(key: str, options: list[str], start: int) -> tuple[int, int]:
    best = (-1, -1)
    for opt in options:
        pos = key.find(opt, start)
        if pos >= 0 and (best[0] < 0 or pos < best[0] or (pos == best[0] and pos + len(opt) > best[1])):
            best = (pos, pos + len(opt))
    return best


def _numeric_end(key: str, pos: int) -> int:
    while pos < len(key) and key[pos] in _NUMERIC:
        pos += 1
    return pos


def _strip_groups(text: str, groups: list[str]) -> bool:
    """Whether the text is nothing but group labels (“三、本年度办理结果（四）无法提供”)."""
    while text:
        for g in groups:
            if g and text.startswith(g):
                text = text[len(g):]
                break
        else:
            return False
    return True


@dataclass
class _Row:
    label: tuple[int, int]  # key span of the label with its group labels
    run: tuple[int, int]  # key span of its digits


def _locate_labelled(k: _Keyed, table: TableSpec, start: int) -> list[_Row] | None:
    cands = _candidates(table)
    groups = sorted({label_key(p) for row in table.rows for p in row.path[:-1]}, key=len, reverse=True)
    key = k.key
    search = start
    while True:
        first = _find(key, cands[0], search)
        if first[0] < 0:
            return None
        rows: list[_Row] = []
        label_start, label_end = first
        ok = True
        for r in range(1, len(table.rows) + 1):
            run_end = _numeric_end(key, label_end)
            if r < len(table.rows):
                nxt = _find(key, cands[r], label_end)  # the next label may start with its ordinal (“2.”)
                run_end = min(run_end, nxt[0]) if nxt[0] >= 0 else run_end
                if nxt[0] < 0 or not _strip_groups(key[run_end:nxt[0]], groups):
                    ok = False
                    break
            if run_end == label_end:
                ok = False
                break
            rows.append(_Row((label_start, label_end), (label_end, run_end)))
            if r < len(table.rows):
                label_start, label_end = run_end, nxt[1]
        if ok:
            return rows
        search = first[0] + 1


def _locate_unlabelled(k: _Keyed, table: TableSpec, start: int) -> list[_Row] | None:
    """表四: one row without a label, right after the header's last words (“…尚未审结总计0 1 1 0 2 …”)."""
    tail = label_key("".join(c.label for c in table.columns[-2:]))
    anchors = [label_key(a) for a in table.anchors]
    first = min((p for a in anchors if (p := k.key.find(a, start)) >= 0), default=-1)
    if first < 0:
        return None
    pos = k.key.find(tail, first)
    while pos >= 0:
        end = pos + len(tail)
        run_end = _numeric_end(k.key, end)
        if run_end > end:
            return [_Row((end, end), (end, run_end))]
        pos = k.key.find(tail, end)
    return None


def _heading_breaks(k: _Keyed, layout: Layout, table: TableSpec, start: int, first_row: int) -> list[tuple[int, int, str]]:
    """A section heading run into its table's header (“四、政府信息公开行政法复议、行政诉讼情况行政复议 行政诉讼 结果维持…”):
    line breaks before the heading and where the header starts, so the heading is found even as misprinted."""
    region = k.key[start:first_row]
    number = region.rfind(table.section + "、")
    if number < 0:
        return []
    words = section_words().get(table.section, ())
    part = layout.part(table.section)
    official = label_key(part.heading) if part else ""
    tops = label_key("".join(dict.fromkeys(c.path[0] for c in table.columns)))
    marks = [m for m in [label_key(a) for a in table.anchors] + [label_key(table.corner or ""), tops] if m]
    best, best_h = 0.6, -1  # the break that leaves the heading closest to the layout's wording
    for h in range(number + 2, min(len(region), number + 42)):
        heading = region[number:h]
        if any(region.startswith(m, h) for m in marks) and any(w in heading for w in words):
            ratio = SequenceMatcher(None, heading, official).ratio()
            if ratio > best:
                best, best_h = ratio, h
    if best_h < 0:
        return []
    at = [k.origin[start + number], k.origin[start + best_h]]
    return [(at[0], at[0], "\n"), (at[1], at[1], "\n")]


def _rewrite_line(line: str, layout: Layout, out: Rewrite) -> str:
    k = _keyed(line)
    cuts: list[tuple[int, int, str]] = []  # (start, end) in the line, replacement
    cursor = 0
    seen = Rewrite(line)  # what this line needed: kept only if some row was run together
    for table in layout.tables:
        if not table.rows:
            continue
        rows = (_locate_labelled if table.rows[0].path else _locate_unlabelled)(k, table, cursor)
        if not rows or any(sum(ch.isdigit() for ch in k.key[r.run[0]:r.run[1]]) < len(table.columns) for r in rows):
            continue  # too few digits for the row's cells: not a table row run together (“尚未审结总计5件”)
        cuts += _heading_breaks(k, layout, table, cursor, rows[0].label[0] if rows[0].label[1] > rows[0].label[0] else rows[0].run[0])
        lines = []
        for spec_row, r in zip(table.rows, rows):
            a, b = r.run
            run, spaced = k.key[a:b], k.spaced[a:b]
            label = line[k.origin[r.label[0]]:k.origin[a]].strip() if r.label[1] > r.label[0] else ""
            cells = split_run(run, spaced, layout, table)
            if cells is None:
                seen.unsplit.setdefault(table.name, []).append(spec_row.display or table.name)
                cells = [UNSPLIT_OPEN + run + UNSPLIT_CLOSE] + [UNSPLIT_OPEN + UNSPLIT_CLOSE] * (len(table.columns) - 1)
            elif len(cells) > 1 and 1 + sum(spaced[1:]) != len(cells):  # not as printed: split
                seen.split_rows += 1
                if len(seen.examples) < 2 and any(len(c) > 1 for c in cells):
                    seen.examples.append(f"“{run}”拆为 {'、'.join(cells)}")
            lines.append("\t".join([label, *cells]) if label else "\t".join(cells))
        start, end = k.origin[rows[0].label[0]] if rows[0].label[1] > rows[0].label[0] else k.origin[rows[0].run[0]], \
            k.origin[rows[-1].run[1] - 1] + 1
        cuts.append((start, end, "\n" + "\n".join(lines) + "\n"))
        cursor = rows[-1].run[1]
    if not cuts or not (seen.split_rows or seen.unsplit):
        return line  # every row printed apart: the table parser reads it as it is
    out.split_rows += seen.split_rows
    out.examples += seen.examples[:2 - len(out.examples)]
    for name, names in seen.unsplit.items():
        out.unsplit.setdefault(name, []).extend(names)
    pieces, last = [], 0
    for start, end, new in sorted(cuts, key=lambda c: (c[0], c[1])):
        if start < last:
            continue
        pieces += [line[last:start].rstrip(), new]
        last = end
    pieces.append(line[last:].lstrip())
    return "".join(pieces)


def unrun_tables(text: str, layout: Layout) -> Rewrite:
    """The text with each run-on table row on a line of its own (cells tab-separated). Lines that hold a table in the
    usual way (tabs, one row per line, one cell per line) are left as they are."""
    out = Rewrite(text)
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if not may_run_on(line):
            continue
        new = _rewrite_line(line, layout, out)
        if new != line:
            lines[i] = new
            changed = True
    if changed:
        out.text = "\n".join(lines)
    return out
