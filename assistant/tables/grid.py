"""The official grid of one table, built once: header rows with merged cells, row labels with merged group labels,
and data cells, each knowing what it is. HTML, Markdown, CSV and .docx all print from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..layouts import TableSpec
from .model import TableData

Kind = Literal["title", "corner", "header", "label", "data"]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column
Repeat = Literal["none", "groups", "all"]


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and a grid builds one per data cell
class GridCell:
    kind: Kind
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    row_id: str | None = None  # label and data cells
    col_id: str | None = None  # data cells and the headers of single columns
    group: bool = False  # a header over several columns, or a row label over a group of rows
    covered_by: tuple[int, int] | None = None  # set on positions a merged cell covers: where that cell starts

    @property
    def is_anchor(self) -> bool:
        return self.covered_by is None


@dataclass(frozen=True)
class Grid:
    table: TableSpec
    cells: list[list[GridCell]]  # a full rectangle: every position, covered ones included
    title_rows: int  # 0, or 1 when the table's title is the first row
    header_rows: int  # rows of column headers
    label_cols: int  # columns of row labels

    @property
    def top(self) -> int:
        """Rows above the body: the title and the column headers."""
        return self.title_rows + self.header_rows

    @property
    def width(self) -> int:
        return self.label_cols + len(self.table.columns)

    def anchors(self, row: int) -> list[tuple[int, GridCell]]:
        """The cells that start in a row, with their column: what a merged-cell format (HTML) writes."""
        return [(c, cell) for c, cell in enumerate(self.cells[row]) if cell.is_anchor]

    def merges(self) -> list[Merge]:
        return [(r, c, r + cell.rowspan - 1, c + cell.colspan - 1)
                for r, row in enumerate(self.cells) for c, cell in enumerate(row)
                if cell.is_anchor and (cell.rowspan > 1 or cell.colspan > 1)]

    def text(self, r: int, c: int, repeat: Repeat = "none") -> str:
        """A position's text. A covered position is blank, or repeats its merged cell's text:
        for group labels only (`groups`), or for every merged cell (`all`, as Word reads a merged cell)."""
        cell = self.cells[r][c]
        if cell.covered_by is None:
            return cell.text
        anchor = self.cells[cell.covered_by[0]][cell.covered_by[1]]
        if repeat == "all" or (repeat == "groups" and anchor.kind == "label" and anchor.group):
            return anchor.text
        return ""

    def texts(self, repeat: Repeat = "none") -> list[list[str]]:
        return [[self.text(r, c, repeat) for c in range(self.width)] for r in range(len(self.cells))]

    def flat(self, repeat: Repeat = "none", corner: str = "项目") -> list[list[str]]:
        """One header row of column names, then the body: for Markdown and CSV without merged cells."""
        head = ([self.table.corner or corner] + [""] * (self.label_cols - 1) if self.label_cols else [])
        head += [c.display for c in self.table.columns]
        return [head] + self.texts(repeat)[self.top:]


def build_grid(table: TableSpec, data: TableData | None, *, title: bool = False) -> Grid:
    """The table as the official layout prints it; `title` puts the table's title (if any) in a first row."""
    skeleton = _skeleton(table, title)
    cells = [list(row) for row in skeleton.cells]
    body, label_cols = skeleton.top, skeleton.label_cols
    for index, row in enumerate(table.rows):
        values = data.rows.get(row.id) if data is not None else None
        line = cells[body + index]
        for k, col in enumerate(table.columns):
            cell = values.get(col.id) if values else None
            line[label_cols + k] = GridCell("data", cell.text() if cell is not None else "", row_id=row.id, col_id=col.id)
    return Grid(table=table, cells=cells, title_rows=skeleton.title_rows, header_rows=skeleton.header_rows,
                label_cols=label_cols)


_SKELETONS: dict[tuple[int, bool], Grid] = {}  # by table object (a reloaded layout gets new ones) and title


def _skeleton(table: TableSpec, title: bool) -> Grid:
    """The grid without its data (titles, headers, row labels): the same for every report, built once per table."""
    key = (id(table), title)
    found = _SKELETONS.get(key)
    if found is None or found.table is not table:
        found = _SKELETONS[key] = _build_skeleton(table, title)
    return found


def _build_skeleton(table: TableSpec, title: bool) -> Grid:
    depth = max(len(c.path) for c in table.columns)
    label_cols = max((len(r.path) for r in table.rows), default=0)
    width = label_cols + len(table.columns)
    title_rows = 1 if title and table.title else 0
    height = title_rows + depth + len(table.rows)
    cells: list[list[GridCell | None]] = [[None] * width for _ in range(height)]

    def place(r: int, c: int, cell: GridCell) -> None:
        cells[r][c] = cell
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if dr or dc:
                    cells[r + dr][c + dc] = GridCell(kind=cell.kind, row_id=cell.row_id, col_id=cell.col_id,
                                                     group=cell.group, covered_by=(r, c))

    if title_rows:
        place(0, 0, GridCell("title", table.title or "", colspan=width))
    top = title_rows
    if label_cols:
        place(top, 0, GridCell("corner", table.corner or "", rowspan=depth, colspan=label_cols))
    cols = table.columns
    for level in range(depth):
        k = 0
        while k < len(cols):
            path = cols[k].path
            if len(path) <= level:
                k += 1
                continue
            j = k + 1
            leaf = len(path) == level + 1
            if not leaf:
                while j < len(cols) and cols[j].path[: level + 1] == path[: level + 1] and len(cols[j].path) > level + 1:
                    j += 1
            place(top + level, label_cols + k, GridCell("header", path[level], rowspan=depth - level if leaf else 1,
                                                        colspan=j - k, col_id=cols[k].id if leaf else None,
                                                        group=not leaf))
            k = j
    body = top + depth
    for index, row in enumerate(table.rows):
        r = body + index
        for level, part in enumerate(row.path):
            if level == len(row.path) - 1:
                place(r, level, GridCell("label", part, colspan=label_cols - level, row_id=row.id))
                continue
            if index and table.rows[index - 1].path[: level + 1] == row.path[: level + 1]:
                continue  # covered by the group label of an earlier row
            n = 1
            while index + n < len(table.rows) and table.rows[index + n].path[: level + 1] == row.path[: level + 1]:
                n += 1
            place(r, level, GridCell("label", part, rowspan=n, group=True))
    for r in range(height):  # positions nothing covers (a row without labels in a labelled table); data filled later
        for c in range(width):
            if cells[r][c] is None and not (r >= body and c >= label_cols):
                cells[r][c] = GridCell("label")
    return Grid(table=table, cells=cells, title_rows=title_rows, header_rows=depth,  # type: ignore[arg-type]
                label_cols=label_cols)
