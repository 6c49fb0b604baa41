"""The official grid is built once; HTML, Markdown, CSV and .docx agree with it cell by cell, for both layouts."""

from __future__ import annotations

import csv
import io
import random
from html.parser import HTMLParser

import pytest
from docx import Document

from assistant.checks import check_tables
from assistant.export import ReportDoc
from assistant.export.docx import export_docx
from assistant.export.markdown import export_markdown, HEADER_JOIN
from assistant.layouts import get_layout
from assistant.report import parse_report
from assistant.tables.grid import build_grid
from assistant.tables.render import render_csv, render_html_tables, render_markdown
from tests.factory import consistent_values, table_set


@pytest.fixture(params=["seed-2019", "factory-2021"])
def tables(request, seed_text):
    if request.param == "seed-2019":
        ts = parse_report(seed_text).tables
        assert ts.layout == "2019"
        return ts
    random.seed(11)
    values = consistent_values(get_layout("2021"))
    values["三"]["new"]["legal"] = "1O"  # a cell the HTML marks as an error
    return table_set("2021", values, 2023)


def test_grid_shape(tables):
    for spec, data in tables.ordered_tables():
        grid = build_grid(spec, data)
        assert len(grid.cells) == grid.header_rows + len(spec.rows) and all(len(r) == grid.width for r in grid.cells)
        for r, row in enumerate(grid.cells):
            for c, cell in enumerate(row):
                if cell.covered_by is not None:  # inside the merged cell that starts there
                    r0, c0 = cell.covered_by
                    anchor = grid.cells[r0][c0]
                    assert r0 <= r < r0 + anchor.rowspan and c0 <= c < c0 + anchor.colspan
        body = grid.cells[grid.top:]
        for row, cells in zip(spec.rows, body):
            data_cells = cells[grid.label_cols:]
            assert [(x.kind, x.row_id, x.col_id) for x in data_cells] == [("data", row.id, col.id) for col in spec.columns]
            assert [x.text for x in data_cells] == [data.rows[row.id][col.id].text() for col in spec.columns]
        leaves = [x for x in grid.cells[0] + [x for row in grid.cells[1:grid.top] for x in row]
                  if x.kind == "header" and x.is_anchor and not x.group]
        assert sorted(x.col_id for x in leaves) == sorted(c.id for c in spec.columns)


class _Cells(HTMLParser):
    """<table> elements as rows of (tag, attrs, text)."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[tuple[str, dict, str]]]] = []
        self.cell: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.cell = [tag, dict(attrs), ""]

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append(tuple(self.cell))
            self.cell = None


def _spread(rows: list[list[tuple[str, dict, str]]]) -> list[list[tuple[str, dict, str]]]:
    """An HTML table's rows with every merged cell copied to each position it covers."""
    out: list[dict[int, tuple]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while c in out[r]:
                c += 1
            span_r, span_c = int(cell[1].get("rowspan", 1)), int(cell[1].get("colspan", 1))
            for dr in range(span_r):
                for dc in range(span_c):
                    out[r + dr][c + dc] = cell
            c += span_c
    return [[row[c] for c in sorted(row)] for row in out]


def test_html_agrees_with_grid(tables):
    findings = check_tables(tables)
    marked = {(f.table_id, f.row_id, f.column_id): f.severity for f in findings if f.row_id and f.column_id}
    parser = _Cells()
    parser.feed(render_html_tables(tables, findings))
    sections = [s.number for s in tables.spec.sections if any(t.section == s.number for t, _ in tables.ordered_tables())]
    assert len(parser.tables) == len(sections)
    for number, html_rows in zip(sections, parser.tables):
        rows = _spread(html_rows)
        for spec, data in [(t, d) for t, d in tables.ordered_tables() if t.section == number]:
            if rows[0][0][1].get("class") == "subtitle":
                assert rows[0][0][2] == spec.title
                rows = rows[1:]
            grid = build_grid(spec, data)
            mine, rows = rows[: len(grid.cells)], rows[len(grid.cells):]
            for r, html_row in enumerate(mine):
                for c, (tag, attrs, text) in enumerate(html_row):
                    cell = grid.cells[r][min(c, grid.width - 1)]  # a narrower table's last cell spans the rest
                    assert text == grid.text(r, min(c, grid.width - 1), "all")
                    assert tag == ("td" if cell.kind == "data" else "th")
                    if cell.kind == "data":
                        assert (attrs["data-table"], attrs["data-row"], attrs["data-col"]) == (spec.id, cell.row_id, cell.col_id)
                        sev = marked.get((spec.id, cell.row_id, cell.col_id))
                        assert ("error" in attrs["class"]) == (sev == "错误")
                    elif cell.kind == "label":
                        assert attrs["class"] == "row-label"
        assert rows == []
    if tables.layout == "2021":
        assert ("三", "new", "legal") in marked


def _md_tables(text: str) -> list[list[list[str]]]:
    out, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                out.append(current)
            if not set(line) <= set("|-:"):
                current.append([c.strip() for c in line.strip("|").split(" | ")])
        else:
            current = None
    return out


def test_markdown_and_csv_agree_with_grid(tables):
    grids = [build_grid(t, d) for t, d in tables.ordered_tables()]
    # `assistant table --to md|csv`: one header row of column names; a group label on its group's first row only
    assert _md_tables(render_markdown(tables)) == [g.flat() for g in grids]
    blocks = csv.reader(io.StringIO(render_csv(tables)))
    expected = []
    for i, (g, (spec, _)) in enumerate(zip(grids, tables.ordered_tables())):
        expected += ([[]] if i else []) + [[spec.name]] + g.flat()
    assert list(blocks) == expected
    # `assistant export --to md`: the header rows joined per column; group labels on every row of the group
    doc = ReportDoc(title="某局2023年报告", agency="某局", year=2023, layout=tables.spec, tables=tables)
    for grid, table in zip(grids, _md_tables(export_markdown(doc))):
        texts = grid.texts("groups")
        head = [HEADER_JOIN.join(dict.fromkeys(x for x in col if x)) for col in zip(*texts[: grid.top])]
        assert table == [head] + texts[grid.top:]
        assert all(row[0] for row in texts[grid.top:] if grid.label_cols)  # no blank group label


def test_docx_agrees_with_grid(tables, tmp_path):
    doc = ReportDoc(title="某局2023年报告", agency="某局", year=2023, layout=tables.spec, tables=tables)
    word = Document(export_docx(doc, tmp_path / "t.docx"))
    grids = [build_grid(t, d, title=True) for t, d in tables.ordered_tables()]
    assert len(word.tables) == len(grids)
    for grid, table in zip(grids, word.tables):
        assert len(table.rows) == len(grid.cells) and len(table.columns) == grid.width
        read = [[table.cell(r, c).text for c in range(grid.width)] for r in range(len(grid.cells))]
        assert read == grid.texts("all")  # Word gives a merged cell's text at every position it covers
        for r0, c0, r1, c1 in grid.merges():
            assert table.cell(r0, c0)._tc is table.cell(r1, c1)._tc or table.cell(r1, c1)._tc.vMerge == "continue"
