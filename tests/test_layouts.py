"""The layout data against the reference notices, word for word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.layouts import all_layouts, get_layout, layout_for_year
from assistant.layouts.detect import detect_layout

REF = Path(__file__).resolve().parent.parent / "corpus" / "regulations"


def _md_rows(text: str, heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table after a line starting with `heading`."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith(heading))
    rows, seen = [], False
    for line in lines[start + 1:]:
        if line.startswith("|"):
            seen = True
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif seen:
            break
    return rows[1:]  # without the header row


def _path(cells: list[str]) -> list[str]:
    return [c for c in cells if c and c != "—"]


@pytest.mark.parametrize("layout_id,ref,heading,count", [
    ("2019", "report-format-2019.md", "**数据行（23 行）**", 23),
    ("2021", "report-format-2021.md", "**数据行（25 行，顺序固定）**", 25),
])
def test_table3_rows_word_for_word(layout_id, ref, heading, count):
    ref_rows = _md_rows((REF / ref).read_text(encoding="utf-8"), heading)
    table = get_layout(layout_id).table("三")
    assert len(ref_rows) == count == len(table.rows)
    for ref_row, row in zip(ref_rows, table.rows):
        assert _path(ref_row[1:]) == row.path


def test_table3_columns_word_for_word():
    ref_rows = _md_rows((REF / "report-format-2021.md").read_text(encoding="utf-8"), "**数据列（7 列，顺序固定）**")
    for layout in all_layouts():
        table = layout.table("三")
        assert [_path(r[1:]) for r in ref_rows] == [c.path for c in table.columns]


def test_table4_columns_word_for_word():
    ref_rows = _md_rows((REF / "report-format-2021.md").read_text(encoding="utf-8"), "**数据列（15 列，1 个数据行）**")
    for layout in all_layouts():
        table = layout.table("四")
        assert len(ref_rows) == 15
        assert [_path(r[1:]) for r in ref_rows] == [c.path for c in table.columns]


@pytest.mark.parametrize("layout_id,ref", [("2019", "report-format-2019.md"), ("2021", "report-format-2021.md")])
def test_table2_subtables_word_for_word(layout_id, ref):
    text = (REF / ref).read_text(encoding="utf-8")
    layout = get_layout(layout_id)
    subtables = [t for t in layout.tables if t.section == "二"]
    titles = re.findall(r"^\*\*(第二十条第（[一二三四五六七八九]）项)\*\*", text, flags=re.M)
    assert titles == [t.title for t in subtables]
    for table in subtables:
        lines = text.splitlines()
        i = next(k for k, l in enumerate(lines) if l.startswith(f"**{table.title}**"))
        header = next(l for l in lines[i + 1:] if l.startswith("|"))
        cols = [c.strip() for c in header.strip().strip("|").split("|")]
        assert cols[0] == table.corner == "信息内容"
        assert cols[1:] == [c.label for c in table.columns]
        assert [r[0] for r in _md_rows("\n".join(lines[i:]), f"**{table.title}**")] == [r.label for r in table.rows]


def test_cell_counts_match_reference_summary():
    # README 表格结构一览: 2019 表二 22 cells, 表三 161, 表四 15; 2021 表三 175, 表四 15. For 2021 表二 the
    # reference prints “9 个数据单元格（2×3 + 1 + 2 + 1）”, but that sum is 10: its own structure is what we follow.
    counts = {l.id: {} for l in all_layouts()}
    for layout in all_layouts():
        for t in layout.tables:
            counts[layout.id][t.section] = counts[layout.id].get(t.section, 0) + t.cell_count
    assert counts == {"2019": {"二": 22, "三": 161, "四": 15}, "2021": {"二": 2 * 3 + 1 + 2 + 1, "三": 175, "四": 15}}


def test_layout_by_year():
    assert layout_for_year(2019).id == "2019"
    assert layout_for_year(2020).id == "2019"
    assert layout_for_year(2021).id == "2021"
    assert layout_for_year(2030).id == "2021"


@pytest.mark.parametrize("text,expected", [
    ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "2021"),
    ("本年收费金额（单位：万元）", "2021"),
    ("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", "2021"),
    ("信息内容 本年新 制作数量", "2019"),
    ("上一年项目数量", "2019"),
    ("第二十条第(九)项", "2019"),
])
def test_detect_by_headers_beats_year(text, expected):
    other = 2020 if expected == "2021" else 2022
    det = detect_layout(text, year=other)
    assert det.layout.id == expected and det.source == "表头"
    assert [f.rule for f in det.findings] == ["layout.year_mismatch"]
    # A 2020 report in the newer layout is a 提醒; a 2022 report still in the 2019 layout is 错误 (the 2021 layout's
    # changeover year, 2021, is over — strict_after_years in its data).
    assert det.findings[0].severity == ("提醒" if expected == "2021" else "错误")


def test_explicit_choice_wins_and_mismatch_is_noted():
    det = detect_layout("本年制发件数", layout="2019")
    assert det.layout.id == "2019" and det.source == "用户指定"
    assert [f.rule for f in det.findings] == ["layout.choice_mismatch"]
    assert detect_layout("无表头", layout="2021").findings == []


def test_year_decides_without_headers():
    assert detect_layout("0 0 0", year=2020).layout.id == "2019"
    assert detect_layout("0 0 0", year=2023).layout.id == "2021"
    det = detect_layout("0 0 0")
    assert det.source == "默认" and det.findings[0].rule == "layout.undetermined"


def test_unknown_layout_is_chinese_error():
    with pytest.raises(KeyError, match="没有“2018”版式"):
        get_layout("2018")
