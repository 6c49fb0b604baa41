"""How wide things print: the text block of an A4 公文 page, the title's wrap between words, table column widths.

Widths are estimated in points from the characters (a CJK character is one em, Latin letters and digits about
half of one), which is what 公文 fonts print."""

from __future__ import annotations

import math
import re
import unicodedata

from ..tables.grid import Grid

TEXT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72  # A4 less the left and right margins: 156 mm
CELL_MARGIN_PT = 72 / 25.4  # 1 mm each side of a cell's text (the .docx sets it on every table)
CELL_PADDING_PT = 2 * CELL_MARGIN_PT + 1  # and the border
MAX_LABEL_LINES = 3  # a row label wraps at most twice
_DIGIT_EM = (0.5, 0.6)  # the width of a digit or Latin letter, in ems, in the fonts a 公文 falls back to


def ems(text: str, digit: float = _DIGIT_EM[1]) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else digit for ch in text)


# Where a title may wrap: after the year (“2021年”), after the agency's own administrative units, between
# “政府信息公开” and “工作年度报告”.
_BREAK_AFTER = re.compile(r"(?:20\d{2}年(?!度)|[省市州县区旗盟镇乡局厅委办院署馆心会所站处队]|政府信息公开)(?=.)")


def _wrap(text: str, width: float, digit: float) -> list[int]:
    """Where a line of `width` ems breaks `text` (character by character, as CJK text wraps)."""
    breaks, used = [], 0.0
    for i, ch in enumerate(text):
        w = ems(ch, digit)
        if used + w > width + 1e-9:
            breaks.append(i)
            used = 0.0
        used += w
    return breaks


def title_width(title: str, size_pt: float, available_pt: float = TEXT_WIDTH_PT) -> float:
    """The width (pt) to set the title in so that each line breaks after a word, the lines balanced.

    The full width when the title fits on one line or no narrower width breaks it between words (whatever digit
    width the font has)."""
    per_line = available_pt / size_pt
    if ems(title) <= per_line:
        return available_pt
    allowed = {m.end() for m in _BREAK_AFTER.finditer(title)}
    best: tuple[int, float, float] | None = None  # (lines, spread of line widths, width in ems)
    steps = int(per_line * 10)
    for k in range(steps, steps // 3, -1):
        width = k / 10
        # the same breaks for the narrowest and widest digits, and each a word boundary
        breaks = _wrap(title, width - 0.25, _DIGIT_EM[1])
        if breaks != _wrap(title, width + 0.25, _DIGIT_EM[0]) or not set(breaks) <= allowed or len(breaks) > 2:
            continue
        sizes = [ems(title[a:b]) for a, b in zip([0, *breaks], [*breaks, len(title)])]
        candidate = (len(sizes), max(sizes) - min(sizes), width)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return available_pt if best is None else min(available_pt, best[2] * size_pt)


TABLE_SIZES_PT = (10.5, 9.0, 7.5)  # 五号, 小五, 六号: a table too wide for one is set in the next


def fit_table(grid: Grid, sizes: tuple[float, ...] = TABLE_SIZES_PT,
              available_pt: float = TEXT_WIDTH_PT) -> tuple[float, list[float]]:
    """The largest font size at which the table fits the text width, and its column widths."""
    for size in sizes:
        widths = column_widths(grid, size, available_pt)
        if widths is not None:
            return size, widths
    needed = _needed(grid, sizes[-1])
    return sizes[-1], [w * available_pt / sum(needed) for w in needed]


def _needed(grid: Grid, size_pt: float, label_lines: int = MAX_LABEL_LINES) -> list[float]:
    """The narrowest widths: labels on at most `label_lines` lines, numbers on one line."""
    widths = _label_widths(grid, size_pt, label_lines) + [0.0] * (grid.width - grid.label_cols)
    for c in range(grid.label_cols, grid.width):
        numbers = [ems(grid.cells[r][c].text) for r in range(grid.top, len(grid.cells))]
        widths[c] = max([2.0, *numbers]) * size_pt + CELL_PADDING_PT
    return widths


def column_widths(grid: Grid, size_pt: float, available_pt: float = TEXT_WIDTH_PT) -> list[float] | None:
    """Column widths (pt) that fill the text width: each row-label column wide enough that its labels wrap at most
    twice, each data column wide enough for its widest number; labels then widened toward two lines, and what is
    left shared among the data columns. None when the table does not fit at this size."""
    n, labels = grid.width, grid.label_cols
    widths = _needed(grid, size_pt)
    spare = available_pt - sum(widths)
    if spare < 0:
        return None
    if spare > 0 and labels:  # labels on two lines where the width allows, before the data columns widen
        roomier = _label_widths(grid, size_pt, lines=2)
        grow = [max(0.0, roomier[c] - widths[c]) for c in range(labels)]
        share = min(1.0, spare / sum(grow)) if sum(grow) else 0.0
        for c in range(labels):
            widths[c] += grow[c] * share
        spare = available_pt - sum(widths)
    if spare > 0:
        first = labels if n > labels else 0
        for c in range(first, n):
            widths[c] += spare / (n - first)
    return widths


def _label_widths(grid: Grid, size_pt: float, lines: int) -> list[float]:
    """Widths of the row-label columns so that no label takes more than `lines` lines (a group label beside n rows
    may take n lines: that makes no row taller)."""
    labels = grid.label_cols
    widths = [2 * size_pt + CELL_PADDING_PT] * labels
    spans: list[tuple[int, int, float]] = []
    for r in range(grid.top, len(grid.cells)):
        for c, cell in grid.anchors(r):
            if c >= labels or not cell.text:
                continue
            need = math.ceil(ems(cell.text) / max(lines, cell.rowspan)) * size_pt + CELL_PADDING_PT
            if cell.colspan == 1:
                widths[c] = max(widths[c], need)
            else:
                spans.append((c, c + cell.colspan, need))
    for a, b, need in spans:
        short = need - sum(widths[a:b])
        if short > 0:
            widths[b - 1] += short
    return widths
