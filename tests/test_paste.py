"""Pasted text → tables: the seed exactly, and every shape of paste staff produce."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from assistant.checks import check_tables
from assistant.layouts import get_layout
from assistant.tables import parse_tables
from assistant.tables.paste import parse_paste
from assistant.tables.render import render_json, to_json
from tests.factory import consistent_values, paste_text


def raw_values(ts):
    return {tid: {rid: [c.raw for c in cells.values()] for rid, cells in t.rows.items()} for tid, t in ts.tables.items()}


def test_seed_tables_parse_exactly(seed_tables):
    ts = parse_paste(seed_tables)
    assert ts.layout == "2019" and ts.layout_source == "表头"
    layout = get_layout("2019")
    assert set(ts.tables) == {t.id for t in layout.tables}
    for table in layout.tables:
        assert list(ts.tables[table.id].rows) == [r.id for r in table.rows]
    proc = ts.tables["二(九)"].rows["procurement"]
    assert proc["purchases"].raw == "8,850" and proc["purchases"].value == Decimal(8850)
    assert proc["purchase_amount"].raw == "11,561,862,563.21"
    assert proc["purchase_amount"].value == Decimal("11561862563.21")
    # every other cell of the seed is printed as 0
    others = [c for tid, t in ts.tables.items() for rid, cells in t.rows.items() for c in cells.values()
              if tid != "二(九)"]
    assert len(others) == 20 + 161 + 15
    assert all(c.raw == "0" and c.kind == "number" and c.value == 0 for c in others)
    assert ts.unplaced == [] and ts.findings == []


def test_seed_tables_pass_all_checks(seed_tables):
    ts = parse_paste(seed_tables)
    assert check_tables(ts) == []
    # As a 2021 report (its real year) the only finding is the layout/year 提醒.
    findings = check_tables(parse_paste(seed_tables, year=2021))
    assert [(f.rule, f.severity) for f in findings] == [("layout.year_mismatch", "提醒")]


def test_seed_misaligned_lines_land_in_the_right_rows(seed_tables):
    assert "3.危及“三安全一稳定”\t\t0" in seed_tables  # the misaligned line is really there
    changed = seed_tables.replace("3.危及“三安全一稳定”\t\t0\t0", "3.危及“三安全一稳定”\t\t5\t0")
    ts = parse_paste(changed)
    assert ts.tables["三"].rows["withheld_security"]["natural"].value == 5
    assert ts.tables["三"].rows["withheld_law"]["natural"].value == 0


@pytest.mark.parametrize("layout_id", ["2019", "2021"])
@pytest.mark.parametrize("sep", ["\t", "   "])
def test_labelled_paste_round_trips(layout_id, sep):
    values = consistent_values(get_layout(layout_id))
    ts = parse_paste(paste_text(layout_id, values, sep=sep))
    assert ts.layout == layout_id
    assert raw_values(ts) == {t: {r: list(c.values()) for r, c in rows.items()} for t, rows in values.items()}
    assert check_tables(ts) == []


def test_wrapped_labels(tmp_path):
    values = consistent_values(get_layout("2021"))
    text = paste_text("2021", values, wrap=8)
    assert "（二）部分公开（\n区分处理" in text
    ts = parse_paste(text)
    assert raw_values(ts)["三"]["partial"] == list(values["三"]["partial"].values())
    assert raw_values(ts)["三"]["other_unpaid"] == list(values["三"]["other_unpaid"].values())
    assert check_tables(ts) == []


def test_pdf_style_lines_with_label_broken_around_numbers():
    values = consistent_values(get_layout("2021"))
    text = paste_text("2021", values, sep=" ")
    # pdfplumber prints the head of a long label, the numbers, then the rest of the label
    row = " ".join(values["三"]["refused_confirm"].values())
    text = text.replace(f"5.要求行政机关确认或重新出具已获取信息 {row}", f"5.要求行政机关确认或重新出具已 {row}\n获取信息")
    assert "5.要求行政机关确认或重新出具已 " in text
    ts = parse_paste(text)
    assert raw_values(ts)["三"]["refused_confirm"] == list(values["三"]["refused_confirm"].values())
    assert check_tables(ts) == []


def test_bare_stream_of_175_numbers_fills_table3_in_order():
    values = consistent_values(get_layout("2021"))
    numbers = [v for rid in values["三"] for v in values["三"][rid].values()]
    assert len(numbers) == 175
    text = "\n".join(" ".join(numbers[i:i + 20]) for i in range(0, 175, 20))
    ts = parse_paste(text, year=2023)
    assert ts.layout == "2021"
    assert raw_values(ts)["三"] == {r: list(c.values()) for r, c in values["三"].items()}
    findings = check_tables(ts)
    assert [f.rule for f in findings if f.severity == "错误"] == []
    assert any(f.rule == "parse.order_fill" for f in findings)


def test_bare_stream_with_wrong_count_is_kept_and_reported():
    ts = parse_paste("1 2 3 4 5", year=2023)
    assert [c.raw for c in ts.unplaced] == ["1", "2", "3", "4", "5"]
    f = [f for f in ts.findings if f.rule == "parse.bare_count"][0]
    assert f.severity == "错误" and "5 个数值" in f.message and "表三 175 个" in f.message


def test_header_then_unlabelled_rows_fill_in_order():
    values = consistent_values(get_layout("2021"))
    text = paste_text("2021", {"三": values["三"]})
    lines = text.splitlines()
    # drop the labels of 表三 rows 3.. onward (a PDF that lost them)
    stripped = lines[:4] + ["\t".join(l.split("\t")[1:]) for l in lines[4:]]
    ts = parse_paste("\n".join(stripped))
    assert raw_values(ts)["三"] == {r: list(c.values()) for r, c in values["三"].items()}


def test_blank_cell_is_not_zero(seed_tables):
    text = seed_tables.replace("规章\t0\t0\t0", "规章\t0\t\t0")
    ts = parse_paste(text)
    cell = ts.tables["二(一)"].rows["rules"]["published"]
    assert cell.kind == "blank" and cell.value is None
    findings = [f for f in check_tables(ts) if f.rule == "cell.blank"]
    assert len(findings) == 1
    assert findings[0].row == "规章" and findings[0].column == "本年新公开数量" and findings[0].severity == "错误"


def test_placeholders_are_kept_distinct(seed_tables):
    text = seed_tables.replace("规章\t0\t0\t0", "规章\t—\t/\t不适用")
    ts = parse_paste(text)
    kinds = [c.kind for c in ts.tables["二(一)"].rows["rules"].values()]
    assert kinds == ["dash", "slash", "not_applicable"]
    assert [f.rule for f in check_tables(ts)] == ["cell.placeholder"] * 3


def test_fullwidth_and_thousands(seed_tables):
    text = seed_tables.replace("政府集中采购\t8,850\t11,561,862,563.21", "政府集中采购\t８，８５０\t11561862563.21")
    cells = parse_paste(text).tables["二(九)"].rows["procurement"]
    assert cells["purchases"].value == 8850 and cells["purchase_amount"].value == Decimal("11561862563.21")


def test_mistyped_value_named_in_chinese(seed_tables):
    text = seed_tables.replace("4.保护第三方合法权益\t0\t0\t0\t0\t0", "4.保护第三方合法权益\t0\t0\t0\t0\t1O")
    findings = check_tables(parse_paste(text))
    assert [f.message for f in findings] == [
        "表三「三、本年度办理结果（三）不予公开 4.保护第三方合法权益」行「法律服务机构」列：“1O”不是整数"]


def test_extra_values_are_kept_and_reported(seed_tables):
    text = seed_tables.replace("规章\t0\t0\t0", "规章\t0\t0\t0\t9")
    ts = parse_paste(text)
    assert [c.raw for c in ts.unplaced] == ["9"]
    f = [f for f in ts.findings if f.rule == "parse.extra_values"][0]
    assert "「规章」行" in f.message and "“9”" in f.message and f.line is not None


def test_stray_values_are_reported_with_line():
    text = "说明 2021\n规章\t1\t2\t3\n"
    ts = parse_paste(text, layout="2021")
    assert [c.raw for c in ts.unplaced] == ["2021"]
    assert [f.line for f in ts.findings if f.rule == "parse.unplaced"] == [1]


def test_short_row_reports_missing_cells():
    ts = parse_paste("第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t2\n行政规范性文件\t1\t2\t3\n")
    assert ts.tables["二(一)"].rows["rules"]["in_force"].kind == "missing"
    blank = [f for f in check_tables(ts) if f.rule == "cell.blank"]
    assert [(f.row, f.column) for f in blank] == [("规章", "现行有效件数")]


def test_2021_variant_label_is_a_warning():
    ts = parse_paste("本年制发件数\n规章\t1\t0\t5\n规范性文件\t2\t1\t9\n")
    assert ts.tables["二(一)"].rows["normative"]["in_force"].value == 9
    f = [f for f in ts.findings if f.rule == "parse.label_variant"][0]
    assert f.severity == "提醒" and "行政规范性文件" in f.message


def test_duplicate_row_keeps_first_and_reports():
    ts = parse_paste("本年制发件数\n规章\t1\t0\t5\n规章\t2\t0\t6\n")
    assert ts.tables["二(一)"].rows["rules"]["issued"].value == 1
    assert [c.raw for c in ts.unplaced] == ["2", "0", "6"]
    assert any(f.rule == "parse.duplicate_row" for f in ts.findings)


def test_empty_and_garbage_input_do_not_crash():
    for text in ("", "   \n\n", "这不是表格。", "\x00\x01"):
        ts = parse_paste(text)
        assert ts.tables == {}
        assert any(f.rule == "parse.no_tables" for f in check_tables(ts))


def test_json_round_trip_and_simple_forms():
    values = consistent_values(get_layout("2021"))
    ts = parse_paste(paste_text("2021", values))
    again = parse_tables(render_json(ts))
    assert to_json(again)["tables"] == to_json(ts)["tables"]
    simple = {"layout": "2021", "tables": {
        "表三": {"一、本年新收政府信息公开申请数量": {"自然人": 3, "总计": 3}},
        "二(五)": {"licensing": [7]},
        "四": {"复议后起诉 总计": 1},
        "表二「第二十条第（八）项」": {"行政事业性收费": {"本年收费金额（单位：万元）": 1.25}},
    }}
    ts = parse_tables(json.dumps(simple, ensure_ascii=False))
    assert ts.value("三", "new", "natural") == 3
    assert ts.value("二(五)", "licensing", "decisions") == 7
    assert ts.value("四", "cases", "after_total") == 1
    assert ts.value("二(八)", "fees", "fee_amount") == Decimal("1.25")
    assert ts.tables["三"].rows["new"]["business"].kind == "missing"


def test_kv_form():
    text = "表三/一、本年新收政府信息公开申请数量/自然人 = 3\n行政许可/本年处理决定数量 = 4\n表四/复议后起诉 总计 = 1\n上一年项目数量/x = 1\n"
    ts = parse_tables(text, layout="2021")
    assert ts.value("三", "new", "natural") == 3
    assert ts.value("二(五)", "licensing", "decisions") == 4
    assert ts.value("四", "cases", "after_total") == 1
    bad = [f for f in ts.findings if f.rule == "parse.unknown_key"]
    assert len(bad) == 1 and bad[0].line == 4 and [c.raw for c in ts.unplaced] == ["1"]
    ts19 = parse_tables("行政许可/本年增/减 = -2\n", layout="2019")
    assert ts19.value("二(五)", "licensing", "change") == -2


def test_whole_seed_report_reads_only_its_tables(seed_text, seed_tables):
    ts = parse_paste(seed_text)
    assert ts.year == 2021
    assert raw_values(ts) == raw_values(parse_paste(seed_tables))
    assert [f.rule for f in check_tables(ts)] == ["layout.year_mismatch"]
