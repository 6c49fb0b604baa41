"""Class 8: a token in a pasted row's number area that is no valid cell value (“3.5万”, “1亿”, “(35)”, “35人”,
“三十五”) is reported at its own row and column, and no value after it moves."""

from __future__ import annotations

import random

import pytest

from assistant.checks import check_tables
from assistant.layouts import get_layout
from assistant.tables import parse_tables
from tests.factory import consistent_values, paste_text

BAD = ["3.5万", "1亿", "(35)", "（35）", "35人", "三十五"]


def _values(layout_id: str) -> dict:
    random.seed(7)
    values = consistent_values(get_layout(layout_id))
    return {t: {r: {c: str(v) for c, v in cols.items()} for r, cols in rows.items()} for t, rows in values.items()}


def _cells(ts, layout_id):
    layout = get_layout(layout_id)
    for table in layout.tables:
        for row in table.rows:
            for col in table.columns:
                cell = ts.tables.get(table.id).rows.get(row.id, {}).get(col.id) if table.id in ts.tables else None
                yield table, row, col, (cell.raw.strip() if cell is not None else None)


def _places(layout_id: str):
    """The first and the last cell of each table, and a middle one of 表三."""
    for table in get_layout(layout_id).tables:
        yield table.id, table.rows[0].id, table.columns[0].id
        yield table.id, table.rows[-1].id, table.columns[-1].id
    t3 = get_layout(layout_id).table("三")
    yield "三", t3.rows[len(t3.rows) // 2].id, t3.columns[3].id


@pytest.mark.parametrize("layout_id", ["2019", "2021"])
@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("sep", ["\t", "   "])
def test_a_bad_token_stays_in_its_cell_and_is_named_there(layout_id, bad, sep):
    for table_id, row_id, col_id in _places(layout_id):
        values = _values(layout_id)
        values[table_id][row_id][col_id] = bad
        ts = parse_tables(paste_text(layout_id, values, sep=sep))
        for table, row, col, got in _cells(ts, layout_id):
            assert got == values[table.id][row.id][col.id], (table.id, row.id, col.id, bad)
        errors = [f for f in check_tables(ts) if f.severity == "错误"]
        assert len(errors) >= 1
        named = [f for f in errors if f.rule == "cell.not_number"]
        assert len(named) == 1 and (named[0].table_id, named[0].row_id, named[0].column_id) == (table_id, row_id, col_id)
        assert f"“{bad}”" in named[0].message


def test_numbers_split_by_single_spaces_keep_their_columns():
    ts = parse_tables("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 3.5万 4 (5) 6 35人 三十五\n", layout="2021")
    row = ts.tables["三"].rows["new"]
    assert [c.raw for c in row.values()] == ["3", "3.5万", "4", "(5)", "6", "35人", "三十五"]


def test_label_numbering_and_prose_are_still_labels():
    """“(1)”/“1.” numbering a label, and number words in prose, stay text: nothing new is taken as a cell."""
    text = ("二、主动公开政府信息情况\n本年共制发规章 3.5万 件，较上年增长。\n"
            "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t2\t3\n行政规范性文件\t4\t5\t6\n")
    ts = parse_tables(text, layout="2021")
    assert not ts.unplaced
    assert [c.raw for c in ts.tables["二(一)"].rows["rules"].values()] == ["1", "2", "3"]
