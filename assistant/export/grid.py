"""A table of the official layout as a grid of cell texts with its merged cells — what Word and PDF tables print."""

from __future__ import annotations

from ..layouts import TableSpec
from ..tables.model import TableData

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column


def table_grid(table: TableSpec, data: TableData | None, with_title: bool = True) -> tuple[list[list[str]], list[Merge], int]:
    """(rows of cell text, merges, number of header rows incl. the title). Data cells print exactly as given."""
    depth = max(len(c.path) for c in table.columns)
    label_cols = max((len(r.path) for r in table.rows), default=0)
    width = label_cols + len(table.columns)
    rows: list[list[str]] = []
    merges: list[Merge] = []
    if with_title and table.title:
        rows.append([table.title] + [""] * (width - 1))
        merges.append((0, 0, 0, width - 1))
    top = len(rows)
    for level in range(depth):
        row = [""] * width
        if level == 0 and label_cols:
            row[0] = table.corner or ""
        k = 0
        while k < len(table.columns):
            col = table.columns[k]
            if len(col.path) <= level:
                k += 1
                continue
            j = k + 1
            if len(col.path) > level + 1:
                while j < len(table.columns) and table.columns[j].path[: level + 1] == col.path[: level + 1]:
                    j += 1
            row[label_cols + k] = col.path[level]
            leaf = len(col.path) == level + 1
            last_row = top + (depth - 1 if leaf else level)
            if j - k > 1 or last_row > top + level:
                merges.append((top + level, label_cols + k, last_row, label_cols + j - 1))
            k = j
        rows.append(row)
    if label_cols and depth:
        merges.append((top, 0, top + depth - 1, label_cols - 1))
    body_top = len(rows)
    for index, row in enumerate(table.rows):
        cells = [""] * label_cols
        for level, part in enumerate(row.path):
            cells[level] = part
        values = data.rows.get(row.id) if data is not None else None
        rows.append(cells + [values[c.id].text() if values else "" for c in table.columns])
        r = body_top + index
        if row.path and len(row.path) < label_cols:  # a leaf label spans the remaining label columns
            merges.append((r, len(row.path) - 1, r, label_cols - 1))
        for level in range(len(row.path) - 1):  # group labels span their rows
            prev = table.rows[index - 1].path[: level + 1] if index else None
            if prev == row.path[: level + 1]:
                continue
            n = 1
            while index + n < len(table.rows) and table.rows[index + n].path[: level + 1] == row.path[: level + 1]:
                n += 1
            if n > 1:
                merges.append((r, level, r + n - 1, level))
    return rows, merges, body_top
